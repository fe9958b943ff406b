-- sluice-expects: refresh-matview-not-concurrently
SET lock_timeout = '2s';
SET statement_timeout = '60s';
REFRESH MATERIALIZED VIEW sales_by_day;
