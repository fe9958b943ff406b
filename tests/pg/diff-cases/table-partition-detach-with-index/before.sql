CREATE TABLE sales (id bigint NOT NULL, sold_on date NOT NULL, amount numeric CHECK (amount >= 0), PRIMARY KEY (id, sold_on)) PARTITION BY RANGE (sold_on);
CREATE INDEX sales_amount_idx ON sales (amount);
CREATE TABLE sales_2020 PARTITION OF sales FOR VALUES FROM ('2020-01-01') TO ('2021-01-01');
CREATE TABLE sales_2021 PARTITION OF sales FOR VALUES FROM ('2021-01-01') TO ('2022-01-01');
