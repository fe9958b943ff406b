-- Checks: a view created with a comment, another dropped.
CREATE TABLE customers (id integer PRIMARY KEY, name text NOT NULL, country text, active boolean NOT NULL DEFAULT true);

CREATE VIEW active_customers AS SELECT id, name FROM customers WHERE active;
COMMENT ON VIEW active_customers IS 'Only the active ones';
