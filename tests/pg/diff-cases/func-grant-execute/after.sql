-- Checks: EXECUTE revoked from PUBLIC and granted to a role.
DO $$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'sluice_app') THEN
    CREATE ROLE sluice_app;
  END IF;
END $$;

CREATE FUNCTION secret_sum(a integer, b integer) RETURNS integer LANGUAGE sql AS 'SELECT a + b';
REVOKE EXECUTE ON FUNCTION secret_sum(integer, integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION secret_sum(integer, integer) TO sluice_app;
