-- a foreign key's action changes (dropped and added again)
CREATE TABLE a (id integer PRIMARY KEY);
CREATE TABLE b (id integer, a_id integer CONSTRAINT b_a_fkey REFERENCES a (id) ON DELETE RESTRICT);
