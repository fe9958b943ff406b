-- Checks: a deferrable constraint trigger created, and one whose timing changes replaced.
CREATE TABLE ledger (id integer PRIMARY KEY, amount numeric NOT NULL);
CREATE FUNCTION check_balance() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RETURN NULL;
END
$$;
CREATE CONSTRAINT TRIGGER ledger_balanced AFTER INSERT OR UPDATE ON ledger
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION check_balance();
CREATE CONSTRAINT TRIGGER ledger_checked AFTER DELETE ON ledger
  DEFERRABLE FOR EACH ROW EXECUTE FUNCTION check_balance();
