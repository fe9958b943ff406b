CREATE TABLE cache_entries (key text PRIMARY KEY, value jsonb);
INSERT INTO cache_entries VALUES ('a', '{}');
