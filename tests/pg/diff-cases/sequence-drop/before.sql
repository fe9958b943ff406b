CREATE SEQUENCE order_numbers;
CREATE TABLE orders (id integer, number bigint DEFAULT nextval('order_numbers'));
