-- sluice-expects: none
SET lock_timeout = '2s';
SET statement_timeout = '60s';
-- The table was emptied and archived in migration 0041.
-- sluice:ignore drop-table
-- squawk-ignore ban-drop-table
DROP TABLE IF EXISTS archived_orders;
