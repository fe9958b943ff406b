-- Checks: enum labels added in the middle, at the start and at the end (ADD VALUE BEFORE/AFTER).
CREATE TYPE ticket_state AS ENUM ('draft', 'new', 'open', 'waiting', 'closed', 'archived');
CREATE TABLE tickets (id integer PRIMARY KEY, state ticket_state NOT NULL DEFAULT 'new');
