CREATE DOMAIN short_code AS varchar(8) DEFAULT 'none' NOT NULL;
