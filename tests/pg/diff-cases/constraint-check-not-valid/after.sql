-- a check constraint that stays NOT VALID in the target
CREATE TABLE readings (id integer, value integer);
ALTER TABLE readings ADD CONSTRAINT readings_value_check CHECK (value >= 0) NOT VALID;
