CREATE TABLE prices (id integer, amount numeric, currency text);
INSERT INTO prices VALUES (1, 10, 'EUR');
