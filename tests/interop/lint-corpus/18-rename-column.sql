-- sluice-expects: rename-column
SET lock_timeout = '2s';
SET statement_timeout = '60s';
ALTER TABLE customers RENAME COLUMN phone TO phone_number;
