-- Checks: a publication of two tables, one with a column list and a row filter.
CREATE TABLE orders (id integer PRIMARY KEY, total numeric, note text);
CREATE TABLE customers (id integer PRIMARY KEY, name text);

CREATE PUBLICATION orders_feed FOR TABLE orders (id, total) WHERE (total > 0), customers
  WITH (publish = 'insert, update');
COMMENT ON PUBLICATION orders_feed IS 'For the warehouse';
