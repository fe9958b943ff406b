/* test-source-flyway.c: a Flyway folder read as Flyway reads it
 *
 * The expected checksums come from two places that do not share code with
 * Sluice: values printed by java.util.zip.CRC32 fed line by line from
 * BufferedReader.readLine(), as Flyway's checksum does (noted with each
 * fixture below), and a bitwise CRC-32 in this file over the lines Java's
 * reader would give.
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
  return g_test_build_filename (G_TEST_DIST, "unit", "fixtures", "folders", "flyway", name, NULL);
}

/* CRC-32/IEEE, bit by bit (the library uses a table). */
static guint32
crc32_update (guint32     crc,
              const char *data,
              gsize       length)
{
  for (gsize i = 0; i < length; i++)
    {
      crc ^= (guchar) data[i];
      for (int bit = 0; bit < 8; bit++)
        crc = (crc >> 1) ^ (0xEDB88320u & (0u - (crc & 1)));
    }

  return crc;
}

/* What Flyway computes: the text cut into lines as BufferedReader.readLine()
 * cuts it ("\n", "\r\n" or "\r"), a BOM dropped from the first line, each
 * line's bytes into one CRC, the result as a Java int. */
static char *
expected_flyway_checksum (const char *text,
                          gsize       length)
{
  guint32 crc = 0xFFFFFFFFu;
  gsize start = 0;
  gsize i = 0;
  gboolean first = TRUE;

  while (start < length)
    {
      const char *line = text + start;
      gsize line_length;

      i = start;
      while (i < length && text[i] != '\n' && text[i] != '\r')
        i++;
      line_length = i - start;

      if (first && line_length >= 3 && memcmp (line, "\xEF\xBB\xBF", 3) == 0)
        {
          line += 3;
          line_length -= 3;
        }
      first = FALSE;

      crc = crc32_update (crc, line, line_length);

      if (i < length && text[i] == '\r')
        {
          i++;
          if (i < length && text[i] == '\n')
            i++;
        }
      else if (i < length && text[i] == '\n')
        i++;
      start = i;
    }

  return g_strdup_printf ("%d", (gint32) (crc ^ 0xFFFFFFFFu));
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

static SluiceMigrationFolder *
load (const char *path)
{
  g_autoptr(GError) error = NULL;
  SluiceMigrationFolder *folder = sluice_migration_folder_load (path, SLUICE_MIGRATION_FORMAT_FLYWAY, &error);

  g_assert_no_error (error);
  g_assert_nonnull (folder);
  return folder;
}

static char *
file_checksum (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  gsize length = 0;

  g_file_get_contents (path, &text, &length, &error);
  g_assert_no_error (error);
  return expected_flyway_checksum (text, length);
}

static gboolean
has_problem (SluiceMigrationFolder *folder,
             const char            *file_name,
             guint                  line,
             const char            *words)
{
  GPtrArray *problems = sluice_migration_folder_get_problems (folder);

  for (guint i = 0; i < problems->len; i++)
    {
      SluiceFolderProblem *problem = g_ptr_array_index (problems, i);
      g_autofree char *base = g_path_get_basename (problem->path);

      g_assert_true (g_path_is_absolute (problem->path));
      g_assert_cmpstr (problem->message, !=, "");

      if (g_str_equal (base, file_name) && problem->line == line &&
          (words == NULL || strstr (problem->message, words) != NULL))
        return TRUE;
    }

  return FALSE;
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

static void
test_detect (void)
{
  g_autofree char *shop = fixture_path ("shop");
  g_autoptr(GError) error = NULL;
  g_autofree char *tmp = NULL;
  g_autofree char *undo_only = NULL;

  g_assert_cmpint (sluice_migration_format_detect (shop, &error), ==, SLUICE_MIGRATION_FORMAT_FLYWAY);
  g_assert_no_error (error);

  /* A folder holding only an undo script or notes is not a Flyway folder. */
  tmp = g_dir_make_tmp ("sluice-flyway-XXXXXX", &error);
  g_assert_no_error (error);
  undo_only = g_build_filename (tmp, "U1__x.sql", NULL);
  g_file_set_contents (undo_only, "SELECT 1;\n", -1, &error);
  g_assert_no_error (error);
  g_assert_false (sluice_migration_format_detect (tmp, NULL) == SLUICE_MIGRATION_FORMAT_FLYWAY);

  g_unlink (undo_only);
  g_rmdir (tmp);
}

typedef struct
{
  const char          *version;
  const char          *name;
  const char          *history_key;
  SluiceMigrationKind  kind;
  const char          *file_name;
  const char          *java_checksum;   /* java.util.zip.CRC32 as Flyway feeds it */
  gboolean             transactional;
  const char          *undo_file_name;
} Expected;

static void
test_shop (void)
{
  /* Java's values were printed by a 20-line program that reads each file
   * with BufferedReader.readLine(), strips "\uFEFF" from the first line and
   * feeds line.getBytes(UTF_8) to one java.util.zip.CRC32, then prints
   * (int) crc.getValue(): Flyway's ChecksumCalculator. */
  static const Expected expected[] = {
    { "1", "create customers", "1", SLUICE_MIGRATION_VERSIONED, "V1__create_customers.sql", "-1511759925", TRUE, NULL },
    { "1.1", "customers email index", "1.1", SLUICE_MIGRATION_VERSIONED, "V1.1__customers_email_index.sql", "-1555773281", FALSE, NULL },
    { "1.2", "create orders", "1.2", SLUICE_MIGRATION_VERSIONED, "V1_2__create_orders.sql", "-786808901", TRUE, NULL },
    { "2", "shop baseline", "2", SLUICE_MIGRATION_BASELINE, "B2__shop_baseline.sql", "1253310866", TRUE, NULL },
    /* CRLF line ends */
    { "2", "orders total check", "2", SLUICE_MIGRATION_VERSIONED, "V2__orders_total_check.sql", "-1602223197", TRUE, "U2__orders_total_check.sql" },
    /* a BOM, blank lines and a non-ASCII letter */
    { "3", "seed countries", "3", SLUICE_MIGRATION_VERSIONED, "V3__seed_countries.sql", "-1238397777", TRUE, NULL },
    { NULL, "audit function", "audit function", SLUICE_MIGRATION_REPEATABLE, "R__audit_function.sql", "1811695772", TRUE, NULL },
    { NULL, "customer totals view", "customer totals view", SLUICE_MIGRATION_REPEATABLE, "R__customer_totals_view.sql", "-2061149287", TRUE, NULL },
  };
  g_autofree char *dir = fixture_path ("shop");
  g_autoptr(SluiceMigrationFolder) folder = load (dir);
  GListModel *migrations = sluice_migration_folder_get_migrations (folder);

  dump_problems (folder);
  g_assert_cmpuint (sluice_migration_folder_get_problems (folder)->len, ==, 0);
  g_assert_cmpint (sluice_migration_folder_get_format (folder), ==, SLUICE_MIGRATION_FORMAT_FLYWAY);
  /* beforeMigrate.sql (a callback), README.md and the .conf are no migrations. */
  g_assert_cmpuint (g_list_model_get_n_items (migrations), ==, G_N_ELEMENTS (expected));

  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      SluiceMigration *migration = get_migration (folder, i);
      const char * const *files = sluice_migration_get_files (migration);
      g_autofree char *path = g_build_filename (dir, expected[i].file_name, NULL);
      g_autofree char *computed = file_checksum (path);
      g_autofree char *contents = NULL;

      g_test_message ("%s", expected[i].file_name);
      g_assert_cmpint (sluice_migration_get_format (migration), ==, SLUICE_MIGRATION_FORMAT_FLYWAY);
      g_assert_cmpstr (sluice_migration_get_version (migration), ==, expected[i].version);
      g_assert_cmpstr (sluice_migration_get_name (migration), ==, expected[i].name);
      g_assert_cmpstr (sluice_migration_get_history_key (migration), ==, expected[i].history_key);
      g_assert_cmpint (sluice_migration_get_kind (migration), ==, expected[i].kind);
      g_assert_cmpstr (files[0], ==, path);
      g_assert_cmpstr (sluice_migration_get_checksum (migration), ==, expected[i].java_checksum);
      g_assert_cmpstr (sluice_migration_get_checksum (migration), ==, computed);
      g_assert_cmpint (sluice_migration_get_transactional (migration), ==, expected[i].transactional);
      g_assert_cmpuint (sluice_migration_get_up_line (migration), ==, 1);

      /* The up SQL is the file, less a byte order mark PostgreSQL would
       * choke on. */
      g_file_get_contents (path, &contents, NULL, NULL);
      if (g_str_has_prefix (contents, "\xEF\xBB\xBF"))
        g_assert_cmpstr (sluice_migration_get_up_sql (migration), ==, contents + 3);
      else
        g_assert_cmpstr (sluice_migration_get_up_sql (migration), ==, contents);

      if (expected[i].undo_file_name != NULL)
        {
          g_autofree char *undo_path = g_build_filename (dir, expected[i].undo_file_name, NULL);
          g_autofree char *undo = NULL;

          g_file_get_contents (undo_path, &undo, NULL, NULL);
          g_assert_cmpstr (sluice_migration_get_down_sql (migration), ==, undo);
          g_assert_cmpstr (files[1], ==, undo_path);
        }
      else
        g_assert_null (sluice_migration_get_down_sql (migration));
    }

  /* The sidecar that turned the transaction off is one of the files. */
  {
    SluiceMigration *index = get_migration (folder, 1);
    const char * const *files = sluice_migration_get_files (index);

    g_assert_true (g_str_has_suffix (files[1], "V1.1__customers_email_index.sql.conf"));
    g_assert_null (files[2]);
  }

  g_assert_true (sluice_migration_folder_find (folder, "1.2") == get_migration (folder, 2));
  g_assert_true (sluice_migration_folder_find (folder, "customer totals view") == get_migration (folder, 7));
  /* B2 and V2 share the key "2": a row of that key most likely records V2. */
  g_assert_true (sluice_migration_folder_find (folder, "2") == get_migration (folder, 4));
}

/* Flyway's rule on made-up texts: line ends do not count, blank lines add
 * nothing, a BOM counts only at the very start. */
static void
test_checksum_rule (void)
{
  static const struct { const char *text; const char *java; } cases[] = {
    /* Values from java.util.zip.CRC32 over readLine()'s lines, as above. */
    { "SELECT 1;\n", "78787420" },
    { "SELECT 1;\r\n", "78787420" },
    { "SELECT 1;\r", "78787420" },
    { "SELECT 1;", "78787420" },
    { "\xEF\xBB\xBFSELECT 1;\n", "78787420" },
    { "a\n\nb", "-1635563411" },
    { "a\nb", "-1635563411" },
    { "ab", "-1635563411" },
    { "a\r\r\nb\r\n", "-1635563411" },
    { "SELECT 1;\n\xEF\xBB\xBFSELECT 2;\n", "-737986772" },
    { "", "0" },
  };
  g_autoptr(GError) error = NULL;
  g_autofree char *tmp = g_dir_make_tmp ("sluice-flyway-XXXXXX", &error);

  g_assert_no_error (error);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = g_build_filename (tmp, "V1__case.sql", NULL);
      g_autoptr(SluiceMigrationFolder) folder = NULL;
      g_autofree char *expected = expected_flyway_checksum (cases[i].text, strlen (cases[i].text));

      g_file_set_contents (path, cases[i].text, -1, &error);
      g_assert_no_error (error);

      folder = load (tmp);
      g_assert_cmpuint (g_list_model_get_n_items (sluice_migration_folder_get_migrations (folder)), ==, 1);
      g_assert_cmpstr (sluice_migration_get_checksum (get_migration (folder, 0)), ==, expected);
      g_assert_cmpstr (expected, ==, cases[i].java);

      g_unlink (path);
    }

  g_rmdir (tmp);
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

/* executeInTransaction from the sidecar, and statements that cannot run in
 * a transaction, which Flyway detects by itself. */
static void
test_transactions (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *tmp = g_dir_make_tmp ("sluice-flyway-XXXXXX", &error);
  g_autoptr(SluiceMigrationFolder) folder = NULL;
  g_autofree char *sub = NULL;

  g_assert_no_error (error);

  write_file (tmp, "V1__plain.sql", "CREATE TABLE t (id int);\n");
  write_file (tmp, "V2__conf_off.sql", "UPDATE t SET id = id;\n");
  write_file (tmp, "V2__conf_off.sql.conf", "# no transaction\r\nexecuteInTransaction = FALSE\r\n");
  write_file (tmp, "V3__concurrently.sql", "CREATE INDEX CONCURRENTLY t_id ON t (id);\n");
  write_file (tmp, "V4__conf_on.sql", "VACUUM t;\n");
  write_file (tmp, "V4__conf_on.sql.conf", "executeInTransaction=true\n");
  /* Flyway scans subfolders of a location too. */
  sub = g_build_filename (tmp, "2024", NULL);
  g_mkdir (sub, 0700);
  write_file (sub, "V5__in_a_subfolder.sql", "ALTER TABLE t ADD COLUMN x int;\n");

  folder = load (tmp);
  dump_problems (folder);
  g_assert_cmpuint (sluice_migration_folder_get_problems (folder)->len, ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (sluice_migration_folder_get_migrations (folder)), ==, 5);

  g_assert_true (sluice_migration_get_transactional (get_migration (folder, 0)));
  g_assert_false (sluice_migration_get_transactional (get_migration (folder, 1)));
  g_assert_false (sluice_migration_get_transactional (get_migration (folder, 2)));
  /* Flyway would still see VACUUM and run it outside a transaction. */
  g_assert_false (sluice_migration_get_transactional (get_migration (folder, 3)));
  g_assert_cmpstr (sluice_migration_get_version (get_migration (folder, 4)), ==, "5");
  g_assert_cmpstr (sluice_migration_get_name (get_migration (folder, 4)), ==, "in a subfolder");

  remove_tree (tmp);
}

static void
test_hostile (void)
{
  g_autofree char *dir = fixture_path ("hostile");
  g_autoptr(SluiceMigrationFolder) folder = load (dir);
  GListModel *migrations = sluice_migration_folder_get_migrations (folder);
  g_autoptr(GPtrArray) versions = g_ptr_array_new ();
  SluiceMigration *migration;

  dump_problems (folder);

  for (guint i = 0; i < g_list_model_get_n_items (migrations); i++)
    {
      migration = get_migration (folder, i);
      g_ptr_array_add (versions, (gpointer) sluice_migration_get_history_key (migration));
    }
  g_ptr_array_add (versions, NULL);

  /* What loads: one of the two version-1 files, V5 (with a bad sidecar
   * value), V6 without its broken undo, and the repeatable view. */
  g_assert_cmpstrv ((const char * const *) versions->pdata,
                    ((const char * const[]) { "1.0", "5", "6", "accounts view", NULL }));

  /* A version with a letter in it */
  g_assert_true (has_problem (folder, "V1.a__x.sql", 0, "1.a"));
  /* Two migrations with one version: the second (in name order) is named. */
  g_assert_true (has_problem (folder, "V1__create_accounts.sql", 0, "V1.0__create_accounts_again.sql"));
  /* One underscore where Flyway wants two */
  g_assert_true (has_problem (folder, "V2_single_underscore.sql", 0, "__"));
  /* An unterminated dollar quote: the line where it starts */
  g_assert_true (has_problem (folder, "V3__unterminated_function.sql", 2, NULL));
  /* Latin-1: the line of the bad byte */
  g_assert_true (has_problem (folder, "V4__latin1_comment.sql", 3, "UTF-8"));
  /* The sidecar's bad value: its line; the migration still loads */
  g_assert_true (has_problem (folder, "V5__accounts_owner_index.sql.conf", 2, "maybe"));
  migration = sluice_migration_folder_find (folder, "5");
  g_assert_nonnull (migration);
  g_assert_true (sluice_migration_get_transactional (migration));
  /* The broken undo is dropped; its migration stays */
  g_assert_true (has_problem (folder, "U6__accounts_balance.sql", 2, NULL));
  migration = sluice_migration_folder_find (folder, "6");
  g_assert_nonnull (migration);
  g_assert_null (sluice_migration_get_down_sql (migration));
  /* An undo with nothing to undo */
  g_assert_true (has_problem (folder, "U9__orphan_undo.sql", 0, "V9"));
  /* A repeatable migration without a description */
  g_assert_true (has_problem (folder, "R__.sql", 0, NULL));
  /* notes.sql is not meant as a migration: no word about it */
  g_assert_false (has_problem (folder, "notes.sql", 0, NULL));

  g_assert_cmpuint (sluice_migration_folder_get_problems (folder)->len, ==, 9);
}

/* Versions Flyway takes as equal are duplicates, whatever their spelling;
 * a version's leading zeros stay as written, as Flyway records them. */
static void
test_versions (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *tmp = g_dir_make_tmp ("sluice-flyway-XXXXXX", &error);
  g_autoptr(SluiceMigrationFolder) folder = NULL;

  g_assert_no_error (error);

  write_file (tmp, "V001__first.sql", "SELECT 1;\n");
  write_file (tmp, "V1_0_0__first_again.sql", "SELECT 1;\n");
  write_file (tmp, "V1_10__tenth.sql", "SELECT 10;\n");
  write_file (tmp, "V1.9__ninth.sql", "SELECT 9;\n");
  write_file (tmp, "V2.__trailing_dot.sql", "SELECT 2;\n");
  write_file (tmp, "V3..1__double_dot.sql", "SELECT 3;\n");
  write_file (tmp, "V__no_version.sql", "SELECT 0;\n");
  write_file (tmp, "Vacuum_notes.sql", "VACUUM;\n");

  folder = load (tmp);
  dump_problems (folder);

  g_assert_cmpuint (g_list_model_get_n_items (sluice_migration_folder_get_migrations (folder)), ==, 3);
  g_assert_cmpstr (sluice_migration_get_version (get_migration (folder, 0)), ==, "001");
  g_assert_cmpstr (sluice_migration_get_version (get_migration (folder, 1)), ==, "1.9");
  g_assert_cmpstr (sluice_migration_get_version (get_migration (folder, 2)), ==, "1.10");

  g_assert_true (has_problem (folder, "V1_0_0__first_again.sql", 0, "V001__first.sql"));
  g_assert_true (has_problem (folder, "V2.__trailing_dot.sql", 0, NULL));
  g_assert_true (has_problem (folder, "V3..1__double_dot.sql", 0, NULL));
  g_assert_true (has_problem (folder, "V__no_version.sql", 0, NULL));
  g_assert_cmpuint (sluice_migration_folder_get_problems (folder)->len, ==, 4);

  remove_tree (tmp);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/source/flyway/detect", test_detect);
  g_test_add_func ("/source/flyway/shop", test_shop);
  g_test_add_func ("/source/flyway/checksum-rule", test_checksum_rule);
  g_test_add_func ("/source/flyway/transactions", test_transactions);
  g_test_add_func ("/source/flyway/hostile", test_hostile);
  g_test_add_func ("/source/flyway/versions", test_versions);

  return g_test_run ();
}
