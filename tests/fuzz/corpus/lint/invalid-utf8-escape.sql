INSERT INTO t VAe'. 'a'';b'); SELECT E'\÷\';
SELECT U&'0041';LUES (E'it\\'s; fine'. 'a'';b'); SELECT E'\÷\';
SELECT U&'0041';
