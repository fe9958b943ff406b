DO $$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'sluice_reader') THEN
    CREATE ROLE sluice_reader;
  END IF;
END $$;

CREATE TABLE customers (id integer PRIMARY KEY, name text NOT NULL, country text, active boolean NOT NULL DEFAULT true);

CREATE VIEW contacts WITH (security_barrier = true) AS SELECT id, name, country FROM customers;
GRANT SELECT ON contacts TO sluice_reader;
COMMENT ON VIEW contacts IS 'Who to call';
