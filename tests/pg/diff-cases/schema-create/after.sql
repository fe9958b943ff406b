-- Checks: a new schema with a comment and a table in it.
CREATE SCHEMA sales;
COMMENT ON SCHEMA sales IS 'Everything the shop sells';
CREATE TABLE sales.items (id integer PRIMARY KEY, name text NOT NULL);
