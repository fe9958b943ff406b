-- The agent console lists the open queue of an organization by priority,
-- oldest first. Only a small share of tickets is open, so the index is
-- partial. It is built CONCURRENTLY so tickets stay writable meanwhile,
-- which cannot run inside a transaction. If the build fails it leaves an
-- INVALID index behind: drop it before running this migration again.
-- sluice:no-transaction

-- sluice:up
CREATE INDEX CONCURRENTLY tickets_open_queue_idx
  ON tickets (organization_id, priority DESC, created_at)
  WHERE status IN ('new', 'open', 'pending');

-- sluice:down
DROP INDEX CONCURRENTLY tickets_open_queue_idx;
