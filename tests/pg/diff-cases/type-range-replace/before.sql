CREATE TYPE text_range AS RANGE (subtype = text);
