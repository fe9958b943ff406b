CREATE TABLE contacts (id integer, email text, phone text NOT NULL);
INSERT INTO contacts VALUES (1, 'a@example.org', '1');
