/* test-cli-schema.c: sluice-cli snapshot and diff, run as a program against
 * the harness's cluster: a snapshot file diffs equal to its live database,
 * two databases that differ give exit 1 with the JSON the contract names,
 * and the --sql script applied to the first makes them equal; bad input is
 * exit 2 with one line on stderr
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include <json-glib/json-glib.h>

#include "sluice.h"
#include "sluice-test-pg.h"

typedef struct
{
  char *out;
  char *err;
  int   status;
} CliRun;

static void
cli_run_clear (CliRun *run)
{
  g_clear_pointer (&run->out, g_free);
  g_clear_pointer (&run->err, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (CliRun, cli_run_clear)

static const char *
cli_path (void)
{
  const char *path = g_getenv ("SLUICE_CLI");

  return path != NULL && *path != '\0' ? path : SLUICE_CLI_PATH;
}

/* A config folder of the test's own, so that the user's profiles are
 * never read; made once. */
static const char *
config_dir (void)
{
  static char *dir = NULL;

  if (dir == NULL)
    {
      g_autoptr(GError) error = NULL;

      dir = g_dir_make_tmp ("sluice-cli-schema-XXXXXX", &error);
      g_assert_no_error (error);
    }

  return dir;
}

static void
run_cli_argv (CliRun             *run,
              const char * const *args)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) subprocess = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_subprocess_launcher_setenv (launcher, "LC_ALL", "C.UTF-8", TRUE);
  g_subprocess_launcher_unsetenv (launcher, "LANGUAGE");
  g_subprocess_launcher_setenv (launcher, "SLUICE_CONFIG_DIR", config_dir (), TRUE);

  g_ptr_array_add (argv, (gpointer) cli_path ());
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);

  subprocess = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (subprocess, NULL, NULL, &run->out, &run->err, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (subprocess));
  run->status = g_subprocess_get_exit_status (subprocess);

  g_test_message ("sluice-cli %s -> %d\nstdout: %s\nstderr: %s", args[0], run->status, run->out, run->err);
}

#define run_cli(run, ...) \
  G_STMT_START { \
    cli_run_clear (run); \
    run_cli_argv (run, (const char * const []) { __VA_ARGS__, NULL }); \
  } G_STMT_END

static JsonNode *
parse_json (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)));
  return json_node_copy (json_parser_get_root (parser));
}

static void
assert_one_error_line (CliRun *run)
{
  const char *newline = strchr (run->err, '\n');

  g_assert_cmpint (run->status, ==, 2);
  g_assert_true (g_str_has_prefix (run->err, "sluice-cli: "));
  g_assert_nonnull (newline);
  g_assert_cmpstr (newline + 1, ==, "");
  g_assert_cmpstr (run->out, ==, "");
}

static char *
temp_file (const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("sluice-cli-schema-XXXXXX", &error);

  g_assert_no_error (error);
  return g_build_filename (dir, name, NULL);
}

static JsonObject *
find_change (JsonArray  *changes,
             const char *identity)
{
  for (guint i = 0; i < json_array_get_length (changes); i++)
    {
      JsonObject *change = json_array_get_object_element (changes, i);

      if (g_strcmp0 (json_object_get_string_member (change, "identity"), identity) == 0)
        return change;
    }

  return NULL;
}

static const char *
attribute_new_value (JsonObject *change,
                     const char *name)
{
  JsonArray *attributes = json_object_get_array_member (change, "attributes");

  for (guint i = 0; i < json_array_get_length (attributes); i++)
    {
      JsonObject *attribute = json_array_get_object_element (attributes, i);

      if (g_strcmp0 (json_object_get_string_member (attribute, "name"), name) == 0)
        return json_object_get_string_member_with_default (attribute, "new", NULL);
    }

  g_error ("no attribute %s", name);
}

static const char before_sql[] =
  "CREATE TABLE customers (id bigint PRIMARY KEY, name text NOT NULL);"
  "CREATE TABLE orders ("
  "  id bigint PRIMARY KEY,"
  "  customer_id bigint NOT NULL REFERENCES customers (id),"
  "  total numeric(10,2) NOT NULL DEFAULT 0);"
  "CREATE INDEX orders_customer_idx ON orders (customer_id);"
  "COMMENT ON TABLE orders IS 'one row per checkout';";

static const char after_sql[] =
  "CREATE TABLE customers (id bigint PRIMARY KEY, name text NOT NULL, email text);"
  "CREATE TABLE orders ("
  "  id bigint PRIMARY KEY,"
  "  customer_id bigint NOT NULL REFERENCES customers (id),"
  "  total numeric(12,2) NOT NULL DEFAULT 0,"
  "  status text NOT NULL DEFAULT 'new');"
  "CREATE INDEX orders_status_idx ON orders (status);"
  "CREATE TABLE invoices (id bigint PRIMARY KEY, order_id bigint NOT NULL REFERENCES orders (id));"
  "CREATE VIEW order_totals AS SELECT customer_id, sum(total) AS total FROM orders GROUP BY customer_id;"
  "COMMENT ON TABLE orders IS 'one row per checkout';";

/* snapshot to a file; the file diffs equal to the live database */

static void
test_snapshot_and_diff_equal (void)
{
  g_autofree char *conninfo = sluice_test_pg_new_database ();
  g_autofree char *file = temp_file ("shop.json");
  g_autoptr(JsonNode) root = NULL;
  g_auto(CliRun) run = { 0 };
  JsonObject *object;
  JsonObject *counts;

  sluice_test_pg_exec (conninfo, before_sql);

  run_cli (&run, "snapshot", "-c", conninfo, "-o", file, "--label", "by hand", "--json");
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.err, ==, "");
  g_assert_true (g_file_test (file, G_FILE_TEST_IS_REGULAR));

  root = parse_json (run.out);
  object = json_node_get_object (root);
  g_assert_cmpstr (json_object_get_string_member (object, "file"), ==, file);
  g_assert_cmpstr (json_object_get_string_member (object, "label"), ==, "by hand");
  g_assert_nonnull (json_object_get_string_member (object, "server_version"));
  g_assert_true (json_object_get_null_member (object, "profile"));
  counts = json_object_get_object_member (object, "counts");
  g_assert_cmpint (json_object_get_int_member (counts, "table"), ==, 2);
  g_assert_cmpint (json_object_get_int_member (counts, "index"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (counts, "column"), ==, 5);
  g_assert_cmpint (json_object_get_int_member (object, "objects"), >=, 2 + 5 + 1 + 3);

  /* For people: where it wrote and how many objects. */
  run_cli (&run, "snapshot", "-c", conninfo, "-o", file);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_true (g_str_has_prefix (run.out, "Wrote "));
  g_assert_nonnull (strstr (run.out, file));
  g_assert_nonnull (strstr (run.out, "2 tables"));

  /* The file against the same database, both ways round. */
  run_cli (&run, "diff", file, conninfo);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.err, ==, "");
  g_assert_nonnull (strstr (run.out, "no object changed"));

  run_cli (&run, "diff", conninfo, file, "--json");
  g_assert_cmpint (run.status, ==, 0);
  {
    g_autoptr(JsonNode) diff = parse_json (run.out);
    JsonObject *diff_object = json_node_get_object (diff);

    g_assert_true (json_object_get_boolean_member (diff_object, "equal"));
    g_assert_nonnull (json_object_get_string_member (diff_object, "summary"));
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (diff_object, "changes")), ==, 0);
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (diff_object, "statements")), ==, 0);
  }

  /* The file against itself needs no server. */
  run_cli (&run, "diff", file, file, "--sql");
  g_assert_cmpint (run.status, ==, 0);
}

/* two databases that differ: exit 1, the JSON, and the DDL that makes
 * the first into the second */

static void
apply_script (const char *conninfo,
              const char *script)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) statements = sluice_sql_split (script, 1, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (statements->len, >, 0);

  /* One by one: a CREATE INDEX CONCURRENTLY cannot run in the implicit
   * transaction of a multi-statement query. */
  for (guint i = 0; i < statements->len; i++)
    {
      const SluiceStatement *statement = g_ptr_array_index (statements, i);

      sluice_test_pg_exec (conninfo, statement->text);
    }
}

static void
test_diff_two_databases (void)
{
  g_autofree char *before = sluice_test_pg_new_database ();
  g_autofree char *after = sluice_test_pg_new_database ();
  g_autoptr(JsonNode) root = NULL;
  g_auto(CliRun) run = { 0 };
  JsonObject *object;
  JsonArray *changes;
  JsonArray *statements;
  JsonObject *change;
  gboolean creates_invoices = FALSE;

  sluice_test_pg_exec (before, before_sql);
  sluice_test_pg_exec (after, after_sql);

  run_cli (&run, "diff", before, after, "--json");
  g_assert_cmpint (run.status, ==, 1);
  g_assert_cmpstr (run.err, ==, "");

  root = parse_json (run.out);
  object = json_node_get_object (root);
  g_assert_false (json_object_get_boolean_member (object, "equal"));
  g_assert_cmpstr (json_object_get_string_member (object, "summary"), !=, "");

  changes = json_object_get_array_member (object, "changes");
  change = find_change (changes, "table public.invoices");
  g_assert_nonnull (change);
  g_assert_cmpstr (json_object_get_string_member (change, "kind"), ==, "table");
  g_assert_cmpstr (json_object_get_string_member (change, "change"), ==, "added");

  change = find_change (changes, "column public.customers.email");
  g_assert_nonnull (change);
  g_assert_cmpstr (json_object_get_string_member (change, "kind"), ==, "column");
  g_assert_cmpstr (json_object_get_string_member (change, "change"), ==, "added");

  change = find_change (changes, "index public.orders_customer_idx");
  g_assert_nonnull (change);
  g_assert_cmpstr (json_object_get_string_member (change, "change"), ==, "removed");

  change = find_change (changes, "column public.orders.total");
  g_assert_nonnull (change);
  g_assert_cmpstr (json_object_get_string_member (change, "change"), ==, "changed");
  g_assert_cmpstr (attribute_new_value (change, "type"), ==, "numeric(12,2)");

  change = find_change (changes, "view public.order_totals");
  g_assert_nonnull (change);
  g_assert_cmpstr (json_object_get_string_member (change, "change"), ==, "added");

  /* Nothing but what differs. */
  g_assert_null (find_change (changes, "table public.customers"));
  g_assert_null (find_change (changes, "column public.customers.name"));

  statements = json_object_get_array_member (object, "statements");
  g_assert_cmpuint (json_array_get_length (statements), >, 0);
  for (guint i = 0; i < json_array_get_length (statements); i++)
    {
      JsonObject *statement = json_array_get_object_element (statements, i);
      const char *sql = json_object_get_string_member (statement, "sql");

      g_assert_true (g_str_has_suffix (sql, ";"));
      g_assert_nonnull (json_object_get_string_member (statement, "identity"));
      g_assert_true (JSON_NODE_HOLDS_ARRAY (json_object_get_member (statement, "hazards")));
      g_assert_true (json_object_has_member (statement, "lock"));

      if (g_str_equal (json_object_get_string_member (statement, "identity"), "table public.invoices") &&
          g_str_has_prefix (sql, "CREATE TABLE"))
        creates_invoices = TRUE;

      /* Retyping a column rewrites the table under ACCESS EXCLUSIVE. */
      if (g_str_equal (json_object_get_string_member (statement, "identity"), "column public.orders.total"))
        g_assert_cmpstr (json_object_get_string_member (statement, "lock"), ==, "ACCESS EXCLUSIVE");
    }
  g_assert_true (creates_invoices);

  /* For people: the summary and one line per object. */
  run_cli (&run, "diff", before, after);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.out, "+ table public.invoices\n"));
  g_assert_nonnull (strstr (run.out, "- index public.orders_customer_idx\n"));
  g_assert_nonnull (strstr (run.out, "~ column public.orders.total\n"));
  /* The connection string may hold a password: never echoed. */
  g_assert_null (strstr (run.out, before));

  /* The DDL, applied to the first database, makes it the second. */
  run_cli (&run, "diff", before, after, "--sql");
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.out, "CREATE TABLE"));
  g_assert_nonnull (strstr (run.out, "--"));
  apply_script (before, run.out);

  run_cli (&run, "diff", before, after);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "no object changed"));
}

/* owners and privileges differ only: ignored on request */

static void
test_diff_ignore_privileges (void)
{
  g_autofree char *first = sluice_test_pg_new_database ();
  g_autofree char *second = sluice_test_pg_new_database ();
  g_auto(CliRun) run = { 0 };

  sluice_test_pg_exec (first, "CREATE TABLE t (id int);");
  sluice_test_pg_exec (second, "CREATE TABLE t (id int); GRANT SELECT ON t TO PUBLIC;");

  run_cli (&run, "diff", first, second);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.out, "~ table public.t\n"));

  run_cli (&run, "diff", first, second, "--ignore-privileges", "--ignore-owners");
  g_assert_cmpint (run.status, ==, 0);
}

/* a profile, with the migration version its history names */

static void
test_snapshot_profile (void)
{
  g_autofree char *conninfo = sluice_test_pg_new_database ();
  g_autofree char *path = g_build_filename (config_dir (), "profiles.json", NULL);
  g_autofree char *file = temp_file ("staging.json");
  g_autoptr(SluiceProfileStore) store = sluice_profile_store_new (path);
  g_autoptr(SluiceProfile) profile = sluice_profile_new ("schema-staging", SLUICE_ENVIRONMENT_STAGING, conninfo);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_auto(CliRun) run = { 0 };
  JsonObject *object;

  sluice_test_pg_exec (conninfo,
                       "CREATE TABLE schema_migrations (version varchar(128) PRIMARY KEY);"
                       "INSERT INTO schema_migrations VALUES ('20240101000000'), ('20240102000000');"
                       "CREATE TABLE things (id int PRIMARY KEY);");

  /* Its folder (dbmate's) names the tool whose history gives the version. */
  {
    g_autofree char *folder = g_path_get_dirname (file);
    g_autofree char *migrations = g_build_filename (folder, "migrations", NULL);
    g_autofree char *first = g_build_filename (migrations, "20240101000000_create_things.sql", NULL);
    g_autofree char *second = g_build_filename (migrations, "20240102000000_add_things_name.sql", NULL);

    g_assert_cmpint (g_mkdir_with_parents (migrations, 0755), ==, 0);
    g_file_set_contents (first, "-- migrate:up\nCREATE TABLE things (id int PRIMARY KEY);\n-- migrate:down\n", -1, &error);
    g_assert_no_error (error);
    g_file_set_contents (second, "-- migrate:up\nSELECT 1;\n-- migrate:down\n", -1, &error);
    g_assert_no_error (error);
    sluice_profile_set_migration_folder (profile, migrations);
  }

  sluice_profile_store_load (store, NULL);
  g_assert_true (sluice_profile_store_add (store, profile, &error));
  g_assert_no_error (error);
  g_assert_true (sluice_profile_store_save (store, &error));
  g_assert_no_error (error);

  run_cli (&run, "snapshot", "-p", "schema-staging", "-o", file, "--json");
  g_assert_cmpint (run.status, ==, 0);
  root = parse_json (run.out);
  object = json_node_get_object (root);
  g_assert_cmpstr (json_object_get_string_member (object, "profile"), ==, "schema-staging");
  g_assert_cmpstr (json_object_get_string_member (object, "migration_version"), ==, "20240102000000");
  g_assert_true (json_object_get_null_member (object, "label"));

  /* The profile by name against its own snapshot. */
  run_cli (&run, "diff", "schema-staging", file);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "profile schema-staging"));
}

/* errors: exit 2, one line on stderr */

static void
test_corrupt_file (void)
{
  g_autofree char *conninfo = sluice_test_pg_new_database ();
  g_autofree char *truncated = temp_file ("truncated.json");
  g_autofree char *garbage = temp_file ("garbage.json");
  g_autofree char *good = temp_file ("good.json");
  g_autofree char *data = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(CliRun) run = { 0 };
  gsize length = 0;

  sluice_test_pg_exec (conninfo, before_sql);

  /* A real snapshot cut in the middle. */
  run_cli (&run, "snapshot", "-c", conninfo, "-o", good);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_true (g_file_get_contents (good, &data, &length, &error));
  g_assert_no_error (error);
  g_file_set_contents (truncated, data, length / 2, &error);
  g_assert_no_error (error);

  run_cli (&run, "diff", truncated, conninfo);
  assert_one_error_line (&run);
  g_assert_nonnull (strstr (run.err, "truncated.json"));

  g_file_set_contents (garbage, "this is not a snapshot\n", -1, &error);
  g_assert_no_error (error);
  run_cli (&run, "diff", conninfo, garbage, "--json");
  assert_one_error_line (&run);
  g_assert_nonnull (strstr (run.err, "garbage.json"));
}

static void
test_missing_profile (void)
{
  g_autofree char *file = temp_file ("never.json");
  g_autofree char *conninfo = sluice_test_pg_new_database ();
  g_auto(CliRun) run = { 0 };

  run_cli (&run, "diff", "no-such-profile", conninfo);
  assert_one_error_line (&run);
  g_assert_nonnull (strstr (run.err, "no-such-profile"));

  run_cli (&run, "snapshot", "-p", "no-such-profile", "-o", file);
  assert_one_error_line (&run);
  g_assert_false (g_file_test (file, G_FILE_TEST_EXISTS));

  /* A database that is not there, by conninfo: an error, not "different". */
  {
    g_autofree char *bad = g_strconcat (conninfo, " dbname=sluice_no_such_database", NULL);

    run_cli (&run, "diff", conninfo, bad);
    assert_one_error_line (&run);
  }
}

static void
test_usage (void)
{
  g_auto(CliRun) run = { 0 };

  run_cli (&run, "diff", "only-one");
  assert_one_error_line (&run);

  /* "=" makes it a connection string, which libpq cannot read. */
  run_cli (&run, "diff", "password='hunter2secret", "dbname=x");
  assert_one_error_line (&run);
  g_assert_true (g_str_has_prefix (run.err, "sluice-cli: A is read as a connection string"));
  g_assert_null (strstr (run.err, "hunter2secret"));

  run_cli (&run, "diff", "a", "b", "--no-such-option");
  assert_one_error_line (&run);

  run_cli (&run, "snapshot", "-c", "dbname=x");
  assert_one_error_line (&run);
  g_assert_nonnull (strstr (run.err, "-o FILE"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/cli-schema/snapshot-and-diff-equal", test_snapshot_and_diff_equal);
  g_test_add_func ("/cli-schema/diff-two-databases", test_diff_two_databases);
  g_test_add_func ("/cli-schema/diff-ignore-privileges", test_diff_ignore_privileges);
  g_test_add_func ("/cli-schema/snapshot-profile", test_snapshot_profile);
  g_test_add_func ("/cli-schema/corrupt-file", test_corrupt_file);
  g_test_add_func ("/cli-schema/missing-profile", test_missing_profile);
  g_test_add_func ("/cli-schema/usage", test_usage);

  return g_test_run ();
}
