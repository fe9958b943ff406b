-- Checks: a composite type gets an attribute added and one retyped (ALTER TYPE ADD/ALTER ATTRIBUTE).
CREATE TYPE address AS (street text, zip varchar(10), city text);
