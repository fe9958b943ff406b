CREATE TABLE docs_old (id integer PRIMARY KEY, owner_name text NOT NULL, public boolean NOT NULL DEFAULT false);

ALTER TABLE docs_old ENABLE ROW LEVEL SECURITY;
CREATE POLICY readable ON docs_old FOR SELECT USING (public);
