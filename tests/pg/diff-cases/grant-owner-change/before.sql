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

CREATE TABLE invoices (id integer PRIMARY KEY, customer text, total numeric, notes text);
CREATE SEQUENCE invoice_numbers;

GRANT SELECT ON invoices TO sluice_app;
CREATE FUNCTION invoice_total(i integer) RETURNS numeric LANGUAGE sql AS 'SELECT 0::numeric';
CREATE TYPE invoice_state AS ENUM ('open', 'paid');
