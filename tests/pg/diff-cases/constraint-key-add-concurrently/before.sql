CREATE TABLE members (id integer, email text, club text);
INSERT INTO members VALUES (1, 'a@example.org', 'x'), (2, 'b@example.org', NULL);
