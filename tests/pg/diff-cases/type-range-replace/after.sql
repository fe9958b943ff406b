-- Checks: a range type whose definition changes is dropped and created again.
CREATE TYPE text_range AS RANGE (subtype = text, collation = "C");
