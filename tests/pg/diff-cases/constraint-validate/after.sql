-- NOT VALID constraints become valid
CREATE TABLE a (id integer PRIMARY KEY);
CREATE TABLE b (id integer, a_id integer, n integer);
ALTER TABLE b ADD CONSTRAINT b_a_fkey FOREIGN KEY (a_id) REFERENCES a (id);
ALTER TABLE b ADD CONSTRAINT b_n_check CHECK (n > 0);
