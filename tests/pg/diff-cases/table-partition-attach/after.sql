-- a plain table is attached as a partition
CREATE TABLE sales (id bigint NOT NULL, sold_on date NOT NULL) PARTITION BY RANGE (sold_on);
CREATE TABLE sales_2025 PARTITION OF sales FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
