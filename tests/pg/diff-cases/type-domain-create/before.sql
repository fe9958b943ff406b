CREATE TABLE prices (id integer PRIMARY KEY);
