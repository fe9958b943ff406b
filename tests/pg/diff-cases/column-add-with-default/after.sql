-- columns added with constant defaults, one NOT NULL, to a table with rows
CREATE TABLE accounts (id integer PRIMARY KEY, status text NOT NULL DEFAULT 'active', limit_cents bigint DEFAULT 1000, tags text[] DEFAULT '{}');
