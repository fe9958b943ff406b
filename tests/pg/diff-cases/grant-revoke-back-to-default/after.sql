-- Checks: an explicit ACL equal to the default (GRANT then REVOKE) compares equal to never granted; only the table comment changes.
DO $$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'sluice_app') THEN
    CREATE ROLE sluice_app;
  END IF;
END $$;

CREATE SCHEMA billing;

CREATE TABLE billing.invoices (id integer PRIMARY KEY, total numeric);

CREATE SEQUENCE billing.invoice_numbers;

CREATE VIEW billing.totals AS SELECT sum(total) AS total FROM billing.invoices;

CREATE TYPE billing.status AS ENUM ('open', 'paid');

CREATE FUNCTION billing.vat(amount numeric) RETURNS numeric
  LANGUAGE sql IMMUTABLE AS $$ SELECT amount * 0.2 $$;

-- The one real change: the runner requires a case to change something.
COMMENT ON TABLE billing.invoices IS 'Issued invoices';
