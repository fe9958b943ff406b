-- Checks: a publication left without tables (ALTER PUBLICATION DROP TABLE).
CREATE TABLE orders (id integer PRIMARY KEY, total numeric, note text);
CREATE TABLE customers (id integer PRIMARY KEY, name text);

CREATE PUBLICATION feed;
