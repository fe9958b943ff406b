/* test-executor.c: running migrations under the run's guards, on a real server
 *
 * The advisory lock, the timeouts, lock retries, transactional and
 * one-by-one migrations, down runs and a tool's own history table.  The
 * faults have test-executor-faults.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <libpq-fe.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>

#include "test-executor-util.h"

static SluiceExecutor *
new_executor (SluiceConnection           *connection,
              const SluiceExecuteOptions *options)
{
  SluiceExecuteOptions defaults;

  if (options == NULL)
    {
      sluice_execute_options_init (&defaults);
      options = &defaults;
    }

  return sluice_executor_new (connection, options);
}

static void
test_options_defaults (void)
{
  SluiceExecuteOptions options;

  memset (&options, 0xff, sizeof options);
  sluice_execute_options_init (&options);
  g_assert_cmpint (options.direction, ==, SLUICE_RUN_UP);
  g_assert_cmpint (options.history_format, ==, SLUICE_MIGRATION_FORMAT_SLUICE);
  g_assert_null (options.project);
  g_assert_null (options.note);
  g_assert_cmpuint (options.lock_timeout_ms, ==, 0);
  g_assert_cmpuint (options.statement_timeout_ms, ==, 0);
  g_assert_cmpuint (options.lock_retries, ==, 3);
  g_assert_cmpuint (options.retry_delay_ms, ==, 1000);
  g_assert_cmpint (sluice_executor_advisory_key (), !=, 0);
}

/* Three migrations, the second without a transaction (CONCURRENTLY):
 * applied, recorded, logged, and the events tell it as it went. */
static void
test_happy_path (void)
{
  g_autofree char *conninfo = sluice_test_pg_new_database ();
  g_autoptr(SluiceConnection) connection = sluice_test_pg_connect (conninfo);
  g_autoptr(GPtrArray) migrations = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(SluiceExecutor) executor = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) done = NULL;
  g_autofree char *recorded = NULL;
  g_autofree char *log_rows = NULL;
  g_autofree char *kinds = NULL;
  g_autofree char *valid = NULL;
  SluiceExecuteOptions options;
  ExecutorLog log;
  SluiceRunEvent *event;

  g_ptr_array_add (migrations,
                   executor_test_migration ("0001", "accounts",
                                            "CREATE TABLE accounts (id int PRIMARY KEY, email text);\n"
                                            "INSERT INTO accounts VALUES (1, 'a@example.org');\n",
                                            NULL, TRUE));
  g_ptr_array_add (migrations,
                   executor_test_migration ("0002", "accounts email index",
                                            "CREATE INDEX CONCURRENTLY accounts_email_idx ON accounts (email);\n",
                                            NULL, TRUE));
  g_ptr_array_add (migrations,
                   executor_test_migration ("0003", "orders",
                                            "CREATE TABLE orders (id int, account_id int REFERENCES accounts);\n",
                                            NULL, TRUE));

  sluice_execute_options_init (&options);
  options.note = "backup: /tmp/nowhere.dump";
  executor = new_executor (connection, &options);
  g_assert_true (sluice_executor_get_connection (executor) == connection);

  executor_log_init (&log);
  g_assert_true (executor_test_run (executor, migrations, &log, &done, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (done), ==, 3);
  g_assert_cmpstr (done[0], ==, "0001");
  g_assert_cmpstr (done[2], ==, "0003");
  g_assert_null (sluice_executor_get_failed_version (executor));
  g_assert_cmpuint (g_strv_length ((GStrv) sluice_executor_get_invalid_indexes (executor)), ==, 0);

  recorded = sluice_test_pg_query_value (conninfo,
                                         "SELECT string_agg(version || ':' || checksum, ',' ORDER BY version)"
                                         "  FROM sluice.migrations");
  g_assert_cmpstr (recorded, ==, "0001:c0ffee,0002:c0ffee,0003:c0ffee");

  /* The CONCURRENTLY one says how it ran; every row keeps the note. */
  log_rows = sluice_test_pg_query_value (conninfo,
                                         "SELECT string_agg(version || ':' || direction || ':' || success || ':'"
                                         "                  || statements_done || '/' || statements_total || ':' || note,"
                                         "                  ',' ORDER BY id)"
                                         "  FROM sluice.run_log");
  g_assert_cmpstr (log_rows, ==,
                   "0001:up:true:2/2:backup: /tmp/nowhere.dump,"
                   "0002:up:true:1/1:no-transaction; backup: /tmp/nowhere.dump,"
                   "0003:up:true:1/1:backup: /tmp/nowhere.dump");

  valid = sluice_test_pg_query_value (conninfo,
                                      "SELECT indisvalid FROM pg_index"
                                      " WHERE indexrelid = 'accounts_email_idx'::regclass");
  g_assert_cmpstr (valid, ==, "t");

  kinds = executor_log_kinds (&log);
  g_assert_cmpstr (kinds, ==,
                   "step info "
                   "migration-started statement-started statement-done statement-started statement-done migration-done "
                   "migration-started statement-started statement-done migration-done "
                   "migration-started statement-started statement-done migration-done "
                   "finished");

  event = g_ptr_array_index (log.events, 3);
  g_assert_cmpstr (sluice_run_event_get_version (event), ==, "0001");
  g_assert_cmpuint (sluice_run_event_get_statement_index (event), ==, 1);
  g_assert_cmpuint (sluice_run_event_get_statement_count (event), ==, 2);
  g_assert_true (g_str_has_prefix (sluice_run_event_get_sql (event), "CREATE TABLE accounts"));
  event = g_ptr_array_index (log.events, 6);
  g_assert_cmpuint (sluice_run_event_get_statement_index (event), ==, 2);
  g_assert_cmpfloat (sluice_run_event_get_elapsed_ms (event), >=, 0);
  event = g_ptr_array_index (log.events, 8);
  g_assert_nonnull (strstr (sluice_run_event_get_message (event), "without a transaction"));

  /* The lock is released at the end, the connection still open. */
  g_assert_cmpint (sluice_connection_get_state (connection), ==, SLUICE_CONNECTION_READY);
  executor_test_assert_advisory_lock_free (conninfo);

  executor_log_clear (&log);
}

/* A run with nothing to do still takes and releases the lock. */
static void
test_empty_run (void)
{
  g_autofree char *conninfo = sluice_test_pg_new_database ();
  g_autoptr(SluiceConnection) connection = sluice_test_pg_connect (conninfo);
  g_autoptr(GPtrArray) migrations = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(SluiceExecutor) executor = new_executor (connection, NULL);
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) done = NULL;
  g_autofree char *tables = NULL;

  g_assert_true (executor_test_run (executor, migrations, NULL, &done, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (done), ==, 0);
  tables = sluice_test_pg_query_value (conninfo, "SELECT count(*) FROM sluice.run_log");
  g_assert_cmpstr (tables, ==, "0");
}

static void
hold_advisory_lock (gpointer session)
{
  g_autofree char *sql = g_strdup_printf ("SELECT pg_advisory_lock(%" G_GINT64_FORMAT ")",
                                          sluice_executor_advisory_key ());

  sluice_test_pg_session_exec (session, sql);
}

/* Another session holds Sluice's lock: the run stops at once, naming it,
 * having changed nothing (not even Sluice's own tables). */
static void
test_advisory_lock_held (void)
{
  g_autofree char *conninfo = sluice_test_pg_new_database ();
  g_autoptr(SluiceConnection) connection = sluice_test_pg_connect (conninfo);
  g_autoptr(GPtrArray) migrations = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(SluiceExecutor) executor = new_executor (connection, NULL);
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) done = NULL;
  g_autofree char *pid = NULL;
  g_autofree char *schema = NULL;
  gpointer holder = sluice_test_pg_session_open (conninfo);
  ExecutorLog log;

  hold_advisory_lock (holder);
  pid = g_strdup_printf ("%d", PQbackendPID (holder));

  g_ptr_array_add (migrations, executor_test_migration ("0001", "t", "CREATE TABLE t (id int)", NULL, TRUE));
  executor_log_init (&log);
  g_assert_false (executor_test_run (executor, migrations, &log, &done, &error));
  g_assert_error (error, SLUICE_ERROR, SLUICE_ERROR_BUSY);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, pid));
  g_assert_nonnull (strstr (error->message, "no migration was run"));
  g_assert_cmpuint (g_strv_length (done), ==, 0);
  g_assert_cmpuint (executor_log_count (&log, SLUICE_RUN_EVENT_FINISHED), ==, 1);
  g_assert_cmpuint (executor_log_count (&log, SLUICE_RUN_EVENT_MIGRATION_STARTED), ==, 0);

  schema = sluice_test_pg_query_value (conninfo, "SELECT to_regnamespace('sluice')::text");
  g_assert_null (schema);
  executor_test_assert_relation (conninfo, "t", FALSE);

  /* Once it is free, the same executor runs. */
  sluice_test_pg_session_exec (holder, "SELECT pg_advisory_unlock_all()");
  PQfinish (holder);
  g_clear_error (&error);
  g_clear_pointer (&done, g_strfreev);
  g_assert_true (executor_test_run (executor, migrations, NULL, &done, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (done), ==, 1);
  executor_log_clear (&log);
}

/* The timeouts hold for the migrations' statements, and the session's own
 * values come back after the run. */
static void
test_timeouts_set_and_restored (void)
{
  g_autofree char *conninfo = sluice_test_pg_new_database ();
  g_autoptr(SluiceConnection) connection = sluice_test_pg_connect (conninfo);
  g_autoptr(GPtrArray) migrations = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(SluiceExecutor) executor = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SluiceResult) result = NULL;
  g_auto(GStrv) done = NULL;
  g_autofree char *seen = NULL;
  SluiceExecuteOptions options;
  ExecutorLog log;

  sluice_execute_options_init (&options);
  options.lock_timeout_ms = 1234;
  options.statement_timeout_ms = 4321;
  executor = new_executor (connection, &options);

  g_ptr_array_add (migrations,
                   executor_test_migration ("0001", "settings",
                                            "CREATE TABLE seen AS SELECT current_setting('lock_timeout') AS lock,"
                                            " current_setting('statement_timeout') AS statement",
                                            NULL, TRUE));
  executor_log_init (&log);
  g_assert_true (executor_test_run (executor, migrations, &log, &done, &error));
  g_assert_no_error (error);
  seen = sluice_test_pg_query_value (conninfo, "SELECT lock || ' ' || statement FROM seen");
  g_assert_cmpstr (seen, ==, "1234ms 4321ms");
  g_assert_cmpuint (executor_log_count (&log, SLUICE_RUN_EVENT_INFO), ==, 3);

  result = sluice_test_query (connection,
                              "SELECT current_setting('lock_timeout') || ' ' || current_setting('statement_timeout')");
  g_assert_cmpstr (sluice_result_get_value (result, 0, 0), ==, "0 0");
  executor_log_clear (&log);
}

/* statement_timeout stops a statement that runs too long: rolled back,
 * not recorded, the attempt logged with its SQLSTATE. */
static void
test_statement_timeout (void)
{
  g_autofree char *conninfo = sluice_test_pg_new_database ();
  g_autoptr(SluiceConnection) connection = sluice_test_pg_connect (conninfo);
  g_autoptr(GPtrArray) migrations = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(SluiceExecutor) executor = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) done = NULL;
  g_autofree char *row = NULL;
  g_autofree char *recorded = NULL;
  SluiceExecuteOptions options;

  sluice_execute_options_init (&options);
  options.statement_timeout_ms = 200;
  executor = new_executor (connection, &options);

  g_ptr_array_add (migrations,
                   executor_test_migration ("0001", "slow",
                                            "CREATE TABLE slow (id int);\nSELECT pg_sleep(5);\n",
                                            NULL, TRUE));
  g_assert_false (executor_test_run (executor, migrations, NULL, &done, &error));
  g_assert_cmpstr (sluice_server_error_get_sqlstate (error), ==, "57014");
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "statement 2 of 2"));
  g_assert_nonnull (strstr (error->message, "rolled back"));
  g_assert_cmpstr (sluice_executor_get_failed_version (executor), ==, "0001");

  executor_test_assert_relation (conninfo, "slow", FALSE);
  recorded = sluice_test_pg_query_value (conninfo, "SELECT count(*) FROM sluice.migrations");
  g_assert_cmpstr (recorded, ==, "0");
  row = sluice_test_pg_query_value (conninfo,
                                    "SELECT success || ':' || statements_done || '/' || statements_total || ':' || sqlstate"
                                    "  FROM sluice.run_log");
  g_assert_cmpstr (row, ==, "false:1/2:57014");
}

typedef struct
{
  gpointer blocker;
  guint    retries_seen;
} ReleaseOnRetry;

/* The blocking session lets go at the first retry, so the second attempt
 * finds the table free. */
static void
release_on_retry (SluiceRunEvent *event,
                  gpointer        user_data)
{
  ReleaseOnRetry *release = user_data;

  if (sluice_run_event_get_kind (event) != SLUICE_RUN_EVENT_LOCK_RETRY)
    return;

  g_assert_cmpstr (sluice_run_event_get_sqlstate (event), ==, "55P03");
  if (release->retries_seen++ == 0)
    sluice_test_pg_session_exec (release->blocker, "COMMIT");
}

/* A lock timeout, then a retry that succeeds: the failed attempt and the
 * successful one both in the run log, the migration recorded once.  In a
 * transaction the whole migration is retried; without one, only the
 * statement that timed out (the one before it stays done, run once). */
static void
run_lock_retry_then_success (gboolean transactional)
{
  g_autofree char *conninfo = sluice_test_pg_new_database ();
  g_autoptr(SluiceConnection) connection = sluice_test_pg_connect (conninfo);
  g_autoptr(GPtrArray) migrations = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(SluiceExecutor) executor = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) done = NULL;
  g_autofree char *rows = NULL;
  g_autofree char *column = NULL;
  g_autofree char *counted = NULL;
  SluiceExecuteOptions options;
  ReleaseOnRetry release = { 0 };
  ExecutorLog log;

  sluice_test_pg_exec (conninfo, "CREATE TABLE busy (id int); CREATE TABLE counter (n int)");
  release.blocker = sluice_test_pg_session_open (conninfo);
  sluice_test_pg_session_exec (release.blocker, "BEGIN");
  sluice_test_pg_session_exec (release.blocker, "LOCK TABLE busy IN ACCESS SHARE MODE");

  sluice_execute_options_init (&options);
  options.lock_timeout_ms = 100;
  options.lock_retries = 3;
  options.retry_delay_ms = 50;
  executor = new_executor (connection, &options);

  g_ptr_array_add (migrations,
                   executor_test_migration ("0001", "add column",
                                            "INSERT INTO counter VALUES (1);\n"
                                            "ALTER TABLE busy ADD COLUMN note text;\n",
                                            NULL, transactional));
  executor_log_init (&log);
  log.hook = release_on_retry;
  log.hook_data = &release;
  g_assert_true (executor_test_run (executor, migrations, &log, &done, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (release.retries_seen, ==, 1);
  g_assert_cmpuint (g_strv_length (done), ==, 1);

  rows = sluice_test_pg_query_value (conninfo,
                                     "SELECT string_agg(success || ':' || statements_done || '/' || statements_total"
                                     "                  || ':' || coalesce(sqlstate, '-') || ':' || coalesce(note, '-'),"
                                     "                  ',' ORDER BY id)"
                                     "  FROM sluice.run_log");
  if (transactional)
    g_assert_cmpstr (rows, ==, "false:1/2:55P03:lock timeout, retry 1 of 3 follows,true:2/2:-:-");
  else
    g_assert_cmpstr (rows, ==,
                     "false:1/2:55P03:no-transaction; lock timeout, retry 1 of 3 follows,"
                     "true:2/2:-:no-transaction");
  counted = sluice_test_pg_query_value (conninfo, "SELECT count(*) FROM counter");
  g_assert_cmpstr (counted, ==, "1");
  column = sluice_test_pg_query_value (conninfo,
                                       "SELECT count(*) FROM information_schema.columns"
                                       " WHERE table_name = 'busy' AND column_name = 'note'");
  g_assert_cmpstr (column, ==, "1");

  PQfinish (release.blocker);
  executor_log_clear (&log);
}

static void
test_lock_retry_then_success (void)
{
  run_lock_retry_then_success (TRUE);
}

static void
test_lock_retry_one_by_one (void)
{
  run_lock_retry_then_success (FALSE);
}

/* A migration that says it runs without a transaction: each statement
 * alone, so a failure leaves the ones before it, and says so. */
static void
test_one_by_one_failure (void)
{
  g_autofree char *conninfo = sluice_test_pg_new_database ();
  g_autoptr(SluiceConnection) connection = sluice_test_pg_connect (conninfo);
  g_autoptr(GPtrArray) migrations = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(SluiceExecutor) executor = new_executor (connection, NULL);
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) done = NULL;
  g_autofree char *recorded = NULL;
  g_autofree char *row = NULL;

  g_ptr_array_add (migrations,
                   executor_test_migration ("0001", "alone",
                                            "CREATE TABLE stays (id int);\n"
                                            "INSERT INTO missing VALUES (1);\n",
                                            NULL, FALSE));
  g_assert_false (executor_test_run (executor, migrations, NULL, &done, &error));
  g_assert_cmpstr (sluice_server_error_get_sqlstate (error), ==, "42P01");
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "1 of its 2 statements stays done"));
  g_assert_nonnull (strstr (error->message, "does not record it"));

  executor_test_assert_relation (conninfo, "stays", TRUE);
  recorded = sluice_test_pg_query_value (conninfo, "SELECT count(*) FROM sluice.migrations");
  g_assert_cmpstr (recorded, ==, "0");
  row = sluice_test_pg_query_value (conninfo,
                                    "SELECT success || ':' || statements_done || '/' || statements_total || ':' || note"
                                    "  FROM sluice.run_log");
  g_assert_cmpstr (row, ==, "false:1/2:no-transaction");
}

/* Up, then down newest first: the tables go, the history rows go, and
 * the run log has both directions. */
static void
test_down_run (void)
{
  g_autofree char *conninfo = sluice_test_pg_new_database ();
  g_autoptr(SluiceConnection) connection = sluice_test_pg_connect (conninfo);
  g_autoptr(GPtrArray) up = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) down = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(SluiceExecutor) up_executor = new_executor (connection, NULL);
  g_autoptr(SluiceExecutor) down_executor = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) done = NULL;
  g_auto(GStrv) reverted = NULL;
  g_autofree char *recorded = NULL;
  g_autofree char *tables = NULL;
  g_autofree char *log_rows = NULL;
  SluiceExecuteOptions options;

  g_ptr_array_add (up, executor_test_migration ("0001", "a", "CREATE TABLE a (id int)", "DROP TABLE a", TRUE));
  g_ptr_array_add (up, executor_test_migration ("0002", "b", "CREATE TABLE b (id int)", "DROP TABLE b", TRUE));
  g_assert_true (executor_test_run (up_executor, up, NULL, &done, &error));
  g_assert_no_error (error);

  g_ptr_array_add (down, g_object_ref (g_ptr_array_index (up, 1)));
  g_ptr_array_add (down, g_object_ref (g_ptr_array_index (up, 0)));
  sluice_execute_options_init (&options);
  options.direction = SLUICE_RUN_DOWN;
  down_executor = new_executor (connection, &options);
  g_assert_true (executor_test_run (down_executor, down, NULL, &reverted, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (reverted), ==, 2);
  g_assert_cmpstr (reverted[0], ==, "0002");
  g_assert_cmpstr (reverted[1], ==, "0001");

  recorded = sluice_test_pg_query_value (conninfo, "SELECT count(*) FROM sluice.migrations");
  g_assert_cmpstr (recorded, ==, "0");
  tables = sluice_test_pg_query_value (conninfo,
                                       "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'");
  g_assert_cmpstr (tables, ==, "0");
  log_rows = sluice_test_pg_query_value (conninfo,
                                         "SELECT string_agg(version || ':' || direction || ':' || success, ','"
                                         "                  ORDER BY id) FROM sluice.run_log");
  g_assert_cmpstr (log_rows, ==, "0001:up:true,0002:up:true,0002:down:true,0001:down:true");
}

/* A migration without down SQL fails the down run before anything runs. */
static void
test_down_without_sql (void)
{
  g_autofree char *conninfo = sluice_test_pg_new_database ();
  g_autoptr(SluiceConnection) connection = sluice_test_pg_connect (conninfo);
  g_autoptr(GPtrArray) down = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(SluiceExecutor) executor = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) done = NULL;
  SluiceExecuteOptions options;

  sluice_test_pg_exec (conninfo, "CREATE TABLE a (id int); CREATE TABLE b (id int)");
  g_ptr_array_add (down, executor_test_migration ("0002", "b", "CREATE TABLE b (id int)", "DROP TABLE b", TRUE));
  g_ptr_array_add (down, executor_test_migration ("0001", "a", "CREATE TABLE a (id int)", NULL, TRUE));

  sluice_execute_options_init (&options);
  options.direction = SLUICE_RUN_DOWN;
  executor = new_executor (connection, &options);
  g_assert_false (executor_test_run (executor, down, NULL, &done, &error));
  g_assert_error (error, SLUICE_ERROR, SLUICE_ERROR_INVALID_INPUT);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "0001"));
  g_assert_cmpuint (g_strv_length (done), ==, 0);
  executor_test_assert_relation (conninfo, "b", TRUE);
}

/* dbmate's folder: its schema_migrations is written with Sluice's row,
 * in the migration's transaction, and removed by the down run. */
static void
test_tool_history_dbmate (void)
{
  g_autofree char *conninfo = sluice_test_pg_new_database ();
  g_autoptr(SluiceConnection) connection = sluice_test_pg_connect (conninfo);
  g_autoptr(GPtrArray) migrations = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(SluiceExecutor) up = NULL;
  g_autoptr(SluiceExecutor) down = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) done = NULL;
  g_auto(GStrv) reverted = NULL;
  g_autofree char *versions = NULL;
  g_autofree char *after_failure = NULL;
  g_autofree char *after_down = NULL;
  SluiceMigration *migration;
  SluiceExecuteOptions options;

  migration = sluice_migration_new (SLUICE_MIGRATION_FORMAT_DBMATE, "20240101120000", "create_a");
  sluice_migration_set_history_key (migration, "20240101120000");
  sluice_migration_set_up_sql (migration, "CREATE TABLE a (id int);", 2);
  sluice_migration_set_down_sql (migration, "DROP TABLE a;");
  sluice_migration_set_transactional (migration, TRUE);
  g_ptr_array_add (migrations, migration);

  migration = sluice_migration_new (SLUICE_MIGRATION_FORMAT_DBMATE, "20240102120000", "broken");
  sluice_migration_set_history_key (migration, "20240102120000");
  sluice_migration_set_up_sql (migration, "CREATE TABLE b (id int);\nCREATE TABLE a (id int);", 2);
  sluice_migration_set_transactional (migration, TRUE);
  g_ptr_array_add (migrations, migration);

  sluice_execute_options_init (&options);
  options.history_format = SLUICE_MIGRATION_FORMAT_DBMATE;
  up = new_executor (connection, &options);
  g_assert_false (executor_test_run (up, migrations, NULL, &done, &error));
  g_assert_cmpstr (sluice_server_error_get_sqlstate (error), ==, "42P07");
  g_assert_cmpuint (g_strv_length (done), ==, 1);

  /* The failed one is in neither table. */
  versions = sluice_test_pg_query_value (conninfo,
                                         "SELECT string_agg(version, ',' ORDER BY version) FROM public.schema_migrations");
  g_assert_cmpstr (versions, ==, "20240101120000");
  after_failure = sluice_test_pg_query_value (conninfo,
                                              "SELECT string_agg(version, ',' ORDER BY version) FROM sluice.migrations");
  g_assert_cmpstr (after_failure, ==, "20240101120000");

  g_ptr_array_remove_index (migrations, 1);
  g_clear_error (&error);
  options.direction = SLUICE_RUN_DOWN;
  down = new_executor (connection, &options);
  g_assert_true (executor_test_run (down, migrations, NULL, &reverted, &error));
  g_assert_no_error (error);
  after_down = sluice_test_pg_query_value (conninfo,
                                           "SELECT (SELECT count(*) FROM public.schema_migrations) || ':'"
                                           "    || (SELECT count(*) FROM sluice.migrations) || ':'"
                                           "    || (to_regclass('public.a') IS NULL)");
  g_assert_cmpstr (after_down, ==, "0:0:true");
}

static gboolean
on_cancel_delay (gpointer user_data)
{
  g_cancellable_cancel (user_data);
  return G_SOURCE_REMOVE;
}

typedef struct
{
  GCancellable *cancellable;
  gboolean      scheduled;
} CancelAt;

/* Cancels a little after the second statement of 0002 started. */
static void
cancel_at_statement (SluiceRunEvent *event,
                     gpointer        user_data)
{
  CancelAt *cancel = user_data;

  if (sluice_run_event_get_kind (event) == SLUICE_RUN_EVENT_STATEMENT_STARTED &&
      g_strcmp0 (sluice_run_event_get_version (event), "0002") == 0 &&
      sluice_run_event_get_statement_index (event) == 2 && !cancel->scheduled)
    {
      cancel->scheduled = TRUE;
      g_timeout_add (300, on_cancel_delay, cancel->cancellable);
    }
}

static void
on_cancel_event (SluiceExecutor *executor,
                 SluiceRunEvent *event,
                 gpointer        user_data)
{
  cancel_at_statement (event, user_data);
}

/* A cancel while a transactional migration runs: rolled back, logged,
 * the migrations after it not run, the connection still usable. */
static void
test_cancel_mid_migration (void)
{
  g_autofree char *conninfo = sluice_test_pg_new_database ();
  g_autoptr(SluiceConnection) connection = sluice_test_pg_connect (conninfo);
  g_autoptr(GPtrArray) migrations = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(SluiceExecutor) executor = new_executor (connection, NULL);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) done = NULL;
  g_autofree char *recorded = NULL;
  g_autofree char *rows = NULL;
  g_autofree char *tables = NULL;
  SluiceTestAsyncWait wait = { 0 };
  CancelAt cancel = { cancellable, FALSE };
  gulong handler;

  g_ptr_array_add (migrations, executor_test_migration ("0001", "a", "CREATE TABLE a (id int)", NULL, TRUE));
  g_ptr_array_add (migrations,
                   executor_test_migration ("0002", "slow",
                                            "CREATE TABLE b (id int);\nSELECT pg_sleep(20);\n", NULL, TRUE));
  g_ptr_array_add (migrations, executor_test_migration ("0003", "c", "CREATE TABLE c (id int)", NULL, TRUE));

  handler = g_signal_connect (executor, "event", G_CALLBACK (on_cancel_event), &cancel);
  sluice_executor_run_async (executor, migrations, cancellable, sluice_test_store_result, &wait);
  sluice_test_wait_for (&wait.done, 30000);
  g_assert_false (sluice_executor_run_finish (executor, wait.result, &done, &error));
  g_object_unref (wait.result);
  g_signal_handler_disconnect (executor, handler);

  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "rolled back"));
  g_assert_cmpuint (g_strv_length (done), ==, 1);

  recorded = sluice_test_pg_query_value (conninfo, "SELECT string_agg(version, ',') FROM sluice.migrations");
  g_assert_cmpstr (recorded, ==, "0001");
  rows = sluice_test_pg_query_value (conninfo,
                                     "SELECT string_agg(version || ':' || success || ':' || statements_done || '/'"
                                     "                  || statements_total, ',' ORDER BY id) FROM sluice.run_log");
  g_assert_cmpstr (rows, ==, "0001:true:1/1,0002:false:1/2");
  tables = sluice_test_pg_query_value (conninfo,
                                       "SELECT string_agg(tablename, ',' ORDER BY tablename) FROM pg_tables"
                                       " WHERE schemaname = 'public'");
  g_assert_cmpstr (tables, ==, "a");
  g_assert_cmpint (sluice_connection_get_state (connection), ==, SLUICE_CONNECTION_READY);
  executor_test_assert_advisory_lock_free (conninfo);
}

static SluiceMigration *
golang_migration (const char *version,
                  const char *name,
                  const char *up_sql)
{
  SluiceMigration *migration = sluice_migration_new (SLUICE_MIGRATION_FORMAT_GOLANG_MIGRATE, version, name);

  sluice_migration_set_history_key (migration, version);
  sluice_migration_set_up_sql (migration, up_sql, 1);
  sluice_migration_set_transactional (migration, TRUE);
  return migration;
}

/* golang-migrate's single row: marked dirty before a migration (outside
 * its transaction), made clean with it.  A failed migration whose
 * transaction was rolled back leaves nothing: the row is set back to the
 * version before it, clean; Sluice's own history does not record it. */
static void
test_tool_history_golang_migrate (void)
{
  g_autofree char *conninfo = sluice_test_pg_new_database ();
  g_autoptr(SluiceConnection) connection = sluice_test_pg_connect (conninfo);
  g_autoptr(GPtrArray) migrations = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(SluiceExecutor) executor = NULL;
  g_autoptr(SluiceExecutor) second = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) done = NULL;
  g_auto(GStrv) done_again = NULL;
  g_autofree char *state = NULL;
  g_autofree char *failed_state = NULL;
  g_autofree char *recorded = NULL;
  SluiceExecuteOptions options;

  g_ptr_array_add (migrations, golang_migration ("1", "a", "CREATE TABLE a (id int);"));
  g_ptr_array_add (migrations, golang_migration ("2", "b", "CREATE TABLE b (id int);"));

  sluice_execute_options_init (&options);
  options.history_format = SLUICE_MIGRATION_FORMAT_GOLANG_MIGRATE;
  executor = new_executor (connection, &options);
  g_assert_true (executor_test_run (executor, migrations, NULL, &done, &error));
  g_assert_no_error (error);
  state = sluice_test_pg_query_value (conninfo,
                                      "SELECT string_agg(version || ':' || dirty, ',') FROM public.schema_migrations");
  g_assert_cmpstr (state, ==, "2:false");

  g_ptr_array_set_size (migrations, 0);
  g_ptr_array_add (migrations, golang_migration ("3", "broken", "CREATE TABLE a (id int);"));
  second = new_executor (connection, &options);
  g_assert_false (executor_test_run (second, migrations, NULL, &done_again, &error));
  g_assert_cmpstr (sluice_server_error_get_sqlstate (error), ==, "42P07");
  failed_state = sluice_test_pg_query_value (conninfo,
                                             "SELECT string_agg(version || ':' || dirty, ',') FROM public.schema_migrations");
  /* Its transaction was rolled back: nothing of it stays, so the row is
   * set back to what it was, and the message is true of both tables. */
  g_assert_cmpstr (failed_state, ==, "2:false");
  g_assert_nonnull (strstr (error->message, "rolled back"));
  g_assert_null (strstr (error->message, "dirty"));
  recorded = sluice_test_pg_query_value (conninfo, "SELECT string_agg(version, ',' ORDER BY version) FROM sluice.migrations");
  g_assert_cmpstr (recorded, ==, "1,2");
}

static void
cancel_on_retry (SluiceExecutor *executor,
                 SluiceRunEvent *event,
                 gpointer        user_data)
{
  if (sluice_run_event_get_kind (event) == SLUICE_RUN_EVENT_LOCK_RETRY)
    g_cancellable_cancel (user_data);
}

/* A cancel while the run waits to retry: no other attempt is made, and the
 * one that timed out is logged once. */
static void
test_cancel_during_retry_delay (void)
{
  g_autofree char *conninfo = sluice_test_pg_new_database ();
  g_autoptr(SluiceConnection) connection = sluice_test_pg_connect (conninfo);
  g_autoptr(GPtrArray) migrations = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(SluiceExecutor) executor = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) done = NULL;
  g_autofree char *rows = NULL;
  SluiceTestAsyncWait wait = { 0 };
  SluiceExecuteOptions options;
  gpointer holder;
  gint64 started;

  sluice_test_pg_exec (conninfo, "CREATE TABLE busy (id int)");
  holder = sluice_test_pg_session_open (conninfo);
  sluice_test_pg_session_exec (holder, "BEGIN");
  sluice_test_pg_session_exec (holder, "LOCK TABLE busy IN ACCESS EXCLUSIVE MODE");

  sluice_execute_options_init (&options);
  options.lock_timeout_ms = 100;
  options.lock_retries = 5;
  options.retry_delay_ms = 1000;
  executor = new_executor (connection, &options);
  g_ptr_array_add (migrations,
                   executor_test_migration ("0001", "blocked", "ALTER TABLE busy ADD COLUMN note text", NULL, TRUE));

  g_signal_connect (executor, "event", G_CALLBACK (cancel_on_retry), cancellable);
  started = g_get_monotonic_time ();
  sluice_executor_run_async (executor, migrations, cancellable, sluice_test_store_result, &wait);
  sluice_test_wait_for (&wait.done, 30000);
  g_assert_false (sluice_executor_run_finish (executor, wait.result, &done, &error));
  g_object_unref (wait.result);

  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "rolled back"));
  g_assert_cmpstr (sluice_executor_get_failed_version (executor), ==, "0001");
  rows = sluice_test_pg_query_value (conninfo,
                                     "SELECT string_agg(success || ':' || sqlstate, ',' ORDER BY id) FROM sluice.run_log");
  g_assert_cmpstr (rows, ==, "false:55P03");
  /* The row does not promise a retry that never came. */
  g_clear_pointer (&rows, g_free);
  rows = sluice_test_pg_query_value (conninfo, "SELECT note FROM sluice.run_log");
  g_assert_cmpstr (rows, ==, "lock timeout, cancelled before retry 1 of 5");
  /* Five retries would take 31 s of delays alone. */
  g_assert_cmpint (g_get_monotonic_time () - started, <, 20 * G_USEC_PER_SEC);

  sluice_test_pg_session_exec (holder, "COMMIT");
  PQfinish (holder);
}


/* A Sqitch-style script, its own BEGIN; ... COMMIT; inside, and a later
 * statement that fails: the script's COMMIT must not commit the
 * migration's transaction, so nothing of it stays and the message that
 * says so is true. */
static void
test_script_own_transaction (void)
{
  g_autofree char *conninfo = sluice_test_pg_new_database ();
  g_autoptr(SluiceConnection) connection = sluice_test_pg_connect (conninfo);
  g_autoptr(GPtrArray) migrations = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(SluiceExecutor) executor = new_executor (connection, NULL);
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) done = NULL;
  g_autofree char *kept = NULL;
  g_autofree char *recorded = NULL;
  g_autofree char *rows = NULL;
  ExecutorLog log;

  g_ptr_array_add (migrations,
                   executor_test_migration ("0001", "sqitch style",
                                            "-- Deploy app:accounts to pg\n"
                                            "BEGIN;\n"
                                            "CREATE TABLE accounts (id int);\n"
                                            "COMMIT;\n"
                                            "START TRANSACTION;\n"
                                            "CREATE TABLE kept (id int);\n"
                                            "END;\n",
                                            NULL, TRUE));
  g_ptr_array_add (migrations,
                   executor_test_migration ("0002", "sqitch style, failing",
                                            "BEGIN;\n"
                                            "CREATE TABLE orders (id int);\n"
                                            "COMMIT;\n"
                                            "INSERT INTO missing VALUES (1);\n",
                                            NULL, TRUE));

  executor_log_init (&log);
  g_assert_false (executor_test_run (executor, migrations, &log, &done, &error));
  g_assert_cmpstr (sluice_server_error_get_sqlstate (error), ==, "42P01");
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "statement 2 of 2 (line 4)"));
  g_assert_nonnull (strstr (error->message, "rolled back"));
  g_assert_cmpuint (g_strv_length (done), ==, 1);

  /* The failed one left nothing; the first one is whole and recorded. */
  executor_test_assert_relation (conninfo, "orders", FALSE);
  kept = sluice_test_pg_query_value (conninfo,
                                     "SELECT to_regclass('public.accounts')::text || ',' || to_regclass('public.kept')::text");
  g_assert_cmpstr (kept, ==, "accounts,kept");
  recorded = sluice_test_pg_query_value (conninfo, "SELECT string_agg(version, ',' ORDER BY version) FROM sluice.migrations");
  g_assert_cmpstr (recorded, ==, "0001");
  rows = sluice_test_pg_query_value (conninfo,
                                     "SELECT string_agg(version || ':' || success || ':' || statements_done || '/'"
                                     "                  || statements_total, ',' ORDER BY id) FROM sluice.run_log");
  g_assert_cmpstr (rows, ==, "0001:true:2/2,0002:false:1/2");
  g_assert_cmpuint (executor_log_count (&log, SLUICE_RUN_EVENT_INFO), ==, 3);
  executor_log_clear (&log);
}

/* ROLLBACK or SAVEPOINT cannot keep their meaning inside Sluice's one
 * transaction: the migration fails before anything of it runs. */
static void
test_script_rollback_refused (void)
{
  g_autofree char *conninfo = sluice_test_pg_new_database ();
  g_autoptr(SluiceConnection) connection = sluice_test_pg_connect (conninfo);
  g_autoptr(GPtrArray) migrations = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(SluiceExecutor) executor = new_executor (connection, NULL);
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) done = NULL;
  g_autofree char *rows = NULL;

  g_ptr_array_add (migrations,
                   executor_test_migration ("0001", "savepoints",
                                            "BEGIN;\nCREATE TABLE a (id int);\nSAVEPOINT s;\n"
                                            "ROLLBACK TO SAVEPOINT s;\nCOMMIT;\n",
                                            NULL, TRUE));
  g_assert_false (executor_test_run (executor, migrations, NULL, &done, &error));
  g_assert_error (error, SLUICE_ERROR, SLUICE_ERROR_INVALID_INPUT);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "was not run"));
  g_assert_nonnull (strstr (error->message, "line 3 (SAVEPOINT s)"));
  g_assert_nonnull (strstr (error->message, "Nothing of it was run"));
  executor_test_assert_relation (conninfo, "a", FALSE);
  rows = sluice_test_pg_query_value (conninfo,
                                     "SELECT string_agg(success || ':' || statements_done, ',') FROM sluice.run_log");
  g_assert_cmpstr (rows, ==, "false:0");
}

typedef struct
{
  GCancellable *cancellable;
  const char   *version;
} CancelOnDone;

static void
cancel_on_migration_done (SluiceExecutor *executor,
                          SluiceRunEvent *event,
                          gpointer        user_data)
{
  CancelOnDone *cancel = user_data;

  if (sluice_run_event_get_kind (event) == SLUICE_RUN_EVENT_MIGRATION_DONE &&
      g_strcmp0 (sluice_run_event_get_version (event), cancel->version) == 0)
    g_cancellable_cancel (cancel->cancellable);
}

/* A rollback plan's covered step (nothing to run: the newer step's DDL
 * reverted it) is recorded in that step's transaction: a cancel as the
 * DDL step ends cannot leave it recorded as applied with its changes
 * gone.  A third step with its own DDL is not run after the cancel. */
static void
test_covered_steps_folded (void)
{
  g_autofree char *conninfo = sluice_test_pg_new_database ();
  g_autoptr(SluiceConnection) connection = sluice_test_pg_connect (conninfo);
  g_autoptr(GPtrArray) up = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) down = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(SluiceExecutor) up_executor = new_executor (connection, NULL);
  g_autoptr(SluiceExecutor) down_executor = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) done = NULL;
  g_auto(GStrv) reverted = NULL;
  g_autofree char *recorded = NULL;
  g_autofree char *tables = NULL;
  g_autofree char *rows = NULL;
  SluiceTestAsyncWait wait = { 0 };
  SluiceExecuteOptions options;
  CancelOnDone cancel = { cancellable, "0003" };

  g_ptr_array_add (up, executor_test_migration ("0001", "a", "CREATE TABLE a (id int)", "DROP TABLE a", TRUE));
  g_ptr_array_add (up, executor_test_migration ("0002", "b", "CREATE TABLE b (id int)", NULL, TRUE));
  g_ptr_array_add (up, executor_test_migration ("0003", "c", "CREATE TABLE c (id int)", NULL, TRUE));
  g_assert_true (executor_test_run (up_executor, up, NULL, &done, &error));
  g_assert_no_error (error);

  /* As sluice-rollback-plan.c makes them: 0003 carries the DDL of both. */
  g_ptr_array_add (down, executor_test_migration ("0003", "c", "CREATE TABLE c (id int)", "DROP TABLE c;\nDROP TABLE b;\n", TRUE));
  g_ptr_array_add (down, executor_test_migration ("0002", "b", "CREATE TABLE b (id int)",
                                                  "-- Reverted by the generated DDL of the newer migration of the same run.\n",
                                                  TRUE));
  g_ptr_array_add (down, executor_test_migration ("0001", "a", "CREATE TABLE a (id int)", "DROP TABLE a", TRUE));

  sluice_execute_options_init (&options);
  options.direction = SLUICE_RUN_DOWN;
  down_executor = new_executor (connection, &options);
  g_signal_connect (down_executor, "event", G_CALLBACK (cancel_on_migration_done), &cancel);
  sluice_executor_run_async (down_executor, down, cancellable, sluice_test_store_result, &wait);
  sluice_test_wait_for (&wait.done, 30000);
  g_assert_false (sluice_executor_run_finish (down_executor, wait.result, &reverted, &error));
  g_object_unref (wait.result);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "0001"));

  g_assert_cmpuint (g_strv_length (reverted), ==, 2);
  g_assert_cmpstr (reverted[0], ==, "0003");
  g_assert_cmpstr (reverted[1], ==, "0002");
  recorded = sluice_test_pg_query_value (conninfo, "SELECT string_agg(version, ',' ORDER BY version) FROM sluice.migrations");
  g_assert_cmpstr (recorded, ==, "0001");
  tables = sluice_test_pg_query_value (conninfo,
                                       "SELECT string_agg(tablename, ',' ORDER BY tablename) FROM pg_tables"
                                       " WHERE schemaname = 'public'");
  g_assert_cmpstr (tables, ==, "a");
  rows = sluice_test_pg_query_value (conninfo,
                                     "SELECT string_agg(version || ':' || direction || ':' || success || ':'"
                                     "                  || coalesce(note, '-'), ',' ORDER BY id)"
                                     "  FROM sluice.run_log WHERE direction = 'down'");
  g_assert_cmpstr (rows, ==, "0003:down:true:-,0002:down:true:reverted with 0003, in its transaction");
}

/* golang-migrate's dirty mark hits lock_timeout: not retried (a retry
 * would run the migration unmarked), said plainly, nothing changed. */
static void
test_golang_migrate_begin_lock_timeout (void)
{
  g_autofree char *conninfo = sluice_test_pg_new_database ();
  g_autoptr(SluiceConnection) connection = sluice_test_pg_connect (conninfo);
  g_autoptr(GPtrArray) migrations = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(SluiceExecutor) executor = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) done = NULL;
  g_autofree char *state = NULL;
  g_autofree char *rows = NULL;
  SluiceExecuteOptions options;
  gpointer holder;
  ExecutorLog log;

  sluice_test_pg_exec (conninfo,
                       "CREATE TABLE schema_migrations (version bigint NOT NULL PRIMARY KEY, dirty boolean NOT NULL);"
                       "INSERT INTO schema_migrations VALUES (1, false)");
  holder = sluice_test_pg_session_open (conninfo);
  sluice_test_pg_session_exec (holder, "BEGIN");
  sluice_test_pg_session_exec (holder, "LOCK TABLE schema_migrations IN ACCESS SHARE MODE");

  sluice_execute_options_init (&options);
  options.history_format = SLUICE_MIGRATION_FORMAT_GOLANG_MIGRATE;
  options.lock_timeout_ms = 100;
  options.lock_retries = 3;
  options.retry_delay_ms = 50;
  executor = new_executor (connection, &options);
  g_ptr_array_add (migrations, golang_migration ("2", "b", "CREATE TABLE b (id int);"));

  executor_log_init (&log);
  g_assert_false (executor_test_run (executor, migrations, &log, &done, &error));
  g_assert_cmpstr (sluice_server_error_get_sqlstate (error), ==, "55P03");
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "could not be started"));
  g_assert_cmpuint (executor_log_count (&log, SLUICE_RUN_EVENT_LOCK_RETRY), ==, 0);
  g_assert_cmpuint (g_strv_length (done), ==, 0);

  sluice_test_pg_session_exec (holder, "COMMIT");
  PQfinish (holder);
  state = sluice_test_pg_query_value (conninfo,
                                      "SELECT string_agg(version || ':' || dirty, ',') FROM public.schema_migrations");
  g_assert_cmpstr (state, ==, "1:false");
  executor_test_assert_relation (conninfo, "b", FALSE);
  rows = sluice_test_pg_query_value (conninfo,
                                     "SELECT string_agg(success || ':' || sqlstate, ',' ORDER BY id) FROM sluice.run_log");
  g_assert_cmpstr (rows, ==, "false:55P03");
  executor_log_clear (&log);
}

/* A changed Flyway repeatable runs again: its Sluice row is brought up to
 * date, not added twice (which failed on the primary key). */
static void
test_flyway_repeatable_again (void)
{
  g_autofree char *conninfo = sluice_test_pg_new_database ();
  g_autoptr(SluiceConnection) connection = sluice_test_pg_connect (conninfo);
  g_autoptr(SluiceExecutor) first = NULL;
  g_autoptr(SluiceExecutor) second = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) done = NULL;
  g_auto(GStrv) done_again = NULL;
  g_autofree char *recorded = NULL;
  g_autofree char *flyway = NULL;
  g_autofree char *rows = NULL;
  SluiceExecuteOptions options;

  sluice_execute_options_init (&options);
  options.history_format = SLUICE_MIGRATION_FORMAT_FLYWAY;

  for (guint run = 0; run < 2; run++)
    {
      g_autoptr(GPtrArray) migrations = g_ptr_array_new_with_free_func (g_object_unref);
      SluiceMigration *migration = sluice_migration_new (SLUICE_MIGRATION_FORMAT_FLYWAY, NULL, "views");

      sluice_migration_set_kind (migration, SLUICE_MIGRATION_REPEATABLE);
      sluice_migration_set_history_key (migration, "views");
      sluice_migration_set_up_sql (migration,
                                   run == 0 ? "CREATE OR REPLACE VIEW v AS SELECT 1 AS x"
                                            : "CREATE OR REPLACE VIEW v AS SELECT 2 AS x",
                                   1);
      sluice_migration_set_checksum (migration, run == 0 ? "111" : "222");
      sluice_migration_set_transactional (migration, TRUE);
      g_ptr_array_add (migrations, migration);

      if (run == 0)
        {
          first = new_executor (connection, &options);
          g_assert_true (executor_test_run (first, migrations, NULL, &done, &error));
        }
      else
        {
          second = new_executor (connection, &options);
          g_assert_true (executor_test_run (second, migrations, NULL, &done_again, &error));
        }
      g_assert_no_error (error);
    }

  recorded = sluice_test_pg_query_value (conninfo,
                                         "SELECT string_agg(version || ':' || checksum, ',') FROM sluice.migrations");
  g_assert_cmpstr (recorded, ==, "views:222");
  flyway = sluice_test_pg_query_value (conninfo,
                                       "SELECT string_agg(checksum::text, ',' ORDER BY installed_rank)"
                                       "  FROM flyway_schema_history");
  g_assert_cmpstr (flyway, ==, "111,222");
  rows = sluice_test_pg_query_value (conninfo,
                                     "SELECT string_agg(version || ':' || success, ',' ORDER BY id) FROM sluice.run_log");
  g_assert_cmpstr (rows, ==, "views:true,views:true");
}

/* The tool's own failure rows ------------------------------------------- */

static void
remove_folder (const char *dir)
{
  g_autofree char *command = g_strdup_printf ("rm -rf '%s'", dir);

  g_assert_cmpint (system (command), ==, 0);
}

/* What Sluice's own status reads for @key in the tool's table. */
static SluiceHistoryState
history_state (SluiceConnection      *connection,
               SluiceMigrationFormat  format,
               const char            *project,
               const char            *key)
{
  SluiceTestAsyncWait wait = { 0 };
  g_autoptr(SluiceHistory) history = NULL;
  g_autoptr(GError) error = NULL;
  SluiceHistoryEntry *entry;

  sluice_history_read_full_async (connection, format, project, NULL, sluice_test_store_result, &wait);
  sluice_test_wait_for (&wait.done, 10000);
  history = sluice_history_read_finish (wait.result, &error);
  g_object_unref (wait.result);
  g_assert_no_error (error);
  entry = sluice_history_find (history, key);
  g_assert_nonnull (entry);
  return sluice_history_entry_get_state (entry);
}

/* Runs @dir's migrations of @format, the last of which fails; returns the
 * failure's message. */
static char *
run_failing_folder (SluiceConnection      *connection,
                    const char            *dir,
                    SluiceMigrationFormat  format,
                    const char            *failing_version,
                    char                 **project)
{
  g_autoptr(SluiceMigrationFolder) folder = NULL;
  g_autoptr(GPtrArray) migrations = NULL;
  g_autoptr(SluiceExecutor) executor = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) done = NULL;
  SluiceExecuteOptions options;

  folder = sluice_migration_folder_load (dir, format, &error);
  g_assert_no_error (error);
  migrations = sluice_test_folder_migrations (folder);
  *project = g_strdup (sluice_migration_folder_get_project (folder));

  sluice_execute_options_init (&options);
  options.history_format = format;
  options.project = *project;
  executor = new_executor (connection, &options);
  g_assert_false (executor_test_run (executor, migrations, NULL, &done, &error));
  g_assert_nonnull (error);
  g_assert_cmpstr (sluice_executor_get_failed_version (executor), ==, failing_version);
  /* The tool's rows were written: the message does not say otherwise. */
  g_assert_null (strstr (error->message, "tool's own history"));
  g_assert_cmpuint (g_strv_length (done), ==, migrations->len - 1);
  return g_strdup (error->message);
}

/* Rewrites V2 of the failing Flyway folder so that it runs, and runs it. */
static void
rerun_fixed_flyway (SluiceConnection *connection,
                    const char       *dir,
                    const char       *project)
{
  g_autofree char *path = g_build_filename (dir, "V2__second.sql", NULL);
  g_autoptr(SluiceMigrationFolder) folder = NULL;
  g_autoptr(SluiceExecutor) executor = NULL;
  g_autoptr(GPtrArray) migrations = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) done = NULL;
  SluiceExecuteOptions options;

  g_assert_true (g_file_set_contents (path, "CREATE TABLE IF NOT EXISTS second_table (id int);\n", -1, &error));
  folder = sluice_migration_folder_load (dir, SLUICE_MIGRATION_FORMAT_FLYWAY, &error);
  g_assert_no_error (error);
  migrations = g_ptr_array_new_with_free_func (g_object_unref);
  g_ptr_array_add (migrations, g_object_ref (sluice_migration_folder_find (folder, "2")));

  sluice_execute_options_init (&options);
  options.history_format = SLUICE_MIGRATION_FORMAT_FLYWAY;
  options.project = project;
  executor = new_executor (connection, &options);
  g_assert_true (executor_test_run (executor, migrations, NULL, &done, &error));
  g_assert_no_error (error);
}

/* Flyway writes a success = false row for a failed migration that runs
 * outside a transaction (its statements before the failure stay). */
static void
test_tool_failure_flyway (void)
{
  g_autofree char *conninfo = sluice_test_pg_new_database ();
  g_autoptr(SluiceConnection) connection = sluice_test_pg_connect (conninfo);
  g_autofree char *dir = NULL;
  g_autofree char *project = NULL;
  g_autofree char *message = NULL;
  g_autofree char *flyway = NULL;
  g_autofree char *stayed = NULL;
  g_autofree char *run_log = NULL;

  dir = sluice_test_make_folder ("executor", (const char * const []) {
               "V1__first.sql", "CREATE TABLE first_table (id int);\n",
               "V2__second.sql", "CREATE TABLE second_table (id int);\nALTER TABLE no_such_table ADD COLUMN x int;\n",
               "V2__second.sql.conf", "executeInTransaction=false\n",
               NULL });

  message = run_failing_folder (connection, dir, SLUICE_MIGRATION_FORMAT_FLYWAY, "2", &project);
  g_test_message ("%s", message);
  g_assert_nonnull (strstr (message, "flyway_schema_history records it as failed"));

  flyway = sluice_test_pg_query_value (conninfo,
                                       "SELECT string_agg(version || ':' || success, ',' ORDER BY installed_rank)"
                                       "  FROM flyway_schema_history");
  g_assert_cmpstr (flyway, ==, "1:true,2:false");
  /* The first statement ran outside a transaction: it stays. */
  stayed = sluice_test_pg_query_value (conninfo, "SELECT to_regclass('second_table') IS NOT NULL");
  g_assert_cmpstr (stayed, ==, "t");
  run_log = sluice_test_pg_query_value (conninfo,
                                        "SELECT string_agg(version || ':' || success, ',' ORDER BY id) FROM sluice.run_log");
  g_assert_cmpstr (run_log, ==, "1:true,2:false");
  g_assert_cmpint (history_state (connection, SLUICE_MIGRATION_FORMAT_FLYWAY, project, "2"), ==,
                   SLUICE_HISTORY_FAILED);

  /* Fixed and run again: the failed row goes, as `flyway repair` does. */
  rerun_fixed_flyway (connection, dir, project);
  g_clear_pointer (&flyway, g_free);
  flyway = sluice_test_pg_query_value (conninfo,
                                       "SELECT string_agg(version || ':' || success, ',' ORDER BY installed_rank)"
                                       "  FROM flyway_schema_history");
  g_assert_cmpstr (flyway, ==, "1:true,2:true");
  g_assert_cmpint (history_state (connection, SLUICE_MIGRATION_FORMAT_FLYWAY, project, "2"), ==,
                   SLUICE_HISTORY_APPLIED);

  remove_folder (dir);
}

/* Sqitch logs a "fail" event for a failed deploy, after the change's
 * transaction is rolled back. */
static void
test_tool_failure_sqitch (void)
{
  g_autofree char *conninfo = sluice_test_pg_new_database ();
  g_autoptr(SluiceConnection) connection = sluice_test_pg_connect (conninfo);
  g_autofree char *dir = NULL;
  g_autofree char *project = NULL;
  g_autofree char *message = NULL;
  g_autofree char *events = NULL;
  g_autofree char *changes = NULL;
  g_autofree char *books = NULL;

  dir = sluice_test_make_folder ("executor", (const char * const []) {
               "sqitch.conf", "[core]\n\tengine = pg\n",
               "sqitch.plan",
               "%syntax-version=1.0.0\n"
               "%project=failing\n"
               "%uri=https://example.com/failing\n"
               "\n"
               "shelves 2026-11-21T10:00:00Z Sluice Tests <tests@sluice.invalid> # Shelves\n"
               "broken [shelves] 2026-11-21T10:00:02Z Sluice Tests <tests@sluice.invalid> # Fails half-way\n",
               "deploy/shelves.sql", "BEGIN;\nCREATE TABLE shelves (id int);\nCOMMIT;\n",
               "revert/shelves.sql", "BEGIN;\nDROP TABLE shelves;\nCOMMIT;\n",
               "deploy/broken.sql", "BEGIN;\nCREATE TABLE books (id int);\nALTER TABLE no_such_table ADD COLUMN x int;\nCOMMIT;\n",
               "revert/broken.sql", "BEGIN;\nDROP TABLE books;\nCOMMIT;\n",
               NULL });

  message = run_failing_folder (connection, dir, SLUICE_MIGRATION_FORMAT_SQITCH, "broken", &project);
  g_test_message ("%s", message);
  g_assert_null (strstr (message, "flyway_schema_history"));

  events = sluice_test_pg_query_value (conninfo,
                                       "SELECT string_agg(event || ':' || change, ',' ORDER BY committed_at)"
                                       "  FROM sqitch.events");
  g_assert_cmpstr (events, ==, "deploy:shelves,fail:broken");
  changes = sluice_test_pg_query_value (conninfo, "SELECT string_agg(change, ',') FROM sqitch.changes");
  g_assert_cmpstr (changes, ==, "shelves");
  /* The change's transaction was rolled back: nothing of it stays. */
  books = sluice_test_pg_query_value (conninfo, "SELECT to_regclass('books') IS NULL");
  g_assert_cmpstr (books, ==, "t");
  g_assert_cmpint (history_state (connection, SLUICE_MIGRATION_FORMAT_SQITCH, project, "broken"), ==,
                   SLUICE_HISTORY_FAILED);

  remove_folder (dir);
}

static void
cancel_on_lock_taken (SluiceExecutor *executor,
                      SluiceRunEvent *event,
                      gpointer        user_data)
{
  if (sluice_run_event_get_kind (event) == SLUICE_RUN_EVENT_INFO &&
      strstr (sluice_run_event_get_message (event), "advisory lock is taken") != NULL)
    g_cancellable_cancel (user_data);
}

/* The timeouts could not be set (cancelled before): the session's own
 * settings are left as they were, not set to 0. */
static void
test_timeouts_never_set_not_restored (void)
{
  g_autofree char *conninfo = sluice_test_pg_new_database ();
  g_autoptr(SluiceConnection) connection = sluice_test_pg_connect (conninfo);
  g_autoptr(GPtrArray) migrations = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(SluiceExecutor) executor = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(SluiceResult) result = NULL;
  g_auto(GStrv) done = NULL;
  SluiceTestAsyncWait wait = { 0 };
  SluiceExecuteOptions options;

  result = sluice_test_query (connection, "SELECT set_config('lock_timeout', '5s', false)");

  sluice_execute_options_init (&options);
  options.lock_timeout_ms = 100;
  executor = new_executor (connection, &options);
  g_ptr_array_add (migrations, executor_test_migration ("0001", "t", "CREATE TABLE t (id int)", NULL, TRUE));
  g_signal_connect (executor, "event", G_CALLBACK (cancel_on_lock_taken), cancellable);
  sluice_executor_run_async (executor, migrations, cancellable, sluice_test_store_result, &wait);
  sluice_test_wait_for (&wait.done, 30000);
  g_assert_false (sluice_executor_run_finish (executor, wait.result, &done, &error));
  g_object_unref (wait.result);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "nothing was changed"));
  g_clear_error (&error);

  g_clear_object (&result);
  result = sluice_test_query (connection, "SELECT current_setting('lock_timeout')");
  g_assert_cmpstr (sluice_result_get_value (result, 0, 0), ==, "5s");
  executor_test_assert_advisory_lock_free (conninfo);
}

/* The line the CLI prints, and the stable names of the kinds. */
static void
test_event_line (void)
{
  g_autoptr(SluiceRunEvent) event = NULL;
  g_autofree char *line = NULL;
  g_autofree char *bare = NULL;
  g_autoptr(SluiceRunEvent) info = NULL;

  g_assert_cmpstr (sluice_run_event_kind_to_string (SLUICE_RUN_EVENT_MIGRATION_STARTED), ==,
                   "migration-started");
  g_assert_cmpstr (sluice_run_event_kind_to_string (SLUICE_RUN_EVENT_LOCK_RETRY), ==, "lock-retry");
  g_assert_cmpstr (sluice_run_event_kind_to_string (SLUICE_RUN_EVENT_FINISHED), ==, "finished");

  event = sluice_run_event_new (SLUICE_RUN_EVENT_STATEMENT_STARTED, "0003", "statement 2/5");
  g_assert_cmpfloat (sluice_run_event_get_elapsed_ms (event), ==, -1);
  g_assert_cmpfloat (sluice_run_event_get_fraction (event), ==, -1);
  g_assert_null (sluice_run_event_get_sqlstate (event));
  sluice_run_event_set_statement (event, 2, 5, "\n  CREATE TABLE orders (\n    id int\n  )");
  sluice_run_event_set_fraction (event, 0.25);
  g_assert_cmpfloat (sluice_run_event_get_fraction (event), ==, 0.25);
  line = sluice_run_event_to_line (event);
  g_test_message ("%s", line);
  g_assert_true (g_str_has_suffix (line, "  0003  statement 2/5: CREATE TABLE orders ( …"));
  g_assert_cmpuint (strlen (line), >, 8);
  g_assert_true (line[2] == ':' && line[5] == ':');

  info = sluice_run_event_new (SLUICE_RUN_EVENT_INFO, NULL, "lock_timeout = 5000 ms");
  bare = sluice_run_event_to_line (info);
  g_assert_cmpstr (bare + 8, ==, "  lock_timeout = 5000 ms");
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/executor/options-defaults", test_options_defaults);
  g_test_add_func ("/executor/event-line", test_event_line);
  g_test_add_func ("/executor/happy-path", test_happy_path);
  g_test_add_func ("/executor/empty-run", test_empty_run);
  g_test_add_func ("/executor/advisory-lock-held", test_advisory_lock_held);
  g_test_add_func ("/executor/timeouts-set-and-restored", test_timeouts_set_and_restored);
  g_test_add_func ("/executor/statement-timeout", test_statement_timeout);
  g_test_add_func ("/executor/lock-retry-then-success", test_lock_retry_then_success);
  g_test_add_func ("/executor/lock-retry-one-by-one", test_lock_retry_one_by_one);
  g_test_add_func ("/executor/one-by-one-failure", test_one_by_one_failure);
  g_test_add_func ("/executor/down-run", test_down_run);
  g_test_add_func ("/executor/down-without-sql", test_down_without_sql);
  g_test_add_func ("/executor/tool-history-dbmate", test_tool_history_dbmate);
  g_test_add_func ("/executor/tool-history-golang-migrate", test_tool_history_golang_migrate);
  g_test_add_func ("/executor/cancel-mid-migration", test_cancel_mid_migration);
  g_test_add_func ("/executor/cancel-during-retry-delay", test_cancel_during_retry_delay);
  g_test_add_func ("/executor/script-own-transaction", test_script_own_transaction);
  g_test_add_func ("/executor/script-rollback-refused", test_script_rollback_refused);
  g_test_add_func ("/executor/covered-steps-folded", test_covered_steps_folded);
  g_test_add_func ("/executor/golang-migrate-begin-lock-timeout", test_golang_migrate_begin_lock_timeout);
  g_test_add_func ("/executor/flyway-repeatable-again", test_flyway_repeatable_again);
  g_test_add_func ("/executor/timeouts-never-set-not-restored", test_timeouts_never_set_not_restored);
  g_test_add_func ("/executor/tool-failure-flyway", test_tool_failure_flyway);
  g_test_add_func ("/executor/tool-failure-sqitch", test_tool_failure_sqitch);

  return g_test_run ();
}
