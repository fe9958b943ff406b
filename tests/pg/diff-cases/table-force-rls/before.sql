CREATE TABLE documents (id integer, owner_name text);
