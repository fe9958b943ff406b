-- Keep updated_at honest: the database sets it on every UPDATE that
-- changes the row, whatever client wrote it.

-- sluice:up
CREATE FUNCTION touch_updated_at() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF NEW IS DISTINCT FROM OLD THEN
    NEW.updated_at := now();
  END IF;
  RETURN NEW;
END;
$$;

CREATE TRIGGER organizations_touch_updated_at
  BEFORE UPDATE ON organizations
  FOR EACH ROW EXECUTE FUNCTION touch_updated_at();

CREATE TRIGGER users_touch_updated_at
  BEFORE UPDATE ON users
  FOR EACH ROW EXECUTE FUNCTION touch_updated_at();

CREATE TRIGGER tickets_touch_updated_at
  BEFORE UPDATE ON tickets
  FOR EACH ROW EXECUTE FUNCTION touch_updated_at();

-- sluice:down
DROP TRIGGER tickets_touch_updated_at ON tickets;
DROP TRIGGER users_touch_updated_at ON users;
DROP TRIGGER organizations_touch_updated_at ON organizations;
DROP FUNCTION touch_updated_at();
