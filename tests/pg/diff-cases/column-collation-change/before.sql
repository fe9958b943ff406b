CREATE TABLE names (id integer, name text COLLATE "C", label text);
