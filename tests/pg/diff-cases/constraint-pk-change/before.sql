CREATE TABLE parents (a integer NOT NULL, b integer NOT NULL, CONSTRAINT parents_pkey PRIMARY KEY (a));
CREATE TABLE children (id integer, parent_a integer REFERENCES parents (a));
