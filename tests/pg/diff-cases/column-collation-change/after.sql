-- a column's collation changes
CREATE TABLE names (id integer, name text COLLATE "POSIX", label text COLLATE "C");
