-- Checks: a domain with a default, NOT NULL and a CHECK constraint, used by a column.
CREATE DOMAIN money_amount AS numeric(12,2) DEFAULT 0 NOT NULL CONSTRAINT money_amount_positive CHECK (VALUE >= 0);
CREATE TABLE prices (id integer PRIMARY KEY, amount money_amount);
