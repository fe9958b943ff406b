-- sluice-expects: vacuum-full, cluster
SET lock_timeout = '2s';
SET statement_timeout = '60s';
VACUUM FULL orders;
CLUSTER orders USING orders_pkey;
