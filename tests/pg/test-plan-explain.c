/* test-plan-explain.c: sluice_plan_explain_async() against a real server
 *
 * EXPLAIN runs inside BEGIN ... ROLLBACK: with ANALYZE a statement that
 * writes does its work and has it undone, and the plan says so; the
 * profile's statement timeout applies; cancelling stops the statement on
 * the server; and whatever happens, the connection is left outside any
 * transaction and usable.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "sluice.h"
#include "sluice-test-pg.h"

typedef struct
{
  gboolean          done;
  SluicePlan       *plan;
  GError           *error;
} Outcome;

static void
on_explained (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  Outcome *outcome = user_data;

  outcome->plan = sluice_plan_explain_finish (result, &outcome->error);
  outcome->done = TRUE;
}

static SluiceConnection *
connect_fixture (char **conninfo_out)
{
  g_autofree char *conninfo = sluice_test_pg_new_database ();
  SluiceConnection *connection;

  sluice_test_pg_exec (conninfo,
                       "CREATE TABLE items (id int PRIMARY KEY, label text NOT NULL);"
                       "INSERT INTO items SELECT g, 'item ' || g FROM generate_series (1, 5000) g;"
                       "ANALYZE items;");

  connection = sluice_test_pg_connect (conninfo);

  if (conninfo_out != NULL)
    *conninfo_out = g_steal_pointer (&conninfo);
  return connection;
}

static SluicePlan *
explain (SluiceConnection           *connection,
         const char                 *sql,
         const SluiceExplainOptions *options,
         GCancellable               *cancellable,
         GError                    **error)
{
  Outcome outcome = { 0 };

  sluice_plan_explain_async (connection, sql, options, cancellable, on_explained, &outcome);
  sluice_test_wait_for (&outcome.done, 30000);
  if (outcome.error != NULL)
    g_propagate_error (error, g_steal_pointer (&outcome.error));
  return outcome.plan;
}

static char *
query_value (SluiceConnection *connection,
             const char       *sql)
{
  g_autoptr(SluiceResult) result = sluice_test_query (connection, sql);

  return g_strdup (sluice_result_get_value (result, 0, 0));
}

/* Outside a transaction block each statement is a transaction of its
 * own: two statements that take a transaction id get two.  (Inside an
 * aborted one they would fail; inside an open one, share it.) */
static void
assert_no_transaction_left (SluiceConnection *connection)
{
  g_autofree char *first = query_value (connection, "SELECT txid_current ()");
  g_autofree char *second = query_value (connection, "SELECT txid_current ()");

  g_assert_cmpstr (first, !=, second);
}

static void
test_select (void)
{
  g_autoptr(SluiceConnection) connection = connect_fixture (NULL);
  g_autoptr(SluiceExplainOptions) options = sluice_explain_options_new ();
  g_autoptr(SluicePlan) plan = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  const SluiceExplainOptions *used;

  options->verbose = TRUE;
  options->settings = TRUE;
  options->wal = TRUE;
  options->serialize = TRUE;
  options->memory = TRUE;

  plan = explain (connection, "SELECT label FROM items WHERE id > 4000 ORDER BY label;", options, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (plan);

  g_assert_cmpint (sluice_plan_get_source_format (plan), ==, SLUICE_PLAN_FORMAT_JSON);
  g_assert_true (sluice_plan_has_actuals (plan));
  g_assert_true (sluice_plan_has_buffers (plan));
  g_assert_cmpfloat (sluice_plan_get_execution_ms (plan), >, 0);
  g_assert_cmpstr (sluice_plan_get_query (plan), ==, "SELECT label FROM items WHERE id > 4000 ORDER BY label;");
  g_assert_cmpint (sluice_plan_get_server_version (plan), ==, sluice_connection_get_server_version (connection));
  g_assert_nonnull (sluice_plan_get_captured_at (plan));
  g_assert_cmpint (g_date_time_difference (sluice_plan_get_captured_at (plan), now), <, 60 * G_USEC_PER_SEC);
  g_assert_false (sluice_plan_get_rolled_back (plan));
  g_assert_cmpstr (sluice_plan_node_get_node_type (sluice_plan_get_root (plan)), ==, "Sort");
  g_assert_nonnull (sluice_plan_node_get_output (sluice_plan_get_root (plan)));

  /* What this server knows was kept, what it does not was left out. */
  used = sluice_plan_get_options (plan);
  g_assert_true (used->analyze && used->buffers && used->verbose && used->timing);
  g_assert_cmpint (used->settings, ==, sluice_connection_get_server_version (connection) >= 120000);
  g_assert_cmpint (used->wal, ==, sluice_connection_get_server_version (connection) >= 130000);
  g_assert_cmpint (used->serialize, ==, sluice_connection_get_server_version (connection) >= 170000);

  assert_no_transaction_left (connection);
}

static void
test_write_rolled_back (void)
{
  g_autoptr(SluiceConnection) connection = connect_fixture (NULL);
  g_autoptr(SluiceExplainOptions) options = sluice_explain_options_new ();
  g_autoptr(SluicePlan) plan = NULL;
  g_autoptr(SluicePlan) estimate = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *count = NULL;

  g_assert_true (sluice_plan_statement_writes ("DELETE FROM items WHERE id <= 1000 RETURNING id"));
  plan = explain (connection, "DELETE FROM items WHERE id <= 1000 RETURNING id", options, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (sluice_plan_get_rolled_back (plan));
  g_assert_cmpstr (sluice_plan_node_get_operation (sluice_plan_get_root (plan)), ==, "Delete");
  g_assert_cmpfloat (sluice_plan_node_get_actual_rows (sluice_plan_get_root (plan)), ==, 1000);

  /* It did delete 1,000 rows, and they are all back. */
  count = query_value (connection, "SELECT count(*) FROM items");
  g_assert_cmpstr (count, ==, "5000");
  assert_no_transaction_left (connection);

  /* Without ANALYZE nothing ran, so nothing was rolled back. */
  options->analyze = FALSE;
  estimate = explain (connection, "DELETE FROM items", options, NULL, &error);
  g_assert_no_error (error);
  g_assert_false (sluice_plan_get_rolled_back (estimate));
  g_assert_false (sluice_plan_has_actuals (estimate));
  g_assert_false (sluice_plan_get_options (estimate)->analyze);
}

static void
test_statement_timeout (void)
{
  g_autoptr(SluiceConnection) connection = connect_fixture (NULL);
  g_autoptr(SluiceExplainOptions) options = sluice_explain_options_new ();
  g_autoptr(SluicePlan) plan = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *timeout = NULL;
  gint64 start = g_get_monotonic_time ();

  options->statement_timeout_ms = 200;
  plan = explain (connection, "SELECT pg_sleep (5)", options, NULL, &error);
  g_assert_null (plan);
  g_assert_true (sluice_server_error_matches (error, "57014"));
  g_assert_cmpint (g_get_monotonic_time () - start, <, 4 * G_USEC_PER_SEC);

  /* SET LOCAL: gone with the transaction. */
  timeout = query_value (connection, "SHOW statement_timeout");
  g_assert_cmpstr (timeout, ==, "0");
  assert_no_transaction_left (connection);
}

static gboolean
cancel_soon (gpointer data)
{
  g_cancellable_cancel (G_CANCELLABLE (data));
  return G_SOURCE_REMOVE;
}

static void
test_cancel (void)
{
  g_autoptr(SluiceConnection) connection = connect_fixture (NULL);
  g_autoptr(SluiceExplainOptions) options = sluice_explain_options_new ();
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(SluicePlan) plan = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *count = NULL;
  gint64 start = g_get_monotonic_time ();

  /* A write that is cancelled halfway: undone too. */
  g_timeout_add (300, cancel_soon, cancellable);
  plan = explain (connection,
                  "WITH gone AS (DELETE FROM items RETURNING id) SELECT count(*), pg_sleep (10) FROM gone",
                  options, cancellable, &error);
  g_assert_null (plan);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 8 * G_USEC_PER_SEC);

  count = query_value (connection, "SELECT count(*) FROM items");
  g_assert_cmpstr (count, ==, "5000");
  assert_no_transaction_left (connection);
}

static void
test_refused_and_failed (void)
{
  g_autoptr(SluiceConnection) connection = connect_fixture (NULL);
  g_autoptr(SluiceExplainOptions) options = sluice_explain_options_new ();
  const char *refused[] = { "SELECT 1; DELETE FROM items", "EXPLAIN SELECT 1", "   " };
  g_autoptr(GError) error = NULL;
  g_autoptr(SluicePlan) plan = NULL;
  g_autoptr(SluicePlan) after = NULL;
  g_autofree char *count = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_autoptr(GError) refused_error = NULL;
      g_autoptr(SluicePlan) refused_plan = explain (connection, refused[i], options, NULL, &refused_error);

      g_assert_null (refused_plan);
      g_assert_error (refused_error, SLUICE_ERROR, SLUICE_ERROR_INVALID_INPUT);
    }
  count = query_value (connection, "SELECT count(*) FROM items");
  g_assert_cmpstr (count, ==, "5000");

  /* The server's error comes back, and the transaction is gone. */
  plan = explain (connection, "SELECT no_such_column FROM items", options, NULL, &error);
  g_assert_null (plan);
  g_assert_true (sluice_server_error_matches (error, "42703"));
  assert_no_transaction_left (connection);

  after = explain (connection, "SELECT count(*) FROM items", options, NULL, &error);
  g_assert_nonnull (after);
  g_assert_cmpuint (sluice_plan_get_n_nodes (after), >=, 1);
}

static void
test_saved (void)
{
  g_autoptr(SluiceConnection) connection = connect_fixture (NULL);
  g_autoptr(SluiceExplainOptions) options = sluice_explain_options_new ();
  g_autoptr(SluicePlan) plan = NULL;
  g_autoptr(SluicePlan) loaded = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("sluice-plan-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "explain.json", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);

  options->statement_timeout_ms = 30000;
  plan = explain (connection, "UPDATE items SET label = label || '!' WHERE id < 100", options, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (sluice_plan_save_to_file (plan, file, NULL, &error));
  g_assert_no_error (error);

  loaded = sluice_plan_new_from_file (file, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sluice_plan_get_n_nodes (loaded), ==, sluice_plan_get_n_nodes (plan));
  g_assert_cmpstr (sluice_plan_get_query (loaded), ==, "UPDATE items SET label = label || '!' WHERE id < 100");
  g_assert_true (sluice_plan_get_rolled_back (loaded));
  g_assert_cmpint (sluice_plan_get_server_version (loaded), ==, sluice_plan_get_server_version (plan));
  g_assert_cmpuint (sluice_plan_get_options (loaded)->statement_timeout_ms, ==, 30000);
  g_assert_true (g_date_time_equal (sluice_plan_get_captured_at (loaded), sluice_plan_get_captured_at (plan)));
  g_assert_cmpfloat (sluice_plan_get_execution_ms (loaded), ==, sluice_plan_get_execution_ms (plan));

  g_assert_true (g_file_delete (file, NULL, NULL));
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/plan/explain/select", test_select);
  g_test_add_func ("/plan/explain/write-rolled-back", test_write_rolled_back);
  g_test_add_func ("/plan/explain/statement-timeout", test_statement_timeout);
  g_test_add_func ("/plan/explain/cancel", test_cancel);
  g_test_add_func ("/plan/explain/refused-and-failed", test_refused_and_failed);
  g_test_add_func ("/plan/explain/saved", test_saved);

  return g_test_run ();
}
