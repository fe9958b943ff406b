-- Checks: a composite type created and another dropped.
CREATE TYPE point3 AS (x double precision, y double precision, z double precision);
