-- Checks: a chain: a new domain used by a function used by a view, all created in order.
CREATE DOMAIN kelvin AS numeric CONSTRAINT kelvin_non_negative CHECK (VALUE >= 0);
CREATE TABLE readings (id integer PRIMARY KEY, celsius numeric);
CREATE FUNCTION to_kelvin(c numeric) RETURNS kelvin LANGUAGE sql IMMUTABLE AS 'SELECT (c + 273.15)::kelvin';
CREATE VIEW readings_k AS SELECT id, to_kelvin(celsius) AS k FROM readings;
