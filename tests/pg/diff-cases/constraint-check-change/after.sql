-- a check constraint's expression changes
CREATE TABLE limits (n integer CONSTRAINT limits_n_check CHECK (n < 1000));
