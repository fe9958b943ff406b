-- The life cycle and urgency of a ticket. Enums keep the values small and
-- ordered: ORDER BY priority follows the declared order, low to urgent.
-- Adding a value later is ALTER TYPE ... ADD VALUE; removing one is not
-- possible in place, so think twice before extending these.

-- sluice:up
CREATE TYPE ticket_status AS ENUM ('new', 'open', 'pending', 'solved', 'closed');
CREATE TYPE ticket_priority AS ENUM ('low', 'normal', 'high', 'urgent');

-- sluice:down
DROP TYPE ticket_priority;
DROP TYPE ticket_status;
