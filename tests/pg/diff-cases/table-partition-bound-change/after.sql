-- a partition's bound changes: detached and attached again
CREATE TABLE events (id bigint NOT NULL, at date NOT NULL) PARTITION BY RANGE (at);
CREATE TABLE events_q1 PARTITION OF events FOR VALUES FROM ('2025-01-01') TO ('2025-07-01');
