-- Checks: never granted compares equal to an explicit ACL equal to the default (GRANT then REVOKE); only the table comment changes.
DO $$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'sluice_app') THEN
    CREATE ROLE sluice_app;
  END IF;
END $$;

-- Each object was granted something once and had it revoked: PostgreSQL
-- keeps an explicit ACL equal to the default.
CREATE SCHEMA billing;
GRANT USAGE ON SCHEMA billing TO sluice_app;
REVOKE USAGE ON SCHEMA billing FROM sluice_app;

CREATE TABLE billing.invoices (id integer PRIMARY KEY, total numeric);
GRANT SELECT ON billing.invoices TO sluice_app;
REVOKE SELECT ON billing.invoices FROM sluice_app;

CREATE SEQUENCE billing.invoice_numbers;
GRANT USAGE ON SEQUENCE billing.invoice_numbers TO sluice_app;
REVOKE USAGE ON SEQUENCE billing.invoice_numbers FROM sluice_app;

CREATE VIEW billing.totals AS SELECT sum(total) AS total FROM billing.invoices;
GRANT SELECT ON billing.totals TO sluice_app;
REVOKE SELECT ON billing.totals FROM sluice_app;

CREATE TYPE billing.status AS ENUM ('open', 'paid');
REVOKE USAGE ON TYPE billing.status FROM PUBLIC;
GRANT USAGE ON TYPE billing.status TO PUBLIC;

CREATE FUNCTION billing.vat(amount numeric) RETURNS numeric
  LANGUAGE sql IMMUTABLE AS $$ SELECT amount * 0.2 $$;
REVOKE EXECUTE ON FUNCTION billing.vat(numeric) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION billing.vat(numeric) TO PUBLIC;

-- The one real change: the runner requires a case to change something.
COMMENT ON TABLE billing.invoices IS 'Issued invoices';
