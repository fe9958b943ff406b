-- sluice-expects: drop-column
SET lock_timeout = '2s';
SET statement_timeout = '60s';
ALTER TABLE customers DROP COLUMN IF EXISTS fax;
