/* test-history-writer.c: the folder tool's history written as the tool writes it
 *
 * For each tool, migrations are applied here the way the executor applies
 * them (setup once, begin statements outside the transaction, the SQL and
 * the record statements in one), with the statements of
 * sluice_history_writer_*.  Then:
 *  - Sluice's own history reader and status say applied / pending as
 *    expected;
 *  - where the tool is installed (dbmate, drizzle-kit, sqitch), the real
 *    tool agrees: its status lists the same, and it applies the rest
 *    without re-running what Sluice recorded; and the rows Sluice wrote in
 *    one database are the rows the tool writes in another for the same
 *    folder (ids, hashes, times from the plan or journal, table columns);
 *  - going down removes the rows as the tool does, and the tool sees the
 *    migration pending again.
 * golang-migrate and Flyway are not installed here: their rows are checked
 * against the rules of their drivers and read back by Sluice.
 *
 * A failed run: Sqitch's "fail" event is the one the real sqitch logs
 * for the same failing deploy; Flyway's success = false row is written
 * for a migration run outside a transaction only; the others write
 * nothing.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <libpq-fe.h>
#include <locale.h>
#include <string.h>

#include <glib/gstdio.h>

#include "sluice-error.h"
#include "sluice-history-writer.h"
#include "sluice-migration-folder.h"
#include "sluice-test-interop.h"
#include "sluice-test-pg.h"

/* Applying, as the executor does ------------------------------------------ */

/* Runs @sql, which must fail, on a connection of its own: closing it ends
 * the failed transaction, as the executor's ROLLBACK does. */
static void
exec_failing (const char *conninfo,
              const char *sql)
{
  PGconn *conn = PQconnectdb (conninfo);
  PGresult *result;

  g_assert_cmpint (PQstatus (conn), ==, CONNECTION_OK);
  result = PQexec (conn, sql);
  g_test_message ("failed as meant to: %s", PQresultErrorMessage (result));
  g_assert_cmpint (PQresultStatus (result), ==, PGRES_FATAL_ERROR);
  PQclear (result);
  PQfinish (conn);
}

/* @migration's up SQL fails in its transaction; then what the tool writes
 * on failure, outside it. */
static void
fail_one (const char            *conninfo,
          SluiceMigrationFormat  format,
          const char            *project,
          SluiceMigration       *migration)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) begin = sluice_history_writer_begin_statements (format, migration, SLUICE_RUN_UP, &error);
  g_autoptr(GPtrArray) failure = NULL;
  g_autofree char *transaction = NULL;

  g_assert_no_error (error);
  sluice_test_pg_exec_all (conninfo, begin);
  if (sluice_migration_get_transactional (migration))
    {
      transaction = g_strdup_printf ("BEGIN;\n%s\n;\nCOMMIT;", sluice_migration_get_up_sql (migration));
      exec_failing (conninfo, transaction);
    }
  else
    {
      exec_failing (conninfo, sluice_migration_get_up_sql (migration));
    }

  failure = sluice_history_writer_failure_statements (format, project, migration, SLUICE_RUN_UP, 42, &error);
  g_assert_no_error (error);
  sluice_test_pg_exec_all (conninfo, failure);
}

/* Runs @migration's SQL of @direction and its history rows.  A migration
 * that cannot run in a transaction runs alone, then its rows in one. */
static void
apply_one (const char            *conninfo,
           SluiceMigrationFormat  format,
           const char            *project,
           SluiceMigration       *migration,
           SluiceRunDirection     direction)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) begin = sluice_history_writer_begin_statements (format, migration, direction, &error);
  g_autoptr(GPtrArray) record = NULL;
  const char *sql = direction == SLUICE_RUN_UP ? sluice_migration_get_up_sql (migration)
                                               : sluice_migration_get_down_sql (migration);
  GString *transaction = g_string_new ("BEGIN;\n");
  g_autofree char *text = NULL;

  g_assert_no_error (error);
  g_assert_nonnull (sql);
  sluice_test_pg_exec_all (conninfo, begin);

  record = sluice_history_writer_record_statements (format, project, migration, direction, 42, &error);
  g_assert_no_error (error);
  g_assert_nonnull (record);

  if (sluice_migration_get_transactional (migration))
    g_string_append_printf (transaction, "%s\n;\n", sql);
  else
    sluice_test_pg_exec (conninfo, sql);

  for (guint i = 0; i < record->len; i++)
    g_string_append_printf (transaction, "%s;\n", (char *) g_ptr_array_index (record, i));
  g_string_append (transaction, "COMMIT;");
  text = g_string_free (transaction, FALSE);
  sluice_test_pg_exec (conninfo, text);
}

/* Applies the first @count migrations of the folder at @dir (all: -1). */
static SluiceMigrationFolder *
apply_folder (const char            *conninfo,
              const char            *dir,
              SluiceMigrationFormat  format,
              int                    count)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SluiceMigrationFolder) folder = sluice_migration_folder_load (dir, format, &error);
  g_autoptr(GPtrArray) migrations = NULL;
  g_autoptr(GPtrArray) setup = NULL;
  const char *project;

  g_assert_no_error (error);
  g_assert_cmpint (sluice_migration_folder_get_format (folder), ==, format);
  project = sluice_migration_folder_get_project (folder);

  setup = sluice_history_writer_setup_statements (format, project, &error);
  g_assert_no_error (error);
  sluice_test_pg_exec_all (conninfo, setup);
  /* Setup twice is harmless: the executor runs it before every run. */
  sluice_test_pg_exec_all (conninfo, setup);

  migrations = sluice_test_folder_migrations (folder);
  for (guint i = 0; i < migrations->len && (count < 0 || i < (guint) count); i++)
    apply_one (conninfo, format, project, g_ptr_array_index (migrations, i), SLUICE_RUN_UP);

  return g_steal_pointer (&folder);
}

static SluiceMigration *
nth_migration (SluiceMigrationFolder *folder,
               guint                  n)
{
  return g_list_model_get_item (sluice_migration_folder_get_migrations (folder), n);
}

/* Sluice's status of every history key of @dir on @conninfo. */
static void
assert_sluice_status (const char            *conninfo,
                      const char            *dir,
                      SluiceMigrationFormat  format,
                      const char * const    *keys,
                      const char * const    *words)
{
  SluiceInteropStatus status = { 0 };

  sluice_test_interop_status_core (&status, conninfo, dir, format);
  for (guint i = 0; keys[i] != NULL; i++)
    {
      const char *word = g_hash_table_lookup (status.by_key, keys[i]);

      if (g_strcmp0 (word, words[i]) != 0)
        g_error ("Sluice says %s for %s, expected %s", word, keys[i], words[i]);
    }
  sluice_interop_status_clear (&status);
}

/* The rows of @sql as one text, for comparing two databases. */
static char *
rows_text (const char *conninfo,
           const char *sql)
{
  g_autoptr(GPtrArray) rows = sluice_test_pg_rows (conninfo, sql);
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < rows->len; i++)
    {
      g_autofree char *line = g_strjoinv (" | ", g_ptr_array_index (rows, i));

      g_string_append_printf (text, "%s\n", line);
    }
  return g_string_free (text, FALSE);
}

static void
assert_same_rows_or_none (const char *sluice_conninfo,
                          const char *tool_conninfo,
                          const char *sql)
{
  g_autofree char *ours = rows_text (sluice_conninfo, sql);
  g_autofree char *theirs = rows_text (tool_conninfo, sql);

  g_test_message ("%s:\n%s", sql, theirs);
  g_assert_cmpstr (ours, ==, theirs);
}

static void
assert_same_rows (const char *sluice_conninfo,
                  const char *tool_conninfo,
                  const char *sql)
{
  g_autofree char *theirs = rows_text (tool_conninfo, sql);

  g_assert_cmpstr (theirs, !=, "");
  assert_same_rows_or_none (sluice_conninfo, tool_conninfo, sql);
}

/* The columns of a history table, as the tool creates it. */
#define COLUMNS_SQL(schema, table) \
  "SELECT column_name, data_type, character_maximum_length, is_nullable," \
  "       regexp_replace(coalesce(column_default, ''), '''[^'']*''::regclass', '')" \
  "  FROM information_schema.columns" \
  " WHERE table_schema = '" schema "' AND table_name = '" table "'" \
  " ORDER BY ordinal_position"

/* dbmate ------------------------------------------------------------------ */

static char *
dbmate_url_env (const char *conninfo)
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
            const char    *conninfo,
            const char    *dir,
            SluiceToolRun *run,
            const char    *command)
{
  g_autofree char *url_env = dbmate_url_env (conninfo);

  sluice_test_run_program (run, dir, (const char * const []) { url_env, NULL },
                           (const char * const []) { dbmate, "--migrations-dir", dir,
                                                     "--no-dump-schema", command, NULL });
}

static guint
dbmate_pending (const char *dbmate,
                const char *conninfo,
                const char *dir)
{
  g_autoptr(GRegex) regex = g_regex_new ("^Pending: (\\d+)$", G_REGEX_MULTILINE, 0, NULL);
  g_autoptr(GMatchInfo) match = NULL;
  g_autofree char *count = NULL;
  SluiceToolRun run = { 0 };

  run_dbmate (dbmate, conninfo, dir, &run, "status");
  g_test_message ("dbmate status:\n%s", run.out);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_true (g_regex_match (regex, run.out, 0, &match));
  count = g_match_info_fetch (match, 1);
  sluice_tool_run_clear (&run);

  return (guint) g_ascii_strtoull (count, NULL, 10);
}

static void
test_dbmate (void)
{
  g_autofree char *dbmate = sluice_test_interop_find_tool ("dbmate");
  g_autofree char *conninfo = NULL;
  g_autofree char *tool_conninfo = NULL;
  g_autofree char *dir = NULL;
  g_autoptr(SluiceMigrationFolder) folder = NULL;
  g_autoptr(SluiceMigration) last = NULL;
  SluiceToolRun run = { 0 };

  if (dbmate == NULL)
    return;

  conninfo = sluice_test_pg_new_database ();
  tool_conninfo = sluice_test_pg_new_database ();
  dir = sluice_test_interop_copy_fixture ("dbmate");

  /* Two of four recorded by Sluice: dbmate says two are pending, and
   * applies exactly those. */
  folder = apply_folder (conninfo, dir, SLUICE_MIGRATION_FORMAT_DBMATE, 2);
  assert_sluice_status (conninfo, dir, SLUICE_MIGRATION_FORMAT_DBMATE,
                        (const char * const []) { "20261121093448", "20261121093449", "20261121093451", NULL },
                        (const char * const []) { "applied", "applied", "pending" });
  g_assert_cmpuint (dbmate_pending (dbmate, conninfo, dir), ==, 2);
  run_dbmate (dbmate, conninfo, dir, &run, "up");
  g_assert_cmpint (run.status, ==, 0);
  sluice_tool_run_clear (&run);
  g_assert_cmpuint (dbmate_pending (dbmate, conninfo, dir), ==, 0);

  /* The same rows and table as dbmate's own run. */
  g_clear_object (&folder);
  sluice_test_pg_exec (conninfo, "DROP INDEX books_title_idx; DROP TABLE books, authors; DROP TABLE schema_migrations");
  folder = apply_folder (conninfo, dir, SLUICE_MIGRATION_FORMAT_DBMATE, -1);
  run_dbmate (dbmate, tool_conninfo, dir, &run, "up");
  g_assert_cmpint (run.status, ==, 0);
  sluice_tool_run_clear (&run);
  assert_same_rows (conninfo, tool_conninfo, "SELECT version FROM schema_migrations ORDER BY version");
  assert_same_rows (conninfo, tool_conninfo, COLUMNS_SQL ("public", "schema_migrations"));
  g_assert_cmpuint (dbmate_pending (dbmate, conninfo, dir), ==, 0);

  /* Down: the version is pending again for both, and dbmate re-applies it. */
  last = nth_migration (folder, 3);
  apply_one (conninfo, SLUICE_MIGRATION_FORMAT_DBMATE, NULL, last, SLUICE_RUN_DOWN);
  g_assert_cmpuint (dbmate_pending (dbmate, conninfo, dir), ==, 1);
  assert_sluice_status (conninfo, dir, SLUICE_MIGRATION_FORMAT_DBMATE,
                        (const char * const []) { "20261121093451", "20261121093452", NULL },
                        (const char * const []) { "applied", "pending" });
  run_dbmate (dbmate, conninfo, dir, &run, "up");
  g_assert_cmpint (run.status, ==, 0);
  sluice_tool_run_clear (&run);
  g_assert_cmpuint (dbmate_pending (dbmate, conninfo, dir), ==, 0);

  sluice_test_remove_tree (dir);
}

/* Drizzle ----------------------------------------------------------------- */

static void
run_drizzle_migrate (const char *drizzle_kit,
                     const char *config_path)
{
  SluiceToolRun run = { 0 };

  sluice_test_drizzle_migrate (&run, drizzle_kit, config_path);
  if (run.status != 0)
    g_test_message ("drizzle-kit migrate:\n%s\n%s", run.out, run.err);
  g_assert_cmpint (run.status, ==, 0);
  sluice_tool_run_clear (&run);
}

static void
remove_config (char *config_path)
{
  g_autofree char *config_dir = g_path_get_dirname (config_path);

  sluice_test_remove_tree (config_dir);
  g_free (config_path);
}

#define DRIZZLE_ROWS "SELECT hash, created_at FROM drizzle.__drizzle_migrations ORDER BY id"

static void
test_drizzle (void)
{
  g_autofree char *drizzle_kit = sluice_test_interop_find_tool ("drizzle-kit");
  g_autofree char *conninfo = NULL;
  g_autofree char *tool_conninfo = NULL;
  g_autofree char *dir = NULL;
  char *config = NULL;
  char *tool_config = NULL;
  g_autoptr(SluiceMigrationFolder) folder = NULL;
  g_autoptr(SluiceMigration) last = NULL;
  g_autoptr(GPtrArray) count = NULL;
  g_autofree char *key_2 = NULL;
  g_autofree char *key_3 = NULL;

  if (drizzle_kit == NULL)
    return;

  conninfo = sluice_test_pg_new_database ();
  tool_conninfo = sluice_test_pg_new_database ();
  dir = sluice_test_interop_copy_fixture ("drizzle");
  config = sluice_test_drizzle_write_config (conninfo, dir);
  tool_config = sluice_test_drizzle_write_config (tool_conninfo, dir);

  /* Two recorded by Sluice; drizzle-kit applies the other two only (it
   * would fail re-creating a table were it to re-run one). */
  folder = apply_folder (conninfo, dir, SLUICE_MIGRATION_FORMAT_DRIZZLE, 2);
  {
    g_autoptr(SluiceMigration) second = nth_migration (folder, 1);
    g_autoptr(SluiceMigration) third = nth_migration (folder, 2);

    key_2 = g_strdup (sluice_migration_get_history_key (second));
    key_3 = g_strdup (sluice_migration_get_history_key (third));
  }
  assert_sluice_status (conninfo, dir, SLUICE_MIGRATION_FORMAT_DRIZZLE,
                        (const char * const []) { key_2, key_3, NULL },
                        (const char * const []) { "applied", "pending" });
  run_drizzle_migrate (drizzle_kit, config);
  count = sluice_test_pg_rows (conninfo, DRIZZLE_ROWS);
  g_assert_cmpuint (count->len, ==, 4);

  /* The rows are drizzle's own (test-interop-apply has drizzle-kit find
   * nothing to do after a whole folder applied by Sluice). */
  run_drizzle_migrate (drizzle_kit, tool_config);
  assert_same_rows (conninfo, tool_conninfo, DRIZZLE_ROWS);
  assert_same_rows (conninfo, tool_conninfo, COLUMNS_SQL ("drizzle", "__drizzle_migrations"));

  /* Down (drizzle has no down files: the executor runs generated DDL; here
   * the reverse of 0003 by hand): the row goes, drizzle re-applies it. */
  last = nth_migration (folder, 3);
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(GPtrArray) record = sluice_history_writer_record_statements (SLUICE_MIGRATION_FORMAT_DRIZZLE, NULL, last,
                                                                           SLUICE_RUN_DOWN, 1, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (record->len, ==, 1);
    sluice_test_pg_exec (conninfo, "ALTER TABLE books DROP COLUMN published_at");
    sluice_test_pg_exec_all (conninfo, record);
  }
  assert_sluice_status (conninfo, dir, SLUICE_MIGRATION_FORMAT_DRIZZLE,
                        (const char * const []) { sluice_migration_get_history_key (last), NULL },
                        (const char * const []) { "pending" });
  run_drizzle_migrate (drizzle_kit, config);
  assert_same_rows (conninfo, tool_conninfo, DRIZZLE_ROWS);

  remove_config (config);
  remove_config (tool_config);
  sluice_test_remove_tree (dir);
}

/* Sqitch ------------------------------------------------------------------ */

static char **
sqitch_env (const char *dir)
{
  g_autofree char *no_config = g_build_filename (dir, "no-such-sqitch.conf", NULL);
  char **env = g_new0 (char *, 9);

  env[0] = g_strconcat ("PGHOST=", sluice_test_pg_host (), NULL);
  env[1] = g_strconcat ("PGPORT=", sluice_test_pg_port (), NULL);
  env[2] = g_strconcat ("SQITCH_USER_CONFIG=", no_config, NULL);
  env[3] = g_strconcat ("SQITCH_SYSTEM_CONFIG=", no_config, NULL);
  env[4] = g_strdup ("SQITCH_FULLNAME=Sluice Tests");
  env[5] = g_strdup ("SQITCH_EMAIL=tests@sluice.invalid");
  env[6] = g_strdup ("TZ=UTC");
  env[7] = g_strdup ("EDITOR=false");
  return env;
}

static void
run_sqitch (const char         *sqitch,
            const char         *dir,
            const char         *conninfo,
            SluiceToolRun      *run,
            const char * const *args)
{
  g_auto(GStrv) env = sqitch_env (dir);
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *dbname = sluice_test_pg_dbname (conninfo);
  g_autofree char *user = g_uri_escape_string (sluice_test_pg_user (), NULL, FALSE);
  g_autofree char *db = g_uri_escape_string (dbname, NULL, FALSE);

  g_ptr_array_add (argv, g_strdup (sqitch));
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, g_strdup (args[i]));
  g_ptr_array_add (argv, g_strdup_printf ("db:pg://%s@/%s", user, db));
  g_ptr_array_add (argv, NULL);

  sluice_test_run_program (run, dir, (const char * const *) env, (const char * const *) argv->pdata);
}

static char *
sqitch_status (const char *sqitch,
               const char *dir,
               const char *conninfo)
{
  SluiceToolRun run = { 0 };
  char *out;

  run_sqitch (sqitch, dir, conninfo, &run, (const char * const []) { "status", NULL });
  g_test_message ("sqitch status:\n%s%s", run.out, run.err);
  out = g_strconcat (run.out, run.err, NULL);
  sluice_tool_run_clear (&run);
  return out;
}

static void
sqitch_deploy (const char *sqitch,
               const char *dir,
               const char *conninfo)
{
  SluiceToolRun run = { 0 };

  run_sqitch (sqitch, dir, conninfo, &run, (const char * const []) { "deploy", NULL });
  if (run.status != 0)
    g_test_message ("sqitch deploy:\n%s\n%s", run.out, run.err);
  g_assert_cmpint (run.status, ==, 0);
  sluice_tool_run_clear (&run);
}

#define SQITCH_CHANGES \
  "SELECT change_id, script_hash, change, project, note, committer_name, committer_email," \
  "       planned_at, planner_name, planner_email FROM sqitch.changes ORDER BY committed_at"
#define SQITCH_TAGS \
  "SELECT tag_id, tag, project, change_id, note, committer_name, committer_email," \
  "       planned_at, planner_name, planner_email FROM sqitch.tags ORDER BY tag"
#define SQITCH_DEPENDENCIES \
  "SELECT change_id, type, dependency, dependency_id FROM sqitch.dependencies ORDER BY 1, 3"
#define SQITCH_EVENTS \
  "SELECT event, change_id, change, project, note, requires, conflicts, tags," \
  "       committer_name, committer_email, planned_at, planner_name, planner_email" \
  "  FROM sqitch.events ORDER BY committed_at"
#define SQITCH_PROJECTS "SELECT project, uri, creator_name, creator_email FROM sqitch.projects"
#define SQITCH_RELEASES "SELECT version FROM sqitch.releases"

static void
assert_same_registry (const char *conninfo,
                      const char *tool_conninfo)
{
  assert_same_rows (conninfo, tool_conninfo, SQITCH_CHANGES);
  assert_same_rows (conninfo, tool_conninfo, SQITCH_EVENTS);
  assert_same_rows (conninfo, tool_conninfo, SQITCH_PROJECTS);
  assert_same_rows (conninfo, tool_conninfo, SQITCH_RELEASES);
  assert_same_rows (conninfo, tool_conninfo, COLUMNS_SQL ("sqitch", "changes"));
  assert_same_rows (conninfo, tool_conninfo, COLUMNS_SQL ("sqitch", "events"));
  assert_same_rows (conninfo, tool_conninfo, COLUMNS_SQL ("sqitch", "tags"));
}

static void
test_sqitch_project (const char *source_path,
                     const char *last_change)
{
  g_autofree char *sqitch = sluice_test_interop_find_tool ("sqitch");
  g_autofree char *conninfo = NULL;
  g_autofree char *tool_conninfo = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *status = NULL;
  g_autoptr(SluiceMigrationFolder) folder = NULL;
  g_autoptr(SluiceMigration) last = NULL;
  guint n;

  if (sqitch == NULL)
    return;

  /* The committer Sluice records is the one sqitch would: the same
   * environment as the tool runs in. */
  g_setenv ("SQITCH_FULLNAME", "Sluice Tests", TRUE);
  g_setenv ("SQITCH_EMAIL", "tests@sluice.invalid", TRUE);

  conninfo = sluice_test_pg_new_database ();
  tool_conninfo = sluice_test_pg_new_database ();
  dir = source_path != NULL ? sluice_test_copy_folder (source_path, "sqitch")
                            : sluice_test_interop_copy_fixture ("sqitch");

  folder = apply_folder (conninfo, dir, SLUICE_MIGRATION_FORMAT_SQITCH, -1);
  n = g_list_model_get_n_items (sluice_migration_folder_get_migrations (folder));
  status = sqitch_status (sqitch, dir, conninfo);
  g_assert_nonnull (strstr (status, "Nothing to deploy (up-to-date)"));

  /* The registry sqitch writes for the same plan holds the same rows:
   * change and tag ids, hashes, planned times, dependencies, events. */
  sqitch_deploy (sqitch, dir, tool_conninfo);
  assert_same_registry (conninfo, tool_conninfo);
  assert_same_rows_or_none (conninfo, tool_conninfo, SQITCH_TAGS);
  assert_same_rows_or_none (conninfo, tool_conninfo, SQITCH_DEPENDENCIES);

  /* Reverting the last change: sqitch lists it undeployed, Sluice pending,
   * and sqitch deploys it again on top of Sluice's rows. */
  last = nth_migration (folder, n - 1);
  g_assert_cmpstr (sluice_migration_get_history_key (last), ==, last_change);
  apply_one (conninfo, SLUICE_MIGRATION_FORMAT_SQITCH, sluice_migration_folder_get_project (folder),
             last, SLUICE_RUN_DOWN);
  g_clear_pointer (&status, g_free);
  status = sqitch_status (sqitch, dir, conninfo);
  g_assert_nonnull (strstr (status, "Undeployed change"));
  g_assert_nonnull (strstr (status, last_change));
  assert_sluice_status (conninfo, dir, SLUICE_MIGRATION_FORMAT_SQITCH,
                        (const char * const []) { last_change, NULL },
                        (const char * const []) { "pending" });
  sqitch_deploy (sqitch, dir, conninfo);

  sluice_test_remove_tree (dir);
}

static void
test_sqitch (void)
{
  test_sqitch_project (NULL, "add_authors_born");
}

/* The shop plan reworks order_totals after @v1.1: two instances of one
 * name, tags, dependencies. */
static void
test_sqitch_rework (void)
{
  g_autofree char *shop = g_test_build_filename (G_TEST_DIST, "unit", "fixtures", "folders", "sqitch", "shop", NULL);

  test_sqitch_project (shop, "orders_placed_at_idx");
}

/* A deploy that fails: sqitch logs a "fail" event (and keeps nothing else
 * of the change); Sluice's failure statements log the same row. */
static void
test_sqitch_failure (void)
{
  g_autofree char *sqitch = sluice_test_interop_find_tool ("sqitch");
  g_autofree char *conninfo = NULL;
  g_autofree char *tool_conninfo = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *status = NULL;
  g_autofree char *events = NULL;
  g_autoptr(SluiceMigrationFolder) folder = NULL;
  g_autoptr(SluiceMigration) broken = NULL;
  g_autoptr(GPtrArray) revert_failure = NULL;
  g_autoptr(GError) error = NULL;
  SluiceToolRun run = { 0 };

  if (sqitch == NULL)
    return;

  g_setenv ("SQITCH_FULLNAME", "Sluice Tests", TRUE);
  g_setenv ("SQITCH_EMAIL", "tests@sluice.invalid", TRUE);

  conninfo = sluice_test_pg_new_database ();
  tool_conninfo = sluice_test_pg_new_database ();
  dir = sluice_test_make_folder ("history-writer", (const char * const []) {
                "sqitch.conf", "[core]\n\tengine = pg\n",
                "sqitch.plan",
                "%syntax-version=1.0.0\n"
                "%project=failing\n"
                "%uri=https://example.com/failing\n"
                "\n"
                "shelves 2026-11-21T10:00:00Z Sluice Tests <tests@sluice.invalid> # Shelves\n"
                "@v1 2026-11-21T10:00:01Z Sluice Tests <tests@sluice.invalid> # First\n"
                "broken [shelves] 2026-11-21T10:00:02Z Sluice Tests <tests@sluice.invalid> # Fails half-way\n",
                NULL });
  {
    g_autofree char *deploy = g_build_filename (dir, "deploy", NULL);
    g_autofree char *revert = g_build_filename (dir, "revert", NULL);

    g_assert_cmpint (g_mkdir (deploy, 0755), ==, 0);
    g_assert_cmpint (g_mkdir (revert, 0755), ==, 0);
  }
  {
    g_autofree char *path = g_build_filename (dir, "deploy", "shelves.sql", NULL);

    sluice_test_write_file (path, "BEGIN;\nCREATE TABLE shelves (id int);\nCOMMIT;\n");
    g_free (path);
    path = g_build_filename (dir, "revert", "shelves.sql", NULL);
    sluice_test_write_file (path, "BEGIN;\nDROP TABLE shelves;\nCOMMIT;\n");
    g_free (path);
    path = g_build_filename (dir, "deploy", "broken.sql", NULL);
    sluice_test_write_file (path, "BEGIN;\nCREATE TABLE books (id int);\nALTER TABLE no_such_table ADD COLUMN x int;\nCOMMIT;\n");
    g_free (path);
    path = g_build_filename (dir, "revert", "broken.sql", NULL);
    sluice_test_write_file (path, "BEGIN;\nDROP TABLE books;\nCOMMIT;\n");
  }

  /* sqitch: the first change, then a deploy that fails on the second. */
  run_sqitch (sqitch, dir, tool_conninfo, &run, (const char * const []) { "deploy", "--to", "shelves", NULL });
  g_assert_cmpint (run.status, ==, 0);
  sluice_tool_run_clear (&run);
  run_sqitch (sqitch, dir, tool_conninfo, &run, (const char * const []) { "deploy", NULL });
  g_test_message ("sqitch deploy (failing):\n%s\n%s", run.out, run.err);
  g_assert_cmpint (run.status, !=, 0);
  sluice_tool_run_clear (&run);

  /* Sluice: the same, through the writer. */
  folder = apply_folder (conninfo, dir, SLUICE_MIGRATION_FORMAT_SQITCH, 1);
  broken = nth_migration (folder, 1);
  g_assert_cmpstr (sluice_migration_get_history_key (broken), ==, "broken");
  fail_one (conninfo, SLUICE_MIGRATION_FORMAT_SQITCH, sluice_migration_folder_get_project (folder), broken);

  /* The same registry: shelves deployed with its tag, broken not, and the
   * events deploy then fail, row for row. */
  assert_same_registry (conninfo, tool_conninfo);
  assert_same_rows (conninfo, tool_conninfo, SQITCH_TAGS);
  /* None: broken's went with its transaction, shelves requires nothing. */
  assert_same_rows_or_none (conninfo, tool_conninfo, SQITCH_DEPENDENCIES);
  events = rows_text (conninfo, "SELECT event, change FROM sqitch.events ORDER BY committed_at");
  g_assert_cmpstr (events, ==, "deploy | shelves\nfail | broken\n");
  assert_sluice_status (conninfo, dir, SLUICE_MIGRATION_FORMAT_SQITCH,
                        (const char * const []) { "shelves", "broken", NULL },
                        (const char * const []) { "applied", "failed" });

  /* sqitch reads Sluice's registry as its own: broken still to deploy. */
  status = sqitch_status (sqitch, dir, conninfo);
  g_assert_nonnull (strstr (status, "Undeployed change"));
  g_assert_nonnull (strstr (status, "broken"));

  /* A failed revert logs nothing (Engine::revert_change). */
  revert_failure = sluice_history_writer_failure_statements (SLUICE_MIGRATION_FORMAT_SQITCH, NULL, broken,
                                                             SLUICE_RUN_DOWN, 1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (revert_failure->len, ==, 0);

  sluice_test_remove_tree (dir);
}

/* golang-migrate ---------------------------------------------------------- */

static void
assert_golang_row (const char *conninfo,
                   const char *expected)
{
  g_autofree char *rows = rows_text (conninfo, "SELECT version, dirty FROM schema_migrations");

  g_assert_cmpstr (rows, ==, expected);
}

static void
test_golang_migrate (void)
{
  g_autofree char *conninfo = sluice_test_pg_new_database ();
  g_autofree char *dir = sluice_test_make_folder ("history-writer", (const char * const []) {
                "000001_create_a.up.sql", "CREATE TABLE a (id int);",
                "000001_create_a.down.sql", "DROP TABLE a;",
                "000002_create_b.up.sql", "CREATE TABLE b (id int);",
                "000002_create_b.down.sql", "DROP TABLE b;",
                "000010_create_c.up.sql", "CREATE TABLE c (id int);",
                "000010_create_c.down.sql", "DROP TABLE c;",
                NULL });
  g_autoptr(SluiceMigrationFolder) folder = NULL;
  g_autoptr(SluiceMigration) third = NULL;
  g_autoptr(SluiceMigration) first = NULL;
  g_autoptr(GPtrArray) begin = NULL;
  g_autoptr(GError) error = NULL;

  folder = apply_folder (conninfo, dir, SLUICE_MIGRATION_FORMAT_GOLANG_MIGRATE, -1);
  /* One row: the current version, clean, as `migrate version` reads it. */
  assert_golang_row (conninfo, "10 | f\n");
  g_assert_cmpstr (rows_text (conninfo, COLUMNS_SQL ("public", "schema_migrations")), ==,
                   "version | bigint |  | NO | \ndirty | boolean |  | NO | \n");
  assert_sluice_status (conninfo, dir, SLUICE_MIGRATION_FORMAT_GOLANG_MIGRATE,
                        (const char * const []) { "1", "2", "10", NULL },
                        (const char * const []) { "applied", "applied", "applied" });

  /* Going down from 10 marks 2 dirty first (golang-migrate's target), and
   * leaves 2 clean: 10 pending. */
  third = nth_migration (folder, 2);
  begin = sluice_history_writer_begin_statements (SLUICE_MIGRATION_FORMAT_GOLANG_MIGRATE, third,
                                                  SLUICE_RUN_DOWN, &error);
  g_assert_no_error (error);
  sluice_test_pg_exec_all (conninfo, begin);
  assert_golang_row (conninfo, "2 | t\n");
  assert_sluice_status (conninfo, dir, SLUICE_MIGRATION_FORMAT_GOLANG_MIGRATE,
                        (const char * const []) { "2", NULL },
                        (const char * const []) { "failed" });
  apply_one (conninfo, SLUICE_MIGRATION_FORMAT_GOLANG_MIGRATE, NULL, third, SLUICE_RUN_DOWN);
  assert_golang_row (conninfo, "2 | f\n");
  assert_sluice_status (conninfo, dir, SLUICE_MIGRATION_FORMAT_GOLANG_MIGRATE,
                        (const char * const []) { "1", "2", "10", NULL },
                        (const char * const []) { "applied", "applied", "pending" });

  /* The first going down leaves no row, as migrate's NilVersion. */
  {
    g_autoptr(SluiceMigration) second = nth_migration (folder, 1);

    apply_one (conninfo, SLUICE_MIGRATION_FORMAT_GOLANG_MIGRATE, NULL, second, SLUICE_RUN_DOWN);
  }
  first = nth_migration (folder, 0);
  apply_one (conninfo, SLUICE_MIGRATION_FORMAT_GOLANG_MIGRATE, NULL, first, SLUICE_RUN_DOWN);
  assert_golang_row (conninfo, "");

  /* Up again after a failure part-way: begin marks it dirty. */
  g_clear_pointer (&begin, g_ptr_array_unref);
  begin = sluice_history_writer_begin_statements (SLUICE_MIGRATION_FORMAT_GOLANG_MIGRATE, first,
                                                  SLUICE_RUN_UP, &error);
  g_assert_no_error (error);
  sluice_test_pg_exec_all (conninfo, begin);
  assert_golang_row (conninfo, "1 | t\n");

  sluice_test_remove_tree (dir);
}

/* Flyway ------------------------------------------------------------------ */

static void
test_flyway (void)
{
  g_autofree char *conninfo = sluice_test_pg_new_database ();
  g_autofree char *dir = sluice_test_make_folder ("history-writer", (const char * const []) {
                "V1__create_a.sql", "CREATE TABLE a (id int);\n",
                "V1_1__add_b.sql", "ALTER TABLE a ADD COLUMN b int;\n",
                "U1_1__add_b.sql", "ALTER TABLE a DROP COLUMN b;\n",
                NULL });
  g_autoptr(SluiceMigrationFolder) folder = NULL;
  g_autoptr(SluiceMigration) first = NULL;
  g_autoptr(SluiceMigration) second = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *rows = NULL;

  folder = apply_folder (conninfo, dir, SLUICE_MIGRATION_FORMAT_FLYWAY, -1);
  first = nth_migration (folder, 0);
  second = nth_migration (folder, 1);

  /* Ranks from 1, Flyway's checksums, its file names and types. */
  expected = g_strdup_printf ("1 | 1 | create a | SQL | V1__create_a.sql | %s | 42 | t\n"
                              "2 | 1.1 | add b | SQL | V1_1__add_b.sql | %s | 42 | t\n",
                              sluice_migration_get_checksum (first),
                              sluice_migration_get_checksum (second));
  rows = rows_text (conninfo, "SELECT installed_rank, version, description, type, script, checksum,"
                              "       execution_time, success FROM flyway_schema_history ORDER BY installed_rank");
  g_assert_cmpstr (rows, ==, expected);
  g_clear_pointer (&rows, g_free);
  rows = rows_text (conninfo, "SELECT count(*) FROM flyway_schema_history WHERE installed_by = current_user"
                              " AND installed_on > now() - interval '1 hour'");
  g_assert_cmpstr (rows, ==, "2\n");
  assert_sluice_status (conninfo, dir, SLUICE_MIGRATION_FORMAT_FLYWAY,
                        (const char * const []) { "1", "1.1", NULL },
                        (const char * const []) { "applied", "applied" });

  /* The U script reverts 1.1: an UNDO_SQL row, and 1.1 is pending again. */
  apply_one (conninfo, SLUICE_MIGRATION_FORMAT_FLYWAY, NULL, second, SLUICE_RUN_DOWN);
  g_clear_pointer (&rows, g_free);
  rows = rows_text (conninfo, "SELECT installed_rank, version, type, script FROM flyway_schema_history"
                              " WHERE installed_rank = 3");
  g_assert_cmpstr (rows, ==, "3 | 1.1 | UNDO_SQL | U1_1__add_b.sql\n");
  assert_sluice_status (conninfo, dir, SLUICE_MIGRATION_FORMAT_FLYWAY,
                        (const char * const []) { "1", "1.1", NULL },
                        (const char * const []) { "applied", "pending" });

  sluice_test_remove_tree (dir);
}

/* A repeatable has no version, is known by its description, and is never
 * undone. */
static void
test_flyway_repeatable (void)
{
  g_autofree char *conninfo = sluice_test_pg_new_database ();
  g_autofree char *dir = sluice_test_make_folder ("history-writer", (const char * const []) {
                "V1__create_a.sql", "CREATE TABLE a (id int);\n",
                "R__a_view.sql", "CREATE OR REPLACE VIEW a_view AS SELECT id FROM a;\n",
                NULL });
  g_autoptr(SluiceMigrationFolder) folder = NULL;
  g_autoptr(SluiceMigration) repeatable = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) record = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *rows = NULL;

  folder = apply_folder (conninfo, dir, SLUICE_MIGRATION_FORMAT_FLYWAY, -1);
  repeatable = nth_migration (folder, 1);
  g_assert_cmpint (sluice_migration_get_kind (repeatable), ==, SLUICE_MIGRATION_REPEATABLE);
  expected = g_strdup_printf ("2 |  | a view | SQL | R__a_view.sql | %s | t\n",
                              sluice_migration_get_checksum (repeatable));
  rows = rows_text (conninfo, "SELECT installed_rank, version, description, type, script, checksum, success"
                              "  FROM flyway_schema_history WHERE version IS NULL");
  g_assert_cmpstr (rows, ==, expected);

  record = sluice_history_writer_record_statements (SLUICE_MIGRATION_FORMAT_FLYWAY, NULL, repeatable,
                                                    SLUICE_RUN_DOWN, 0, &error);
  g_assert_error (error, SLUICE_ERROR, SLUICE_ERROR_INVALID_INPUT);
  g_assert_null (record);

  sluice_test_remove_tree (dir);
}

/* Flyway keeps a success = false row for a failed migration only when it
 * ran outside a transaction (its statements stayed); a transactional one
 * is rolled back and leaves no row (DbMigrate). */
static void
test_flyway_failure (void)
{
  g_autofree char *conninfo = sluice_test_pg_new_database ();
  g_autofree char *dir = sluice_test_make_folder ("history-writer", (const char * const []) {
                "V1__create_a.sql", "CREATE TABLE a (id int);\n",
                "V2__broken.sql", "CREATE TABLE b (id int);\nALTER TABLE no_such_table ADD COLUMN x int;\n",
                "V3__index_a.sql", "CREATE INDEX CONCURRENTLY a_id_idx ON no_such_table (id);\n",
                "V3__index_a.sql.conf", "executeInTransaction=false\n",
                NULL });
  g_autoptr(SluiceMigrationFolder) folder = NULL;
  g_autoptr(SluiceMigration) broken = NULL;
  g_autoptr(SluiceMigration) concurrent = NULL;
  g_autoptr(GPtrArray) failure = NULL;
  g_autoptr(GPtrArray) down_failure = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *rows = NULL;

  folder = apply_folder (conninfo, dir, SLUICE_MIGRATION_FORMAT_FLYWAY, 1);
  broken = nth_migration (folder, 1);
  concurrent = nth_migration (folder, 2);
  g_assert_true (sluice_migration_get_transactional (broken));
  g_assert_false (sluice_migration_get_transactional (concurrent));

  /* Transactional: nothing to write. */
  failure = sluice_history_writer_failure_statements (SLUICE_MIGRATION_FORMAT_FLYWAY, NULL, broken,
                                                      SLUICE_RUN_UP, 42, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (failure->len, ==, 0);
  fail_one (conninfo, SLUICE_MIGRATION_FORMAT_FLYWAY, NULL, broken);

  /* Outside a transaction: the failed row, next rank, Flyway's checksum. */
  fail_one (conninfo, SLUICE_MIGRATION_FORMAT_FLYWAY, NULL, concurrent);
  expected = g_strdup_printf ("2 | 3 | index a | SQL | V3__index_a.sql | %s | 42 | f\n",
                              sluice_migration_get_checksum (concurrent));
  rows = rows_text (conninfo, "SELECT installed_rank, version, description, type, script, checksum,"
                              "       execution_time, success FROM flyway_schema_history"
                              " WHERE installed_rank > 1 ORDER BY installed_rank");
  g_assert_cmpstr (rows, ==, expected);
  assert_sluice_status (conninfo, dir, SLUICE_MIGRATION_FORMAT_FLYWAY,
                        (const char * const []) { "1", "2", "3", NULL },
                        (const char * const []) { "applied", "pending", "failed" });

  /* A failed undo: nothing (what Flyway Teams writes is not known). */
  down_failure = sluice_history_writer_failure_statements (SLUICE_MIGRATION_FORMAT_FLYWAY, NULL, concurrent,
                                                           SLUICE_RUN_DOWN, 42, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (down_failure->len, ==, 0);

  sluice_test_remove_tree (dir);
}

/* Sluice's own and plain folders: nothing of a tool's ---------------------- */

static void
test_own_formats (void)
{
  g_autoptr(SluiceMigration) migration = sluice_migration_new (SLUICE_MIGRATION_FORMAT_SLUICE, "0001", "init");
  const SluiceMigrationFormat formats[] = { SLUICE_MIGRATION_FORMAT_SLUICE, SLUICE_MIGRATION_FORMAT_PLAIN };

  sluice_migration_set_history_key (migration, "0001");
  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    for (SluiceRunDirection direction = SLUICE_RUN_UP; direction <= SLUICE_RUN_DOWN; direction++)
      {
        g_autoptr(GError) error = NULL;
        g_autoptr(GPtrArray) setup = sluice_history_writer_setup_statements (formats[i], NULL, &error);
        g_autoptr(GPtrArray) begin = sluice_history_writer_begin_statements (formats[i], migration, direction, &error);
        g_autoptr(GPtrArray) record = sluice_history_writer_record_statements (formats[i], NULL, migration,
                                                                               direction, 1, &error);
        g_autoptr(GPtrArray) failure = sluice_history_writer_failure_statements (formats[i], NULL, migration,
                                                                                 direction, 1, &error);

        g_assert_no_error (error);
        g_assert_cmpuint (setup->len, ==, 0);
        g_assert_cmpuint (begin->len, ==, 0);
        g_assert_cmpuint (record->len, ==, 0);
        g_assert_cmpuint (failure->len, ==, 0);
      }
}

/* Drizzle and dbmate roll back and write nothing when a migration fails;
 * golang-migrate's dirty row was written by the begin statements. */
static void
test_failure_writes_nothing (void)
{
  g_autoptr(SluiceMigration) migration = sluice_migration_new (SLUICE_MIGRATION_FORMAT_PLAIN, "2", "two");
  const SluiceMigrationFormat formats[] = {
    SLUICE_MIGRATION_FORMAT_DRIZZLE, SLUICE_MIGRATION_FORMAT_DBMATE, SLUICE_MIGRATION_FORMAT_GOLANG_MIGRATE
  };

  sluice_migration_set_history_key (migration, "2");
  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    for (int transactional = 0; transactional <= 1; transactional++)
      for (SluiceRunDirection direction = SLUICE_RUN_UP; direction <= SLUICE_RUN_DOWN; direction++)
        {
          g_autoptr(GError) error = NULL;
          g_autoptr(GPtrArray) failure = NULL;

          sluice_migration_set_transactional (migration, transactional);
          failure = sluice_history_writer_failure_statements (formats[i], NULL, migration, direction, 1, &error);
          g_assert_no_error (error);
          g_assert_cmpuint (failure->len, ==, 0);
        }
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/history-writer/own-formats", test_own_formats);
  g_test_add_func ("/history-writer/golang-migrate", test_golang_migrate);
  g_test_add_func ("/history-writer/flyway", test_flyway);
  g_test_add_func ("/history-writer/flyway-repeatable", test_flyway_repeatable);
  g_test_add_func ("/history-writer/dbmate", test_dbmate);
  g_test_add_func ("/history-writer/drizzle", test_drizzle);
  g_test_add_func ("/history-writer/sqitch", test_sqitch);
  g_test_add_func ("/history-writer/sqitch-rework", test_sqitch_rework);
  g_test_add_func ("/history-writer/sqitch-failure", test_sqitch_failure);
  g_test_add_func ("/history-writer/flyway-failure", test_flyway_failure);
  g_test_add_func ("/history-writer/failure-writes-nothing", test_failure_writes_nothing);

  return g_test_run ();
}
