-- Checks: a domain default changed and NOT NULL dropped (ALTER DOMAIN).
CREATE DOMAIN short_code AS varchar(8) DEFAULT 'n/a';
