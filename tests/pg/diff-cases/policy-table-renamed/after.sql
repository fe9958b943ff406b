-- Checks: a policy on a table renamed: across databases the table and its policy are dropped and created.
CREATE TABLE docs (id integer PRIMARY KEY, owner_name text NOT NULL, public boolean NOT NULL DEFAULT false);

ALTER TABLE docs ENABLE ROW LEVEL SECURITY;
CREATE POLICY readable ON docs FOR SELECT USING (public);
