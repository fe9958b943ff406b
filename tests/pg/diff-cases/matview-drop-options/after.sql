-- Checks: a materialized view dropped, another one gets storage options.
CREATE TABLE sales (id integer PRIMARY KEY, region text NOT NULL, amount numeric NOT NULL);
INSERT INTO sales VALUES (1, 'north', 10), (2, 'south', 20);

CREATE MATERIALIZED VIEW b_mv WITH (fillfactor = 70, autovacuum_enabled = false) AS SELECT region FROM sales;
