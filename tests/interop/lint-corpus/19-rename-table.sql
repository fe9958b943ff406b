-- sluice-expects: rename-table
SET lock_timeout = '2s';
SET statement_timeout = '60s';
ALTER TABLE order_lines RENAME TO order_items;
