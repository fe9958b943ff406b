/* test-overview.c: the Overview facts, read from a real server
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <libpq-fe.h>
#include <string.h>

#include "sluice.h"
#include "sluice-test-pg.h"

/* The figures the page shows, read independently with plain libpq. */
static void
test_overview_reads_server_facts (void)
{
  g_autofree char *conninfo = sluice_test_pg_new_database ();
  g_autoptr(SluiceConnection) connection = NULL;
  g_autoptr(SluiceOverview) overview = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *expected_version = NULL;
  g_autofree char *expected_database = NULL;
  g_autofree char *expected_tickets_bytes = NULL;
  SluiceTestAsyncWait wait = { 0 };
  GPtrArray *tables;
  GPtrArray *extensions;
  gboolean found_plpgsql = FALSE;
  SluiceTableSize *largest;

  sluice_test_pg_exec (conninfo,
                       "CREATE SCHEMA app;"
                       "CREATE TABLE app.tickets (id bigint PRIMARY KEY, title text NOT NULL);"
                       "INSERT INTO app.tickets SELECT g, repeat('ticket ', 20) || g FROM generate_series(1, 20000) g;"
                       "CREATE TABLE public.tags (id int PRIMARY KEY, name text);"
                       "INSERT INTO public.tags SELECT g, 'tag ' || g FROM generate_series(1, 50) g;"
                       "CREATE TABLE public.empty_one (id int);"
                       "ANALYZE;");

  expected_version = sluice_test_pg_query_value (conninfo, "SELECT current_setting('server_version')");
  expected_database = sluice_test_pg_query_value (conninfo, "SELECT current_database()");
  expected_tickets_bytes = sluice_test_pg_query_value (conninfo, "SELECT pg_total_relation_size('app.tickets')");

  connection = sluice_test_pg_connect (conninfo);
  sluice_overview_load_async (connection, NULL, sluice_test_store_result, &wait);
  sluice_test_wait_for (&wait.done, 30000);
  overview = sluice_overview_load_finish (wait.result, &error);
  g_object_unref (wait.result);
  g_assert_no_error (error);
  g_assert_nonnull (overview);

  g_assert_cmpstr (sluice_overview_get_server_version (overview), ==, expected_version);
  g_assert_cmpstr (sluice_overview_get_database (overview), ==, expected_database);
  g_assert_cmpint (sluice_overview_get_database_bytes (overview), >, 1000000);
  g_assert_nonnull (sluice_overview_get_started_at (overview));
  g_assert_cmpint (sluice_overview_get_uptime_seconds (overview), >=, 0);
  g_assert_cmpint (sluice_overview_get_connections_used (overview), >=, 1);
  g_assert_cmpint (sluice_overview_get_connections_max (overview), >=,
                   sluice_overview_get_connections_used (overview));
  g_assert_cmpint (sluice_overview_get_round_trip_us (overview), >, 0);

  tables = sluice_overview_get_largest_tables (overview);
  g_assert_cmpuint (tables->len, ==, 3);
  largest = g_ptr_array_index (tables, 0);
  g_assert_cmpstr (largest->schema, ==, "app");
  g_assert_cmpstr (largest->name, ==, "tickets");
  g_assert_cmpint (largest->total_bytes, ==, g_ascii_strtoll (expected_tickets_bytes, NULL, 10));
  g_assert_cmpint (largest->index_bytes, >, 0);
  g_assert_cmpint (largest->estimated_rows, ==, 20000);
  for (guint i = 1; i < tables->len; i++)
    {
      SluiceTableSize *previous = g_ptr_array_index (tables, i - 1);
      SluiceTableSize *current = g_ptr_array_index (tables, i);

      g_assert_cmpint (previous->total_bytes, >=, current->total_bytes);
    }

  extensions = sluice_overview_get_extensions (overview);
  for (guint i = 0; i < extensions->len; i++)
    {
      SluiceExtensionInfo *info = g_ptr_array_index (extensions, i);

      if (g_strcmp0 (info->name, "plpgsql") == 0)
        found_plpgsql = info->version != NULL && info->schema != NULL;
    }
  g_assert_true (found_plpgsql);
}

static void
test_overview_lists_at_most_ten_tables (void)
{
  g_autofree char *conninfo = sluice_test_pg_new_database ();
  g_autoptr(SluiceConnection) connection = NULL;
  g_autoptr(SluiceOverview) overview = NULL;
  g_autoptr(GError) error = NULL;
  SluiceTestAsyncWait wait = { 0 };

  sluice_test_pg_exec (conninfo,
                       "DO $$ BEGIN FOR i IN 1..15 LOOP "
                       "EXECUTE format('CREATE TABLE %I (v int)', 't' || i); "
                       "EXECUTE format('INSERT INTO %I SELECT generate_series(1, %s)', 't' || i, i * 2000); "
                       "END LOOP; END $$");

  connection = sluice_test_pg_connect (conninfo);
  sluice_overview_load_async (connection, NULL, sluice_test_store_result, &wait);
  sluice_test_wait_for (&wait.done, 30000);
  overview = sluice_overview_load_finish (wait.result, &error);
  g_object_unref (wait.result);
  g_assert_no_error (error);

  g_assert_cmpuint (sluice_overview_get_largest_tables (overview)->len, ==, 10);
  g_assert_cmpstr (((SluiceTableSize *) g_ptr_array_index (sluice_overview_get_largest_tables (overview), 0))->name,
                   ==, "t15");
}

static void
test_overview_cancelled (void)
{
  g_autofree char *conninfo = sluice_test_pg_new_database ();
  g_autoptr(SluiceConnection) connection = sluice_test_pg_connect (conninfo);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(SluiceOverview) overview = NULL;
  g_autoptr(GError) error = NULL;
  SluiceTestAsyncWait wait = { 0 };

  sluice_overview_load_async (connection, cancellable, sluice_test_store_result, &wait);
  g_cancellable_cancel (cancellable);
  sluice_test_wait_for (&wait.done, 30000);
  overview = sluice_overview_load_finish (wait.result, &error);
  g_object_unref (wait.result);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (overview);
}

static char *
query_on (SluiceConnection *connection,
          const char       *sql)
{
  g_autoptr(SluiceResult) result = sluice_test_query (connection, sql);

  return g_strdup (sluice_result_get_value (result, 0, 0));
}

/* An ALTER TABLE holding its lock must not hang the page: the sizes give
 * up after the pipeline's own lock_timeout, which ends with the pipeline. */
static void
test_overview_gives_up_on_locked_table (void)
{
  g_autofree char *conninfo = sluice_test_pg_new_database ();
  g_autoptr(SluiceConnection) connection = NULL;
  g_autoptr(SluiceOverview) overview = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *lock_timeout = NULL;
  SluiceTestAsyncWait wait = { 0 };
  PGconn *holder;
  PGresult *locked;

  sluice_test_pg_exec (conninfo, "CREATE TABLE busy (id int); INSERT INTO busy VALUES (1)");

  holder = sluice_test_pg_session_open (conninfo);
  sluice_test_pg_session_exec (holder, "BEGIN; LOCK TABLE busy IN ACCESS EXCLUSIVE MODE");

  /* Without the timeout the load waits for the lock as long as it is held:
   * the wait below would fail the test. */
  connection = sluice_test_pg_connect (conninfo);
  sluice_overview_load_async (connection, NULL, sluice_test_store_result, &wait);
  sluice_test_wait_for (&wait.done, 20000);
  overview = sluice_overview_load_finish (wait.result, &error);
  g_clear_object (&wait.result);
  g_assert_null (overview);
  g_assert_true (sluice_server_error_matches (error, "55P03"));
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "lock"));
  g_clear_error (&error);

  /* The setting was local to the pipeline's transaction. */
  lock_timeout = query_on (connection, "SHOW lock_timeout");
  g_assert_cmpstr (lock_timeout, ==, "0");

  locked = PQexec (holder, "COMMIT");
  g_assert_cmpint (PQresultStatus (locked), ==, PGRES_COMMAND_OK);
  PQclear (locked);
  PQfinish (holder);

  wait = (SluiceTestAsyncWait) { 0 };
  sluice_overview_load_async (connection, NULL, sluice_test_store_result, &wait);
  sluice_test_wait_for (&wait.done, 30000);
  overview = sluice_overview_load_finish (wait.result, &error);
  g_object_unref (wait.result);
  g_assert_no_error (error);
  g_assert_cmpuint (sluice_overview_get_largest_tables (overview)->len, ==, 1);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/overview/server-facts", test_overview_reads_server_facts);
  g_test_add_func ("/overview/ten-largest", test_overview_lists_at_most_ten_tables);
  g_test_add_func ("/overview/cancelled", test_overview_cancelled);
  g_test_add_func ("/overview/locked-table", test_overview_gives_up_on_locked_table);

  return g_test_run ();
}
