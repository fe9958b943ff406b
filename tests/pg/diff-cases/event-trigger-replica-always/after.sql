-- Checks: event triggers enabled for replicas and always.
CREATE FUNCTION log_ddl() RETURNS event_trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE NOTICE 'ddl: %', tg_tag;
END
$$;

CREATE EVENT TRIGGER et_r ON ddl_command_end EXECUTE FUNCTION log_ddl();
ALTER EVENT TRIGGER et_r ENABLE REPLICA;
CREATE EVENT TRIGGER et_a ON ddl_command_end EXECUTE FUNCTION log_ddl();
ALTER EVENT TRIGGER et_a ENABLE ALWAYS;
