-- Checks: USAGE on a type revoked from PUBLIC and granted to a role.
DO $$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'sluice_app') THEN
    CREATE ROLE sluice_app;
  END IF;
END $$;

CREATE TYPE secret_level AS ENUM ('low', 'high');
REVOKE USAGE ON TYPE secret_level FROM PUBLIC;
GRANT USAGE ON TYPE secret_level TO sluice_app;
