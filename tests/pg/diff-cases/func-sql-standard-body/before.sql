CREATE TABLE accounts (id integer PRIMARY KEY, balance numeric NOT NULL DEFAULT 0);
CREATE FUNCTION total_balance() RETURNS numeric LANGUAGE sql STABLE
BEGIN ATOMIC
  SELECT sum(balance) FROM accounts;
END;
