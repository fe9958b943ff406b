CREATE TABLE tokens (value text, created_at timestamptz);
CREATE INDEX tokens_value_idx ON tokens (value);
CREATE INDEX tokens_created_idx ON tokens (created_at);
