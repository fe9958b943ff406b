-- a column's statistics target set and another reset
CREATE TABLE stats (a integer, b integer);
ALTER TABLE stats ALTER COLUMN a SET STATISTICS 1000;
