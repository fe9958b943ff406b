-- Checks: row-level security disabled and its policies dropped.
CREATE TABLE documents (id integer PRIMARY KEY, owner_name text NOT NULL, public boolean NOT NULL DEFAULT false);
