-- a serial column added: its sequence, default and ownership
CREATE TABLE notes (body text, id serial);
