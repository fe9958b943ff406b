CREATE TABLE bookings (room integer, during tstzrange, old_during tstzrange,
  CONSTRAINT bookings_old_excl EXCLUDE USING gist (old_during WITH &&));
