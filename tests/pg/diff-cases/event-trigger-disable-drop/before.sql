CREATE FUNCTION log_ddl() RETURNS event_trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE NOTICE 'ddl: %', tg_tag;
END
$$;

CREATE EVENT TRIGGER et_a ON ddl_command_start EXECUTE FUNCTION log_ddl();
CREATE EVENT TRIGGER et_b ON sql_drop EXECUTE FUNCTION log_ddl();
CREATE EVENT TRIGGER et_c ON ddl_command_end WHEN TAG IN ('CREATE INDEX') EXECUTE FUNCTION log_ddl();
