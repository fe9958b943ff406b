-- a unique key referenced by a foreign key is made again: the foreign key is dropped before and added after
CREATE TABLE countries (code text, name text, CONSTRAINT countries_code_key UNIQUE NULLS NOT DISTINCT (code));
CREATE TABLE cities (id integer, country_code text REFERENCES countries (code));
