-- storage set to external and main, and back to the default
CREATE TABLE blobs (id integer, body text, meta jsonb);
ALTER TABLE blobs ALTER COLUMN body SET STORAGE MAIN;
