/* test-applier.c: applying migrations and recording them, on a real server
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <libpq-fe.h>
#include <locale.h>
#include <string.h>

#include "sluice.h"
#include "sluice-migration-folder.h"
#include "sluice-sql.h"
#include "sluice-test-pg.h"

/* Applies @migrations on a connection of its own. */
static gboolean
apply (const char  *conninfo,
       GPtrArray   *migrations,
       GStrv       *applied,
       GError     **error)
{
  g_autoptr(SluiceConnection) connection = sluice_test_pg_connect (conninfo);
  SluiceTestAsyncWait wait = { 0 };
  gboolean ok;

  sluice_applier_apply_async (connection, migrations, NULL, sluice_test_store_result, &wait);
  sluice_test_wait_for (&wait.done, 60000);
  ok = sluice_applier_apply_finish (wait.result, applied, error);
  g_object_unref (wait.result);
  sluice_connection_close (connection);
  return ok;
}

static SluiceMigrationFolder *
load_demo (void)
{
  g_autoptr(GError) error = NULL;
  SluiceMigrationFolder *folder =
    sluice_migration_folder_load (sluice_demo_dir (), SLUICE_MIGRATION_FORMAT_SLUICE, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (sluice_migration_folder_get_problems (folder)->len, ==, 0);
  return folder;
}

/* The first @n of the demo's migrations. */
static GPtrArray *
demo_migrations (SluiceMigrationFolder *folder,
                 guint                  n)
{
  GListModel *migrations = sluice_migration_folder_get_migrations (folder);
  GPtrArray *first = g_ptr_array_new_with_free_func (g_object_unref);

  g_assert_cmpuint (g_list_model_get_n_items (migrations), >=, n);
  for (guint i = 0; i < n; i++)
    g_ptr_array_add (first, g_list_model_get_item (migrations, i));
  return first;
}

static SluiceMigration *
hand_made (const char *version,
           const char *name,
           const char *up_sql,
           gboolean    transactional)
{
  SluiceMigration *migration = sluice_migration_new (SLUICE_MIGRATION_FORMAT_SLUICE, version, name);

  sluice_migration_set_up_sql (migration, up_sql, 10);
  sluice_migration_set_transactional (migration, transactional);
  sluice_migration_set_checksum (migration, "0000");
  return migration;
}

static void
test_apply_first_three (void)
{
  g_autofree char *conninfo = sluice_test_pg_new_database ();
  g_autoptr(SluiceMigrationFolder) folder = load_demo ();
  g_autoptr(GPtrArray) migrations = demo_migrations (folder, 3);
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) applied = NULL;
  g_autofree char *count = NULL;
  g_autofree char *log = NULL;
  g_autofree char *organizations = NULL;
  g_autoptr(GString) expected_log = g_string_new (NULL);

  /* Every statement counts, as the splitter sees them. */
  for (guint i = 0; i < migrations->len; i++)
    {
      SluiceMigration *migration = g_ptr_array_index (migrations, i);
      g_autoptr(GPtrArray) statements = sluice_sql_split (sluice_migration_get_up_sql (migration), 1, &error);

      g_assert_no_error (error);
      g_assert_cmpuint (statements->len, >, 0);
      g_string_append_printf (expected_log, "%s%s:true:%u/%u:true", i > 0 ? "," : "",
                              sluice_migration_get_version (migration), statements->len, statements->len);
    }

  g_assert_true (apply (conninfo, migrations, &applied, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (applied), ==, 3);
  g_assert_cmpstr (applied[0], ==, "0001");
  g_assert_cmpstr (applied[2], ==, "0003");

  count = sluice_test_pg_query_value (conninfo, "SELECT count(*) FROM sluice.migrations");
  g_assert_cmpstr (count, ==, "3");

  for (guint i = 0; i < migrations->len; i++)
    {
      SluiceMigration *migration = g_ptr_array_index (migrations, i);
      g_autofree char *sql =
        g_strdup_printf ("SELECT checksum || ' ' || name || ' ' || (execution_ms >= 0) "
                         "FROM sluice.migrations WHERE version = '%s'",
                         sluice_migration_get_version (migration));
      g_autofree char *row = sluice_test_pg_query_value (conninfo, sql);
      g_autofree char *expected = g_strdup_printf ("%s %s true",
                                                   sluice_migration_get_checksum (migration),
                                                   sluice_migration_get_name (migration));

      g_assert_nonnull (sluice_migration_get_checksum (migration));
      g_assert_cmpstr (row, ==, expected);
    }

  log = sluice_test_pg_query_value (conninfo,
                                    "SELECT string_agg(version || ':' || success || ':' || statements_done || '/' || statements_total"
                                    "                  || ':' || (finished_at >= started_at), ',' ORDER BY id)"
                                    "  FROM sluice.run_log");
  g_assert_cmpstr (log, ==, expected_log->str);

  organizations = sluice_test_pg_query_value (conninfo, "SELECT to_regclass('public.organizations')::text");
  g_assert_cmpstr (organizations, ==, "organizations");
}

/* The second statement fails: nothing of the migration stays, the attempt is
 * logged outside the rolled back transaction, and the run stops there. */
static void
test_failing_statement_rolls_back (void)
{
  g_autofree char *conninfo = sluice_test_pg_new_database ();
  g_autoptr(SluiceMigrationFolder) folder = load_demo ();
  g_autoptr(GPtrArray) migrations = demo_migrations (folder, 2);
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) applied = NULL;
  g_autofree char *row = NULL;
  g_autofree char *table = NULL;
  g_autofree char *recorded = NULL;

  /* 0001, then the broken one, then 0002, which must not run. */
  g_ptr_array_insert (migrations, 1,
                      hand_made ("0001_5", "broken",
                                 "CREATE TABLE first_one (id int);\n"
                                 "INSERT INTO no_such_table VALUES (1);\n"
                                 "CREATE TABLE never_made (id int);\n",
                                 TRUE));

  g_assert_false (apply (conninfo, migrations, &applied, &error));
  g_assert_error (error, SLUICE_SERVER_ERROR, sluice_sqlstate_to_code ("42P01"));
  g_assert_cmpstr (sluice_server_error_get_sqlstate (error), ==, "42P01");
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "0001_5"));
  g_assert_nonnull (strstr (error->message, "statement 2 of 3"));
  g_assert_nonnull (strstr (error->message, "line 11"));
  g_assert_cmpuint (g_strv_length (applied), ==, 1);
  g_assert_cmpstr (applied[0], ==, "0001");

  table = sluice_test_pg_query_value (conninfo, "SELECT to_regclass('public.first_one')::text");
  g_assert_null (table);
  recorded = sluice_test_pg_query_value (conninfo, "SELECT string_agg(version, ',' ORDER BY version) FROM sluice.migrations");
  g_assert_cmpstr (recorded, ==, "0001");

  row = sluice_test_pg_query_value (conninfo,
                                    "SELECT success || ':' || statements_done || '/' || statements_total || ':' || sqlstate"
                                    "       || ':' || (error LIKE '%no_such_table%') || ':' || (finished_at IS NOT NULL)"
                                    "  FROM sluice.run_log WHERE version = '0001_5'");
  g_assert_cmpstr (row, ==, "false:1/3:42P01:true:true");
}

/* Text the scanner cannot finish: nothing runs, the attempt is logged. */
static void
test_unsplittable_sql (void)
{
  g_autofree char *conninfo = sluice_test_pg_new_database ();
  g_autoptr(GPtrArray) migrations = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) applied = NULL;
  g_autofree char *row = NULL;

  g_ptr_array_add (migrations,
                   hand_made ("0001", "unterminated",
                              "CREATE FUNCTION f() RETURNS int AS $body$ SELECT 1;\n", TRUE));

  g_assert_false (apply (conninfo, migrations, &applied, &error));
  g_assert_error (error, SLUICE_ERROR, SLUICE_ERROR_INVALID_INPUT);
  g_assert_cmpuint (g_strv_length (applied), ==, 0);
  row = sluice_test_pg_query_value (conninfo,
                                    "SELECT success || ':' || statements_done || '/' || statements_total || ':' || (sqlstate IS NULL)"
                                    "  FROM sluice.run_log");
  g_assert_cmpstr (row, ==, "false:0/0:true");
}

/* 0014 builds an index CONCURRENTLY, which cannot run in a transaction. */
static void
test_no_transaction (void)
{
  g_autofree char *conninfo = sluice_test_pg_new_database ();
  g_autoptr(SluiceMigrationFolder) folder = load_demo ();
  g_autoptr(GPtrArray) migrations = demo_migrations (folder, 14);
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) applied = NULL;
  g_autofree char *valid = NULL;
  g_autofree char *note = NULL;
  SluiceMigration *concurrently = g_ptr_array_index (migrations, 13);

  g_assert_cmpstr (sluice_migration_get_version (concurrently), ==, "0014");
  g_assert_false (sluice_migration_get_transactional (concurrently));

  g_assert_true (apply (conninfo, migrations, &applied, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (applied), ==, 14);

  valid = sluice_test_pg_query_value (conninfo,
                                      "SELECT i.indisvalid FROM pg_index i"
                                      " WHERE i.indexrelid = to_regclass('public.tickets_open_queue_idx')");
  g_assert_cmpstr (valid, ==, "t");
  note = sluice_test_pg_query_value (conninfo,
                                     "SELECT note || ':' || statements_done FROM sluice.run_log WHERE version = '0014'");
  g_assert_cmpstr (note, ==, "no-transaction:1");
}

/* Without a transaction, what ran before the failure stays, and the log
 * says how much. */
static void
test_no_transaction_failure (void)
{
  g_autofree char *conninfo = sluice_test_pg_new_database ();
  g_autoptr(GPtrArray) migrations = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) applied = NULL;
  g_autofree char *row = NULL;
  g_autofree char *table = NULL;
  g_autofree char *recorded = NULL;

  sluice_test_pg_exec (conninfo, "CREATE TABLE items (id int, code text)");
  g_ptr_array_add (migrations,
                   hand_made ("0007", "index_items",
                              "CREATE INDEX CONCURRENTLY items_id_idx ON items (id);\n"
                              "CREATE UNIQUE INDEX CONCURRENTLY items_code_idx ON no_such (code);\n",
                              FALSE));

  g_assert_false (apply (conninfo, migrations, &applied, &error));
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, "1 of its 2 statements"));

  table = sluice_test_pg_query_value (conninfo, "SELECT to_regclass('public.items_id_idx')::text");
  g_assert_cmpstr (table, ==, "items_id_idx");
  recorded = sluice_test_pg_query_value (conninfo, "SELECT count(*) FROM sluice.migrations");
  g_assert_cmpstr (recorded, ==, "0");
  row = sluice_test_pg_query_value (conninfo,
                                    "SELECT success || ':' || statements_done || '/' || statements_total || ':' || note"
                                    "  FROM sluice.run_log");
  g_assert_cmpstr (row, ==, "false:1/2:no-transaction");
}

/* Applying what is applied already fails on the history's primary key,
 * and rolls the migration back with it. */
static void
test_reapply_is_refused (void)
{
  g_autofree char *conninfo = sluice_test_pg_new_database ();
  g_autoptr(SluiceMigrationFolder) folder = load_demo ();
  g_autoptr(GPtrArray) migrations = demo_migrations (folder, 1);
  g_autoptr(GPtrArray) again = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;
  g_autofree char *count = NULL;

  g_assert_true (apply (conninfo, migrations, NULL, &error));
  g_assert_no_error (error);

  g_ptr_array_add (again, hand_made ("0001", "create_organizations",
                                     "CREATE TABLE reapplied (id int);\n", TRUE));
  g_assert_false (apply (conninfo, again, NULL, &error));
  g_assert_cmpstr (sluice_server_error_get_sqlstate (error), ==, "23505");
  g_assert_nonnull (strstr (error->message, "could not be recorded"));

  count = sluice_test_pg_query_value (conninfo, "SELECT count(*) FROM pg_class WHERE relname = 'reapplied'");
  g_assert_cmpstr (count, ==, "0");
}

/* Runs the SQL with one parameter on a connection of the test's own and
 * returns the first column of the first row, or NULL. */
static char *
query_param (PGconn     *conn,
             const char *sql,
             const char *param)
{
  const char *params[] = { param };
  PGresult *result = PQexecParams (conn, sql, 1, NULL, params, NULL, NULL, 0);
  char *value = NULL;

  if (PQresultStatus (result) != PGRES_TUPLES_OK)
    g_error ("%s: %s", sql, PQresultErrorMessage (result));
  if (PQntuples (result) > 0 && !PQgetisnull (result, 0, 0))
    value = g_strdup (PQgetvalue (result, 0, 0));
  PQclear (result);
  return value;
}

/* Keeps the main loop turning until another session of the database runs
 * a statement LIKE @pattern (waiting on @wait_event_type, if not NULL),
 * and returns its pid. */
static char *
wait_for_statement (PGconn     *watcher,
                    const char *pattern,
                    const char *wait_event_type)
{
  g_autofree char *sql =
    g_strdup_printf ("SELECT pid FROM pg_stat_activity"
                     " WHERE datname = current_database() AND pid <> pg_backend_pid()"
                     "   AND state = 'active' AND query LIKE $1%s",
                     wait_event_type != NULL ? " AND wait_event_type = '" : "");
  g_autofree char *full_sql = wait_event_type != NULL ? g_strconcat (sql, wait_event_type, "'", NULL)
                                                      : g_strdup (sql);
  gint64 deadline = g_get_monotonic_time () + 30 * G_TIME_SPAN_SECOND;

  while (g_get_monotonic_time () < deadline)
    {
      char *pid;

      while (g_main_context_iteration (NULL, FALSE))
        ;
      pid = query_param (watcher, full_sql, pattern);
      if (pid != NULL)
        return pid;
      g_usleep (20 * 1000);
    }

  g_error ("no session ran “%s” within 30 s", pattern);
  return NULL;
}

static void
terminate_backend (PGconn     *watcher,
                   const char *pid)
{
  g_autofree char *done = query_param (watcher, "SELECT pg_terminate_backend($1::int)", pid);

  g_assert_cmpstr (done, ==, "t");
}

/* The connection lost while a no-transaction statement runs: whether it
 * was applied is unknown, and the message says where to look. */
static void
test_connection_lost_during_no_transaction_statement (void)
{
  g_autofree char *conninfo = sluice_test_pg_new_database ();
  g_autoptr(SluiceConnection) connection = sluice_test_pg_connect (conninfo);
  g_autoptr(GPtrArray) migrations = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) applied = NULL;
  g_autofree char *pid = NULL;
  g_autofree char *recorded = NULL;
  g_autofree char *logged = NULL;
  PGconn *watcher = PQconnectdb (conninfo);
  SluiceTestAsyncWait wait = { 0 };

  g_assert_cmpint (PQstatus (watcher), ==, CONNECTION_OK);
  g_ptr_array_add (migrations, hand_made ("0001", "slow", "SELECT pg_sleep(60);\n", FALSE));

  sluice_applier_apply_async (connection, migrations, NULL, sluice_test_store_result, &wait);
  pid = wait_for_statement (watcher, "SELECT pg_sleep(60)%", NULL);
  terminate_backend (watcher, pid);
  sluice_test_wait_for (&wait.done, 30000);
  g_assert_false (sluice_applier_apply_finish (wait.result, &applied, &error));
  g_object_unref (wait.result);

  g_test_message ("%s", error->message);
  g_assert_error (error, SLUICE_ERROR, SLUICE_ERROR_CONNECTION);
  g_assert_cmpuint (g_strv_length (applied), ==, 0);
  g_assert_null (strstr (error->message, "none of its statements had run"));
  g_assert_nonnull (strstr (error->message, "whether statement 1 was applied is unknown"));
  g_assert_nonnull (strstr (error->message, "sluice.migrations"));
  /* The attempt could not be logged on a lost connection, and says so. */
  g_assert_nonnull (strstr (error->message, "could not be written to sluice.run_log"));

  /* As the message says: not recorded, and no run log row claims otherwise. */
  recorded = sluice_test_pg_query_value (conninfo, "SELECT count(*) FROM sluice.migrations");
  g_assert_cmpstr (recorded, ==, "0");
  logged = sluice_test_pg_query_value (conninfo, "SELECT count(*) FROM sluice.run_log WHERE success");
  g_assert_cmpstr (logged, ==, "0");

  PQfinish (watcher);
}

/* The connection lost during COMMIT: whether it was applied is unknown,
 * not "rolled back". */
static void
test_connection_lost_during_commit (void)
{
  g_autofree char *conninfo = sluice_test_pg_new_database ();
  g_autoptr(SluiceConnection) connection = NULL;
  g_autoptr(GPtrArray) migrations = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) applied = NULL;
  g_autofree char *pid = NULL;
  g_autofree char *recorded = NULL;
  g_autofree char *rows = NULL;
  PGconn *watcher = PQconnectdb (conninfo);
  SluiceTestAsyncWait wait = { 0 };

  g_assert_cmpint (PQstatus (watcher), ==, CONNECTION_OK);
  /* A deferred trigger makes the COMMIT itself slow. */
  sluice_test_pg_exec (conninfo,
                       "CREATE TABLE gate (id int);"
                       "CREATE FUNCTION slow_commit() RETURNS trigger LANGUAGE plpgsql"
                       "  AS $$ BEGIN PERFORM pg_sleep(60); RETURN NULL; END $$;"
                       "CREATE CONSTRAINT TRIGGER slow_at_commit AFTER INSERT ON gate"
                       "  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION slow_commit()");
  g_ptr_array_add (migrations, hand_made ("0001", "through_the_gate", "INSERT INTO gate VALUES (1);\n", TRUE));

  connection = sluice_test_pg_connect (conninfo);
  sluice_applier_apply_async (connection, migrations, NULL, sluice_test_store_result, &wait);
  pid = wait_for_statement (watcher, "COMMIT", NULL);
  terminate_backend (watcher, pid);
  sluice_test_wait_for (&wait.done, 30000);
  g_assert_false (sluice_applier_apply_finish (wait.result, &applied, &error));
  g_object_unref (wait.result);

  g_test_message ("%s", error->message);
  g_assert_error (error, SLUICE_ERROR, SLUICE_ERROR_CONNECTION);
  g_assert_cmpuint (g_strv_length (applied), ==, 0);
  g_assert_null (strstr (error->message, "rolled back"));
  g_assert_nonnull (strstr (error->message, "COMMIT"));
  g_assert_nonnull (strstr (error->message, "Whether it was applied is unknown"));
  g_assert_nonnull (strstr (error->message, "“0001” in sluice.migrations"));

  /* Here the server did roll it back: the history and the data agree. */
  recorded = sluice_test_pg_query_value (conninfo, "SELECT count(*) FROM sluice.migrations");
  g_assert_cmpstr (recorded, ==, "0");
  rows = sluice_test_pg_query_value (conninfo, "SELECT count(*) FROM gate");
  g_assert_cmpstr (rows, ==, "0");

  PQfinish (watcher);
}

/* A cancel once the statements of a no-transaction migration have run
 * must not stop its record: it would stay applied but unrecorded. */
static void
test_cancel_does_not_stop_the_record (void)
{
  g_autofree char *conninfo = sluice_test_pg_new_database ();
  g_autoptr(SluiceConnection) connection = NULL;
  g_autoptr(GPtrArray) none = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) migrations = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) applied = NULL;
  g_autofree char *pid = NULL;
  g_autofree char *recorded = NULL;
  PGconn *holder = PQconnectdb (conninfo);
  PGconn *watcher = PQconnectdb (conninfo);
  PGresult *held;
  SluiceTestAsyncWait wait = { 0 };
  gint64 settle_until;

  /* Sluice's tables, then a session that holds the version's key: the
   * record waits on it, with the statements done. */
  g_assert_true (apply (conninfo, none, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (PQstatus (holder), ==, CONNECTION_OK);
  held = PQexec (holder, "BEGIN; INSERT INTO sluice.migrations (version, name, execution_ms)"
                         " VALUES ('0002', 'placeholder', 0)");
  g_assert_cmpint (PQresultStatus (held), ==, PGRES_COMMAND_OK);
  PQclear (held);

  g_ptr_array_add (migrations, hand_made ("0002", "made_here", "CREATE TABLE made_here (id int);\n", FALSE));
  connection = sluice_test_pg_connect (conninfo);
  sluice_applier_apply_async (connection, migrations, cancellable, sluice_test_store_result, &wait);
  /* Not watched from the holder: in its transaction, pg_stat_activity
   * would not change. */
  g_assert_cmpint (PQstatus (watcher), ==, CONNECTION_OK);
  pid = wait_for_statement (watcher, "WITH recorded AS%", "Lock");
  PQfinish (watcher);

  g_cancellable_cancel (cancellable);
  /* Time for a cancel to reach the server, if one were sent. */
  settle_until = g_get_monotonic_time () + G_TIME_SPAN_SECOND / 2;
  while (!wait.done && g_get_monotonic_time () < settle_until)
    g_main_context_iteration (NULL, FALSE);

  held = PQexec (holder, "ROLLBACK");
  g_assert_cmpint (PQresultStatus (held), ==, PGRES_COMMAND_OK);
  PQclear (held);
  PQfinish (holder);

  sluice_test_wait_for (&wait.done, 30000);
  sluice_applier_apply_finish (wait.result, &applied, &error);
  g_object_unref (wait.result);
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (applied), ==, 1);
  recorded = sluice_test_pg_query_value (conninfo, "SELECT name || ':' || checksum FROM sluice.migrations");
  g_assert_cmpstr (recorded, ==, "made_here:0000");
}

/* The run log's two times come from one clock: the duration is the
 * execution time, never negative. */
static void
test_run_log_times_agree (void)
{
  g_autofree char *conninfo = sluice_test_pg_new_database ();
  g_autoptr(GPtrArray) migrations = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;
  g_autofree char *success = NULL;
  g_autofree char *failure = NULL;

  g_ptr_array_add (migrations, hand_made ("0001", "sleepy", "SELECT pg_sleep(0.2);\n", TRUE));
  g_ptr_array_add (migrations, hand_made ("0002", "broken", "SELECT pg_sleep(0.1);\nSELECT 1/0;\n", TRUE));
  g_assert_false (apply (conninfo, migrations, NULL, &error));
  g_assert_nonnull (error);

  success = sluice_test_pg_query_value (conninfo,
                                        "SELECT (r.finished_at - r.started_at = m.execution_ms * interval '1 millisecond')"
                                        "       || ':' || (m.execution_ms >= 200)"
                                        "  FROM sluice.run_log r JOIN sluice.migrations m USING (version)");
  g_assert_cmpstr (success, ==, "true:true");
  failure = sluice_test_pg_query_value (conninfo,
                                        "SELECT (finished_at - started_at >= interval '100 milliseconds')"
                                        "  FROM sluice.run_log WHERE version = '0002'");
  g_assert_cmpstr (failure, ==, "t");
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/applier/first-three", test_apply_first_three);
  g_test_add_func ("/applier/failing-statement-rolls-back", test_failing_statement_rolls_back);
  g_test_add_func ("/applier/unsplittable-sql", test_unsplittable_sql);
  g_test_add_func ("/applier/no-transaction", test_no_transaction);
  g_test_add_func ("/applier/no-transaction-failure", test_no_transaction_failure);
  g_test_add_func ("/applier/reapply-is-refused", test_reapply_is_refused);
  g_test_add_func ("/applier/lost-during-no-transaction-statement",
                   test_connection_lost_during_no_transaction_statement);
  g_test_add_func ("/applier/lost-during-commit", test_connection_lost_during_commit);
  g_test_add_func ("/applier/cancel-does-not-stop-the-record", test_cancel_does_not_stop_the_record);
  g_test_add_func ("/applier/run-log-times-agree", test_run_log_times_agree);

  return g_test_run ();
}
