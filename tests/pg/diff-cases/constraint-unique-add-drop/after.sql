-- unique constraints added (one NULLS NOT DISTINCT, one deferrable) and dropped
CREATE TABLE users (id integer, email text, handle text,
  CONSTRAINT users_email_key UNIQUE NULLS NOT DISTINCT (email),
  CONSTRAINT users_id_key UNIQUE (id) DEFERRABLE INITIALLY DEFERRED);
