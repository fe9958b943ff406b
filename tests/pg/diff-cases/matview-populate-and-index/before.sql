CREATE TABLE sales (id integer PRIMARY KEY, region text NOT NULL, amount numeric NOT NULL);
INSERT INTO sales VALUES (1, 'north', 10), (2, 'south', 20);

CREATE MATERIALIZED VIEW m1 AS SELECT id, amount FROM sales WITH NO DATA;
CREATE INDEX m1_id ON m1 (id);
CREATE MATERIALIZED VIEW m2 AS SELECT id FROM sales;
