-- row level security enabled and forced on an existing table
CREATE TABLE documents (id integer, owner_name text);
ALTER TABLE documents ENABLE ROW LEVEL SECURITY;
ALTER TABLE documents FORCE ROW LEVEL SECURITY;
