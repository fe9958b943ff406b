-- Customers on the enterprise plan asked who changed a ticket and when.
-- An AFTER trigger writes the old and new row as jsonb; it runs in the
-- same transaction as the change, so the log cannot miss one.

-- sluice:up
CREATE TABLE audit_log (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  table_name  text NOT NULL,
  row_id      bigint NOT NULL,
  action      text NOT NULL CONSTRAINT audit_log_action_known CHECK (action IN ('INSERT', 'UPDATE', 'DELETE')),
  changed_by  text NOT NULL DEFAULT current_user,
  changed_at  timestamptz NOT NULL DEFAULT now(),
  old_row     jsonb,
  new_row     jsonb
);

CREATE INDEX audit_log_table_row_idx ON audit_log (table_name, row_id);

CREATE FUNCTION audit_ticket_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO audit_log (table_name, row_id, action, new_row)
    VALUES (TG_TABLE_NAME, NEW.id, TG_OP, to_jsonb(NEW));
  ELSIF TG_OP = 'UPDATE' THEN
    INSERT INTO audit_log (table_name, row_id, action, old_row, new_row)
    VALUES (TG_TABLE_NAME, NEW.id, TG_OP, to_jsonb(OLD), to_jsonb(NEW));
  ELSE
    INSERT INTO audit_log (table_name, row_id, action, old_row)
    VALUES (TG_TABLE_NAME, OLD.id, TG_OP, to_jsonb(OLD));
  END IF;
  RETURN NULL;
END;
$$;

CREATE TRIGGER tickets_audit
  AFTER INSERT OR UPDATE OR DELETE ON tickets
  FOR EACH ROW EXECUTE FUNCTION audit_ticket_change();

-- sluice:down
DROP TRIGGER tickets_audit ON tickets;
DROP FUNCTION audit_ticket_change();
DROP TABLE audit_log;
