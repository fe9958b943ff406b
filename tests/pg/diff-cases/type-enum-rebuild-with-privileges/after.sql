-- Checks: an enum whose labels are reordered is rebuilt, and gets its comment and privileges again.
DO $$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'sluice_app') THEN
    CREATE ROLE sluice_app;
  END IF;
END $$;

CREATE TYPE size AS ENUM ('small', 'medium', 'large');
REVOKE USAGE ON TYPE size FROM PUBLIC;
GRANT USAGE ON TYPE size TO sluice_app;
COMMENT ON TYPE size IS 'T-shirt sizes';
CREATE TABLE shirts (id integer PRIMARY KEY, size size DEFAULT 'medium');
