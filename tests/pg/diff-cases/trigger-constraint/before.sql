CREATE TABLE ledger (id integer PRIMARY KEY, amount numeric NOT NULL);
CREATE FUNCTION check_balance() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RETURN NULL;
END
$$;
CREATE CONSTRAINT TRIGGER ledger_balanced AFTER INSERT ON ledger
  FOR EACH ROW EXECUTE FUNCTION check_balance();
