CREATE SEQUENCE counter AS bigint INCREMENT BY 1 START WITH 1;
SELECT nextval('counter');
