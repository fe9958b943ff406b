/* test-cli-lint.c: sluice-cli lint, run as a program
 *
 * Exit codes and JSON as DESIGN.md's CLI contract says: 0 without an
 * error-level finding, 1 with one, 2 for usage and input errors (one line
 * on stderr); severities from the guard level or a profile; migration
 * files linted as their tool runs them.  No server is needed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "sluice.h"

typedef struct
{
  int   status;
  char *out;
  char *err;
} CliRun;

static void
cli_run_clear (CliRun *run)
{
  g_clear_pointer (&run->out, g_free);
  g_clear_pointer (&run->err, g_free);
}

static const char *
cli_path (void)
{
  const char *path = g_getenv ("SLUICE_CLI");

  return path != NULL && *path != '\0' ? path : SLUICE_CLI_PATH;
}

static void
run_cli (CliRun             *run,
         const char         *config_dir,
         const char * const *args)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) subprocess = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;

  cli_run_clear (run);
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_subprocess_launcher_setenv (launcher, "LC_ALL", "C.UTF-8", TRUE);
  g_subprocess_launcher_setenv (launcher, "SLUICE_CONFIG_DIR", config_dir, TRUE);

  g_ptr_array_add (argv, (char *) cli_path ());
  g_ptr_array_add (argv, (char *) "lint");
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (char *) args[i]);
  g_ptr_array_add (argv, NULL);

  subprocess = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (subprocess, NULL, NULL, &run->out, &run->err, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (subprocess));
  run->status = g_subprocess_get_exit_status (subprocess);
}

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
assert_one_line_error (const CliRun *run,
                       const char   *words)
{
  g_assert_cmpint (run->status, ==, 2);
  g_assert_true (g_str_has_prefix (run->err, "sluice-cli: "));
  g_assert_nonnull (strchr (run->err, '\n'));
  g_assert_cmpstr (strchr (run->err, '\n') + 1, ==, "");
  if (strstr (run->err, words) == NULL)
    g_error ("“%s” does not mention “%s”", run->err, words);
}

typedef struct
{
  char *dir;          /* scratch: SQL files and SLUICE_CONFIG_DIR */
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("sluice-cli-lint-XXXXXX", &error);
  g_assert_no_error (error);
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        remove_tree (child);
      else
        g_assert_cmpint (g_remove (child), ==, 0);
    }
  g_assert_cmpint (g_rmdir (path), ==, 0);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  remove_tree (fixture->dir);
  g_free (fixture->dir);
}

static char *
write_sql (Fixture    *fixture,
           const char *subdir,
           const char *name,
           const char *text)
{
  g_autofree char *dir = subdir != NULL ? g_build_filename (fixture->dir, subdir, NULL) : g_strdup (fixture->dir);
  char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_file_set_contents (path, text, -1, &error);
  g_assert_no_error (error);
  return path;
}

/* The members the contract promises, with their types. */
static JsonArray *
assert_contract (JsonObject *root)
{
  JsonArray *findings = json_object_get_array_member (root, "findings");

  g_assert_nonnull (findings);
  for (guint i = 0; i < json_array_get_length (findings); i++)
    {
      JsonObject *finding = json_array_get_object_element (findings, i);
      JsonNode *lock = json_object_get_member (finding, "lock");
      const char *severity = json_object_get_string_member (finding, "severity");

      g_assert_nonnull (json_object_get_string_member (finding, "file"));
      g_assert_cmpint (json_object_get_int_member (finding, "line"), >=, 1);
      g_assert_cmpint (json_object_get_int_member (finding, "column"), >=, 1);
      g_assert_true (sluice_lint_rule_exists (json_object_get_string_member (finding, "rule")));
      g_assert_true (g_str_equal (severity, "error") || g_str_equal (severity, "warning") ||
                     g_str_equal (severity, "info"));
      g_assert_nonnull (lock);
      if (!JSON_NODE_HOLDS_NULL (lock))
        {
          SluiceLockMode mode;

          g_assert_true (sluice_lock_mode_from_string (json_node_get_string (lock), &mode));
        }
      g_assert_cmpstr (json_object_get_string_member (finding, "message"), !=, "");
    }

  return findings;
}

static JsonObject *
find_rule (JsonArray  *findings,
           const char *rule)
{
  for (guint i = 0; i < json_array_get_length (findings); i++)
    {
      JsonObject *finding = json_array_get_object_element (findings, i);

      if (g_str_equal (json_object_get_string_member (finding, "rule"), rule))
        return finding;
    }

  return NULL;
}

static void
test_exit_codes_and_json (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autofree char *risky = write_sql (fixture, NULL, "risky.sql",
                                      "SET lock_timeout = '2s';\n"
                                      "ALTER TABLE users DROP COLUMN legacy;\n"
                                      "DROP TABLE old_orders;\n");
  g_autofree char *clean = write_sql (fixture, NULL, "clean.sql",
                                      "CREATE TABLE t (id bigint PRIMARY KEY);\n"
                                      "CREATE INDEX t_id ON t (id);\n");
  g_autoptr(JsonObject) root = NULL;
  JsonArray *findings;
  JsonObject *finding;
  CliRun run = { 0 };

  /* confirm (the default): dropping a table is an error. */
  run_cli (&run, fixture->dir, (const char * const []) { "--json", risky, NULL });
  g_assert_cmpint (run.status, ==, 1);
  g_assert_cmpstr (run.err, ==, "");
  root = parse_object (run.out);
  findings = assert_contract (root);
  g_assert_cmpuint (json_array_get_length (findings), ==, 2);
  finding = find_rule (findings, "drop-table");
  g_assert_cmpstr (json_object_get_string_member (finding, "file"), ==, risky);
  g_assert_cmpint (json_object_get_int_member (finding, "line"), ==, 3);
  g_assert_cmpint (json_object_get_int_member (finding, "column"), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (finding, "severity"), ==, "error");
  g_assert_cmpstr (json_object_get_string_member (finding, "lock"), ==, "ACCESS EXCLUSIVE");
  g_assert_nonnull (json_object_get_string_member (finding, "why"));
  g_assert_nonnull (json_object_get_string_member (finding, "rewrite"));
  finding = find_rule (findings, "drop-column");
  g_assert_cmpstr (json_object_get_string_member (finding, "severity"), ==, "warning");

  /* relaxed: warnings only, exit 0. */
  run_cli (&run, fixture->dir, (const char * const []) { "--guard", "relaxed", risky, NULL });
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "risky.sql:3:1: warning: "));
  g_assert_nonnull (strstr (run.out, "[drop-table]"));
  g_assert_nonnull (strstr (run.out, "0 errors, 2 warnings, 0 notes in 1 file"));

  /* A clean file: nothing, exit 0. */
  run_cli (&run, fixture->dir, (const char * const []) { "--json", "--guard", "strict", clean, NULL });
  g_assert_cmpint (run.status, ==, 0);
  g_clear_pointer (&root, json_object_unref);
  root = parse_object (run.out);
  g_assert_cmpuint (json_array_get_length (assert_contract (root)), ==, 0);

  cli_run_clear (&run);
}

static void
test_usage_errors (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autofree char *file = write_sql (fixture, NULL, "a.sql", "TRUNCATE t;\n");
  g_autofree char *missing = g_build_filename (fixture->dir, "missing.sql", NULL);
  g_autoptr(JsonObject) root = NULL;
  CliRun run = { 0 };

  run_cli (&run, fixture->dir, (const char * const []) { NULL });
  assert_one_line_error (&run, "at least one");
  g_assert_cmpstr (run.out, ==, "");

  run_cli (&run, fixture->dir, (const char * const []) { "--server-version", "nine", file, NULL });
  assert_one_line_error (&run, "nine");

  run_cli (&run, fixture->dir, (const char * const []) { "--guard", "paranoid", file, NULL });
  assert_one_line_error (&run, "paranoid");

  run_cli (&run, fixture->dir, (const char * const []) { "--guard", "strict", "-p", "x", file, NULL });
  assert_one_line_error (&run, "--guard");

  run_cli (&run, fixture->dir, (const char * const []) { "-p", "nobody", file, NULL });
  assert_one_line_error (&run, "nobody");

  run_cli (&run, fixture->dir, (const char * const []) { "--no-such-option", file, NULL });
  g_assert_cmpint (run.status, ==, 2);

  /* A missing file is an input error; the others are still linted. */
  run_cli (&run, fixture->dir, (const char * const []) { "--json", missing, file, NULL });
  assert_one_line_error (&run, "missing.sql");
  root = parse_object (run.out);
  g_assert_nonnull (find_rule (assert_contract (root), "truncate"));

  /* A directory is not a file. */
  run_cli (&run, fixture->dir, (const char * const []) { fixture->dir, NULL });
  assert_one_line_error (&run, "not a file");

  cli_run_clear (&run);
}

static void
test_syntax_error (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autofree char *file = write_sql (fixture, NULL, "broken.sql",
                                     "SELECT 1;\n\nALTER TABLE t ADD COLUMN;\n");
  g_autofree char *binary = write_sql (fixture, NULL, "binary.sql", "SELECT '\xff';\n");
  g_autoptr(JsonObject) root = NULL;
  JsonObject *finding;
  CliRun run = { 0 };

  run_cli (&run, fixture->dir, (const char * const []) { "--json", "--guard", "relaxed", file, NULL });
  g_assert_cmpint (run.status, ==, 1);
  root = parse_object (run.out);
  finding = find_rule (assert_contract (root), "syntax-error");
  g_assert_nonnull (finding);
  g_assert_cmpint (json_object_get_int_member (finding, "line"), ==, 3);
  g_assert_true (JSON_NODE_HOLDS_NULL (json_object_get_member (finding, "lock")));

  /* Not text at all: an input error naming the line. */
  run_cli (&run, fixture->dir, (const char * const []) { binary, NULL });
  assert_one_line_error (&run, "line 1");

  cli_run_clear (&run);
}

static void
test_server_version (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autofree char *file = write_sql (fixture, NULL, "default.sql",
                                     "SET lock_timeout = '1s';\nALTER TABLE t ADD COLUMN c int DEFAULT 0;\n");
  g_autoptr(JsonObject) old = NULL;
  g_autoptr(JsonObject) current = NULL;
  CliRun run = { 0 };

  run_cli (&run, fixture->dir, (const char * const []) { "--json", "--server-version", "10.4", file, NULL });
  g_assert_cmpint (run.status, ==, 1);
  old = parse_object (run.out);
  g_assert_nonnull (find_rule (assert_contract (old), "add-column-default-rewrite"));

  run_cli (&run, fixture->dir, (const char * const []) { "--json", "--server-version", "16", file, NULL });
  g_assert_cmpint (run.status, ==, 0);
  current = parse_object (run.out);
  g_assert_null (find_rule (assert_contract (current), "add-column-default-rewrite"));

  cli_run_clear (&run);
}

static void
test_profile (Fixture       *fixture,
              gconstpointer  data)
{
  g_autofree char *file = write_sql (fixture, NULL, "index.sql", "CREATE INDEX i ON t (a);\n");
  g_autofree char *path = g_build_filename (fixture->dir, "profiles.json", NULL);
  g_autoptr(SluiceProfileStore) store = sluice_profile_store_new (path);
  g_autoptr(SluiceProfile) prod = sluice_profile_new ("prod", SLUICE_ENVIRONMENT_PROD, "dbname=shop");
  g_autoptr(SluiceProfile) dev = sluice_profile_new ("dev", SLUICE_ENVIRONMENT_DEV, "dbname=shop");
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) on_prod = NULL;
  g_autoptr(JsonObject) on_dev = NULL;
  CliRun run = { 0 };

  /* prod sets lock_timeout for its runs; dev turns the index rule into a note. */
  sluice_profile_set_lock_timeout_ms (prod, 5000);
  sluice_profile_set_lint_severity (dev, "create-index-not-concurrently", "info");
  g_assert_true (sluice_profile_store_add (store, prod, &error));
  g_assert_true (sluice_profile_store_add (store, dev, &error));
  g_assert_true (sluice_profile_store_save (store, &error));
  g_assert_no_error (error);

  run_cli (&run, fixture->dir, (const char * const []) { "--json", "-p", "prod", file, NULL });
  g_assert_cmpint (run.status, ==, 1);
  on_prod = parse_object (run.out);
  g_assert_cmpstr (json_object_get_string_member (find_rule (assert_contract (on_prod), "create-index-not-concurrently"),
                                                  "severity"), ==, "error");
  g_assert_null (find_rule (assert_contract (on_prod), "missing-lock-timeout"));

  run_cli (&run, fixture->dir, (const char * const []) { "--json", "-p", "dev", file, NULL });
  g_assert_cmpint (run.status, ==, 0);
  on_dev = parse_object (run.out);
  g_assert_cmpstr (json_object_get_string_member (find_rule (assert_contract (on_dev), "create-index-not-concurrently"),
                                                  "severity"), ==, "info");
  g_assert_nonnull (find_rule (assert_contract (on_dev), "missing-lock-timeout"));

  cli_run_clear (&run);
}

static void
test_migration_formats (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autofree char *sluice = write_sql (fixture, "sluice", "0001_index.sql",
                                       "-- Adds an index\n"
                                       "-- sluice:no-transaction\n"
                                       "-- sluice:up\n"
                                       "SET lock_timeout = '1s';\n"
                                       "CREATE INDEX CONCURRENTLY i ON t (a);\n"
                                       "-- sluice:down\n"
                                       "DROP TABLE t;\n");
  g_autofree char *dbmate = write_sql (fixture, "dbmate", "20240101000000_index.sql",
                                       "-- migrate:up\n"
                                       "CREATE INDEX CONCURRENTLY i ON t (a);\n"
                                       "-- migrate:down\n"
                                       "DROP TABLE t;\n");
  g_autoptr(JsonObject) sluice_root = NULL;
  g_autoptr(JsonObject) dbmate_root = NULL;
  JsonArray *findings;
  JsonObject *finding;
  CliRun run = { 0 };

  /* Only the up section; no-transaction honoured. */
  run_cli (&run, fixture->dir, (const char * const []) { "--json", sluice, NULL });
  g_assert_cmpint (run.status, ==, 0);
  sluice_root = parse_object (run.out);
  findings = assert_contract (sluice_root);
  g_assert_cmpuint (json_array_get_length (findings), ==, 1);
  finding = find_rule (findings, "lock-level");
  g_assert_cmpint (json_object_get_int_member (finding, "line"), ==, 5);
  g_assert_cmpstr (json_object_get_string_member (finding, "lock"), ==, "SHARE UPDATE EXCLUSIVE");

  /* dbmate runs it in a transaction unless told otherwise. */
  run_cli (&run, fixture->dir, (const char * const []) { "--json", dbmate, NULL });
  g_assert_cmpint (run.status, ==, 1);
  dbmate_root = parse_object (run.out);
  findings = assert_contract (dbmate_root);
  finding = find_rule (findings, "concurrently-in-transaction");
  g_assert_nonnull (finding);
  g_assert_cmpint (json_object_get_int_member (finding, "line"), ==, 2);
  g_assert_null (find_rule (findings, "drop-table"));

  cli_run_clear (&run);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/cli-lint/exit-codes-and-json", Fixture, NULL, fixture_set_up, test_exit_codes_and_json, fixture_tear_down);
  g_test_add ("/cli-lint/usage-errors", Fixture, NULL, fixture_set_up, test_usage_errors, fixture_tear_down);
  g_test_add ("/cli-lint/syntax-error", Fixture, NULL, fixture_set_up, test_syntax_error, fixture_tear_down);
  g_test_add ("/cli-lint/server-version", Fixture, NULL, fixture_set_up, test_server_version, fixture_tear_down);
  g_test_add ("/cli-lint/profile", Fixture, NULL, fixture_set_up, test_profile, fixture_tear_down);
  g_test_add ("/cli-lint/migration-formats", Fixture, NULL, fixture_set_up, test_migration_formats, fixture_tear_down);

  return g_test_run ();
}
