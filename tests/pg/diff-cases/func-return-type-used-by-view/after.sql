-- Checks: a function whose result type changes is dropped and created again, with the view that calls it.
CREATE FUNCTION answer() RETURNS bigint LANGUAGE sql IMMUTABLE AS 'SELECT 42::bigint';
CREATE VIEW answers AS SELECT answer() AS value;
