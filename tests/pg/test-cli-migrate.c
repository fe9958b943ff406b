/* test-cli-migrate.c: sluice-cli migrate and rollback, run as a program
 *
 * The contract: the run log streams as lines (stdout; stderr with --json),
 * --json prints {"applied", "failed", "error"}, exit codes 0/1/2, a prod
 * profile needs the typed name or --yes and a backup decision, --dry-run
 * writes nothing, the timeouts and retries are the command line's.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <fcntl.h>
#include <libpq-fe.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

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

static char *
make_temp_dir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("sluice-cli-migrate-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

/* Runs sluice-cli with @config_dir as its config folder (profiles.json)
 * and a data folder of its own (snapshots); stdin is not a terminal. */
static void
run_cli_argv (CliRun             *run,
              const char         *config_dir,
              const char * const *args)
{
  static char *data_dir = NULL;
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) subprocess = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *empty_config = NULL;

  if (data_dir == NULL)
    data_dir = make_temp_dir ();
  if (config_dir == NULL)
    config_dir = empty_config = make_temp_dir ();

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE |
                                        G_SUBPROCESS_FLAGS_STDIN_PIPE);
  g_subprocess_launcher_setenv (launcher, "LC_ALL", "C.UTF-8", TRUE);
  g_subprocess_launcher_unsetenv (launcher, "LANGUAGE");
  g_subprocess_launcher_setenv (launcher, "SLUICE_CONFIG_DIR", config_dir, TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_DATA_HOME", data_dir, TRUE);

  g_ptr_array_add (argv, (gpointer) cli_path ());
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);

  subprocess = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (subprocess, "", NULL, &run->out, &run->err, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (subprocess));
  run->status = g_subprocess_get_exit_status (subprocess);

  g_test_message ("sluice-cli %s -> %d\nstdout: %s\nstderr: %s", args[0], run->status, run->out, run->err);
}

/* As run_cli_argv(), with stdin a terminal (a pseudo-terminal) on which
 * @typed has been typed. */
static void
run_cli_on_terminal (CliRun             *run,
                     const char         *config_dir,
                     const char         *typed,
                     const char * const *args)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) subprocess = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *data_dir = make_temp_dir ();
  g_autofree char *line = g_strconcat (typed, "\n", NULL);
  int master = posix_openpt (O_RDWR | O_NOCTTY);
  int terminal;

  g_assert_cmpint (master, >=, 0);
  g_assert_cmpint (grantpt (master), ==, 0);
  g_assert_cmpint (unlockpt (master), ==, 0);
  terminal = open (ptsname (master), O_RDWR | O_NOCTTY);
  g_assert_cmpint (terminal, >=, 0);
  g_assert_cmpint (write (master, line, strlen (line)), ==, (gssize) strlen (line));

  cli_run_clear (run);
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_subprocess_launcher_take_stdin_fd (launcher, terminal);
  g_subprocess_launcher_setenv (launcher, "LC_ALL", "C.UTF-8", TRUE);
  g_subprocess_launcher_unsetenv (launcher, "LANGUAGE");
  g_subprocess_launcher_setenv (launcher, "SLUICE_CONFIG_DIR", config_dir, TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_DATA_HOME", data_dir, TRUE);

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
  close (master);

  g_test_message ("sluice-cli %s (typed %s) -> %d\nstdout: %s\nstderr: %s",
                  args[0], typed, run->status, run->out, run->err);
}

#define run_cli(run, config, ...) \
  G_STMT_START { \
    cli_run_clear (run); \
    run_cli_argv (run, config, (const char * const []) { __VA_ARGS__, NULL }); \
  } G_STMT_END

static JsonObject *
parse_result (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonObject *object;

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)));
  object = json_node_dup_object (json_parser_get_root (parser));

  /* The contract's members are always there. */
  g_assert_true (json_object_has_member (object, "applied"));
  g_assert_true (json_object_has_member (object, "failed"));
  g_assert_true (json_object_has_member (object, "error"));
  return object;
}

static char *
applied_list (JsonObject *object)
{
  JsonArray *applied = json_object_get_array_member (object, "applied");
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < json_array_get_length (applied); i++)
    {
      if (i > 0)
        g_string_append_c (text, ',');
      g_string_append (text, json_array_get_string_element (applied, i));
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
assert_one_error_line (CliRun     *run,
                       const char *fragment)
{
  g_auto(GStrv) lines = g_strsplit (run->err, "\n", -1);
  gboolean found = FALSE;

  for (guint i = 0; lines[i] != NULL; i++)
    {
      if (g_str_has_prefix (lines[i], "sluice-cli: "))
        {
          g_assert_false (found);
          found = TRUE;
          g_assert_nonnull (strstr (lines[i], fragment));
        }
    }
  g_assert_true (found);
}

static char *
write_profile (const char        *conninfo,
               SluiceEnvironment  environment,
               const char        *folder)
{
  g_autoptr(GError) error = NULL;
  char *dir = make_temp_dir ();
  g_autofree char *path = g_build_filename (dir, "profiles.json", NULL);
  g_autoptr(SluiceProfileStore) store = sluice_profile_store_new (path);
  g_autoptr(SluiceProfile) profile = sluice_profile_new (environment == SLUICE_ENVIRONMENT_PROD ? "prod" : "dev",
                                                         environment, conninfo);

  sluice_profile_set_guard (profile, sluice_environment_default_guard (environment));
  sluice_profile_set_migration_folder (profile, folder);
  g_assert_true (sluice_profile_store_add (store, profile, &error));
  g_assert_true (sluice_profile_store_save (store, &error));
  g_assert_no_error (error);
  return dir;
}

static const char * const shop_files[] = {
  "0001_customers.sql",
  "-- sluice:up\nCREATE TABLE customers (id bigint PRIMARY KEY, name text NOT NULL);\n"
  "-- sluice:down\nDROP TABLE customers;\n",
  "0002_orders.sql",
  "-- sluice:up\nCREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint NOT NULL);\n"
  "-- sluice:down\nDROP TABLE orders;\n",
  NULL
};

/* migrate: streaming lines, then --json, then nothing to do */

static void
test_cli_migrate_streams (void)
{
  g_autofree char *conninfo = sluice_test_pg_new_database ();
  g_autofree char *dir = sluice_test_make_folder ("cli-migrate", shop_files);
  g_autoptr(JsonObject) result = NULL;
  g_autofree char *applied = NULL;
  g_autofree char *count = NULL;
  g_auto(CliRun) run = { 0 };

  run_cli (&run, NULL, "migrate", "-c", conninfo, "-d", dir, "--to", "0001");
  g_assert_cmpint (run.status, ==, 0);
  /* One line per event, as they come: the steps, the statements, the end. */
  g_assert_nonnull (strstr (run.out, "Preflight checks\n"));
  g_assert_nonnull (strstr (run.out, "statement 1/1"));
  g_assert_nonnull (strstr (run.out, "Changes: created 1 table"));
  g_assert_nonnull (strstr (run.out, "Done: 1 migration applied.\n"));
  g_assert_cmpstr (run.err, ==, "");

  run_cli (&run, NULL, "migrate", "-c", conninfo, "-d", dir, "--json");
  g_assert_cmpint (run.status, ==, 0);
  result = parse_result (run.out);
  applied = applied_list (result);
  g_assert_cmpstr (applied, ==, "0002");
  g_assert_true (json_object_get_null_member (result, "failed"));
  g_assert_true (json_object_get_null_member (result, "error"));
  /* With --json the log goes to stderr, so stdout is the document alone. */
  g_assert_nonnull (strstr (run.err, "statement 1/1"));

  count = sluice_test_pg_query_value (conninfo, "SELECT count(*) FROM sluice.migrations");
  g_assert_cmpstr (count, ==, "2");

  run_cli (&run, NULL, "migrate", "-c", conninfo, "-d", dir);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "Nothing to apply"));
}

/* --dry-run: checks, lint and plan; nothing written */

static void
test_cli_migrate_dry_run (void)
{
  g_autofree char *conninfo = sluice_test_pg_new_database ();
  g_autofree char *dir = sluice_test_make_folder ("cli-migrate", shop_files);
  g_autoptr(JsonObject) result = NULL;
  g_auto(CliRun) run = { 0 };

  run_cli (&run, NULL, "migrate", "-c", conninfo, "-d", dir, "--dry-run");
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "0001 customers"));
  g_assert_nonnull (strstr (run.out, "0002 orders"));
  g_assert_nonnull (strstr (run.out, "nothing was written"));
  g_assert_null (sluice_test_pg_query_value (conninfo, "SELECT to_regclass('public.customers')::text"));
  g_assert_null (sluice_test_pg_query_value (conninfo, "SELECT to_regnamespace('sluice')::text"));

  run_cli (&run, NULL, "migrate", "-c", conninfo, "-d", dir, "--dry-run", "--json");
  g_assert_cmpint (run.status, ==, 0);
  result = parse_result (run.out);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (result, "applied")), ==, 0);
  g_assert_true (json_object_get_boolean_member (result, "dry_run"));
}

/* A failure: exit 1, the version that failed, the one applied before it */

static void
test_cli_migrate_failure (void)
{
  g_autofree char *conninfo = sluice_test_pg_new_database ();
  g_autofree char *dir = NULL;
  g_autoptr(JsonObject) result = NULL;
  g_autofree char *applied = NULL;
  g_auto(CliRun) run = { 0 };
  static const char * const files[] = {
    "0001_a.sql", "-- sluice:up\nCREATE TABLE a (id int);\n",
    "0002_b.sql", "-- sluice:up\nCREATE TABLE b (id int);\nCREATE TABLE c (id nosuchtype);\n",
    NULL
  };

  dir = sluice_test_make_folder ("cli-migrate", files);
  run_cli (&run, NULL, "migrate", "-c", conninfo, "-d", dir, "--json");
  g_assert_cmpint (run.status, ==, 1);
  result = parse_result (run.out);
  applied = applied_list (result);
  g_assert_cmpstr (applied, ==, "0001");
  g_assert_cmpstr (json_object_get_string_member (result, "failed"), ==, "0002");
  g_assert_nonnull (strstr (json_object_get_string_member (result, "error"), "nosuchtype"));
  assert_one_error_line (&run, "nosuchtype");
  g_assert_null (sluice_test_pg_query_value (conninfo, "SELECT to_regclass('public.b')::text"));
}

/* A lock held elsewhere: the command line's timeout and retries, a clean stop */

static void
test_cli_migrate_lock_timeout (void)
{
  g_autofree char *conninfo = sluice_test_pg_new_database ();
  g_autofree char *dir = NULL;
  g_autoptr(JsonObject) result = NULL;
  g_auto(CliRun) run = { 0 };
  PGconn *holder;
  gint64 started;
  static const char * const files[] = {
    "0001_note.sql", "-- sluice:up\nALTER TABLE items ADD COLUMN note text;\n",
    NULL
  };

  sluice_test_pg_exec (conninfo, "CREATE TABLE items (id int)");
  dir = sluice_test_make_folder ("cli-migrate", files);

  /* SHARE: the run's ALTER TABLE waits, reading the catalog does not. */
  holder = sluice_test_pg_session_open (conninfo);
  sluice_test_pg_session_exec (holder, "BEGIN; LOCK TABLE items IN SHARE MODE;");

  started = g_get_monotonic_time ();
  run_cli (&run, NULL, "migrate", "-c", conninfo, "-d", dir, "--json",
           "--lock-timeout", "100ms", "--lock-retries", "1");
  g_assert_cmpint (run.status, ==, 1);
  g_assert_cmpint (g_get_monotonic_time () - started, <, 20 * G_USEC_PER_SEC);
  result = parse_result (run.out);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (result, "applied")), ==, 0);
  g_assert_cmpstr (json_object_get_string_member (result, "failed"), ==, "0001");
  g_assert_nonnull (strstr (run.err, "lock_timeout = 100 ms"));
  g_assert_nonnull (strstr (run.err, "up to 1 retry after"));
  /* The preflight saw the session holding the lock. */
  g_assert_nonnull (strstr (run.err, "holds ShareLock on public.items"));
  g_assert_null (sluice_test_pg_query_value (conninfo, "SELECT attname FROM pg_attribute "
                                                       "WHERE attrelid = 'items'::regclass AND attname = 'note'"));

  PQfinish (holder);
}

/* Another run under way: stopped before anything, the holder named */

static void
test_cli_migrate_other_run (void)
{
  g_autofree char *conninfo = sluice_test_pg_new_database ();
  g_autofree char *dir = sluice_test_make_folder ("cli-migrate", shop_files);
  g_autofree char *lock_sql = NULL;
  g_autofree char *holder_pid = NULL;
  g_auto(CliRun) run = { 0 };
  PGconn *holder;
  PGresult *pg_result;

  holder = PQconnectdb (conninfo);
  g_assert_cmpint (PQstatus (holder), ==, CONNECTION_OK);
  lock_sql = g_strdup_printf ("SELECT pg_advisory_lock(%" G_GINT64_FORMAT ")", sluice_executor_advisory_key ());
  pg_result = PQexec (holder, lock_sql);
  g_assert_cmpint (PQresultStatus (pg_result), ==, PGRES_TUPLES_OK);
  PQclear (pg_result);
  holder_pid = g_strdup_printf ("pid %d", PQbackendPID (holder));

  run_cli (&run, NULL, "migrate", "-c", conninfo, "-d", dir);
  g_assert_cmpint (run.status, ==, 1);
  assert_one_error_line (&run, holder_pid);
  g_assert_null (sluice_test_pg_query_value (conninfo, "SELECT to_regclass('public.customers')::text"));

  PQfinish (holder);
}

/* prod: the typed name or --yes, and a backup decision */

static void
test_cli_migrate_prod (void)
{
  g_autofree char *conninfo = sluice_test_pg_new_database ();
  g_autofree char *dir = sluice_test_make_folder ("cli-migrate", shop_files);
  g_autofree char *config = write_profile (conninfo, SLUICE_ENVIRONMENT_PROD, dir);
  g_autofree char *backups = make_temp_dir ();
  g_autofree char *note = NULL;
  g_autofree char *backup_note = NULL;
  g_autofree char *database = NULL;
  g_autoptr(JsonObject) result = NULL;
  g_autoptr(GDir) listing = NULL;
  const char *name;
  guint n_dumps = 0;
  g_auto(CliRun) run = { 0 };

  /* No backup decision: a usage error, nothing run. */
  run_cli (&run, config, "migrate", "-p", "prod", "--yes", "--to", "0001");
  g_assert_cmpint (run.status, ==, 2);
  assert_one_error_line (&run, "--no-backup");
  g_assert_null (sluice_test_pg_query_value (conninfo, "SELECT to_regclass('public.customers')::text"));

  /* Not a terminal and no --yes: nothing run. */
  run_cli (&run, config, "migrate", "-p", "prod", "--no-backup", "restored nightly", "--to", "0001");
  g_assert_cmpint (run.status, ==, 2);
  assert_one_error_line (&run, "--yes");
  g_assert_null (sluice_test_pg_query_value (conninfo, "SELECT to_regclass('public.customers')::text"));

  /* On a terminal: the database's name must be typed. */
  database = sluice_test_pg_query_value (conninfo, "SELECT current_database()");
  run_cli_on_terminal (&run, config, "postgres",
                       (const char * const []) { "migrate", "-p", "prod", "--no-backup", "restored nightly",
                                                 "--to", "0001", NULL });
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, "Type the database name"));
  assert_one_error_line (&run, "nothing was run");
  g_assert_null (sluice_test_pg_query_value (conninfo, "SELECT to_regclass('public.customers')::text"));

  run_cli_on_terminal (&run, config, database,
                       (const char * const []) { "migrate", "-p", "prod", "--no-backup", "restored nightly",
                                                 "--to", "0001", NULL });
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "Done: 1 migration applied."));

  /* Rolling back drops a table: an error on a strict profile, until accepted. */
  run_cli (&run, config, "rollback", "-p", "prod", "--yes", "--no-backup", "test", "--to", "0");
  g_assert_cmpint (run.status, ==, 1);
  assert_one_error_line (&run, "--accept-lint");
  g_assert_nonnull (strstr (run.out, "error [drop-table]"));
  g_assert_nonnull (sluice_test_pg_query_value (conninfo, "SELECT to_regclass('public.customers')::text"));

  run_cli (&run, config, "rollback", "-p", "prod", "--yes", "--no-backup", "test", "--to", "0", "--accept-lint");
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "acknowledged"));
  g_assert_null (sluice_test_pg_query_value (conninfo, "SELECT to_regclass('public.customers')::text"));

  /* --yes and a reason: run, the reason recorded; prod's lock_timeout is 5 s. */
  run_cli (&run, config, "migrate", "-p", "prod", "--yes", "--no-backup", "restored nightly",
           "--to", "0001", "--json");
  g_assert_cmpint (run.status, ==, 0);
  result = parse_result (run.out);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (result, "applied")), ==, 1);
  g_assert_nonnull (strstr (run.err, "lock_timeout = 5000 ms"));
  note = sluice_test_pg_query_value (conninfo, "SELECT note FROM sluice.run_log ORDER BY id DESC LIMIT 1");
  g_assert_nonnull (note);
  g_assert_nonnull (strstr (note, "restored nightly"));

  /* --backup DIR: pg_dump first, its path in the run log. */
  run_cli (&run, config, "migrate", "-p", "prod", "--yes", "--backup", backups);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "Backup taken: "));
  listing = g_dir_open (backups, 0, NULL);
  g_assert_nonnull (listing);
  while ((name = g_dir_read_name (listing)) != NULL)
    n_dumps++;
  g_assert_cmpuint (n_dumps, ==, 1);
  backup_note = sluice_test_pg_query_value (conninfo, "SELECT note FROM sluice.run_log ORDER BY id DESC LIMIT 1");
  g_assert_nonnull (backup_note);
  g_assert_nonnull (strstr (backup_note, backups));
}

/* Usage errors: exit 2, one line, nothing run */

static void
test_cli_migrate_usage (void)
{
  g_autofree char *conninfo = sluice_test_pg_new_database ();
  g_autofree char *dir = sluice_test_make_folder ("cli-migrate", shop_files);
  g_autofree char *missing = g_build_filename (dir, "nowhere", NULL);
  g_auto(CliRun) run = { 0 };

  run_cli (&run, NULL, "migrate", "-c", conninfo, "-d", dir, "--lock-timeout", "soon");
  g_assert_cmpint (run.status, ==, 2);
  assert_one_error_line (&run, "soon");

  run_cli (&run, NULL, "migrate", "-c", conninfo, "-d", dir, "--backup", dir, "--no-backup", "x");
  g_assert_cmpint (run.status, ==, 2);
  assert_one_error_line (&run, "--no-backup");

  run_cli (&run, NULL, "migrate", "-c", conninfo, "-d", missing);
  g_assert_cmpint (run.status, ==, 2);
  assert_one_error_line (&run, "nowhere");

  run_cli (&run, NULL, "rollback", "-c", conninfo, "-d", dir);
  g_assert_cmpint (run.status, ==, 2);
  assert_one_error_line (&run, "--to");

  run_cli (&run, NULL, "migrate", "-p", "no-such-profile", "-d", dir);
  g_assert_cmpint (run.status, ==, 2);

  g_assert_null (sluice_test_pg_query_value (conninfo, "SELECT to_regnamespace('sluice')::text"));
}

/* --json: one document on every exit, and the exit code of each */

static JsonObject *
parse_rehearsal (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonObject *object;
  static const char * const members[] = {
    "statements", "duration_ms", "down_tested", "reversible", "error", NULL
  };

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)));
  object = json_node_dup_object (json_parser_get_root (parser));
  for (guint i = 0; members[i] != NULL; i++)
    g_assert_true (json_object_has_member (object, members[i]));
  return object;
}

static void
assert_json_error (CliRun     *run,
                   const char *fragment)
{
  g_autoptr(JsonObject) result = parse_result (run->out);

  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (result, "applied")), ==, 0);
  g_assert_true (json_object_get_null_member (result, "failed"));
  g_assert_nonnull (strstr (json_object_get_string_member (result, "error"), fragment));
  assert_one_error_line (run, fragment);
}

static void
test_cli_migrate_json_every_exit (void)
{
  g_autofree char *conninfo = sluice_test_pg_new_database ();
  g_autofree char *dir = sluice_test_make_folder ("cli-migrate", shop_files);
  g_autofree char *missing = g_build_filename (dir, "nowhere", NULL);
  /* The harness's socket folder, on a port where no server listens. */
  g_autofree char *unreachable = g_strdup_printf ("host=%s port=1 dbname=postgres connect_timeout=5",
                                                  g_getenv ("SLUICE_TEST_PGHOST"));
  g_autoptr(JsonObject) rehearsal = NULL;
  g_auto(CliRun) run = { 0 };

  /* A connection failure is a failure (1), with the document. */
  run_cli (&run, NULL, "migrate", "-c", unreachable, "-d", dir, "--json");
  g_assert_cmpint (run.status, ==, 1);
  assert_json_error (&run, "");
  g_assert_cmpstr (run.err, !=, "");

  run_cli (&run, NULL, "rollback", "-c", unreachable, "-d", dir, "--to", "0", "--json");
  g_assert_cmpint (run.status, ==, 1);
  assert_json_error (&run, "");

  run_cli (&run, NULL, "rehearse", "-c", unreachable, "-d", dir, "--json");
  g_assert_cmpint (run.status, ==, 1);
  rehearsal = parse_rehearsal (run.out);
  g_assert_false (json_object_get_null_member (rehearsal, "error"));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (rehearsal, "statements")), ==, 0);
  g_clear_pointer (&rehearsal, json_object_unref);

  /* Usage errors before anything is read: 2, with the document. */
  run_cli (&run, NULL, "migrate", "-c", conninfo, "-d", dir, "--backup", dir, "--no-backup", "x", "--json");
  g_assert_cmpint (run.status, ==, 2);
  assert_json_error (&run, "--no-backup");

  run_cli (&run, NULL, "migrate", "-c", conninfo, "-d", dir, "--no-backup", "  ", "--json");
  g_assert_cmpint (run.status, ==, 2);
  assert_json_error (&run, "reason");

  run_cli (&run, NULL, "rollback", "-c", conninfo, "-d", dir, "--json");
  g_assert_cmpint (run.status, ==, 2);
  assert_json_error (&run, "--to");

  run_cli (&run, NULL, "migrate", "-c", conninfo, "-d", missing, "--json");
  g_assert_cmpint (run.status, ==, 2);
  assert_json_error (&run, "nowhere");

  run_cli (&run, NULL, "migrate", "-p", "no-such-profile", "-d", dir, "--json");
  g_assert_cmpint (run.status, ==, 2);
  assert_json_error (&run, "no-such-profile");

  run_cli (&run, NULL, "rehearse", "-c", conninfo, "-d", missing, "--json");
  g_assert_cmpint (run.status, ==, 2);
  rehearsal = parse_rehearsal (run.out);
  g_assert_nonnull (strstr (json_object_get_string_member (rehearsal, "error"), "nowhere"));
  g_clear_pointer (&rehearsal, json_object_unref);
  /* Nothing above wrote to the database. */
  g_assert_null (sluice_test_pg_query_value (conninfo, "SELECT to_regnamespace('sluice')::text"));

  /* Nothing pending: the rehearsal's document has every member too. */
  run_cli (&run, NULL, "migrate", "-c", conninfo, "-d", dir);
  g_assert_cmpint (run.status, ==, 0);
  run_cli (&run, NULL, "rehearse", "-c", conninfo, "-d", dir, "--json");
  g_assert_cmpint (run.status, ==, 0);
  rehearsal = parse_rehearsal (run.out);
  g_assert_true (json_object_get_null_member (rehearsal, "error"));
  g_assert_false (json_object_get_boolean_member (rehearsal, "down_tested"));
  g_assert_cmpfloat (json_object_get_double_member (rehearsal, "duration_ms"), ==, 0);
}

/* rollback: back to a version with the down scripts */

static void
test_cli_rollback (void)
{
  g_autofree char *conninfo = sluice_test_pg_new_database ();
  g_autofree char *dir = sluice_test_make_folder ("cli-migrate", shop_files);
  g_autoptr(JsonObject) result = NULL;
  g_autofree char *reverted = NULL;
  g_autofree char *left = NULL;
  g_auto(CliRun) run = { 0 };

  run_cli (&run, NULL, "migrate", "-c", conninfo, "-d", dir);
  g_assert_cmpint (run.status, ==, 0);

  run_cli (&run, NULL, "rollback", "-c", conninfo, "-d", dir, "--to", "0001", "--dry-run");
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "0002 orders"));
  g_assert_nonnull (sluice_test_pg_query_value (conninfo, "SELECT to_regclass('public.orders')::text"));

  run_cli (&run, NULL, "rollback", "-c", conninfo, "-d", dir, "--to", "0001", "--json");
  g_assert_cmpint (run.status, ==, 0);
  result = parse_result (run.out);
  reverted = applied_list (result);
  g_assert_cmpstr (reverted, ==, "0002");
  /* The columns of the table dropped are no undeclared change. */
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (result, "undeclared")), ==, 0);
  g_assert_null (sluice_test_pg_query_value (conninfo, "SELECT to_regclass('public.orders')::text"));
  g_assert_nonnull (sluice_test_pg_query_value (conninfo, "SELECT to_regclass('public.customers')::text"));
  left = sluice_test_pg_query_value (conninfo, "SELECT string_agg(version, ',') FROM sluice.migrations");
  g_assert_cmpstr (left, ==, "0001");

  /* A version that is not applied: an input error. */
  run_cli (&run, NULL, "rollback", "-c", conninfo, "-d", dir, "--to", "0002");
  g_assert_cmpint (run.status, ==, 2);
}

/* rollback of a migration without a down script: the DDL back to the
 * snapshot the migrate run took before it */

static void
test_cli_rollback_from_snapshot (void)
{
  g_autofree char *conninfo = sluice_test_pg_new_database ();
  g_autofree char *dir = NULL;
  g_autoptr(JsonObject) result = NULL;
  g_autofree char *reverted = NULL;
  g_auto(CliRun) run = { 0 };
  static const char * const files[] = {
    "0001_a.sql", "-- sluice:up\nCREATE TABLE a (id int);\n",
    "0002_b.sql", "-- sluice:up\nCREATE TABLE b (id int, note text);\n",
    NULL
  };

  dir = sluice_test_make_folder ("cli-migrate", files);
  run_cli (&run, NULL, "migrate", "-c", conninfo, "-d", dir);
  g_assert_cmpint (run.status, ==, 0);

  run_cli (&run, NULL, "rollback", "-c", conninfo, "-d", dir, "--to", "0001", "--json");
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.err, "DDL generated back to the snapshot"));
  result = parse_result (run.out);
  reverted = applied_list (result);
  g_assert_cmpstr (reverted, ==, "0002");
  g_assert_null (sluice_test_pg_query_value (conninfo, "SELECT to_regclass('public.b')::text"));
  g_assert_nonnull (sluice_test_pg_query_value (conninfo, "SELECT to_regclass('public.a')::text"));
}

/* rehearse: on the harness's cluster, which stands in for the sandbox */

static void
test_cli_rehearse (void)
{
  const char *sandbox_dir = g_getenv ("TMPDIR");
  g_autoptr(SluiceSandbox) sandbox = NULL;
  g_autofree char *conninfo = NULL;
  g_autofree char *dir = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonObject *report;
  JsonArray *statements;
  gboolean share_lock = FALSE;
  g_auto(CliRun) run = { 0 };
  static const char * const files[] = {
    "0001_index.sql",
    "-- sluice:up\nCREATE INDEX items_id_idx ON items (id);\n-- sluice:down\nDROP INDEX items_id_idx;\n",
    NULL
  };

  sandbox = sandbox_dir != NULL ? sluice_sandbox_new (sandbox_dir) : NULL;
  if (sandbox == NULL || sluice_sandbox_get_state (sandbox) != SLUICE_SANDBOX_RUNNING)
    {
      g_test_skip ("needs the harness's cluster as the sandbox (run under sluice-pg-harness)");
      return;
    }

  conninfo = sluice_test_pg_new_database ();
  sluice_test_pg_exec (conninfo, "CREATE TABLE items (id int)");
  dir = sluice_test_make_folder ("cli-migrate", files);

  run_cli (&run, NULL, "rehearse", "-c", conninfo, "-d", dir, "--sandbox", sandbox_dir, "--json");
  g_assert_cmpint (run.status, ==, 0);
  json_parser_load_from_data (parser, run.out, -1, &error);
  g_assert_no_error (error);
  report = json_node_get_object (json_parser_get_root (parser));
  statements = json_object_get_array_member (report, "statements");
  g_assert_cmpuint (json_array_get_length (statements), >=, 1);
  for (guint i = 0; i < json_array_get_length (statements); i++)
    {
      JsonArray *locks = json_object_get_array_member (json_array_get_object_element (statements, i), "locks");

      for (guint j = 0; j < json_array_get_length (locks); j++)
        if (strstr (json_array_get_string_element (locks, j), "SHARE") != NULL)
          share_lock = TRUE;
    }
  g_assert_true (share_lock);
  g_assert_true (json_object_get_boolean_member (report, "reversible"));
  g_assert_nonnull (strstr (run.err, "What each statement did"));

  /* Nothing was written to the target. */
  g_assert_null (sluice_test_pg_query_value (conninfo, "SELECT to_regclass('public.items_id_idx')::text"));
  g_assert_null (sluice_test_pg_query_value (conninfo, "SELECT to_regnamespace('sluice')::text"));
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/cli-migrate/streams", test_cli_migrate_streams);
  g_test_add_func ("/cli-migrate/dry-run", test_cli_migrate_dry_run);
  g_test_add_func ("/cli-migrate/failure", test_cli_migrate_failure);
  g_test_add_func ("/cli-migrate/lock-timeout", test_cli_migrate_lock_timeout);
  g_test_add_func ("/cli-migrate/other-run", test_cli_migrate_other_run);
  g_test_add_func ("/cli-migrate/prod", test_cli_migrate_prod);
  g_test_add_func ("/cli-migrate/usage", test_cli_migrate_usage);
  g_test_add_func ("/cli-migrate/json-every-exit", test_cli_migrate_json_every_exit);
  g_test_add_func ("/cli-migrate/rollback", test_cli_rollback);
  g_test_add_func ("/cli-migrate/rollback-from-snapshot", test_cli_rollback_from_snapshot);
  g_test_add_func ("/cli-migrate/rehearse", test_cli_rehearse);

  return g_test_run ();
}
