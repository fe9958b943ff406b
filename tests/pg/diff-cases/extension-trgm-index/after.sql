-- Checks: pg_trgm created and a GIN index with its operator class.
CREATE EXTENSION pg_trgm;
CREATE TABLE products (id integer PRIMARY KEY, title text NOT NULL);
CREATE INDEX products_title_trgm ON products USING gin (title gin_trgm_ops);
COMMENT ON EXTENSION pg_trgm IS 'Fuzzy search of product titles';
