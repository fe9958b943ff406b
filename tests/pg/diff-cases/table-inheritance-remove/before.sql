CREATE TABLE animals (id integer NOT NULL, name text);
CREATE TABLE cats (id integer NOT NULL, name text, indoor boolean) INHERITS (animals);
