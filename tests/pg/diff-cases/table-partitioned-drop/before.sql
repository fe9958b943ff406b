CREATE TABLE kept (id integer);
CREATE TABLE metrics (id bigint NOT NULL, at date NOT NULL) PARTITION BY RANGE (at);
CREATE TABLE metrics_a PARTITION OF metrics FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
CREATE TABLE metrics_b PARTITION OF metrics FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
CREATE INDEX metrics_at_idx ON metrics (at);
