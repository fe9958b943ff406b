CREATE TABLE documents (id integer PRIMARY KEY, owner_name text NOT NULL, public boolean NOT NULL DEFAULT false);

ALTER TABLE documents ENABLE ROW LEVEL SECURITY;
CREATE POLICY documents_p ON documents FOR SELECT USING (public);
