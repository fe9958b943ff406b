-- Checks: schema privileges granted and revoked, and its owner changed.
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

CREATE SCHEMA api;
GRANT USAGE, CREATE ON SCHEMA api TO sluice_app;
CREATE SCHEMA work AUTHORIZATION sluice_owner;
GRANT USAGE ON SCHEMA work TO PUBLIC;
