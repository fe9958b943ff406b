CREATE SCHEMA app;
CREATE TYPE app.mood AS ENUM ('sad', 'happy');
CREATE DOMAIN app.posint AS integer CONSTRAINT posint_check CHECK (VALUE > 0);
CREATE SEQUENCE app.counter;
CREATE TABLE app.people (id integer PRIMARY KEY, name text NOT NULL, mood app.mood, age app.posint,
                         CONSTRAINT people_name_check CHECK (name <> ''));
CREATE INDEX people_name_idx ON app.people (name);
CREATE VIEW app.people_v AS SELECT id, name FROM app.people;
CREATE MATERIALIZED VIEW app.people_mv AS SELECT id FROM app.people;
CREATE FUNCTION app.f() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
CREATE PROCEDURE app.p() LANGUAGE sql AS 'SELECT 1';
CREATE TRIGGER people_t BEFORE INSERT ON app.people FOR EACH ROW EXECUTE FUNCTION app.f();
ALTER TABLE app.people ENABLE ROW LEVEL SECURITY;
CREATE POLICY people_pol ON app.people USING (true);
CREATE COLLATION app.coll (provider = icu, locale = 'fr-FR');

COMMENT ON TABLE app.people IS 'People';
COMMENT ON COLUMN app.people.name IS 'Name';
COMMENT ON FUNCTION app.f() IS 'Old';
COMMENT ON VIEW app.people_v IS 'Gone soon';
