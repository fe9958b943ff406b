CREATE TABLE products (name varchar(50), sku varchar(20), price numeric(8,2));
INSERT INTO products VALUES ('a', 'b', 1.5);
