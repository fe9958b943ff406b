/* test-cli-health.c: sluice-cli indexes and activity, run as a program,
 * checked against the JSON contract in DESIGN.md and the README
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <libpq-fe.h>
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

static const char *
cli_path (void)
{
  const char *path = g_getenv ("SLUICE_CLI");

  return path != NULL && *path != '\0' ? path : SLUICE_CLI_PATH;
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
  /* Words and numbers as the contract spells them. */
  g_subprocess_launcher_setenv (launcher, "LC_ALL", "C.UTF-8", TRUE);
  g_subprocess_launcher_unsetenv (launcher, "LANGUAGE");

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
  run_cli_argv (run, (const char * const []) { __VA_ARGS__, NULL })

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

  g_assert_true (g_str_has_prefix (run->err, "sluice-cli: "));
  g_assert_nonnull (newline);
  g_assert_cmpstr (newline + 1, ==, "");
  g_assert_cmpstr (run->out, ==, "");
}

static JsonObject *
find_by_string (JsonArray  *array,
                const char *member,
                const char *value)
{
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *object = json_array_get_object_element (array, i);

      if (g_strcmp0 (json_object_get_string_member_with_default (object, member, NULL), value) == 0)
        return object;
    }

  g_error ("no element with %s = %s", member, value);
}

static JsonObject *
find_by_pid (JsonArray *array,
             int        pid)
{
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *object = json_array_get_object_element (array, i);

      if (json_object_get_int_member (object, "pid") == pid)
        return object;
    }

  g_error ("no element with pid %d", pid);
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

static void
test_indexes_json (void)
{
  g_autofree char *conninfo = sluice_test_pg_new_database ();
  g_autoptr(JsonNode) root = NULL;
  static const char * const flag_words[] = { "unused", "redundant", "duplicate", "invalid", "bloated", NULL };
  JsonObject *object;
  JsonArray *indexes;
  JsonArray *keys;
  JsonObject *unused;
  JsonObject *duplicate;
  JsonObject *key;
  CliRun run = { 0 };

  sluice_test_pg_exec (conninfo,
                       "CREATE TABLE widgets (id int PRIMARY KEY, name text, note text);"
                       "CREATE TABLE parts (id int PRIMARY KEY, widget_id int REFERENCES widgets);"
                       "INSERT INTO widgets SELECT g, 'w' || g, 'n' FROM generate_series(1, 500) g;"
                       "CREATE INDEX widgets_note_idx ON widgets (note);"
                       "CREATE INDEX widgets_name_idx ON widgets (name);"
                       "CREATE INDEX widgets_name_again ON widgets (name);"
                       "ANALYZE");
  sluice_test_pg_exec (conninfo,
                       "SET enable_seqscan = off; SELECT * FROM widgets WHERE id = 1;"
                       "SELECT pg_stat_force_next_flush()");

  run_cli (&run, "indexes", "-c", conninfo, "--json");
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.err, ==, "");
  root = parse_json (run.out);
  object = json_node_get_object (root);

  g_assert_true (is_iso8601_utc (json_object_get_string_member (object, "stats_reset")));
  indexes = json_object_get_array_member (object, "indexes");
  g_assert_cmpuint (json_array_get_length (indexes), ==, 5);

  /* Every index carries the contract's members, flags from the five words,
   * and one explanation per flag. */
  for (guint i = 0; i < json_array_get_length (indexes); i++)
    {
      JsonObject *index = json_array_get_object_element (indexes, i);
      JsonArray *flags = json_object_get_array_member (index, "flags");
      JsonArray *explanations = json_object_get_array_member (index, "explanations");

      g_assert_cmpstr (json_object_get_string_member (index, "schema"), ==, "public");
      g_assert_nonnull (json_object_get_string_member (index, "table"));
      g_assert_nonnull (json_object_get_string_member (index, "name"));
      g_assert_true (g_str_has_prefix (json_object_get_string_member (index, "definition"), "CREATE "));
      g_assert_cmpint (json_node_get_value_type (json_object_get_member (index, "size_bytes")), ==, G_TYPE_INT64);
      g_assert_cmpint (json_object_get_int_member (index, "size_bytes"), >, 0);
      g_assert_cmpint (json_node_get_value_type (json_object_get_member (index, "scans")), ==, G_TYPE_INT64);
      g_assert_cmpuint (json_array_get_length (flags), ==, json_array_get_length (explanations));
      for (guint f = 0; f < json_array_get_length (flags); f++)
        g_assert_true (g_strv_contains (flag_words, json_array_get_string_element (flags, f)));
    }

  g_assert_cmpint (json_object_get_int_member (find_by_string (indexes, "name", "widgets_pkey"), "scans"), ==, 1);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (find_by_string (indexes, "name", "widgets_pkey"),
                                                                         "flags")), ==, 0);

  unused = find_by_string (indexes, "name", "widgets_note_idx");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (unused, "flags")), ==, 1);
  g_assert_cmpstr (json_array_get_string_element (json_object_get_array_member (unused, "flags"), 0), ==, "unused");
  g_assert_cmpint (json_object_get_int_member (unused, "scans"), ==, 0);
  g_assert_cmpstr (json_object_get_string_member (unused, "table"), ==, "widgets");

  duplicate = find_by_string (indexes, "name", "widgets_name_again");
  g_assert_cmpstr (json_array_get_string_element (json_object_get_array_member (duplicate, "flags"), 0), ==, "unused");
  g_assert_cmpstr (json_array_get_string_element (json_object_get_array_member (duplicate, "flags"), 1), ==, "duplicate");
  g_assert_cmpstr (json_object_get_string_member (duplicate, "related_index"), ==, "public.widgets_name_idx");
  g_assert_true (json_object_get_boolean_member (json_object_get_object_member (duplicate, "bloat"), "available"));

  keys = json_object_get_array_member (object, "unindexed_foreign_keys");
  g_assert_cmpuint (json_array_get_length (keys), ==, 1);
  key = json_array_get_object_element (keys, 0);
  g_assert_cmpstr (json_object_get_string_member (key, "table"), ==, "parts");
  g_assert_cmpstr (json_object_get_string_member (key, "constraint"), ==, "parts_widget_id_fkey");
  g_assert_cmpstr (json_array_get_string_element (json_object_get_array_member (key, "columns"), 0), ==, "widget_id");
  g_assert_cmpstr (json_object_get_string_member (key, "create_index_sql"), ==,
                   "CREATE INDEX CONCURRENTLY ON public.parts (widget_id);");

  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (object, "tables")), ==, 2);
  cli_run_clear (&run);
}

static void
test_indexes_human (void)
{
  g_autofree char *conninfo = sluice_test_pg_new_database ();
  g_auto(GStrv) lines = NULL;
  const char *header = NULL;
  const char *row = NULL;
  const char *flags_column;
  CliRun run = { 0 };

  sluice_test_pg_exec (conninfo,
                       "CREATE TABLE gadgets (id int PRIMARY KEY, label text);"
                       "CREATE INDEX gadgets_label_idx ON gadgets (label)");

  run_cli (&run, "indexes", "-c", conninfo);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.err, ==, "");
  g_assert_true (g_str_has_prefix (run.out, "Statistics since "));

  lines = g_strsplit (run.out, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      if (g_str_has_prefix (lines[i], "TABLE"))
        header = lines[i];
      else if (strstr (lines[i], "gadgets_label_idx") != NULL && row == NULL)
        row = lines[i];
    }
  g_assert_nonnull (header);
  g_assert_nonnull (row);

  /* Aligned: the flag sits under FLAGS, counting characters (sizes are
   * written with a no-break space, two bytes, one column). */
  flags_column = strstr (header, "FLAGS");
  g_assert_nonnull (flags_column);
  g_assert_cmpstr (g_utf8_offset_to_pointer (row, g_utf8_pointer_to_offset (header, flags_column)), ==, "unused");
  g_assert_nonnull (strstr (run.out, "Why:"));
  cli_run_clear (&run);
}

static void
test_usage_and_failure (void)
{
  CliRun run = { 0 };

  run_cli (&run, "indexes");
  g_assert_cmpint (run.status, ==, 2);
  assert_one_error_line (&run);
  cli_run_clear (&run);

  run_cli (&run, "indexes", "-c", "dbname=x", "surplus");
  g_assert_cmpint (run.status, ==, 2);
  assert_one_error_line (&run);
  cli_run_clear (&run);

  run_cli (&run, "activity", "-c", "dbname=x", "--long-transaction", "-5");
  g_assert_cmpint (run.status, ==, 2);
  assert_one_error_line (&run);
  cli_run_clear (&run);

  run_cli (&run, "activity", "--bogus");
  g_assert_cmpint (run.status, ==, 2);
  assert_one_error_line (&run);
  cli_run_clear (&run);

  /* No server there: a failure, not a usage error. */
  run_cli (&run, "indexes", "-c", "host=/nonexistent-socket-dir port=1 connect_timeout=2", "--json");
  g_assert_cmpint (run.status, ==, 1);
  assert_one_error_line (&run);
  cli_run_clear (&run);
}

static void
test_activity_json (void)
{
  g_autofree char *conninfo = sluice_test_pg_new_database ();
  g_autofree char *a_conninfo = NULL;
  g_autofree char *b_conninfo = NULL;
  g_autoptr(JsonNode) root = NULL;
  JsonObject *object;
  JsonArray *sessions;
  JsonObject *a_session;
  JsonObject *b_session;
  JsonObject *b_lock;
  JsonArray *tree;
  JsonArray *children;
  CliRun run = { 0 };
  PGconn *a;
  PGconn *b;
  PGresult *result;
  int a_pid;
  int b_pid;
  gint64 deadline;

  sluice_test_pg_exec (conninfo, "CREATE TABLE ledger (id int)");

  a_conninfo = g_strdup_printf ("%s application_name=holder", conninfo);
  b_conninfo = g_strdup_printf ("%s application_name=reader", conninfo);
  a = PQconnectdb (a_conninfo);
  b = PQconnectdb (b_conninfo);
  g_assert_cmpint (PQstatus (a), ==, CONNECTION_OK);
  g_assert_cmpint (PQstatus (b), ==, CONNECTION_OK);
  a_pid = PQbackendPID (a);
  b_pid = PQbackendPID (b);

  result = PQexec (a, "BEGIN; LOCK TABLE ledger IN ACCESS EXCLUSIVE MODE");
  g_assert_cmpint (PQresultStatus (result), ==, PGRES_COMMAND_OK);
  PQclear (result);
  g_assert_cmpint (PQsendQuery (b, "SELECT count(*) FROM ledger"), ==, 1);

  /* Until the CLI sees B waiting. */
  deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
  for (;;)
    {
      run_cli (&run, "activity", "-c", conninfo, "--json", "--long-transaction", "0");
      g_assert_cmpint (run.status, ==, 0);
      root = parse_json (run.out);
      object = json_node_get_object (root);
      if (json_array_get_length (json_object_get_array_member (object, "locks_waiting")) > 0)
        break;
      g_clear_pointer (&root, json_node_unref);
      cli_run_clear (&run);
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_usleep (100000);
    }

  sessions = json_object_get_array_member (object, "sessions");
  a_session = find_by_pid (sessions, a_pid);
  b_session = find_by_pid (sessions, b_pid);
  g_assert_cmpstr (json_object_get_string_member (a_session, "state"), ==, "idle in transaction");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (a_session, "blocked_by")), ==, 0);
  g_assert_cmpstr (json_object_get_string_member (b_session, "state"), ==, "active");
  g_assert_cmpstr (json_object_get_string_member (b_session, "wait_event"), ==, "relation");
  g_assert_cmpstr (json_object_get_string_member (b_session, "query"), ==, "SELECT count(*) FROM ledger");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (b_session, "blocked_by")), ==, 1);
  g_assert_cmpint (json_array_get_int_element (json_object_get_array_member (b_session, "blocked_by"), 0), ==, a_pid);
  g_assert_cmpstr (json_object_get_string_member (b_session, "application"), ==, "reader");
  g_assert_true (is_iso8601_utc (json_object_get_string_member (a_session, "xact_start")));

  b_lock = find_by_pid (json_object_get_array_member (object, "locks_waiting"), b_pid);
  g_assert_cmpstr (json_object_get_string_member (b_lock, "mode"), ==, "AccessShareLock");
  g_assert_cmpstr (json_object_get_string_member (b_lock, "relation"), ==, "ledger");
  g_assert_cmpstr (json_object_get_string_member (b_lock, "lock_type"), ==, "relation");

  tree = json_object_get_array_member (object, "blocking_tree");
  g_assert_cmpuint (json_array_get_length (tree), ==, 1);
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (tree, 0), "pid"), ==, a_pid);
  children = json_object_get_array_member (json_array_get_object_element (tree, 0), "children");
  g_assert_cmpuint (json_array_get_length (children), ==, 1);
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (children, 0), "pid"), ==, b_pid);

  find_by_pid (json_object_get_array_member (object, "long_transactions"), a_pid);
  g_assert_false (json_object_get_boolean_member (json_object_get_object_member (object, "pg_stat_statements"),
                                                  "installed"));
  g_clear_pointer (&root, json_node_unref);
  cli_run_clear (&run);

  /* The same for people. */
  run_cli (&run, "activity", "-c", conninfo);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_true (g_str_has_prefix (run.out, "PID"));
  g_assert_nonnull (strstr (run.out, "Blocking"));
  g_assert_nonnull (strstr (run.out, "Locks waited for:"));
  g_assert_nonnull (strstr (run.out, "AccessShareLock"));
  cli_run_clear (&run);

  result = PQexec (a, "ROLLBACK");
  PQclear (result);
  while ((result = PQgetResult (b)) != NULL)
    PQclear (result);
  PQfinish (a);
  PQfinish (b);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/cli-health/indexes-json", test_indexes_json);
  g_test_add_func ("/cli-health/indexes-human", test_indexes_human);
  g_test_add_func ("/cli-health/usage-and-failure", test_usage_and_failure);
  g_test_add_func ("/cli-health/activity-json", test_activity_json);

  return g_test_run ();
}
