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

typedef struct
{
  gboolean      done;
  GAsyncResult *result;
} AsyncWait;

static void
store_result (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  AsyncWait *wait = user_data;

  wait->result = g_object_ref (result);
  wait->done = TRUE;
}

static SluiceConnection *
connect_or_fail (const char *conninfo)
{
  g_autoptr(SluiceConnection) connection = sluice_connection_new (conninfo, NULL);
  g_autoptr(GError) error = NULL;
  AsyncWait wait = { 0 };

  sluice_connection_connect_async (connection, NULL, store_result, &wait);
  sluice_test_wait_for (&wait.done, 30000);
  g_assert_true (sluice_connection_connect_finish (connection, wait.result, &error));
  g_assert_no_error (error);
  g_object_unref (wait.result);
  return g_steal_pointer (&connection);
}

/* Applies @migrations on a connection of its own. */
static gboolean
apply (const char  *conninfo,
       GPtrArray   *migrations,
       GStrv       *applied,
       GError     **error)
{
  g_autoptr(SluiceConnection) connection = connect_or_fail (conninfo);
  AsyncWait wait = { 0 };
  gboolean ok;

  sluice_applier_apply_async (connection, migrations, NULL, store_result, &wait);
  sluice_test_wait_for (&wait.done, 60000);
  ok = sluice_applier_apply_finish (wait.result, applied, error);
  g_object_unref (wait.result);
  sluice_connection_close (connection);
  return ok;
}

/* The first column of the first row, or NULL: the test's own check, by
 * plain libpq. */
static char *
query_value (const char *conninfo,
             const char *sql)
{
  PGconn *conn = PQconnectdb (conninfo);
  PGresult *result;
  char *value = NULL;

  g_assert_cmpint (PQstatus (conn), ==, CONNECTION_OK);
  result = PQexec (conn, sql);
  if (PQresultStatus (result) != PGRES_TUPLES_OK)
    g_error ("%s: %s", sql, PQresultErrorMessage (result));
  if (PQntuples (result) > 0 && !PQgetisnull (result, 0, 0))
    value = g_strdup (PQgetvalue (result, 0, 0));

  PQclear (result);
  PQfinish (conn);
  return value;
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

  count = query_value (conninfo, "SELECT count(*) FROM sluice.migrations");
  g_assert_cmpstr (count, ==, "3");

  for (guint i = 0; i < migrations->len; i++)
    {
      SluiceMigration *migration = g_ptr_array_index (migrations, i);
      g_autofree char *sql =
        g_strdup_printf ("SELECT checksum || ' ' || name || ' ' || (execution_ms >= 0) "
                         "FROM sluice.migrations WHERE version = '%s'",
                         sluice_migration_get_version (migration));
      g_autofree char *row = query_value (conninfo, sql);
      g_autofree char *expected = g_strdup_printf ("%s %s true",
                                                   sluice_migration_get_checksum (migration),
                                                   sluice_migration_get_name (migration));

      g_assert_nonnull (sluice_migration_get_checksum (migration));
      g_assert_cmpstr (row, ==, expected);
    }

  log = query_value (conninfo,
                     "SELECT string_agg(version || ':' || success || ':' || statements_done || '/' || statements_total"
                     "                  || ':' || (finished_at >= started_at), ',' ORDER BY id)"
                     "  FROM sluice.run_log");
  g_assert_cmpstr (log, ==, expected_log->str);

  organizations = query_value (conninfo, "SELECT to_regclass('public.organizations')::text");
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

  table = query_value (conninfo, "SELECT to_regclass('public.first_one')::text");
  g_assert_null (table);
  recorded = query_value (conninfo, "SELECT string_agg(version, ',' ORDER BY version) FROM sluice.migrations");
  g_assert_cmpstr (recorded, ==, "0001");

  row = query_value (conninfo,
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
  row = query_value (conninfo,
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

  valid = query_value (conninfo,
                       "SELECT i.indisvalid FROM pg_index i"
                       " WHERE i.indexrelid = to_regclass('public.tickets_open_queue_idx')");
  g_assert_cmpstr (valid, ==, "t");
  note = query_value (conninfo,
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

  table = query_value (conninfo, "SELECT to_regclass('public.items_id_idx')::text");
  g_assert_cmpstr (table, ==, "items_id_idx");
  recorded = query_value (conninfo, "SELECT count(*) FROM sluice.migrations");
  g_assert_cmpstr (recorded, ==, "0");
  row = query_value (conninfo,
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

  count = query_value (conninfo, "SELECT count(*) FROM pg_class WHERE relname = 'reapplied'");
  g_assert_cmpstr (count, ==, "0");
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

  return g_test_run ();
}
