-- a new unlogged table
CREATE TABLE other (id integer);
CREATE UNLOGGED TABLE scratch (id integer, payload text);
