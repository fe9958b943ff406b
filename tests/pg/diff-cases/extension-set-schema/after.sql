-- Checks: a relocatable extension moved to another schema (ALTER EXTENSION SET SCHEMA).
CREATE SCHEMA ext;
CREATE EXTENSION citext WITH SCHEMA ext;
