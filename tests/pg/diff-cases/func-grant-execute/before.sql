DO $$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'sluice_app') THEN
    CREATE ROLE sluice_app;
  END IF;
END $$;

CREATE FUNCTION secret_sum(a integer, b integer) RETURNS integer LANGUAGE sql AS 'SELECT a + b';
