CREATE TABLE jobs (id integer, state text, run_at timestamptz);
CREATE INDEX jobs_failed_idx ON jobs (run_at) WHERE state = 'failed';
