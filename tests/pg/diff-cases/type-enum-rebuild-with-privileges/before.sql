DO $$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'sluice_app') THEN
    CREATE ROLE sluice_app;
  END IF;
END $$;

CREATE TYPE size AS ENUM ('small', 'large', 'medium');
REVOKE USAGE ON TYPE size FROM PUBLIC;
GRANT USAGE ON TYPE size TO sluice_app;
COMMENT ON TYPE size IS 'T-shirt sizes';
CREATE TABLE shirts (id integer PRIMARY KEY, size size DEFAULT 'medium');
INSERT INTO shirts VALUES (1, 'small'), (2, 'large');
