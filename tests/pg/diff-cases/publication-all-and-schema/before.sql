CREATE TABLE orders (id integer PRIMARY KEY, total numeric, note text);
CREATE TABLE customers (id integer PRIMARY KEY, name text);

CREATE PUBLICATION old_feed FOR TABLE customers;
