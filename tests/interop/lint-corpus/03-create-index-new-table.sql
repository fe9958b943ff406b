-- sluice-expects: none
SET lock_timeout = '2s';
SET statement_timeout = '60s';
CREATE TABLE IF NOT EXISTS invoices (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, order_id bigint NOT NULL, total numeric(12,2) NOT NULL DEFAULT 0);
CREATE INDEX IF NOT EXISTS invoices_order_id_idx ON invoices (order_id);
