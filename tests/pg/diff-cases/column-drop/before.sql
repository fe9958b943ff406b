CREATE TABLE people (id integer PRIMARY KEY, nickname text CHECK (length(nickname) < 50), fax text, age integer);
CREATE INDEX people_nickname_idx ON people (nickname);
