-- a covering index with INCLUDE columns
CREATE TABLE orders (id integer, customer_id integer, total numeric, status text);
CREATE UNIQUE INDEX orders_id_covering_idx ON orders (id) INCLUDE (total, status);
