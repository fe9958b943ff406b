-- Checks: an enum label removed: the type is rebuilt and its columns (with defaults) converted.
CREATE TYPE job_status AS ENUM ('queued', 'running', 'done');
CREATE TABLE jobs (id integer PRIMARY KEY, status job_status NOT NULL DEFAULT 'queued');
