/* test-rehearsal.c: SluiceRehearsal on a real server
 *
 * The harness's cluster stands in for the sandbox (its root folder is
 * the test's TMPDIR) and holds the target database too.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>
#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "sluice.h"
#include "sluice-test-pg.h"

#define REHEARSAL_TIMEOUT_MS 60000

static const char target_schema[] =
  "CREATE TABLE orders (id int PRIMARY KEY, total int, note text);"
  "CREATE TABLE customers (id int PRIMARY KEY, name text);"
  "INSERT INTO orders VALUES (1, 10, 'first');";

static SluiceSandbox *
harness_sandbox (void)
{
  const char *root = g_getenv ("TMPDIR");
  SluiceSandbox *sandbox;

  g_assert_nonnull (root);
  sandbox = sluice_sandbox_new (root);
  g_assert_cmpint (sluice_sandbox_get_state (sandbox), ==, SLUICE_SANDBOX_RUNNING);
  return sandbox;
}

static gboolean
sandbox_has_database (SluiceSandbox *sandbox,
                      const char    *name)
{
  g_autofree char *conninfo = sluice_sandbox_dup_conninfo (sandbox, "postgres");
  g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM pg_database WHERE datname = '%s'", name);
  g_autofree char *count = sluice_test_pg_query_value (conninfo, sql);

  return g_strcmp0 (count, "0") != 0;
}

static SluiceMigration *
migration_new (const char *version,
               const char *up_sql,
               const char *down_sql,
               gboolean    transactional)
{
  SluiceMigration *migration = sluice_migration_new (SLUICE_MIGRATION_FORMAT_SLUICE, version, "rehearsed");

  sluice_migration_set_up_sql (migration, up_sql, 2);
  if (down_sql != NULL)
    sluice_migration_set_down_sql (migration, down_sql);
  sluice_migration_set_transactional (migration, transactional);
  return migration;
}

typedef struct
{
  GPtrArray *events;
  gboolean   done;
  gboolean   ok;
  GError    *error;
} Run;

static void
on_event (SluiceRehearsal *rehearsal,
          SluiceRunEvent  *event,
          Run             *run)
{
  g_autofree char *line = sluice_run_event_to_line (event);

  g_test_message ("%s", line);
  g_ptr_array_add (run->events, g_object_ref (event));
}

static void
on_done (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  Run *run = user_data;

  run->ok = sluice_rehearsal_run_finish (SLUICE_REHEARSAL (object), result, &run->error);
  run->done = TRUE;
}

static void
rehearse (SluiceRehearsal *rehearsal,
          Run             *run)
{
  memset (run, 0, sizeof *run);
  run->events = g_ptr_array_new_with_free_func (g_object_unref);
  g_signal_connect (rehearsal, "event", G_CALLBACK (on_event), run);
  sluice_rehearsal_run_async (rehearsal, NULL, on_done, run);
  sluice_test_wait_for (&run->done, REHEARSAL_TIMEOUT_MS);
}

static void
run_clear (Run *run)
{
  g_clear_pointer (&run->events, g_ptr_array_unref);
  g_clear_error (&run->error);
}

static gboolean
strv_has (GStrv       strv,
          const char *value)
{
  return strv != NULL && g_strv_contains ((const char * const *) strv, value);
}

static SluiceRehearsalStatement *
statement_at (SluiceRehearsal *rehearsal,
              guint            i)
{
  return g_ptr_array_index (sluice_rehearsal_get_statements (rehearsal), i);
}

/* What each statement really took and rewrote, then the downs bring the
 * schema back; the target is never touched and the sandbox is left
 * clean. */
static void
test_locks_rewrites_reversible (void)
{
  g_autofree char *conninfo = sluice_test_pg_new_database ();
  g_autoptr(SluiceSandbox) sandbox = harness_sandbox ();
  g_autoptr(SluiceConnection) target = NULL;
  g_autoptr(GPtrArray) migrations = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(SluiceRehearsal) rehearsal = NULL;
  g_autofree char *total_type = NULL;
  g_autofree char *index_count = NULL;
  SluiceRehearsalStatement *statement;
  SluiceDiff *diff;
  Run run;

  sluice_test_pg_exec (conninfo, target_schema);
  target = sluice_test_pg_connect (conninfo);

  g_ptr_array_add (migrations,
                   migration_new ("0001",
                                  "CREATE INDEX orders_note_idx ON orders (note);\n"
                                  "CREATE INDEX customers_name_idx ON customers (name);\n"
                                  "ALTER TABLE orders ALTER COLUMN total TYPE bigint;\n"
                                  "CREATE TABLE items (id int PRIMARY KEY, order_id int REFERENCES orders (id));\n",
                                  "DROP TABLE items;\n"
                                  "DROP INDEX customers_name_idx;\n"
                                  "DROP INDEX orders_note_idx;\n"
                                  "ALTER TABLE orders ALTER COLUMN total TYPE int;\n",
                                  TRUE));
  g_ptr_array_add (migrations,
                   migration_new ("0002",
                                  "CREATE INDEX CONCURRENTLY customers_id_name_idx ON customers (id, name);\n",
                                  "DROP INDEX CONCURRENTLY customers_id_name_idx;\n",
                                  FALSE));

  /* dbmate's table (public.schema_migrations) is written too, and must
   * not count against reversibility. */
  rehearsal = sluice_rehearsal_new (target, sandbox, migrations, SLUICE_MIGRATION_FORMAT_DBMATE);
  rehearse (rehearsal, &run);
  g_assert_no_error (run.error);
  g_assert_true (run.ok);

  g_assert_cmpuint (sluice_rehearsal_get_statements (rehearsal)->len, ==, 5);

  /* CREATE INDEX without CONCURRENTLY: SHARE on the table. */
  statement = statement_at (rehearsal, 0);
  g_assert_cmpstr (statement->version, ==, "0001");
  g_assert_cmpuint (statement->index, ==, 1);
  g_assert_cmpstr (statement->sql, ==, "CREATE INDEX orders_note_idx ON orders (note)");
  g_assert_cmpuint (g_strv_length (statement->locks), ==, 1);
  g_assert_cmpstr (statement->locks[0], ==, "SHARE on public.orders");
  g_assert_cmpuint (g_strv_length (statement->rewritten), ==, 0);
  g_assert_cmpfloat (statement->duration_ms, >=, 0);

  statement = statement_at (rehearsal, 1);
  g_assert_cmpuint (g_strv_length (statement->locks), ==, 1);
  g_assert_cmpstr (statement->locks[0], ==, "SHARE on public.customers");
  g_assert_cmpuint (g_strv_length (statement->rewritten), ==, 0);

  /* A type change that rewrites the table, under ACCESS EXCLUSIVE. */
  statement = statement_at (rehearsal, 2);
  g_assert_cmpuint (statement->index, ==, 3);
  g_assert_cmpstr (statement->locks[0], ==, "ACCESS EXCLUSIVE on public.orders");
  g_assert_cmpuint (g_strv_length (statement->rewritten), ==, 1);
  g_assert_cmpstr (statement->rewritten[0], ==, "public.orders");

  /* A new table with a foreign key: the referenced table is locked, the
   * new one blocks nobody and is not listed. */
  statement = statement_at (rehearsal, 3);
  g_assert_true (strv_has (statement->locks, "SHARE ROW EXCLUSIVE on public.orders"));
  for (guint i = 0; statement->locks[i] != NULL; i++)
    g_assert_null (strstr (statement->locks[i], "items"));

  /* Outside a transaction; CONCURRENTLY never takes more than SHARE
   * UPDATE EXCLUSIVE (what the sampling caught, if anything). */
  statement = statement_at (rehearsal, 4);
  g_assert_cmpstr (statement->version, ==, "0002");
  g_assert_cmpuint (statement->index, ==, 1);
  g_assert_cmpuint (g_strv_length (statement->rewritten), ==, 0);
  for (guint i = 0; statement->locks[i] != NULL; i++)
    g_assert_cmpstr (statement->locks[i], ==, "SHARE UPDATE EXCLUSIVE on public.customers");

  g_assert_cmpfloat (sluice_rehearsal_get_duration_ms (rehearsal), >, 0);
  g_assert_true (sluice_rehearsal_get_down_tested (rehearsal));
  diff = sluice_rehearsal_get_reversibility_diff (rehearsal);
  g_assert_nonnull (diff);
  g_assert_true (sluice_diff_is_empty (diff));
  g_assert_cmpuint (run.events->len, >, 5);
  g_assert_cmpint (sluice_run_event_get_kind (g_ptr_array_index (run.events, 0)), ==, SLUICE_RUN_EVENT_STEP);

  /* Nothing was written to the target; the sandbox databases are gone. */
  total_type = sluice_test_pg_query_value (conninfo,
                                           "SELECT data_type FROM information_schema.columns"
                                           " WHERE table_name = 'orders' AND column_name = 'total'");
  g_assert_cmpstr (total_type, ==, "integer");
  index_count = sluice_test_pg_query_value (conninfo, "SELECT count(*) FROM pg_indexes WHERE tablename = 'customers'");
  g_assert_cmpstr (index_count, ==, "1");
  g_assert_nonnull (sluice_rehearsal_get_database_name (rehearsal));
  g_assert_false (sandbox_has_database (sandbox, sluice_rehearsal_get_database_name (rehearsal)));
  {
    g_autofree char *probe = g_strdup_printf ("%s_probe", sluice_rehearsal_get_database_name (rehearsal));

    g_assert_false (sandbox_has_database (sandbox, probe));
  }

  run_clear (&run);
}

/* A down that does not undo the up: the rehearsal says the migration is
 * not reversible, and names what is left. */
static void
test_wrong_down_not_reversible (void)
{
  g_autofree char *conninfo = sluice_test_pg_new_database ();
  g_autoptr(SluiceSandbox) sandbox = harness_sandbox ();
  g_autoptr(SluiceConnection) target = NULL;
  g_autoptr(GPtrArray) migrations = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(SluiceRehearsal) rehearsal = NULL;
  g_autofree char *summary = NULL;
  SluiceDiff *diff;
  gboolean warned = FALSE;
  Run run;

  sluice_test_pg_exec (conninfo, target_schema);
  target = sluice_test_pg_connect (conninfo);
  g_ptr_array_add (migrations,
                   migration_new ("0001",
                                  "ALTER TABLE orders ADD COLUMN shipped_at timestamptz;\n"
                                  "CREATE TABLE refunds (id int PRIMARY KEY);\n",
                                  "DROP TABLE refunds;\n",
                                  TRUE));

  rehearsal = sluice_rehearsal_new (target, sandbox, migrations, SLUICE_MIGRATION_FORMAT_SLUICE);
  rehearse (rehearsal, &run);
  g_assert_no_error (run.error);
  g_assert_true (run.ok);

  /* Adding a nullable column rewrites nothing. */
  g_assert_cmpuint (sluice_rehearsal_get_statements (rehearsal)->len, ==, 2);
  g_assert_cmpstr (statement_at (rehearsal, 0)->locks[0], ==, "ACCESS EXCLUSIVE on public.orders");
  g_assert_cmpuint (g_strv_length (statement_at (rehearsal, 0)->rewritten), ==, 0);

  g_assert_true (sluice_rehearsal_get_down_tested (rehearsal));
  diff = sluice_rehearsal_get_reversibility_diff (rehearsal);
  g_assert_nonnull (diff);
  g_assert_false (sluice_diff_is_empty (diff));
  g_assert_nonnull (sluice_diff_lookup (diff, "column public.orders.shipped_at"));
  summary = sluice_diff_describe (diff);
  g_test_message ("%s", summary);

  for (guint i = 0; i < run.events->len; i++)
    {
      SluiceRunEvent *event = g_ptr_array_index (run.events, i);

      if (sluice_run_event_get_kind (event) == SLUICE_RUN_EVENT_WARNING
          && strstr (sluice_run_event_get_message (event), "not reversible") != NULL)
        warned = TRUE;
    }
  g_assert_true (warned);
  g_assert_false (sandbox_has_database (sandbox, sluice_rehearsal_get_database_name (rehearsal)));
  run_clear (&run);
}

/* No down at all: nothing to test, and it says so; a kept database stays
 * for a person to look at. */
static void
test_no_down_keep_database (void)
{
  g_autofree char *conninfo = sluice_test_pg_new_database ();
  g_autoptr(SluiceSandbox) sandbox = harness_sandbox ();
  g_autoptr(SluiceConnection) target = NULL;
  g_autoptr(GPtrArray) migrations = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(SluiceRehearsal) rehearsal = NULL;
  g_autofree char *kept = NULL;
  g_autofree char *applied = NULL;
  g_autofree char *sql = NULL;
  g_autofree char *role = g_strdup_printf ("sluice_rehearsal_%d", (int) getpid ());
  g_autofree char *up_sql = NULL;
  g_autofree char *masked = NULL;
  SluiceRehearsalStatement *statement;
  Run run;

  sluice_test_pg_exec (conninfo, target_schema);
  target = sluice_test_pg_connect (conninfo);
  /* The role lives only inside the migration's transaction: its password
   * must not show in what the rehearsal reports. */
  up_sql = g_strdup_printf ("CREATE TABLE notes (id int);\n"
                            "CREATE ROLE %s PASSWORD 'hunter2';\n"
                            "DROP ROLE %s;\n",
                            role, role);
  g_ptr_array_add (migrations, migration_new ("0001", up_sql, NULL, TRUE));

  rehearsal = sluice_rehearsal_new (target, sandbox, migrations, SLUICE_MIGRATION_FORMAT_SLUICE);
  sluice_rehearsal_set_keep_database (rehearsal, TRUE);
  rehearse (rehearsal, &run);
  g_assert_no_error (run.error);
  g_assert_true (run.ok);
  g_assert_false (sluice_rehearsal_get_down_tested (rehearsal));
  g_assert_null (sluice_rehearsal_get_reversibility_diff (rehearsal));

  g_assert_cmpuint (sluice_rehearsal_get_statements (rehearsal)->len, ==, 3);
  statement = statement_at (rehearsal, 1);
  masked = g_strdup_printf ("CREATE ROLE %s PASSWORD " SLUICE_SQL_MASKED_LITERAL, role);
  g_assert_cmpstr (statement->sql, ==, masked);

  g_assert_true (sandbox_has_database (sandbox, sluice_rehearsal_get_database_name (rehearsal)));
  kept = sluice_sandbox_dup_conninfo (sandbox, sluice_rehearsal_get_database_name (rehearsal));
  applied = sluice_test_pg_query_value (kept, "SELECT count(*) FROM pg_tables WHERE tablename = 'notes'");
  g_assert_cmpstr (applied, ==, "1");

  sql = g_strdup_printf ("DROP DATABASE %s", sluice_rehearsal_get_database_name (rehearsal));
  {
    g_autofree char *admin = sluice_sandbox_dup_conninfo (sandbox, "postgres");

    sluice_test_pg_exec (admin, sql);
  }
  run_clear (&run);
}

/* A migration that fails in the rehearsal fails the rehearsal, with the
 * statement named; what ran before is reported and nothing is left. */
static void
test_failing_statement (void)
{
  g_autofree char *conninfo = sluice_test_pg_new_database ();
  g_autoptr(SluiceSandbox) sandbox = harness_sandbox ();
  g_autoptr(SluiceConnection) target = NULL;
  g_autoptr(GPtrArray) migrations = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(SluiceRehearsal) rehearsal = NULL;
  Run run;

  sluice_test_pg_exec (conninfo, target_schema);
  target = sluice_test_pg_connect (conninfo);
  g_ptr_array_add (migrations,
                   migration_new ("0007",
                                  "CREATE TABLE ok_first (id int);\n"
                                  "ALTER TABLE no_such_table ADD COLUMN x int;\n",
                                  NULL, TRUE));

  rehearsal = sluice_rehearsal_new (target, sandbox, migrations, SLUICE_MIGRATION_FORMAT_SLUICE);
  rehearse (rehearsal, &run);
  g_assert_false (run.ok);
  g_assert_nonnull (run.error);
  g_test_message ("%s", run.error->message);
  g_assert_nonnull (strstr (run.error->message, "Statement 2 of migration 0007 failed in the rehearsal"));
  g_assert_nonnull (strstr (run.error->message, "no_such_table"));
  g_assert_cmpuint (sluice_rehearsal_get_statements (rehearsal)->len, ==, 1);
  g_assert_false (sandbox_has_database (sandbox, sluice_rehearsal_get_database_name (rehearsal)));
  run_clear (&run);
}

/* A Sqitch project: "shelves", then "books", which requires shelves. */
static const char * const sqitch_files[] = {
  "sqitch.plan",
  "%syntax-version=1.0.0\n"
  "%project=library\n"
  "\n"
  "shelves 2026-11-21T10:00:00Z Sluice Tests <tests@sluice.invalid> # Shelves\n"
  "books [shelves] 2026-11-21T10:00:01Z Sluice Tests <tests@sluice.invalid> # Books on shelves\n",
  "deploy/shelves.sql", "CREATE TABLE shelves (id int PRIMARY KEY);\n",
  "revert/shelves.sql", "DROP TABLE shelves;\n",
  "deploy/books.sql", "CREATE TABLE books (id int, shelf_id int REFERENCES shelves (id));\n",
  "revert/books.sql", "DROP TABLE books;\n",
  NULL
};

static void
exec_statements (const char *conninfo,
                 GPtrArray  *statements)
{
  g_assert_nonnull (statements);
  for (guint i = 0; i < statements->len; i++)
    sluice_test_pg_exec (conninfo, g_ptr_array_index (statements, i));
}

/* A change whose requirement is deployed on the target only: the sandbox
 * gets the target's Sqitch registry rows with its schema, so the
 * dependency resolves there as on the target (sqitch.dependencies'
 * dependency_id is a foreign key, NOT NULL for a require). */
static void
test_sqitch_requires_deployed (void)
{
  g_autofree char *conninfo = sluice_test_pg_new_database ();
  g_autoptr(SluiceSandbox) sandbox = harness_sandbox ();
  g_autoptr(SluiceConnection) target = NULL;
  g_autoptr(GPtrArray) migrations = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(SluiceRehearsal) rehearsal = NULL;
  g_autoptr(SluiceMigrationFolder) folder = NULL;
  g_autoptr(SluiceMigration) shelves = NULL;
  g_autoptr(GPtrArray) setup = NULL;
  g_autoptr(GPtrArray) record = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("sluice-rehearsal-sqitch-XXXXXX", &error);
  g_autofree char *kept = NULL;
  g_autofree char *events = NULL;
  g_autofree char *target_events = NULL;
  g_autofree char *drop = NULL;
  const char *project;
  Run run;

  g_assert_no_error (error);
  for (guint i = 0; sqitch_files[i] != NULL; i += 2)
    {
      g_autofree char *path = g_build_filename (dir, sqitch_files[i], NULL);
      g_autofree char *parent = g_path_get_dirname (path);

      g_assert_cmpint (g_mkdir_with_parents (parent, 0755), ==, 0);
      g_file_set_contents (path, sqitch_files[i + 1], -1, &error);
      g_assert_no_error (error);
    }

  folder = sluice_migration_folder_load (dir, SLUICE_MIGRATION_FORMAT_SQITCH, &error);
  g_assert_no_error (error);
  project = sluice_migration_folder_get_project (folder);
  shelves = g_list_model_get_item (sluice_migration_folder_get_migrations (folder), 0);
  g_ptr_array_add (migrations, g_list_model_get_item (sluice_migration_folder_get_migrations (folder), 1));
  g_assert_cmpstr (sluice_migration_get_history_key (g_ptr_array_index (migrations, 0)), ==, "books");

  /* On the target, shelves is deployed, its rows in the registry. */
  setup = sluice_history_writer_setup_statements (SLUICE_MIGRATION_FORMAT_SQITCH, project, &error);
  g_assert_no_error (error);
  exec_statements (conninfo, setup);
  sluice_test_pg_exec (conninfo, sluice_migration_get_up_sql (shelves));
  record = sluice_history_writer_record_statements (SLUICE_MIGRATION_FORMAT_SQITCH, project, shelves,
                                                    SLUICE_RUN_UP, 1, &error);
  g_assert_no_error (error);
  exec_statements (conninfo, record);
  target = sluice_test_pg_connect (conninfo);

  rehearsal = sluice_rehearsal_new (target, sandbox, migrations, SLUICE_MIGRATION_FORMAT_SQITCH);
  sluice_rehearsal_set_keep_database (rehearsal, TRUE);
  rehearse (rehearsal, &run);
  g_assert_no_error (run.error);
  g_assert_true (run.ok);
  g_assert_true (sluice_rehearsal_get_down_tested (rehearsal));

  /* The sandbox's registry: the target's shelves, then books deployed on
   * top of it and reverted by the down. */
  kept = sluice_sandbox_dup_conninfo (sandbox, sluice_rehearsal_get_database_name (rehearsal));
  events = sluice_test_pg_query_value (kept, "SELECT string_agg(event || ' ' || change, ', ' ORDER BY committed_at)"
                                             "  FROM sqitch.events");
  g_assert_cmpstr (events, ==, "deploy shelves, deploy books, revert books");
  /* The target is left as it was. */
  target_events = sluice_test_pg_query_value (conninfo, "SELECT string_agg(event || ' ' || change, ', ') FROM sqitch.events");
  g_assert_cmpstr (target_events, ==, "deploy shelves");

  drop = g_strdup_printf ("DROP DATABASE %s", sluice_rehearsal_get_database_name (rehearsal));
  {
    g_autofree char *admin = sluice_sandbox_dup_conninfo (sandbox, "postgres");

    sluice_test_pg_exec (admin, drop);
  }
  for (guint i = 0; sqitch_files[i] != NULL; i += 2)
    {
      g_autofree char *path = g_build_filename (dir, sqitch_files[i], NULL);

      g_unlink (path);
    }
  {
    g_autofree char *deploy = g_build_filename (dir, "deploy", NULL);
    g_autofree char *revert = g_build_filename (dir, "revert", NULL);

    g_rmdir (deploy);
    g_rmdir (revert);
    g_rmdir (dir);
  }
  run_clear (&run);
}

static void
cancel_when_measuring (SluiceRehearsal *rehearsal,
                       SluiceRunEvent  *event,
                       GCancellable    *cancellable)
{
  if (sluice_run_event_get_kind (event) == SLUICE_RUN_EVENT_STEP
      && g_str_has_prefix (sluice_run_event_get_message (event), "Measuring"))
    g_cancellable_cancel (cancellable);
}

/* Cancelled half-way: it says so, and the sandbox is left clean. */
static void
test_cancel_cleans_up (void)
{
  g_autofree char *conninfo = sluice_test_pg_new_database ();
  g_autoptr(SluiceSandbox) sandbox = harness_sandbox ();
  g_autoptr(SluiceConnection) target = NULL;
  g_autoptr(GPtrArray) migrations = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(SluiceRehearsal) rehearsal = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autofree char *probe = NULL;
  Run run = { 0 };

  sluice_test_pg_exec (conninfo, target_schema);
  target = sluice_test_pg_connect (conninfo);
  g_ptr_array_add (migrations, migration_new ("0001", "CREATE TABLE notes (id int);\n", "DROP TABLE notes;\n", TRUE));

  rehearsal = sluice_rehearsal_new (target, sandbox, migrations, SLUICE_MIGRATION_FORMAT_SLUICE);
  run.events = g_ptr_array_new_with_free_func (g_object_unref);
  g_signal_connect (rehearsal, "event", G_CALLBACK (on_event), &run);
  g_signal_connect (rehearsal, "event", G_CALLBACK (cancel_when_measuring), cancellable);
  sluice_rehearsal_run_async (rehearsal, cancellable, on_done, &run);
  sluice_test_wait_for (&run.done, REHEARSAL_TIMEOUT_MS);

  g_assert_false (run.ok);
  g_assert_error (run.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_false (sluice_rehearsal_get_down_tested (rehearsal));
  g_assert_false (sandbox_has_database (sandbox, sluice_rehearsal_get_database_name (rehearsal)));
  probe = g_strdup_printf ("%s_probe", sluice_rehearsal_get_database_name (rehearsal));
  g_assert_false (sandbox_has_database (sandbox, probe));
  run_clear (&run);
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "C");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/rehearsal/locks-rewrites-reversible", test_locks_rewrites_reversible);
  g_test_add_func ("/rehearsal/wrong-down-not-reversible", test_wrong_down_not_reversible);
  g_test_add_func ("/rehearsal/no-down-keep-database", test_no_down_keep_database);
  g_test_add_func ("/rehearsal/failing-statement", test_failing_statement);
  g_test_add_func ("/rehearsal/cancel-cleans-up", test_cancel_cleans_up);
  g_test_add_func ("/rehearsal/sqitch-requires-deployed", test_sqitch_requires_deployed);

  return g_test_run ();
}
