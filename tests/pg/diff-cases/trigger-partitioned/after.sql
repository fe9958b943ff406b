-- Checks: a trigger on a partitioned table (its partitions clones are not written).
CREATE TABLE measures (at date NOT NULL, value numeric) PARTITION BY RANGE (at);
CREATE TABLE measures_2024 PARTITION OF measures FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
CREATE FUNCTION measures_check() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
CREATE TRIGGER measures_check BEFORE INSERT ON measures FOR EACH ROW EXECUTE FUNCTION measures_check();
