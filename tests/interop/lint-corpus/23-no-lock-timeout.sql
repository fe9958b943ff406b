-- sluice-expects: missing-lock-timeout
ALTER TABLE orders ADD COLUMN IF NOT EXISTS note text;
