CREATE TYPE ticket_state AS ENUM ('new', 'closed');
CREATE TABLE tickets (id integer PRIMARY KEY, state ticket_state NOT NULL DEFAULT 'new');
INSERT INTO tickets VALUES (1, 'new'), (2, 'closed');
