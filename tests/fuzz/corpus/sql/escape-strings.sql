INSERT INTO t VALUES (E'it\'s; fine', 'a'';b'); SELECT E'\\';
SELECT U&'\0041';
