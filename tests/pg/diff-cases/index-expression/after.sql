-- an expression index and a multi-column one
CREATE TABLE users (id integer, email text, last_name text, first_name text);
CREATE UNIQUE INDEX users_lower_email_idx ON users (lower(email));
CREATE INDEX users_names_idx ON users (last_name, first_name);
