CREATE TABLE staff (id integer, name text, salary integer);
CREATE VIEW staff_pay AS SELECT id, salary FROM staff;
CREATE VIEW staff_names AS SELECT id, name FROM staff;
