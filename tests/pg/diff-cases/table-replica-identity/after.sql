-- replica identity full and nothing, and back to default
CREATE TABLE a (id integer);
ALTER TABLE a REPLICA IDENTITY FULL;
CREATE TABLE b (id integer);
CREATE TABLE c (id integer);
ALTER TABLE c REPLICA IDENTITY NOTHING;
