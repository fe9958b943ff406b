-- a primary key added to a table with rows
CREATE TABLE tags (id integer NOT NULL PRIMARY KEY, name text);
