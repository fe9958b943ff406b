/* test-interop-apply.c: folders of other tools applied by Sluice, seen as applied by those tools
 *
 * The interop requirement: the demo folder (Sluice's own), a
 * drizzle folder and a dbmate folder (tests/interop/fixtures) are applied
 * through SluiceExecutor, which writes each tool's history as that tool
 * would (SluiceHistoryWriter).  Then the real `drizzle-kit migrate` finds
 * nothing to apply (it would fail re-creating a table, and its table keeps
 * one row per migration) and `dbmate status` lists every file applied,
 * none pending; `sqitch status` says the Sqitch project is up to date.
 * Sluice's own status agrees: nothing pending.  golang-migrate and Flyway
 * folders (their tools are not installed here) go through the executor too,
 * and their tables hold what their drivers write.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>
#include <string.h>

#include "sluice-executor.h"
#include "sluice-migration-folder.h"
#include "sluice-test-interop.h"
#include "sluice-test-pg.h"

/* Runs every migration of the folder at @dir through the executor, as
 * the runner does, with the folder's format as the history format. */
static void
execute_folder (const char            *conninfo,
                const char            *dir,
                SluiceMigrationFormat  format)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SluiceMigrationFolder) folder = sluice_migration_folder_load (dir, format, &error);
  g_autoptr(SluiceConnection) connection = sluice_test_pg_connect (conninfo);
  g_autoptr(SluiceExecutor) executor = NULL;
  g_autoptr(GPtrArray) migrations = NULL;
  SluiceExecuteOptions options;
  SluiceTestAsyncWait wait = { 0 };
  g_auto(GStrv) done = NULL;
  gboolean ok;

  g_assert_no_error (error);
  g_assert_cmpint (sluice_migration_folder_get_format (folder), ==, format);
  g_assert_cmpuint (sluice_migration_folder_get_problems (folder)->len, ==, 0);

  migrations = sluice_test_folder_migrations (folder);
  sluice_execute_options_init (&options);
  options.history_format = format;
  options.project = sluice_migration_folder_get_project (folder);
  options.lock_timeout_ms = 5000;
  executor = sluice_executor_new (connection, &options);

  sluice_executor_run_async (executor, migrations, NULL, sluice_test_store_result, &wait);
  sluice_test_wait_for (&wait.done, 60000);
  ok = sluice_executor_run_finish (executor, wait.result, &done, &error);
  g_assert_no_error (error);
  g_assert_true (ok);
  g_assert_cmpuint (g_strv_length (done), ==, migrations->len);
  g_clear_object (&wait.result);
}

/* Sluice's status: every migration applied, none pending. */
static void
assert_sluice_all_applied (const char            *conninfo,
                           const char            *dir,
                           SluiceMigrationFormat  format)
{
  SluiceInteropStatus status = { 0 };
  GHashTableIter iter;
  gpointer key, word;

  sluice_test_interop_status_core (&status, conninfo, dir, format);
  g_assert_cmpuint (sluice_status_report_get_pending_count (status.report), ==, 0);
  g_hash_table_iter_init (&iter, status.by_key);
  while (g_hash_table_iter_next (&iter, &key, &word))
    if (!g_str_equal (word, "applied"))
      g_error ("Sluice says %s for %s after the executor applied the folder", (char *) word, (char *) key);
  sluice_interop_status_clear (&status);
}

static void
test_demo (void)
{
  g_autofree char *conninfo = sluice_test_pg_new_database ();
  g_autofree char *demo = g_test_build_filename (G_TEST_DIST, "..", "data", "demo", NULL);
  g_autofree char *dir = sluice_test_copy_folder (demo, "demo");

  execute_folder (conninfo, dir, SLUICE_MIGRATION_FORMAT_SLUICE);
  assert_sluice_all_applied (conninfo, dir, SLUICE_MIGRATION_FORMAT_SLUICE);

  sluice_test_remove_tree (dir);
}

/* drizzle ---------------------------------------------------------------- */

static void
test_drizzle (void)
{
  g_autofree char *drizzle_kit = sluice_test_interop_find_tool ("drizzle-kit");
  g_autofree char *conninfo = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *config = NULL;
  g_autofree char *config_dir = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  SluiceToolRun run = { 0 };

  if (drizzle_kit == NULL)
    return;

  conninfo = sluice_test_pg_new_database ();
  dir = sluice_test_interop_copy_fixture ("drizzle");
  execute_folder (conninfo, dir, SLUICE_MIGRATION_FORMAT_DRIZZLE);
  assert_sluice_all_applied (conninfo, dir, SLUICE_MIGRATION_FORMAT_DRIZZLE);

  /* drizzle-kit migrate: nothing pending, so it runs nothing (re-running
   * the first migration would fail: its table exists). */
  config = sluice_test_drizzle_write_config (conninfo, dir);
  config_dir = g_path_get_dirname (config);
  sluice_test_drizzle_migrate (&run, drizzle_kit, config);
  g_test_message ("drizzle-kit migrate:\n%s%s", run.out, run.err);
  g_assert_cmpint (run.status, ==, 0);
  sluice_tool_run_clear (&run);

  rows = sluice_test_pg_rows (conninfo, "SELECT count(*) FROM drizzle.__drizzle_migrations");
  g_assert_cmpstr (((char **) g_ptr_array_index (rows, 0))[0], ==, "4");
  assert_sluice_all_applied (conninfo, dir, SLUICE_MIGRATION_FORMAT_DRIZZLE);

  sluice_test_remove_tree (config_dir);
  sluice_test_remove_tree (dir);
}

/* dbmate ----------------------------------------------------------------- */

static void
test_dbmate (void)
{
  g_autofree char *dbmate = sluice_test_interop_find_tool ("dbmate");
  g_autoptr(GRegex) line_regex = g_regex_new ("^\\[([X ])\\] (\\d+)\\S*\\.sql$", G_REGEX_MULTILINE, 0, NULL);
  g_autoptr(GRegex) pending_regex = g_regex_new ("^Pending: (\\d+)$", G_REGEX_MULTILINE, 0, NULL);
  g_autoptr(GMatchInfo) match = NULL;
  g_autoptr(GMatchInfo) pending_match = NULL;
  g_autofree char *conninfo = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *url_env = NULL;
  g_autofree char *pending = NULL;
  SluiceToolRun run = { 0 };
  guint listed = 0;

  if (dbmate == NULL)
    return;

  conninfo = sluice_test_pg_new_database ();
  dir = sluice_test_interop_copy_fixture ("dbmate");
  execute_folder (conninfo, dir, SLUICE_MIGRATION_FORMAT_DBMATE);
  assert_sluice_all_applied (conninfo, dir, SLUICE_MIGRATION_FORMAT_DBMATE);

  {
    g_autofree char *dbname = sluice_test_pg_dbname (conninfo);
    g_autofree char *host = g_uri_escape_string (sluice_test_pg_host (), NULL, FALSE);
    g_autofree char *user = g_uri_escape_string (sluice_test_pg_user (), NULL, FALSE);
    g_autofree char *db = g_uri_escape_string (dbname, NULL, FALSE);

    url_env = g_strdup_printf ("DATABASE_URL=postgres://%s@/%s?socket=%s&port=%s&sslmode=disable",
                               user, db, host, sluice_test_pg_port ());
  }

  sluice_test_run_program (&run, dir, (const char * const []) { url_env, NULL },
                           (const char * const []) { dbmate, "--migrations-dir", dir, "--no-dump-schema",
                                                     "status", NULL });
  g_test_message ("dbmate status:\n%s%s", run.out, run.err);
  g_assert_cmpint (run.status, ==, 0);

  /* Every file listed, each applied. */
  for (g_regex_match (line_regex, run.out, 0, &match); g_match_info_matches (match); g_match_info_next (match, NULL))
    {
      g_autofree char *mark = g_match_info_fetch (match, 1);

      g_assert_cmpstr (mark, ==, "X");
      listed++;
    }
  g_assert_cmpuint (listed, ==, 4);
  g_assert_true (g_regex_match (pending_regex, run.out, 0, &pending_match));
  pending = g_match_info_fetch (pending_match, 1);
  g_assert_cmpstr (pending, ==, "0");
  sluice_tool_run_clear (&run);

  sluice_test_remove_tree (dir);
}

/* sqitch ----------------------------------------------------------------- */

static void
test_sqitch (void)
{
  g_autofree char *sqitch = sluice_test_interop_find_tool ("sqitch");
  g_autofree char *conninfo = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *no_config = NULL;
  g_autofree char *target = NULL;
  g_auto(GStrv) env = NULL;
  SluiceToolRun run = { 0 };

  if (sqitch == NULL)
    return;

  conninfo = sluice_test_pg_new_database ();
  dir = sluice_test_interop_copy_fixture ("sqitch");
  execute_folder (conninfo, dir, SLUICE_MIGRATION_FORMAT_SQITCH);
  assert_sluice_all_applied (conninfo, dir, SLUICE_MIGRATION_FORMAT_SQITCH);

  {
    g_autofree char *dbname = sluice_test_pg_dbname (conninfo);
    g_autofree char *user = g_uri_escape_string (sluice_test_pg_user (), NULL, FALSE);
    g_autofree char *db = g_uri_escape_string (dbname, NULL, FALSE);

    target = g_strdup_printf ("db:pg://%s@/%s", user, db);
  }
  no_config = g_build_filename (dir, "no-such-sqitch.conf", NULL);
  env = g_new0 (char *, 6);
  env[0] = g_strconcat ("PGHOST=", sluice_test_pg_host (), NULL);
  env[1] = g_strconcat ("PGPORT=", sluice_test_pg_port (), NULL);
  env[2] = g_strconcat ("SQITCH_USER_CONFIG=", no_config, NULL);
  env[3] = g_strconcat ("SQITCH_SYSTEM_CONFIG=", no_config, NULL);
  env[4] = g_strdup ("TZ=UTC");

  sluice_test_run_program (&run, dir, (const char * const *) env,
                           (const char * const []) { sqitch, "status", target, NULL });
  g_test_message ("sqitch status:\n%s%s", run.out, run.err);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "Nothing to deploy (up-to-date)"));
  sluice_tool_run_clear (&run);

  sluice_test_remove_tree (dir);
}

/* golang-migrate and Flyway (not installed here): the executor writes
 * their tables as their drivers do, begin statements included. */

static void
assert_rows (const char *conninfo,
             const char *sql,
             const char *expected)
{
  g_autoptr(GPtrArray) rows = sluice_test_pg_rows (conninfo, sql);
  GString *text = g_string_new (NULL);
  g_autofree char *got = NULL;

  for (guint i = 0; i < rows->len; i++)
    {
      g_autofree char *line = g_strjoinv (" | ", g_ptr_array_index (rows, i));

      g_string_append_printf (text, "%s\n", line);
    }
  got = g_string_free (text, FALSE);
  g_assert_cmpstr (got, ==, expected);
}

static void
test_golang_migrate_and_flyway (void)
{
  g_autofree char *conninfo = sluice_test_pg_new_database ();
  g_autofree char *flyway_conninfo = sluice_test_pg_new_database ();
  g_autofree char *golang = sluice_test_make_folder ("interop-apply", (const char * const []) {
                "1_a.up.sql", "CREATE TABLE a (id int);\n", "1_a.down.sql", "DROP TABLE a;\n",
                "2_idx.up.sql", "CREATE INDEX CONCURRENTLY a_id_idx ON a (id);\n", "2_idx.down.sql", "DROP INDEX a_id_idx;\n",
                NULL });
  g_autofree char *flyway = sluice_test_make_folder ("interop-apply", (const char * const []) {
                "V1__create_a.sql", "CREATE TABLE a (id int);\n",
                "V2__add_b.sql", "ALTER TABLE a ADD COLUMN b int;\n",
                NULL });

  /* The second one runs outside a transaction (CONCURRENTLY): its row is
   * written after it, clean. */
  execute_folder (conninfo, golang, SLUICE_MIGRATION_FORMAT_GOLANG_MIGRATE);
  assert_rows (conninfo, "SELECT version, dirty FROM schema_migrations", "2 | f\n");
  assert_sluice_all_applied (conninfo, golang, SLUICE_MIGRATION_FORMAT_GOLANG_MIGRATE);

  execute_folder (flyway_conninfo, flyway, SLUICE_MIGRATION_FORMAT_FLYWAY);
  assert_rows (flyway_conninfo,
               "SELECT installed_rank, version, type, script, success FROM flyway_schema_history ORDER BY 1",
               "1 | 1 | SQL | V1__create_a.sql | t\n2 | 2 | SQL | V2__add_b.sql | t\n");
  assert_sluice_all_applied (flyway_conninfo, flyway, SLUICE_MIGRATION_FORMAT_FLYWAY);

  sluice_test_remove_tree (golang);
  sluice_test_remove_tree (flyway);
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/interop-apply/demo", test_demo);
  g_test_add_func ("/interop-apply/drizzle", test_drizzle);
  g_test_add_func ("/interop-apply/dbmate", test_dbmate);
  g_test_add_func ("/interop-apply/sqitch", test_sqitch);
  g_test_add_func ("/interop-apply/golang-migrate-flyway", test_golang_migrate_and_flyway);

  return g_test_run ();
}
