CREATE TABLE sessions (id integer PRIMARY KEY);
INSERT INTO sessions VALUES (1), (2);
