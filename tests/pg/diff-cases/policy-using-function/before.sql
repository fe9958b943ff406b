CREATE TABLE notes (id integer PRIMARY KEY, author text NOT NULL);
CREATE FUNCTION is_author(a text) RETURNS boolean LANGUAGE sql STABLE AS 'SELECT a = current_user';
ALTER TABLE notes ENABLE ROW LEVEL SECURITY;
CREATE POLICY notes_author ON notes USING (is_author(author));
