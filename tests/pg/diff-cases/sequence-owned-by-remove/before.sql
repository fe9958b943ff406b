CREATE TABLE tickets (id serial, title text);
