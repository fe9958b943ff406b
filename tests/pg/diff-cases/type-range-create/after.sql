-- Checks: a range type created (with its multirange) and used by a column.
CREATE TYPE float_range AS RANGE (subtype = float8, subtype_diff = float8mi);
CREATE TABLE bookings (id integer PRIMARY KEY, span float_range);
