-- Point every existing ticket at the SLA policy of its organization and
-- priority. The foreign key added NOT VALID in 0011 already checks these
-- writes; 0013 then proves the old rows are fine too.

-- sluice:up
UPDATE tickets AS t
SET sla_policy_id = p.id
FROM sla_policies AS p
WHERE p.organization_id = t.organization_id
  AND p.priority = t.priority
  AND t.sla_policy_id IS NULL;

-- sluice:down
UPDATE tickets SET sla_policy_id = NULL WHERE sla_policy_id IS NOT NULL;
