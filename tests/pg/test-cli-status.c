/* test-cli-status.c: sluice-cli status, history and new, run as a program
 *
 * A folder in Sluice's own format is written with `sluice-cli new`, two of
 * its three migrations are applied with SluiceApplier (Sluice's history),
 * and the CLI's JSON and tables are checked against the contract in the
 * README; then a migration is edited (drift), one deleted (missing), and
 * an unreadable file added (a problem, which does not change the exit
 * code).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>
#include <string.h>

#include <glib/gstdio.h>

#include "sluice.h"
#include "sluice-applier.h"
#include "sluice-test-interop.h"
#include "sluice-test-pg.h"

#define run_cli(run, ...) \
  sluice_test_run_program (run, NULL, NULL, (const char * const []) { sluice_test_cli_path (), __VA_ARGS__, NULL })

static const char *bodies[][2] = {
  { "CREATE TABLE widgets (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, name text NOT NULL);\n",
    "DROP TABLE widgets;\n" },
  { "ALTER TABLE widgets ADD COLUMN colour text;\n",
    "ALTER TABLE widgets DROP COLUMN colour;\n" },
  { "CREATE INDEX widgets_name_idx ON widgets (name);\n",
    "DROP INDEX widgets_name_idx;\n" },
};

static JsonObject *
parse_object (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)));
  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

static void
assert_one_error_line (SluiceToolRun *run)
{
  const char *newline = strchr (run->err, '\n');

  g_assert_true (g_str_has_prefix (run->err, "sluice-cli: "));
  g_assert_nonnull (newline);
  g_assert_cmpstr (newline + 1, ==, "");
  g_assert_cmpstr (run->out, ==, "");
}

static gboolean
is_iso8601_utc (const char *text)
{
  g_autoptr(GDateTime) parsed = NULL;

  if (text == NULL || !g_str_has_suffix (text, "Z"))
    return FALSE;
  parsed = g_date_time_new_from_iso8601 (text, NULL);
  return parsed != NULL;
}

/* `sluice-cli new` three times, then the SQL written into each. */
static char *
write_folder (GPtrArray *paths)
{
  g_autoptr(GError) error = NULL;
  static const char *names[] = { "create_widgets", "add_widgets_colour", "index_widgets_name" };
  char *dir = g_dir_make_tmp ("sluice-cli-status-XXXXXX", &error);

  g_assert_no_error (error);

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *expected_name = g_strdup_printf ("%04u_%s.sql", i + 1, names[i]);
      g_autofree char *expected_path = g_build_filename (dir, expected_name, NULL);
      g_autofree char *written = NULL;
      g_autofree char *text = NULL;
      SluiceToolRun run = { 0 };

      run_cli (&run, "new", names[i], "-d", dir);
      g_assert_cmpint (run.status, ==, 0);
      g_assert_cmpstr (run.err, ==, "");
      g_assert_true (g_str_has_suffix (run.out, "\n"));
      run.out[strlen (run.out) - 1] = '\0';
      g_assert_cmpstr (run.out, ==, expected_path);

      /* What new writes is a migration in Sluice's format. */
      written = sluice_test_read_file (expected_path);
      g_assert_nonnull (strstr (written, "-- sluice:up"));

      text = g_strdup_printf ("-- Test migration %u.\n-- sluice:up\n%s-- sluice:down\n%s",
                              i + 1, bodies[i][0], bodies[i][1]);
      sluice_test_write_file (expected_path, text);
      g_ptr_array_add (paths, g_steal_pointer (&expected_path));
      sluice_tool_run_clear (&run);
    }

  return dir;
}

/* The first @count migrations of @dir, applied by Sluice's applier. */
static void
apply_first (const char *conninfo,
             const char *dir,
             guint       count)
{
  g_autoptr(SluiceConnection) connection = NULL;
  g_autoptr(SluiceMigrationFolder) folder = NULL;
  g_autoptr(GPtrArray) migrations = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) applied = NULL;
  GListModel *model;
  SluiceTestAsyncWait wait = { 0 };

  folder = sluice_migration_folder_load (dir, SLUICE_MIGRATION_FORMAT_AUTO, &error);
  g_assert_no_error (error);
  model = sluice_migration_folder_get_migrations (folder);
  g_assert_cmpuint (g_list_model_get_n_items (model), >=, count);
  for (guint i = 0; i < count; i++)
    g_ptr_array_add (migrations, g_list_model_get_item (model, i));

  connection = sluice_test_pg_connect (conninfo);
  sluice_applier_apply_async (connection, migrations, NULL, sluice_test_store_result, &wait);
  sluice_test_wait_for (&wait.done, 60000);
  g_assert_true (sluice_applier_apply_finish (wait.result, &applied, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (applied), ==, count);
  g_clear_object (&wait.result);

  sluice_connection_close (connection);
}

static JsonObject *
status_json (const char *conninfo,
             const char *dir)
{
  SluiceToolRun run = { 0 };
  JsonObject *object;

  run_cli (&run, "status", "--json", "-c", conninfo, "-d", dir);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.err, ==, "");
  object = parse_object (run.out);
  sluice_tool_run_clear (&run);

  return object;
}

static JsonObject *
migration_at (JsonObject *status,
              guint       index)
{
  return json_array_get_object_element (json_object_get_array_member (status, "migrations"), index);
}

static void
test_status_sluice_folder (void)
{
  g_autofree char *conninfo = sluice_test_pg_new_database ();
  g_autoptr(GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(JsonObject) status = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *bad_path = NULL;
  g_autofree char *last_change = NULL;
  SluiceToolRun run = { 0 };
  JsonArray *problems;

  dir = write_folder (paths);
  apply_first (conninfo, dir, 2);

  status = status_json (conninfo, dir);
  g_assert_cmpstr (json_object_get_string_member (status, "current"), ==, "0002");
  g_assert_cmpstr (json_object_get_string_member (status, "format"), ==, "sluice");
  g_assert_cmpstr (json_object_get_string_member (status, "tool"), ==, "sluice");
  g_assert_cmpint (json_object_get_int_member (status, "pending"), ==, 1);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (status, "migrations")), ==, 3);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (status, "problems")), ==, 0);

  for (guint i = 0; i < 3; i++)
    {
      JsonObject *migration = migration_at (status, i);
      g_autofree char *version = g_strdup_printf ("%04u", i + 1);

      g_assert_cmpstr (json_object_get_string_member (migration, "version"), ==, version);
      g_assert_nonnull (json_object_get_string_member (migration, "name"));
      g_assert_nonnull (json_object_get_string_member (migration, "checksum_file"));
      if (i < 2)
        {
          g_assert_cmpstr (json_object_get_string_member (migration, "status"), ==, "applied");
          g_assert_true (is_iso8601_utc (json_object_get_string_member (migration, "applied_at")));
          g_assert_cmpstr (json_object_get_string_member (migration, "applied_by"), ==, sluice_test_pg_user ());
          g_assert_cmpstr (json_object_get_string_member (migration, "checksum_applied"), ==,
                           json_object_get_string_member (migration, "checksum_file"));
        }
      else
        {
          g_assert_cmpstr (json_object_get_string_member (migration, "status"), ==, "pending");
          g_assert_true (json_object_get_null_member (migration, "applied_at"));
          g_assert_true (json_object_get_null_member (migration, "applied_by"));
          g_assert_true (json_object_get_null_member (migration, "checksum_applied"));
        }
    }

  /* For people: a table and the summary line. */
  run_cli (&run, "status", "-c", conninfo, "-d", dir);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "0001"));
  g_assert_nonnull (strstr (run.out, "index_widgets_name"));
  g_assert_nonnull (strstr (run.out, "pending"));
  g_assert_nonnull (strstr (run.out, "current 0002, 1 pending, last change "));
  last_change = g_strdup_printf (" by %s\n", sluice_test_pg_user ());
  g_assert_nonnull (strstr (run.out, last_change));
  sluice_tool_run_clear (&run);

  /* Edited after it was applied, deleted, and a file that cannot be read
   * as text: drift, missing, and a problem that leaves the exit code 0. */
  {
    g_autofree char *text = sluice_test_read_file (g_ptr_array_index (paths, 0));
    g_autoptr(GRegex) up = g_regex_new ("-- sluice:up\n", 0, 0, NULL);
    g_autofree char *edited = g_regex_replace_literal (up, text, -1, 0,
                                                       "-- sluice:up\nCOMMENT ON SCHEMA public IS 'edited';\n",
                                                       0, NULL);

    g_assert_cmpstr (edited, !=, text);
    sluice_test_write_file (g_ptr_array_index (paths, 0), edited);
  }
  g_assert_cmpint (g_unlink (g_ptr_array_index (paths, 1)), ==, 0);
  bad_path = g_build_filename (dir, "0004_not_utf8.sql", NULL);
  sluice_test_write_file (bad_path, "-- sluice:up\nSELECT '\xff\xfe';\n");

  g_clear_pointer (&status, json_object_unref);
  status = status_json (conninfo, dir);
  g_assert_cmpstr (json_object_get_string_member (migration_at (status, 0), "status"), ==, "drift");
  g_assert_cmpstr (json_object_get_string_member (migration_at (status, 1), "status"), ==, "missing");
  g_assert_true (json_object_get_null_member (migration_at (status, 1), "checksum_file"));
  g_assert_cmpstr (json_object_get_string_member (migration_at (status, 2), "status"), ==, "pending");
  problems = json_object_get_array_member (status, "problems");
  g_assert_cmpuint (json_array_get_length (problems), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (problems, 0), "file"), ==, bad_path);
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (problems, 0), "line"), ==, 2);
  g_assert_nonnull (json_object_get_string_member (json_array_get_object_element (problems, 0), "message"));

  run_cli (&run, "status", "-c", conninfo, "-d", dir);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "0004_not_utf8.sql:2: "));
  /* What needs a person's eyes ends the summary, in whole phrases. */
  g_assert_nonnull (strstr (run.out, ", 1 pending, last change "));
  g_assert_nonnull (strstr (run.out, ", 1 drifted, 1 missing\n"));
  sluice_tool_run_clear (&run);

  /* Without a folder: the history alone. */
  g_clear_pointer (&status, json_object_unref);
  run_cli (&run, "status", "--json", "-c", conninfo);
  g_assert_cmpint (run.status, ==, 0);
  status = parse_object (run.out);
  g_assert_true (json_object_get_null_member (status, "format"));
  g_assert_cmpstr (json_object_get_string_member (status, "tool"), ==, "sluice");
  g_assert_cmpstr (json_object_get_string_member (status, "current"), ==, "0002");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (status, "migrations")), ==, 2);
  sluice_tool_run_clear (&run);

  sluice_test_remove_tree (dir);
}

static void
test_history (void)
{
  g_autofree char *conninfo = sluice_test_pg_new_database ();
  g_autoptr(GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(JsonObject) history = NULL;
  g_autofree char *dir = NULL;
  SluiceToolRun run = { 0 };
  JsonArray *entries;
  JsonArray *runs;

  /* Nothing applied yet: no table, no entries. */
  run_cli (&run, "history", "--json", "-c", conninfo);
  g_assert_cmpint (run.status, ==, 0);
  history = parse_object (run.out);
  g_assert_cmpstr (json_object_get_string_member (history, "tool"), ==, "none");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (history, "entries")), ==, 0);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (history, "runs")), ==, 0);
  sluice_tool_run_clear (&run);
  g_clear_pointer (&history, json_object_unref);

  dir = write_folder (paths);
  apply_first (conninfo, dir, 3);

  run_cli (&run, "history", "--json", "-c", conninfo);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.err, ==, "");
  history = parse_object (run.out);
  sluice_tool_run_clear (&run);

  g_assert_cmpstr (json_object_get_string_member (history, "tool"), ==, "sluice");
  entries = json_object_get_array_member (history, "entries");
  g_assert_cmpuint (json_array_get_length (entries), ==, 3);
  for (guint i = 0; i < 3; i++)
    {
      JsonObject *entry = json_array_get_object_element (entries, i);
      g_autofree char *version = g_strdup_printf ("%04u", i + 1);

      g_assert_cmpstr (json_object_get_string_member (entry, "version"), ==, version);
      g_assert_nonnull (json_object_get_string_member (entry, "name"));
      g_assert_true (is_iso8601_utc (json_object_get_string_member (entry, "applied_at")));
      g_assert_cmpstr (json_object_get_string_member (entry, "applied_by"), ==, sluice_test_pg_user ());
      g_assert_cmpint (json_node_get_value_type (json_object_get_member (entry, "execution_ms")), ==, G_TYPE_INT64);
      g_assert_cmpint (json_object_get_int_member (entry, "execution_ms"), >=, 0);
      g_assert_true (json_object_get_boolean_member (entry, "success"));
    }

  /* Every attempt is in Sluice's run log. */
  runs = json_object_get_array_member (history, "runs");
  g_assert_cmpuint (json_array_get_length (runs), ==, 3);
  for (guint i = 0; i < 3; i++)
    {
      JsonObject *record = json_array_get_object_element (runs, i);
      g_autofree char *version = g_strdup_printf ("%04u", i + 1);

      g_assert_cmpstr (json_object_get_string_member (record, "version"), ==, version);
      g_assert_cmpstr (json_object_get_string_member (record, "direction"), ==, "up");
      g_assert_true (is_iso8601_utc (json_object_get_string_member (record, "started_at")));
      g_assert_true (json_object_get_boolean_member (record, "success"));
    }

  run_cli (&run, "history", "-c", conninfo);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "0003"));
  g_assert_nonnull (strstr (run.out, "index_widgets_name"));
  g_assert_nonnull (strstr (run.out, " ms"));
  sluice_tool_run_clear (&run);

  sluice_test_remove_tree (dir);
}

/* -p reads the profile's migration folder. */
static void
test_status_profile (void)
{
  g_autofree char *conninfo = sluice_test_pg_new_database ();
  g_autoptr(GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(SluiceProfileStore) store = NULL;
  g_autoptr(SluiceProfile) profile = NULL;
  g_autoptr(JsonObject) status = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *config_dir = NULL;
  g_autofree char *config_env = NULL;
  g_autofree char *store_path = NULL;
  SluiceToolRun run = { 0 };

  dir = write_folder (paths);
  apply_first (conninfo, dir, 1);

  config_dir = g_dir_make_tmp ("sluice-cli-config-XXXXXX", &error);
  g_assert_no_error (error);
  config_env = g_strconcat ("SLUICE_CONFIG_DIR=", config_dir, NULL);
  store_path = g_build_filename (config_dir, "profiles.json", NULL);
  store = sluice_profile_store_new (store_path);
  profile = sluice_profile_new ("staging", SLUICE_ENVIRONMENT_STAGING, conninfo);
  sluice_profile_set_migration_folder (profile, dir);
  g_assert_true (sluice_profile_store_add (store, profile, &error));
  g_assert_no_error (error);
  g_assert_true (sluice_profile_store_save (store, &error));
  g_assert_no_error (error);

  sluice_test_run_program (&run, NULL, (const char * const []) { config_env, NULL },
                           (const char * const []) { sluice_test_cli_path (), "status", "--json",
                                                     "-p", "staging", NULL });
  g_assert_cmpint (run.status, ==, 0);
  status = parse_object (run.out);
  g_assert_cmpstr (json_object_get_string_member (status, "current"), ==, "0001");
  g_assert_cmpint (json_object_get_int_member (status, "pending"), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (status, "format"), ==, "sluice");
  sluice_tool_run_clear (&run);

  sluice_test_remove_tree (dir);
  sluice_test_remove_tree (config_dir);
}

static void
test_usage_errors (void)
{
  g_autofree char *conninfo = sluice_test_pg_new_database ();
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("sluice-cli-new-XXXXXX", &error);
  g_autofree char *missing = g_build_filename (dir, "no-such-folder", NULL);
  SluiceToolRun run = { 0 };

  g_assert_no_error (error);

  /* Input errors: exit 2, one line on stderr, nothing on stdout. */
  run_cli (&run, "status", "--json", "-c", conninfo, "-d", missing);
  g_assert_cmpint (run.status, ==, 2);
  assert_one_error_line (&run);
  sluice_tool_run_clear (&run);

  run_cli (&run, "status", "-c", conninfo, "-d", dir, "--format", "liquibase");
  g_assert_cmpint (run.status, ==, 2);
  assert_one_error_line (&run);
  sluice_tool_run_clear (&run);

  /* An empty folder: no format can be told from it. */
  run_cli (&run, "status", "-c", conninfo, "-d", dir);
  g_assert_cmpint (run.status, ==, 2);
  assert_one_error_line (&run);
  sluice_tool_run_clear (&run);

  run_cli (&run, "status", "-d", dir);
  g_assert_cmpint (run.status, ==, 2);
  assert_one_error_line (&run);
  sluice_tool_run_clear (&run);

  run_cli (&run, "history", "-c", conninfo, "extra");
  g_assert_cmpint (run.status, ==, 2);
  assert_one_error_line (&run);
  sluice_tool_run_clear (&run);

  run_cli (&run, "new");
  g_assert_cmpint (run.status, ==, 2);
  assert_one_error_line (&run);
  sluice_tool_run_clear (&run);

  run_cli (&run, "new", "widgets", "-d", missing);
  g_assert_cmpint (run.status, ==, 2);
  assert_one_error_line (&run);
  g_assert_false (g_file_test (missing, G_FILE_TEST_EXISTS));
  sluice_tool_run_clear (&run);

  /* A server that is not there: a failure, exit 1. */
  run_cli (&run, "history", "-c", "host=/nonexistent-socket-dir dbname=nothing connect_timeout=2");
  g_assert_cmpint (run.status, ==, 1);
  assert_one_error_line (&run);
  sluice_tool_run_clear (&run);

  run_cli (&run, "status", "-c", "host=/nonexistent-socket-dir dbname=nothing connect_timeout=2");
  g_assert_cmpint (run.status, ==, 1);
  assert_one_error_line (&run);
  sluice_tool_run_clear (&run);

  sluice_test_remove_tree (dir);
}

static void
test_new_json (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("sluice-cli-new-XXXXXX", &error);
  g_autoptr(JsonObject) object = NULL;
  g_autofree char *expected = NULL;
  SluiceToolRun run = { 0 };

  g_assert_no_error (error);
  run_cli (&run, "new", "create_gadgets", "-d", dir, "--json");
  g_assert_cmpint (run.status, ==, 0);
  object = parse_object (run.out);
  expected = g_build_filename (dir, "0001_create_gadgets.sql", NULL);
  g_assert_cmpstr (json_object_get_string_member (object, "path"), ==, expected);
  g_assert_cmpstr (json_object_get_string_member (object, "version"), ==, "0001");
  g_assert_true (g_file_test (expected, G_FILE_TEST_IS_REGULAR));
  sluice_tool_run_clear (&run);

  sluice_test_remove_tree (dir);
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/cli-status/status", test_status_sluice_folder);
  g_test_add_func ("/cli-status/history", test_history);
  g_test_add_func ("/cli-status/profile", test_status_profile);
  g_test_add_func ("/cli-status/usage-errors", test_usage_errors);
  g_test_add_func ("/cli-status/new-json", test_new_json);

  return g_test_run ();
}
