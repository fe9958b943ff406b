CREATE TABLE existing (id integer PRIMARY KEY);
