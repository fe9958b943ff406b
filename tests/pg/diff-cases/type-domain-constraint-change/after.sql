-- Checks: a domain CHECK constraint replaced by a stricter one.
CREATE DOMAIN percent AS integer CONSTRAINT percent_range CHECK (VALUE BETWEEN 0 AND 100);
CREATE TABLE scores (id integer PRIMARY KEY, value percent);
