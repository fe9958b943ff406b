/* test-source-sqitch.c: a Sqitch project read in its plan's order
 *
 * fixtures/folders/sqitch/shop was made by sqitch 1.3.1 (Debian 12):
 * `sqitch init shop --engine pg`, `sqitch add` four times, `sqitch tag
 * v1.0`, a deploy, `sqitch tag v1.1`, `sqitch rework order_totals`, one
 * more `sqitch add`, and a second deploy to PostgreSQL 15.  The script
 * hashes expected below are what sqitch.changes.script_hash held for each
 * deployed change afterwards; the earlier order_totals (now
 * order_totals@v1.1) was deployed before the rework.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "sluice-error.h"
#include "sluice-migration-folder.h"

static char *
fixture_path (const char *name)
{
  return g_test_build_filename (G_TEST_DIST, "unit", "fixtures", "folders", "sqitch", name, NULL);
}

static SluiceMigration *
get_migration (SluiceMigrationFolder *folder,
               guint                  index)
{
  GListModel *migrations = sluice_migration_folder_get_migrations (folder);
  g_autoptr(SluiceMigration) migration = g_list_model_get_item (migrations, index);

  g_assert_nonnull (migration);
  return migration;   /* the model keeps a reference */
}

static guint
n_migrations (SluiceMigrationFolder *folder)
{
  return g_list_model_get_n_items (sluice_migration_folder_get_migrations (folder));
}

static SluiceMigrationFolder *
load (const char *path)
{
  g_autoptr(GError) error = NULL;
  SluiceMigrationFolder *folder = sluice_migration_folder_load (path, SLUICE_MIGRATION_FORMAT_SQITCH, &error);

  g_assert_no_error (error);
  g_assert_nonnull (folder);
  return folder;
}

static void
dump_problems (SluiceMigrationFolder *folder)
{
  GPtrArray *problems = sluice_migration_folder_get_problems (folder);

  for (guint i = 0; i < problems->len; i++)
    {
      SluiceFolderProblem *problem = g_ptr_array_index (problems, i);
      g_test_message ("problem: %s:%u: %s", problem->path, problem->line, problem->message);
    }
}

static gboolean
has_problem (SluiceMigrationFolder *folder,
             const char            *path,
             guint                  line,
             const char            *words)
{
  GPtrArray *problems = sluice_migration_folder_get_problems (folder);

  for (guint i = 0; i < problems->len; i++)
    {
      SluiceFolderProblem *problem = g_ptr_array_index (problems, i);

      g_assert_true (g_path_is_absolute (problem->path));
      g_assert_cmpstr (problem->message, !=, "");

      if (g_str_equal (problem->path, path) && problem->line == line &&
          (words == NULL || strstr (problem->message, words) != NULL))
        return TRUE;
    }

  return FALSE;
}

static char *
read_file (const char *dir,
           const char *kind,
           const char *file_name)
{
  g_autofree char *path = g_build_filename (dir, kind, file_name, NULL);
  char *text = NULL;

  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  return text;
}

static void
test_detect (void)
{
  g_autofree char *shop = fixture_path ("shop");
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (sluice_migration_format_detect (shop, &error), ==, SLUICE_MIGRATION_FORMAT_SQITCH);
  g_assert_no_error (error);
}

typedef struct
{
  const char *key;            /* sqitch's name for the change: name, or name@tag */
  const char *name;           /* its note */
  const char *file_stem;      /* deploy/<stem>.sql, revert/, verify/ */
  const char *script_hash;    /* sqitch.changes.script_hash after `sqitch deploy` */
  gboolean    transactional;
} Expected;

static void
test_shop (void)
{
  static const Expected expected[] = {
    { "appschema", "Add schema for the shop.", "appschema",
      "ea5820aa0f5f1de9b35b8861da59e2fe029a4169", TRUE },
    { "customers", "Creates the customers table.", "customers",
      "0fdfa3c79e980c6310f3c5d612d0e44b4f673048", TRUE },
    { "orders", "Orders placed by customers.", "orders",
      "2d7241a07d58e6503c8a70f40b89ecc40ceb1617", TRUE },
    /* The instance before the rework, whose scripts sqitch moved aside. */
    { "order_totals@v1.1", "View: order totals per customer.", "order_totals@v1.1",
      "da4235b3e7bbe1558aaf6a6b8d2b93b0fe161ea1", TRUE },
    { "order_totals", "Add the average order to the totals view.", "order_totals",
      "4a7fa428cfae339e2983d3e869521e7744f5c9dd", TRUE },
    /* CREATE INDEX CONCURRENTLY, with no BEGIN in the script */
    { "orders_placed_at_idx", "Index orders by time, built concurrently.", "orders_placed_at_idx",
      "2ef9367b24adf19277e8c8634f65f6a8f0033e58", FALSE },
  };
  g_autofree char *dir = fixture_path ("shop");
  g_autoptr(SluiceMigrationFolder) folder = load (dir);

  dump_problems (folder);
  g_assert_cmpuint (sluice_migration_folder_get_problems (folder)->len, ==, 0);
  g_assert_cmpint (sluice_migration_folder_get_format (folder), ==, SLUICE_MIGRATION_FORMAT_SQITCH);
  g_assert_cmpstr (sluice_migration_folder_get_project (folder), ==, "shop");
  g_assert_cmpuint (n_migrations (folder), ==, G_N_ELEMENTS (expected));

  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      SluiceMigration *migration = get_migration (folder, i);
      const char * const *files = sluice_migration_get_files (migration);
      g_autofree char *file_name = g_strconcat (expected[i].file_stem, ".sql", NULL);
      g_autofree char *deploy = read_file (dir, "deploy", file_name);
      g_autofree char *revert = read_file (dir, "revert", file_name);
      g_autofree char *deploy_path = g_build_filename (dir, "deploy", file_name, NULL);
      g_autofree char *revert_path = g_build_filename (dir, "revert", file_name, NULL);
      g_autofree char *verify_path = g_build_filename (dir, "verify", file_name, NULL);

      g_test_message ("%s", expected[i].key);
      g_assert_cmpint (sluice_migration_get_format (migration), ==, SLUICE_MIGRATION_FORMAT_SQITCH);
      g_assert_cmpint (sluice_migration_get_kind (migration), ==, SLUICE_MIGRATION_VERSIONED);
      g_assert_cmpstr (sluice_migration_get_version (migration), ==, expected[i].key);
      g_assert_cmpstr (sluice_migration_get_history_key (migration), ==, expected[i].key);
      g_assert_cmpstr (sluice_migration_get_name (migration), ==, expected[i].name);
      g_assert_cmpstr (sluice_migration_get_checksum (migration), ==, expected[i].script_hash);
      g_assert_cmpint (sluice_migration_get_transactional (migration), ==, expected[i].transactional);
      g_assert_cmpstr (sluice_migration_get_up_sql (migration), ==, deploy);
      g_assert_cmpstr (sluice_migration_get_down_sql (migration), ==, revert);
      g_assert_cmpuint (sluice_migration_get_up_line (migration), ==, 1);
      g_assert_cmpstrv (files, ((const char * const[]) { deploy_path, revert_path, verify_path, NULL }));

      g_assert_true (sluice_migration_folder_find (folder, expected[i].key) == migration);
    }
}

static void
write_file (const char *dir,
            const char *name,
            const char *text)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (dir, name, NULL);

  g_file_set_contents (path, text, -1, &error);
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
        g_unlink (child);
    }

  g_rmdir (path);
}

/* A change reworked twice, names with a '/' (scripts in subfolders), the
 * old "+" mark, several tags between instances, CRLF plan lines, and a
 * project with no revert or verify scripts. */
static void
test_reworks_and_layout (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *tmp = g_dir_make_tmp ("sluice-sqitch-XXXXXX", &error);
  g_autoptr(SluiceMigrationFolder) folder = NULL;
  const char *dirs[] = { "deploy", "deploy/app", "revert" };
  static const char * const keys[] = { "app/schema", "fn@v1", "fn@v3", "fn", NULL };
  g_autoptr(GPtrArray) found = g_ptr_array_new ();

  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (dirs); i++)
    {
      g_autofree char *path = g_build_filename (tmp, dirs[i], NULL);
      g_mkdir_with_parents (path, 0700);
    }

  write_file (tmp, "sqitch.plan",
              "%syntax-version=1.0.0\r\n"
              "%project=rw\r\n"
              "\r\n"
              "# The schema first.\r\n"
              "+app/schema 2024-01-16T14:20:00Z Grace Hopper <grace@example.com> # Schema.\r\n"
              "fn [app/schema] 2024-01-16T14:21:00Z Grace Hopper <grace@example.com> # First fn.\r\n"
              "@v1 2024-01-16T14:22:00Z Grace Hopper <grace@example.com>\r\n"
              "@v1.0.1 2024-01-16T14:22:30Z Grace Hopper <grace@example.com>\r\n"
              "fn [fn@v1] 2024-01-16T14:23:00Z Grace Hopper <grace@example.com> # Second fn.\r\n"
              "@v2 2024-01-16T14:24:00Z Grace Hopper <grace@example.com>\r\n"
              "@v3 2024-01-16T14:24:30Z Grace Hopper <grace@example.com>\r\n"
              "fn [fn@v3] 2024-01-16T14:25:00Z Grace Hopper <grace@example.com> # Third fn.\r\n");
  write_file (tmp, "deploy/app/schema.sql", "CREATE SCHEMA app;\n");
  write_file (tmp, "deploy/fn@v1.sql", "SELECT 1;\n");
  /* For the second instance, v2 has no file and v3 has: sqitch takes v3. */
  write_file (tmp, "deploy/fn@v3.sql", "SELECT 2;\n");
  write_file (tmp, "deploy/fn.sql", "SELECT 3;\n");
  write_file (tmp, "revert/fn.sql", "SELECT -3;\n");

  folder = load (tmp);
  dump_problems (folder);
  g_assert_cmpuint (sluice_migration_folder_get_problems (folder)->len, ==, 0);

  for (guint i = 0; i < n_migrations (folder); i++)
    g_ptr_array_add (found, (gpointer) sluice_migration_get_history_key (get_migration (folder, i)));
  g_ptr_array_add (found, NULL);
  g_assert_cmpstrv ((const char * const *) found->pdata, keys);

  g_assert_cmpstr (sluice_migration_get_up_sql (get_migration (folder, 2)), ==, "SELECT 2;\n");
  g_assert_cmpstr (sluice_migration_folder_get_project (folder), ==, "rw");
  g_assert_cmpstr (sluice_migration_get_down_sql (get_migration (folder, 3)), ==, "SELECT -3;\n");
  g_assert_null (sluice_migration_get_down_sql (get_migration (folder, 0)));
  g_assert_cmpstr (sluice_migration_get_name (get_migration (folder, 0)), ==, "Schema.");
  g_assert_true (g_str_has_suffix (sluice_migration_get_files (get_migration (folder, 0))[0], "deploy/app/schema.sql"));

  remove_tree (tmp);
}

static void
test_hostile (void)
{
  g_autofree char *dir = fixture_path ("hostile");
  g_autofree char *plan = g_build_filename (dir, "sqitch.plan", NULL);
  g_autofree char *functions = g_build_filename (dir, "deploy", "functions.sql", NULL);
  g_autofree char *views_revert = g_build_filename (dir, "revert", "views.sql", NULL);
  g_autoptr(SluiceMigrationFolder) folder = load (dir);
  static const char * const keys[] = { "appschema", "views", "reports", NULL };
  g_autoptr(GPtrArray) found = g_ptr_array_new ();

  dump_problems (folder);

  for (guint i = 0; i < n_migrations (folder); i++)
    g_ptr_array_add (found, (gpointer) sluice_migration_get_history_key (get_migration (folder, i)));
  g_ptr_array_add (found, NULL);
  g_assert_cmpstrv ((const char * const *) found->pdata, keys);

  /* A change line without its planned time, as sqitch says: "Missing
   * timestamp" at the plan's line. */
  g_assert_true (has_problem (folder, plan, 6, "customers"));
  g_assert_true (has_problem (folder, plan, 7, "["));
  /* The plan names a change whose deploy script is not there. */
  g_assert_true (has_problem (folder, plan, 8, "deploy/payments.sql"));
  /* An unterminated dollar quote: the script and the line it starts on. */
  g_assert_true (has_problem (folder, functions, 5, NULL));
  /* A second "appschema" with no tag in between */
  g_assert_true (has_problem (folder, plan, 10, "line 5"));
  g_assert_true (has_problem (folder, plan, 12, "v1.0"));
  g_assert_true (has_problem (folder, plan, 13, "../escape"));
  /* The revert script does not scan: the change keeps its deploy. */
  g_assert_true (has_problem (folder, views_revert, 6, NULL));
  g_assert_null (sluice_migration_get_down_sql (get_migration (folder, 1)));
  /* A change with no note is named by its name. */
  g_assert_cmpstr (sluice_migration_get_name (get_migration (folder, 2)), ==, "reports");

  g_assert_cmpuint (sluice_migration_folder_get_problems (folder)->len, ==, 8);
}

static void
test_plan_not_utf8 (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *tmp = g_dir_make_tmp ("sluice-sqitch-XXXXXX", &error);
  g_autoptr(SluiceMigrationFolder) folder = NULL;
  g_autofree char *plan = NULL;

  g_assert_no_error (error);
  write_file (tmp, "sqitch.plan",
              "%project=x\n\n"
              "a 2024-01-16T14:20:00Z Jos\xe9 <jose@example.com>\n");
  plan = g_build_filename (tmp, "sqitch.plan", NULL);

  folder = sluice_migration_folder_load (tmp, SLUICE_MIGRATION_FORMAT_SQITCH, &error);
  g_assert_null (folder);
  g_assert_error (error, SLUICE_ERROR, SLUICE_ERROR_INVALID_INPUT);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, plan));
  g_assert_nonnull (strstr (error->message, "line 3"));

  remove_tree (tmp);
}

/* The %project pragma names the project, whatever the blanks and notes;
 * a plan without one names none. */
static void
test_project_pragma (void)
{
  static const struct {
    const char *pragma;
    const char *project;
  } cases[] = {
    { "%project=shop\n", "shop" },
    { "%  project = spaced   # a note\n", "spaced" },
    { "%project=first\n%project=second\n", "first" },
    { "%projects=not_this\n", NULL },
    { "%project\n", NULL },
    { "", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *tmp = g_dir_make_tmp ("sluice-sqitch-XXXXXX", &error);
      g_autofree char *deploy = g_build_filename (tmp, "deploy", NULL);
      g_autofree char *plan = g_strconcat ("%syntax-version=1.0.0\n", cases[i].pragma,
                                           "\nfirst 2024-01-16T14:20:00Z Grace Hopper <grace@example.com> # First.\n",
                                           NULL);
      g_autoptr(SluiceMigrationFolder) folder = NULL;

      g_assert_no_error (error);
      g_mkdir_with_parents (deploy, 0700);
      write_file (tmp, "sqitch.plan", plan);
      write_file (tmp, "deploy/first.sql", "SELECT 1;\n");

      folder = load (tmp);
      g_assert_cmpuint (n_migrations (folder), ==, 1);
      g_assert_cmpstr (sluice_migration_folder_get_project (folder), ==, cases[i].project);
      remove_tree (tmp);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/source/sqitch/detect", test_detect);
  g_test_add_func ("/source/sqitch/shop", test_shop);
  g_test_add_func ("/source/sqitch/reworks-and-layout", test_reworks_and_layout);
  g_test_add_func ("/source/sqitch/project-pragma", test_project_pragma);
  g_test_add_func ("/source/sqitch/hostile", test_hostile);
  g_test_add_func ("/source/sqitch/plan-not-utf8", test_plan_not_utf8);

  return g_test_run ();
}
