/* test-cli.c: the built sluice-cli, run as a program, against the harness's
 * cluster
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <ftw.h>
#include <locale.h>
#include <string.h>
#include <sys/stat.h>

#include <glib/gstdio.h>
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

/* Runs sluice-cli with @args (NULL-terminated) and @env ("NAME=value"
 * entries, NULL-terminated, may be NULL) added to ours. */
static void
run_cli_env (CliRun             *run,
             const char * const *env,
             const char * const *args)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) subprocess = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                        G_SUBPROCESS_FLAGS_STDERR_PIPE);
  for (guint i = 0; env != NULL && env[i] != NULL; i++)
    {
      g_auto(GStrv) pair = g_strsplit (env[i], "=", 2);

      g_subprocess_launcher_setenv (launcher, pair[0], pair[1], TRUE);
    }

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

  g_test_message ("sluice-cli %s -> %d\nstdout: %s\nstderr: %s",
                  args[0] != NULL ? args[0] : "", run->status, run->out, run->err);
}

#define run_cli(run, ...) \
  run_cli_env (run, NULL, (const char * const []) { __VA_ARGS__, NULL })

/* An error is exactly one line on stderr, prefixed with the program. */
static void
assert_one_error_line (const CliRun *run)
{
  const char *newline = strchr (run->err, '\n');

  g_assert_true (g_str_has_prefix (run->err, "sluice-cli: "));
  g_assert_nonnull (newline);
  g_assert_cmpstr (newline, ==, "\n");
  g_assert_cmpuint (strlen (run->err), >, strlen ("sluice-cli: ") + 10);
}

static int
remove_entry (const char        *path,
              const struct stat *st,
              int                type,
              struct FTW        *ftw)
{
  g_remove (path);
  return 0;
}

static void
remove_tree (const char *path)
{
  nftw (path, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}

static JsonObject *
parse_object (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonNode *root;

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  root = json_parser_get_root (parser);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (root));
  return json_object_ref (json_node_get_object (root));
}

static void
test_version (void)
{
  CliRun run = { 0 };
  g_autofree char *expected = g_strdup_printf ("sluice-cli %s\n", PACKAGE_VERSION);

  run_cli (&run, "--version");
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.out, ==, expected);
  g_assert_cmpstr (run.err, ==, "");
  cli_run_clear (&run);

  run_cli (&run, "--help");
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "ping"));
  g_assert_nonnull (strstr (run.out, "sandbox"));
  cli_run_clear (&run);
}

static void
test_usage_errors (void)
{
  const char * const cases[][4] = {
    { "frobnicate", NULL },
    { "--frobnicate", NULL },
    { "ping", NULL },
    { "ping", "-p", "a", "-c" },
    { "ping", "--no-such-option", NULL },
    { "ping", "-c", "host=/tmp no_such_keyword=1", NULL },
    { "ping", "extra-argument", NULL },
    { "profiles", "extra-argument", NULL },
    { "sandbox", NULL },
    { "sandbox", "explode", NULL },
  };
  CliRun run = { 0 };

  run_cli_env (&run, NULL, (const char * const []) { NULL });
  g_assert_cmpint (run.status, ==, 2);
  assert_one_error_line (&run);
  cli_run_clear (&run);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const char *args[6] = { 0 };

      for (guint j = 0; j < 4 && cases[i][j] != NULL; j++)
        args[j] = cases[i][j];
      /* "-p a -c" needs its value. */
      if (g_strcmp0 (args[3], "-c") == 0)
        args[4] = "b";

      run_cli_env (&run, NULL, args);
      g_assert_cmpint (run.status, ==, 2);
      assert_one_error_line (&run);
      g_assert_cmpstr (run.out, ==, "");
      cli_run_clear (&run);
    }
}

static void
test_ping_conninfo (void)
{
  g_autofree char *conninfo = sluice_test_pg_new_database ();
  g_autoptr(GRegex) line = NULL;
  CliRun run = { 0 };

  run_cli (&run, "ping", "-c", conninfo);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.err, ==, "");

  line = g_regex_new ("^PostgreSQL [0-9]+\\.[0-9]+ at /.+:[0-9]+ db test_[0-9_]+, "
                      "round trip [0-9]+\\.[0-9]+ ms\n$", 0, 0, NULL);
  g_assert_true (g_regex_match (line, run.out, 0, NULL));
  cli_run_clear (&run);
}

static void
test_ping_json (void)
{
  g_autofree char *conninfo = sluice_test_pg_new_database ();
  g_autoptr(JsonObject) object = NULL;
  g_autofree char *dbname = NULL;
  CliRun run = { 0 };
  char *at;

  run_cli (&run, "ping", "--json", "-c", conninfo);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.err, ==, "");

  object = parse_object (run.out);
  g_assert_true (json_object_has_member (object, "server_version"));
  g_assert_true (json_object_has_member (object, "round_trip_ms"));
  g_assert_cmpint (json_object_get_int_member (object, "server_version_num"), >=, 100000);
  g_assert_cmpfloat (json_object_get_double_member (object, "round_trip_ms"), >, 0.0);
  g_assert_cmpfloat (json_object_get_double_member (object, "round_trip_ms"), <, 5000.0);
  g_assert_cmpstr (json_object_get_string_member (object, "user"), ==, g_getenv ("SLUICE_TEST_PGUSER"));
  g_assert_cmpstr (json_object_get_string_member (object, "host"), ==, g_getenv ("SLUICE_TEST_PGHOST"));
  g_assert_cmpint (json_object_get_int_member (object, "port"), ==,
                   g_ascii_strtoll (g_getenv ("SLUICE_TEST_PGPORT"), NULL, 10));

  at = strstr (conninfo, "dbname='");
  g_assert_nonnull (at);
  dbname = g_strndup (at + strlen ("dbname='"), strcspn (at + strlen ("dbname='"), "'"));
  g_assert_cmpstr (json_object_get_string_member (object, "database"), ==, dbname);
  cli_run_clear (&run);
}

/* A socket directory with no server behind it. */
static void
test_ping_no_server (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *empty_dir = g_dir_make_tmp ("sluice-cli-noserver-XXXXXX", &error);
  g_autofree char *conninfo = NULL;
  CliRun run = { 0 };

  g_assert_no_error (error);
  conninfo = g_strdup_printf ("host=%s port=5432 dbname=postgres connect_timeout=5", empty_dir);

  run_cli (&run, "ping", "-c", conninfo);
  g_assert_cmpint (run.status, ==, 1);
  assert_one_error_line (&run);
  g_assert_cmpstr (run.out, ==, "");
  cli_run_clear (&run);

  remove_tree (empty_dir);
}

typedef struct
{
  char *config_dir;
  char *config_env;
} ConfigDir;

static void
config_dir_init (ConfigDir *config)
{
  g_autoptr(GError) error = NULL;

  config->config_dir = g_dir_make_tmp ("sluice-cli-config-XXXXXX", &error);
  g_assert_no_error (error);
  config->config_env = g_strconcat ("SLUICE_CONFIG_DIR=", config->config_dir, NULL);
}

static void
config_dir_clear (ConfigDir *config)
{
  remove_tree (config->config_dir);
  g_clear_pointer (&config->config_dir, g_free);
  g_clear_pointer (&config->config_env, g_free);
}

/* Writes a store with one dev profile on the harness's cluster. */
static SluiceProfile *
write_profiles (ConfigDir  *config,
                const char *conninfo)
{
  g_autofree char *path = g_build_filename (config->config_dir, "profiles.json", NULL);
  g_autoptr(SluiceProfileStore) store = sluice_profile_store_new (path);
  g_autoptr(SluiceProfile) profile = sluice_profile_new ("harness db", SLUICE_ENVIRONMENT_DEV, conninfo);
  g_autoptr(GError) error = NULL;

  sluice_profile_set_migration_folder (profile, sluice_demo_dir ());
  sluice_profile_set_guard (profile, SLUICE_GUARD_CONFIRM);
  g_assert_true (sluice_profile_store_add (store, profile, &error));
  g_assert_no_error (error);
  g_assert_true (sluice_profile_store_save (store, &error));
  g_assert_no_error (error);

  return g_steal_pointer (&profile);
}

static void
test_profiles_json (void)
{
  g_autofree char *conninfo = sluice_test_pg_new_database ();
  g_autoptr(SluiceProfile) profile = NULL;
  g_autoptr(JsonObject) object = NULL;
  ConfigDir config = { 0 };
  JsonArray *profiles;
  JsonObject *entry;
  CliRun run = { 0 };

  config_dir_init (&config);
  profile = write_profiles (&config, conninfo);

  run_cli_env (&run, (const char * const []) { config.config_env, NULL },
               (const char * const []) { "profiles", "--json", NULL });
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.err, ==, "");

  object = parse_object (run.out);
  profiles = json_object_get_array_member (object, "profiles");
  g_assert_nonnull (profiles);
  g_assert_cmpuint (json_array_get_length (profiles), ==, 1);
  entry = json_array_get_object_element (profiles, 0);
  g_assert_cmpstr (json_object_get_string_member (entry, "id"), ==, sluice_profile_get_id (profile));
  g_assert_cmpstr (json_object_get_string_member (entry, "name"), ==, "harness db");
  g_assert_cmpstr (json_object_get_string_member (entry, "environment"), ==, "dev");
  g_assert_cmpstr (json_object_get_string_member (entry, "connection"), ==, conninfo);
  g_assert_cmpstr (json_object_get_string_member (entry, "connection_kind"), ==, "conninfo");
  g_assert_cmpstr (json_object_get_string_member (entry, "migration_folder"), ==, sluice_demo_dir ());
  g_assert_cmpstr (json_object_get_string_member (entry, "guard"), ==, "confirm");
  cli_run_clear (&run);

  /* The table for people names the same profile. */
  run_cli_env (&run, (const char * const []) { config.config_env, NULL },
               (const char * const []) { "profiles", NULL });
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "harness db"));
  g_assert_nonnull (strstr (run.out, conninfo));
  cli_run_clear (&run);

  config_dir_clear (&config);
}

/* The terminal columns @text takes: wide (East Asian) characters two. */
static guint
display_width (const char *text,
               gsize       length)
{
  guint width = 0;

  for (const char *p = text; p < text + length; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      width += g_unichar_iswide (c) ? 2 : g_unichar_iszerowidth (c) ? 0 : 1;
    }

  return width;
}

/* The terminal column where @cell starts on @line (after @after, when not
 * NULL, so that a cell can be told from the same text before it). */
static guint
column_of (const char *line,
           const char *after,
           const char *cell)
{
  const char *from = after != NULL ? strstr (line, after) : line;
  const char *found;

  g_assert_nonnull (from);
  found = strstr (from + (after != NULL ? strlen (after) : 0), cell);
  g_assert_nonnull (found);
  return display_width (line, found - line);
}

/* The lines of @text from the one starting with @first_word, up to the
 * first empty one. */
static GPtrArray *
table_lines (const char *text,
             const char *first_word)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  GPtrArray *table = g_ptr_array_new_with_free_func (g_free);
  gboolean in_table = FALSE;

  for (guint i = 0; lines[i] != NULL; i++)
    {
      if (!in_table && g_str_has_prefix (lines[i], first_word))
        in_table = TRUE;
      else if (in_table && lines[i][0] == '\0')
        break;
      if (in_table)
        g_ptr_array_add (table, g_strdup (lines[i]));
    }

  return table;
}

/* Tables measure cells in terminal columns, not characters: a profile
 * named in Japanese (each character two columns wide), or a migration,
 * keeps the columns after it in line. */
static void
test_tables_align_wide_text (void)
{
  g_autofree char *conninfo = sluice_test_pg_new_database ();
  g_autofree char *path = NULL;
  g_autoptr(SluiceProfileStore) store = NULL;
  g_autoptr(SluiceProfile) prod = NULL;
  g_autoptr(SluiceProfile) dev = NULL;
  g_autoptr(GPtrArray) lines = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *folder = g_dir_make_tmp ("sluice-cli-wide-XXXXXX", &error);
  g_autofree char *v1 = NULL;
  g_autofree char *v2 = NULL;
  ConfigDir config = { 0 };
  CliRun run = { 0 };
  guint environment;
  guint kind;
  guint status;

  g_assert_no_error (error);
  config_dir_init (&config);
  path = g_build_filename (config.config_dir, "profiles.json", NULL);
  store = sluice_profile_store_new (path);
  prod = sluice_profile_new ("本番", SLUICE_ENVIRONMENT_PROD, conninfo);
  dev = sluice_profile_new ("harness db", SLUICE_ENVIRONMENT_DEV, conninfo);
  g_assert_true (sluice_profile_store_add (store, prod, &error));
  g_assert_true (sluice_profile_store_add (store, dev, &error));
  g_assert_true (sluice_profile_store_save (store, &error));
  g_assert_no_error (error);

  run_cli_env (&run, (const char * const []) { config.config_env, NULL },
               (const char * const []) { "profiles", NULL });
  g_assert_cmpint (run.status, ==, 0);
  lines = table_lines (run.out, "NAME");
  g_assert_cmpuint (lines->len, ==, 3);
  environment = column_of (g_ptr_array_index (lines, 0), NULL, "ENVIRONMENT");
  kind = column_of (g_ptr_array_index (lines, 0), NULL, "KIND");
  g_assert_cmpuint (environment, ==, strlen ("harness db") + 2);
  for (guint i = 1; i < lines->len; i++)
    {
      const char *line = g_ptr_array_index (lines, i);
      const char *word = g_str_has_prefix (line, "本番") ? "prod" : "dev";

      g_assert_cmpuint (column_of (line, NULL, word), ==, environment);
      g_assert_cmpuint (column_of (line, word, "conninfo"), ==, kind);
    }
  g_clear_pointer (&lines, g_ptr_array_unref);
  cli_run_clear (&run);

  /* The same in the status table, for a migration described in Japanese. */
  v1 = g_build_filename (folder, "V1__注文を作成.sql", NULL);
  v2 = g_build_filename (folder, "V2__add_orders_index.sql", NULL);
  g_file_set_contents (v1, "CREATE TABLE orders (id int);\n", -1, &error);
  g_assert_no_error (error);
  g_file_set_contents (v2, "CREATE INDEX orders_id_idx ON orders (id);\n", -1, &error);
  g_assert_no_error (error);

  run_cli (&run, "status", "-c", conninfo, "-d", folder);
  g_assert_cmpint (run.status, ==, 0);
  lines = table_lines (run.out, "VERSION");
  g_assert_cmpuint (lines->len, ==, 3);
  status = column_of (g_ptr_array_index (lines, 0), NULL, "STATUS");
  g_assert_cmpuint (column_of (g_ptr_array_index (lines, 1), "注文を作成", "Pending"), ==, status);
  g_assert_cmpuint (column_of (g_ptr_array_index (lines, 2), "add orders index", "Pending"), ==, status);
  cli_run_clear (&run);

  remove_tree (folder);
  config_dir_clear (&config);
}

/* -p goes through the profile store and a SluiceSession. */
static void
test_ping_profile (void)
{
  g_autofree char *conninfo = sluice_test_pg_new_database ();
  g_autoptr(SluiceProfile) profile = NULL;
  ConfigDir config = { 0 };
  CliRun run = { 0 };

  config_dir_init (&config);
  profile = write_profiles (&config, conninfo);

  run_cli_env (&run, (const char * const []) { config.config_env, NULL },
               (const char * const []) { "ping", "-p", "harness db", NULL });
  g_assert_cmpint (run.status, ==, 0);
  g_assert_true (g_str_has_prefix (run.out, "PostgreSQL "));
  g_assert_nonnull (strstr (run.out, "round trip"));
  cli_run_clear (&run);

  run_cli_env (&run, (const char * const []) { config.config_env, NULL },
               (const char * const []) { "ping", "-p", "no such profile", NULL });
  g_assert_cmpint (run.status, ==, 2);
  assert_one_error_line (&run);
  cli_run_clear (&run);

  config_dir_clear (&config);
}

/* A password written by hand into a connection is neither used nor
 * shown; the warning names the profile to fix. */
static void
test_profiles_password_in_connection (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) object = NULL;
  g_autofree char *path = NULL;
  ConfigDir config = { 0 };
  CliRun run = { 0 };
  JsonObject *entry;
  const char *by_hand =
    "{\n"
    "  \"version\": 1,\n"
    "  \"profiles\": [\n"
    "    { \"name\": \"typed\", \"environment\": \"dev\",\n"
    "      \"connection\": \"host=db.example.com password=hunter2-by-hand dbname=app\" },\n"
    "    { \"name\": \"uri\", \"environment\": \"dev\",\n"
    "      \"connection\": \"postgres://app:hunter2-by-hand@db.example.com/app\" }\n"
    "  ]\n"
    "}\n";

  config_dir_init (&config);
  path = g_build_filename (config.config_dir, "profiles.json", NULL);
  g_file_set_contents (path, by_hand, -1, &error);
  g_assert_no_error (error);

  run_cli_env (&run, (const char * const []) { config.config_env, NULL },
               (const char * const []) { "profiles", "--json", NULL });
  g_assert_cmpint (run.status, ==, 0);
  g_assert_null (strstr (run.out, "hunter2"));
  g_assert_null (strstr (run.err, "hunter2"));
  g_assert_nonnull (strstr (run.err, "\"typed\""));
  g_assert_nonnull (strstr (run.err, "\"uri\""));
  object = parse_object (run.out);
  entry = json_array_get_object_element (json_object_get_array_member (object, "profiles"), 0);
  g_assert_cmpstr (json_object_get_string_member (entry, "connection"), ==, "host=db.example.com dbname=app");
  entry = json_array_get_object_element (json_object_get_array_member (object, "profiles"), 1);
  g_assert_cmpstr (json_object_get_string_member (entry, "connection"), ==, "postgres://app@db.example.com/app");
  cli_run_clear (&run);

  run_cli_env (&run, (const char * const []) { config.config_env, NULL },
               (const char * const []) { "profiles", NULL });
  g_assert_cmpint (run.status, ==, 0);
  g_assert_null (strstr (run.out, "hunter2"));
  g_assert_nonnull (strstr (run.out, "host=db.example.com dbname=app"));
  cli_run_clear (&run);

  config_dir_clear (&config);
}

static void
test_profiles_corrupt (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  ConfigDir config = { 0 };
  CliRun run = { 0 };
  /* Line 5 lacks the comma between two members. */
  const char *corrupt =
    "{\n"
    "  \"profiles\": [\n"
    "    {\n"
    "      \"name\": \"prod\",\n"
    "      \"environment\": \"prod\" \"connection\": \"host=db\"\n"
    "    }\n"
    "  ]\n"
    "}\n";

  config_dir_init (&config);
  path = g_build_filename (config.config_dir, "profiles.json", NULL);
  g_file_set_contents (path, corrupt, -1, &error);
  g_assert_no_error (error);

  run_cli_env (&run, (const char * const []) { config.config_env, NULL },
               (const char * const []) { "profiles", "--json", NULL });
  g_assert_cmpint (run.status, ==, 2);
  assert_one_error_line (&run);
  g_assert_cmpstr (run.out, ==, "");
  g_assert_nonnull (strstr (run.err, "line 5"));
  cli_run_clear (&run);

  /* The same for a command that only needs one profile from the file. */
  run_cli_env (&run, (const char * const []) { config.config_env, NULL },
               (const char * const []) { "ping", "-p", "prod", NULL });
  g_assert_cmpint (run.status, ==, 2);
  assert_one_error_line (&run);
  g_assert_nonnull (strstr (run.err, "line 5"));
  cli_run_clear (&run);

  /* And the file is left as it was. */
  g_file_get_contents (path, &after, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (after, ==, corrupt);

  config_dir_clear (&config);
}

/* start, status, ping through the profile start added, stop, in a data
 * folder of our own. */
static void
test_sandbox_commands (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *data_home = g_dir_make_tmp ("sluice-cli-data-XXXXXX", &error);
  g_autofree char *data_env = g_strconcat ("XDG_DATA_HOME=", data_home, NULL);
  g_autofree char *expected_root = g_build_filename (data_home, "sluice", "sandbox", NULL);
  g_autoptr(JsonObject) status = NULL;
  ConfigDir config = { 0 };
  CliRun run = { 0 };
  const char *env[3];

  g_assert_no_error (error);
  /* When root, the server's user must be able to reach the sandbox. */
  g_assert_cmpint (g_chmod (data_home, 0755), ==, 0);
  config_dir_init (&config);
  env[0] = data_env;
  env[1] = config.config_env;
  env[2] = NULL;

  run_cli_env (&run, env, (const char * const []) { "sandbox", "status", "--json", NULL });
  g_assert_cmpint (run.status, ==, 0);
  status = parse_object (run.out);
  g_assert_cmpstr (json_object_get_string_member (status, "state"), ==, "missing");
  g_assert_cmpstr (json_object_get_string_member (status, "root_dir"), ==, expected_root);
  g_clear_pointer (&status, json_object_unref);
  cli_run_clear (&run);

  run_cli_env (&run, env, (const char * const []) { "sandbox", "start", NULL });
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.err, ==, "");
  g_assert_nonnull (strstr (run.out, "Creating the cluster…"));
  cli_run_clear (&run);

  run_cli_env (&run, env, (const char * const []) { "sandbox", "status", "--json", NULL });
  g_assert_cmpint (run.status, ==, 0);
  status = parse_object (run.out);
  g_assert_cmpstr (json_object_get_string_member (status, "state"), ==, "running");
  g_assert_cmpstr (json_object_get_string_member (status, "database"), ==, SLUICE_SANDBOX_DEMO_DATABASE);
  g_assert_cmpstr (json_object_get_string_member (status, "profile"), ==, "Sandbox");
  g_clear_pointer (&status, json_object_unref);
  cli_run_clear (&run);

  run_cli_env (&run, env, (const char * const []) { "ping", "-p", "Sandbox", NULL });
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "db " SLUICE_SANDBOX_DEMO_DATABASE ","));
  cli_run_clear (&run);

  run_cli_env (&run, env, (const char * const []) { "sandbox", "stop", "--json", NULL });
  g_assert_cmpint (run.status, ==, 0);
  status = parse_object (run.out);
  g_assert_cmpstr (json_object_get_string_member (status, "state"), ==, "stopped");
  g_clear_pointer (&status, json_object_unref);
  cli_run_clear (&run);

  /* Stopped: the same ping now fails, in one line. */
  run_cli_env (&run, env, (const char * const []) { "ping", "-p", "Sandbox", NULL });
  g_assert_cmpint (run.status, ==, 1);
  assert_one_error_line (&run);
  cli_run_clear (&run);

  config_dir_clear (&config);
  remove_tree (data_home);
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/cli/version", test_version);
  g_test_add_func ("/cli/usage-errors", test_usage_errors);
  g_test_add_func ("/cli/ping-conninfo", test_ping_conninfo);
  g_test_add_func ("/cli/ping-json", test_ping_json);
  g_test_add_func ("/cli/ping-no-server", test_ping_no_server);
  g_test_add_func ("/cli/ping-profile", test_ping_profile);
  g_test_add_func ("/cli/profiles-json", test_profiles_json);
  g_test_add_func ("/cli/profiles-corrupt", test_profiles_corrupt);
  g_test_add_func ("/cli/profiles-password-in-connection", test_profiles_password_in_connection);
  g_test_add_func ("/cli/tables-align-wide-text", test_tables_align_wide_text);
  g_test_add_func ("/cli/sandbox-commands", test_sandbox_commands);

  return g_test_run ();
}
