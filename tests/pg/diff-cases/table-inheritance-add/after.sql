-- an existing table starts inheriting from a parent
CREATE TABLE animals (id integer NOT NULL, name text);
CREATE TABLE dogs (id integer NOT NULL, name text, breed text) INHERITS (animals);
