-- Service level agreements: how fast an organization promises to answer
-- and solve a ticket of each priority. Every organization starts with the
-- same defaults.
-- tickets.sla_policy_id gets its foreign key NOT VALID: new and updated
-- rows are checked from now on, but the existing rows are not scanned
-- while the lock on tickets is held. 0012 backfills the column and 0013
-- validates the constraint under a lock that lets writes go on.

-- sluice:up
CREATE TABLE sla_policies (
  id                      bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  organization_id         bigint NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
  priority                ticket_priority NOT NULL,
  first_response_minutes  integer NOT NULL
                          CONSTRAINT sla_policies_first_response_positive CHECK (first_response_minutes > 0),
  resolution_minutes      integer NOT NULL,
  CONSTRAINT sla_policies_resolution_after_response CHECK (resolution_minutes >= first_response_minutes),
  UNIQUE (organization_id, priority)
);

INSERT INTO sla_policies (organization_id, priority, first_response_minutes, resolution_minutes)
SELECT o.id, d.priority, d.first_response_minutes, d.resolution_minutes
FROM organizations AS o
CROSS JOIN (VALUES ('low'::ticket_priority, 1440, 10080),
                   ('normal'::ticket_priority, 480, 4320),
                   ('high'::ticket_priority, 120, 1440),
                   ('urgent'::ticket_priority, 30, 240))
           AS d (priority, first_response_minutes, resolution_minutes)
ORDER BY o.id, d.priority;

ALTER TABLE tickets ADD COLUMN sla_policy_id bigint;

ALTER TABLE tickets
  ADD CONSTRAINT tickets_sla_policy_id_fkey
  FOREIGN KEY (sla_policy_id) REFERENCES sla_policies (id)
  NOT VALID;

-- sluice:down
ALTER TABLE tickets DROP COLUMN sla_policy_id;
DROP TABLE sla_policies;
