CREATE TABLE kept (id integer PRIMARY KEY);
CREATE TABLE doomed (id integer PRIMARY KEY, kept_id integer REFERENCES kept (id), label text);
CREATE INDEX doomed_label_idx ON doomed (label);
INSERT INTO kept VALUES (1);
INSERT INTO doomed VALUES (1, 1, 'x');
