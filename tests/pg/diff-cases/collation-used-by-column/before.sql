CREATE TABLE tags (id integer PRIMARY KEY);
