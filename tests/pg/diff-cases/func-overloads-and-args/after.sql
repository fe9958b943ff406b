-- Checks: overloads: one dropped, one with renamed arguments recreated, one set-returning added.
CREATE FUNCTION area(radius double precision) RETURNS double precision LANGUAGE sql AS 'SELECT pi() * radius * radius';
CREATE FUNCTION area(w double precision, h double precision) RETURNS double precision LANGUAGE sql AS 'SELECT w * h';
CREATE FUNCTION series(n integer) RETURNS SETOF integer LANGUAGE sql ROWS 10 AS 'SELECT generate_series(1, n)';
