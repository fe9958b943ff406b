-- Checks: an enum created and another dropped.
CREATE TYPE priority AS ENUM ('low', 'normal', 'high');
COMMENT ON TYPE priority IS 'How soon';
