-- Checks: a nondeterministic ICU collation created, with a comment.
CREATE COLLATION case_insensitive (provider = icu, locale = 'und-u-ks-level2', deterministic = false);
COMMENT ON COLLATION case_insensitive IS 'Compares without case';
