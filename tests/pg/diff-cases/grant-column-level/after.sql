-- Checks: column-level privileges granted and revoked.
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

GRANT SELECT (id, customer, total) ON invoices TO sluice_reader;
GRANT UPDATE (notes, total) ON invoices TO sluice_app;
GRANT INSERT (notes) ON invoices TO PUBLIC;
