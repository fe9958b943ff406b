-- Checks: a policy whose command and kind change is dropped and created.
CREATE TABLE documents (id integer PRIMARY KEY, owner_name text NOT NULL, public boolean NOT NULL DEFAULT false);

ALTER TABLE documents ENABLE ROW LEVEL SECURITY;
CREATE POLICY documents_p ON documents AS RESTRICTIVE FOR DELETE USING (NOT public);
