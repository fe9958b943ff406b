CREATE FUNCTION audit_user() RETURNS text LANGUAGE sql AS $$ SELECT current_user::text $$;
