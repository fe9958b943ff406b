CREATE TABLE sales (id bigint NOT NULL, sold_on date NOT NULL, PRIMARY KEY (id, sold_on)) PARTITION BY RANGE (sold_on);
CREATE INDEX sales_sold_on_idx ON sales (sold_on);
CREATE TABLE sales_2019 (id bigint NOT NULL, sold_on date NOT NULL);
INSERT INTO sales_2019 VALUES (1, '2019-05-01');
