-- a partial index added and another's predicate changed
CREATE TABLE jobs (id integer, state text, run_at timestamptz);
CREATE INDEX jobs_failed_idx ON jobs (run_at) WHERE state IN ('failed', 'dead');
CREATE INDEX jobs_pending_idx ON jobs (run_at) WHERE state = 'pending';
