-- Checks: an event trigger created with a tag filter and a comment.
CREATE FUNCTION log_ddl() RETURNS event_trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE NOTICE 'ddl: %', tg_tag;
END
$$;

CREATE EVENT TRIGGER log_table_ddl ON ddl_command_end WHEN TAG IN ('CREATE TABLE', 'ALTER TABLE')
  EXECUTE FUNCTION log_ddl();
COMMENT ON EVENT TRIGGER log_table_ddl IS 'Logs table changes';
