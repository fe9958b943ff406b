-- Checks: a publication whose tables and options change (ALTER PUBLICATION SET).
CREATE TABLE orders (id integer PRIMARY KEY, total numeric, note text);
CREATE TABLE customers (id integer PRIMARY KEY, name text);

CREATE PUBLICATION feed FOR TABLE customers, orders WITH (publish = 'insert', publish_via_partition_root = true);
