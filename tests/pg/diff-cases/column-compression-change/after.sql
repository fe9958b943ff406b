-- a column's compression set, another one reset
CREATE TABLE docs (id integer, a text COMPRESSION pglz, b text);
