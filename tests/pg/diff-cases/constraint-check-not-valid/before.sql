CREATE TABLE readings (id integer, value integer);
INSERT INTO readings VALUES (1, -5);
