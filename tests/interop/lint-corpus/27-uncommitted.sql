-- sluice-expects: uncommitted-transaction
SET lock_timeout = '2s';
SET statement_timeout = '60s';
BEGIN;
ALTER TABLE orders ALTER COLUMN note SET DEFAULT '';
