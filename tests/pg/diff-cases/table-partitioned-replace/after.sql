-- a plain table becomes partitioned: made again
CREATE TABLE readings (id bigint NOT NULL, at date NOT NULL) PARTITION BY RANGE (at);
CREATE TABLE readings_all PARTITION OF readings FOR VALUES FROM (MINVALUE) TO (MAXVALUE);
