CREATE TYPE old_state AS ENUM ('on', 'off');
