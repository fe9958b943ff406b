CREATE TABLE limits (n integer CONSTRAINT limits_n_check CHECK (n < 100));
