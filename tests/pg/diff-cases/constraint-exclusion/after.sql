-- an exclusion constraint on a range column added and another dropped
CREATE TABLE bookings (room integer, during tstzrange, old_during tstzrange,
  CONSTRAINT bookings_during_excl EXCLUDE USING gist (during WITH &&) WHERE (room IS NOT NULL));
