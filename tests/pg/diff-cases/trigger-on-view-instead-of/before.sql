CREATE TABLE notes (id integer PRIMARY KEY, body text);
CREATE VIEW notes_v AS SELECT id, body FROM notes;
