-- defaults set, changed and dropped
CREATE TABLE settings (a integer DEFAULT 42, b text DEFAULT 'y', c timestamptz);
