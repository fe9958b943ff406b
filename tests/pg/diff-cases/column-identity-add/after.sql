-- a plain column becomes an identity column
CREATE TABLE tickets (id integer GENERATED ALWAYS AS IDENTITY, title text);
