CREATE TABLE lines (qty integer, price integer, total integer GENERATED ALWAYS AS (qty * price) STORED);
INSERT INTO lines (qty, price) VALUES (2, 3);
