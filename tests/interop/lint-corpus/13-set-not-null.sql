-- sluice-expects: set-not-null-scan
SET lock_timeout = '2s';
SET statement_timeout = '60s';
ALTER TABLE customers ALTER COLUMN email SET NOT NULL;
