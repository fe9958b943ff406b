-- an index on a partitioned table reaches its partitions
CREATE TABLE visits (id bigint NOT NULL, at date NOT NULL, page text) PARTITION BY RANGE (at);
CREATE TABLE visits_2025 PARTITION OF visits FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
CREATE INDEX visits_page_idx ON visits (page);
