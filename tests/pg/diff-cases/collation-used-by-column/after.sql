-- Checks: a collation created and used by a new column (dependency chain).
CREATE COLLATION german (provider = icu, locale = 'de-DE');
CREATE TABLE tags (id integer PRIMARY KEY, label text COLLATE german);
