-- Checks: an event trigger disabled, another dropped, a third one replaced for its new tags.
CREATE FUNCTION log_ddl() RETURNS event_trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE NOTICE 'ddl: %', tg_tag;
END
$$;

CREATE EVENT TRIGGER et_a ON ddl_command_start EXECUTE FUNCTION log_ddl();
ALTER EVENT TRIGGER et_a DISABLE;
CREATE EVENT TRIGGER et_c ON ddl_command_end WHEN TAG IN ('CREATE INDEX', 'DROP INDEX') EXECUTE FUNCTION log_ddl();
