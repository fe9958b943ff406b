-- a sequence used by a default is dropped, the default with it
CREATE TABLE orders (id integer, number bigint);
