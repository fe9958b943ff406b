-- Checks: a function body and volatility changed (CREATE OR REPLACE).
CREATE FUNCTION greeting(who text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT 'Hello, ' || who || '!' $$;
