-- Checks: an extension updated to a newer version (ALTER EXTENSION UPDATE TO).
CREATE EXTENSION hstore VERSION '1.8';
