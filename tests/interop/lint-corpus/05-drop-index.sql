-- sluice-expects: drop-index-not-concurrently
SET lock_timeout = '2s';
SET statement_timeout = '60s';
DROP INDEX IF EXISTS orders_status_idx;
