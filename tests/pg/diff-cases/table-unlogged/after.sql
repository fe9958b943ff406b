-- a permanent table becomes unlogged
CREATE UNLOGGED TABLE cache_entries (key text PRIMARY KEY, value jsonb);
