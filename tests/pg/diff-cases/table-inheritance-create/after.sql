-- a new inheritance child with a column of its own
CREATE TABLE vehicles (id integer NOT NULL, name text);
CREATE TABLE trucks (payload_kg integer) INHERITS (vehicles);
