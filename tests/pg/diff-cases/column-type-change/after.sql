-- integer to bigint, text to integer (USING), integer to text
CREATE TABLE items (id bigint PRIMARY KEY, qty integer, code text);
