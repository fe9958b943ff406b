-- a retyped column with an index, a unique constraint and a check on it
CREATE TABLE codes (id integer PRIMARY KEY, code bigint UNIQUE CHECK (code > 0));
CREATE INDEX codes_code_idx ON codes (code) WHERE code > 10;
