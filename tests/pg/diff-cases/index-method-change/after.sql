-- an index changes method from btree to hash, another to brin
CREATE TABLE tokens (value text, created_at timestamptz);
CREATE INDEX tokens_value_idx ON tokens USING hash (value);
CREATE INDEX tokens_created_idx ON tokens USING brin (created_at) WITH (pages_per_range = 32);
