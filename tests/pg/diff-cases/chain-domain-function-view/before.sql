CREATE TABLE readings (id integer PRIMARY KEY, celsius numeric);
