CREATE TABLE paths (path text, depth integer, name text);
