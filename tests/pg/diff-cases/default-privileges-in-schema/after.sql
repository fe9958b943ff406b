-- Checks: default privileges for tables and sequences in a schema, then a table created there.
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

CREATE SCHEMA reporting;
ALTER DEFAULT PRIVILEGES FOR ROLE sluice_owner IN SCHEMA reporting GRANT SELECT ON TABLES TO sluice_app;
ALTER DEFAULT PRIVILEGES FOR ROLE sluice_owner IN SCHEMA reporting GRANT USAGE ON SEQUENCES TO sluice_app;
