-- Tickets: a request from a customer, handled by an agent of the same
-- organization. Foreign keys get their own indexes: PostgreSQL does not
-- create them, and deleting a user would otherwise scan every ticket.

-- sluice:up
CREATE TABLE tickets (
  id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  organization_id  bigint NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
  requester_id     bigint NOT NULL REFERENCES users (id),
  assignee_id      bigint REFERENCES users (id) ON DELETE SET NULL,
  subject          text NOT NULL
                   CONSTRAINT tickets_subject_length CHECK (char_length(subject) BETWEEN 1 AND 200),
  body             text NOT NULL DEFAULT '',
  status           ticket_status NOT NULL DEFAULT 'new',
  priority         ticket_priority NOT NULL DEFAULT 'normal',
  created_at       timestamptz NOT NULL DEFAULT now(),
  updated_at       timestamptz NOT NULL DEFAULT now(),
  solved_at        timestamptz,
  CONSTRAINT tickets_solved_after_created CHECK (solved_at IS NULL OR solved_at >= created_at)
);

CREATE INDEX tickets_organization_id_idx ON tickets (organization_id);
CREATE INDEX tickets_requester_id_idx ON tickets (requester_id);
CREATE INDEX tickets_assignee_id_idx ON tickets (assignee_id);

-- sluice:down
DROP TABLE tickets;
