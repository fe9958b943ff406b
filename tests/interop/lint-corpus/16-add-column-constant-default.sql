-- sluice-expects: none
SET lock_timeout = '2s';
SET statement_timeout = '60s';
ALTER TABLE orders ADD COLUMN IF NOT EXISTS currency text NOT NULL DEFAULT 'EUR';
ALTER TABLE orders ADD COLUMN IF NOT EXISTS imported_at timestamptz DEFAULT now();
