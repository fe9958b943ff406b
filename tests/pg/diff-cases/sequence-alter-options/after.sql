-- a sequence's type, increment, bounds, cache and cycle change
CREATE SEQUENCE counter AS integer INCREMENT BY 2 MINVALUE 1 MAXVALUE 50000 START WITH 1 CACHE 20 CYCLE;
