/* test-cli-plan.c: sluice-cli plan and explain, run as a program
 *
 * The JSON of both follows the CLI contract in DESIGN.md; errors are one
 * line on stderr with exit 2 for bad input and 1 for a failure; explain
 * --analyze of a statement that writes is refused on a STRICT profile
 * unless --allow-write is given, and is rolled back when it runs.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "sluice.h"
#include "sluice-test-pg.h"

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
         const char         *input,
         const char * const *args)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) subprocess = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  GSubprocessFlags flags = G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE;

  if (input != NULL)
    flags |= G_SUBPROCESS_FLAGS_STDIN_PIPE;
  launcher = g_subprocess_launcher_new (flags);
  g_subprocess_launcher_setenv (launcher, "LC_ALL", "C.UTF-8", TRUE);
  if (config_dir != NULL)
    g_subprocess_launcher_setenv (launcher, "SLUICE_CONFIG_DIR", config_dir, TRUE);

  g_ptr_array_add (argv, (char *) cli_path ());
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (char *) args[i]);
  g_ptr_array_add (argv, NULL);

  subprocess = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (subprocess, input, NULL, &run->out, &run->err, &error);
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
                       int           status,
                       const char   *words)
{
  g_assert_cmpint (run->status, ==, status);
  g_assert_cmpstr (run->out, ==, "");
  g_assert_true (g_str_has_prefix (run->err, "sluice-cli: "));
  g_assert_nonnull (strchr (run->err, '\n'));
  g_assert_cmpstr (strchr (run->err, '\n') + 1, ==, "");
  if (strstr (run->err, words) == NULL)
    g_error ("“%s” does not mention “%s”", run->err, words);
}

static char *
fixture (const char *name)
{
  return g_test_build_filename (G_TEST_DIST, "unit", "fixtures", "plans", name, NULL);
}

/* The members DESIGN.md promises, in every node and warning. */
static void
assert_contract (JsonObject *object,
                 guint       n_nodes)
{
  JsonArray *nodes = json_object_get_array_member (object, "nodes");
  JsonArray *warnings = json_object_get_array_member (object, "warnings");
  const char *node_members[] = { "id", "parent", "type", "relation", "exclusive_ms", "actual_rows", "plan_rows", "loops" };

  g_assert_true (json_object_has_member (object, "execution_ms"));
  g_assert_true (json_object_has_member (object, "planning_ms"));
  g_assert_cmpint (json_object_get_int_member (object, "node_count"), ==, n_nodes);
  g_assert_cmpuint (json_array_get_length (nodes), ==, n_nodes);

  for (guint i = 0; i < n_nodes; i++)
    {
      JsonObject *node = json_array_get_object_element (nodes, i);

      for (guint m = 0; m < G_N_ELEMENTS (node_members); m++)
        g_assert_true (json_object_has_member (node, node_members[m]));
      g_assert_cmpint (json_object_get_int_member (node, "id"), ==, i);
      if (i == 0)
        g_assert_true (json_object_get_null_member (node, "parent"));
      else
        g_assert_cmpint (json_object_get_int_member (node, "parent"), <, i);
    }

  for (guint i = 0; i < json_array_get_length (warnings); i++)
    {
      JsonObject *warning = json_array_get_object_element (warnings, i);

      g_assert_nonnull (json_object_get_string_member (warning, "rule"));
      g_assert_cmpint (json_object_get_int_member (warning, "node"), <, n_nodes);
      g_assert_nonnull (json_object_get_string_member (warning, "message"));
    }
}

/* plan */

static void
test_plan_files (void)
{
  g_autofree char *text_path = fixture ("cte-read-twice.txt");
  g_autofree char *json_path = fixture ("parallel-aggregate-verbose.json");
  g_autoptr(JsonObject) text = NULL;
  g_autoptr(JsonObject) json = NULL;
  JsonObject *node;
  JsonArray *warnings;
  gboolean saw_sort = FALSE;
  CliRun run = { 0 };

  run_cli (&run, NULL, NULL, (const char * const []) { "plan", text_path, "--json", NULL });
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.err, ==, "");
  text = parse_object (run.out);
  cli_run_clear (&run);
  assert_contract (text, 9);
  g_assert_cmpfloat (json_object_get_double_member (text, "execution_ms"), ==, 34.382);
  g_assert_cmpfloat (json_object_get_double_member (text, "planning_ms"), ==, 4.036);
  node = json_array_get_object_element (json_object_get_array_member (text, "nodes"), 5);
  g_assert_cmpstr (json_object_get_string_member (node, "type"), ==, "CTE Scan");
  g_assert_cmpint (json_object_get_int_member (node, "parent"), ==, 4);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (node, "exclusive_ms"), 25.222 - 23.146, 1e-9);
  g_assert_cmpfloat (json_object_get_double_member (node, "actual_rows"), ==, 4000);
  g_assert_cmpfloat (json_object_get_double_member (node, "loops"), ==, 1);
  node = json_array_get_object_element (json_object_get_array_member (text, "nodes"), 2);
  g_assert_cmpstr (json_object_get_string_member (node, "relation"), ==, "customers");

  /* The sorts spilled, the Merge Join misestimated by 80,000x. */
  warnings = json_object_get_array_member (text, "warnings");
  for (guint i = 0; i < json_array_get_length (warnings); i++)
    {
      JsonObject *warning = json_array_get_object_element (warnings, i);

      if (g_str_equal (json_object_get_string_member (warning, "rule"), "sort-on-disk") &&
          json_object_get_int_member (warning, "node") == 4)
        saw_sort = TRUE;
    }
  g_assert_true (saw_sort);

  run_cli (&run, NULL, NULL, (const char * const []) { "plan", "--json", json_path, NULL });
  g_assert_cmpint (run.status, ==, 0);
  json = parse_object (run.out);
  cli_run_clear (&run);
  assert_contract (json, 5);
  g_assert_cmpstr (json_object_get_string_member (json, "format"), ==, "json");

  /* For people: the totals, the slowest nodes, the warnings. */
  run_cli (&run, NULL, NULL, (const char * const []) { "plan", text_path, "--top", "3", NULL });
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "Execution 34.382 ms, planning 4.036 ms, 9 nodes"));
  g_assert_nonnull (strstr (run.out, "Nodes by exclusive time:"));
  g_assert_nonnull (strstr (run.out, "Gather"));
  g_assert_nonnull (strstr (run.out, "Warnings:"));
  g_assert_nonnull (strstr (run.out, "[sort-on-disk]"));
  cli_run_clear (&run);
}

static void
test_plan_stdin_and_errors (void)
{
  g_autofree char *path = fixture ("initplan-subplan.txt");
  g_autofree char *contents = NULL;
  g_autoptr(JsonObject) object = NULL;
  g_autoptr(GError) error = NULL;
  CliRun run = { 0 };

  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);
  run_cli (&run, NULL, contents, (const char * const []) { "plan", "-", "--json", NULL });
  g_assert_cmpint (run.status, ==, 0);
  object = parse_object (run.out);
  assert_contract (object, 5);
  cli_run_clear (&run);

  run_cli (&run, NULL, NULL, (const char * const []) { "plan", "/nonexistent/plan.json", NULL });
  assert_one_line_error (&run, 2, "/nonexistent/plan.json");
  cli_run_clear (&run);

  run_cli (&run, NULL, "Seq Scan on t  (cost=0.00..1.00 rows=1 width=4)\n->  Sort  (cost=0.00..1.00 rows=1 width=4)\n",
           (const char * const []) { "plan", "-", NULL });
  assert_one_line_error (&run, 2, "Line 2");
  cli_run_clear (&run);

  run_cli (&run, NULL, "[{\"Plan\": {\"Node Type\": \"Sort\",\n", (const char * const []) { "plan", "-", NULL });
  assert_one_line_error (&run, 2, "not valid JSON");
  cli_run_clear (&run);

  run_cli (&run, NULL, NULL, (const char * const []) { "plan", NULL });
  assert_one_line_error (&run, 2, "plan file");
  cli_run_clear (&run);
}

/* explain */

static char *
write_strict_profile (const char *conninfo)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("sluice-cli-plan-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "profiles.json", NULL);
  g_autoptr(SluiceProfileStore) store = sluice_profile_store_new (path);
  g_autoptr(SluiceProfile) profile = sluice_profile_new ("prod", SLUICE_ENVIRONMENT_PROD, conninfo);

  g_assert_no_error (error);
  sluice_profile_set_guard (profile, SLUICE_GUARD_STRICT);
  sluice_profile_set_statement_timeout_ms (profile, 60000);
  g_assert_true (sluice_profile_store_add (store, profile, &error));
  g_assert_true (sluice_profile_store_save (store, &error));
  g_assert_no_error (error);

  return dir;
}

static void
assert_items_left (const char *conninfo,
                   int         expected)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) object = NULL;
  CliRun run = { 0 };
  g_autofree char *sql = g_strdup_printf ("SELECT 1 FROM items HAVING count(*) = %d", expected);
  JsonObject *root;

  /* One row out of the HAVING when the count is what it should be. */
  run_cli (&run, NULL, NULL, (const char * const []) { "explain", "-c", conninfo, "--analyze", "--json", sql, NULL });
  g_assert_cmpint (run.status, ==, 0);
  object = parse_object (run.out);
  cli_run_clear (&run);
  root = json_array_get_object_element (json_object_get_array_member (object, "nodes"), 0);
  g_assert_cmpfloat (json_object_get_double_member (root, "actual_rows"), ==, 1);
}

static void
test_explain (void)
{
  g_autofree char *conninfo = sluice_test_pg_new_database ();
  g_autofree char *config_dir = NULL;
  g_autofree char *save_dir = NULL;
  g_autofree char *saved = NULL;
  g_autoptr(JsonObject) object = NULL;
  g_autoptr(JsonObject) loaded = NULL;
  g_autoptr(GError) error = NULL;
  CliRun run = { 0 };

  sluice_test_pg_exec (conninfo,
                       "CREATE TABLE items (id int PRIMARY KEY, label text NOT NULL);"
                       "INSERT INTO items SELECT g, 'item ' || g FROM generate_series (1, 20000) g;"
                       "ANALYZE items;");
  config_dir = write_strict_profile (conninfo);

  /* -c: JSON per the contract, a Seq Scan that throws most rows away. */
  run_cli (&run, NULL, NULL, (const char * const []) {
    "explain", "-c", conninfo, "--analyze", "--buffers", "--json", "SELECT * FROM items WHERE label = 'item 7'", NULL });
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.err, ==, "");
  object = parse_object (run.out);
  cli_run_clear (&run);
  assert_contract (object, 1);
  g_assert_cmpfloat (json_object_get_double_member (object, "execution_ms"), >, 0);
  g_assert_false (json_object_get_boolean_member (object, "rolled_back"));
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (json_object_get_array_member (object, "warnings"), 0),
                                                  "rule"), ==, "seq-scan-filter");
  g_clear_pointer (&object, json_object_unref);

  /* A write on a STRICT profile: refused before anything runs. */
  run_cli (&run, config_dir, NULL, (const char * const []) {
    "explain", "-p", "prod", "--analyze", "DELETE FROM items", NULL });
  assert_one_line_error (&run, 1, "STRICT");
  g_assert_nonnull (strstr (run.err, "--allow-write"));
  cli_run_clear (&run);
  assert_items_left (conninfo, 20000);

  /* Without --analyze nothing runs: allowed. */
  run_cli (&run, config_dir, NULL, (const char * const []) {
    "explain", "-p", "prod", "--json", "DELETE FROM items", NULL });
  g_assert_cmpint (run.status, ==, 0);
  object = parse_object (run.out);
  cli_run_clear (&run);
  g_assert_true (json_object_get_null_member (object, "execution_ms"));
  g_assert_false (json_object_get_boolean_member (object, "rolled_back"));
  g_clear_pointer (&object, json_object_unref);

  /* Reading on STRICT with --analyze is fine. */
  run_cli (&run, config_dir, NULL, (const char * const []) {
    "explain", "-p", "prod", "--analyze", "SELECT count(*) FROM items", NULL });
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "Execution "));
  cli_run_clear (&run);

  /* --allow-write: it runs, and is rolled back; saved with --save. */
  save_dir = g_dir_make_tmp ("sluice-cli-plan-XXXXXX", &error);
  g_assert_no_error (error);
  saved = g_build_filename (save_dir, "delete.json", NULL);
  run_cli (&run, config_dir, NULL, (const char * const []) {
    "explain", "-p", "prod", "--analyze", "--allow-write", "--save", saved, "DELETE FROM items WHERE id <= 500", NULL });
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "rolled back"));
  cli_run_clear (&run);
  assert_items_left (conninfo, 20000);

  run_cli (&run, NULL, NULL, (const char * const []) { "plan", saved, "--json", NULL });
  g_assert_cmpint (run.status, ==, 0);
  loaded = parse_object (run.out);
  cli_run_clear (&run);
  g_assert_true (json_object_get_boolean_member (loaded, "rolled_back"));
  g_assert_cmpstr (json_object_get_string_member (loaded, "query"), ==, "DELETE FROM items WHERE id <= 500");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (json_object_get_array_member (loaded, "nodes"), 0),
                                                  "type"), ==, "ModifyTable");

  /* Bad input: exit 2, one line. */
  run_cli (&run, NULL, NULL, (const char * const []) { "explain", "-c", conninfo, "SELECT 1; SELECT 2", NULL });
  assert_one_line_error (&run, 2, "2 statements");
  cli_run_clear (&run);
  run_cli (&run, NULL, NULL, (const char * const []) { "explain", "SELECT 1", NULL });
  assert_one_line_error (&run, 2, "-p PROFILE");
  cli_run_clear (&run);

  /* A server error: exit 1, one line. */
  run_cli (&run, NULL, NULL, (const char * const []) { "explain", "-c", conninfo, "SELECT nothing FROM items", NULL });
  assert_one_line_error (&run, 1, "nothing");
  cli_run_clear (&run);

  g_assert_cmpint (g_remove (saved), ==, 0);
  g_assert_cmpint (g_rmdir (save_dir), ==, 0);
  {
    g_autofree char *profiles = g_build_filename (config_dir, "profiles.json", NULL);

    g_remove (profiles);
    g_rmdir (config_dir);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/cli/plan/files", test_plan_files);
  g_test_add_func ("/cli/plan/stdin-and-errors", test_plan_stdin_and_errors);
  g_test_add_func ("/cli/explain", test_explain);

  return g_test_run ();
}
