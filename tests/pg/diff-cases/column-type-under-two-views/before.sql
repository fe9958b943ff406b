CREATE TABLE accounts (id integer PRIMARY KEY, balance integer);
CREATE VIEW positive_accounts AS SELECT id, balance FROM accounts WHERE balance > 0;
CREATE VIEW top_accounts AS SELECT id FROM positive_accounts ORDER BY balance DESC LIMIT 5;
