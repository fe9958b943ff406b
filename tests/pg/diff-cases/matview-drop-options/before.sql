CREATE TABLE sales (id integer PRIMARY KEY, region text NOT NULL, amount numeric NOT NULL);
INSERT INTO sales VALUES (1, 'north', 10), (2, 'south', 20);

CREATE MATERIALIZED VIEW a_mv AS SELECT id FROM sales;
CREATE MATERIALIZED VIEW b_mv AS SELECT region FROM sales;
