-- sluice-expects: update-delete-without-where
SET lock_timeout = '2s';
SET statement_timeout = '60s';
UPDATE orders SET currency = 'EUR';
