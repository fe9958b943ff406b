CREATE UNLOGGED TABLE staging (id integer, payload text);
