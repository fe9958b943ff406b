-- Checks: a function whose argument default changes is dropped and created again with the view that calls it.
CREATE FUNCTION apply_factor(v numeric, factor numeric DEFAULT 10) RETURNS numeric LANGUAGE sql IMMUTABLE AS 'SELECT v * factor';
CREATE VIEW scaled AS SELECT apply_factor(2) AS two;
