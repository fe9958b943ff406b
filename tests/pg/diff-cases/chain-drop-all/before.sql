CREATE SCHEMA calc;
CREATE TYPE calc.unit AS ENUM ('m', 'km');
CREATE FUNCTION calc.to_m(v numeric, u calc.unit) RETURNS numeric LANGUAGE sql AS $$ SELECT CASE u WHEN 'km' THEN v * 1000 ELSE v END $$;
CREATE VIEW calc.sample AS SELECT calc.to_m(1, 'km') AS meters;
