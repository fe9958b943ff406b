CREATE TABLE docs (id integer, a text, b text COMPRESSION pglz);
