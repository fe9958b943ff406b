-- sluice:ignore-file truncate
-- sluice:ignore drop-table,
DROP TABLE t; -- sluice:ignore
-- sluice:ignore ,,, --
TRUNCATE t; --sluice:ignore-file
-- sluice:ignoredrop-table
DROP TABLE u
