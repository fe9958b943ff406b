-- sluice-expects: add-column-not-null-without-default
SET lock_timeout = '2s';
SET statement_timeout = '60s';
ALTER TABLE orders ADD COLUMN IF NOT EXISTS channel text NOT NULL;
