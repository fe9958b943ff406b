CREATE TABLE customers (id integer PRIMARY KEY, name text NOT NULL, country text, active boolean NOT NULL DEFAULT true);

CREATE VIEW v1 WITH (security_barrier = true) AS SELECT id, name FROM customers;
CREATE VIEW v2 AS SELECT id, name, active FROM customers WHERE active;
