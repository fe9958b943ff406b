/* test-runner.c: the guided run (SluiceRunner) on a real server
 *
 * Preflight checks against real sessions (a lock held, the runner's
 * advisory lock taken, an invalid index left by a failed build), the
 * guards (no preflight, blocking lint, prod without a backup decision),
 * a whole run with its snapshots, verification and ANALYZE, a failure in
 * the middle, and an undeclared change caught by verification.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <libpq-fe.h>
#include <locale.h>
#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "sluice.h"
#include "sluice-executor.h"
#include "sluice-run-monitor.h"
#include "sluice-runner.h"
#include "sluice-test-pg.h"

/* Helpers */

static SluiceMigrationFolder *
load_folder (const char *dir)
{
  g_autoptr(GError) error = NULL;
  SluiceMigrationFolder *folder = sluice_migration_folder_load (dir, SLUICE_MIGRATION_FORMAT_SLUICE, &error);

  g_assert_no_error (error);
  g_assert_nonnull (folder);
  return folder;
}

typedef struct
{
  GPtrArray *events;   /* SluiceRunEvent */
} Recorder;

static void
record_event (SluiceRunner   *runner,
              SluiceRunEvent *event,
              Recorder       *recorder)
{
  g_autofree char *line = sluice_run_event_to_line (event);

  g_test_message ("%s", line);
  g_ptr_array_add (recorder->events, g_object_ref (event));
}

static gboolean
has_event (Recorder           *recorder,
           SluiceRunEventKind  kind,
           const char         *fragment)
{
  for (guint i = 0; i < recorder->events->len; i++)
    {
      SluiceRunEvent *event = g_ptr_array_index (recorder->events, i);

      if (sluice_run_event_get_kind (event) == kind &&
          (fragment == NULL || strstr (sluice_run_event_get_message (event), fragment) != NULL))
        return TRUE;
    }
  return FALSE;
}

static gboolean
preflight (SluiceRunner  *runner,
           GError       **error)
{
  SluiceTestAsyncWait wait = { 0 };
  gboolean ok;

  sluice_runner_preflight_async (runner, NULL, sluice_test_store_result, &wait);
  sluice_test_wait_for (&wait.done, 20000);
  ok = sluice_runner_preflight_finish (runner, wait.result, error);
  g_object_unref (wait.result);
  return ok;
}

static gboolean
execute (SluiceRunner  *runner,
         GError       **error)
{
  SluiceTestAsyncWait wait = { 0 };
  gboolean ok;

  sluice_runner_execute_async (runner, NULL, sluice_test_store_result, &wait);
  sluice_test_wait_for (&wait.done, 30000);
  ok = sluice_runner_execute_finish (runner, wait.result, error);
  g_object_unref (wait.result);
  return ok;
}

static const SluicePreflightCheck *
find_check (SluiceRunner *runner,
            const char   *id)
{
  GPtrArray *checks = sluice_runner_get_checks (runner);

  for (guint i = 0; i < checks->len; i++)
    {
      const SluicePreflightCheck *check = g_ptr_array_index (checks, i);

      if (g_str_equal (check->id, id))
        return check;
    }
  g_error ("no check %s", id);
}

static const char * const shop_files[] = {
  "0001_customers.sql",
  "-- sluice:up\n"
  "CREATE TABLE customers (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, name text NOT NULL);\n"
  "-- sluice:down\n"
  "DROP TABLE customers;\n",
  "0002_orders.sql",
  "-- sluice:up\n"
  "CREATE TABLE orders (id bigserial PRIMARY KEY,\n"
  "  customer_id bigint NOT NULL REFERENCES customers (id), total numeric NOT NULL DEFAULT 0);\n"
  "CREATE INDEX orders_customer_idx ON orders (customer_id);\n"
  "-- sluice:down\n"
  "DROP TABLE orders;\n",
  NULL
};

/* A whole run: preflight, lint, execution, verification, ANALYZE */

static void
test_runner_migrate (void)
{
  g_autofree char *conninfo = sluice_test_pg_new_database ();
  g_autofree char *dir = sluice_test_make_folder ("runner", shop_files);
  g_autoptr(SluiceMigrationFolder) folder = load_folder (dir);
  g_autoptr(SluiceConnection) connection = sluice_test_pg_connect (conninfo);
  g_autoptr(SluiceProfile) profile = sluice_profile_new ("dev", SLUICE_ENVIRONMENT_DEV, conninfo);
  g_autoptr(SluiceRunner) runner = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) events = g_ptr_array_new_with_free_func (g_object_unref);
  Recorder recorder = { events };
  static const char * const ids[] = {
    "connection", "drift", "pending", "privileges", "long-transactions",
    "blocking-sessions", "invalid-indexes", "replication-lag", "runner-lock", NULL,
  };
  g_auto(GStrv) undeclared = NULL;
  g_auto(GStrv) tables = NULL;
  g_autofree char *description = NULL;
  g_autofree char *count = NULL;
  g_autofree char *analyzed = NULL;
  g_autoptr(GFile) snapshots = NULL;
  g_autoptr(GFileEnumerator) enumerator = NULL;
  guint n_before = 0, n_after = 0;
  SluiceTestAsyncWait wait = { 0 };

  runner = sluice_runner_new_migrate (profile, connection, folder, NULL);
  g_signal_connect (runner, "event", G_CALLBACK (record_event), &recorder);

  /* Before preflight nothing runs. */
  g_assert_false (execute (runner, &error));
  g_assert_error (error, SLUICE_ERROR, SLUICE_ERROR_FAILED);
  g_assert_nonnull (strstr (error->message, "nothing was run"));
  g_clear_error (&error);

  g_assert_true (preflight (runner, &error));
  g_assert_no_error (error);
  for (guint i = 0; ids[i] != NULL; i++)
    {
      const SluicePreflightCheck *check = find_check (runner, ids[i]);

      g_assert_cmpint (check->state, ==, SLUICE_CHECK_OK);
      g_assert_nonnull (check->message);
    }
  g_assert_cmpuint (sluice_runner_get_migrations (runner)->len, ==, 2);
  g_assert_nonnull (strstr (find_check (runner, "pending")->message, "0001"));

  sluice_runner_lint (runner);
  g_assert_false (sluice_runner_lint_blocks (runner));
  g_assert_false (sluice_runner_backup_required (runner));

  g_assert_true (execute (runner, &error));
  g_assert_no_error (error);
  g_assert_cmpstrv (sluice_runner_get_done (runner), ((const char * const []) { "0001", "0002", NULL }));
  g_assert_null (sluice_runner_get_failed_version (runner));

  count = sluice_test_pg_query_value (conninfo, "SELECT count(*) FROM sluice.migrations");
  g_assert_cmpstr (count, ==, "2");

  /* Verification: what was created, nothing undeclared. */
  g_assert_nonnull (sluice_runner_get_verification_diff (runner));
  description = sluice_runner_describe_changes (runner);
  g_test_message ("%s", description);
  g_assert_nonnull (strstr (description, "2 tables"));
  undeclared = sluice_runner_get_undeclared_changes (runner);
  g_assert_cmpstrv (undeclared, ((const char * const []) { NULL }));
  tables = sluice_runner_get_tables_to_analyze (runner);
  g_assert_true (g_strv_contains ((const char * const *) tables, "public.orders"));
  g_assert_true (g_strv_contains ((const char * const *) tables, "public.customers"));

  sluice_runner_analyze_async (runner, NULL, sluice_test_store_result, &wait);
  sluice_test_wait_for (&wait.done, 20000);
  g_assert_true (sluice_runner_analyze_finish (runner, wait.result, &error));
  g_assert_no_error (error);
  g_object_unref (wait.result);
  analyzed = sluice_test_pg_query_value (conninfo, "SELECT count(*) FROM pg_stat_user_tables "
                                                   "WHERE relname IN ('orders', 'customers') AND last_analyze IS NOT NULL");
  g_assert_cmpstr (analyzed, ==, "2");

  /* The snapshots are where a rollback plan looks for them. */
  snapshots = sluice_catalog_folder_for_profile (sluice_profile_get_id (profile));
  enumerator = g_file_enumerate_children (snapshots, G_FILE_ATTRIBUTE_STANDARD_NAME, 0, NULL, &error);
  g_assert_no_error (error);
  for (;;)
    {
      GFileInfo *info = NULL;

      g_assert_true (g_file_enumerator_iterate (enumerator, &info, NULL, NULL, &error));
      if (info == NULL)
        break;
      if (g_str_has_suffix (g_file_info_get_name (info), "-before-0001.json"))
        n_before++;
      if (g_str_has_suffix (g_file_info_get_name (info), "-after-0002.json"))
        n_after++;
    }
  g_assert_cmpuint (n_before, ==, 1);
  g_assert_cmpuint (n_after, ==, 1);

  /* The log a person follows. */
  g_assert_true (has_event (&recorder, SLUICE_RUN_EVENT_STEP, NULL));
  g_assert_true (has_event (&recorder, SLUICE_RUN_EVENT_MIGRATION_DONE, NULL));
  g_assert_true (has_event (&recorder, SLUICE_RUN_EVENT_INFO, "2 tables"));
  g_assert_true (has_event (&recorder, SLUICE_RUN_EVENT_FINISHED, NULL));

  /* Again: nothing pending is no error. */
  g_assert_true (preflight (runner, &error));
  g_assert_cmpuint (sluice_runner_get_migrations (runner)->len, ==, 0);
  g_assert_true (execute (runner, &error));
  g_assert_no_error (error);

  sluice_connection_close (connection);
}

/* --to: only up to a version */

static void
test_runner_target_version (void)
{
  g_autofree char *conninfo = sluice_test_pg_new_database ();
  g_autofree char *dir = sluice_test_make_folder ("runner", shop_files);
  g_autoptr(SluiceMigrationFolder) folder = load_folder (dir);
  g_autoptr(SluiceConnection) connection = sluice_test_pg_connect (conninfo);
  g_autoptr(SluiceProfile) profile = sluice_profile_new ("dev", SLUICE_ENVIRONMENT_DEV, conninfo);
  g_autoptr(SluiceRunner) runner = NULL;
  g_autoptr(SluiceRunner) unknown = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *orders = NULL;

  runner = sluice_runner_new_migrate (profile, connection, folder, "0001");
  g_assert_true (preflight (runner, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (sluice_runner_get_migrations (runner)->len, ==, 1);
  g_assert_true (execute (runner, &error));
  g_assert_cmpstrv (sluice_runner_get_done (runner), ((const char * const []) { "0001", NULL }));
  orders = sluice_test_pg_query_value (conninfo, "SELECT to_regclass('public.orders')::text");
  g_assert_null (orders);

  /* A version the folder does not hold blocks the run. */
  unknown = sluice_runner_new_migrate (profile, connection, folder, "0042");
  g_assert_false (preflight (unknown, &error));
  g_assert_error (error, SLUICE_ERROR, SLUICE_ERROR_FAILED);
  g_assert_cmpint (find_check (unknown, "pending")->state, ==, SLUICE_CHECK_ERROR);

  sluice_connection_close (connection);
}

/* Preflight against other sessions */

static void
test_runner_preflight_sessions (void)
{
  g_autofree char *conninfo = sluice_test_pg_new_database ();
  g_autofree char *dir = NULL;
  g_autoptr(SluiceMigrationFolder) folder = NULL;
  g_autoptr(SluiceConnection) connection = sluice_test_pg_connect (conninfo);
  g_autoptr(SluiceProfile) profile = sluice_profile_new ("dev", SLUICE_ENVIRONMENT_DEV, conninfo);
  g_autoptr(SluiceRunner) runner = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *lock_sql = NULL;
  const SluicePreflightCheck *check;
  PGconn *holder;
  PGresult *result;
  static const char * const files[] = {
    "0001_note.sql",
    "-- sluice:up\nALTER TABLE items ADD COLUMN note text;\n-- sluice:down\nALTER TABLE items DROP COLUMN note;\n",
    NULL
  };

  /* An invalid index left by a failed unique build. */
  sluice_test_pg_exec (conninfo, "CREATE TABLE items (id int); INSERT INTO items VALUES (1), (1);");
  holder = PQconnectdb (conninfo);
  g_assert_cmpint (PQstatus (holder), ==, CONNECTION_OK);
  result = PQexec (holder, "CREATE UNIQUE INDEX CONCURRENTLY items_id_key ON items (id)");
  g_assert_cmpint (PQresultStatus (result), ==, PGRES_FATAL_ERROR);
  PQclear (result);

  /* Another session holds a lock on the table the migration alters. */
  result = PQexec (holder, "BEGIN; LOCK TABLE items IN ROW EXCLUSIVE MODE;");
  g_assert_cmpint (PQresultStatus (result), ==, PGRES_COMMAND_OK);
  PQclear (result);

  dir = sluice_test_make_folder ("runner", files);
  folder = load_folder (dir);
  runner = sluice_runner_new_migrate (profile, connection, folder, NULL);

  g_assert_true (preflight (runner, &error));
  g_assert_no_error (error);
  check = find_check (runner, "blocking-sessions");
  g_assert_cmpint (check->state, ==, SLUICE_CHECK_WARNING);
  g_assert_nonnull (strstr (check->message, "public.items"));
  g_assert_nonnull (strstr (check->message, "RowExclusiveLock"));
  check = find_check (runner, "invalid-indexes");
  g_assert_cmpint (check->state, ==, SLUICE_CHECK_WARNING);
  g_assert_nonnull (strstr (check->message, "items_id_key"));

  /* Another runner holds the advisory lock: that blocks. */
  result = PQexec (holder, "ROLLBACK");
  PQclear (result);
  lock_sql = g_strdup_printf ("SELECT pg_advisory_lock(%" G_GINT64_FORMAT ")", sluice_executor_advisory_key ());
  result = PQexec (holder, lock_sql);
  g_assert_cmpint (PQresultStatus (result), ==, PGRES_TUPLES_OK);
  PQclear (result);

  g_assert_false (preflight (runner, &error));
  g_assert_error (error, SLUICE_ERROR, SLUICE_ERROR_FAILED);
  g_clear_error (&error);
  check = find_check (runner, "runner-lock");
  g_assert_cmpint (check->state, ==, SLUICE_CHECK_ERROR);
  g_assert_nonnull (strstr (check->message, "pid"));
  g_assert_cmpint (find_check (runner, "blocking-sessions")->state, ==, SLUICE_CHECK_OK);

  /* And execute refuses, having changed nothing. */
  g_assert_false (execute (runner, &error));
  g_assert_error (error, SLUICE_ERROR, SLUICE_ERROR_FAILED);
  g_assert_null (sluice_test_pg_query_value (conninfo, "SELECT attname FROM pg_attribute WHERE attrelid = 'items'::regclass AND attname = 'note'"));

  PQfinish (holder);
  sluice_connection_close (connection);
}

/* The guards of a prod profile: lint errors and the backup decision */

static void
test_runner_prod_guards (void)
{
  g_autofree char *conninfo = sluice_test_pg_new_database ();
  g_autofree char *dir = NULL;
  g_autoptr(SluiceMigrationFolder) folder = NULL;
  g_autoptr(SluiceConnection) connection = sluice_test_pg_connect (conninfo);
  g_autoptr(SluiceProfile) profile = sluice_profile_new ("prod", SLUICE_ENVIRONMENT_PROD, conninfo);
  g_autoptr(SluiceRunner) runner = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *note = NULL;
  g_autofree char *index = NULL;
  GPtrArray *findings;
  gboolean blocking_rule = FALSE;
  static const char * const files[] = {
    "0001_index.sql",
    "-- sluice:up\nCREATE INDEX items_id_idx ON items (id);\n-- sluice:down\nDROP INDEX items_id_idx;\n",
    NULL
  };

  sluice_test_pg_exec (conninfo, "CREATE TABLE items (id int)");
  sluice_profile_set_guard (profile, SLUICE_GUARD_STRICT);
  dir = sluice_test_make_folder ("runner", files);
  folder = load_folder (dir);
  runner = sluice_runner_new_migrate (profile, connection, folder, NULL);

  g_assert_true (preflight (runner, &error));
  g_assert_true (sluice_runner_backup_required (runner));

  findings = sluice_runner_lint (runner);
  for (guint i = 0; i < findings->len; i++)
    {
      const SluiceLintFinding *finding = g_ptr_array_index (findings, i);

      if (g_str_equal (finding->rule, "create-index-not-concurrently") &&
          finding->severity == SLUICE_LINT_SEVERITY_ERROR)
        blocking_rule = TRUE;
    }
  g_assert_true (blocking_rule);
  g_assert_true (sluice_runner_lint_blocks (runner));

  g_assert_false (execute (runner, &error));
  g_assert_error (error, SLUICE_ERROR, SLUICE_ERROR_FAILED);
  g_assert_nonnull (strstr (error->message, "lint"));
  g_clear_error (&error);

  sluice_runner_acknowledge_lint (runner);
  g_assert_false (sluice_runner_lint_blocks (runner));

  /* No backup and no reason: refused. */
  g_assert_false (execute (runner, &error));
  g_assert_error (error, SLUICE_ERROR, SLUICE_ERROR_FAILED);
  g_assert_nonnull (strstr (error->message, "backup"));
  g_clear_error (&error);
  g_assert_null (sluice_test_pg_query_value (conninfo, "SELECT to_regclass('items_id_idx')::text"));

  /* A reason is enough, and it is recorded in the run log. */
  sluice_runner_skip_backup (runner, "staging copy restored at 14:00");
  g_assert_true (execute (runner, &error));
  g_assert_no_error (error);
  index = sluice_test_pg_query_value (conninfo, "SELECT to_regclass('items_id_idx')::text");
  g_assert_cmpstr (index, ==, "items_id_idx");
  note = sluice_test_pg_query_value (conninfo, "SELECT note FROM sluice.run_log ORDER BY id DESC LIMIT 1");
  g_assert_nonnull (note);
  g_assert_nonnull (strstr (note, "staging copy restored at 14:00"));

  sluice_connection_close (connection);
}

/* A failure in the middle: the first migration stays, the run says which failed */

static void
test_runner_failure (void)
{
  g_autofree char *conninfo = sluice_test_pg_new_database ();
  g_autofree char *dir = NULL;
  g_autoptr(SluiceMigrationFolder) folder = NULL;
  g_autoptr(SluiceConnection) connection = sluice_test_pg_connect (conninfo);
  g_autoptr(SluiceProfile) profile = sluice_profile_new ("dev", SLUICE_ENVIRONMENT_DEV, conninfo);
  g_autoptr(SluiceRunner) runner = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) events = g_ptr_array_new_with_free_func (g_object_unref);
  Recorder recorder = { events };
  g_autofree char *applied = NULL;
  g_autofree char *half = NULL;
  static const char * const files[] = {
    "0001_a.sql", "-- sluice:up\nCREATE TABLE a (id int);\n",
    "0002_b.sql", "-- sluice:up\nCREATE TABLE b (id int);\nCREATE TABLE c (id nosuchtype);\n",
    "0003_d.sql", "-- sluice:up\nCREATE TABLE d (id int);\n",
    NULL
  };

  dir = sluice_test_make_folder ("runner", files);
  folder = load_folder (dir);
  runner = sluice_runner_new_migrate (profile, connection, folder, NULL);
  g_signal_connect (runner, "event", G_CALLBACK (record_event), &recorder);

  g_assert_true (preflight (runner, &error));
  g_assert_false (execute (runner, &error));
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, "nosuchtype"));
  g_assert_cmpstrv (sluice_runner_get_done (runner), ((const char * const []) { "0001", NULL }));
  g_assert_cmpstr (sluice_runner_get_failed_version (runner), ==, "0002");

  applied = sluice_test_pg_query_value (conninfo, "SELECT string_agg(version, ',' ORDER BY version) FROM sluice.migrations");
  g_assert_cmpstr (applied, ==, "0001");
  half = sluice_test_pg_query_value (conninfo, "SELECT to_regclass('public.b')::text");
  g_assert_null (half);

  /* Verified all the same: what did change is said. */
  g_assert_nonnull (sluice_runner_get_verification_diff (runner));
  g_assert_true (has_event (&recorder, SLUICE_RUN_EVENT_MIGRATION_FAILED, NULL));
  g_assert_true (has_event (&recorder, SLUICE_RUN_EVENT_FINISHED, NULL));

  /* Fixed, and run again: the failed one is taken again, and said so. */
  {
    g_autofree char *fixed = g_build_filename (dir, "0002_b.sql", NULL);
    g_autoptr(SluiceMigrationFolder) again_folder = NULL;
    g_autoptr(SluiceRunner) again = NULL;
    g_autofree char *after = NULL;
    GPtrArray *checks;
    gboolean retry_said = FALSE;

    g_clear_error (&error);
    g_assert_true (g_file_set_contents (fixed, "-- sluice:up\nCREATE TABLE b (id int);\n", -1, NULL));
    again_folder = load_folder (dir);
    again = sluice_runner_new_migrate (profile, connection, again_folder, NULL);
    g_assert_true (preflight (again, &error));
    g_assert_no_error (error);
    checks = sluice_runner_get_checks (again);
    for (guint i = 0; i < checks->len; i++)
      {
        SluicePreflightCheck *check = g_ptr_array_index (checks, i);

        if (g_str_equal (check->id, "retry"))
          {
            retry_said = check->state == SLUICE_CHECK_WARNING && strstr (check->message, "0002") != NULL;
          }
      }
    g_assert_true (retry_said);
    g_assert_cmpuint (sluice_runner_get_migrations (again)->len, ==, 2);
    g_assert_true (execute (again, &error));
    g_assert_no_error (error);
    after = sluice_test_pg_query_value (conninfo, "SELECT string_agg(version, ',' ORDER BY version) FROM sluice.migrations");
    g_assert_cmpstr (after, ==, "0001,0002,0003");
  }

  sluice_connection_close (connection);
}

/* A change no statement names is flagged */

static void
test_runner_undeclared (void)
{
  g_autofree char *conninfo = sluice_test_pg_new_database ();
  g_autofree char *dir = NULL;
  g_autoptr(SluiceMigrationFolder) folder = NULL;
  g_autoptr(SluiceConnection) connection = sluice_test_pg_connect (conninfo);
  g_autoptr(SluiceProfile) profile = sluice_profile_new ("dev", SLUICE_ENVIRONMENT_DEV, conninfo);
  g_autoptr(SluiceRunner) runner = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) events = g_ptr_array_new_with_free_func (g_object_unref);
  Recorder recorder = { events };
  g_auto(GStrv) undeclared = NULL;
  static const char * const files[] = {
    "0001_tidy.sql",
    "-- sluice:up\nCREATE TABLE declared (id int PRIMARY KEY);\nSELECT housekeeping();\n",
    NULL
  };

  /* A function that does more than its caller says. */
  sluice_test_pg_exec (conninfo,
                       "CREATE FUNCTION housekeeping() RETURNS void LANGUAGE plpgsql AS "
                       "$$BEGIN EXECUTE 'CREATE TABLE ' || 'sneaky (id int)'; END$$");

  dir = sluice_test_make_folder ("runner", files);
  folder = load_folder (dir);
  runner = sluice_runner_new_migrate (profile, connection, folder, NULL);
  g_signal_connect (runner, "event", G_CALLBACK (record_event), &recorder);

  g_assert_true (preflight (runner, &error));
  g_assert_true (execute (runner, &error));
  g_assert_no_error (error);

  undeclared = sluice_runner_get_undeclared_changes (runner);
  g_assert_true (g_strv_contains ((const char * const *) undeclared, "public.sneaky"));
  g_assert_false (g_strv_contains ((const char * const *) undeclared, "public.declared"));
  /* The primary key's constraint is PostgreSQL's name for what the statement declares. */
  g_assert_false (g_strv_contains ((const char * const *) undeclared, "public.declared.declared_pkey"));
  g_assert_true (has_event (&recorder, SLUICE_RUN_EVENT_WARNING, "public.sneaky"));

  sluice_connection_close (connection);
}

/* What the run waits on, live, from the monitor */

static gboolean
release_lock (gpointer user_data)
{
  PGconn *holder = user_data;
  PGresult *result = PQexec (holder, "ROLLBACK");

  g_assert_cmpint (PQresultStatus (result), ==, PGRES_COMMAND_OK);
  PQclear (result);
  return G_SOURCE_REMOVE;
}

static void
test_runner_waits (void)
{
  g_autofree char *conninfo = sluice_test_pg_new_database ();
  g_autofree char *dir = NULL;
  g_autoptr(SluiceMigrationFolder) folder = NULL;
  g_autoptr(SluiceConnection) connection = sluice_test_pg_connect (conninfo);
  g_autoptr(SluiceProfile) profile = sluice_profile_new ("dev", SLUICE_ENVIRONMENT_DEV, conninfo);
  g_autoptr(SluiceRunner) runner = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) events = g_ptr_array_new_with_free_func (g_object_unref);
  Recorder recorder = { events };
  g_autofree char *holder_pid = NULL;
  g_autofree char *pid_text = NULL;
  PGconn *holder;
  static const char * const files[] = {
    "0001_note.sql", "-- sluice:up\nALTER TABLE items ADD COLUMN note text;\n",
    NULL
  };

  sluice_test_pg_exec (conninfo, "CREATE TABLE items (id int)");
  holder = sluice_test_pg_session_open (conninfo);
  sluice_test_pg_session_exec (holder, "BEGIN; LOCK TABLE items IN SHARE MODE;");
  holder_pid = g_strdup_printf ("%d", PQbackendPID (holder));

  dir = sluice_test_make_folder ("runner", files);
  folder = load_folder (dir);
  runner = sluice_runner_new_migrate (profile, connection, folder, NULL);
  sluice_runner_set_lock_timeout_ms (runner, 10000);
  g_signal_connect (runner, "event", G_CALLBACK (record_event), &recorder);
  g_assert_true (preflight (runner, &error));

  /* The holder lets go after a while: the run waited, then went on. */
  g_timeout_add (1500, release_lock, holder);
  g_assert_true (execute (runner, &error));
  g_assert_no_error (error);
  g_assert_cmpstrv (sluice_runner_get_done (runner), ((const char * const []) { "0001", NULL }));

  pid_text = g_strdup_printf ("pid %s", holder_pid);
  g_assert_true (has_event (&recorder, SLUICE_RUN_EVENT_WAITING, pid_text));

  PQfinish (holder);
  sluice_connection_close (connection);
}

/* The run has a connection of its own: the session's stays free */

static gboolean
wait_for_waiting (gpointer user_data)
{
  Recorder *recorder = user_data;

  return !has_event (recorder, SLUICE_RUN_EVENT_WAITING, NULL);
}

static void
test_runner_own_connection (void)
{
  g_autofree char *conninfo = sluice_test_pg_new_database ();
  g_autofree char *dir = NULL;
  g_autoptr(SluiceMigrationFolder) folder = NULL;
  g_autoptr(SluiceConnection) connection = sluice_test_pg_connect (conninfo);
  g_autoptr(SluiceProfile) profile = sluice_profile_new ("dev", SLUICE_ENVIRONMENT_DEV, conninfo);
  g_autoptr(SluiceRunner) runner = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) events = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(SluiceResult) rows = NULL;
  g_autofree char *session_pid = NULL;
  g_autofree char *run_pid = NULL;
  g_autofree char *run_sessions = NULL;
  Recorder recorder = { events };
  SluiceTestAsyncWait run_wait = { 0 };
  SluiceTestAsyncWait query_wait = { 0 };
  SluiceTestAsyncWait second_wait = { 0 };
  gint64 started;
  PGconn *holder;
  static const char * const files[] = {
    "0001_note.sql",
    "-- sluice:up\n"
    "CREATE TABLE run_pid AS SELECT pg_backend_pid() AS pid;\n"
    "ALTER TABLE items ADD COLUMN note text;\n",
    NULL
  };

  sluice_test_pg_exec (conninfo, "CREATE TABLE items (id int)");
  holder = sluice_test_pg_session_open (conninfo);
  sluice_test_pg_session_exec (holder, "BEGIN; LOCK TABLE items IN SHARE MODE;");

  dir = sluice_test_make_folder ("runner", files);
  folder = load_folder (dir);
  runner = sluice_runner_new_migrate (profile, connection, folder, NULL);
  sluice_runner_set_lock_timeout_ms (runner, 20000);
  g_signal_connect (runner, "event", G_CALLBACK (record_event), &recorder);
  g_assert_true (preflight (runner, &error));
  g_assert_no_error (error);
  session_pid = g_strdup_printf ("%d", sluice_connection_get_backend_pid (connection));

  sluice_runner_execute_async (runner, NULL, sluice_test_store_result, &run_wait);

  /* The run is blocked on the holder's lock ... */
  started = g_get_monotonic_time ();
  while (wait_for_waiting (&recorder))
    {
      g_assert_false (run_wait.done);
      g_assert_cmpint (g_get_monotonic_time () - started, <, 15 * G_USEC_PER_SEC);
      g_main_context_iteration (NULL, TRUE);
    }

  /* ... a second execute is refused while it runs ... */
  sluice_runner_execute_async (runner, NULL, sluice_test_store_result, &second_wait);
  sluice_test_wait_for (&second_wait.done, 5000);
  g_assert_false (sluice_runner_execute_finish (runner, second_wait.result, &error));
  g_assert_error (error, SLUICE_ERROR, SLUICE_ERROR_BUSY);
  g_clear_error (&error);
  g_object_unref (second_wait.result);

  /* ... and the session's connection answers at once: it is not queued
   * behind the blocked statement, nor inside the run's transaction. */
  sluice_connection_query_async (connection, "SELECT pg_backend_pid()::text",
                                 NULL, 0, NULL, sluice_test_store_result, &query_wait);
  sluice_test_wait_for (&query_wait.done, 3000);
  rows = sluice_connection_query_finish (connection, query_wait.result, &error);
  g_assert_no_error (error);
  g_assert_nonnull (rows);
  g_assert_cmpstr (sluice_result_get_value (rows, 0, 0), ==, session_pid);
  g_object_unref (query_wait.result);
  g_assert_false (run_wait.done);

  release_lock (holder);
  sluice_test_wait_for (&run_wait.done, 30000);
  g_assert_true (sluice_runner_execute_finish (runner, run_wait.result, &error));
  g_assert_no_error (error);
  g_object_unref (run_wait.result);
  g_assert_cmpstrv (sluice_runner_get_done (runner), ((const char * const []) { "0001", NULL }));

  /* The run's statements were on another backend than the session's ... */
  run_pid = sluice_test_pg_query_value (conninfo, "SELECT pid::text FROM run_pid");
  g_assert_nonnull (run_pid);
  g_assert_cmpstr (run_pid, !=, session_pid);

  /* ... whose connection closed when the run ended (the monitor's too):
   * only the session's is left on this database. */
  started = g_get_monotonic_time ();
  for (;;)
    {
      g_clear_pointer (&run_sessions, g_free);
      run_sessions = sluice_test_pg_query_value (conninfo,
                                                 "SELECT count(*)::text FROM pg_stat_activity"
                                                 " WHERE datname = current_database() AND pid <> pg_backend_pid()"
                                                 "   AND backend_type = 'client backend'");
      if (g_strcmp0 (run_sessions, "2") == 0 ||
          g_get_monotonic_time () - started > 5 * G_USEC_PER_SEC)
        break;
      g_usleep (50000);
    }
  /* The session's and the holder's. */
  g_assert_cmpstr (run_sessions, ==, "2");
  g_assert_cmpint (sluice_connection_get_state (connection), ==, SLUICE_CONNECTION_READY);

  PQfinish (holder);
  sluice_connection_close (connection);
}

/* A rollback plan made before the history changed is refused */

static void
migrate_to (SluiceProfile         *profile,
            SluiceConnection      *connection,
            SluiceMigrationFolder *folder,
            const char            *target)
{
  g_autoptr(SluiceRunner) runner = sluice_runner_new_migrate (profile, connection, folder, target);
  g_autoptr(GError) error = NULL;

  g_assert_true (preflight (runner, &error));
  g_assert_no_error (error);
  g_assert_true (execute (runner, &error));
  g_assert_no_error (error);
}

static SluiceRollbackPlan *
plan_rollback (SluiceProfile         *profile,
               SluiceConnection      *connection,
               SluiceMigrationFolder *folder,
               const char            *target)
{
  g_autoptr(SluiceHistory) history = NULL;
  g_autoptr(SluiceStatusReport) status = NULL;
  g_autoptr(GError) error = NULL;
  SluiceTestAsyncWait wait = { 0 };
  SluiceRollbackPlan *plan;

  sluice_history_read_full_async (connection, sluice_migration_folder_get_format (folder),
                                  sluice_migration_folder_get_project (folder),
                                  NULL, sluice_test_store_result, &wait);
  sluice_test_wait_for (&wait.done, 20000);
  history = sluice_history_read_finish (wait.result, &error);
  g_assert_no_error (error);
  g_clear_object (&wait.result);
  status = sluice_status_report_new (folder, history);

  wait.done = FALSE;
  sluice_rollback_plan_new_async (connection, status, sluice_profile_get_id (profile), target, NULL,
                                  sluice_test_store_result, &wait);
  sluice_test_wait_for (&wait.done, 20000);
  plan = sluice_rollback_plan_new_finish (wait.result, &error);
  g_assert_no_error (error);
  g_clear_object (&wait.result);
  return plan;
}

static void
assert_stale (SluiceRunner *runner,
              const char   *fragment)
{
  g_autoptr(GError) error = NULL;
  const SluicePreflightCheck *check;

  g_assert_false (preflight (runner, &error));
  g_assert_error (error, SLUICE_ERROR, SLUICE_ERROR_FAILED);
  check = find_check (runner, "pending");
  g_test_message ("%s", check->message);
  g_assert_cmpint (check->state, ==, SLUICE_CHECK_ERROR);
  g_assert_nonnull (strstr (check->message, "Plan the rollback again"));
  g_assert_nonnull (strstr (check->message, fragment));
  g_clear_error (&error);

  g_assert_false (execute (runner, &error));
  g_assert_error (error, SLUICE_ERROR, SLUICE_ERROR_FAILED);
  g_assert_nonnull (strstr (error->message, "nothing was run"));
}

static void
test_runner_stale_rollback_plan (void)
{
  g_autofree char *conninfo = sluice_test_pg_new_database ();
  g_autofree char *dir = sluice_test_make_folder ("runner", shop_files);
  g_autoptr(SluiceMigrationFolder) folder = load_folder (dir);
  g_autoptr(SluiceConnection) connection = sluice_test_pg_connect (conninfo);
  g_autoptr(SluiceProfile) profile = sluice_profile_new ("dev", SLUICE_ENVIRONMENT_DEV, conninfo);
  g_autoptr(SluiceRollbackPlan) early = NULL;
  g_autoptr(SluiceRollbackPlan) whole = NULL;
  g_autoptr(SluiceRollbackPlan) current = NULL;
  g_autoptr(SluiceRunner) stale = NULL;
  g_autoptr(SluiceRunner) stale_whole = NULL;
  g_autoptr(SluiceRunner) runner = NULL;
  g_autoptr(SluiceSandbox) sandbox = NULL;
  g_autofree char *sandbox_dir = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *applied = NULL;
  g_autofree char *orders = NULL;

  /* Planned with 0001 applied, and checked; 0002 applied afterwards,
   * while the person reads the lint or takes a backup. */
  migrate_to (profile, connection, folder, "0001");
  early = plan_rollback (profile, connection, folder, "0");
  g_assert_cmpuint (sluice_rollback_plan_get_steps (early)->len, ==, 1);
  stale = sluice_runner_new_rollback (profile, connection, folder, early);
  g_assert_true (preflight (stale, &error));
  g_assert_no_error (error);
  migrate_to (profile, connection, folder, NULL);

  /* Reverting 0001 alone would fail on orders' foreign key, or worse,
   * leave 0002 recorded over a schema without it: the run refuses under
   * its lock, and the lock is let go. */
  g_assert_false (execute (stale, &error));
  g_assert_error (error, SLUICE_ERROR, SLUICE_ERROR_FAILED);
  g_assert_nonnull (strstr (error->message, "Plan the rollback again"));
  g_clear_error (&error);
  g_assert_cmpstrv (sluice_runner_get_done (stale), ((const char * const []) { NULL }));
  g_assert_null (sluice_test_pg_query_value (conninfo, "SELECT pid FROM pg_locks WHERE locktype = 'advisory'"));

  /* And its checks now say so before anything. */
  assert_stale (stale, "0002");
  applied = sluice_test_pg_query_value (conninfo, "SELECT string_agg(version, ',' ORDER BY version) FROM sluice.migrations");
  g_assert_cmpstr (applied, ==, "0001,0002");
  orders = sluice_test_pg_query_value (conninfo, "SELECT to_regclass('public.orders')::text");
  g_assert_cmpstr (orders, ==, "orders");

  /* A rollback has nothing to rehearse: its steps are applied already. */
  sandbox_dir = g_dir_make_tmp ("sluice-runner-sandbox-XXXXXX", &error);
  g_assert_no_error (error);
  sandbox = sluice_sandbox_new (sandbox_dir);
  g_assert_null (sluice_runner_new_rehearsal (stale, sandbox));

  /* Planned with both applied; 0002 reverted by another plan since. */
  whole = plan_rollback (profile, connection, folder, "0");
  g_assert_cmpuint (sluice_rollback_plan_get_steps (whole)->len, ==, 2);
  current = plan_rollback (profile, connection, folder, "0001");
  runner = sluice_runner_new_rollback (profile, connection, folder, current);
  g_assert_true (preflight (runner, &error));
  g_assert_no_error (error);
  g_assert_true (execute (runner, &error));
  g_assert_no_error (error);
  g_assert_cmpstrv (sluice_runner_get_done (runner), ((const char * const []) { "0002", NULL }));

  stale_whole = sluice_runner_new_rollback (profile, connection, folder, whole);
  assert_stale (stale_whole, "0002");
  g_clear_pointer (&applied, g_free);
  applied = sluice_test_pg_query_value (conninfo, "SELECT string_agg(version, ',' ORDER BY version) FROM sluice.migrations");
  g_assert_cmpstr (applied, ==, "0001");

  /* A plan made now goes through. */
  g_clear_object (&current);
  g_clear_object (&runner);
  current = plan_rollback (profile, connection, folder, "0");
  runner = sluice_runner_new_rollback (profile, connection, folder, current);
  g_assert_true (preflight (runner, &error));
  g_assert_no_error (error);
  g_assert_cmpint (find_check (runner, "pending")->state, ==, SLUICE_CHECK_OK);
  g_assert_true (execute (runner, &error));
  g_assert_no_error (error);
  g_clear_pointer (&applied, g_free);
  applied = sluice_test_pg_query_value (conninfo, "SELECT count(*) FROM sluice.migrations");
  g_assert_cmpstr (applied, ==, "0");
  g_assert_null (sluice_test_pg_query_value (conninfo, "SELECT to_regclass('public.customers')::text"));

  g_rmdir (sandbox_dir);
  sluice_connection_close (connection);
}

/* Passwords never reach the run's log nor the monitor's samples */

typedef struct
{
  SluiceRunSample *sample;   /* the first that waits */
  gboolean         done;
} WaitingSample;

static void
on_masked_sample (SluiceRunMonitor *monitor,
                  SluiceRunSample  *sample,
                  WaitingSample    *waiting)
{
  if (!waiting->done && sluice_run_sample_get_waits (sample)->len > 0)
    {
      waiting->sample = g_object_ref (sample);
      waiting->done = TRUE;
    }
}

static void
test_runner_masks_passwords (void)
{
  g_autofree char *conninfo = sluice_test_pg_new_database ();
  g_autofree char *dir = NULL;
  g_autoptr(SluiceMigrationFolder) folder = NULL;
  g_autoptr(SluiceConnection) connection = sluice_test_pg_connect (conninfo);
  g_autoptr(SluiceConnection) observer = sluice_test_pg_connect (conninfo);
  g_autoptr(SluiceProfile) profile = sluice_profile_new ("dev", SLUICE_ENVIRONMENT_DEV, conninfo);
  g_autoptr(SluiceRunner) runner = NULL;
  g_autoptr(SluiceRunMonitor) monitor = NULL;
  WaitingSample waiting = { NULL, FALSE };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) events = g_ptr_array_new_with_free_func (g_object_unref);
  Recorder recorder = { events };
  g_autofree char *role = g_strdup_printf ("sluice_mask_%d", (int) getpid ());
  g_autofree char *files_0 = g_strdup_printf ("-- sluice:up\nCREATE ROLE %s LOGIN PASSWORD E'run\\'s-s3cret';\n"
                                              "-- sluice:down\nDROP ROLE %s;\n", role, role);
  g_autofree char *holder_sql = g_strdup_printf ("BEGIN; ALTER ROLE %s PASSWORD 'holder-s3cret'", role);
  g_autofree char *target_sql = g_strdup_printf ("ALTER ROLE %s PASSWORD $pw$target-s3cret$pw$", role);
  g_autofree char *drop_sql = g_strdup_printf ("DROP ROLE %s", role);
  const char *files[] = { "0001_role.sql", files_0, NULL };
  gboolean statement_seen = FALSE;
  SluiceLockWait *wait;
  PGconn *holder, *target;
  PGresult *result;

  /* The migration's own statement, as the CLI and the Migrate page show it. */
  dir = sluice_test_make_folder ("runner", files);
  folder = load_folder (dir);
  runner = sluice_runner_new_migrate (profile, connection, folder, NULL);
  g_signal_connect (runner, "event", G_CALLBACK (record_event), &recorder);
  g_assert_true (preflight (runner, &error));
  g_assert_true (execute (runner, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < events->len; i++)
    {
      SluiceRunEvent *event = g_ptr_array_index (events, i);
      g_autofree char *line = sluice_run_event_to_line (event);

      g_assert_null (strstr (line, "s3cret"));
      if (sluice_run_event_get_kind (event) == SLUICE_RUN_EVENT_STATEMENT_STARTED)
        {
          g_assert_nonnull (strstr (sluice_run_event_get_sql (event), "PASSWORD '********'"));
          statement_seen = TRUE;
        }
    }
  g_assert_true (statement_seen);

  /* Another session changing the password holds the role's row; the
   * watched one waits behind it: neither text shows its password. */
  holder = sluice_test_pg_session_open (conninfo);
  sluice_test_pg_session_exec (holder, holder_sql);
  target = PQconnectdb (conninfo);
  g_assert_cmpint (PQstatus (target), ==, CONNECTION_OK);
  g_assert_cmpint (PQsendQuery (target, target_sql), ==, 1);

  monitor = sluice_run_monitor_new (observer, PQbackendPID (target), 100);
  g_signal_connect (monitor, "sample", G_CALLBACK (on_masked_sample), &waiting);
  sluice_run_monitor_start (monitor);
  sluice_test_wait_for (&waiting.done, 20000);
  sluice_run_monitor_stop (monitor);

  g_test_message ("%s", sluice_run_sample_get_query (waiting.sample));
  g_assert_null (strstr (sluice_run_sample_get_query (waiting.sample), "s3cret"));
  g_assert_nonnull (strstr (sluice_run_sample_get_query (waiting.sample), "PASSWORD '********'"));
  wait = g_ptr_array_index (sluice_run_sample_get_waits (waiting.sample), 0);
  g_assert_null (strstr (sluice_lock_wait_get_query (wait), "s3cret"));
  g_clear_object (&waiting.sample);

  result = PQexec (holder, "ROLLBACK");
  PQclear (result);
  while ((result = PQgetResult (target)) != NULL)
    PQclear (result);
  PQfinish (target);
  PQfinish (holder);
  sluice_test_pg_exec (conninfo, drop_sql);
  sluice_connection_close (observer);
  sluice_connection_close (connection);
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/runner/migrate", test_runner_migrate);
  g_test_add_func ("/runner/target-version", test_runner_target_version);
  g_test_add_func ("/runner/preflight-sessions", test_runner_preflight_sessions);
  g_test_add_func ("/runner/prod-guards", test_runner_prod_guards);
  g_test_add_func ("/runner/failure", test_runner_failure);
  g_test_add_func ("/runner/undeclared", test_runner_undeclared);
  g_test_add_func ("/runner/waits", test_runner_waits);
  g_test_add_func ("/runner/own-connection", test_runner_own_connection);
  g_test_add_func ("/runner/stale-rollback-plan", test_runner_stale_rollback_plan);
  g_test_add_func ("/runner/masks-passwords", test_runner_masks_passwords);

  return g_test_run ();
}
