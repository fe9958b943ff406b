-- opclasses, DESC NULLS FIRST and a collation in an index key
CREATE TABLE paths (path text, depth integer, name text);
CREATE INDEX paths_path_pattern_idx ON paths (path text_pattern_ops);
CREATE INDEX paths_depth_desc_idx ON paths (depth DESC NULLS LAST, name COLLATE "C" NULLS FIRST);
