CREATE TYPE job_status AS ENUM ('queued', 'running', 'obsolete', 'done');
CREATE TABLE jobs (id integer PRIMARY KEY, status job_status NOT NULL DEFAULT 'queued');
INSERT INTO jobs VALUES (1, 'queued'), (2, 'done');
