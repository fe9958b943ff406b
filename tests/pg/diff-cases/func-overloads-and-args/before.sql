CREATE FUNCTION area(r double precision) RETURNS double precision LANGUAGE sql AS 'SELECT pi() * r * r';
CREATE FUNCTION area(w double precision, h double precision) RETURNS double precision LANGUAGE sql AS 'SELECT w * h';
CREATE FUNCTION area(s integer) RETURNS integer LANGUAGE sql AS 'SELECT s * s';
