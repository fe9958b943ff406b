CREATE TABLE orders (id integer, number bigint);
