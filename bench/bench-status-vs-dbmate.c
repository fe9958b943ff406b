/* bench-status-vs-dbmate.c: Sluice's status of 2,000 migrations against `dbmate status`
 *
 * Generates a dbmate folder of N migrations (small CREATE TABLE and ALTER
 * TABLE statements, 2,000 by default) in a temporary folder, applies them
 * with the real dbmate (`dbmate up`, from tests/interop's npm install), so
 * that schema_migrations holds N rows written by dbmate itself.  Then, on
 * the same folder and database, several runs of each:
 *
 *  - Sluice, in-process, through the core API: read the folder
 *    (SluiceMigrationFolder), connect, read the history (SluiceHistory,
 *    catalog probe included), join them (SluiceStatusReport);
 *  - `dbmate status`, as a program: what a person or a script waits for,
 *    process start and connection included.
 *
 * Prints the medians and their ratio.  Nothing about timings is asserted;
 * that both see N applied migrations is.
 *
 * Usage: bench-status-vs-dbmate [--migrations N] [--runs R]
 * It asks the pg harness for a fresh database.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>

#include "sluice-connection.h"
#include "sluice-history.h"
#include "sluice-migration-folder.h"
#include "sluice-status.h"
#include "sluice-test-interop.h"
#include "sluice-test-pg.h"

static int n_migrations = 2000;
static int n_runs = 7;

typedef struct
{
  double folder_ms;
  double connect_ms;
  double history_ms;
  double join_ms;
  double total_ms;
} SluiceTiming;

static double
ms_since (gint64 start_us)
{
  return (g_get_monotonic_time () - start_us) / 1000.0;
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a;
  double y = *(const double *) b;

  return x < y ? -1 : x > y ? 1 : 0;
}

static double
median (GArray *values)
{
  g_array_sort (values, compare_doubles);
  if (values->len % 2 == 1)
    return g_array_index (values, double, values->len / 2);
  return (g_array_index (values, double, values->len / 2 - 1) +
          g_array_index (values, double, values->len / 2)) / 2.0;
}

/* The folder: odd migrations create a table, even ones add a column to the
 * table the one before created.  Versions as dbmate writes them: 14 digits. */
static char *
generate_folder (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("sluice-bench-dbmate-XXXXXX", &error);

  g_assert_no_error (error);

  for (int i = 1; i <= n_migrations; i++)
    {
      g_autofree char *name = g_strdup_printf ("2025%010d_step_%d.sql", i, i);
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_autofree char *text = NULL;

      if (i % 2 == 1)
        text = g_strdup_printf ("-- migrate:up\nCREATE TABLE t_%d (id integer PRIMARY KEY, name text);\n\n"
                                "-- migrate:down\nDROP TABLE t_%d;\n", i, i);
      else
        text = g_strdup_printf ("-- migrate:up\nALTER TABLE t_%d ADD COLUMN c_%d integer;\n\n"
                                "-- migrate:down\nALTER TABLE t_%d DROP COLUMN c_%d;\n", i - 1, i, i - 1, i);
      sluice_test_write_file (path, text);
    }

  return dir;
}

static char *
database_url_env (const char *conninfo)
{
  g_autofree char *dbname = sluice_test_pg_dbname (conninfo);
  g_autofree char *host = g_uri_escape_string (sluice_test_pg_host (), NULL, FALSE);
  g_autofree char *user = g_uri_escape_string (sluice_test_pg_user (), NULL, FALSE);
  g_autofree char *db = g_uri_escape_string (dbname, NULL, FALSE);

  return g_strdup_printf ("DATABASE_URL=postgres://%s@/%s?socket=%s&port=%s&sslmode=disable",
                          user, db, host, sluice_test_pg_port ());
}

static void
run_dbmate (const char    *dbmate,
            const char    *url_env,
            const char    *dir,
            const char    *command,
            SluiceToolRun *run)
{
  sluice_test_run_program (run, dir, (const char * const []) { url_env, NULL },
                           (const char * const []) { dbmate, "--migrations-dir", dir,
                                                     "--no-dump-schema", command, NULL });
  if (run->status != 0)
    g_error ("dbmate %s failed (exit %d): %s", command, run->status, run->err);
}

typedef struct
{
  gboolean      done;
  GAsyncResult *result;
} Wait;

static void
on_done (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  Wait *wait = user_data;

  wait->result = g_object_ref (result);
  wait->done = TRUE;
}

/* One run of Sluice's whole status: folder, connection, history, join. */
static void
sluice_status_once (const char   *conninfo,
                    const char   *dir,
                    SluiceTiming *timing)
{
  g_autoptr(SluiceMigrationFolder) folder = NULL;
  g_autoptr(SluiceConnection) connection = NULL;
  g_autoptr(SluiceHistory) history = NULL;
  g_autoptr(SluiceStatusReport) report = NULL;
  g_autoptr(GError) error = NULL;
  gint64 start = g_get_monotonic_time ();
  gint64 step;
  Wait wait = { 0 };

  step = g_get_monotonic_time ();
  folder = sluice_migration_folder_load (dir, SLUICE_MIGRATION_FORMAT_AUTO, &error);
  g_assert_no_error (error);
  timing->folder_ms = ms_since (step);

  step = g_get_monotonic_time ();
  connection = sluice_connection_new (conninfo, NULL);
  sluice_connection_connect_async (connection, NULL, on_done, &wait);
  sluice_test_wait_for (&wait.done, 60000);
  g_assert_true (sluice_connection_connect_finish (connection, wait.result, &error));
  g_clear_object (&wait.result);
  timing->connect_ms = ms_since (step);

  step = g_get_monotonic_time ();
  wait.done = FALSE;
  sluice_history_read_async (connection, sluice_migration_folder_get_format (folder), NULL, on_done, &wait);
  sluice_test_wait_for (&wait.done, 60000);
  history = sluice_history_read_finish (wait.result, &error);
  g_assert_no_error (error);
  g_clear_object (&wait.result);
  timing->history_ms = ms_since (step);

  step = g_get_monotonic_time ();
  report = sluice_status_report_new (folder, history);
  timing->join_ms = ms_since (step);
  timing->total_ms = ms_since (start);

  /* The work was real: every migration read, every row joined. */
  g_assert_cmpint (sluice_migration_folder_get_format (folder), ==, SLUICE_MIGRATION_FORMAT_DBMATE);
  g_assert_cmpuint (g_list_model_get_n_items (sluice_migration_folder_get_migrations (folder)), ==, n_migrations);
  g_assert_cmpuint (g_list_model_get_n_items (sluice_history_get_entries (history)), ==, n_migrations);
  g_assert_cmpuint (sluice_status_report_count (report, SLUICE_STATUS_APPLIED), ==, n_migrations);
  g_assert_cmpuint (sluice_status_report_get_pending_count (report), ==, 0);

  sluice_connection_close (connection);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) sluice_total = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) sluice_folder = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) sluice_connect = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) sluice_history = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) sluice_join = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) dbmate_total = g_array_new (FALSE, FALSE, sizeof (double));
  g_autofree char *dbmate = NULL;
  g_autofree char *conninfo = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *url_env = NULL;
  g_autofree char *applied_line = NULL;
  SluiceToolRun run = { 0 };
  double sluice_ms, dbmate_ms;
  gint64 start;
  const GOptionEntry entries[] = {
    { "migrations", 'n', 0, G_OPTION_ARG_INT, &n_migrations, "Migrations in the folder (2000)", "N" },
    { "runs", 'r', 0, G_OPTION_ARG_INT, &n_runs, "Timed runs of each (7)", "R" },
    { NULL }
  };

  setlocale (LC_ALL, "");
  context = g_option_context_new (NULL);
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      fprintf (stderr, "%s\n", error->message);
      return 2;
    }
  if (n_migrations < 2 || n_runs < 1)
    {
      fprintf (stderr, "--migrations must be at least 2 and --runs at least 1\n");
      return 2;
    }

  /* g_test_fail_printf() needs a test; this is a program: no dbmate, no bench. */
  dbmate = g_build_filename (sluice_test_interop_dir (), "node_modules", ".bin", "dbmate", NULL);
  if (!g_file_test (dbmate, G_FILE_TEST_IS_EXECUTABLE))
    {
      fprintf (stderr, "bench-status-vs-dbmate: %s is missing: run `npm ci` in tests/interop "
               "(build-aux/dev.sh test does)\n", dbmate);
      return 1;
    }

  conninfo = sluice_test_pg_new_database ();
  url_env = database_url_env (conninfo);
  dir = generate_folder ();

  start = g_get_monotonic_time ();
  run_dbmate (dbmate, url_env, dir, "up", &run);
  printf ("dbmate up applied %d migrations in %.1f s (schema_migrations written by dbmate itself)\n",
          n_migrations, ms_since (start) / 1000.0);
  sluice_tool_run_clear (&run);

  /* One untimed run of each: the page cache and the server's caches warm
   * for both alike. */
  {
    SluiceTiming timing;

    sluice_status_once (conninfo, dir, &timing);
    run_dbmate (dbmate, url_env, dir, "status", &run);
    applied_line = g_strdup_printf ("Applied: %d\n", n_migrations);
    g_assert_nonnull (g_strstr_len (run.out, -1, applied_line));
    sluice_tool_run_clear (&run);
  }

  /* Interleaved, so that a slow moment of the machine hits both. */
  for (int i = 0; i < n_runs; i++)
    {
      SluiceTiming timing;
      double ms;

      sluice_status_once (conninfo, dir, &timing);
      g_array_append_val (sluice_total, timing.total_ms);
      g_array_append_val (sluice_folder, timing.folder_ms);
      g_array_append_val (sluice_connect, timing.connect_ms);
      g_array_append_val (sluice_history, timing.history_ms);
      g_array_append_val (sluice_join, timing.join_ms);

      start = g_get_monotonic_time ();
      run_dbmate (dbmate, url_env, dir, "status", &run);
      ms = ms_since (start);
      g_array_append_val (dbmate_total, ms);
      g_assert_nonnull (g_strstr_len (run.out, -1, applied_line));
      sluice_tool_run_clear (&run);
    }

  sluice_ms = median (sluice_total);
  dbmate_ms = median (dbmate_total);

  printf ("%d migrations, %d-row history, median of %d runs each\n", n_migrations, n_migrations, n_runs);
  printf ("  sluice (in-process): folder %.1f ms + connect %.1f ms + history %.1f ms + join %.2f ms\n",
          median (sluice_folder), median (sluice_connect), median (sluice_history), median (sluice_join));
  printf ("  dbmate status (a process: start, connect, read, print)\n");
  printf ("sluice %.0f ms, dbmate status %.0f ms: sluice takes %.2fx of dbmate's time\n",
          sluice_ms, dbmate_ms, sluice_ms / dbmate_ms);

  sluice_test_remove_tree (dir);
  return 0;
}
