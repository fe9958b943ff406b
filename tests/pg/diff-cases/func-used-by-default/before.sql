CREATE FUNCTION next_code() RETURNS text LANGUAGE sql AS $$ SELECT 'A-' || floor(random() * 1000)::text $$;
CREATE TABLE orders (id integer PRIMARY KEY, code text DEFAULT next_code());
