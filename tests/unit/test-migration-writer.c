/* test-migration-writer.c: a migration written into a copy of each format's
 * fixture folder is read back by the folder's own loader with the version,
 * up and down SQL the format calls for; a clash leaves the folder as it was
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "sluice.h"

#define UP_SQL   "ALTER TABLE orders ADD COLUMN status text;\n" \
                 "CREATE INDEX orders_status_idx ON orders (status);\n"
#define DOWN_SQL "DROP INDEX orders_status_idx;\n" \
                 "ALTER TABLE orders DROP COLUMN status;\n"

static char *
fixture_path (const char *first,
              ...)
{
  g_autoptr(GPtrArray) parts = g_ptr_array_new ();
  const char *part;
  va_list args;

  g_ptr_array_add (parts, (gpointer) g_test_get_dir (G_TEST_DIST));
  g_ptr_array_add (parts, (gpointer) "unit");
  g_ptr_array_add (parts, (gpointer) "fixtures");
  g_ptr_array_add (parts, (gpointer) "folders");

  va_start (args, first);
  for (part = first; part != NULL; part = va_arg (args, const char *))
    g_ptr_array_add (parts, (gpointer) part);
  va_end (args);

  g_ptr_array_add (parts, NULL);
  return g_build_filenamev ((char **) parts->pdata);
}

static void
copy_tree (const char *from,
           const char *to)
{
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GError) error = NULL;
  const char *name;

  g_assert_cmpint (g_mkdir_with_parents (to, 0755), ==, 0);
  dir = g_dir_open (from, 0, &error);
  g_assert_no_error (error);

  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *source = g_build_filename (from, name, NULL);
      g_autofree char *target = g_build_filename (to, name, NULL);
      g_autofree char *contents = NULL;
      gsize length = 0;

      if (g_file_test (source, G_FILE_TEST_IS_DIR))
        {
          copy_tree (source, target);
          continue;
        }

      g_file_get_contents (source, &contents, &length, &error);
      g_assert_no_error (error);
      g_file_set_contents (target, contents, length, &error);
      g_assert_no_error (error);
    }
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        remove_tree (child);
      else
        g_unlink (child);
    }

  g_rmdir (path);
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(char * const *) a, *(char * const *) b);
}

/* Every file under @path, relative name and contents, in a stable order. */
static void
describe_tree_into (GString    *out,
                    const char *root,
                    const char *relative)
{
  g_autofree char *path = relative != NULL ? g_build_filename (root, relative, NULL) : g_strdup (root);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_names);

  for (guint i = 0; i < names->len; i++)
    {
      const char *child = g_ptr_array_index (names, i);
      g_autofree char *child_relative = relative != NULL ? g_build_filename (relative, child, NULL) : g_strdup (child);
      g_autofree char *child_path = g_build_filename (root, child_relative, NULL);
      g_autofree char *contents = NULL;

      if (g_file_test (child_path, G_FILE_TEST_IS_DIR))
        {
          g_string_append_printf (out, "%s/\n", child_relative);
          describe_tree_into (out, root, child_relative);
          continue;
        }

      g_assert_true (g_file_get_contents (child_path, &contents, NULL, NULL));
      g_string_append_printf (out, "%s\n%s\n", child_relative, contents);
    }
}

static char *
describe_tree (const char *root)
{
  GString *out = g_string_new (NULL);

  describe_tree_into (out, root, NULL);
  return g_string_free (out, FALSE);
}

typedef struct
{
  char *tmp;
  char *dir;
} Workspace;

static void
workspace_clear (Workspace *workspace)
{
  if (workspace->tmp != NULL)
    remove_tree (workspace->tmp);
  g_clear_pointer (&workspace->tmp, g_free);
  g_clear_pointer (&workspace->dir, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Workspace, workspace_clear)

/* A copy of the fixture @fixture ("sluice", "plain/rollback" ...) in a new
 * temporary folder; NULL @fixture: an empty folder "new" that does not
 * exist yet. */
static void
workspace_init (Workspace  *workspace,
                const char *fixture)
{
  g_autoptr(GError) error = NULL;

  workspace->tmp = g_dir_make_tmp ("sluice-writer-XXXXXX", &error);
  g_assert_no_error (error);

  if (fixture == NULL)
    {
      workspace->dir = g_build_filename (workspace->tmp, "new", NULL);
      return;
    }

  {
    g_auto(GStrv) parts = g_strsplit (fixture, "/", -1);
    g_autofree char *relative = g_build_filenamev (parts);
    g_autofree char *source = fixture_path (relative, NULL);

    workspace->dir = g_build_filename (workspace->tmp, "project", NULL);
    copy_tree (source, workspace->dir);
  }
}

static SluiceMigration *
last_migration (SluiceMigrationFolder *folder)
{
  GListModel *migrations = sluice_migration_folder_get_migrations (folder);
  guint n = g_list_model_get_n_items (migrations);

  g_assert_cmpuint (n, >, 0);
  return g_list_model_get_item (migrations, n - 1);
}

static guint
count_statements (const char *sql)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) statements = NULL;

  if (sql == NULL)
    return 0;

  statements = sluice_sql_split (sql, 1, &error);
  g_assert_no_error (error);
  return statements->len;
}

static guint
n_problems (SluiceMigrationFolder *folder)
{
  return sluice_migration_folder_get_problems (folder)->len;
}

static guint
n_migrations (SluiceMigrationFolder *folder)
{
  return g_list_model_get_n_items (sluice_migration_folder_get_migrations (folder));
}

static SluiceMigrationFolder *
load (const char            *dir,
      SluiceMigrationFormat  expected_format)
{
  g_autoptr(GError) error = NULL;
  SluiceMigrationFolder *folder = sluice_migration_folder_load (dir, SLUICE_MIGRATION_FORMAT_AUTO, &error);

  g_assert_no_error (error);
  /* The written files must not make the folder look like another format. */
  g_assert_cmpint (sluice_migration_folder_get_format (folder), ==, expected_format);
  return folder;
}

/* The up SQL holds the two statements written, the down SQL the two of
 * the down script (Sqitch adds BEGIN and COMMIT around them). */
static void
assert_sql (SluiceMigration *migration,
            guint            extra_statements,
            gboolean         has_down)
{
  const char *up = sluice_migration_get_up_sql (migration);
  const char *down = sluice_migration_get_down_sql (migration);

  g_assert_nonnull (strstr (up, "ALTER TABLE orders ADD COLUMN status text"));
  g_assert_nonnull (strstr (up, "CREATE INDEX orders_status_idx ON orders (status)"));
  g_assert_cmpuint (count_statements (up), ==, 2 + extra_statements);

  if (!has_down)
    {
      g_assert_null (down);
      return;
    }

  g_assert_nonnull (down);
  g_assert_nonnull (strstr (down, "DROP INDEX orders_status_idx"));
  g_assert_nonnull (strstr (down, "ALTER TABLE orders DROP COLUMN status"));
  g_assert_cmpuint (count_statements (down), ==, 2 + extra_statements);
}

static char **
write_migration (const char            *dir,
                 SluiceMigrationFormat  format,
                 const char            *down,
                 gboolean               transactional)
{
  g_autoptr(GError) error = NULL;
  char **paths;

  paths = sluice_migration_writer_write (dir, format, "Add order status", UP_SQL, down, transactional, &error);
  g_assert_no_error (error);
  g_assert_nonnull (paths);
  g_assert_nonnull (paths[0]);

  for (guint i = 0; paths[i] != NULL; i++)
    {
      g_assert_true (g_path_is_absolute (paths[i]));
      g_assert_true (g_file_test (paths[i], G_FILE_TEST_IS_REGULAR));
    }

  return paths;
}

/* No temporary file is left behind. */
static void
assert_no_leftovers (const char *dir)
{
  g_autofree char *tree = describe_tree (dir);

  g_assert_null (strstr (tree, ".sluice-new-"));
}

static void
test_sluice (void)
{
  g_auto(Workspace) workspace = { 0 };
  g_autoptr(SluiceMigrationFolder) before = NULL;
  g_autoptr(SluiceMigrationFolder) after = NULL;
  g_autoptr(SluiceMigration) migration = NULL;
  g_autofree char *expected = NULL;
  g_auto(GStrv) paths = NULL;

  workspace_init (&workspace, "sluice");
  before = load (workspace.dir, SLUICE_MIGRATION_FORMAT_SLUICE);

  paths = write_migration (workspace.dir, SLUICE_MIGRATION_FORMAT_AUTO, DOWN_SQL, TRUE);
  expected = g_build_filename (workspace.dir, "0006_add_order_status.sql", NULL);
  g_assert_cmpstr (paths[0], ==, expected);
  g_assert_null (paths[1]);

  after = load (workspace.dir, SLUICE_MIGRATION_FORMAT_SLUICE);
  g_assert_cmpuint (n_migrations (after), ==, n_migrations (before) + 1);
  g_assert_cmpuint (n_problems (after), ==, n_problems (before));

  migration = last_migration (after);
  g_assert_cmpstr (sluice_migration_get_version (migration), ==, "0006");
  g_assert_cmpstr (sluice_migration_get_name (migration), ==, "add_order_status");
  g_assert_true (sluice_migration_get_transactional (migration));
  assert_sql (migration, 0, TRUE);
  assert_no_leftovers (workspace.dir);
}

static void
test_sluice_no_transaction (void)
{
  g_auto(Workspace) workspace = { 0 };
  g_autoptr(SluiceMigrationFolder) after = NULL;
  g_autoptr(SluiceMigration) migration = NULL;
  g_auto(GStrv) paths = NULL;
  g_auto(GStrv) second = NULL;

  /* A folder that does not exist yet becomes a Sluice folder. */
  workspace_init (&workspace, NULL);
  paths = write_migration (workspace.dir, SLUICE_MIGRATION_FORMAT_AUTO, NULL, FALSE);
  g_assert_true (g_str_has_suffix (paths[0], "/0001_add_order_status.sql"));

  after = load (workspace.dir, SLUICE_MIGRATION_FORMAT_SLUICE);
  migration = last_migration (after);
  g_assert_cmpstr (sluice_migration_get_version (migration), ==, "0001");
  g_assert_false (sluice_migration_get_transactional (migration));
  assert_sql (migration, 0, FALSE);
  g_assert_cmpuint (n_problems (after), ==, 0);

  /* The same name again takes the next version. */
  second = write_migration (workspace.dir, SLUICE_MIGRATION_FORMAT_AUTO, NULL, TRUE);
  g_assert_true (g_str_has_suffix (second[0], "/0002_add_order_status.sql"));
}

static void
test_plain_rollback (void)
{
  g_auto(Workspace) workspace = { 0 };
  g_autoptr(SluiceMigrationFolder) before = NULL;
  g_autoptr(SluiceMigrationFolder) after = NULL;
  g_autoptr(SluiceMigration) migration = NULL;
  g_auto(GStrv) paths = NULL;

  workspace_init (&workspace, "plain/rollback");
  before = load (workspace.dir, SLUICE_MIGRATION_FORMAT_PLAIN);

  paths = write_migration (workspace.dir, SLUICE_MIGRATION_FORMAT_PLAIN, DOWN_SQL, TRUE);
  g_assert_true (g_str_has_suffix (paths[0], "/004_add_order_status.sql"));
  g_assert_true (g_str_has_suffix (paths[1], "/rollback_004_add_order_status.sql"));
  g_assert_null (paths[2]);

  after = load (workspace.dir, SLUICE_MIGRATION_FORMAT_PLAIN);
  g_assert_cmpuint (n_migrations (after), ==, n_migrations (before) + 1);
  g_assert_cmpuint (n_problems (after), ==, n_problems (before));
  migration = last_migration (after);
  g_assert_cmpstr (sluice_migration_get_version (migration), ==, "004");
  g_assert_cmpuint (g_strv_length ((char **) sluice_migration_get_files (migration)), ==, 2);
  assert_sql (migration, 0, TRUE);
}

static void
test_plain_sections (void)
{
  g_auto(Workspace) workspace = { 0 };
  g_autoptr(SluiceMigrationFolder) after = NULL;
  g_autoptr(SluiceMigration) migration = NULL;
  g_auto(GStrv) paths = NULL;

  /* A folder keeping up and down in one file goes on doing so. */
  workspace_init (&workspace, "plain/sections");
  paths = write_migration (workspace.dir, SLUICE_MIGRATION_FORMAT_AUTO, DOWN_SQL, TRUE);
  g_assert_true (g_str_has_suffix (paths[0], "/0005_add_order_status.sql"));
  g_assert_null (paths[1]);

  after = load (workspace.dir, SLUICE_MIGRATION_FORMAT_PLAIN);
  migration = last_migration (after);
  g_assert_cmpstr (sluice_migration_get_version (migration), ==, "0005");
  g_assert_cmpuint (g_strv_length ((char **) sluice_migration_get_files (migration)), ==, 1);
  assert_sql (migration, 0, TRUE);
}

static void
test_dbmate (void)
{
  g_auto(Workspace) workspace = { 0 };
  g_autoptr(SluiceMigrationFolder) before = NULL;
  g_autoptr(SluiceMigrationFolder) after = NULL;
  g_autoptr(SluiceMigration) migration = NULL;
  g_autoptr(SluiceMigration) second = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *today = g_date_time_format (now, "%Y%m%d");
  g_autofree char *text = NULL;
  g_auto(GStrv) paths = NULL;
  g_auto(GStrv) more = NULL;
  const char *version;

  workspace_init (&workspace, "dbmate/db/migrations");
  before = load (workspace.dir, SLUICE_MIGRATION_FORMAT_DBMATE);

  paths = write_migration (workspace.dir, SLUICE_MIGRATION_FORMAT_AUTO, DOWN_SQL, FALSE);
  g_assert_true (g_str_has_suffix (paths[0], "_add_order_status.sql"));
  g_assert_true (g_file_get_contents (paths[0], &text, NULL, NULL));
  g_assert_true (g_str_has_prefix (text, "-- migrate:up transaction:false\n"));

  after = load (workspace.dir, SLUICE_MIGRATION_FORMAT_DBMATE);
  g_assert_cmpuint (n_migrations (after), ==, n_migrations (before) + 1);
  g_assert_cmpuint (n_problems (after), ==, 0);
  migration = last_migration (after);
  version = sluice_migration_get_version (migration);
  /* A UTC timestamp, YYYYMMDDHHMMSS, of today (or a second past the
   * newest version, when that one is later). */
  g_assert_cmpuint (strlen (version), ==, 14);
  g_assert_cmpint (sluice_version_compare (version, "20240201120000"), >, 0);
  g_assert_true (g_str_has_prefix (version, today));
  g_assert_false (sluice_migration_get_transactional (migration));
  assert_sql (migration, 0, TRUE);

  /* Two in the same second still get two versions, in order. */
  more = write_migration (workspace.dir, SLUICE_MIGRATION_FORMAT_DBMATE, NULL, TRUE);
  g_clear_object (&after);
  after = load (workspace.dir, SLUICE_MIGRATION_FORMAT_DBMATE);
  second = last_migration (after);
  g_assert_cmpint (sluice_version_compare (sluice_migration_get_version (second), version), >, 0);
  g_assert_true (sluice_migration_get_transactional (second));
  assert_sql (second, 0, FALSE);
}

static void
test_golang_migrate (void)
{
  g_auto(Workspace) workspace = { 0 };
  g_autoptr(SluiceMigrationFolder) before = NULL;
  g_autoptr(SluiceMigrationFolder) after = NULL;
  g_autoptr(SluiceMigration) migration = NULL;
  g_auto(GStrv) paths = NULL;

  workspace_init (&workspace, "golang-migrate");
  before = load (workspace.dir, SLUICE_MIGRATION_FORMAT_GOLANG_MIGRATE);

  paths = write_migration (workspace.dir, SLUICE_MIGRATION_FORMAT_AUTO, DOWN_SQL, TRUE);
  g_assert_true (g_str_has_suffix (paths[0], "/000011_add_order_status.up.sql"));
  g_assert_true (g_str_has_suffix (paths[1], "/000011_add_order_status.down.sql"));

  after = load (workspace.dir, SLUICE_MIGRATION_FORMAT_GOLANG_MIGRATE);
  g_assert_cmpuint (n_migrations (after), ==, n_migrations (before) + 1);
  g_assert_cmpuint (n_problems (after), ==, n_problems (before));
  migration = last_migration (after);
  g_assert_cmpstr (sluice_migration_get_version (migration), ==, "000011");
  g_assert_cmpstr (sluice_migration_get_history_key (migration), ==, "11");
  assert_sql (migration, 0, TRUE);
}

static void
test_golang_migrate_timestamps (void)
{
  g_auto(Workspace) workspace = { 0 };
  g_autoptr(SluiceMigrationFolder) after = NULL;
  g_autoptr(SluiceMigration) migration = NULL;
  g_autofree char *first = NULL;
  g_auto(GStrv) paths = NULL;
  g_autoptr(GError) error = NULL;

  /* A folder numbered by time (migrate create without -seq). */
  workspace_init (&workspace, NULL);
  g_assert_cmpint (g_mkdir_with_parents (workspace.dir, 0755), ==, 0);
  first = g_build_filename (workspace.dir, "20240101000000_create_orders.up.sql", NULL);
  g_file_set_contents (first, "CREATE TABLE orders (id int);\n", -1, &error);
  g_assert_no_error (error);

  paths = write_migration (workspace.dir, SLUICE_MIGRATION_FORMAT_AUTO, NULL, TRUE);
  g_assert_null (paths[1]);

  after = load (workspace.dir, SLUICE_MIGRATION_FORMAT_GOLANG_MIGRATE);
  migration = last_migration (after);
  g_assert_cmpuint (strlen (sluice_migration_get_version (migration)), ==, 14);
  g_assert_cmpint (sluice_version_compare (sluice_migration_get_version (migration), "20240101000000"), >, 0);
  assert_sql (migration, 0, FALSE);
}

static void
test_flyway (void)
{
  g_auto(Workspace) workspace = { 0 };
  g_autoptr(SluiceMigrationFolder) before = NULL;
  g_autoptr(SluiceMigrationFolder) after = NULL;
  g_autofree char *conf = NULL;
  g_auto(GStrv) paths = NULL;
  SluiceMigration *migration;

  workspace_init (&workspace, "flyway/shop");
  before = load (workspace.dir, SLUICE_MIGRATION_FORMAT_FLYWAY);

  paths = write_migration (workspace.dir, SLUICE_MIGRATION_FORMAT_AUTO, DOWN_SQL, FALSE);
  g_assert_true (g_str_has_suffix (paths[0], "/V4__add_order_status.sql"));
  g_assert_true (g_str_has_suffix (paths[1], "/U4__add_order_status.sql"));
  g_assert_true (g_str_has_suffix (paths[2], "/V4__add_order_status.sql.conf"));
  g_assert_true (g_file_get_contents (paths[2], &conf, NULL, NULL));
  g_assert_cmpstr (conf, ==, "executeInTransaction=false\n");

  after = load (workspace.dir, SLUICE_MIGRATION_FORMAT_FLYWAY);
  g_assert_cmpuint (n_migrations (after), ==, n_migrations (before) + 1);
  g_assert_cmpuint (n_problems (after), ==, n_problems (before));
  migration = sluice_migration_folder_find (after, "4");
  g_assert_nonnull (migration);
  g_assert_cmpint (sluice_migration_get_kind (migration), ==, SLUICE_MIGRATION_VERSIONED);
  g_assert_cmpstr (sluice_migration_get_name (migration), ==, "add order status");
  g_assert_false (sluice_migration_get_transactional (migration));
  assert_sql (migration, 0, TRUE);
}

static void
test_drizzle (void)
{
  g_auto(Workspace) workspace = { 0 };
  g_autoptr(SluiceMigrationFolder) before = NULL;
  g_autoptr(SluiceMigrationFolder) after = NULL;
  g_autoptr(SluiceMigration) migration = NULL;
  g_autoptr(SluiceMigration) previous = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *journal_before = NULL;
  g_autofree char *journal_after = NULL;
  g_autofree char *journal_path = NULL;
  g_autofree char *text = NULL;
  g_auto(GStrv) paths = NULL;
  JsonObject *root;
  JsonArray *entries;
  JsonObject *entry;
  gsize prefix_length;

  workspace_init (&workspace, "drizzle/shop");
  journal_path = g_build_filename (workspace.dir, "meta", "_journal.json", NULL);
  g_assert_true (g_file_get_contents (journal_path, &journal_before, NULL, NULL));
  before = load (workspace.dir, SLUICE_MIGRATION_FORMAT_DRIZZLE);
  previous = last_migration (before);

  paths = write_migration (workspace.dir, SLUICE_MIGRATION_FORMAT_AUTO, DOWN_SQL, TRUE);
  g_assert_true (g_str_has_suffix (paths[0], "/0003_add_order_status.sql"));
  g_assert_cmpstr (paths[1], ==, journal_path);
  g_assert_null (paths[2]);

  /* One statement per chunk. */
  g_assert_true (g_file_get_contents (paths[0], &text, NULL, NULL));
  g_assert_cmpstr (text, ==,
                   "ALTER TABLE orders ADD COLUMN status text;\n"
                   "--> statement-breakpoint\n"
                   "CREATE INDEX orders_status_idx ON orders (status);\n");

  /* The journal keeps every byte it had, the new entry added to the list. */
  g_assert_true (g_file_get_contents (journal_path, &journal_after, NULL, NULL));
  prefix_length = strstr (journal_before, "\"tag\": \"0002_touch_updated_at\"") - journal_before;
  g_assert_cmpint (strncmp (journal_before, journal_after, prefix_length), ==, 0);
  json_parser_load_from_data (parser, journal_after, -1, &error);
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpstr (json_object_get_string_member (root, "dialect"), ==, "postgresql");
  entries = json_object_get_array_member (root, "entries");
  g_assert_cmpuint (json_array_get_length (entries), ==, 4);
  entry = json_array_get_object_element (entries, 3);
  g_assert_cmpint (json_object_get_int_member (entry, "idx"), ==, 3);
  g_assert_cmpstr (json_object_get_string_member (entry, "version"), ==, "7");
  g_assert_cmpstr (json_object_get_string_member (entry, "tag"), ==, "0003_add_order_status");
  g_assert_true (json_object_get_boolean_member (entry, "breakpoints"));

  after = load (workspace.dir, SLUICE_MIGRATION_FORMAT_DRIZZLE);
  g_assert_cmpuint (n_migrations (after), ==, n_migrations (before) + 1);
  g_assert_cmpuint (n_problems (after), ==, n_problems (before));
  migration = last_migration (after);
  g_assert_cmpstr (sluice_migration_get_version (migration), ==, "0003");
  g_assert_cmpstr (sluice_migration_get_name (migration), ==, "add_order_status");
  /* "when" is later than every other entry's. */
  g_assert_cmpint (g_ascii_strtoll (sluice_migration_get_history_key (migration), NULL, 10), >,
                   g_ascii_strtoll (sluice_migration_get_history_key (previous), NULL, 10));
  /* Drizzle has no down migrations. */
  assert_sql (migration, 0, FALSE);
}

static void
test_drizzle_new_folder (void)
{
  g_auto(Workspace) workspace = { 0 };
  g_autoptr(SluiceMigrationFolder) after = NULL;
  g_autoptr(SluiceMigration) migration = NULL;
  g_auto(GStrv) paths = NULL;
  g_auto(GStrv) more = NULL;

  workspace_init (&workspace, NULL);
  paths = write_migration (workspace.dir, SLUICE_MIGRATION_FORMAT_DRIZZLE, NULL, TRUE);
  g_assert_true (g_str_has_suffix (paths[0], "/0000_add_order_status.sql"));
  g_assert_true (g_str_has_suffix (paths[1], "/meta/_journal.json"));

  /* A second one goes after it into the journal written first. */
  more = write_migration (workspace.dir, SLUICE_MIGRATION_FORMAT_AUTO, NULL, TRUE);
  g_assert_true (g_str_has_suffix (more[0], "/0001_add_order_status.sql"));

  after = load (workspace.dir, SLUICE_MIGRATION_FORMAT_DRIZZLE);
  g_assert_cmpuint (n_migrations (after), ==, 2);
  g_assert_cmpuint (n_problems (after), ==, 0);
  migration = last_migration (after);
  g_assert_cmpstr (sluice_migration_get_version (migration), ==, "0001");
  assert_sql (migration, 0, FALSE);
}

static void
test_drizzle_empty_journal (void)
{
  g_auto(Workspace) workspace = { 0 };
  g_autoptr(SluiceMigrationFolder) after = NULL;
  g_autoptr(SluiceMigration) migration = NULL;
  g_autofree char *meta = NULL;
  g_autofree char *journal = NULL;
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) paths = NULL;

  /* The journal drizzle-kit leaves after dropping every migration. */
  workspace_init (&workspace, NULL);
  meta = g_build_filename (workspace.dir, "meta", NULL);
  g_assert_cmpint (g_mkdir_with_parents (meta, 0755), ==, 0);
  journal = g_build_filename (meta, "_journal.json", NULL);
  g_file_set_contents (journal, "{\n  \"version\": \"7\",\n  \"dialect\": \"postgresql\",\n  \"entries\": []\n}", -1, &error);
  g_assert_no_error (error);

  paths = write_migration (workspace.dir, SLUICE_MIGRATION_FORMAT_AUTO, NULL, TRUE);
  g_assert_true (g_str_has_suffix (paths[0], "/0000_add_order_status.sql"));
  g_assert_true (g_file_get_contents (journal, &text, NULL, NULL));
  g_assert_true (g_str_has_prefix (text, "{\n  \"version\": \"7\",\n  \"dialect\": \"postgresql\",\n  \"entries\": [\n    {\n      \"idx\": 0,\n"));
  g_assert_true (g_str_has_suffix (text, "    }\n  ]\n}"));

  after = load (workspace.dir, SLUICE_MIGRATION_FORMAT_DRIZZLE);
  g_assert_cmpuint (n_migrations (after), ==, 1);
  g_assert_cmpuint (n_problems (after), ==, 0);
  migration = last_migration (after);
  g_assert_cmpstr (sluice_migration_get_version (migration), ==, "0000");
}

static void
test_new_folder_left_clean (void)
{
  g_auto(Workspace) workspace = { 0 };
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) paths = NULL;

  /* A refused migration does not leave the folder it would have made. */
  workspace_init (&workspace, NULL);
  paths = sluice_migration_writer_write (workspace.dir, SLUICE_MIGRATION_FORMAT_AUTO, "Add order status",
                                         "SELECT 1;\n-- sluice:up\n", NULL, TRUE, &error);
  g_assert_error (error, SLUICE_ERROR, SLUICE_ERROR_INVALID_INPUT);
  g_assert_null (paths);
  g_assert_false (g_file_test (workspace.dir, G_FILE_TEST_EXISTS));
}

static void
test_sqitch (void)
{
  g_auto(Workspace) workspace = { 0 };
  g_autoptr(SluiceMigrationFolder) before = NULL;
  g_autoptr(SluiceMigrationFolder) after = NULL;
  g_autoptr(SluiceMigration) migration = NULL;
  g_autofree char *plan_path = NULL;
  g_autofree char *plan_before = NULL;
  g_autofree char *plan_after = NULL;
  g_autofree char *deploy = NULL;
  g_auto(GStrv) lines = NULL;
  g_auto(GStrv) paths = NULL;
  const char *line;
  guint n_lines;

  workspace_init (&workspace, "sqitch/shop");
  plan_path = g_build_filename (workspace.dir, "sqitch.plan", NULL);
  g_assert_true (g_file_get_contents (plan_path, &plan_before, NULL, NULL));
  before = load (workspace.dir, SLUICE_MIGRATION_FORMAT_SQITCH);

  paths = write_migration (workspace.dir, SLUICE_MIGRATION_FORMAT_AUTO, DOWN_SQL, TRUE);
  g_assert_true (g_str_has_suffix (paths[0], "/deploy/add_order_status.sql"));
  g_assert_true (g_str_has_suffix (paths[1], "/revert/add_order_status.sql"));
  g_assert_true (g_str_has_suffix (paths[2], "/verify/add_order_status.sql"));
  g_assert_cmpstr (paths[3], ==, plan_path);
  g_assert_null (paths[4]);

  g_assert_true (g_file_get_contents (paths[0], &deploy, NULL, NULL));
  g_assert_true (g_str_has_prefix (deploy, "-- Deploy shop:add_order_status to pg\n\nBEGIN;\n"));
  g_assert_true (g_str_has_suffix (deploy, "COMMIT;\n"));

  /* The plan is kept as it was, one change line added by the planner of
   * the plan's last line. */
  g_assert_true (g_file_get_contents (plan_path, &plan_after, NULL, NULL));
  g_assert_true (g_str_has_prefix (plan_after, plan_before));
  lines = g_strsplit (plan_after, "\n", -1);
  n_lines = g_strv_length (lines);
  g_assert_cmpstr (lines[n_lines - 1], ==, "");
  line = lines[n_lines - 2];
  g_assert_true (g_str_has_prefix (line, "add_order_status 20"));
  g_assert_true (g_str_has_suffix (line, "Z Ada Lovelace <ada@example.com> # Add order status"));

  after = load (workspace.dir, SLUICE_MIGRATION_FORMAT_SQITCH);
  g_assert_cmpuint (n_migrations (after), ==, n_migrations (before) + 1);
  g_assert_cmpuint (n_problems (after), ==, n_problems (before));
  g_assert_cmpstr (sluice_migration_folder_get_project (after), ==, "shop");
  migration = last_migration (after);
  g_assert_cmpstr (sluice_migration_get_version (migration), ==, "add_order_status");
  g_assert_cmpstr (sluice_migration_get_name (migration), ==, "Add order status");
  g_assert_true (sluice_migration_get_transactional (migration));
  g_assert_cmpuint (g_strv_length ((char **) sluice_migration_get_files (migration)), ==, 3);
  /* BEGIN and COMMIT around the two statements of each script. */
  assert_sql (migration, 2, TRUE);
}

static void
test_sqitch_no_transaction (void)
{
  g_auto(Workspace) workspace = { 0 };
  g_autoptr(SluiceMigrationFolder) after = NULL;
  g_autoptr(SluiceMigration) migration = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) paths = NULL;
  const char *concurrently = "CREATE INDEX CONCURRENTLY orders_status_idx ON orders (status);\n";

  /* A new project: sqitch.plan is made as sqitch init makes it. */
  workspace_init (&workspace, NULL);
  paths = sluice_migration_writer_write (workspace.dir, SLUICE_MIGRATION_FORMAT_SQITCH,
                                         "index order status", concurrently,
                                         "DROP INDEX CONCURRENTLY orders_status_idx;\n", FALSE, &error);
  g_assert_no_error (error);

  after = load (workspace.dir, SLUICE_MIGRATION_FORMAT_SQITCH);
  g_assert_cmpstr (sluice_migration_folder_get_project (after), ==, "new");
  g_assert_cmpuint (n_problems (after), ==, 0);
  migration = last_migration (after);
  g_assert_cmpstr (sluice_migration_get_version (migration), ==, "index_order_status");
  /* No BEGIN: CONCURRENTLY cannot run in a transaction block. */
  g_assert_cmpuint (count_statements (sluice_migration_get_up_sql (migration)), ==, 1);
  g_assert_false (sluice_migration_get_transactional (migration));
}

/* Clashes and refusals leave every byte of the folder as it was. */

static void
assert_refused (const char            *dir,
                SluiceMigrationFormat  format,
                const char            *name,
                const char            *up,
                gint                   code)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *tree_before = describe_tree (dir);
  g_autofree char *tree_after = NULL;
  g_auto(GStrv) paths = NULL;

  paths = sluice_migration_writer_write (dir, format, name, up, DOWN_SQL, TRUE, &error);
  g_assert_error (error, SLUICE_ERROR, code);
  g_assert_null (paths);
  g_test_message ("refused: %s", error->message);

  tree_after = describe_tree (dir);
  g_assert_cmpstr (tree_after, ==, tree_before);
}

static void
test_clash_plain (void)
{
  g_auto(Workspace) workspace = { 0 };
  g_autofree char *orphan = NULL;
  g_autoptr(GError) error = NULL;

  /* The rollback file of the next version is already there. */
  workspace_init (&workspace, "plain/rollback");
  orphan = g_build_filename (workspace.dir, "rollback_004_add_order_status.sql", NULL);
  g_file_set_contents (orphan, "SELECT 1;\n", -1, &error);
  g_assert_no_error (error);

  assert_refused (workspace.dir, SLUICE_MIGRATION_FORMAT_PLAIN, "Add order status", UP_SQL, SLUICE_ERROR_FAILED);
}

static void
test_clash_drizzle (void)
{
  g_auto(Workspace) workspace = { 0 };
  g_autofree char *stray = NULL;
  g_autoptr(GError) error = NULL;

  /* A file of the next tag that the journal does not name: the journal
   * must not be touched either. */
  workspace_init (&workspace, "drizzle/shop");
  stray = g_build_filename (workspace.dir, "0003_add_order_status.sql", NULL);
  g_file_set_contents (stray, "SELECT 1;\n", -1, &error);
  g_assert_no_error (error);

  assert_refused (workspace.dir, SLUICE_MIGRATION_FORMAT_AUTO, "Add order status", UP_SQL, SLUICE_ERROR_FAILED);
}

static void
test_clash_sqitch (void)
{
  g_auto(Workspace) workspace = { 0 };

  /* "orders" is planned already: Sqitch would take it for a rework. */
  workspace_init (&workspace, "sqitch/shop");
  assert_refused (workspace.dir, SLUICE_MIGRATION_FORMAT_AUTO, "Orders", UP_SQL, SLUICE_ERROR_FAILED);
}

static void
test_refused_input (void)
{
  g_auto(Workspace) workspace = { 0 };

  workspace_init (&workspace, "sluice");
  /* A marker inside the SQL would cut the file in the wrong place. */
  assert_refused (workspace.dir, SLUICE_MIGRATION_FORMAT_AUTO, "Add order status",
                  "SELECT 1;\n-- sluice:down\nSELECT 2;\n", SLUICE_ERROR_INVALID_INPUT);
  /* SQL the scanner cannot finish. */
  assert_refused (workspace.dir, SLUICE_MIGRATION_FORMAT_AUTO, "Add order status",
                  "CREATE FUNCTION f() RETURNS int AS $$ SELECT 1;\n", SLUICE_ERROR_INVALID_INPUT);
  /* CONCURRENTLY in tools that run the file in one transaction. */
  {
    g_auto(Workspace) drizzle = { 0 };
    g_auto(Workspace) golang = { 0 };
    const char *concurrently = "ALTER TABLE orders ADD COLUMN status text;\n"
                               "CREATE INDEX CONCURRENTLY orders_status_idx ON orders (status);\n";
    g_autoptr(GError) error = NULL;
    g_auto(GStrv) paths = NULL;

    workspace_init (&drizzle, "drizzle/shop");
    assert_refused (drizzle.dir, SLUICE_MIGRATION_FORMAT_AUTO, "Add order status", concurrently,
                    SLUICE_ERROR_INVALID_INPUT);
    workspace_init (&golang, "golang-migrate");
    assert_refused (golang.dir, SLUICE_MIGRATION_FORMAT_AUTO, "Add order status", concurrently,
                    SLUICE_ERROR_INVALID_INPUT);

    /* Alone in its file, golang-migrate sends it outside a transaction. */
    paths = sluice_migration_writer_write (golang.dir, SLUICE_MIGRATION_FORMAT_AUTO, "index order status",
                                           "CREATE INDEX CONCURRENTLY orders_status_idx ON orders (status);\n",
                                           "DROP INDEX CONCURRENTLY orders_status_idx;\n", FALSE, &error);
    g_assert_no_error (error);
    g_assert_nonnull (paths);
  }
  /* A name without letters. */
  assert_refused (workspace.dir, SLUICE_MIGRATION_FORMAT_AUTO, "1234 !!", UP_SQL, SLUICE_ERROR_INVALID_INPUT);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/migration-writer/sluice", test_sluice);
  g_test_add_func ("/migration-writer/sluice-no-transaction", test_sluice_no_transaction);
  g_test_add_func ("/migration-writer/plain-rollback", test_plain_rollback);
  g_test_add_func ("/migration-writer/plain-sections", test_plain_sections);
  g_test_add_func ("/migration-writer/dbmate", test_dbmate);
  g_test_add_func ("/migration-writer/golang-migrate", test_golang_migrate);
  g_test_add_func ("/migration-writer/golang-migrate-timestamps", test_golang_migrate_timestamps);
  g_test_add_func ("/migration-writer/flyway", test_flyway);
  g_test_add_func ("/migration-writer/drizzle", test_drizzle);
  g_test_add_func ("/migration-writer/drizzle-new-folder", test_drizzle_new_folder);
  g_test_add_func ("/migration-writer/drizzle-empty-journal", test_drizzle_empty_journal);
  g_test_add_func ("/migration-writer/new-folder-left-clean", test_new_folder_left_clean);
  g_test_add_func ("/migration-writer/sqitch", test_sqitch);
  g_test_add_func ("/migration-writer/sqitch-no-transaction", test_sqitch_no_transaction);
  g_test_add_func ("/migration-writer/clash-plain", test_clash_plain);
  g_test_add_func ("/migration-writer/clash-drizzle", test_clash_drizzle);
  g_test_add_func ("/migration-writer/clash-sqitch", test_clash_sqitch);
  g_test_add_func ("/migration-writer/refused-input", test_refused_input);

  return g_test_run ();
}
