-- Checks: a view whose filter changes and that gains a column at the end (CREATE OR REPLACE VIEW).
CREATE TABLE customers (id integer PRIMARY KEY, name text NOT NULL, country text, active boolean NOT NULL DEFAULT true);

CREATE VIEW active_customers AS SELECT id, name, country FROM customers WHERE active AND country IS NOT NULL;
