-- a new table with a primary key, defaults and NOT NULL columns
CREATE TABLE existing (id integer PRIMARY KEY);
CREATE TABLE customers (
  id bigint PRIMARY KEY,
  email text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  score numeric(8,2) DEFAULT 0,
  note varchar(200)
);
