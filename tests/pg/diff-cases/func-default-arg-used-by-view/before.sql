CREATE FUNCTION apply_factor(v numeric, factor numeric DEFAULT 1) RETURNS numeric LANGUAGE sql IMMUTABLE AS 'SELECT v * factor';
CREATE VIEW scaled AS SELECT apply_factor(2) AS two;
