CREATE TABLE sales (id bigint NOT NULL, sold_on date NOT NULL) PARTITION BY RANGE (sold_on);
CREATE TABLE sales_2025 (id bigint NOT NULL, sold_on date NOT NULL);
INSERT INTO sales_2025 VALUES (1, '2025-03-01');
