CREATE FUNCTION greeting(who text) RETURNS text LANGUAGE sql AS $$ SELECT 'Hello ' || who $$;
