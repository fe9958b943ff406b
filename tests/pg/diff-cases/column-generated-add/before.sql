CREATE TABLE boxes (w integer, h integer);
INSERT INTO boxes VALUES (2, 3);
