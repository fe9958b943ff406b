CREATE SCHEMA legacy;
CREATE TABLE legacy.events (id integer PRIMARY KEY, payload text);
CREATE VIEW legacy.recent AS SELECT id FROM legacy.events WHERE id > 100;
