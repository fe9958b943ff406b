CREATE TABLE vehicles (id integer NOT NULL, name text);
