-- Tags group tickets ("billing", "login"...). They were written before the
-- team standardised on identity columns, hence the serial key: a sequence
-- owned by tags.id, which DROP TABLE removes with it.

-- sluice:up
CREATE TABLE tags (
  id               serial PRIMARY KEY,
  organization_id  bigint NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
  name             text NOT NULL,
  color            text NOT NULL DEFAULT '#3584e4'
                   CONSTRAINT tags_color_hex CHECK (color ~ '^#[0-9a-f]{6}$'),
  UNIQUE (organization_id, name)
);

CREATE TABLE ticket_tags (
  ticket_id  bigint NOT NULL REFERENCES tickets (id) ON DELETE CASCADE,
  tag_id     integer NOT NULL REFERENCES tags (id) ON DELETE CASCADE,
  PRIMARY KEY (ticket_id, tag_id)
);

CREATE INDEX ticket_tags_tag_id_idx ON ticket_tags (tag_id);

-- sluice:down
DROP TABLE ticket_tags;
DROP TABLE tags;
