-- storage parameters set, changed and reset
CREATE TABLE hot (id integer) WITH (fillfactor = 90, autovacuum_vacuum_scale_factor = 0.01);
CREATE TABLE cold (id integer) WITH (toast_tuple_target = 256, parallel_workers = 2);
