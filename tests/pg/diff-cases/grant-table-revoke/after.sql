-- Checks: table privileges granted, changed and revoked; sequence USAGE granted.
DO $$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'sluice_app') THEN
    CREATE ROLE sluice_app;
  END IF;
END $$;
DO $$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'sluice_reader') THEN
    CREATE ROLE sluice_reader;
  END IF;
END $$;

CREATE TABLE invoices (id integer PRIMARY KEY, customer text, total numeric, notes text);
CREATE SEQUENCE invoice_numbers;

GRANT SELECT, INSERT, UPDATE ON invoices TO sluice_app;
GRANT SELECT, REFERENCES ON invoices TO sluice_reader;
GRANT USAGE, SELECT ON SEQUENCE invoice_numbers TO sluice_app;
