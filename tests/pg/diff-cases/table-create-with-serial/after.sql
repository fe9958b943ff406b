-- a new table with serial columns: the sequences first, the table, then OWNED BY
CREATE TABLE other (id integer);
CREATE TABLE posts (id bigserial PRIMARY KEY, position serial, title text NOT NULL);
