-- a column used by a generated column changes type: the generated column is dropped and added again
CREATE TABLE lines (qty integer, price numeric(10,2), total integer GENERATED ALWAYS AS (qty * price) STORED);
