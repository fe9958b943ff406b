-- sluice-expects: drop-table
SET lock_timeout = '2s';
SET statement_timeout = '60s';
DROP TABLE IF EXISTS legacy_orders;
