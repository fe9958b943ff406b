-- Validate the foreign key added NOT VALID in 0011. VALIDATE CONSTRAINT
-- scans tickets under SHARE UPDATE EXCLUSIVE on tickets (and ROW SHARE on
-- sla_policies), so agents keep updating tickets while it runs.
-- There is no way to mark a constraint not valid again, so the down
-- section drops it and adds it back NOT VALID, exactly as 0011 left it.

-- sluice:up
ALTER TABLE tickets VALIDATE CONSTRAINT tickets_sla_policy_id_fkey;

-- sluice:down
ALTER TABLE tickets DROP CONSTRAINT tickets_sla_policy_id_fkey;
ALTER TABLE tickets
  ADD CONSTRAINT tickets_sla_policy_id_fkey
  FOREIGN KEY (sla_policy_id) REFERENCES sla_policies (id)
  NOT VALID;
