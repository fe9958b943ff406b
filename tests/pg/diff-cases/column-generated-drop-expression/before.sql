CREATE TABLE circles (r double precision, area double precision GENERATED ALWAYS AS (3.14159 * r * r) STORED);
