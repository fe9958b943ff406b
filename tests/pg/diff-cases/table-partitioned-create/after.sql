-- a range-partitioned table with partitions, a default partition and a key
CREATE TABLE other (id integer);
CREATE TABLE measurements (
  id bigint NOT NULL,
  taken_on date NOT NULL,
  value double precision,
  PRIMARY KEY (id, taken_on)
) PARTITION BY RANGE (taken_on);
CREATE TABLE measurements_2024 PARTITION OF measurements FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
CREATE TABLE measurements_2025 PARTITION OF measurements FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
CREATE TABLE measurements_other PARTITION OF measurements DEFAULT;
