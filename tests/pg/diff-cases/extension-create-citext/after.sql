-- Checks: an extension created, its type used by a new column.
CREATE EXTENSION citext;
CREATE TABLE users (id integer PRIMARY KEY, email citext UNIQUE);
