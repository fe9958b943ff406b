-- a generated column's expression changes (dropped and added again)
CREATE TABLE people (first text, last text, full_name text GENERATED ALWAYS AS (last || ', ' || first) STORED);
