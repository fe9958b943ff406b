-- Checks: a function used by a column default: body changed, and a new function used by a new default (dependency chain).
CREATE FUNCTION next_code() RETURNS text LANGUAGE sql AS $$ SELECT 'B-' || floor(random() * 1000)::text $$;
CREATE FUNCTION today_utc() RETURNS date LANGUAGE sql STABLE AS $$ SELECT (now() AT TIME ZONE 'UTC')::date $$;
CREATE TABLE orders (id integer PRIMARY KEY, code text DEFAULT next_code(), placed date DEFAULT today_utc());
