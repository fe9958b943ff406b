-- a table referenced by a kept table's foreign key is dropped with the key
CREATE TABLE users (id integer PRIMARY KEY, plan_id integer);
