CREATE TABLE authors (id integer PRIMARY KEY, code text UNIQUE);
CREATE TABLE books (id integer PRIMARY KEY, author_id integer, author_code text);
INSERT INTO authors VALUES (1, 'a');
INSERT INTO books VALUES (1, 1, 'a');
