-- The conversation on a ticket. Internal notes are comments only agents
-- see. Comments go with their ticket; an author who leaves keeps their
-- words, so that foreign key restricts instead of cascading.

-- sluice:up
CREATE TABLE comments (
  id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  ticket_id    bigint NOT NULL REFERENCES tickets (id) ON DELETE CASCADE,
  author_id    bigint NOT NULL REFERENCES users (id),
  body         text NOT NULL CONSTRAINT comments_body_not_blank CHECK (btrim(body) <> ''),
  is_internal  boolean NOT NULL DEFAULT false,
  created_at   timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX comments_ticket_id_created_at_idx ON comments (ticket_id, created_at);
CREATE INDEX comments_author_id_idx ON comments (author_id);

-- sluice:down
DROP TABLE comments;
