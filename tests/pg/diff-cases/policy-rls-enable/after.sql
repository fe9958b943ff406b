-- Checks: row-level security enabled (and forced) with permissive and restrictive policies.
DO $$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'sluice_app') THEN
    CREATE ROLE sluice_app;
  END IF;
END $$;

CREATE TABLE documents (id integer PRIMARY KEY, owner_name text NOT NULL, public boolean NOT NULL DEFAULT false);

ALTER TABLE documents ENABLE ROW LEVEL SECURITY;
ALTER TABLE documents FORCE ROW LEVEL SECURITY;
CREATE POLICY documents_own ON documents FOR ALL TO sluice_app
  USING (owner_name = current_user) WITH CHECK (owner_name = current_user);
CREATE POLICY documents_public ON documents FOR SELECT USING (public);
CREATE POLICY documents_no_drafts ON documents AS RESTRICTIVE FOR UPDATE TO PUBLIC USING (id > 0);
COMMENT ON POLICY documents_own ON documents IS 'Owners see their rows';
