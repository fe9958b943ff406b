CREATE TABLE codes (id integer PRIMARY KEY, code integer UNIQUE CHECK (code > 0));
CREATE INDEX codes_code_idx ON codes (code) WHERE code > 10;
INSERT INTO codes VALUES (1, 5), (2, 50);
