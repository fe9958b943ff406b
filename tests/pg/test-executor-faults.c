/* test-executor-faults.c: the faults a production run must survive
 *
 * Each test breaks a run on a real server (a killed backend, a stopped
 * server, a lock held by another session, two runners at once, a syntax
 * error in statement 7 of 9, a failed CREATE INDEX CONCURRENTLY) and ends
 * by checking, from a connection of its own, that the history, the run
 * log and the database agree with each other and with the error, and that
 * nothing is recorded as applied that was not.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <libpq-fe.h>
#include <locale.h>
#include <string.h>

#include "test-executor-util.h"

#define SANDBOX_TIMEOUT_MS 120000

/* What Sluice's history says, as "version,version" ("" when none). */
static char *
recorded_versions (const char *conninfo)
{
  char *versions = sluice_test_pg_query_value (conninfo,
                                               "SELECT coalesce(string_agg(version, ',' ORDER BY version), '')"
                                               "  FROM sluice.migrations");

  return versions;
}

/* The run log, one "version:success:done/total:sqlstate" per attempt. */
static char *
run_log_rows (const char *conninfo)
{
  return sluice_test_pg_query_value (conninfo,
                                     "SELECT coalesce(string_agg(version || ':' || success || ':' || statements_done"
                                     "                           || '/' || statements_total || ':'"
                                     "                           || coalesce(sqlstate, '-'), ',' ORDER BY id), '')"
                                     "  FROM sluice.run_log");
}

/* Kills the executor's backend from another session, some time after
 * the chosen statement started, so that it dies while running. */
typedef struct
{
  const char       *version;
  guint             statement;
  SluiceConnection *connection;
  char             *admin_conninfo;
  guint             delay_ms;
  gboolean          killed;
  void            (*action) (gpointer user_data);
  gpointer          action_data;
} KillAt;

static gboolean
on_kill_delay (gpointer user_data)
{
  KillAt *kill = user_data;

  kill->action (kill);
  kill->killed = TRUE;
  return G_SOURCE_REMOVE;
}

static void
kill_at_statement (SluiceRunEvent *event,
                   gpointer        user_data)
{
  KillAt *kill = user_data;

  if (sluice_run_event_get_kind (event) == SLUICE_RUN_EVENT_STATEMENT_STARTED &&
      g_strcmp0 (sluice_run_event_get_version (event), kill->version) == 0 &&
      sluice_run_event_get_statement_index (event) == kill->statement)
    g_timeout_add (kill->delay_ms, on_kill_delay, kill);
}

static void
terminate_backend (gpointer user_data)
{
  KillAt *kill = user_data;
  g_autofree char *sql = g_strdup_printf ("SELECT pg_terminate_backend(%d)",
                                          sluice_connection_get_backend_pid (kill->connection));
  g_autofree char *terminated = sluice_test_pg_query_value (kill->admin_conninfo, sql);

  g_assert_cmpstr (terminated, ==, "t");
}

static void
run_with_killed_backend (gboolean transactional)
{
  g_autofree char *conninfo = sluice_test_pg_new_database ();
  g_autoptr(SluiceConnection) connection = sluice_test_pg_connect (conninfo);
  g_autoptr(GPtrArray) migrations = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(SluiceExecutor) executor = sluice_executor_new (connection, NULL);
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) done = NULL;
  g_autofree char *recorded = NULL;
  g_autofree char *log_rows = NULL;
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  KillAt kill = { "0002", 2, connection, conninfo, 300, FALSE, terminate_backend, NULL };
  ExecutorLog log;

  g_ptr_array_add (migrations,
                   executor_test_migration ("0001", "before", "CREATE TABLE before_kill (id int)", NULL, TRUE));
  g_ptr_array_add (migrations,
                   executor_test_migration ("0002", "killed",
                                            "CREATE TABLE killed_first (id int);\n"
                                            "SELECT pg_sleep(20);\n"
                                            "CREATE TABLE killed_second (id int);\n",
                                            NULL, transactional));
  g_ptr_array_add (migrations,
                   executor_test_migration ("0003", "after", "CREATE TABLE after_kill (id int)", NULL, TRUE));

  executor_log_init (&log);
  log.hook = kill_at_statement;
  log.hook_data = &kill;
  g_assert_false (executor_test_run (executor, migrations, &log, &done, &error));
  g_assert_true (kill.killed);
  g_assert_nonnull (error);
  g_test_message ("%s", error->message);

  /* The error says where it stopped, what became of the migration, and
   * that the attempt could not be logged on a dead connection. */
  g_assert_nonnull (strstr (error->message, "0002"));
  g_assert_nonnull (strstr (error->message, "statement 2 of 3"));
  g_assert_nonnull (strstr (error->message, "is not in sluice.run_log"));
  if (transactional)
    g_assert_nonnull (strstr (error->message, "rolled back"));
  else
    g_assert_nonnull (strstr (error->message, "1 of its 3 statements"));
  g_assert_cmpstr (sluice_executor_get_failed_version (executor), ==, "0002");
  g_assert_cmpuint (g_strv_length (done), ==, 1);
  g_assert_cmpuint (executor_log_count (&log, SLUICE_RUN_EVENT_MIGRATION_FAILED), ==, 1);
  g_assert_cmpuint (executor_log_count (&log, SLUICE_RUN_EVENT_FINISHED), ==, 1);

  /* The database, the history and the run log agree. */
  recorded = recorded_versions (conninfo);
  g_assert_cmpstr (recorded, ==, "0001");
  log_rows = run_log_rows (conninfo);
  g_assert_cmpstr (log_rows, ==, "0001:true:1/1:-");
  first = executor_test_relation (conninfo, "killed_first");
  second = executor_test_relation (conninfo, "killed_second");
  if (transactional)
    g_assert_null (first);
  else
    g_assert_cmpstr (first, ==, "killed_first");
  g_assert_null (second);
  executor_test_assert_relation (conninfo, "after_kill", FALSE);
  executor_test_assert_advisory_lock_free (conninfo);

  executor_log_clear (&log);
}

static void
test_backend_killed_in_transaction (void)
{
  run_with_killed_backend (TRUE);
}

static void
test_backend_killed_without_transaction (void)
{
  run_with_killed_backend (FALSE);
}

/* The server itself ------------------------------------------------------------ */

static void
start_sandbox (SluiceSandbox *sandbox)
{
  g_autoptr(GError) error = NULL;
  SluiceTestAsyncWait wait = { 0 };

  sluice_sandbox_start_async (sandbox, NULL, sluice_test_store_result, &wait);
  sluice_test_wait_for (&wait.done, SANDBOX_TIMEOUT_MS);
  g_assert_true (sluice_sandbox_start_finish (sandbox, wait.result, &error));
  g_assert_no_error (error);
  g_object_unref (wait.result);
}

/* Waits for a stop started by sluice_sandbox_stop_async() with @wait. */
static void
finish_sandbox_stop (SluiceSandbox       *sandbox,
                     SluiceTestAsyncWait *wait)
{
  g_autoptr(GError) error = NULL;

  sluice_test_wait_for (&wait->done, SANDBOX_TIMEOUT_MS);
  g_assert_true (sluice_sandbox_stop_finish (sandbox, wait->result, &error));
  g_assert_no_error (error);
  g_clear_object (&wait->result);
}

static void
stop_sandbox_and_wait (SluiceSandbox *sandbox)
{
  SluiceTestAsyncWait wait = { 0 };

  sluice_sandbox_stop_async (sandbox, NULL, sluice_test_store_result, &wait);
  finish_sandbox_stop (sandbox, &wait);
}

typedef struct
{
  SluiceSandbox       *sandbox;
  SluiceTestAsyncWait  wait;
} StopServer;

static void
stop_server (gpointer user_data)
{
  KillAt *kill = user_data;
  StopServer *stop = kill->action_data;

  sluice_sandbox_stop_async (stop->sandbox, NULL, sluice_test_store_result, &stop->wait);
}

/* pg_ctl stop -m fast while a transactional migration runs: after the
 * server is back, the migration left nothing and is not recorded.  A
 * private cluster (the sandbox's), as the harness's must stay up. */
static void
test_server_stopped (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *root = g_dir_make_tmp ("sluice-executor-faults-XXXXXX", &error);
  g_autoptr(SluiceSandbox) sandbox = NULL;
  g_autoptr(SluiceConnection) connection = NULL;
  g_autoptr(GPtrArray) migrations = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(SluiceExecutor) executor = NULL;
  g_auto(GStrv) done = NULL;
  g_autofree char *admin = NULL;
  g_autofree char *conninfo = NULL;
  g_autofree char *recorded = NULL;
  g_autofree char *log_rows = NULL;
  StopServer stop = { 0 };
  KillAt kill = { "0002", 2, NULL, NULL, 300, FALSE, stop_server, &stop };
  ExecutorLog log;

  g_assert_no_error (error);
  sandbox = sluice_sandbox_new (root);
  /* Never the shared fallback: this test stops the server. */
  g_assert_cmpstr (sluice_sandbox_get_root_dir (sandbox), ==, root);
  start_sandbox (sandbox);

  admin = sluice_sandbox_dup_conninfo (sandbox, "postgres");
  sluice_test_pg_exec (admin, "CREATE DATABASE faults");
  conninfo = sluice_sandbox_dup_conninfo (sandbox, "faults");
  connection = sluice_test_pg_connect (conninfo);
  executor = sluice_executor_new (connection, NULL);

  g_ptr_array_add (migrations,
                   executor_test_migration ("0001", "before", "CREATE TABLE before_stop (id int)", NULL, TRUE));
  g_ptr_array_add (migrations,
                   executor_test_migration ("0002", "stopped",
                                            "CREATE TABLE stopped_first (id int);\n"
                                            "SELECT pg_sleep(20);\n"
                                            "CREATE TABLE stopped_second (id int);\n",
                                            NULL, TRUE));

  stop.sandbox = sandbox;
  executor_log_init (&log);
  log.hook = kill_at_statement;
  log.hook_data = &kill;
  g_assert_false (executor_test_run (executor, migrations, &log, &done, &error));
  g_assert_true (kill.killed);
  g_assert_nonnull (error);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "statement 2 of 3"));
  g_assert_nonnull (strstr (error->message, "rolled back"));
  g_assert_nonnull (strstr (error->message, "is not in sluice.run_log"));
  g_assert_cmpuint (g_strv_length (done), ==, 1);
  g_assert_cmpstr (done[0], ==, "0001");

  finish_sandbox_stop (sandbox, &stop.wait);
  g_assert_cmpint (sluice_connection_get_state (connection), !=, SLUICE_CONNECTION_READY);

  /* Back up: what the server kept is what the run said. */
  start_sandbox (sandbox);
  recorded = recorded_versions (conninfo);
  g_assert_cmpstr (recorded, ==, "0001");
  log_rows = run_log_rows (conninfo);
  g_assert_cmpstr (log_rows, ==, "0001:true:1/1:-");
  executor_test_assert_relation (conninfo, "before_stop", TRUE);
  executor_test_assert_relation (conninfo, "stopped_first", FALSE);
  executor_test_assert_relation (conninfo, "stopped_second", FALSE);
  executor_test_assert_advisory_lock_free (conninfo);

  stop_sandbox_and_wait (sandbox);
  executor_log_clear (&log);
}

/* A lock held by another session ------------------------------------------------ */

/* ACCESS EXCLUSIVE held for the whole run: every attempt times out, each
 * is logged, the retries back off, and the run stops cleanly with the
 * migrations after it not run. */
static void
test_lock_held_retries_then_stops (void)
{
  g_autofree char *conninfo = sluice_test_pg_new_database ();
  g_autoptr(SluiceConnection) connection = sluice_test_pg_connect (conninfo);
  g_autoptr(GPtrArray) migrations = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(SluiceExecutor) executor = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) done = NULL;
  g_autofree char *recorded = NULL;
  g_autofree char *log_rows = NULL;
  g_autofree char *notes = NULL;
  g_autofree char *column = NULL;
  g_autofree char *spacing = NULL;
  gpointer holder;
  SluiceExecuteOptions options;
  ExecutorLog log;

  sluice_test_pg_exec (conninfo, "CREATE TABLE busy (id int)");
  holder = sluice_test_pg_session_open (conninfo);
  sluice_test_pg_session_exec (holder, "BEGIN");
  sluice_test_pg_session_exec (holder, "LOCK TABLE busy IN ACCESS EXCLUSIVE MODE");

  sluice_execute_options_init (&options);
  options.lock_timeout_ms = 100;
  options.lock_retries = 2;
  options.retry_delay_ms = 200;
  executor = sluice_executor_new (connection, &options);

  g_ptr_array_add (migrations,
                   executor_test_migration ("0001", "free", "CREATE TABLE free_table (id int)", NULL, TRUE));
  g_ptr_array_add (migrations,
                   executor_test_migration ("0002", "blocked",
                                            "CREATE TABLE blocked_side (id int);\n"
                                            "ALTER TABLE busy ADD COLUMN note text;\n",
                                            NULL, TRUE));
  g_ptr_array_add (migrations,
                   executor_test_migration ("0003", "never", "CREATE TABLE never_run (id int)", NULL, TRUE));

  executor_log_init (&log);
  g_assert_false (executor_test_run (executor, migrations, &log, &done, &error));
  g_assert_cmpstr (sluice_server_error_get_sqlstate (error), ==, "55P03");
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "statement 2 of 2"));
  g_assert_nonnull (strstr (error->message, "rolled back"));
  g_assert_nonnull (strstr (error->message, "after 2 retries"));
  g_assert_cmpuint (g_strv_length (done), ==, 1);
  g_assert_cmpstr (sluice_executor_get_failed_version (executor), ==, "0002");
  g_assert_cmpuint (executor_log_count (&log, SLUICE_RUN_EVENT_LOCK_RETRY), ==, 2);

  /* The delays double: 200 ms, then 400 ms. */
  for (guint i = 0, seen = 0; i < log.events->len; i++)
    {
      SluiceRunEvent *event = g_ptr_array_index (log.events, i);

      if (sluice_run_event_get_kind (event) != SLUICE_RUN_EVENT_LOCK_RETRY)
        continue;
      g_assert_cmpfloat (sluice_run_event_get_elapsed_ms (event), ==, seen == 0 ? 200 : 400);
      seen++;
    }

  recorded = recorded_versions (conninfo);
  g_assert_cmpstr (recorded, ==, "0001");
  log_rows = run_log_rows (conninfo);
  g_assert_cmpstr (log_rows, ==,
                   "0001:true:1/1:-,0002:false:1/2:55P03,0002:false:1/2:55P03,0002:false:1/2:55P03");
  notes = sluice_test_pg_query_value (conninfo,
                                      "SELECT string_agg(coalesce(note, '-'), ',' ORDER BY id) FROM sluice.run_log"
                                      " WHERE version = '0002'");
  g_assert_cmpstr (notes, ==,
                   "lock timeout, retry 1 of 2 follows,lock timeout, retry 2 of 2 follows,-");
  /* The attempts really waited for their retries. */
  spacing = sluice_test_pg_query_value (conninfo,
                                        "SELECT bool_and(gap >= interval '150 ms') FROM ("
                                        "  SELECT started_at - lag(finished_at) OVER (ORDER BY id) AS gap"
                                        "    FROM sluice.run_log WHERE version = '0002') gaps"
                                        " WHERE gap IS NOT NULL");
  g_assert_cmpstr (spacing, ==, "t");

  executor_test_assert_relation (conninfo, "blocked_side", FALSE);
  executor_test_assert_relation (conninfo, "never_run", FALSE);
  column = sluice_test_pg_query_value (conninfo,
                                       "SELECT count(*) FROM information_schema.columns"
                                       " WHERE table_name = 'busy' AND column_name = 'note'");
  g_assert_cmpstr (column, ==, "0");
  executor_test_assert_advisory_lock_free (conninfo);

  sluice_test_pg_session_exec (holder, "COMMIT");
  PQfinish (holder);
  executor_log_clear (&log);
}

/* Two runners ------------------------------------------------------------------- */

typedef struct
{
  SluiceExecutor *executor;
  gboolean        done;
  gboolean        ok;
  GStrv           versions;
  GError         *error;
} RunnerWait;

static void
on_runner_done (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  RunnerWait *wait = user_data;

  wait->ok = sluice_executor_run_finish (SLUICE_EXECUTOR (object), result, &wait->versions, &wait->error);
  wait->done = TRUE;
}

/* Started together on two connections: one applies, the other stops at
 * once naming the first's server process, and the migration is applied
 * and logged once. */
static void
test_two_runners (void)
{
  g_autofree char *conninfo = sluice_test_pg_new_database ();
  g_autoptr(SluiceConnection) first = sluice_test_pg_connect (conninfo);
  g_autoptr(SluiceConnection) second = sluice_test_pg_connect (conninfo);
  g_autoptr(GPtrArray) migrations = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(SluiceExecutor) first_executor = sluice_executor_new (first, NULL);
  g_autoptr(SluiceExecutor) second_executor = sluice_executor_new (second, NULL);
  g_autofree char *recorded = NULL;
  g_autofree char *log_rows = NULL;
  g_autofree char *winner_pid = NULL;
  RunnerWait waits[2] = { { first_executor }, { second_executor } };
  RunnerWait *winner;
  RunnerWait *loser;

  g_ptr_array_add (migrations,
                   executor_test_migration ("0001", "once",
                                            "CREATE TABLE once (id int);\nSELECT pg_sleep(0.5);\n",
                                            NULL, TRUE));

  for (guint i = 0; i < 2; i++)
    sluice_executor_run_async (waits[i].executor, migrations, NULL, on_runner_done, &waits[i]);
  sluice_test_wait_for (&waits[0].done, 30000);
  sluice_test_wait_for (&waits[1].done, 30000);

  g_assert_true (waits[0].ok != waits[1].ok);
  winner = waits[0].ok ? &waits[0] : &waits[1];
  loser = waits[0].ok ? &waits[1] : &waits[0];

  g_assert_no_error (winner->error);
  g_assert_cmpuint (g_strv_length (winner->versions), ==, 1);
  g_assert_error (loser->error, SLUICE_ERROR, SLUICE_ERROR_BUSY);
  g_test_message ("%s", loser->error->message);
  g_assert_cmpuint (g_strv_length (loser->versions), ==, 0);
  g_assert_null (sluice_executor_get_failed_version (loser->executor));
  winner_pid = g_strdup_printf ("%d", sluice_connection_get_backend_pid (
                                  sluice_executor_get_connection (winner->executor)));
  g_assert_nonnull (strstr (loser->error->message, winner_pid));

  recorded = recorded_versions (conninfo);
  g_assert_cmpstr (recorded, ==, "0001");
  log_rows = run_log_rows (conninfo);
  g_assert_cmpstr (log_rows, ==, "0001:true:2/2:-");
  executor_test_assert_advisory_lock_free (conninfo);

  for (guint i = 0; i < 2; i++)
    {
      g_strfreev (waits[i].versions);
      g_clear_error (&waits[i].error);
    }
}

/* A syntax error in statement 7 of 9 ---------------------------------------------- */

static void
test_syntax_error_in_statement_7_of_9 (void)
{
  g_autofree char *conninfo = sluice_test_pg_new_database ();
  g_autoptr(SluiceConnection) connection = sluice_test_pg_connect (conninfo);
  g_autoptr(GPtrArray) migrations = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(SluiceExecutor) executor = sluice_executor_new (connection, NULL);
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) done = NULL;
  g_autoptr(GString) sql = g_string_new (NULL);
  g_autofree char *recorded = NULL;
  g_autofree char *log_rows = NULL;
  g_autofree char *left = NULL;
  ExecutorLog log;

  for (guint i = 1; i <= 9; i++)
    {
      if (i == 7)
        g_string_append (sql, "CREATE TABLE step_7 (id int,, broken);\n");
      else
        g_string_append_printf (sql, "CREATE TABLE step_%u (id int);\n", i);
    }

  g_ptr_array_add (migrations,
                   executor_test_migration ("0001", "before", "CREATE TABLE before_error (id int)", NULL, TRUE));
  g_ptr_array_add (migrations, executor_test_migration ("0002", "nine steps", sql->str, NULL, TRUE));
  g_ptr_array_add (migrations,
                   executor_test_migration ("0003", "after", "CREATE TABLE after_error (id int)", NULL, TRUE));

  executor_log_init (&log);
  g_assert_false (executor_test_run (executor, migrations, &log, &done, &error));
  g_assert_cmpstr (sluice_server_error_get_sqlstate (error), ==, "42601");
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "Migration 0002 “nine steps” failed at statement 7 of 9 (line 7)"));
  g_assert_nonnull (strstr (error->message, "rolled back, so nothing of it was changed"));
  g_assert_cmpuint (g_strv_length (done), ==, 1);
  g_assert_cmpstr (sluice_executor_get_failed_version (executor), ==, "0002");
  g_assert_cmpuint (executor_log_count (&log, SLUICE_RUN_EVENT_STATEMENT_DONE), ==, 1 + 6);

  recorded = recorded_versions (conninfo);
  g_assert_cmpstr (recorded, ==, "0001");
  log_rows = run_log_rows (conninfo);
  g_assert_cmpstr (log_rows, ==, "0001:true:1/1:-,0002:false:6/9:42601");
  left = sluice_test_pg_query_value (conninfo,
                                     "SELECT count(*) FROM pg_tables WHERE tablename LIKE 'step\\_%'");
  g_assert_cmpstr (left, ==, "0");
  executor_test_assert_relation (conninfo, "after_error", FALSE);
  executor_test_assert_advisory_lock_free (conninfo);

  executor_log_clear (&log);
}

/* A failed CREATE INDEX CONCURRENTLY ------------------------------------------------ */

/* A unique index over duplicates: the build fails and leaves an invalid
 * index, which is reported (not an older invalid one), kept until asked,
 * then dropped and the drop logged. */
static void
test_failed_create_index_concurrently (void)
{
  g_autofree char *conninfo = sluice_test_pg_new_database ();
  g_autoptr(SluiceConnection) connection = sluice_test_pg_connect (conninfo);
  g_autoptr(GPtrArray) migrations = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(SluiceExecutor) executor = sluice_executor_new (connection, NULL);
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) done = NULL;
  g_autofree char *recorded = NULL;
  g_autofree char *log_rows = NULL;
  g_autofree char *invalid = NULL;
  g_autofree char *after_drop = NULL;
  g_autofree char *drop_row = NULL;
  gpointer session;
  PGresult *result;
  const char * const *indexes;
  SluiceTestAsyncWait wait = { 0 };
  SluiceTestAsyncWait second_drop = { 0 };
  SluiceTestAsyncWait busy_run = { 0 };
  ExecutorLog log;

  sluice_test_pg_exec (conninfo,
                       "CREATE TABLE dup (id int, v int);"
                       "INSERT INTO dup VALUES (1, 1), (2, 1)");
  /* An invalid index from an earlier failure, not this run's. */
  session = sluice_test_pg_session_open (conninfo);
  result = PQexec (session, "CREATE UNIQUE INDEX CONCURRENTLY older_bad ON dup (v)");
  g_assert_cmpint (PQresultStatus (result), ==, PGRES_FATAL_ERROR);
  PQclear (result);
  PQfinish (session);

  g_ptr_array_add (migrations,
                   executor_test_migration ("0001", "indexes",
                                            "CREATE INDEX CONCURRENTLY dup_id_idx ON dup (id);\n"
                                            "CREATE UNIQUE INDEX CONCURRENTLY dup_v_key ON dup (v);\n"
                                            "CREATE TABLE after_index (id int);\n",
                                            NULL, TRUE));

  executor_log_init (&log);
  g_assert_false (executor_test_run (executor, migrations, &log, &done, &error));
  g_assert_cmpstr (sluice_server_error_get_sqlstate (error), ==, "23505");
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "statement 2 of 3"));
  g_assert_nonnull (strstr (error->message, "1 of its 3 statements stays done"));
  g_assert_cmpuint (g_strv_length (done), ==, 0);

  indexes = sluice_executor_get_invalid_indexes (executor);
  g_assert_cmpuint (g_strv_length ((GStrv) indexes), ==, 1);
  g_assert_cmpstr (indexes[0], ==, "public.dup_v_key");
  g_assert_cmpuint (executor_log_count (&log, SLUICE_RUN_EVENT_WARNING), ==, 1);

  recorded = recorded_versions (conninfo);
  g_assert_cmpstr (recorded, ==, "");
  log_rows = run_log_rows (conninfo);
  g_assert_cmpstr (log_rows, ==, "0001:false:1/3:23505");
  executor_test_assert_relation (conninfo, "dup_id_idx", TRUE);
  executor_test_assert_relation (conninfo, "after_index", FALSE);

  /* Never dropped without being asked. */
  invalid = sluice_test_pg_query_value (conninfo,
                                        "SELECT string_agg(indexrelid::regclass::text, ',' ORDER BY indexrelid::regclass::text)"
                                        "  FROM pg_index WHERE NOT indisvalid");
  g_assert_cmpstr (invalid, ==, "dup_v_key,older_bad");

  g_assert_nonnull (strstr (error->message, "It left the invalid index public.dup_v_key"));
  g_clear_error (&error);
  sluice_executor_drop_invalid_indexes_async (executor, NULL, sluice_test_store_result, &wait);

  /* While it drops, the executor is busy: neither a second drop nor a run. */
  sluice_executor_drop_invalid_indexes_async (executor, NULL, sluice_test_store_result, &second_drop);
  sluice_test_wait_for (&second_drop.done, 30000);
  g_assert_false (sluice_executor_drop_invalid_indexes_finish (executor, second_drop.result, &error));
  g_assert_error (error, SLUICE_ERROR, SLUICE_ERROR_BUSY);
  g_clear_error (&error);
  g_object_unref (second_drop.result);
  sluice_executor_run_async (executor, migrations, NULL, sluice_test_store_result, &busy_run);
  sluice_test_wait_for (&busy_run.done, 30000);
  g_assert_false (sluice_executor_run_finish (executor, busy_run.result, NULL, &error));
  g_assert_error (error, SLUICE_ERROR, SLUICE_ERROR_BUSY);
  g_clear_error (&error);
  g_object_unref (busy_run.result);

  sluice_test_wait_for (&wait.done, 30000);
  g_assert_true (sluice_executor_drop_invalid_indexes_finish (executor, wait.result, &error));
  g_assert_no_error (error);
  g_object_unref (wait.result);
  g_assert_cmpuint (g_strv_length ((GStrv) sluice_executor_get_invalid_indexes (executor)), ==, 0);

  after_drop = sluice_test_pg_query_value (conninfo,
                                           "SELECT string_agg(indexrelid::regclass::text, ',' ORDER BY indexrelid::regclass::text)"
                                           "  FROM pg_index WHERE NOT indisvalid");
  g_assert_cmpstr (after_drop, ==, "older_bad");
  drop_row = sluice_test_pg_query_value (conninfo,
                                         "SELECT version || ':' || success || ':' || note FROM sluice.run_log"
                                         " ORDER BY id DESC LIMIT 1");
  g_assert_cmpstr (drop_row, ==, "0001:true:DROP INDEX CONCURRENTLY IF EXISTS public.dup_v_key");
  executor_test_assert_advisory_lock_free (conninfo);

  executor_log_clear (&log);
}


/* A CREATE INDEX CONCURRENTLY that hits lock_timeout while it waits for
 * older transactions has made its index already: invalid.  With IF NOT
 * EXISTS a retry would "succeed" over it and record an unusable index as
 * applied; so it is not retried, and the index is reported. */
static void
test_concurrent_index_lock_timeout_not_retried (void)
{
  g_autofree char *conninfo = sluice_test_pg_new_database ();
  g_autoptr(SluiceConnection) connection = sluice_test_pg_connect (conninfo);
  g_autoptr(GPtrArray) migrations = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(SluiceExecutor) executor = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) done = NULL;
  g_autofree char *recorded = NULL;
  g_autofree char *log_rows = NULL;
  g_autofree char *note = NULL;
  const char * const *indexes;
  SluiceExecuteOptions options;
  gpointer holder;
  ExecutorLog log;

  sluice_test_pg_exec (conninfo, "CREATE TABLE t (id int); INSERT INTO t VALUES (1)");
  /* An open transaction that wrote to t: CREATE INDEX CONCURRENTLY waits
   * for it after it has made its index. */
  holder = sluice_test_pg_session_open (conninfo);
  sluice_test_pg_session_exec (holder, "BEGIN");
  sluice_test_pg_session_exec (holder, "INSERT INTO t VALUES (2)");

  sluice_execute_options_init (&options);
  options.lock_timeout_ms = 300;
  options.lock_retries = 3;
  options.retry_delay_ms = 50;
  executor = sluice_executor_new (connection, &options);
  g_ptr_array_add (migrations,
                   executor_test_migration ("0001", "index",
                                            "CREATE INDEX CONCURRENTLY IF NOT EXISTS t_id_idx ON t (id);\n",
                                            NULL, TRUE));

  executor_log_init (&log);
  g_assert_false (executor_test_run (executor, migrations, &log, &done, &error));
  g_assert_cmpstr (sluice_server_error_get_sqlstate (error), ==, "55P03");
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "It is not retried"));
  g_assert_nonnull (strstr (error->message, "public.t_id_idx"));
  g_assert_cmpuint (executor_log_count (&log, SLUICE_RUN_EVENT_LOCK_RETRY), ==, 0);
  g_assert_cmpuint (g_strv_length (done), ==, 0);
  indexes = sluice_executor_get_invalid_indexes (executor);
  g_assert_cmpuint (g_strv_length ((GStrv) indexes), ==, 1);
  g_assert_cmpstr (indexes[0], ==, "public.t_id_idx");

  sluice_test_pg_session_exec (holder, "COMMIT");
  PQfinish (holder);

  recorded = recorded_versions (conninfo);
  g_assert_cmpstr (recorded, ==, "");
  log_rows = run_log_rows (conninfo);
  g_assert_cmpstr (log_rows, ==, "0001:false:0/1:55P03");
  note = sluice_test_pg_query_value (conninfo, "SELECT note FROM sluice.run_log");
  g_assert_cmpstr (note, ==, "no-transaction");
  executor_test_assert_advisory_lock_free (conninfo);
  executor_log_clear (&log);
}

typedef struct
{
  SluiceConnection *connection;
  const char       *admin_conninfo;
  gboolean          killed;
} KillAfterFirst;

/* Kills the backend as statement 1 is reported done: the next thing the
 * executor sends is the invalid-index probe, never statement 2. */
static void
kill_after_first_statement (SluiceRunEvent *event,
                            gpointer        user_data)
{
  KillAfterFirst *kill = user_data;
  g_autofree char *sql = NULL;
  g_autofree char *terminated = NULL;

  if (sluice_run_event_get_kind (event) != SLUICE_RUN_EVENT_STATEMENT_DONE ||
      sluice_run_event_get_statement_index (event) != 1 || kill->killed)
    return;

  sql = g_strdup_printf ("SELECT pg_terminate_backend(%d)", sluice_connection_get_backend_pid (kill->connection));
  terminated = sluice_test_pg_query_value (kill->admin_conninfo, sql);
  g_assert_cmpstr (terminated, ==, "t");
  kill->killed = TRUE;
  g_usleep (200 * 1000);
}

/* The connection is lost during the probe before a CONCURRENTLY statement:
 * statement 2 was never sent, so its outcome is known (not done). */
static void
test_connection_lost_before_concurrent_index (void)
{
  g_autofree char *conninfo = sluice_test_pg_new_database ();
  g_autoptr(SluiceConnection) connection = sluice_test_pg_connect (conninfo);
  g_autoptr(GPtrArray) migrations = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(SluiceExecutor) executor = sluice_executor_new (connection, NULL);
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) done = NULL;
  g_autofree char *recorded = NULL;
  KillAfterFirst kill = { connection, conninfo, FALSE };
  ExecutorLog log;

  g_ptr_array_add (migrations,
                   executor_test_migration ("0001", "index",
                                            "CREATE TABLE first (id int);\n"
                                            "CREATE INDEX CONCURRENTLY first_id_idx ON first (id);\n",
                                            NULL, TRUE));
  executor_log_init (&log);
  log.hook = kill_after_first_statement;
  log.hook_data = &kill;
  g_assert_false (executor_test_run (executor, migrations, &log, &done, &error));
  g_assert_true (kill.killed);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "1 of its 2 statements stays done"));
  g_assert_null (strstr (error->message, "unknown"));
  executor_test_assert_relation (conninfo, "first", TRUE);
  executor_test_assert_relation (conninfo, "first_id_idx", FALSE);
  recorded = recorded_versions (conninfo);
  g_assert_cmpstr (recorded, ==, "");
  executor_log_clear (&log);
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/executor-faults/backend-killed-in-transaction", test_backend_killed_in_transaction);
  g_test_add_func ("/executor-faults/backend-killed-without-transaction", test_backend_killed_without_transaction);
  g_test_add_func ("/executor-faults/lock-held-retries-then-stops", test_lock_held_retries_then_stops);
  g_test_add_func ("/executor-faults/two-runners", test_two_runners);
  g_test_add_func ("/executor-faults/syntax-error-in-statement-7-of-9", test_syntax_error_in_statement_7_of_9);
  g_test_add_func ("/executor-faults/failed-create-index-concurrently", test_failed_create_index_concurrently);
  g_test_add_func ("/executor-faults/server-stopped", test_server_stopped);
  g_test_add_func ("/executor-faults/concurrent-index-lock-timeout-not-retried",
                   test_concurrent_index_lock_timeout_not_retried);
  g_test_add_func ("/executor-faults/connection-lost-before-concurrent-index",
                   test_connection_lost_before_concurrent_index);

  return g_test_run ();
}
