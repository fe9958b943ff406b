CREATE TABLE stats (a integer, b integer);
ALTER TABLE stats ALTER COLUMN b SET STATISTICS 500;
