-- Checks: a function that gains an argument is another function (old one dropped, new one created), next to a trigger whose function is unchanged.
CREATE TABLE audit_me (id integer PRIMARY KEY);
CREATE FUNCTION audit_fn() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
CREATE TRIGGER audit_me_t AFTER INSERT ON audit_me FOR EACH ROW EXECUTE FUNCTION audit_fn();
CREATE FUNCTION helper(x integer, y integer DEFAULT 0) RETURNS integer LANGUAGE sql AS 'SELECT x + y';
