-- a partition is detached into a plain table
CREATE TABLE sales (id bigint NOT NULL, sold_on date NOT NULL) PARTITION BY RANGE (sold_on);
CREATE TABLE sales_2020 (id bigint NOT NULL, sold_on date NOT NULL);
