CREATE TABLE accounts (id integer PRIMARY KEY);
INSERT INTO accounts SELECT generate_series(1, 100);
