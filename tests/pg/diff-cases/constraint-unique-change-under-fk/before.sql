CREATE TABLE countries (code text, name text, CONSTRAINT countries_code_key UNIQUE (code));
CREATE TABLE cities (id integer, country_code text REFERENCES countries (code));
INSERT INTO countries VALUES ('fr', 'France');
INSERT INTO cities VALUES (1, 'fr');
