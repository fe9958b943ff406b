-- Checks: a trigger created with its function, another dropped.
CREATE TABLE items (id integer PRIMARY KEY, name text, updated_at timestamptz);
CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.updated_at := now();
  RETURN NEW;
END
$$;

CREATE TRIGGER items_touch BEFORE INSERT OR UPDATE OF name ON items FOR EACH ROW
  WHEN (NEW.name IS NOT NULL) EXECUTE FUNCTION touch();
COMMENT ON TRIGGER items_touch ON items IS 'Keeps updated_at';
