-- Checks: an INSTEAD OF trigger on a view.
CREATE TABLE notes (id integer PRIMARY KEY, body text);
CREATE VIEW notes_v AS SELECT id, body FROM notes;
CREATE FUNCTION notes_v_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO notes VALUES (NEW.id, NEW.body);
  RETURN NEW;
END
$$;
CREATE TRIGGER notes_v_insert INSTEAD OF INSERT ON notes_v FOR EACH ROW EXECUTE FUNCTION notes_v_insert();
