-- Checks: a libc collation dropped and another created.
CREATE COLLATION posix_split (provider = libc, lc_collate = 'C', lc_ctype = 'POSIX');
