-- Checks: a materialized view whose query changes is dropped and created (its data is lost).
CREATE TABLE sales (id integer PRIMARY KEY, region text NOT NULL, amount numeric NOT NULL);
INSERT INTO sales VALUES (1, 'north', 10), (2, 'south', 20);

CREATE MATERIALIZED VIEW totals AS SELECT sum(amount) AS total, count(*) AS n FROM sales;
