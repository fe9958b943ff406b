-- a sequence stops being owned by a column, which is then dropped
CREATE SEQUENCE tickets_id_seq AS integer;
CREATE TABLE tickets (title text);
