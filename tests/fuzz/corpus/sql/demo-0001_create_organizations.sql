-- Organizations are Harbordesk's tenants: every other row belongs to one.
-- The slug appears in URLs and e-mail addresses, so it is checked here
-- rather than trusted to the application.

-- sluice:up
CREATE TABLE organizations (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  public_id   uuid NOT NULL DEFAULT gen_random_uuid() UNIQUE,
  name        text NOT NULL,
  slug        text NOT NULL UNIQUE
              CONSTRAINT organizations_slug_format CHECK (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
  plan        text NOT NULL DEFAULT 'starter'
              CONSTRAINT organizations_plan_known CHECK (plan IN ('starter', 'team', 'enterprise')),
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now()
);

COMMENT ON TABLE organizations IS 'Tenants of Harbordesk: one row per customer company.';

-- sluice:down
DROP TABLE organizations;
