-- Checks: a function replaced for its new result type gets its comment, owner and privileges again.
DO $$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'sluice_app') THEN
    CREATE ROLE sluice_app;
  END IF;
END $$;
DO $$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'sluice_owner') THEN
    CREATE ROLE sluice_owner;
  END IF;
END $$;

CREATE FUNCTION price_of(item integer) RETURNS numeric LANGUAGE sql AS 'SELECT item * 1.00';
REVOKE EXECUTE ON FUNCTION price_of(integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION price_of(integer) TO sluice_app;
COMMENT ON FUNCTION price_of(integer) IS 'Currency units';
ALTER FUNCTION price_of(integer) OWNER TO sluice_owner;
