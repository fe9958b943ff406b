/* test-health.c: the health report against a real server: each flag from a
 * case built for it, the index actions, the sampler and stats snapshots
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <libpq-fe.h>
#include <string.h>

#include "sluice.h"
#include "sluice-test-pg.h"

static SluiceHealth *
load_health (SluiceConnection *connection)
{
  g_autoptr(GError) error = NULL;
  SluiceHealth *health;
  SluiceTestAsyncWait wait = { 0 };

  sluice_health_load_async (connection, NULL, sluice_test_store_result, &wait);
  sluice_test_wait_for (&wait.done, 60000);
  health = sluice_health_load_finish (wait.result, &error);
  g_object_unref (wait.result);
  g_assert_no_error (error);
  g_assert_nonnull (health);
  return health;
}

/* Runs @sql, then makes its backend publish its statistics at once (they
 * are otherwise flushed up to a second later). */
static void
exec_and_flush (const char *conninfo,
                const char *sql)
{
  g_autofree char *both = g_strdup_printf ("%s; SELECT pg_stat_force_next_flush()", sql);

  sluice_test_pg_exec (conninfo, both);
}

static SluiceIndexInfo *
find_index (SluiceHealth *health,
            const char   *name)
{
  SluiceIndexInfo *index = sluice_health_find_index (health, "public", name);

  if (index == NULL)
    g_error ("index public.%s is not in the report", name);
  return index;
}

static void
test_unused (void)
{
  g_autofree char *conninfo = sluice_test_pg_new_database ();
  g_autoptr(SluiceConnection) connection = NULL;
  g_autoptr(SluiceHealth) health = NULL;
  SluiceIndexInfo *unused;
  SluiceIndexInfo *used;
  SluiceIndexInfo *pkey;

  sluice_test_pg_exec (conninfo,
                       "CREATE TABLE accounts (id int PRIMARY KEY, email text, note text);"
                       "INSERT INTO accounts SELECT g, 'u' || g || '@example.org', 'n' FROM generate_series(1, 2000) g;"
                       "CREATE INDEX accounts_email_idx ON accounts (email);"
                       "CREATE INDEX accounts_note_idx ON accounts (note);"
                       "ANALYZE accounts");
  exec_and_flush (conninfo, "SET enable_seqscan = off; SELECT * FROM accounts WHERE email = 'u7@example.org'");

  connection = sluice_test_pg_connect (conninfo);
  health = load_health (connection);

  unused = find_index (health, "accounts_note_idx");
  used = find_index (health, "accounts_email_idx");
  pkey = find_index (health, "accounts_pkey");

  g_assert_true (sluice_index_info_has_flag (unused, SLUICE_INDEX_FLAG_UNUSED));
  g_assert_cmpint (sluice_index_info_get_scans (unused), ==, 0);
  g_assert_cmpstr (sluice_index_info_get_table (unused), ==, "accounts");
  g_assert_true (g_str_has_prefix (sluice_index_info_get_definition (unused), "CREATE INDEX accounts_note_idx ON public.accounts"));
  g_assert_cmpint (sluice_index_info_get_size_bytes (unused), >, 0);
  g_assert_nonnull (strstr (sluice_index_info_get_explanation (unused, SLUICE_INDEX_FLAG_UNUSED), "since the"));

  g_assert_false (sluice_index_info_has_flag (used, SLUICE_INDEX_FLAG_UNUSED));
  g_assert_cmpint (sluice_index_info_get_scans (used), >=, 1);
  g_assert_cmpint (sluice_index_info_get_tuples_fetched (used), >=, 1);

  /* Never scanned, but it backs the PRIMARY KEY. */
  g_assert_cmpint (sluice_index_info_get_scans (pkey), ==, 0);
  g_assert_cmpstr (sluice_index_info_get_constraint_name (pkey), ==, "accounts_pkey");
  g_assert_true (sluice_index_info_get_is_primary (pkey));
  g_assert_false (sluice_index_info_has_flag (pkey, SLUICE_INDEX_FLAG_UNUSED));

  /* The reset time is reported: pg_stat_database.stats_reset, or the
   * server start on a cluster never reset. */
  g_assert_nonnull (sluice_health_get_stats_reset (health));
  g_assert_cmpuint (sluice_health_count_flagged (health, SLUICE_INDEX_FLAG_UNUSED), ==, 1);
}

static void
test_redundant_and_duplicate (void)
{
  g_autofree char *conninfo = sluice_test_pg_new_database ();
  g_autoptr(SluiceConnection) connection = NULL;
  g_autoptr(SluiceHealth) health = NULL;
  SluiceIndexInfo *prefix;
  SluiceIndexInfo *longer;
  SluiceIndexInfo *first;
  SluiceIndexInfo *second;
  SluiceIndexInfo *unique_prefix;
  SluiceIndexInfo *partial;

  sluice_test_pg_exec (conninfo,
                       "CREATE TABLE orders (id int PRIMARY KEY, customer_id int, created_at timestamptz,"
                       "                     status text, code text);"
                       "INSERT INTO orders SELECT g, g % 50, now(), 'open', 'c' || g FROM generate_series(1, 1000) g;"
                       "CREATE INDEX orders_customer_idx ON orders (customer_id);"
                       "CREATE INDEX orders_customer_created_idx ON orders (customer_id, created_at);"
                       "CREATE INDEX orders_status_idx ON orders (status);"
                       "CREATE INDEX \"Orders Status Copy\" ON orders (status);"
                       "CREATE UNIQUE INDEX orders_code_key ON orders (code);"
                       "CREATE INDEX orders_code_status_idx ON orders (code, status);"
                       "CREATE INDEX orders_open_customer_idx ON orders (customer_id) WHERE status = 'open';"
                       "ANALYZE orders");

  connection = sluice_test_pg_connect (conninfo);
  health = load_health (connection);

  prefix = find_index (health, "orders_customer_idx");
  longer = find_index (health, "orders_customer_created_idx");
  g_assert_true (sluice_index_info_has_flag (prefix, SLUICE_INDEX_FLAG_REDUNDANT));
  g_assert_cmpstr (sluice_index_info_get_related_index (prefix), ==, "public.orders_customer_created_idx");
  g_assert_false (sluice_index_info_has_flag (longer, SLUICE_INDEX_FLAG_REDUNDANT));

  /* Same definition, another name: the newer one is the duplicate. */
  first = find_index (health, "orders_status_idx");
  second = find_index (health, "Orders Status Copy");
  g_assert_false (sluice_index_info_has_flag (first, SLUICE_INDEX_FLAG_DUPLICATE));
  g_assert_true (sluice_index_info_has_flag (second, SLUICE_INDEX_FLAG_DUPLICATE));
  g_assert_cmpstr (sluice_index_info_get_related_index (second), ==, "public.orders_status_idx");

  /* A unique index is never redundant against a non-unique longer one. */
  unique_prefix = find_index (health, "orders_code_key");
  g_assert_false (sluice_index_info_has_flag (unique_prefix, SLUICE_INDEX_FLAG_REDUNDANT));
  /* Another predicate: not a duplicate of, nor redundant with, the rest. */
  partial = find_index (health, "orders_open_customer_idx");
  g_assert_true (sluice_index_info_get_is_partial (partial));
  g_assert_false (sluice_index_info_has_flag (partial, SLUICE_INDEX_FLAG_REDUNDANT | SLUICE_INDEX_FLAG_DUPLICATE));

  g_assert_cmpuint (sluice_health_count_flagged (health, SLUICE_INDEX_FLAG_DUPLICATE), ==, 1);
  g_assert_cmpuint (sluice_health_count_flagged (health, SLUICE_INDEX_FLAG_REDUNDANT), ==, 1);
}

static void
test_invalid_and_drop (void)
{
  g_autofree char *conninfo = sluice_test_pg_new_database ();
  g_autoptr(SluiceConnection) connection = NULL;
  g_autoptr(SluiceHealth) health = NULL;
  g_autoptr(SluiceHealth) after = NULL;
  g_autoptr(GError) error = NULL;
  SluiceIndexInfo *invalid;
  SluiceTestAsyncWait wait = { 0 };
  PGconn *conn;
  PGresult *result;

  sluice_test_pg_exec (conninfo,
                       "CREATE TABLE users (id int, email text);"
                       "INSERT INTO users VALUES (1, 'a@example.org'), (2, 'a@example.org'), (3, 'b@example.org')");

  /* The build finds the duplicate after the catalog entry exists, so it
   * fails and leaves an invalid index behind. */
  conn = PQconnectdb (conninfo);
  result = PQexec (conn, "CREATE UNIQUE INDEX CONCURRENTLY users_email_key ON users (email)");
  g_assert_cmpint (PQresultStatus (result), ==, PGRES_FATAL_ERROR);
  g_assert_cmpstr (PQresultErrorField (result, PG_DIAG_SQLSTATE), ==, "23505");
  PQclear (result);
  PQfinish (conn);

  connection = sluice_test_pg_connect (conninfo);
  health = load_health (connection);
  invalid = find_index (health, "users_email_key");
  g_assert_false (sluice_index_info_get_is_valid (invalid));
  g_assert_cmpuint (sluice_index_info_get_flags (invalid), ==, SLUICE_INDEX_FLAG_INVALID);
  g_assert_nonnull (strstr (sluice_index_info_get_explanation (invalid, SLUICE_INDEX_FLAG_INVALID), "CONCURRENTLY"));

  /* DROP INDEX CONCURRENTLY, as the page runs it. */
  sluice_health_drop_index_async (connection, invalid, NULL, sluice_test_store_result, &wait);
  sluice_test_wait_for (&wait.done, 30000);
  g_assert_true (sluice_health_drop_index_finish (wait.result, &error));
  g_assert_no_error (error);
  g_object_unref (wait.result);

  after = load_health (connection);
  g_assert_null (sluice_health_find_index (after, "public", "users_email_key"));
}

static void
test_reindex_and_quoting (void)
{
  g_autofree char *conninfo = sluice_test_pg_new_database ();
  g_autoptr(SluiceConnection) connection = NULL;
  g_autoptr(SluiceHealth) health = NULL;
  g_autoptr(SluiceHealth) after = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *before_node = NULL;
  g_autofree char *after_node = NULL;
  g_autofree char *drop_sql = NULL;
  SluiceIndexInfo *weird;
  SluiceTestAsyncWait wait = { 0 };

  sluice_test_pg_exec (conninfo,
                       "CREATE SCHEMA \"Sales Data\";"
                       "CREATE TABLE \"Sales Data\".\"Order\" (id int, \"select\" text);"
                       "INSERT INTO \"Sales Data\".\"Order\" SELECT g, 'x' FROM generate_series(1, 100) g;"
                       "CREATE INDEX \"Order \"\"Select\"\" Idx\" ON \"Sales Data\".\"Order\" (\"select\")");
  before_node = sluice_test_pg_query_value (conninfo, "SELECT relfilenode FROM pg_class WHERE relname = 'Order \"Select\" Idx'");

  connection = sluice_test_pg_connect (conninfo);
  health = load_health (connection);
  weird = sluice_health_find_index (health, "Sales Data", "Order \"Select\" Idx");
  g_assert_nonnull (weird);
  drop_sql = sluice_index_info_dup_drop_sql (weird);
  g_assert_cmpstr (drop_sql, ==, "DROP INDEX CONCURRENTLY \"Sales Data\".\"Order \"\"Select\"\" Idx\";");

  /* REINDEX INDEX CONCURRENTLY builds a new file and swaps it in. */
  sluice_health_reindex_index_async (connection, weird, NULL, sluice_test_store_result, &wait);
  sluice_test_wait_for (&wait.done, 30000);
  g_assert_true (sluice_health_reindex_index_finish (wait.result, &error));
  g_assert_no_error (error);
  g_clear_object (&wait.result);
  after_node = sluice_test_pg_query_value (conninfo, "SELECT relfilenode FROM pg_class WHERE relname = 'Order \"Select\" Idx'");
  g_assert_cmpstr (before_node, !=, after_node);

  /* Dropping it twice: the second fails with the server's reason and the
   * statement it tried. */
  wait.done = FALSE;
  sluice_health_drop_index_async (connection, weird, NULL, sluice_test_store_result, &wait);
  sluice_test_wait_for (&wait.done, 30000);
  g_assert_true (sluice_health_drop_index_finish (wait.result, &error));
  g_clear_object (&wait.result);

  wait.done = FALSE;
  sluice_health_drop_index_async (connection, weird, NULL, sluice_test_store_result, &wait);
  sluice_test_wait_for (&wait.done, 30000);
  g_assert_false (sluice_health_drop_index_finish (wait.result, &error));
  g_assert_true (sluice_server_error_matches (error, "42704"));
  g_assert_nonnull (strstr (error->message, "DROP INDEX CONCURRENTLY"));
  g_clear_object (&wait.result);

  after = load_health (connection);
  g_assert_null (sluice_health_find_index (after, "Sales Data", "Order \"Select\" Idx"));
}

static void
test_bloated (void)
{
  g_autofree char *conninfo = sluice_test_pg_new_database ();
  g_autoptr(SluiceConnection) connection = NULL;
  g_autoptr(SluiceHealth) health = NULL;
  SluiceIndexInfo *bloated;
  SluiceIndexInfo *fresh;
  SluiceIndexInfo *no_stats;

  /* Every UPDATE of the key adds an index entry and, with no vacuum, the
   * old ones stay: five versions of each row, four of them dead.  Distinct
   * new keys keep B-tree deduplication from folding them. */
  sluice_test_pg_exec (conninfo,
                       "CREATE TABLE events (id int, v int) WITH (autovacuum_enabled = false);"
                       "INSERT INTO events SELECT g, g FROM generate_series(1, 100000) g;"
                       "CREATE INDEX events_v_idx ON events (v);"
                       "CREATE INDEX events_id_idx ON events (id);");
  for (int round = 1; round <= 4; round++)
    sluice_test_pg_exec (conninfo, "UPDATE events SET v = v + 1000000");
  sluice_test_pg_exec (conninfo, "ANALYZE events;"
                       "CREATE TABLE unanalyzed (id int) WITH (autovacuum_enabled = false);"
                       "INSERT INTO unanalyzed SELECT generate_series(1, 1000);"
                       "CREATE INDEX unanalyzed_id_idx ON unanalyzed (id)");

  connection = sluice_test_pg_connect (conninfo);
  health = load_health (connection);

  bloated = find_index (health, "events_v_idx");
  g_test_message ("events_v_idx: %s", sluice_index_info_get_bloat_note (bloated));
  g_assert_true (sluice_index_info_get_bloat_available (bloated));
  g_assert_true (sluice_index_info_has_flag (bloated, SLUICE_INDEX_FLAG_BLOATED));
  g_assert_cmpfloat (sluice_index_info_get_bloat_ratio (bloated), >=, 0.5);
  g_assert_cmpint (sluice_index_info_get_bloat_bytes (bloated), >=, 1024 * 1024);
  g_assert_nonnull (strstr (sluice_index_info_get_explanation (bloated, SLUICE_INDEX_FLAG_BLOATED),
                            "B-tree estimate from pg_stats"));

  /* The id index saw the same non-HOT updates; bottom-up deletion keeps it
   * smaller, but what matters here is that a fresh build is not flagged. */
  sluice_test_pg_exec (conninfo, "REINDEX INDEX events_id_idx");
  g_clear_object (&health);
  health = load_health (connection);
  fresh = find_index (health, "events_id_idx");
  g_assert_true (sluice_index_info_get_bloat_available (fresh));
  g_assert_false (sluice_index_info_has_flag (fresh, SLUICE_INDEX_FLAG_BLOATED));
  g_assert_cmpfloat (sluice_index_info_get_bloat_ratio (fresh), <, 0.10);

  /* Never analyzed: no estimate, and it says why. */
  no_stats = find_index (health, "unanalyzed_id_idx");
  g_assert_false (sluice_index_info_get_bloat_available (no_stats));
  g_assert_false (sluice_index_info_has_flag (no_stats, SLUICE_INDEX_FLAG_BLOATED));
  g_assert_nonnull (strstr (sluice_index_info_get_bloat_note (no_stats), "ANALYZE"));
}

static void
test_unindexed_foreign_keys (void)
{
  g_autofree char *conninfo = sluice_test_pg_new_database ();
  g_autoptr(SluiceConnection) connection = NULL;
  g_autoptr(SluiceHealth) health = NULL;
  g_autoptr(SluiceUnindexedForeignKey) key = NULL;
  g_autofree char *sql = NULL;
  GListModel *keys;
  const char * const expected_columns[] = { "customer_id", NULL };

  sluice_test_pg_exec (conninfo,
                       "CREATE TABLE customers (id int PRIMARY KEY, region int, UNIQUE (id, region));"
                       "CREATE TABLE invoices (id int PRIMARY KEY, customer_id int REFERENCES customers);"
                       "CREATE TABLE payments (id int PRIMARY KEY, customer_id int REFERENCES customers);"
                       "CREATE INDEX payments_customer_idx ON payments (customer_id);"
                       /* Covered in another order by a longer index. */
                       "CREATE TABLE shipments (id int, region int, customer_id int,"
                       "  FOREIGN KEY (customer_id, region) REFERENCES customers (id, region));"
                       "CREATE INDEX shipments_region_customer_idx ON shipments (region, customer_id, id);"
                       /* A partial index does not cover every row. */
                       "CREATE TABLE refunds (id int, customer_id int REFERENCES customers);"
                       "CREATE INDEX refunds_customer_idx ON refunds (customer_id) WHERE id > 0;");

  connection = sluice_test_pg_connect (conninfo);
  health = load_health (connection);
  keys = sluice_health_get_unindexed_foreign_keys (health);

  g_assert_cmpuint (g_list_model_get_n_items (keys), ==, 2);
  key = g_list_model_get_item (keys, 0);
  g_assert_cmpstr (sluice_unindexed_foreign_key_get_table (key), ==, "invoices");
  g_assert_cmpstrv (sluice_unindexed_foreign_key_get_columns (key), expected_columns);
  g_assert_cmpstr (sluice_unindexed_foreign_key_get_referenced_table (key), ==, "customers");
  g_assert_cmpstr (sluice_unindexed_foreign_key_get_constraint_name (key), ==, "invoices_customer_id_fkey");
  sql = sluice_unindexed_foreign_key_dup_create_index_sql (key);
  g_assert_cmpstr (sql, ==, "CREATE INDEX CONCURRENTLY ON public.invoices (customer_id);");
  g_clear_object (&key);

  key = g_list_model_get_item (keys, 1);
  g_assert_cmpstr (sluice_unindexed_foreign_key_get_table (key), ==, "refunds");

  /* Creating the suggested index clears it. */
  sluice_test_pg_exec (conninfo, sql);
  g_clear_object (&health);
  health = load_health (connection);
  g_assert_cmpuint (g_list_model_get_n_items (sluice_health_get_unindexed_foreign_keys (health)), ==, 1);
}

static void
test_tables (void)
{
  g_autofree char *conninfo = sluice_test_pg_new_database ();
  g_autoptr(SluiceConnection) connection = NULL;
  g_autoptr(SluiceHealth) health = NULL;
  g_autofree char *total = NULL;
  g_autofree char *toast = NULL;
  SluiceTableHealth *big;
  SluiceTableHealth *small;

  exec_and_flush (conninfo,
                  "CREATE TABLE big (id int PRIMARY KEY, body text) WITH (autovacuum_enabled = false);"
                  "INSERT INTO big SELECT g, 'row ' || g FROM generate_series(1, 20000) g;"
                  "INSERT INTO big VALUES (0, (SELECT string_agg(md5(g::text), '') FROM generate_series(1, 2000) g));"
                  "DELETE FROM big WHERE id BETWEEN 1 AND 100;"
                  "CREATE TABLE small (id int PRIMARY KEY);"
                  "INSERT INTO small SELECT generate_series(1, 10)");
  /* Alone: VACUUM cannot run in the implicit transaction of a string of
   * statements. */
  sluice_test_pg_exec (conninfo, "VACUUM ANALYZE big");
  /* Whole-table reads, no index: the hint's case. */
  exec_and_flush (conninfo, "SELECT count(*) FROM big WHERE body LIKE '%7%'; SELECT count(*) FROM big WHERE body LIKE '%8%'");
  exec_and_flush (conninfo, "SELECT count(*) FROM small");
  total = sluice_test_pg_query_value (conninfo, "SELECT pg_total_relation_size('big')");
  toast = sluice_test_pg_query_value (conninfo, "SELECT pg_total_relation_size(reltoastrelid) FROM pg_class WHERE relname = 'big'");

  connection = sluice_test_pg_connect (conninfo);
  health = load_health (connection);

  big = sluice_health_find_table (health, "public", "big");
  g_assert_nonnull (big);
  g_assert_cmpint (sluice_table_health_get_total_bytes (big), ==, g_ascii_strtoll (total, NULL, 10));
  g_assert_cmpint (sluice_table_health_get_toast_bytes (big), ==, g_ascii_strtoll (toast, NULL, 10));
  g_assert_cmpint (sluice_table_health_get_toast_bytes (big), >, 0);
  g_assert_cmpint (sluice_table_health_get_heap_bytes (big), >, 0);
  g_assert_cmpint (sluice_table_health_get_index_bytes (big), >, 0);
  g_assert_cmpint (sluice_table_health_get_live_tuples (big), ==, 19901);
  g_assert_cmpint (sluice_table_health_get_deletes (big), ==, 100);
  g_assert_nonnull (sluice_table_health_get_last_vacuum (big));
  g_assert_nonnull (sluice_table_health_get_last_analyze (big));
  g_assert_null (sluice_table_health_get_last_autovacuum (big));
  g_assert_cmpint (sluice_table_health_get_vacuum_count (big), ==, 1);
  g_assert_cmpint (sluice_table_health_get_seq_scans (big), >=, 2);
  g_assert_true (sluice_table_health_get_mostly_sequential (big));
  g_assert_nonnull (sluice_table_health_get_hint (big));

  small = sluice_health_find_table (health, "public", "small");
  g_assert_nonnull (small);
  g_assert_false (sluice_table_health_get_mostly_sequential (small));
  g_assert_null (sluice_table_health_get_hint (small));
}

/* The sampler ---------------------------------------------------------------- */

typedef struct
{
  guint    samples;
  guint    removed_oid;
  gboolean removed;
} SamplerWatch;

static void
on_sampled (SluiceIndexSampler *sampler,
            gpointer            user_data)
{
  SamplerWatch *watch = user_data;

  watch->samples++;
}

static void
on_index_removed (SluiceIndexSampler *sampler,
                  guint               oid,
                  gpointer            user_data)
{
  SamplerWatch *watch = user_data;

  watch->removed_oid = oid;
  watch->removed = TRUE;
}

static gboolean
flag_after_samples (SamplerWatch *watch,
                    guint         target)
{
  return watch->samples >= target;
}

static void
wait_for_samples (SamplerWatch *watch,
                  guint         count)
{
  guint target = watch->samples + count;
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  while (!flag_after_samples (watch, target))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }
}

static double
sum_rates (SluiceIndexSampler *sampler,
           guint32             oid)
{
  g_autoptr(GArray) rates = sluice_index_sampler_dup_rates (sampler, oid);
  double sum = 0;

  for (guint i = 0; i < rates->len; i++)
    {
      g_assert_cmpfloat (g_array_index (rates, double, i), >=, 0);
      sum += g_array_index (rates, double, i);
    }
  return sum;
}

static void
test_sampler (void)
{
  g_autofree char *conninfo = sluice_test_pg_new_database ();
  g_autoptr(SluiceConnection) connection = NULL;
  g_autoptr(SluiceHealth) health = NULL;
  g_autoptr(SluiceIndexSampler) sampler = NULL;
  g_autoptr(GArray) after_reset = NULL;
  SamplerWatch watch = { 0 };
  SluiceIndexInfo *index;
  guint32 oid;
  gint64 deadline;

  sluice_test_pg_exec (conninfo,
                       "CREATE TABLE items (id int PRIMARY KEY, sku text);"
                       "INSERT INTO items SELECT g, 's' || g FROM generate_series(1, 1000) g;"
                       "CREATE INDEX items_sku_idx ON items (sku);"
                       "ANALYZE items");

  connection = sluice_test_pg_connect (conninfo);
  health = load_health (connection);
  index = find_index (health, "items_sku_idx");
  oid = sluice_index_info_get_oid (index);

  sampler = sluice_index_sampler_new (connection);
  g_assert_cmpuint (sluice_index_sampler_get_interval_ms (sampler), ==, 10000);
  sluice_index_sampler_set_interval_ms (sampler, 150);
  g_signal_connect (sampler, "sampled", G_CALLBACK (on_sampled), &watch);
  g_signal_connect (sampler, "index-removed", G_CALLBACK (on_index_removed), &watch);
  sluice_index_sampler_start (sampler);
  g_assert_true (sluice_index_sampler_get_running (sampler));

  wait_for_samples (&watch, 2);
  g_assert_cmpint (sluice_index_sampler_get_last_scans (sampler, oid), ==, 0);
  g_assert_cmpfloat (sum_rates (sampler, oid), ==, 0);

  /* Lookups through the index: the rate goes up. */
  deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
  exec_and_flush (conninfo,
                  "SET enable_seqscan = off;"
                  "SELECT * FROM items WHERE sku = 's1'; SELECT * FROM items WHERE sku = 's2';"
                  "SELECT * FROM items WHERE sku = 's3'");
  while (sum_rates (sampler, oid) <= 0)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }
  g_assert_cmpint (sluice_index_sampler_get_last_scans (sampler, oid), ==, 3);
  g_assert_cmpfloat (sluice_index_sampler_get_max_rate (sampler), >, 0);
  g_assert_null (sluice_index_sampler_get_last_error (sampler));

  /* pg_stat_reset(): the counters go back to zero, and the ring starts
   * again rather than showing a negative rate. */
  exec_and_flush (conninfo, "SELECT pg_stat_reset()");
  deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
  while (sluice_index_sampler_get_last_scans (sampler, oid) != 0)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }
  after_reset = sluice_index_sampler_dup_rates (sampler, oid);
  g_assert_cmpuint (after_reset->len, ==, 0);
  wait_for_samples (&watch, 2);
  g_assert_cmpfloat (sum_rates (sampler, oid), ==, 0);

  /* Dropped: its ring goes, and the page is told. */
  sluice_test_pg_exec (conninfo, "DROP INDEX items_sku_idx");
  deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
  while (!watch.removed)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }
  g_assert_cmpuint (watch.removed_oid, ==, oid);
  g_assert_cmpint (sluice_index_sampler_get_last_scans (sampler, oid), ==, -1);

  sluice_index_sampler_stop (sampler);
  g_assert_false (sluice_index_sampler_get_running (sampler));
}

/* Statistics snapshots --------------------------------------------------------- */

static void
test_stats_snapshot (void)
{
  g_autofree char *conninfo = sluice_test_pg_new_database ();
  g_autoptr(SluiceConnection) connection = NULL;
  g_autoptr(SluiceStatsSnapshot) saved = NULL;
  g_autoptr(SluiceStatsSnapshot) now = NULL;
  g_autoptr(GPtrArray) changes = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFile) expected = NULL;
  g_autoptr(GError) error = NULL;
  const SluiceIndexStat *stat;
  SluiceTestAsyncWait wait = { 0 };
  gboolean described = FALSE;

  sluice_test_pg_exec (conninfo,
                       "CREATE TABLE books (id int PRIMARY KEY, isbn text);"
                       "INSERT INTO books SELECT g, 'isbn' || g FROM generate_series(1, 500) g;"
                       "CREATE INDEX books_isbn_idx ON books (isbn)");
  exec_and_flush (conninfo, "SET enable_seqscan = off; SELECT * FROM books WHERE isbn = 'isbn1'");

  /* What the runner calls after applying migration 0003. */
  connection = sluice_test_pg_connect (conninfo);
  sluice_stats_snapshot_save_after_migration_async (connection, "prod-eu", "0003", NULL, sluice_test_store_result, &wait);
  sluice_test_wait_for (&wait.done, 30000);
  file = sluice_stats_snapshot_save_after_migration_finish (wait.result, &error);
  g_assert_no_error (error);
  g_clear_object (&wait.result);
  expected = sluice_stats_snapshot_file_for ("prod-eu", "0003");
  g_assert_true (g_file_equal (file, expected));
  g_assert_true (g_file_query_exists (file, NULL));

  saved = sluice_stats_snapshot_load_for ("prod-eu", "0003", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (sluice_stats_snapshot_get_profile_id (saved), ==, "prod-eu");
  g_assert_cmpstr (sluice_stats_snapshot_get_migration_version (saved), ==, "0003");
  g_assert_nonnull (sluice_stats_snapshot_get_taken_at (saved));
  stat = sluice_stats_snapshot_find_index (saved, "public", "books_isbn_idx");
  g_assert_nonnull (stat);
  g_assert_cmpint (stat->scans, ==, 1);
  g_assert_cmpuint (sluice_stats_snapshot_get_tables (saved)->len, ==, 1);

  /* Days later (here: five lookups later). */
  exec_and_flush (conninfo,
                  "SET enable_seqscan = off;"
                  "SELECT * FROM books WHERE isbn = 'isbn2'; SELECT * FROM books WHERE isbn = 'isbn3';"
                  "SELECT * FROM books WHERE isbn = 'isbn4'; SELECT * FROM books WHERE isbn = 'isbn5';"
                  "SELECT * FROM books WHERE isbn = 'isbn6'");
  wait.done = FALSE;
  sluice_stats_snapshot_capture_async (connection, NULL, sluice_test_store_result, &wait);
  sluice_test_wait_for (&wait.done, 30000);
  now = sluice_stats_snapshot_capture_finish (wait.result, &error);
  g_assert_no_error (error);
  g_clear_object (&wait.result);

  changes = sluice_stats_snapshot_compare (saved, now);
  for (guint i = 0; i < changes->len; i++)
    {
      const SluiceIndexUsageChange *change = g_ptr_array_index (changes, i);

      if (g_str_equal (change->name, "books_isbn_idx"))
        {
          g_autofree char *text = sluice_index_usage_change_describe (change);

          g_assert_cmpint (change->scans_since, ==, 5);
          g_assert_cmpstr (text, ==, "Since this snapshot: index public.books_isbn_idx was scanned 5 times.");
          described = TRUE;
        }
    }
  g_assert_true (described);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/health/unused", test_unused);
  g_test_add_func ("/health/redundant-and-duplicate", test_redundant_and_duplicate);
  g_test_add_func ("/health/invalid-and-drop", test_invalid_and_drop);
  g_test_add_func ("/health/reindex-and-quoting", test_reindex_and_quoting);
  g_test_add_func ("/health/bloated", test_bloated);
  g_test_add_func ("/health/unindexed-foreign-keys", test_unindexed_foreign_keys);
  g_test_add_func ("/health/tables", test_tables);
  g_test_add_func ("/health/sampler", test_sampler);
  g_test_add_func ("/health/stats-snapshot", test_stats_snapshot);

  return g_test_run ();
}
