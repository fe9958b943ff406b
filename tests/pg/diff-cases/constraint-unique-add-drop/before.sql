CREATE TABLE users (id integer, email text, handle text, CONSTRAINT users_handle_key UNIQUE (handle));
