-- Some customers signed up with mixed-case addresses, and the mail
-- provider's bounce matching is case-sensitive. Store every address in
-- lower case. The unique index on lower(email) from 0002 guarantees that
-- this creates no duplicates.
-- This changes data only and cannot be undone (the original spelling is
-- gone), so there is no down section; rolling back past it leaves the
-- addresses in lower case, which is harmless.

-- sluice:up
UPDATE users
SET email = lower(email)
WHERE email <> lower(email);
