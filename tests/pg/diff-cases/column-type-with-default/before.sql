CREATE TABLE flags (id integer, active integer DEFAULT 1, level text DEFAULT '3');
INSERT INTO flags VALUES (1, 0, '2');
