-- a primary key on a nullable column and unique keys on a live table: indexes built CONCURRENTLY, then adopted USING INDEX
CREATE TABLE members (id integer PRIMARY KEY, email text, club text,
  CONSTRAINT members_email_key UNIQUE (email),
  CONSTRAINT members_club_email_key UNIQUE NULLS NOT DISTINCT (club, email));
