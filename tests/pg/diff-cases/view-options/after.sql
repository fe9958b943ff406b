-- Checks: view options set and reset (security_barrier, check_option, security_invoker).
CREATE TABLE customers (id integer PRIMARY KEY, name text NOT NULL, country text, active boolean NOT NULL DEFAULT true);

CREATE VIEW v1 AS SELECT id, name FROM customers;
CREATE VIEW v2 WITH (check_option = local, security_invoker = true) AS SELECT id, name, active FROM customers WHERE active;
