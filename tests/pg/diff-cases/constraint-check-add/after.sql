-- check constraints added to a table with rows (NOT VALID then VALIDATE)
CREATE TABLE prices (id integer, amount numeric CONSTRAINT prices_amount_check CHECK (amount >= 0), currency text,
  CONSTRAINT prices_currency_check CHECK (currency IN ('EUR', 'USD')));
