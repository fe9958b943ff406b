-- bench-schema-generate.sql: a large, realistic schema for the snapshot
-- and diff benchmarks (bench/bench-snapshot.c) and by hand:
--
--   psql -v ON_ERROR_STOP=1 -d DATABASE -f bench/bench-schema-generate.sql
--
-- At full size (the default): 10 schemas, 10,000 tables (8 to 11 columns
-- each: identity, serial and uuid keys, text, varchar, timestamptz,
-- numeric, a numeric domain, jsonb, arrays, enums, inet, a stored
-- generated column; defaults, NOT NULL, checks), 25,000 indexes besides
-- the primary keys (multi-column, partial, expression, unique, GIN,
-- INCLUDE), 8,000 foreign keys, 1,000 views, 1,000 functions (SQL and
-- PL/pgSQL, overloads, SECURITY DEFINER with a search_path, trigger
-- functions), 500 triggers, comments, grants and default privileges.
--
-- Deterministic: every choice is arithmetic on the object's number, never
-- random(), so two runs give the same catalog.  Smaller sizes for trying
-- things out: SET sluice_bench.tables = '1000' first (the other counts
-- follow in proportion).
--
-- Each phase is one DO block that commits every few hundred objects: one
-- transaction holding the locks of 10,000 new tables would need a much
-- bigger lock table than a default server has.  So run the file with
-- autocommit (psql does; a client must send the blocks one by one, not as
-- one multi-statement string, which would be one transaction).  The
-- helpers are temporary functions (pg_temp), gone with the session and
-- never part of the schema.
--
-- SPDX-License-Identifier: GPL-3.0-or-later

SET client_min_messages = warning;

-- How many tables (10,000 unless sluice_bench.tables says otherwise).
CREATE FUNCTION pg_temp.bench_tables () RETURNS integer
LANGUAGE sql STABLE AS $$
  SELECT coalesce (nullif (current_setting ('sluice_bench.tables', true), '')::integer, 10000)
$$;

CREATE FUNCTION pg_temp.bench_schema (i integer) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
  SELECT (ARRAY['app', 'billing', 'inventory', 'crm', 'analytics',
                'audit', 'shipping', 'hr', 'support', 'reporting'])[1 + (i - 1) % 10]
$$;

-- Table i: "<noun>_<i>", in schema bench_schema (i).
CREATE FUNCTION pg_temp.bench_table (i integer) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
  SELECT (ARRAY['accounts', 'orders', 'invoices', 'payments', 'customers', 'products',
                'shipments', 'events', 'sessions', 'tickets', 'employees', 'contracts',
                'warehouses', 'suppliers', 'refunds', 'subscriptions', 'carts', 'reviews',
                'coupons', 'addresses'])[1 + ((i - 1) / 10) % 20] || '_' || lpad (i::text, 5, '0')
$$;

-- The table referenced by table i's foreign key, created before it; NULL
-- for the first fifth of the tables, which have none.
CREATE FUNCTION pg_temp.bench_parent (i integer) RETURNS integer
LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE WHEN i > pg_temp.bench_tables () / 5
              THEN 1 + ((i::bigint * 7919) % (i - 1))::integer END
$$;

-- Schemas, roles (cluster-wide, so only when missing), enums and a domain
-- per schema, and default privileges.
DO $generate$
DECLARE
  s text;
  n integer := 0;
BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'sluice_bench_reader') THEN
    CREATE ROLE sluice_bench_reader NOLOGIN;
  END IF;
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'sluice_bench_writer') THEN
    CREATE ROLE sluice_bench_writer NOLOGIN;
  END IF;

  FOREACH s IN ARRAY ARRAY['app', 'billing', 'inventory', 'crm', 'analytics',
                           'audit', 'shipping', 'hr', 'support', 'reporting'] LOOP
    n := n + 1;
    EXECUTE format ('CREATE SCHEMA %I', s);
    EXECUTE format ('COMMENT ON SCHEMA %I IS %L', s, 'The ' || s || ' part of the benchmark schema');
    EXECUTE format ('GRANT USAGE ON SCHEMA %I TO sluice_bench_reader, sluice_bench_writer', s);
    -- The enums differ a little from schema to schema, as real ones do.
    EXECUTE format ('CREATE TYPE %I.record_status AS ENUM (%s)', s,
                    CASE n % 3
                      WHEN 0 THEN '''draft'', ''active'', ''suspended'', ''archived'''
                      WHEN 1 THEN '''draft'', ''pending'', ''active'', ''archived'''
                      ELSE '''new'', ''active'', ''on_hold'', ''closed'', ''archived''' END);
    EXECUTE format ('CREATE TYPE %I.priority AS ENUM (''low'', ''normal'', ''high'', ''urgent'')', s);
    EXECUTE format ('CREATE DOMAIN %I.money_amount AS numeric(14,2) NOT NULL DEFAULT 0'
                    ' CONSTRAINT money_amount_not_negative CHECK (VALUE >= 0)', s);
    EXECUTE format ('COMMENT ON TYPE %I.record_status IS %L', s, 'Life cycle of a ' || s || ' record');
    IF n % 2 = 0 THEN
      EXECUTE format ('ALTER DEFAULT PRIVILEGES IN SCHEMA %I GRANT SELECT ON TABLES TO sluice_bench_reader', s);
    END IF;
  END LOOP;
END
$generate$;

-- Tables, with their foreign keys (inline: the referenced table is always
-- an earlier one), indexes and comments.
DO $generate$
DECLARE
  n_tables integer := pg_temp.bench_tables ();
  s text;
  t text;
  k integer;
  parent integer;
  columns text;
  status_default text;
BEGIN
  FOR i IN 1 .. n_tables LOOP
    s := pg_temp.bench_schema (i);
    t := pg_temp.bench_table (i);
    k := i % 5;
    parent := pg_temp.bench_parent (i);
    -- Every schema's record_status has 'active' and 'archived'.
    status_default := CASE i % 7 WHEN 0 THEN 'archived' ELSE 'active' END;

    columns := CASE i % 3
                 WHEN 0 THEN 'id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY'
                 WHEN 1 THEN 'id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY'
                 ELSE 'id bigserial PRIMARY KEY' END
      || ', created_at timestamptz NOT NULL DEFAULT now()'
      || ', updated_at timestamptz'
      || ', name text NOT NULL'
      || format (', status %I.record_status NOT NULL DEFAULT %L', s, status_default)
      || ', payload jsonb NOT NULL DEFAULT ''{}''::jsonb';

    IF parent IS NOT NULL THEN
      columns := columns || format (', parent_id bigint %s REFERENCES %I.%I (id)%s',
                                    CASE WHEN i % 4 = 0 THEN 'NOT NULL' ELSE '' END,
                                    pg_temp.bench_schema (parent), pg_temp.bench_table (parent),
                                    CASE i % 4
                                      WHEN 0 THEN ' ON DELETE CASCADE'
                                      WHEN 1 THEN ' ON DELETE SET NULL'
                                      WHEN 2 THEN ' DEFERRABLE INITIALLY DEFERRED'
                                      ELSE '' END);
    END IF;

    columns := columns || CASE k
      WHEN 0 THEN format (', amount %I.money_amount', s)
                  || ', currency char(3) NOT NULL DEFAULT ''EUR'''
                  || ', code varchar(32)'
                  || ', CONSTRAINT ' || quote_ident (t || '_currency_check') || ' CHECK (currency ~ ''^[A-Z]{3}$'')'
      WHEN 1 THEN ', email text'
                  || ', is_active boolean NOT NULL DEFAULT true'
                  || ', login_count integer NOT NULL DEFAULT 0'
                  || format (', priority %I.priority', s)
      WHEN 2 THEN ', quantity integer NOT NULL DEFAULT 1 CHECK (quantity > 0)'
                  || ', unit_price numeric(10,2)'
                  || ', sku varchar(40)'
                  || ', tags text[] NOT NULL DEFAULT ''{}''::text[]'
                  || ', total numeric GENERATED ALWAYS AS (quantity * unit_price) STORED'
      WHEN 3 THEN ', starts_at timestamptz NOT NULL'
                  || ', ends_at timestamptz'
                  || ', duration interval'
                  || ', CHECK (ends_at IS NULL OR ends_at > starts_at)'
      ELSE ', external_id uuid NOT NULL DEFAULT gen_random_uuid() UNIQUE'
                  || ', score double precision'
                  || ', client_ip inet'
                  || ', notes text COLLATE "C"' END;

    EXECUTE format ('CREATE TABLE %I.%I (%s)%s', s, t, columns,
                    CASE WHEN i % 50 = 0 THEN ' WITH (fillfactor = 90, autovacuum_vacuum_scale_factor = 0.05)' ELSE '' END);

    -- 2.5 indexes a table on average: 25,000 for 10,000 tables.
    EXECUTE format ('CREATE INDEX %I ON %I.%I (status, created_at)', t || '_status_created_idx', s, t);
    EXECUTE CASE k
      WHEN 0 THEN format ('CREATE UNIQUE INDEX %I ON %I.%I (code) WHERE code IS NOT NULL', t || '_code_key', s, t)
      WHEN 1 THEN format ('CREATE INDEX %I ON %I.%I (lower(email))', t || '_email_lower_idx', s, t)
      WHEN 2 THEN format ('CREATE INDEX %I ON %I.%I (sku) INCLUDE (unit_price)', t || '_sku_idx', s, t)
      WHEN 3 THEN format ('CREATE INDEX %I ON %I.%I (starts_at, ends_at DESC NULLS LAST)', t || '_period_idx', s, t)
      ELSE format ('CREATE INDEX %I ON %I.%I USING gin (payload jsonb_path_ops)', t || '_payload_idx', s, t) END;
    IF i % 2 = 0 THEN
      IF parent IS NOT NULL THEN
        EXECUTE format ('CREATE INDEX %I ON %I.%I (parent_id)', t || '_parent_idx', s, t);
      ELSE
        EXECUTE format ('CREATE INDEX %I ON %I.%I (created_at DESC) WHERE status <> ''archived''',
                        t || '_live_idx', s, t);
      END IF;
    END IF;

    EXECUTE format ('COMMENT ON TABLE %I.%I IS %L', s, t, 'Benchmark table number ' || i);
    IF i % 3 = 0 THEN
      EXECUTE format ('COMMENT ON COLUMN %I.%I.name IS %L', s, t, 'What people call this row');
    END IF;
    IF i % 10 = 0 THEN
      EXECUTE format ('GRANT SELECT, INSERT, UPDATE ON %I.%I TO sluice_bench_writer', s, t);
    END IF;

    IF i % 250 = 0 THEN
      COMMIT;
    END IF;
  END LOOP;
END
$generate$;

-- Views: one for every ten tables; every fourth one joins its table's
-- parent, some are security barriers or have a check option.
DO $generate$
DECLARE
  n_views integer := pg_temp.bench_tables () / 10;
  i integer;
  parent integer;
  s text;
  t text;
  v text;
BEGIN
  FOR j IN 1 .. n_views LOOP
    i := (j - 1) * 10 + 1 + (j - 1) % 10;
    s := pg_temp.bench_schema (i);
    t := pg_temp.bench_table (i);
    v := t || '_v';
    parent := pg_temp.bench_parent (i);

    IF j % 4 = 0 AND parent IS NOT NULL THEN
      EXECUTE format ('CREATE VIEW %I.%I AS SELECT c.id, c.name, c.status, p.name AS parent_name, c.created_at'
                      ' FROM %I.%I c LEFT JOIN %I.%I p ON p.id = c.parent_id'
                      ' WHERE c.status <> ''archived''',
                      s, v, s, t, pg_temp.bench_schema (parent), pg_temp.bench_table (parent));
    ELSIF j % 4 = 1 THEN
      EXECUTE format ('CREATE VIEW %I.%I WITH (security_barrier) AS SELECT id, name, created_at'
                      ' FROM %I.%I WHERE status = ''active''', s, v, s, t);
    ELSIF j % 4 = 2 THEN
      EXECUTE format ('CREATE VIEW %I.%I AS SELECT id, name, status, payload FROM %I.%I'
                      ' WHERE status <> ''archived'' WITH LOCAL CHECK OPTION', s, v, s, t);
    ELSE
      EXECUTE format ('CREATE VIEW %I.%I AS SELECT status, count(*) AS n, max(created_at) AS latest'
                      ' FROM %I.%I GROUP BY status', s, v, s, t);
    END IF;
    EXECUTE format ('COMMENT ON VIEW %I.%I IS %L', s, v, 'Live rows of ' || t);
    IF s = 'reporting' THEN
      EXECUTE format ('GRANT SELECT ON %I.%I TO sluice_bench_reader', s, v);
    END IF;

    IF j % 250 = 0 THEN
      COMMIT;
    END IF;
  END LOOP;
END
$generate$;

-- Functions: one for every ten tables.  A tenth are trigger functions
-- (used by the triggers below); the others read their table in SQL or
-- PL/pgSQL, with defaults, overloads, SECURITY DEFINER and settings.
DO $generate$
DECLARE
  n_functions integer := pg_temp.bench_tables () / 10;
  i integer;
  s text;
  t text;
  f text;
BEGIN
  FOR j IN 1 .. n_functions LOOP
    i := (j - 1) * 10 + 1 + (j * 3) % 10;
    s := pg_temp.bench_schema (i);
    t := pg_temp.bench_table (i);
    f := 'fn_' || lpad (j::text, 4, '0');

    CASE j % 10
      WHEN 0 THEN
        f := 'touch_updated_at_' || lpad (j::text, 4, '0');
        EXECUTE format ($sql$CREATE FUNCTION %I.%I () RETURNS trigger LANGUAGE plpgsql AS $body$
BEGIN
  NEW.updated_at := now();
  RETURN NEW;
END
$body$$sql$, s, f);
      WHEN 1, 4, 7 THEN
        EXECUTE format ($sql$CREATE FUNCTION %I.%I (p_id bigint) RETURNS text
LANGUAGE sql STABLE STRICT PARALLEL SAFE
AS $body$SELECT name FROM %I.%I WHERE id = p_id$body$$sql$, s, f, s, t);
      WHEN 2, 5 THEN
        EXECUTE format ($sql$CREATE FUNCTION %I.%I (p_since timestamptz, p_limit integer DEFAULT 100)
RETURNS SETOF %I.%I LANGUAGE sql STABLE ROWS 100
AS $body$SELECT * FROM %I.%I WHERE created_at >= p_since ORDER BY created_at LIMIT p_limit$body$$sql$,
                        s, f, s, t, s, t);
      WHEN 3, 6 THEN
        EXECUTE format ($sql$CREATE FUNCTION %I.%I (p_status %I.record_status DEFAULT 'active')
RETURNS bigint LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $body$
DECLARE
  n bigint;
BEGIN
  SELECT count(*) INTO n FROM %I.%I WHERE status = p_status;
  RETURN n;
END
$body$$sql$, s, f, s, s, t);
        EXECUTE format ('REVOKE ALL ON FUNCTION %I.%I (%I.record_status) FROM PUBLIC', s, f, s);
        EXECUTE format ('GRANT EXECUTE ON FUNCTION %I.%I (%I.record_status) TO sluice_bench_reader', s, f, s);
      WHEN 8 THEN
        -- An overload of the function before (j - 1, in its schema, on its
        -- table), with an SQL-standard body: identities must keep the two
        -- apart.
        i := (j - 2) * 10 + 1 + ((j - 1) * 3) % 10;
        s := pg_temp.bench_schema (i);
        f := 'fn_' || lpad ((j - 1)::text, 4, '0');
        EXECUTE format ($sql$CREATE FUNCTION %I.%I (p_id bigint, p_fallback text) RETURNS text
LANGUAGE sql STABLE PARALLEL SAFE
RETURN coalesce ((SELECT name FROM %I.%I WHERE id = p_id), p_fallback)$sql$,
                        s, f, s, pg_temp.bench_table (i));
      ELSE
        EXECUTE format ($sql$CREATE FUNCTION %I.%I (p_id bigint, p_payload jsonb)
RETURNS void LANGUAGE plpgsql VOLATILE COST 200
AS $body$
BEGIN
  UPDATE %I.%I SET payload = payload || p_payload, updated_at = now() WHERE id = p_id;
  IF NOT FOUND THEN
    RAISE NOTICE 'no row %%', p_id;
  END IF;
END
$body$$sql$, s, f, s, t);
    END CASE;
    IF j % 5 = 0 THEN
      -- j % 10 is 0 or 5: no overloads there, the name is enough.
      EXECUTE format ('COMMENT ON FUNCTION %I.%I IS %L', s, f, 'Benchmark function ' || j);
    END IF;

    IF j % 250 = 0 THEN
      COMMIT;
    END IF;
  END LOOP;
END
$generate$;

-- Triggers: every twentieth table touches updated_at through a trigger
-- function of its schema (the trigger functions are fn j = 10, 20, ...,
-- and function j lives in schema bench_schema (j * 10 - 9 + (j * 3) % 10)).
DO $generate$
DECLARE
  n_tables integer := pg_temp.bench_tables ();
  n_functions integer := pg_temp.bench_tables () / 10;
  s text;
  f_schema text;
  f text;
  j integer;
BEGIN
  FOR i IN 20 .. n_tables BY 20 LOOP
    s := pg_temp.bench_schema (i);
    -- A trigger function of any schema will do: spread them.
    j := 10 * (1 + (i / 20) % greatest (n_functions / 10, 1));
    f_schema := pg_temp.bench_schema ((j - 1) * 10 + 1 + (j * 3) % 10);
    f := 'touch_updated_at_' || lpad (j::text, 4, '0');
    EXECUTE format ('CREATE TRIGGER %I BEFORE UPDATE ON %I.%I FOR EACH ROW%s EXECUTE FUNCTION %I.%I ()',
                    'touch_updated_at', s, pg_temp.bench_table (i),
                    CASE WHEN i % 40 = 0 THEN ' WHEN (OLD.* IS DISTINCT FROM NEW.*)' ELSE '' END,
                    f_schema, f);
    IF i % 5000 = 0 THEN
      COMMIT;
    END IF;
  END LOOP;
END
$generate$;

