-- Checks: a SQL-standard body function (BEGIN ATOMIC) over a table, body changed.
CREATE TABLE accounts (id integer PRIMARY KEY, balance numeric NOT NULL DEFAULT 0);
CREATE FUNCTION total_balance() RETURNS numeric LANGUAGE sql STABLE
BEGIN ATOMIC
  SELECT coalesce(sum(balance), 0) FROM accounts WHERE balance > 0;
END;
CREATE FUNCTION account_count() RETURNS bigint LANGUAGE sql STABLE RETURN (SELECT count(*) FROM accounts);
