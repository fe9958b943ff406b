CREATE TABLE slots (a integer, b integer);
CREATE UNIQUE INDEX slots_a_b_idx ON slots (a, b);
