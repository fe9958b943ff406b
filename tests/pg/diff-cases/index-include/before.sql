CREATE TABLE orders (id integer, customer_id integer, total numeric, status text);
