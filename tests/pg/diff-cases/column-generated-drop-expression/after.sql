-- a generated column becomes a plain one
CREATE TABLE circles (r double precision, area double precision);
