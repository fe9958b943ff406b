CREATE COLLATION c_copy (provider = libc, locale = 'C');
