-- Checks: a view over a view: the base view loses a column, so both are dropped and created again.
CREATE TABLE customers (id integer PRIMARY KEY, name text NOT NULL, country text, active boolean NOT NULL DEFAULT true);

CREATE VIEW base_v AS SELECT id, name FROM customers;
CREATE VIEW top_v AS SELECT id, name FROM base_v WHERE id < 100;
