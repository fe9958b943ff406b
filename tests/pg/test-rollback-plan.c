/* test-rollback-plan.c: planning the way back to a version
 *
 * - Down scripts of each format (Sluice's down section, plain rollback_
 *   files, dbmate's down section, golang-migrate .down.sql, Flyway U
 *   scripts, Sqitch revert scripts): the plan lists the migrations above
 *   the target, newest first, each with its own down SQL; running them
 *   (with the tool's history rows) brings the status back to the target.
 * - A Drizzle folder, which has no downs: the DDL is generated from the
 *   live catalog back to pre-snapshots saved as the runner saves them
 *   (sluice_catalog_folder_for_profile(), "YYYYMMDD-HHMMSS-before-V.json"),
 *   with data-loss warnings; once run, the schema is the pre-snapshot's.
 * - A migration with neither a down nor a pre-snapshot fails the plan,
 *   naming it; a target that is not applied fails too.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>
#include <string.h>

#include "sluice-applier.h"
#include "sluice-catalog.h"
#include "sluice-diff.h"
#include "sluice-error.h"
#include "sluice-executor.h"
#include "sluice-history-writer.h"
#include "sluice-migration-folder.h"
#include "sluice-rollback-plan.h"
#include "sluice-test-interop.h"
#include "sluice-test-pg.h"

static char *data_home;

/* As the executor: the SQL of @direction and the tool's rows, in one
 * transaction (Sluice's own formats: through the applier going up). */
static void
run_migration (const char            *conninfo,
               SluiceMigrationFormat  format,
               const char            *project,
               SluiceMigration       *migration,
               SluiceRunDirection     direction)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) setup = sluice_history_writer_setup_statements (format, project, &error);
  g_autoptr(GPtrArray) begin = sluice_history_writer_begin_statements (format, migration, direction, &error);
  g_autoptr(GPtrArray) record = sluice_history_writer_record_statements (format, project, migration,
                                                                         direction, 5, &error);
  const char *sql = direction == SLUICE_RUN_UP ? sluice_migration_get_up_sql (migration)
                                               : sluice_migration_get_down_sql (migration);
  GString *transaction = g_string_new ("BEGIN;\n");
  g_autofree char *text = NULL;

  g_assert_no_error (error);
  sluice_test_pg_exec_all (conninfo, setup);
  sluice_test_pg_exec_all (conninfo, begin);

  g_string_append_printf (transaction, "%s\n;\n", sql);
  for (guint i = 0; i < record->len; i++)
    g_string_append_printf (transaction, "%s;\n", (char *) g_ptr_array_index (record, i));
  /* Sluice's own history, which the executor keeps for those formats. */
  if (format == SLUICE_MIGRATION_FORMAT_SLUICE || format == SLUICE_MIGRATION_FORMAT_PLAIN)
    {
      g_assert_cmpint (direction, ==, SLUICE_RUN_DOWN);
      g_string_append_printf (transaction, "DELETE FROM sluice.migrations WHERE version = '%s';\n",
                              sluice_migration_get_history_key (migration));
    }
  g_string_append (transaction, "COMMIT;");
  text = g_string_free (transaction, FALSE);
  sluice_test_pg_exec (conninfo, text);
}

static void
apply_with_applier (const char *conninfo,
                    GPtrArray  *migrations)
{
  g_autoptr(SluiceConnection) connection = sluice_test_pg_connect (conninfo);
  SluiceTestAsyncWait wait = { 0 };
  g_auto(GStrv) applied = NULL;
  g_autoptr(GError) error = NULL;

  sluice_applier_apply_async (connection, migrations, NULL, sluice_test_store_result, &wait);
  sluice_test_wait_for (&wait.done, 20000);
  g_assert_true (sluice_applier_apply_finish (wait.result, &applied, &error));
  g_assert_no_error (error);
  g_clear_object (&wait.result);
}

static void
apply_all (const char            *conninfo,
           SluiceMigrationFolder *folder,
           guint                  count)
{
  SluiceMigrationFormat format = sluice_migration_folder_get_format (folder);
  g_autoptr(GPtrArray) migrations = sluice_test_folder_migrations (folder);

  g_ptr_array_set_size (migrations, MIN (count, migrations->len));
  if (format == SLUICE_MIGRATION_FORMAT_SLUICE || format == SLUICE_MIGRATION_FORMAT_PLAIN)
    {
      apply_with_applier (conninfo, migrations);
      return;
    }

  for (guint i = 0; i < migrations->len; i++)
    run_migration (conninfo, format, sluice_migration_folder_get_project (folder),
                   g_ptr_array_index (migrations, i), SLUICE_RUN_UP);
}

static SluiceRollbackPlan *
make_plan (const char  *conninfo,
           const char  *dir,
           const char  *profile_id,
           const char  *target,
           GError     **error)
{
  g_autoptr(SluiceConnection) connection = sluice_test_pg_connect (conninfo);
  SluiceInteropStatus status = { 0 };
  SluiceTestAsyncWait wait = { 0 };
  SluiceRollbackPlan *plan;

  sluice_test_interop_status_core (&status, conninfo, dir, SLUICE_MIGRATION_FORMAT_AUTO);
  sluice_rollback_plan_new_async (connection, status.report, profile_id, target, NULL,
                                  sluice_test_store_result, &wait);
  sluice_test_wait_for (&wait.done, 20000);
  plan = sluice_rollback_plan_new_finish (wait.result, error);
  g_clear_object (&wait.result);
  sluice_interop_status_clear (&status);

  return plan;
}

static const char *
status_of (const char *conninfo,
           const char *dir,
           const char *key,
           char      **word_out)
{
  SluiceInteropStatus status = { 0 };

  sluice_test_interop_status_core (&status, conninfo, dir, SLUICE_MIGRATION_FORMAT_AUTO);
  *word_out = g_strdup (g_hash_table_lookup (status.by_key, key));
  sluice_interop_status_clear (&status);
  return *word_out;
}

static void
assert_status (const char *conninfo,
               const char *dir,
               const char *key,
               const char *expected)
{
  g_autofree char *word = NULL;

  g_assert_cmpstr (status_of (conninfo, dir, key, &word), ==, expected);
}

/* Down scripts --------------------------------------------------------------- */

typedef struct
{
  const char            *label;
  SluiceMigrationFormat  format;
  const char * const    *files;
  const char            *keys[3];  /* history keys, oldest first */
} DownCase;

static void
check_down_case (const DownCase *down_case)
{
  g_autofree char *conninfo = sluice_test_pg_new_database ();
  g_autofree char *dir = sluice_test_make_folder ("rollback-plan", down_case->files);
  g_autoptr(GError) error = NULL;
  g_autoptr(SluiceMigrationFolder) folder = sluice_migration_folder_load (dir, down_case->format, &error);
  g_autoptr(SluiceRollbackPlan) plan = NULL;
  g_autoptr(GPtrArray) originals = NULL;
  GPtrArray *steps;

  g_test_message ("%s", down_case->label);
  g_assert_no_error (error);
  g_assert_cmpint (sluice_migration_folder_get_format (folder), ==, down_case->format);
  originals = sluice_test_folder_migrations (folder);
  g_assert_cmpuint (originals->len, ==, 3);
  apply_all (conninfo, folder, 3);
  assert_status (conninfo, dir, down_case->keys[2], "applied");

  /* Back to the first: the third, then the second, each its own down. */
  plan = make_plan (conninfo, dir, "rollback-test", sluice_migration_get_version (g_ptr_array_index (originals, 0)),
                    &error);
  g_assert_no_error (error);
  steps = sluice_rollback_plan_get_steps (plan);
  g_assert_cmpuint (steps->len, ==, 2);
  for (guint i = 0; i < 2; i++)
    {
      SluiceMigration *step = g_ptr_array_index (steps, i);
      SluiceMigration *original = g_ptr_array_index (originals, 2 - i);

      g_assert_cmpstr (sluice_migration_get_history_key (step), ==, down_case->keys[2 - i]);
      g_assert_cmpint (sluice_rollback_plan_get_source (plan, i), ==, SLUICE_ROLLBACK_FROM_DOWN_SCRIPT);
      g_assert_cmpstr (sluice_migration_get_down_sql (step), ==, sluice_migration_get_down_sql (original));
    }

  /* The newest drops a table: its data is lost, and the plan says so. */
  g_assert_nonnull (sluice_rollback_plan_get_warnings (plan, 0));
  g_assert_cmpuint (g_strv_length ((char **) sluice_rollback_plan_get_warnings (plan, 0)), >=, 1);
  g_assert_cmpuint (g_strv_length ((char **) sluice_rollback_plan_get_warnings (plan, 1)), ==, 0);
  g_assert_true (sluice_rollback_plan_loses_data (plan));

  for (guint i = 0; i < steps->len; i++)
    run_migration (conninfo, down_case->format, sluice_migration_folder_get_project (folder),
                   g_ptr_array_index (steps, i), SLUICE_RUN_DOWN);

  assert_status (conninfo, dir, down_case->keys[0], "applied");
  assert_status (conninfo, dir, down_case->keys[1], "pending");
  assert_status (conninfo, dir, down_case->keys[2], "pending");
  {
    g_autoptr(GPtrArray) rows = sluice_test_pg_rows (conninfo, "SELECT to_regclass('c') IS NULL, to_regclass('a') IS NOT NULL");

    g_assert_cmpstr (((char **) g_ptr_array_index (rows, 0))[0], ==, "t");
    g_assert_cmpstr (((char **) g_ptr_array_index (rows, 0))[1], ==, "t");
  }

  /* Nothing above the current version, and a version never applied. */
  g_clear_object (&plan);
  plan = make_plan (conninfo, dir, "rollback-test", sluice_migration_get_version (g_ptr_array_index (originals, 0)),
                    &error);
  g_assert_error (error, SLUICE_ERROR, SLUICE_ERROR_INVALID_INPUT);
  g_assert_null (plan);
  g_clear_error (&error);
  plan = make_plan (conninfo, dir, "rollback-test", sluice_migration_get_version (g_ptr_array_index (originals, 2)),
                    &error);
  g_assert_error (error, SLUICE_ERROR, SLUICE_ERROR_INVALID_INPUT);
  g_assert_null (plan);

  sluice_test_remove_tree (dir);
}

static void
test_down_scripts (void)
{
  const DownCase cases[] = {
    { "sluice", SLUICE_MIGRATION_FORMAT_SLUICE, (const char * const []) {
        "0001_a.sql", "-- sluice:up\nCREATE TABLE a (id int);\n-- sluice:down\nDROP TABLE a;\n",
        "0002_b.sql", "-- sluice:up\nCREATE INDEX a_id_idx ON a (id);\n-- sluice:down\nDROP INDEX a_id_idx;\n",
        "0003_c.sql", "-- sluice:up\nCREATE TABLE c (id int);\n-- sluice:down\nDROP TABLE c;\n",
        NULL }, { "0001", "0002", "0003" } },
    { "plain", SLUICE_MIGRATION_FORMAT_PLAIN, (const char * const []) {
        "0001_a.sql", "CREATE TABLE a (id int);\n",
        "rollback_0001_a.sql", "DROP TABLE a;\n",
        "0002_b.sql", "CREATE INDEX a_id_idx ON a (id);\n",
        "rollback_0002_b.sql", "DROP INDEX a_id_idx;\n",
        "0003_c.sql", "CREATE TABLE c (id int);\n",
        "rollback_0003_c.sql", "DROP TABLE c;\n",
        NULL }, { "0001", "0002", "0003" } },
    { "dbmate", SLUICE_MIGRATION_FORMAT_DBMATE, (const char * const []) {
        "20260101000001_a.sql", "-- migrate:up\nCREATE TABLE a (id int);\n-- migrate:down\nDROP TABLE a;\n",
        "20260101000002_b.sql", "-- migrate:up\nCREATE INDEX a_id_idx ON a (id);\n-- migrate:down\nDROP INDEX a_id_idx;\n",
        "20260101000003_c.sql", "-- migrate:up\nCREATE TABLE c (id int);\n-- migrate:down\nDROP TABLE c;\n",
        NULL }, { "20260101000001", "20260101000002", "20260101000003" } },
    { "golang-migrate", SLUICE_MIGRATION_FORMAT_GOLANG_MIGRATE, (const char * const []) {
        "1_a.up.sql", "CREATE TABLE a (id int);\n", "1_a.down.sql", "DROP TABLE a;\n",
        "2_b.up.sql", "CREATE INDEX a_id_idx ON a (id);\n", "2_b.down.sql", "DROP INDEX a_id_idx;\n",
        "3_c.up.sql", "CREATE TABLE c (id int);\n", "3_c.down.sql", "DROP TABLE c;\n",
        NULL }, { "1", "2", "3" } },
    { "flyway", SLUICE_MIGRATION_FORMAT_FLYWAY, (const char * const []) {
        "V1__a.sql", "CREATE TABLE a (id int);\n", "U1__a.sql", "DROP TABLE a;\n",
        "V2__b.sql", "CREATE INDEX a_id_idx ON a (id);\n", "U2__b.sql", "DROP INDEX a_id_idx;\n",
        "V3__c.sql", "CREATE TABLE c (id int);\n", "U3__c.sql", "DROP TABLE c;\n",
        NULL }, { "1", "2", "3" } },
    { "sqitch", SLUICE_MIGRATION_FORMAT_SQITCH, (const char * const []) {
        "sqitch.plan", "%syntax-version=1.0.0\n%project=rb\n\n"
                       "a 2026-01-01T00:00:01Z T <t@x.invalid> # a\n"
                       "b [a] 2026-01-01T00:00:02Z T <t@x.invalid> # b\n"
                       "@v1 2026-01-01T00:00:03Z T <t@x.invalid> # tag\n"
                       "c 2026-01-01T00:00:04Z T <t@x.invalid> # c\n",
        "deploy/a.sql", "CREATE TABLE a (id int);\n", "revert/a.sql", "DROP TABLE a;\n",
        "deploy/b.sql", "CREATE INDEX a_id_idx ON a (id);\n", "revert/b.sql", "DROP INDEX a_id_idx;\n",
        "deploy/c.sql", "CREATE TABLE c (id int);\n", "revert/c.sql", "DROP TABLE c;\n",
        NULL }, { "a", "b", "c" } },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    check_down_case (&cases[i]);
}

/* Pre-snapshots ---------------------------------------------------------------- */

static SluiceCatalog *
capture (const char *conninfo)
{
  static const char * const excluded[] = { "sluice", NULL };
  g_autoptr(SluiceConnection) connection = sluice_test_pg_connect (conninfo);
  SluiceTestAsyncWait wait = { 0 };
  g_autoptr(GError) error = NULL;
  SluiceCatalog *catalog;

  sluice_catalog_capture_async (connection, excluded, NULL, sluice_test_store_result, &wait);
  sluice_test_wait_for (&wait.done, 20000);
  catalog = sluice_catalog_capture_finish (wait.result, &error);
  g_assert_no_error (error);
  g_clear_object (&wait.result);
  return catalog;
}

/* As the runner saves it before running @version. */
static void
save_pre_snapshot (const char *conninfo,
                   const char *profile_id,
                   const char *stamp,
                   const char *version)
{
  g_autoptr(SluiceCatalog) catalog = capture (conninfo);
  g_autoptr(GFile) folder = sluice_catalog_folder_for_profile (profile_id);
  g_autofree char *name = g_strdup_printf ("%s-before-%s.json", stamp, version);
  g_autoptr(GFile) file = g_file_get_child (folder, name);
  g_autoptr(GError) error = NULL;

  g_assert_true (sluice_catalog_save_file (catalog, file, &error));
  g_assert_no_error (error);
}

static void
test_pre_snapshot (void)
{
  g_autofree char *conninfo = sluice_test_pg_new_database ();
  g_autofree char *dir = sluice_test_interop_copy_fixture ("drizzle");
  g_autoptr(GError) error = NULL;
  g_autoptr(SluiceMigrationFolder) folder = sluice_migration_folder_load (dir, SLUICE_MIGRATION_FORMAT_DRIZZLE, &error);
  g_autoptr(GPtrArray) migrations = sluice_test_folder_migrations (folder);
  g_autoptr(SluiceRollbackPlan) plan = NULL;
  g_autoptr(SluiceCatalog) before_third = NULL;
  g_autoptr(SluiceCatalog) after = NULL;
  g_autoptr(SluiceDiff) diff = NULL;
  const char *profile_id = "pre-snapshot";
  GPtrArray *steps;
  const char *v[4];

  g_assert_no_error (error);
  g_assert_cmpuint (migrations->len, ==, 4);
  for (guint i = 0; i < 4; i++)
    v[i] = sluice_migration_get_version (g_ptr_array_index (migrations, i));

  apply_all (conninfo, folder, 2);
  /* An older snapshot of the same version: the newest one counts. */
  sluice_test_pg_exec (conninfo, "CREATE TABLE stale_marker (id int)");
  save_pre_snapshot (conninfo, profile_id, "20260101-000000", v[2]);
  sluice_test_pg_exec (conninfo, "DROP TABLE stale_marker");
  save_pre_snapshot (conninfo, profile_id, "20261121-100000", v[2]);
  before_third = capture (conninfo);
  run_migration (conninfo, SLUICE_MIGRATION_FORMAT_DRIZZLE, NULL, g_ptr_array_index (migrations, 2), SLUICE_RUN_UP);
  save_pre_snapshot (conninfo, profile_id, "20261121-100100", v[3]);
  run_migration (conninfo, SLUICE_MIGRATION_FORMAT_DRIZZLE, NULL, g_ptr_array_index (migrations, 3), SLUICE_RUN_UP);
  sluice_test_pg_exec (conninfo, "INSERT INTO authors (name, born) VALUES ('Ann', 1950)");

  plan = make_plan (conninfo, dir, profile_id, v[1], &error);
  g_assert_no_error (error);
  steps = sluice_rollback_plan_get_steps (plan);
  g_assert_cmpuint (steps->len, ==, 2);
  g_assert_cmpstr (sluice_rollback_plan_get_target_version (plan), ==, v[1]);
  for (guint i = 0; i < 2; i++)
    {
      SluiceMigration *step = g_ptr_array_index (steps, i);
      const char * const *warnings = sluice_rollback_plan_get_warnings (plan, i);

      g_test_message ("step %u (%s):\n%s", i, sluice_migration_get_version (step),
                      sluice_migration_get_down_sql (step));
      g_assert_cmpstr (sluice_migration_get_version (step), ==, v[3 - i]);
      g_assert_cmpint (sluice_rollback_plan_get_source (plan, i), ==, SLUICE_ROLLBACK_FROM_PRE_SNAPSHOT);
      /* Both drop a column added by the migration, and say so. */
      g_assert_nonnull (strstr (sluice_migration_get_down_sql (step), "DROP COLUMN"));
      g_assert_null (strstr (sluice_migration_get_down_sql (step), "drizzle"));
      g_assert_null (strstr (sluice_migration_get_down_sql (step), "stale_marker"));
      g_assert_cmpuint (g_strv_length ((char **) warnings), >=, 1);
    }
  g_assert_true (sluice_rollback_plan_loses_data (plan));

  for (guint i = 0; i < steps->len; i++)
    run_migration (conninfo, SLUICE_MIGRATION_FORMAT_DRIZZLE, NULL, g_ptr_array_index (steps, i), SLUICE_RUN_DOWN);

  /* Back to the schema before the third, history and all. */
  after = capture (conninfo);
  diff = sluice_diff_new (before_third, after, SLUICE_DIFF_MATCH_OIDS);
  if (!sluice_diff_is_empty (diff))
    {
      g_autofree char *sql = sluice_diff_to_sql (diff, FALSE);

      g_error ("after the rollback the schema still differs:\n%s", sql);
    }
  assert_status (conninfo, dir, sluice_migration_get_history_key (g_ptr_array_index (migrations, 1)), "applied");
  assert_status (conninfo, dir, sluice_migration_get_history_key (g_ptr_array_index (migrations, 2)), "pending");
  assert_status (conninfo, dir, sluice_migration_get_history_key (g_ptr_array_index (migrations, 3)), "pending");

  sluice_test_remove_tree (dir);
}

/* One run, one snapshot ------------------------------------------------------- */

/* The runner snapshots a run once, before its first migration: the newest
 * migration of the run carries the DDL back to that snapshot, the others
 * only lose their history rows.  The plan runs through SluiceExecutor. */
static void
test_run_snapshot (void)
{
  g_autofree char *conninfo = sluice_test_pg_new_database ();
  g_autofree char *dir = sluice_test_interop_copy_fixture ("drizzle");
  g_autoptr(GError) error = NULL;
  g_autoptr(SluiceMigrationFolder) folder = sluice_migration_folder_load (dir, SLUICE_MIGRATION_FORMAT_DRIZZLE, &error);
  g_autoptr(GPtrArray) migrations = sluice_test_folder_migrations (folder);
  g_autoptr(SluiceRollbackPlan) plan = NULL;
  g_autoptr(SluiceCatalog) before_run = NULL;
  g_autoptr(SluiceCatalog) after = NULL;
  g_autoptr(SluiceDiff) diff = NULL;
  g_autoptr(SluiceConnection) connection = NULL;
  g_autoptr(SluiceExecutor) executor = NULL;
  g_auto(GStrv) done = NULL;
  SluiceExecuteOptions options;
  SluiceTestAsyncWait wait = { 0 };
  const char *profile_id = "one-run";
  GPtrArray *steps;
  const char *v[4];
  gboolean ok;

  g_assert_no_error (error);
  for (guint i = 0; i < 4; i++)
    v[i] = sluice_migration_get_version (g_ptr_array_index (migrations, i));

  apply_all (conninfo, folder, 2);
  save_pre_snapshot (conninfo, profile_id, "20261121-110000", v[2]);
  before_run = capture (conninfo);
  for (guint i = 2; i < 4; i++)
    run_migration (conninfo, SLUICE_MIGRATION_FORMAT_DRIZZLE, NULL, g_ptr_array_index (migrations, i), SLUICE_RUN_UP);

  plan = make_plan (conninfo, dir, profile_id, v[1], &error);
  g_assert_no_error (error);
  steps = sluice_rollback_plan_get_steps (plan);
  g_assert_cmpuint (steps->len, ==, 2);
  g_assert_cmpstr (sluice_migration_get_version (g_ptr_array_index (steps, 0)), ==, v[3]);
  g_assert_cmpstr (sluice_migration_get_version (g_ptr_array_index (steps, 1)), ==, v[2]);
  g_assert_cmpint (sluice_rollback_plan_get_source (plan, 0), ==, SLUICE_ROLLBACK_FROM_PRE_SNAPSHOT);
  g_assert_cmpint (sluice_rollback_plan_get_source (plan, 1), ==, SLUICE_ROLLBACK_FROM_PRE_SNAPSHOT);
  g_assert_nonnull (strstr (sluice_migration_get_down_sql (g_ptr_array_index (steps, 0)), "published_at"));
  g_assert_nonnull (strstr (sluice_migration_get_down_sql (g_ptr_array_index (steps, 0)), "born"));
  g_assert_null (strstr (sluice_migration_get_down_sql (g_ptr_array_index (steps, 1)), "ALTER"));
  g_assert_cmpuint (g_strv_length ((char **) sluice_rollback_plan_get_warnings (plan, 0)), ==, 2);

  connection = sluice_test_pg_connect (conninfo);
  sluice_execute_options_init (&options);
  options.direction = SLUICE_RUN_DOWN;
  options.history_format = SLUICE_MIGRATION_FORMAT_DRIZZLE;
  executor = sluice_executor_new (connection, &options);
  sluice_executor_run_async (executor, steps, NULL, sluice_test_store_result, &wait);
  sluice_test_wait_for (&wait.done, 30000);
  ok = sluice_executor_run_finish (executor, wait.result, &done, &error);
  g_assert_no_error (error);
  g_assert_true (ok);
  g_assert_cmpuint (g_strv_length (done), ==, 2);
  g_clear_object (&wait.result);

  after = capture (conninfo);
  diff = sluice_diff_new (before_run, after, SLUICE_DIFF_MATCH_OIDS);
  if (!sluice_diff_is_empty (diff))
    {
      g_autofree char *sql = sluice_diff_to_sql (diff, FALSE);

      g_error ("after the rollback the schema still differs:\n%s", sql);
    }
  assert_status (conninfo, dir, sluice_migration_get_history_key (g_ptr_array_index (migrations, 1)), "applied");
  assert_status (conninfo, dir, sluice_migration_get_history_key (g_ptr_array_index (migrations, 2)), "pending");
  assert_status (conninfo, dir, sluice_migration_get_history_key (g_ptr_array_index (migrations, 3)), "pending");

  sluice_test_remove_tree (dir);
}

/* Neither a down nor a pre-snapshot ------------------------------------------- */

static void
test_neither (void)
{
  g_autofree char *conninfo = sluice_test_pg_new_database ();
  g_autofree char *dir = sluice_test_make_folder ("rollback-plan", (const char * const []) {
                "1_a.up.sql", "CREATE TABLE a (id int);\n", "1_a.down.sql", "DROP TABLE a;\n",
                "2_b.up.sql", "CREATE TABLE b (id int);\n",
                "3_c.up.sql", "CREATE TABLE c (id int);\n", "3_c.down.sql", "DROP TABLE c;\n",
                NULL });
  g_autoptr(GError) error = NULL;
  g_autoptr(SluiceMigrationFolder) folder = sluice_migration_folder_load (dir, SLUICE_MIGRATION_FORMAT_GOLANG_MIGRATE, &error);
  g_autoptr(SluiceRollbackPlan) plan = NULL;
  g_autoptr(GPtrArray) rows = NULL;

  g_assert_no_error (error);
  apply_all (conninfo, folder, 3);

  plan = make_plan (conninfo, dir, "neither", "1", &error);
  g_assert_error (error, SLUICE_ERROR, SLUICE_ERROR_NOT_FOUND);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "Migration 2 "));
  g_assert_null (plan);

  /* Nothing was run: every table is still there, 3 still current. */
  rows = sluice_test_pg_rows (conninfo, "SELECT to_regclass('b') IS NOT NULL, to_regclass('c') IS NOT NULL,"
                                        "       (SELECT version FROM schema_migrations)");
  g_assert_cmpstr (((char **) g_ptr_array_index (rows, 0))[0], ==, "t");
  g_assert_cmpstr (((char **) g_ptr_array_index (rows, 0))[1], ==, "t");
  g_assert_cmpstr (((char **) g_ptr_array_index (rows, 0))[2], ==, "3");

  /* Going back to 2 needs only 3's down: that works. */
  g_clear_error (&error);
  plan = make_plan (conninfo, dir, "neither", "2", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sluice_rollback_plan_get_steps (plan)->len, ==, 1);

  sluice_test_remove_tree (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  setlocale (LC_ALL, "");
  /* Snapshots go under a data folder of the test's own; set before GLib
   * caches the user's. */
  data_home = g_dir_make_tmp ("sluice-rollback-data-XXXXXX", &error);
  g_assert_no_error (error);
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/rollback-plan/down-scripts", test_down_scripts);
  g_test_add_func ("/rollback-plan/pre-snapshot", test_pre_snapshot);
  g_test_add_func ("/rollback-plan/run-snapshot", test_run_snapshot);
  g_test_add_func ("/rollback-plan/neither", test_neither);

  status = g_test_run ();
  sluice_test_remove_tree (data_home);
  g_free (data_home);
  return status;
}
