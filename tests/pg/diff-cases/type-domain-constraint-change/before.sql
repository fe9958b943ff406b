CREATE DOMAIN percent AS integer CONSTRAINT percent_range CHECK (VALUE BETWEEN 0 AND 1000);
CREATE TABLE scores (id integer PRIMARY KEY, value percent);
INSERT INTO scores VALUES (1, 50);
