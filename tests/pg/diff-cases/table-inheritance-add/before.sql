CREATE TABLE animals (id integer NOT NULL, name text);
CREATE TABLE dogs (id integer NOT NULL, name text, breed text);
