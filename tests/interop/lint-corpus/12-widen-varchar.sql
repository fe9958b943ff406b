-- sluice-expects: none
SET lock_timeout = '2s';
SET statement_timeout = '60s';
ALTER TABLE customers ALTER COLUMN name TYPE varchar(500);
ALTER TABLE customers ALTER COLUMN notes TYPE text;
