/* sluice-test-interop.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <ftw.h>
#include <libpq-fe.h>
#include <string.h>
#include <sys/stat.h>

#include <glib/gstdio.h>

#include "sluice-connection.h"
#include "sluice-test-interop.h"
#include "sluice-test-pg.h"

void
sluice_tool_run_clear (SluiceToolRun *run)
{
  g_clear_pointer (&run->out, g_free);
  g_clear_pointer (&run->err, g_free);
  run->status = 0;
}

const char *
sluice_test_interop_dir (void)
{
  const char *dir = g_getenv ("SLUICE_INTEROP_DIR");

  return dir != NULL && *dir != '\0' ? dir : SLUICE_INTEROP_DIR;
}

const char *
sluice_test_cli_path (void)
{
  const char *path = g_getenv ("SLUICE_CLI");

  return path != NULL && *path != '\0' ? path : SLUICE_CLI_PATH;
}

char *
sluice_test_interop_find_tool (const char *name)
{
  g_autofree char *path = NULL;

  if (g_str_equal (name, "dbmate") || g_str_equal (name, "drizzle-kit"))
    {
      path = g_build_filename (sluice_test_interop_dir (), "node_modules", ".bin", name, NULL);
      if (g_file_test (path, G_FILE_TEST_IS_EXECUTABLE))
        return g_steal_pointer (&path);

      g_test_fail_printf ("%s is not installed in %s/node_modules: run `npm ci` in tests/interop "
                          "(build-aux/dev.sh test does); the interop tests need the real tool",
                          name, sluice_test_interop_dir ());
      return NULL;
    }

  path = g_find_program_in_path (name);
  if (path == NULL)
    g_test_fail_printf ("%s is not on PATH: install it (build-aux/dev.sh test installs the Debian "
                        "package); the interop tests need the real tool", name);
  return g_steal_pointer (&path);
}

void
sluice_test_run_program (SluiceToolRun      *run,
                         const char         *cwd,
                         const char * const *env,
                         const char * const *argv)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) subprocess = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *command = g_strjoinv (" ", (char **) argv);

  /* stdin is an empty pipe: a tool that would ask something (an editor,
   * a password prompt) reads EOF instead of hanging the test. */
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE |
                                        G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                        G_SUBPROCESS_FLAGS_STDERR_PIPE);
  if (cwd != NULL)
    g_subprocess_launcher_set_cwd (launcher, cwd);
  for (guint i = 0; env != NULL && env[i] != NULL; i++)
    {
      g_auto(GStrv) pair = g_strsplit (env[i], "=", 2);

      g_subprocess_launcher_setenv (launcher, pair[0], pair[1] != NULL ? pair[1] : "", TRUE);
    }

  subprocess = g_subprocess_launcher_spawnv (launcher, argv, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (subprocess, NULL, NULL, &run->out, &run->err, &error);
  g_assert_no_error (error);

  run->status = g_subprocess_get_if_exited (subprocess) ? g_subprocess_get_exit_status (subprocess) : -1;

  /* In the TAP log, so that a failure shows what the tool said (not from
   * the benchmarks, which are no GTest programs and print their figures). */
  if (!g_test_initialized ())
    return;
  g_test_message ("$ %s  (exit %d)", command, run->status);
  if (run->out != NULL && *run->out != '\0')
    g_test_message ("stdout:\n%s", run->out);
  if (run->err != NULL && *run->err != '\0')
    g_test_message ("stderr:\n%s", run->err);
}

/* The harness's cluster */

static const char *
require_env (const char *name)
{
  const char *value = g_getenv (name);

  if (value == NULL || *value == '\0')
    g_error ("%s is not set: pg tests run under sluice-pg-harness (meson test --suite pg)", name);
  return value;
}

const char *
sluice_test_pg_host (void)
{
  return require_env ("SLUICE_TEST_PGHOST");
}

const char *
sluice_test_pg_port (void)
{
  return require_env ("SLUICE_TEST_PGPORT");
}

const char *
sluice_test_pg_user (void)
{
  return require_env ("SLUICE_TEST_PGUSER");
}

char *
sluice_test_pg_dbname (const char *conninfo)
{
  PQconninfoOption *options = PQconninfoParse (conninfo, NULL);
  char *dbname = NULL;

  g_assert_nonnull (options);
  for (PQconninfoOption *option = options; option->keyword != NULL; option++)
    if (g_str_equal (option->keyword, "dbname") && option->val != NULL)
      dbname = g_strdup (option->val);
  PQconninfoFree (options);

  g_assert_nonnull (dbname);
  return dbname;
}

GPtrArray *
sluice_test_pg_rows (const char *conninfo,
                     const char *sql)
{
  GPtrArray *rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  PGconn *conn = PQconnectdb (conninfo);
  PGresult *result;

  if (PQstatus (conn) != CONNECTION_OK)
    g_error ("connecting to %s: %s", conninfo, PQerrorMessage (conn));

  result = PQexec (conn, sql);
  if (PQresultStatus (result) != PGRES_TUPLES_OK)
    g_error ("%s: %s", sql, PQresultErrorMessage (result));

  for (int r = 0; r < PQntuples (result); r++)
    {
      char **row = g_new0 (char *, PQnfields (result) + 1);

      for (int c = 0; c < PQnfields (result); c++)
        row[c] = g_strdup (PQgetvalue (result, r, c));
      g_ptr_array_add (rows, row);
    }

  PQclear (result);
  PQfinish (conn);
  return rows;
}

/* Files */

static int
remove_one (const char        *path,
            const struct stat *st,
            int                flag,
            struct FTW        *ftw)
{
  g_remove (path);
  return 0;
}

void
sluice_test_remove_tree (const char *path)
{
  if (path != NULL)
    nftw (path, remove_one, 16, FTW_DEPTH | FTW_PHYS);
}

static void
copy_tree (GFile *from,
           GFile *to)
{
  g_autoptr(GFileEnumerator) children = NULL;
  g_autoptr(GError) error = NULL;
  GFileInfo *info;

  children = g_file_enumerate_children (from, G_FILE_ATTRIBUTE_STANDARD_NAME "," G_FILE_ATTRIBUTE_STANDARD_TYPE,
                                        G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS, NULL, &error);
  g_assert_no_error (error);

  while ((info = g_file_enumerator_next_file (children, NULL, &error)) != NULL)
    {
      g_autoptr(GFileInfo) owned = info;
      g_autoptr(GFile) source = g_file_get_child (from, g_file_info_get_name (info));
      g_autoptr(GFile) target = g_file_get_child (to, g_file_info_get_name (info));

      if (g_file_info_get_file_type (info) == G_FILE_TYPE_DIRECTORY)
        {
          g_file_make_directory (target, NULL, &error);
          g_assert_no_error (error);
          copy_tree (source, target);
        }
      else
        {
          g_file_copy (source, target, G_FILE_COPY_NONE, NULL, NULL, NULL, &error);
          g_assert_no_error (error);
        }
    }
  g_assert_no_error (error);
}

char *
sluice_test_copy_folder (const char *source_path,
                         const char *label)
{
  g_autofree char *template = g_strdup_printf ("sluice-interop-%s-XXXXXX", label);
  g_autoptr(GFile) source = g_file_new_for_path (source_path);
  g_autoptr(GFile) target = NULL;
  g_autoptr(GError) error = NULL;
  char *dir;

  dir = g_dir_make_tmp (template, &error);
  g_assert_no_error (error);
  target = g_file_new_for_path (dir);
  copy_tree (source, target);

  return dir;
}

char *
sluice_test_interop_copy_fixture (const char *name)
{
  g_autofree char *source_path = g_build_filename (sluice_test_interop_dir (), "fixtures", name, NULL);

  return sluice_test_copy_folder (source_path, name);
}

void
sluice_test_write_file (const char *path,
                        const char *contents)
{
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, contents, -1, &error);
  g_assert_no_error (error);
}

char *
sluice_test_read_file (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *contents = NULL;

  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);
  return contents;
}

void
sluice_test_append_file (const char *path,
                         const char *text)
{
  g_autofree char *before = sluice_test_read_file (path);
  g_autofree char *after = g_strconcat (before, text, NULL);

  sluice_test_write_file (path, after);
}

/* drizzle-kit */

char *
sluice_test_drizzle_write_config (const char *conninfo,
                                  const char *dir)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dbname = sluice_test_pg_dbname (conninfo);
  g_autofree char *object = NULL;
  g_autofree char *text = NULL;
  g_autofree char *config_dir = NULL;
  char *path;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "dialect");
  json_builder_add_string_value (builder, "postgresql");
  json_builder_set_member_name (builder, "out");
  json_builder_add_string_value (builder, dir);
  json_builder_set_member_name (builder, "dbCredentials");
  json_builder_begin_object (builder);
  /* node-postgres takes a socket directory as the host. */
  json_builder_set_member_name (builder, "host");
  json_builder_add_string_value (builder, sluice_test_pg_host ());
  json_builder_set_member_name (builder, "port");
  json_builder_add_int_value (builder, g_ascii_strtoll (sluice_test_pg_port (), NULL, 10));
  json_builder_set_member_name (builder, "user");
  json_builder_add_string_value (builder, sluice_test_pg_user ());
  json_builder_set_member_name (builder, "database");
  json_builder_add_string_value (builder, dbname);
  json_builder_set_member_name (builder, "ssl");
  json_builder_add_boolean_value (builder, FALSE);
  json_builder_end_object (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  object = json_generator_to_data (generator, NULL);
  text = g_strdup_printf ("module.exports = %s;\n", object);

  config_dir = g_dir_make_tmp ("sluice-drizzle-config-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (config_dir, "drizzle.config.js", NULL);
  sluice_test_write_file (path, text);
  return path;
}

void
sluice_test_drizzle_migrate (SluiceToolRun *run,
                             const char    *drizzle_kit,
                             const char    *config_path)
{
  g_autofree char *node_path = g_strconcat ("NODE_PATH=", sluice_test_interop_dir (), "/node_modules", NULL);
  g_autofree char *config_dir = g_path_get_dirname (config_path);

  sluice_test_run_program (run, config_dir,
                           (const char * const []) { node_path, "NO_COLOR=1", NULL },
                           (const char * const []) { drizzle_kit, "migrate", "--config", config_path, NULL });
}

/* Sluice's view through the core API */

GHashTable *
sluice_test_status_table_new (void)
{
  return g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}

static const char *
item_key (SluiceStatusItem *item)
{
  SluiceMigration *migration = sluice_status_item_get_migration (item);
  SluiceHistoryEntry *entry = sluice_status_item_get_entry (item);

  if (migration != NULL)
    return sluice_migration_get_history_key (migration);
  return sluice_history_entry_get_key (entry);
}

void
sluice_test_interop_status_core (SluiceInteropStatus   *status,
                                 const char            *conninfo,
                                 const char            *dir,
                                 SluiceMigrationFormat  format)
{
  g_autoptr(SluiceConnection) connection = sluice_test_pg_connect (conninfo);
  g_autoptr(GError) error = NULL;
  GListModel *items;
  SluiceTestAsyncWait wait = { 0 };

  status->folder = sluice_migration_folder_load (dir, format, &error);
  g_assert_no_error (error);
  g_assert_nonnull (status->folder);
  for (guint i = 0; i < sluice_migration_folder_get_problems (status->folder)->len; i++)
    {
      const SluiceFolderProblem *problem = g_ptr_array_index (sluice_migration_folder_get_problems (status->folder), i);

      g_test_message ("folder problem: %s:%u: %s", problem->path, problem->line, problem->message);
    }

  sluice_history_read_full_async (connection, sluice_migration_folder_get_format (status->folder),
                                  sluice_migration_folder_get_project (status->folder),
                                  NULL, sluice_test_store_result, &wait);
  sluice_test_wait_for (&wait.done, 30000);
  status->history = sluice_history_read_finish (wait.result, &error);
  g_assert_no_error (error);
  g_assert_nonnull (status->history);
  g_clear_object (&wait.result);
  sluice_connection_close (connection);

  status->report = sluice_status_report_new (status->folder, status->history);
  status->by_key = sluice_test_status_table_new ();
  status->by_version = sluice_test_status_table_new ();

  items = sluice_status_report_get_items (status->report);
  for (guint i = 0; i < g_list_model_get_n_items (items); i++)
    {
      g_autoptr(SluiceStatusItem) item = g_list_model_get_item (items, i);
      const char *word = sluice_migration_status_to_string (sluice_status_item_get_status (item));

      g_test_message ("sluice: %s (key %s) %s: %s", sluice_status_item_get_version (item), item_key (item),
                      sluice_status_item_get_name (item), word);
      g_assert_false (g_hash_table_contains (status->by_key, item_key (item)));
      g_hash_table_insert (status->by_key, g_strdup (item_key (item)), g_strdup (word));
      g_hash_table_insert (status->by_version, g_strdup (sluice_status_item_get_version (item)), g_strdup (word));
    }
}

SluiceStatusItem *
sluice_interop_status_find (SluiceInteropStatus *status,
                            const char          *key)
{
  GListModel *items = sluice_status_report_get_items (status->report);

  for (guint i = 0; i < g_list_model_get_n_items (items); i++)
    {
      g_autoptr(SluiceStatusItem) item = g_list_model_get_item (items, i);

      if (g_strcmp0 (item_key (item), key) == 0)
        return item;  /* the report keeps its own reference */
    }
  return NULL;
}

void
sluice_interop_status_clear (SluiceInteropStatus *status)
{
  g_clear_object (&status->report);
  g_clear_object (&status->history);
  g_clear_object (&status->folder);
  g_clear_pointer (&status->by_key, g_hash_table_unref);
  g_clear_pointer (&status->by_version, g_hash_table_unref);
}

/* Sluice's view through sluice-cli */

static void
assert_member_string_or_null (JsonObject *object,
                              const char *member)
{
  JsonNode *node = json_object_get_member (object, member);

  g_assert_nonnull (node);
  g_assert_true (JSON_NODE_HOLDS_NULL (node) ||
                 (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING));
}

GHashTable *
sluice_test_interop_status_cli (const char  *conninfo,
                                const char  *dir,
                                JsonObject **root)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  GHashTable *table = sluice_test_status_table_new ();
  SluiceToolRun run = { 0 };
  JsonObject *object;
  JsonArray *migrations;

  sluice_test_run_program (&run, NULL, NULL,
                           (const char * const []) { sluice_test_cli_path (), "status", "--json",
                                                     "-c", conninfo, "-d", dir, NULL });
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.err, ==, "");

  json_parser_load_from_data (parser, run.out, -1, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)));
  object = json_node_get_object (json_parser_get_root (parser));

  /* The members the README promises, always present. */
  assert_member_string_or_null (object, "current");
  assert_member_string_or_null (object, "format");
  assert_member_string_or_null (object, "tool");
  g_assert_true (json_object_has_member (object, "pending"));
  g_assert_nonnull (json_object_get_array_member (object, "problems"));
  migrations = json_object_get_array_member (object, "migrations");
  g_assert_nonnull (migrations);

  for (guint i = 0; i < json_array_get_length (migrations); i++)
    {
      JsonObject *migration = json_array_get_object_element (migrations, i);
      static const char * const members[] = {
        "version", "name", "status", "applied_at", "applied_by", "checksum_file", "checksum_applied",
      };

      for (guint m = 0; m < G_N_ELEMENTS (members); m++)
        assert_member_string_or_null (migration, members[m]);

      g_hash_table_insert (table,
                           g_strdup (json_object_get_string_member (migration, "version")),
                           g_strdup (json_object_get_string_member (migration, "status")));
    }

  if (root != NULL)
    *root = json_object_ref (object);

  sluice_tool_run_clear (&run);
  return table;
}

/* Comparing */

static char *
describe_table (GHashTable *table)
{
  g_autoptr(GList) keys = g_list_sort (g_hash_table_get_keys (table), (GCompareFunc) g_strcmp0);
  GString *text = g_string_new (NULL);

  for (GList *l = keys; l != NULL; l = l->next)
    g_string_append_printf (text, "%s%s=%s", l != keys ? ", " : "", (const char *) l->data,
                            (const char *) g_hash_table_lookup (table, l->data));
  return g_string_free (text, FALSE);
}

void
sluice_test_assert_same_statuses (GHashTable *expected,
                                  const char *expected_what,
                                  GHashTable *actual,
                                  const char *actual_what)
{
  g_autofree char *expected_text = describe_table (expected);
  g_autofree char *actual_text = describe_table (actual);
  GHashTableIter iter;
  gpointer key, value;
  gboolean same = g_hash_table_size (expected) == g_hash_table_size (actual);

  g_hash_table_iter_init (&iter, expected);
  while (same && g_hash_table_iter_next (&iter, &key, &value))
    same = g_strcmp0 (value, g_hash_table_lookup (actual, key)) == 0;

  g_test_message ("%s: %s", expected_what, expected_text);
  g_test_message ("%s: %s", actual_what, actual_text);
  if (!same)
    g_error ("%s and %s differ:\n  %s\n  %s", expected_what, actual_what, expected_text, actual_text);
}
