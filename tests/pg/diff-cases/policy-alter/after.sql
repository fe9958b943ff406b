-- Checks: a policy whose roles and expressions change (ALTER POLICY).
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

CREATE TABLE documents (id integer PRIMARY KEY, owner_name text NOT NULL, public boolean NOT NULL DEFAULT false);

ALTER TABLE documents ENABLE ROW LEVEL SECURITY;
CREATE POLICY documents_read ON documents FOR SELECT TO sluice_app, sluice_reader USING (public OR owner_name = current_user);
CREATE POLICY documents_write ON documents FOR INSERT TO sluice_app WITH CHECK (owner_name = session_user);
