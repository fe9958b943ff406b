/* test-source-drizzle.c: a drizzle-kit folder read as drizzle-orm reads it
 *
 * fixtures/folders/drizzle/shop was written by drizzle-kit 0.31.11
 * (`drizzle-kit generate`, twice from a schema, once --custom and filled
 * by hand), and applied by drizzle-orm 0.45.4's node-postgres migrator to a
 * PostgreSQL 15 database: the expected checksums and keys below are what
 * drizzle.__drizzle_migrations held afterwards (hash, created_at).
 * fixtures/folders/drizzle/crlf is the same folder with one file turned to
 * CRLF line ends, applied the same way to a second database.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "sluice-error.h"
#include "sluice-migration-folder.h"
#include "sluice-sql.h"

static char *
fixture_path (const char *name)
{
  return g_test_build_filename (G_TEST_DIST, "unit", "fixtures", "folders", "drizzle", name, NULL);
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
  SluiceMigrationFolder *folder = sluice_migration_folder_load (path, SLUICE_MIGRATION_FORMAT_DRIZZLE, &error);

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

/* The line of the @nth (from 1) occurrence of @needle in the file. */
static guint
line_of (const char *path,
         const char *needle,
         guint       nth)
{
  g_autofree char *text = NULL;
  const char *found = NULL;
  guint line = 1;

  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));

  for (const char *from = text; nth > 0; nth--)
    {
      found = strstr (from, needle);
      g_assert_nonnull (found);
      from = found + 1;
    }

  for (const char *p = text; p < found; p++)
    if (*p == '\n')
      line++;

  return line;
}

static void
test_detect (void)
{
  g_autofree char *shop = fixture_path ("shop");
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (sluice_migration_format_detect (shop, &error), ==, SLUICE_MIGRATION_FORMAT_DRIZZLE);
  g_assert_no_error (error);
}

typedef struct
{
  const char *version;
  const char *name;
  const char *created_at;   /* __drizzle_migrations.created_at */
  const char *hash;         /* __drizzle_migrations.hash */
  const char *file_name;
} Expected;

static void
check_folder (const char     *dir,
              const Expected *expected,
              guint           n_expected)
{
  g_autoptr(SluiceMigrationFolder) folder = load (dir);

  dump_problems (folder);
  g_assert_cmpuint (sluice_migration_folder_get_problems (folder)->len, ==, 0);
  g_assert_cmpuint (n_migrations (folder), ==, n_expected);

  for (guint i = 0; i < n_expected; i++)
    {
      SluiceMigration *migration = get_migration (folder, i);
      const char * const *files = sluice_migration_get_files (migration);
      g_autofree char *path = g_build_filename (dir, expected[i].file_name, NULL);
      g_autofree char *text = NULL;

      g_assert_cmpint (sluice_migration_get_format (migration), ==, SLUICE_MIGRATION_FORMAT_DRIZZLE);
      g_assert_cmpint (sluice_migration_get_kind (migration), ==, SLUICE_MIGRATION_VERSIONED);
      g_assert_cmpstr (sluice_migration_get_version (migration), ==, expected[i].version);
      g_assert_cmpstr (sluice_migration_get_name (migration), ==, expected[i].name);
      g_assert_cmpstr (sluice_migration_get_history_key (migration), ==, expected[i].created_at);
      g_assert_cmpstr (sluice_migration_get_checksum (migration), ==, expected[i].hash);
      g_assert_true (sluice_migration_get_transactional (migration));
      g_assert_null (sluice_migration_get_down_sql (migration));
      g_assert_cmpstr (files[0], ==, path);
      g_assert_null (files[1]);
      g_assert_cmpuint (sluice_migration_get_up_line (migration), ==, 1);

      /* drizzle-kit ends every statement before a breakpoint with ';', so
       * the up SQL is the file as it is. */
      g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
      g_assert_cmpstr (sluice_migration_get_up_sql (migration), ==, text);

      g_assert_true (sluice_migration_folder_find (folder, expected[i].created_at) == migration);
    }
}

static void
test_shop (void)
{
  static const Expected expected[] = {
    { "0000", "initial_shop", "1795253515692",
      "43ca95a564ae6084eca807d2318808800949f6cf779f29779e41d57a13166114", "0000_initial_shop.sql" },
    { "0001", "lush_killer_shrike", "1795253520459",
      "05a308c085e2dfa1adfcb57c504d26fb668856e8d1fd2250d33d4a48232cdb6e", "0001_lush_killer_shrike.sql" },
    { "0002", "touch_updated_at", "1795253522802",
      "3d1757500fff2994f4790d39756363aa8d7ff88e64b86cd92e49fe6453300668", "0002_touch_updated_at.sql" },
  };
  g_autofree char *dir = fixture_path ("shop");
  g_autoptr(SluiceMigrationFolder) folder = NULL;
  g_autoptr(GPtrArray) statements = NULL;
  g_autoptr(GError) error = NULL;
  SluiceMigration *first;

  check_folder (dir, expected, G_N_ELEMENTS (expected));

  /* Statements as drizzle runs them: 4 in the first file, where the
   * breakpoint after the ALTER TABLE sits on the same line. */
  folder = load (dir);
  first = get_migration (folder, 0);
  statements = sluice_sql_split (sluice_migration_get_up_sql (first), 1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (statements->len, ==, 4);
}

/* drizzle-orm 0.45.4 hashes the file as it is: with CRLF line ends the hash
 * it stored is the SHA-256 of the CRLF bytes (6411e1af…), not of the text
 * with LF (ded32a65…). */
static void
test_crlf (void)
{
  static const Expected expected[] = {
    { "0000", "initial_shop", "1795253515692",
      "43ca95a564ae6084eca807d2318808800949f6cf779f29779e41d57a13166114", "0000_initial_shop.sql" },
    { "0001", "lush_killer_shrike", "1795253520459",
      "6411e1af5f04ef578af744e5bec448b7a07c95c687efff03397626f42f93b991", "0001_lush_killer_shrike.sql" },
    { "0002", "touch_updated_at", "1795253522802",
      "3d1757500fff2994f4790d39756363aa8d7ff88e64b86cd92e49fe6453300668", "0002_touch_updated_at.sql" },
  };
  g_autofree char *dir = fixture_path ("crlf");

  check_folder (dir, expected, G_N_ELEMENTS (expected));
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

/* A hand-written migration may leave out the ';' before a breakpoint, which
 * drizzle does not need; the split must still give drizzle's statements.
 * Tags of drizzle-kit's prefix "timestamp" and "none" have other versions. */
static void
test_custom (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *tmp = g_dir_make_tmp ("sluice-drizzle-XXXXXX", &error);
  g_autofree char *meta = NULL;
  g_autoptr(SluiceMigrationFolder) folder = NULL;
  g_autoptr(GPtrArray) statements = NULL;
  SluiceMigration *migration;

  g_assert_no_error (error);
  meta = g_build_filename (tmp, "meta", NULL);
  g_mkdir (meta, 0700);

  write_file (meta, "_journal.json",
              "{\"version\":\"7\",\"dialect\":\"postgresql\",\"entries\":[\n"
              "{\"idx\":0,\"version\":\"7\",\"when\":1700000000000,\"tag\":\"20231114221320_no_semicolons\",\"breakpoints\":true},\n"
              "{\"idx\":1,\"version\":\"7\",\"when\":1700000001000,\"tag\":\"20231114221321_brave_wolverine\",\"breakpoints\":true}\n"
              "]}\n");
  write_file (tmp, "20231114221320_no_semicolons.sql",
              "CREATE TABLE a (id int)\n"
              "--> statement-breakpoint\n"
              "CREATE TABLE b (id int) -- a trailing comment\n"
              "--> statement-breakpoint\n"
              "CREATE TABLE c (id int)");
  write_file (tmp, "20231114221321_brave_wolverine.sql", "SELECT 1;");

  folder = load (tmp);
  dump_problems (folder);
  g_assert_cmpuint (sluice_migration_folder_get_problems (folder)->len, ==, 0);
  g_assert_cmpuint (n_migrations (folder), ==, 2);

  migration = get_migration (folder, 0);
  g_assert_cmpstr (sluice_migration_get_version (migration), ==, "20231114221320");
  g_assert_cmpstr (sluice_migration_get_name (migration), ==, "no_semicolons");
  g_assert_cmpstr (sluice_migration_get_history_key (migration), ==, "1700000000000");
  statements = sluice_sql_split (sluice_migration_get_up_sql (migration), 1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (statements->len, ==, 3);
  g_assert_cmpstr (((SluiceStatement *) g_ptr_array_index (statements, 1))->text, ==, "CREATE TABLE b (id int)");
  g_assert_cmpuint (((SluiceStatement *) g_ptr_array_index (statements, 2))->line, ==, 5);

  migration = get_migration (folder, 1);
  g_assert_cmpstr (sluice_migration_get_version (migration), ==, "20231114221321");
  g_assert_cmpstr (sluice_migration_get_name (migration), ==, "brave_wolverine");
  g_clear_object (&folder);

  /* drizzle-kit's prefix "none" writes tags like "_calm_hulk": no number,
   * and the entry's place in the journal stands in for it. */
  write_file (meta, "_journal.json",
              "{\"version\":\"7\",\"dialect\":\"postgresql\",\"entries\":[\n"
              "{\"idx\":0,\"version\":\"7\",\"when\":1700000000000,\"tag\":\"_calm_hulk\",\"breakpoints\":true},\n"
              "{\"idx\":1,\"version\":\"7\",\"when\":1700000001000,\"tag\":\"_brave_wolverine\",\"breakpoints\":true}\n"
              "]}\n");
  write_file (tmp, "_calm_hulk.sql", "SELECT 1;");
  write_file (tmp, "_brave_wolverine.sql", "SELECT 2;");

  folder = load (tmp);
  dump_problems (folder);
  g_assert_cmpuint (sluice_migration_folder_get_problems (folder)->len, ==, 0);
  g_assert_cmpuint (n_migrations (folder), ==, 2);
  g_assert_cmpstr (sluice_migration_get_version (get_migration (folder, 0)), ==, "0000");
  g_assert_cmpstr (sluice_migration_get_name (get_migration (folder, 0)), ==, "calm_hulk");
  g_assert_cmpstr (sluice_migration_get_version (get_migration (folder, 1)), ==, "0001");
  g_assert_cmpstr (sluice_migration_get_name (get_migration (folder, 1)), ==, "brave_wolverine");

  remove_tree (tmp);
}

/* drizzle-orm applies the journal's entries in the journal's order.  Two
 * branches merged can both bring a 0003_… (different tags, different
 * "when"), and a branch merged late can append a lower number after a
 * higher one: all load, in journal order, told apart by "when". */
static void
test_journal_order (void)
{
  static const struct { const char *tag; const char *when; } expected[] = {
    { "0000_init", "1700000000000" },
    { "0002_branch_a", "1700000002000" },
    { "0001_branch_b", "1700000003000" },
    { "0003_orders_index", "1700000004000" },
    { "0003_refunds", "1700000005000" },
  };
  g_autoptr(GError) error = NULL;
  g_autofree char *tmp = g_dir_make_tmp ("sluice-drizzle-XXXXXX", &error);
  g_autofree char *meta = NULL;
  g_autoptr(GString) journal = g_string_new ("{\"version\":\"7\",\"dialect\":\"postgresql\",\"entries\":[\n");
  g_autoptr(SluiceMigrationFolder) folder = NULL;

  g_assert_no_error (error);
  meta = g_build_filename (tmp, "meta", NULL);
  g_mkdir (meta, 0700);

  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      g_autofree char *file_name = g_strconcat (expected[i].tag, ".sql", NULL);
      g_autofree char *sql = g_strdup_printf ("SELECT %u;\n", i);

      g_string_append_printf (journal,
                              "%s{\"idx\":%u,\"version\":\"7\",\"when\":%s,\"tag\":\"%s\",\"breakpoints\":true}\n",
                              i > 0 ? "," : "", i, expected[i].when, expected[i].tag);
      write_file (tmp, file_name, sql);
    }
  g_string_append (journal, "]}\n");
  write_file (meta, "_journal.json", journal->str);

  folder = load (tmp);
  dump_problems (folder);
  g_assert_cmpuint (sluice_migration_folder_get_problems (folder)->len, ==, 0);
  g_assert_cmpuint (n_migrations (folder), ==, G_N_ELEMENTS (expected));

  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      SluiceMigration *migration = get_migration (folder, i);
      g_autofree char *file_name = g_strconcat (expected[i].tag, ".sql", NULL);
      g_autofree char *base = g_path_get_basename (sluice_migration_get_files (migration)[0]);

      g_assert_cmpstr (base, ==, file_name);
      g_assert_cmpstr (sluice_migration_get_history_key (migration), ==, expected[i].when);
      g_assert_true (sluice_migration_folder_find (folder, expected[i].when) == migration);
    }

  /* Both 0003s keep the version their tag gives. */
  g_assert_cmpstr (sluice_migration_get_version (get_migration (folder, 3)), ==, "0003");
  g_assert_cmpstr (sluice_migration_get_version (get_migration (folder, 4)), ==, "0003");

  remove_tree (tmp);
}

static void
test_hostile (void)
{
  g_autofree char *dir = fixture_path ("hostile");
  g_autofree char *journal = g_build_filename (dir, "meta", "_journal.json", NULL);
  g_autofree char *unterminated = g_build_filename (dir, "0005_unterminated.sql", NULL);
  g_autoptr(SluiceMigrationFolder) folder = load (dir);

  dump_problems (folder);

  /* The rest of the folder still loads. */
  g_assert_cmpuint (n_migrations (folder), ==, 2);
  g_assert_cmpstr (sluice_migration_get_history_key (get_migration (folder, 0)), ==, "1795253515692");
  g_assert_cmpstr (sluice_migration_get_history_key (get_migration (folder, 1)), ==, "1795253522802");

  /* The journal names a file that is not there: the journal's line. */
  g_assert_true (has_problem (folder, journal, line_of (journal, "\"0001_lush_killer_shrike\"", 1),
                              "0001_lush_killer_shrike.sql"));
  g_assert_true (has_problem (folder, journal, line_of (journal, "\"yesterday\"", 1), "0003_refunds"));
  g_assert_true (has_problem (folder, journal, line_of (journal, "etc/passwd", 1), NULL));
  /* The dollar quote that never ends: the line where it starts. */
  g_assert_true (has_problem (folder, unterminated, 6, NULL));
  /* Two entries with one "when" cannot be told apart in the history. */
  g_assert_true (has_problem (folder, journal, line_of (journal, "1795253515692", 2), "0000_initial_shop"));
  g_assert_true (has_problem (folder, journal, line_of (journal, "0007_not_an_object", 1), NULL));

  g_assert_cmpuint (sluice_migration_folder_get_problems (folder)->len, ==, 6);
}

/* A journal that does not parse leaves no order to read the folder in: the
 * load fails, naming the journal and the line. */
static void
test_broken_journal (void)
{
  g_autofree char *dir = fixture_path ("broken-journal");
  g_autofree char *journal = g_build_filename (dir, "meta", "_journal.json", NULL);
  g_autofree char *where = g_strdup_printf ("%s, line %u:", journal, line_of (journal, "<<<<<<<", 1));
  g_autoptr(GError) error = NULL;
  g_autoptr(SluiceMigrationFolder) folder = NULL;

  folder = sluice_migration_folder_load (dir, SLUICE_MIGRATION_FORMAT_DRIZZLE, &error);
  g_assert_null (folder);
  g_assert_error (error, SLUICE_ERROR, SLUICE_ERROR_INVALID_INPUT);
  g_test_message ("%s", error->message);
  g_assert_true (g_str_has_prefix (error->message, where));
  g_clear_error (&error);

  /* Detection still says Drizzle: the journal is there, only broken. */
  g_assert_cmpint (sluice_migration_format_detect (dir, &error), ==, SLUICE_MIGRATION_FORMAT_DRIZZLE);
}

static void
test_bad_journals (void)
{
  static const struct { const char *journal; guint line; } cases[] = {
    { "", 1 },
    { "[]", 1 },
    { "{\"version\":\"7\"}", 1 },
    { "{\n\"entries\": {}\n}", 2 },
    { "{\"entries\": [1e999]}", 1 },
    { "{\n\"entries\": [\n{\"tag\": \"a\\u0000\"}]}", 3 },
    { "\xff{}", 1 },
  };
  g_autoptr(GError) error = NULL;
  g_autofree char *tmp = g_dir_make_tmp ("sluice-drizzle-XXXXXX", &error);
  g_autofree char *meta = NULL;

  g_assert_no_error (error);
  meta = g_build_filename (tmp, "meta", NULL);
  g_mkdir (meta, 0700);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(SluiceMigrationFolder) folder = NULL;
      g_autofree char *where = g_strdup_printf ("_journal.json, line %u:", cases[i].line);

      write_file (meta, "_journal.json", cases[i].journal);
      folder = sluice_migration_folder_load (tmp, SLUICE_MIGRATION_FORMAT_DRIZZLE, &error);
      g_assert_null (folder);
      g_assert_error (error, SLUICE_ERROR, SLUICE_ERROR_INVALID_INPUT);
      g_test_message ("%s", error->message);
      g_assert_nonnull (strstr (error->message, where));
      g_clear_error (&error);
    }

  remove_tree (tmp);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/source/drizzle/detect", test_detect);
  g_test_add_func ("/source/drizzle/shop", test_shop);
  g_test_add_func ("/source/drizzle/crlf", test_crlf);
  g_test_add_func ("/source/drizzle/custom", test_custom);
  g_test_add_func ("/source/drizzle/journal-order", test_journal_order);
  g_test_add_func ("/source/drizzle/hostile", test_hostile);
  g_test_add_func ("/source/drizzle/broken-journal", test_broken_journal);
  g_test_add_func ("/source/drizzle/bad-journals", test_bad_journals);

  return g_test_run ();
}
