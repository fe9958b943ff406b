-- a plain table attached under a partitioned table with a key and an index: it gets them
CREATE TABLE sales (id bigint NOT NULL, sold_on date NOT NULL, PRIMARY KEY (id, sold_on)) PARTITION BY RANGE (sold_on);
CREATE INDEX sales_sold_on_idx ON sales (sold_on);
CREATE TABLE sales_2019 (id bigint NOT NULL, sold_on date NOT NULL);
ALTER TABLE sales ATTACH PARTITION sales_2019 FOR VALUES FROM ('2019-01-01') TO ('2020-01-01');
