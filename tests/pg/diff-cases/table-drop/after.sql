-- a table with rows, an index and a foreign key to it is dropped
CREATE TABLE kept (id integer PRIMARY KEY);
INSERT INTO kept VALUES (1);
