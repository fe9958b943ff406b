CREATE TABLE users (id integer, email text, last_name text, first_name text);
