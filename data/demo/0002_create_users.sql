-- People who sign in: admins and agents of an organization, and the
-- customers who open tickets with it. Users are deactivated, never deleted,
-- so an e-mail address only has to be unique among active users: a partial
-- unique index, on lower(email) because people type addresses in any case.

-- sluice:up
CREATE TABLE users (
  id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  organization_id  bigint NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
  email            text NOT NULL CONSTRAINT users_email_shape CHECK (email LIKE '_%@_%'),
  display_name     text NOT NULL,
  role             text NOT NULL DEFAULT 'customer'
                   CONSTRAINT users_role_known CHECK (role IN ('admin', 'agent', 'customer')),
  deactivated_at   timestamptz,
  created_at       timestamptz NOT NULL DEFAULT now(),
  updated_at       timestamptz NOT NULL DEFAULT now()
);

CREATE UNIQUE INDEX users_active_email_key
  ON users (organization_id, lower(email))
  WHERE deactivated_at IS NULL;

-- sluice:down
DROP TABLE users;
