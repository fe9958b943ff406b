-- Checks: a function made SECURITY DEFINER with a search_path setting and a cost.
CREATE FUNCTION audit_user() RETURNS text LANGUAGE sql SECURITY DEFINER COST 5
  SET search_path = pg_catalog, pg_temp AS $$ SELECT current_user::text $$;
