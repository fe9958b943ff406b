CREATE TABLE notes (body text);
INSERT INTO notes VALUES ('a'), ('b');
