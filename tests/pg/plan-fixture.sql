-- The database the plan tests explain queries on: tables with foreign keys and
-- enough rows for real plans, a partitioned table and a row trigger.
CREATE TABLE customers (id int PRIMARY KEY, name text NOT NULL, country text NOT NULL, created_at timestamptz NOT NULL);
INSERT INTO customers SELECT g, 'customer ' || g, (ARRAY['fr','de','us','jp','br'])[1 + g % 5], timestamptz '2024-06-01' - g * interval '1 hour' FROM generate_series(1, 20000) g;
CREATE TABLE products (id int PRIMARY KEY, name text NOT NULL, price numeric(10,2) NOT NULL, category text NOT NULL);
INSERT INTO products SELECT g, 'product ' || g, (g % 100) + 0.99, 'cat' || (g % 20) FROM generate_series(1, 2000) g;
CREATE TABLE orders (id int PRIMARY KEY, customer_id int NOT NULL REFERENCES customers, status text NOT NULL, total numeric(12,2) NOT NULL, created_at date NOT NULL);
INSERT INTO orders SELECT g, 1 + (g * 7919) % 20000, (ARRAY['new','paid','shipped','cancelled'])[1 + g % 4], (g % 1000) / 3.0, date '2024-01-01' + (g % 365) FROM generate_series(1, 100000) g;
CREATE INDEX orders_customer_idx ON orders (customer_id);
CREATE INDEX orders_created_idx ON orders (created_at);
CREATE TABLE order_items (order_id int NOT NULL REFERENCES orders, product_id int NOT NULL REFERENCES products, quantity int NOT NULL, PRIMARY KEY (order_id, product_id));
INSERT INTO order_items SELECT o, 1 + (o * 31 + k * 17) % 2000, k FROM generate_series(1, 100000) o, generate_series(1, 3) k;
CREATE TABLE events (id bigint NOT NULL, occurred_at date NOT NULL, kind text NOT NULL, payload text) PARTITION BY RANGE (occurred_at);
CREATE TABLE events_2024_q1 PARTITION OF events FOR VALUES FROM ('2024-01-01') TO ('2024-04-01');
CREATE TABLE events_2024_q2 PARTITION OF events FOR VALUES FROM ('2024-04-01') TO ('2024-07-01');
CREATE TABLE events_2024_q3 PARTITION OF events FOR VALUES FROM ('2024-07-01') TO ('2024-10-01');
CREATE TABLE events_2024_q4 PARTITION OF events FOR VALUES FROM ('2024-10-01') TO ('2025-01-01');
INSERT INTO events SELECT g, date '2024-01-01' + (g % 366), (ARRAY['click','view','buy'])[1 + g % 3], md5(g::text) FROM generate_series(1, 60000) g;
CREATE INDEX events_occurred_idx ON events (occurred_at);
CREATE TABLE audit_log (id serial PRIMARY KEY, table_name text NOT NULL, op text NOT NULL, at timestamptz NOT NULL DEFAULT now());
CREATE FUNCTION audit_row() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO audit_log (table_name, op) VALUES (TG_TABLE_NAME, TG_OP);
  RETURN NEW;
END $$;
CREATE TRIGGER products_audit AFTER UPDATE ON products FOR EACH ROW EXECUTE FUNCTION audit_row();
-- The planner takes a PL/pgSQL set-returning function for 1000 rows,
-- whatever it returns: a misestimate on purpose.
CREATE FUNCTION sluice_test_numbers (n int) RETURNS SETOF int LANGUAGE plpgsql AS $$
BEGIN
  RETURN QUERY SELECT generate_series (1, n);
END $$;
-- (The test runs VACUUM ANALYZE after this script: VACUUM cannot run inside
-- the one transaction a multi-statement script is.)
