CREATE TABLE sales (id integer PRIMARY KEY, region text NOT NULL, amount numeric NOT NULL);
INSERT INTO sales VALUES (1, 'north', 10), (2, 'south', 20);

CREATE MATERIALIZED VIEW big_sales AS SELECT id, amount FROM sales WHERE amount > 15 WITH NO DATA;
