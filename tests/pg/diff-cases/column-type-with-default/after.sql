-- a type change that needs USING on a column with a default
CREATE TABLE flags (id integer, active boolean DEFAULT true, level integer DEFAULT 3);
