-- a sequence with every option
CREATE TABLE other (id integer);
CREATE SEQUENCE invoice_numbers AS integer INCREMENT BY 5 MINVALUE 100 MAXVALUE 100000 START WITH 200 CACHE 10 CYCLE;
