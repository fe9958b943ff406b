-- Checks: a policy calling a function: the function body changes in place, a new policy uses a new function.
CREATE TABLE notes (id integer PRIMARY KEY, author text NOT NULL);
CREATE FUNCTION is_author(a text) RETURNS boolean LANGUAGE sql STABLE AS 'SELECT a = current_user OR a = session_user';
CREATE FUNCTION is_admin() RETURNS boolean LANGUAGE sql STABLE AS $$ SELECT current_user = 'admin' $$;
ALTER TABLE notes ENABLE ROW LEVEL SECURITY;
CREATE POLICY notes_author ON notes USING (is_author(author));
CREATE POLICY notes_admin ON notes FOR DELETE USING (is_admin());
