-- Checks: an extension created in its own schema, used by a table in another.
CREATE SCHEMA ext;
CREATE EXTENSION hstore WITH SCHEMA ext;
CREATE TABLE docs (id integer PRIMARY KEY, attrs ext.hstore);
