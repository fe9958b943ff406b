-- an identity column becomes a plain one
CREATE TABLE tickets (id integer NOT NULL, title text);
