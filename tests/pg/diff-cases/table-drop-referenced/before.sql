CREATE TABLE plans (id integer PRIMARY KEY);
CREATE TABLE users (id integer PRIMARY KEY, plan_id integer REFERENCES plans (id));
