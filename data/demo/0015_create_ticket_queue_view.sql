-- What the agent console shows: open tickets with their people, their age,
-- the number of comments, and whether the first answer is late against the
-- SLA policy of the ticket.

-- sluice:up
CREATE VIEW ticket_queue AS
SELECT t.id,
       o.slug AS organization,
       t.subject,
       t.status,
       t.priority,
       requester.display_name AS requester,
       assignee.display_name AS assignee,
       t.created_at,
       now() - t.created_at AS age,
       t.first_response_at,
       (t.first_response_at IS NULL
        AND now() > t.created_at + make_interval(mins => p.first_response_minutes)) AS first_response_late,
       (SELECT count(*) FROM comments AS c WHERE c.ticket_id = t.id) AS comment_count
FROM tickets AS t
JOIN organizations AS o ON o.id = t.organization_id
JOIN users AS requester ON requester.id = t.requester_id
LEFT JOIN users AS assignee ON assignee.id = t.assignee_id
LEFT JOIN sla_policies AS p ON p.id = t.sla_policy_id
WHERE t.status IN ('new', 'open', 'pending');

COMMENT ON VIEW ticket_queue IS 'Open tickets as the agent console lists them.';

-- sluice:down
DROP VIEW ticket_queue;
