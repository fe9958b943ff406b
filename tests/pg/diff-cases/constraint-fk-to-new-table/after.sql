-- a live table gets a foreign key to a new table
CREATE TABLE currencies (code text PRIMARY KEY);
CREATE TABLE orders (id integer PRIMARY KEY, currency text REFERENCES currencies (code));
