SELECT 1;
SELECT $body$ x;
