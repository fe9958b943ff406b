-- Reports need the time of the first public answer to each ticket. It was
-- computed on the fly from comments; store it on the ticket instead, and
-- backfill it from the conversations we already have (the first comment
-- that is not internal and not written by the requester).
-- The backfill goes through the row triggers: updated_at moves and
-- audit_log records every row touched. On a large table, run such an
-- UPDATE in batches instead.

-- sluice:up
ALTER TABLE tickets ADD COLUMN first_response_at timestamptz;

UPDATE tickets AS t
SET first_response_at = fr.first_at
FROM (
  SELECT c.ticket_id, min(c.created_at) AS first_at
  FROM comments AS c
  JOIN tickets AS tk ON tk.id = c.ticket_id
  WHERE NOT c.is_internal
    AND c.author_id <> tk.requester_id
  GROUP BY c.ticket_id
) AS fr
WHERE fr.ticket_id = t.id;

-- sluice:down
ALTER TABLE tickets DROP COLUMN first_response_at;
