-- GIN and GiST indexes
CREATE TABLE docs (id integer, body jsonb, tags text[], area box);
CREATE INDEX docs_body_idx ON docs USING gin (body jsonb_path_ops);
CREATE INDEX docs_tags_idx ON docs USING gin (tags);
CREATE INDEX docs_area_idx ON docs USING gist (area);
