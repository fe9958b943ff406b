-- the primary key changes columns; the foreign key on it is made again
CREATE TABLE parents (a integer NOT NULL, b integer NOT NULL, CONSTRAINT parents_pkey PRIMARY KEY (a, b));
CREATE TABLE children (id integer, parent_a integer);
