-- Checks: an enum label renamed in place (RENAME VALUE).
CREATE TYPE color AS ENUM ('red', 'green', 'blue');
