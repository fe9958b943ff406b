-- a column dropped with the view that reads it; another view on the table stays
CREATE TABLE staff (id integer, name text);
CREATE VIEW staff_names AS SELECT id, name FROM staff;
