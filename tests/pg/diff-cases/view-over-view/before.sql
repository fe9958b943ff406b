CREATE TABLE customers (id integer PRIMARY KEY, name text NOT NULL, country text, active boolean NOT NULL DEFAULT true);

CREATE VIEW base_v AS SELECT id, name, country FROM customers;
CREATE VIEW top_v AS SELECT id, name FROM base_v WHERE id < 100;
