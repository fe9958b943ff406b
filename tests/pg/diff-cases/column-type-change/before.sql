CREATE TABLE items (id integer PRIMARY KEY, qty text, code integer);
INSERT INTO items VALUES (1, '5', 10), (2, '7', 20);
