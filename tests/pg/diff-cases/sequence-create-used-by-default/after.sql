-- a new sequence used by the default of a live column
CREATE SEQUENCE order_numbers START WITH 1000;
CREATE TABLE orders (id integer, number bigint DEFAULT nextval('order_numbers'));
