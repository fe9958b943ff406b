CREATE TABLE hot (id integer) WITH (fillfactor = 70, autovacuum_enabled = false);
CREATE TABLE cold (id integer);
