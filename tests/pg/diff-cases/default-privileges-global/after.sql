-- Checks: database-wide default privileges: EXECUTE on functions revoked from PUBLIC, USAGE on types.
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

ALTER DEFAULT PRIVILEGES FOR ROLE sluice_owner REVOKE EXECUTE ON FUNCTIONS FROM PUBLIC;
ALTER DEFAULT PRIVILEGES FOR ROLE sluice_owner GRANT EXECUTE ON FUNCTIONS TO sluice_app;
ALTER DEFAULT PRIVILEGES FOR ROLE sluice_owner GRANT USAGE ON SCHEMAS TO sluice_app;
