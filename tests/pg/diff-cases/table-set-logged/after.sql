-- an unlogged table becomes permanent
CREATE TABLE staging (id integer, payload text);
