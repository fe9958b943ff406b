-- a partitioned table and its partitions are dropped
CREATE TABLE kept (id integer);
