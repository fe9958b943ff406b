-- Checks: view privileges granted and its owner changed.
DO $$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'sluice_reader') THEN
    CREATE ROLE sluice_reader;
  END IF;
END $$;
DO $$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'sluice_owner') THEN
    CREATE ROLE sluice_owner;
  END IF;
END $$;

CREATE TABLE customers (id integer PRIMARY KEY, name text NOT NULL, country text, active boolean NOT NULL DEFAULT true);

CREATE VIEW directory AS SELECT id, name FROM customers;
GRANT SELECT ON directory TO sluice_reader;
ALTER VIEW directory OWNER TO sluice_owner;
