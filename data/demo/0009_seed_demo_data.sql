-- Demo rows, so that the sandbox looks like a helpdesk in its second month:
-- four customer companies, sixty people, six hundred tickets over the last
-- forty days with their conversations and tags. Everything is derived from
-- generate_series, so every run gives the same shape of data; the audit
-- trigger from 0008 records each ticket as it is inserted.
-- The down section empties the tables again (TRUNCATE does not fire the
-- row triggers, so it leaves no audit rows behind).

-- sluice:up
INSERT INTO organizations (name, slug, plan, created_at)
VALUES ('Northwind Outfitters', 'northwind', 'enterprise', now() - interval '420 days'),
       ('Bluefin Analytics', 'bluefin', 'team', now() - interval '300 days'),
       ('Cedar & Pine Dental', 'cedar-pine-dental', 'starter', now() - interval '180 days'),
       ('Orbital Coffee Roasters', 'orbital-coffee', 'team', now() - interval '95 days');

-- Fifteen people per organization: one admin, two agents, twelve customers.
-- Some customers typed their address in mixed case (0016 cleans that up);
-- one has left and is deactivated.
INSERT INTO users (organization_id, email, display_name, role, deactivated_at, created_at)
SELECT o.id,
       CASE WHEN n > 3 AND n % 5 = 0
            THEN p.first_name || '.' || p.last_name || '@' || initcap(p.domain)
            ELSE lower(p.first_name || '.' || p.last_name) || '@' || p.domain
       END,
       p.first_name || ' ' || p.last_name,
       CASE WHEN n = 1 THEN 'admin' WHEN n <= 3 THEN 'agent' ELSE 'customer' END,
       CASE WHEN n = 15 THEN now() - interval '12 days' END,
       o.created_at + n * interval '2 days'
FROM (SELECT id, slug, created_at, row_number() OVER (ORDER BY id) AS rn FROM organizations) AS o
CROSS JOIN generate_series(1, 15) AS n
CROSS JOIN LATERAL (
  SELECT (ARRAY['Amara', 'Bruno', 'Chiara', 'Dmitri', 'Elif', 'Farid', 'Greta', 'Hiroshi',
                'Ines', 'Jonas', 'Keiko', 'Luca', 'Maya', 'Nikolai', 'Olufemi', 'Priya',
                'Rafael', 'Sofia', 'Tomasz', 'Yara'])[1 + (o.rn * 15 + n) % 20] AS first_name,
         (ARRAY['Okafor', 'Lindqvist', 'Moreau', 'Tanaka', 'Novak', 'Haddad', 'Fischer',
                'Santos', 'Kowalski', 'Brennan', 'Costa', 'Yilmaz', 'Larsen', 'Petrov',
                'Nakamura', 'Ibrahim', 'Rossi', 'Andersen', 'Dubois', 'Mensah', 'Varga',
                'Ortega', 'Quinn'])[1 + (o.rn * 15 + n) * 7 % 23] AS last_name,
         CASE WHEN n <= 3 THEN o.slug || '.example'
              ELSE (ARRAY['mailbox.example', 'fastpost.example', 'corpmail.example',
                          'inbox.example'])[1 + n % 4]
         END AS domain
) AS p;

-- Six hundred tickets, one every 97 minutes going back forty days. Recent
-- ones are still new or open; older ones are mostly solved or closed, with
-- a few forgotten in the queue.
INSERT INTO tickets (organization_id, requester_id, assignee_id, subject, body,
                     status, priority, created_at, updated_at, solved_at)
SELECT o.id,
       r.id,
       CASE WHEN s.status <> 'new' THEN a.id END,
       s.subject,
       s.body,
       s.status,
       s.priority,
       s.created_at,
       coalesce(s.solved_at, s.created_at),
       s.solved_at
FROM (
  SELECT i,
         t.subject,
         t.body,
         t.status,
         t.priority,
         t.created_at,
         CASE WHEN t.status IN ('solved', 'closed')
              THEN least(now(), t.created_at + (1 + i % 72) * interval '1 hour')
         END AS solved_at
  FROM generate_series(1, 600) AS i
  CROSS JOIN LATERAL (
    SELECT (ARRAY[
              'Cannot log in after resetting my password',
              'Invoice for March shows the wrong VAT number',
              'CSV export cuts off after 10,000 rows',
              'Please add a second admin to our account',
              'Two-factor codes arrive late by SMS',
              'Webhook to our CRM stopped firing yesterday',
              'How do I change the billing e-mail address?',
              'Dashboard is very slow since this morning',
              'Charged twice for the annual plan',
              'Request: dark mode for the agent console',
              'Attachments over 5 MB fail to upload',
              'Single sign-on with our identity provider',
              'Reports show times in UTC instead of local time',
              'User invited but never received the e-mail',
              'API returns 429 even at low request rates',
              'Cancel our subscription at the end of the term',
              'Merge two duplicate customer records',
              'Mobile app crashes when opening a ticket',
              'Where can I download our data for an audit?',
              'Macro replaced customer name with {{name}}',
              'Satisfaction survey link is broken',
              'Need a copy of your data processing agreement',
              'Search does not find tickets by order number',
              'Add a custom field for the store location',
              'Password reset link expired immediately'])[1 + (i * 11) % 25] AS subject,
           (ARRAY[
              'Hi, since this morning our team cannot work as usual. Could you have a look? Thanks.',
              'Hello, this affects our month-end closing, so an answer this week would help a lot.',
              'We tried it on two browsers and on the mobile app, same result. Screenshots attached.',
              'Not urgent, but several colleagues asked about it. Is this on your roadmap?',
              'This started after your last update. Nothing changed on our side as far as I know.'])[1 + i % 5] AS body,
           (CASE WHEN i % 23 = 0 THEN 'pending'
                 WHEN i <= 25 THEN (ARRAY['new', 'open', 'open', 'pending'])[1 + i % 4]
                 WHEN i <= 90 THEN (ARRAY['open', 'pending', 'solved', 'solved', 'open'])[1 + i % 5]
                 ELSE (ARRAY['closed', 'closed', 'solved', 'closed', 'closed', 'solved', 'closed',
                             'closed', 'solved', 'open'])[1 + i % 10]
            END)::ticket_status AS status,
           (ARRAY['normal', 'normal', 'low', 'high', 'normal', 'urgent', 'normal', 'high',
                  'low', 'normal'])[1 + (i * 3) % 10]::ticket_priority AS priority,
           date_trunc('minute', now()) - i * interval '97 minutes' AS created_at
  ) AS t
) AS s
JOIN (SELECT id, row_number() OVER (ORDER BY id) AS rn FROM organizations) AS o
  ON o.rn = 1 + s.i % 4
JOIN (SELECT id, organization_id, row_number() OVER (PARTITION BY organization_id ORDER BY id) AS rn
      FROM users WHERE role = 'customer') AS r
  ON r.organization_id = o.id AND r.rn = 1 + (s.i * 7) % 12
JOIN (SELECT id, organization_id, row_number() OVER (PARTITION BY organization_id ORDER BY id) AS rn
      FROM users WHERE role <> 'customer') AS a
  ON a.organization_id = o.id AND a.rn = 1 + s.i % 3
ORDER BY s.created_at;

-- The conversation: the agent answers, the customer replies, and so on;
-- some tickets carry an internal note. New tickets have no answer yet.
INSERT INTO comments (ticket_id, author_id, body, is_internal, created_at)
SELECT t.id,
       CASE WHEN c % 2 = 1 THEN t.assignee_id ELSE t.requester_id END,
       CASE WHEN c = 3 AND t.id % 4 = 0
            THEN (ARRAY['Checked the logs: the job failed at 02:14, retrying now.',
                        'Escalated to engineering, see the linked issue.',
                        'Customer is on the enterprise plan, keep them posted daily.'])[1 + t.id % 3]
            WHEN c % 2 = 1
            THEN (ARRAY['Thanks for reaching out! I can reproduce this and am looking into it.',
                        'Could you tell me which browser and version you are using?',
                        'We deployed a fix a few minutes ago. Could you try again?',
                        'I have updated the setting on your account; it should work now.',
                        'This is expected behaviour, but here is how to change it in Settings.'])[1 + (t.id + c) % 5]
            ELSE (ARRAY['Thanks, that worked!',
                        'Still the same here, unfortunately.',
                        'Firefox 128 on Windows, and the same on my phone.',
                        'Great, thank you for the quick help.',
                        'Can you let me know when this is fixed?'])[1 + (t.id * 3 + c) % 5]
       END,
       c = 3 AND t.id % 4 = 0,
       least(now(), t.created_at + c * (15 + t.id % 90) * interval '1 minute')
FROM tickets AS t
CROSS JOIN LATERAL generate_series(1, CASE WHEN t.status = 'new' THEN 0 ELSE 1 + t.id % 6 END) AS c
ORDER BY t.id, c;

INSERT INTO tags (organization_id, name, color)
SELECT o.id, v.name, v.color
FROM organizations AS o
CROSS JOIN (VALUES ('billing', '#e5a50a'), ('login', '#3584e4'), ('bug', '#e01b24'),
                   ('feature-request', '#2ec27e'), ('onboarding', '#9141ac'),
                   ('integrations', '#1c71d8'), ('data-export', '#865e3c'),
                   ('vip', '#c64600')) AS v (name, color)
ORDER BY o.id, v.name;

INSERT INTO ticket_tags (ticket_id, tag_id)
SELECT DISTINCT t.id, g.id
FROM tickets AS t
JOIN (SELECT id, organization_id, row_number() OVER (PARTITION BY organization_id ORDER BY id) AS rn
      FROM tags) AS g
  ON g.organization_id = t.organization_id
 AND (g.rn = 1 + t.id % 8 OR (t.id % 3 = 0 AND g.rn = 1 + (t.id * 5) % 8));

-- sluice:down
TRUNCATE ticket_tags, tags, comments, tickets, users, organizations, audit_log RESTART IDENTITY;
