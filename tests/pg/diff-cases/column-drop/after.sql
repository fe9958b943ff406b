-- columns dropped, one with an index and a check on it
CREATE TABLE people (id integer PRIMARY KEY, age integer);
