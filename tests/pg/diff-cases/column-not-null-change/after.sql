-- NOT NULL set on one column and dropped on another
CREATE TABLE contacts (id integer, email text NOT NULL, phone text);
