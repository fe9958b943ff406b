CREATE TABLE blobs (id integer, body text, meta jsonb);
ALTER TABLE blobs ALTER COLUMN meta SET STORAGE EXTERNAL;
