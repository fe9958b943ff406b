-- a column with a volatile default (rewrites the table)
CREATE TABLE sessions (id integer PRIMARY KEY, token uuid NOT NULL DEFAULT gen_random_uuid(), started_at timestamptz DEFAULT clock_timestamp());
