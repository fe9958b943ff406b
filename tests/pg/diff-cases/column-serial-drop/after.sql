-- a serial column dropped: its sequence goes with it
CREATE TABLE notes (body text);
