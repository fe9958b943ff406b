CREATE TABLE t (a integer);
CREATE INDEX t_a_idx ON t (a) WITH (fillfactor = 90);
