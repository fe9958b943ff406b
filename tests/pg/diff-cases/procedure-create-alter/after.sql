-- Checks: a procedure created, another changed, a third dropped.
CREATE TABLE log (id serial PRIMARY KEY, msg text);
CREATE PROCEDURE write_log(m text) LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO log (msg) VALUES (upper(m));
  COMMIT;
END
$$;
CREATE PROCEDURE truncate_log(keep integer DEFAULT 0) LANGUAGE sql AS $$ DELETE FROM log WHERE id > keep $$;
COMMENT ON PROCEDURE truncate_log(integer) IS 'Keeps the first rows';
