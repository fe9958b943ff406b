/* test-migration-folder.c: migration folders of Sluice, plain, dbmate and
 * golang-migrate, hostile folders, the demo project and new migrations
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <pg_query.h>
#include <string.h>
#include <unistd.h>

#include "sluice-error.h"
#include "sluice-migration-folder.h"
#include "sluice-sql.h"

typedef struct
{
  const char *version;
  const char *name;
  const char *history_key;
  guint       up_line;
  guint       up_statements;
  const char *up_first;          /* how the first up statement starts */
  guint       down_statements;   /* 0: no down SQL */
  gboolean    transactional;
  const char *checksum;          /* NULL: the tool keeps none */
  guint       n_files;
} Expected;

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

static guint
count_statements (const char *sql,
                  guint       first_line)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) statements = sluice_sql_split (sql, first_line, &error);

  g_assert_no_error (error);
  return statements->len;
}

static SluiceMigration *
migration_at (SluiceMigrationFolder *folder,
              guint                  position)
{
  GListModel *model = sluice_migration_folder_get_migrations (folder);
  g_autoptr(SluiceMigration) migration = g_list_model_get_item (model, position);

  g_assert_nonnull (migration);
  return migration;   /* still held by the folder */
}

static void
assert_migrations (SluiceMigrationFolder *folder,
                   SluiceMigrationFormat  format,
                   const Expected        *expected,
                   guint                  n_expected)
{
  GListModel *model = sluice_migration_folder_get_migrations (folder);

  g_assert_cmpuint (g_list_model_get_n_items (model), ==, n_expected);
  g_assert_true (g_list_model_get_item_type (model) == SLUICE_TYPE_MIGRATION);

  for (guint i = 0; i < n_expected; i++)
    {
      SluiceMigration *migration = migration_at (folder, i);
      const char * const *files = sluice_migration_get_files (migration);
      g_autoptr(GPtrArray) up = NULL;
      const SluiceStatement *first;
      g_autofree char *up_base = NULL;

      g_test_message ("migration %s", expected[i].version);

      g_assert_cmpint (sluice_migration_get_format (migration), ==, format);
      g_assert_cmpint (sluice_migration_get_kind (migration), ==, SLUICE_MIGRATION_VERSIONED);
      g_assert_cmpstr (sluice_migration_get_version (migration), ==, expected[i].version);
      g_assert_cmpstr (sluice_migration_get_name (migration), ==, expected[i].name);
      g_assert_cmpstr (sluice_migration_get_history_key (migration), ==, expected[i].history_key);
      g_assert_true (sluice_migration_folder_find (folder, expected[i].history_key) == migration);
      g_assert_cmpuint (sluice_migration_get_up_line (migration), ==, expected[i].up_line);

      up = sluice_sql_split (sluice_migration_get_up_sql (migration), sluice_migration_get_up_line (migration), NULL);
      g_assert_nonnull (up);
      g_assert_cmpuint (up->len, ==, expected[i].up_statements);
      first = g_ptr_array_index (up, 0);
      g_assert_true (g_str_has_prefix (first->text, expected[i].up_first));

      if (expected[i].down_statements == 0)
        g_assert_null (sluice_migration_get_down_sql (migration));
      else
        g_assert_cmpuint (count_statements (sluice_migration_get_down_sql (migration), 1), ==, expected[i].down_statements);

      g_assert_cmpint (sluice_migration_get_transactional (migration), ==, expected[i].transactional);
      g_assert_cmpstr (sluice_migration_get_checksum (migration), ==, expected[i].checksum);

      g_assert_cmpuint (g_strv_length ((char **) files), ==, expected[i].n_files);
      g_assert_true (g_path_is_absolute (files[0]));
      g_assert_true (g_file_test (files[0], G_FILE_TEST_IS_REGULAR));
      up_base = g_path_get_basename (files[0]);
      g_assert_true (g_str_has_prefix (up_base, expected[i].version));
    }
}

static SluiceMigrationFolder *
load_ok (const char            *path,
         SluiceMigrationFormat  format)
{
  g_autoptr(GError) error = NULL;
  SluiceMigrationFolder *folder = sluice_migration_folder_load (path, format, &error);

  g_assert_no_error (error);
  g_assert_nonnull (folder);
  return folder;
}

static void
assert_no_problems (SluiceMigrationFolder *folder)
{
  GPtrArray *problems = sluice_migration_folder_get_problems (folder);

  for (guint i = 0; i < problems->len; i++)
    {
      SluiceFolderProblem *problem = g_ptr_array_index (problems, i);

      g_printerr ("%s:%u: %s\n", problem->path, problem->line, problem->message);
    }

  g_assert_cmpuint (problems->len, ==, 0);
}

/* Fixture folders ------------------------------------------------------------ */

static void
test_sluice_folder (void)
{
  static const Expected expected[] = {
    { "0001", "create_projects", "0001", 5, 1, "CREATE TABLE projects", 1, TRUE,
      "9b5682f02667ed1e4ed91a40f84e2c9b7b7cb47fbf33e0b6723c706c6000d398", 1 },
    { "0002", "create_tasks", "0002", 5, 3, "CREATE TABLE tasks", 3, TRUE,
      "6a588c1a6c5e4e95890525414d515dd1266e1c253d08808bd21ff202540122ff", 1 },
    { "0003", "index_tasks_due_on", "0003", 6, 1, "CREATE INDEX CONCURRENTLY", 1, FALSE,
      "f708961e9f693d327efa9462b7ef3b96f323de50f7c8a726aad6f66ad5669387", 1 },
    { "0004", "backfill_task_due_on", "0004", 5, 1, "UPDATE tasks", 0, TRUE,
      "5f0f56eaee72e23ee99467d4bfc7860f647ffcf6284fd9b5a4cbfe5a5799d684", 1 },
    { "0005", "create_task_counts", "0005", 4, 2, "CREATE FUNCTION project_task_count", 1, TRUE,
      "977a615a3f919ee9d3dcccf8de64a3494c70366dfee3955615a49a55c6c37d8e", 1 },
  };
  g_autofree char *path = fixture_path ("sluice", NULL);
  g_autoptr(SluiceMigrationFolder) folder = load_ok (path, SLUICE_MIGRATION_FORMAT_AUTO);
  g_autoptr(GPtrArray) statements = NULL;
  const SluiceStatement *statement;

  g_assert_cmpint (sluice_migration_folder_get_format (folder), ==, SLUICE_MIGRATION_FORMAT_SLUICE);
  g_assert_true (g_path_is_absolute (sluice_migration_folder_get_path (folder)));
  assert_no_problems (folder);
  assert_migrations (folder, SLUICE_MIGRATION_FORMAT_SLUICE, expected, G_N_ELEMENTS (expected));

  /* Statements know their line in the file. */
  statements = sluice_sql_split (sluice_migration_get_up_sql (migration_at (folder, 1)),
                                 sluice_migration_get_up_line (migration_at (folder, 1)), NULL);
  statement = g_ptr_array_index (statements, 1);
  g_assert_cmpuint (statement->line, ==, 13);
  g_assert_true (g_str_has_prefix (statement->text, "CREATE FUNCTION tasks_touch()"));

  /* The file saved with CRLF keeps them in its SQL; the checksum does not
   * depend on them (compared above with the LF text's SHA-256). */
  g_assert_nonnull (strstr (sluice_migration_get_up_sql (migration_at (folder, 3)), "\r\n"));

  /* A statement that needs autocommit in a transactional migration is
   * loaded as declared: lint says so, loading does not change it. */
  g_assert_true (sluice_sql_needs_autocommit (sluice_migration_get_up_sql (migration_at (folder, 2))));

  g_assert_null (sluice_migration_folder_find (folder, "9999"));
  g_assert_null (sluice_migration_folder_find (folder, "1"));
}

static void
test_dbmate_folder (void)
{
  static const Expected expected[] = {
    { "20240105093000", "create_users", "20240105093000", 2, 1, "create table users", 1, TRUE, NULL, 1 },
    { "20240112141500", "create_sessions", "20240112141500", 3, 2, "create table sessions", 2, TRUE, NULL, 1 },
    { "20240120080000", "index_sessions_user_id", "20240120080000", 2, 1, "create index concurrently", 1, FALSE, NULL, 1 },
    { "20240201120000", "seed_admin", "20240201120000", 2, 1, "insert into users", 0, TRUE, NULL, 1 },
  };
  g_autofree char *path = fixture_path ("dbmate", "db", "migrations", NULL);
  g_autoptr(SluiceMigrationFolder) folder = load_ok (path, SLUICE_MIGRATION_FORMAT_AUTO);

  g_assert_cmpint (sluice_migration_folder_get_format (folder), ==, SLUICE_MIGRATION_FORMAT_DBMATE);
  assert_no_problems (folder);
  assert_migrations (folder, SLUICE_MIGRATION_FORMAT_DBMATE, expected, G_N_ELEMENTS (expected));
}

static void
test_golang_migrate_folder (void)
{
  static const Expected expected[] = {
    { "000001", "create_orders", "1", 1, 1, "CREATE TABLE IF NOT EXISTS orders", 1, TRUE, NULL, 2 },
    { "000002", "add_orders_status", "2", 1, 2, "CREATE TYPE order_status", 2, TRUE, NULL, 2 },
    { "000003", "seed_orders", "3", 1, 1, "INSERT INTO orders", 0, TRUE, NULL, 1 },
    { "000010", "orders_created_at_index", "10", 1, 1, "CREATE INDEX orders_created_at_idx", 1, TRUE, NULL, 2 },
  };
  g_autofree char *path = fixture_path ("golang-migrate", NULL);
  g_autoptr(SluiceMigrationFolder) folder = load_ok (path, SLUICE_MIGRATION_FORMAT_AUTO);
  const char * const *files;

  g_assert_cmpint (sluice_migration_folder_get_format (folder), ==, SLUICE_MIGRATION_FORMAT_GOLANG_MIGRATE);
  assert_no_problems (folder);
  assert_migrations (folder, SLUICE_MIGRATION_FORMAT_GOLANG_MIGRATE, expected, G_N_ELEMENTS (expected));

  /* The up file first, then the down file. */
  files = sluice_migration_get_files (migration_at (folder, 0));
  g_assert_true (g_str_has_suffix (files[0], "000001_create_orders.up.sql"));
  g_assert_true (g_str_has_suffix (files[1], "000001_create_orders.down.sql"));

  /* schema_migrations holds the integer. */
  g_assert_null (sluice_migration_folder_find (folder, "000001"));
}

static void
test_plain_rollback_folder (void)
{
  static const Expected expected[] = {
    { "001", "create_customers", "001", 1, 1, "CREATE TABLE customers", 1, TRUE,
      "3c484358c69ba294c791e80d9b3d8771022f69a6dbf247962e693f612494b5df", 2 },
    { "002", "add_customers_email", "002", 1, 2, "ALTER TABLE customers ADD COLUMN email", 2, TRUE,
      "ae8d5695f95bf32f0ca30b8684d044fb67026e3df508ad3de2206bc0513d4023", 2 },
    { "003", "seed_regions", "003", 1, 2, "CREATE TABLE regions", 0, TRUE,
      "709ab36a5edabf2919d8571884afba59802c4f5db0465bfd1c9e1ca06a280fbf", 1 },
  };
  g_autofree char *path = fixture_path ("plain", "rollback", NULL);
  g_autoptr(SluiceMigrationFolder) folder = load_ok (path, SLUICE_MIGRATION_FORMAT_AUTO);
  const char * const *files;

  g_assert_cmpint (sluice_migration_folder_get_format (folder), ==, SLUICE_MIGRATION_FORMAT_PLAIN);
  assert_no_problems (folder);
  assert_migrations (folder, SLUICE_MIGRATION_FORMAT_PLAIN, expected, G_N_ELEMENTS (expected));

  files = sluice_migration_get_files (migration_at (folder, 0));
  g_assert_true (g_str_has_suffix (files[1], "rollback_001_create_customers.sql"));
  g_assert_cmpstr (sluice_migration_get_down_sql (migration_at (folder, 0)), ==, "DROP TABLE customers;\n");
}

static void
test_plain_sections_folder (void)
{
  static const Expected expected[] = {
    { "0001", "create_invoices", "0001", 2, 1, "CREATE TABLE invoices", 1, TRUE,
      "afc1be68b903630c3497b410a6e36147b40f7bbd6b47bbb23fa8b1f747bfba2a", 1 },
    { "0002", "create_invoice_lines", "0002", 3, 1, "CREATE TABLE invoice_lines", 1, TRUE,
      "9a076b21691ffc3c5871ca152eb329d2efd3fec3085b7016ef349b3a07d34ac8", 1 },
    { "0003", "add_invoices_paid_at", "0003", 1, 1, "ALTER TABLE invoices ADD COLUMN paid_at", 1, TRUE,
      "5bbb71f2eabf2958958ae0f89912bdadc645c02dd1a24dd489921f7d3142435b", 1 },
    { "0004", "invoice_totals_view", "0004", 2, 1, "CREATE VIEW invoice_totals", 0, TRUE,
      "ad0d000475b01cd41c54ff7cce3cbe9f03de98bb220f1bd982ae7ef20a6a3f3a", 1 },
  };
  g_autofree char *path = fixture_path ("plain", "sections", NULL);
  g_autoptr(SluiceMigrationFolder) folder = load_ok (path, SLUICE_MIGRATION_FORMAT_AUTO);

  g_assert_cmpint (sluice_migration_folder_get_format (folder), ==, SLUICE_MIGRATION_FORMAT_PLAIN);
  assert_no_problems (folder);
  assert_migrations (folder, SLUICE_MIGRATION_FORMAT_PLAIN, expected, G_N_ELEMENTS (expected));
}

static void
test_detect (void)
{
  static const struct {
    const char            *folder;
    SluiceMigrationFormat  format;
  } cases[] = {
    { "sluice", SLUICE_MIGRATION_FORMAT_SLUICE },
    { "dbmate/db/migrations", SLUICE_MIGRATION_FORMAT_DBMATE },
    { "golang-migrate", SLUICE_MIGRATION_FORMAT_GOLANG_MIGRATE },
    { "plain/rollback", SLUICE_MIGRATION_FORMAT_PLAIN },
    { "plain/sections", SLUICE_MIGRATION_FORMAT_PLAIN },
    { "hostile/sluice", SLUICE_MIGRATION_FORMAT_SLUICE },
    { "hostile/dbmate", SLUICE_MIGRATION_FORMAT_DBMATE },
    { "hostile/golang-migrate", SLUICE_MIGRATION_FORMAT_GOLANG_MIGRATE },
    { "hostile/plain", SLUICE_MIGRATION_FORMAT_PLAIN },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = fixture_path (cases[i].folder, NULL);
      g_autoptr(GError) error = NULL;

      g_test_message ("%s", cases[i].folder);
      g_assert_cmpint (sluice_migration_format_detect (path, &error), ==, cases[i].format);
      g_assert_no_error (error);
    }
}

static char *
make_temp_dir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("sluice-folder-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir != NULL)
    {
      while ((name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);

          if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
            remove_tree (child);
          else
            g_unlink (child);
        }
    }

  g_rmdir (path);
}

static void
test_detect_failures (void)
{
  g_autofree char *tmp = make_temp_dir ();
  g_autofree char *missing = g_build_filename (tmp, "missing", NULL);
  g_autofree char *file = g_build_filename (tmp, "notes.txt", NULL);
  g_autoptr(GError) error = NULL;
  SluiceMigrationFolder *folder;

  /* An empty folder: nothing tells the format; the message says what was
   * looked for. */
  g_assert_cmpint (sluice_migration_format_detect (tmp, &error), ==, SLUICE_MIGRATION_FORMAT_AUTO);
  g_assert_error (error, SLUICE_ERROR, SLUICE_ERROR_INVALID_INPUT);
  g_assert_nonnull (strstr (error->message, "sqitch.plan"));
  g_assert_nonnull (strstr (error->message, "-- sluice:up"));
  g_clear_error (&error);

  folder = sluice_migration_folder_load (tmp, SLUICE_MIGRATION_FORMAT_AUTO, &error);
  g_assert_null (folder);
  g_assert_error (error, SLUICE_ERROR, SLUICE_ERROR_INVALID_INPUT);
  g_clear_error (&error);

  /* Named explicitly, an empty folder is an empty list. */
  folder = sluice_migration_folder_load (tmp, SLUICE_MIGRATION_FORMAT_SLUICE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (sluice_migration_folder_get_migrations (folder)), ==, 0);
  g_clear_object (&folder);

  folder = sluice_migration_folder_load (missing, SLUICE_MIGRATION_FORMAT_AUTO, &error);
  g_assert_null (folder);
  g_assert_error (error, SLUICE_ERROR, SLUICE_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, missing));
  g_clear_error (&error);

  g_assert_true (g_file_set_contents (file, "hello", -1, NULL));
  folder = sluice_migration_folder_load (file, SLUICE_MIGRATION_FORMAT_PLAIN, &error);
  g_assert_null (folder);
  g_assert_error (error, SLUICE_ERROR, SLUICE_ERROR_INVALID_INPUT);
  g_clear_error (&error);

  remove_tree (tmp);
}

/* Hostile folders ------------------------------------------------------------- */

static void
copy_tree (const char *from,
           const char *to)
{
  g_autoptr(GDir) dir = g_dir_open (from, 0, NULL);
  const char *name;

  g_assert_nonnull (dir);
  g_assert_cmpint (g_mkdir_with_parents (to, 0700), ==, 0);

  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *source = g_build_filename (from, name, NULL);
      g_autofree char *target = g_build_filename (to, name, NULL);
      g_autofree char *contents = NULL;
      gsize length;

      g_assert_true (g_file_get_contents (source, &contents, &length, NULL));
      g_assert_true (g_file_set_contents (target, contents, length, NULL));
    }
}

static const SluiceFolderProblem *
find_problem (SluiceMigrationFolder *folder,
              const char            *file_name)
{
  GPtrArray *problems = sluice_migration_folder_get_problems (folder);

  for (guint i = 0; i < problems->len; i++)
    {
      const SluiceFolderProblem *problem = g_ptr_array_index (problems, i);
      g_autofree char *base = g_path_get_basename (problem->path);

      if (g_str_equal (base, file_name))
        return problem;
    }

  g_error ("no problem names %s", file_name);
  return NULL;
}

static void
assert_problem (SluiceMigrationFolder *folder,
                const char            *file_name,
                guint                  line,
                const char            *words)
{
  const SluiceFolderProblem *problem = find_problem (folder, file_name);

  g_test_message ("%s:%u: %s", file_name, problem->line, problem->message);
  g_assert_true (g_path_is_absolute (problem->path));
  g_assert_cmpuint (problem->line, ==, line);
  g_assert_true (g_utf8_validate (problem->message, -1, NULL));
  if (strstr (problem->message, words) == NULL)
    g_error ("“%s” does not say “%s”", problem->message, words);
}

static void
assert_versions (SluiceMigrationFolder *folder,
                 const char * const    *versions)
{
  GListModel *model = sluice_migration_folder_get_migrations (folder);

  g_assert_cmpuint (g_list_model_get_n_items (model), ==, g_strv_length ((char **) versions));

  for (guint i = 0; versions[i] != NULL; i++)
    g_assert_cmpstr (sluice_migration_get_version (migration_at (folder, i)), ==, versions[i]);
}

static void
test_hostile_sluice (void)
{
  static const char * const versions[] = { "0001", "0003", "0005", NULL };
  g_autofree char *fixture = fixture_path ("hostile", "sluice", NULL);
  g_autofree char *tmp = make_temp_dir ();
  g_autofree char *copy = g_build_filename (tmp, "migrations", NULL);
  g_autofree char *dangling = g_build_filename (copy, "0011_dangling.sql", NULL);
  g_autofree char *folder_like = g_build_filename (copy, "0012_folder.sql", NULL);
  g_autoptr(SluiceMigrationFolder) folder = NULL;

  /* Tests run as root, which reads a file whatever its mode: what cannot
   * be read is a symbolic link to nothing, or a folder named like a file. */
  copy_tree (fixture, copy);
  g_assert_cmpint (symlink ("0000_gone.sql", dangling), ==, 0);
  g_assert_cmpint (g_mkdir (folder_like, 0700), ==, 0);

  folder = load_ok (copy, SLUICE_MIGRATION_FORMAT_AUTO);

  g_assert_cmpint (sluice_migration_folder_get_format (folder), ==, SLUICE_MIGRATION_FORMAT_SLUICE);
  assert_versions (folder, versions);
  g_assert_cmpuint (sluice_migration_folder_get_problems (folder)->len, ==, 10);

  assert_problem (folder, "0002_latin1_comment.sql", 5, "UTF-8");
  assert_problem (folder, "003_add_accounts_phone.sql", 0, "0003_add_accounts_email.sql");
  assert_problem (folder, "0004_unterminated_function.sql", 6, "dollar-quoted");
  assert_problem (folder, "0006_typo_marker.sql", 1, "-- sluice:no-transactoin");
  assert_problem (folder, "0007_sql_in_header.sql", 2, "never run");
  assert_problem (folder, "0008_no_marker.sql", 0, "-- sluice:up");
  assert_problem (folder, "0009_unterminated_comment.sql", 3, "/*");
  assert_problem (folder, "0010_nul_byte.sql", 3, "NUL");
  assert_problem (folder, "0011_dangling.sql", 0, "link");
  assert_problem (folder, "0012_folder.sql", 0, "folder");

  /* The duplicate names both files: the one skipped, and the one kept. */
  g_assert_nonnull (strstr (find_problem (folder, "003_add_accounts_phone.sql")->message, "3"));

  remove_tree (tmp);
}

static void
test_hostile_dbmate (void)
{
  static const char * const versions[] = { "20240101000000", "20240106000000", NULL };
  g_autofree char *path = fixture_path ("hostile", "dbmate", NULL);
  g_autoptr(SluiceMigrationFolder) folder = load_ok (path, SLUICE_MIGRATION_FORMAT_AUTO);

  g_assert_cmpint (sluice_migration_folder_get_format (folder), ==, SLUICE_MIGRATION_FORMAT_DBMATE);
  assert_versions (folder, versions);
  g_assert_cmpuint (sluice_migration_folder_get_problems (folder)->len, ==, 4);

  assert_problem (folder, "20240102000000_missing_down.sql", 0, "-- migrate:down");
  assert_problem (folder, "20240103000000_statement_first.sql", 1, "before");
  assert_problem (folder, "20240104000000_wrong_order.sql", 1, "comes before");
  assert_problem (folder, "20240105000000_unterminated_string.sql", 3, "quoted string");
}

static void
test_hostile_golang_migrate (void)
{
  static const char * const versions[] = { "01", "4", NULL };
  g_autofree char *path = fixture_path ("hostile", "golang-migrate", NULL);
  g_autoptr(SluiceMigrationFolder) folder = load_ok (path, SLUICE_MIGRATION_FORMAT_AUTO);

  g_assert_cmpint (sluice_migration_folder_get_format (folder), ==, SLUICE_MIGRATION_FORMAT_GOLANG_MIGRATE);
  assert_versions (folder, versions);
  g_assert_cmpstr (sluice_migration_get_history_key (migration_at (folder, 0)), ==, "1");
  g_assert_cmpuint (sluice_migration_folder_get_problems (folder)->len, ==, 4);

  assert_problem (folder, "1_create_a.up.sql", 0, "01_create_a_again.up.sql");
  assert_problem (folder, "99999999999999999999_too_big.up.sql", 0, "64 bits");
  assert_problem (folder, "2_orphan.down.sql", 0, "no up file");
  assert_problem (folder, "3_create_c.up.sql", 3, "dollar-quoted");
}

static void
test_hostile_plain (void)
{
  static const char * const versions[] = { "001", "005", NULL };
  g_autofree char *path = fixture_path ("hostile", "plain", NULL);
  g_autoptr(SluiceMigrationFolder) folder = load_ok (path, SLUICE_MIGRATION_FORMAT_AUTO);

  g_assert_cmpint (sluice_migration_folder_get_format (folder), ==, SLUICE_MIGRATION_FORMAT_PLAIN);
  assert_versions (folder, versions);
  g_assert_cmpstr (sluice_migration_get_down_sql (migration_at (folder, 1)), ==, "DROP TABLE e;\n");
  g_assert_cmpuint (sluice_migration_folder_get_problems (folder)->len, ==, 4);

  assert_problem (folder, "003_sql_before_up.sql", 1, "never run");
  assert_problem (folder, "004_two_downs.sql", 5, "second");
  assert_problem (folder, "rollback_005_create_e.sql", 0, "005_create_e.sql");
  assert_problem (folder, "rollback_002_create_b.sql", 0, "002_create_b.sql");
}

/* The demo project ------------------------------------------------------------ */

static void
test_demo_folder (void)
{
  const char *dir = g_getenv ("SLUICE_DEMO_DIR");
  g_autoptr(SluiceMigrationFolder) folder = NULL;
  GListModel *model;
  guint downs = 0;

  g_assert_nonnull (dir);
  folder = load_ok (dir, SLUICE_MIGRATION_FORMAT_AUTO);
  model = sluice_migration_folder_get_migrations (folder);

  g_assert_cmpint (sluice_migration_folder_get_format (folder), ==, SLUICE_MIGRATION_FORMAT_SLUICE);
  assert_no_problems (folder);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 16);

  for (guint i = 0; i < 16; i++)
    {
      SluiceMigration *migration = migration_at (folder, i);
      g_autofree char *version = g_strdup_printf ("%04u", i + 1);
      gboolean concurrently = strstr (sluice_migration_get_up_sql (migration), "CONCURRENTLY") != NULL;

      g_assert_cmpstr (sluice_migration_get_version (migration), ==, version);
      g_assert_cmpuint (strlen (sluice_migration_get_checksum (migration)), ==, 64);
      g_assert_cmpuint (count_statements (sluice_migration_get_up_sql (migration), 1), >, 0);

      if (sluice_migration_get_down_sql (migration) != NULL)
        downs++;

      /* The no-transaction ones are those building an index concurrently. */
      g_assert_cmpint (sluice_migration_get_transactional (migration), ==, !concurrently);
    }

  g_assert_cmpuint (downs, ==, 15);
  g_assert_false (sluice_migration_get_transactional (sluice_migration_folder_find (folder, "0014")));
  g_assert_null (sluice_migration_get_down_sql (sluice_migration_folder_find (folder, "0016")));
}

static void
on_loaded (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  SluiceMigrationFolder **folder = user_data;
  g_autoptr(GError) error = NULL;

  g_assert_null (source);
  *folder = sluice_migration_folder_load_finish (result, &error);
  g_assert_no_error (error);
}

static void
on_load_failed (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  GError **error = user_data;
  SluiceMigrationFolder *folder = sluice_migration_folder_load_finish (result, error);

  g_assert_null (folder);
  g_assert_nonnull (*error);
}

static void
test_load_async (void)
{
  const char *dir = g_getenv ("SLUICE_DEMO_DIR");
  g_autoptr(SluiceMigrationFolder) folder = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;

  sluice_migration_folder_load_async (dir, SLUICE_MIGRATION_FORMAT_AUTO, NULL, on_loaded, &folder);
  while (folder == NULL)
    g_main_context_iteration (NULL, TRUE);

  g_assert_cmpuint (g_list_model_get_n_items (sluice_migration_folder_get_migrations (folder)), ==, 16);

  g_cancellable_cancel (cancellable);
  sluice_migration_folder_load_async (dir, SLUICE_MIGRATION_FORMAT_AUTO, cancellable, on_load_failed, &error);
  while (error == NULL)
    g_main_context_iteration (NULL, TRUE);

  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

/* New migrations --------------------------------------------------------------- */

static char *
new_ok (const char *dir,
        const char *name,
        const char *expected_file)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = sluice_migration_folder_new_migration (dir, name, &error);
  g_autofree char *base = NULL;

  g_assert_no_error (error);
  g_assert_nonnull (path);
  base = g_path_get_basename (path);
  g_assert_cmpstr (base, ==, expected_file);
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
  return g_steal_pointer (&path);
}

static void
test_new_migration (void)
{
  g_autofree char *tmp = make_temp_dir ();
  g_autofree char *first = NULL;
  g_autofree char *contents = NULL;
  g_autoptr(SluiceMigrationFolder) folder = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *missing = g_build_filename (tmp, "nowhere", NULL);
  g_autofree char *refused = NULL;
  SluiceMigration *migration;

  first = new_ok (tmp, "create users", "0001_create_users.sql");
  g_free (new_ok (tmp, "Add users.email!", "0002_add_users_email.sql"));
  g_free (new_ok (tmp, "backfillUserEmails", "0003_backfill_user_emails.sql"));
  g_free (new_ok (tmp, "  --Crème brûlée--  ", "0004_creme_brulee.sql"));

  g_assert_true (g_file_get_contents (first, &contents, NULL, NULL));
  g_assert_true (g_str_has_prefix (contents, "-- "));
  g_assert_nonnull (strstr (contents, "\n-- sluice:up\n\n-- sluice:down\n\n"));

  /* What was written reads back as Sluice's format, with no down yet. */
  folder = load_ok (tmp, SLUICE_MIGRATION_FORMAT_AUTO);
  g_assert_cmpint (sluice_migration_folder_get_format (folder), ==, SLUICE_MIGRATION_FORMAT_SLUICE);
  assert_no_problems (folder);
  g_assert_cmpuint (g_list_model_get_n_items (sluice_migration_folder_get_migrations (folder)), ==, 4);
  migration = sluice_migration_folder_find (folder, "0001");
  g_assert_cmpstr (sluice_migration_get_name (migration), ==, "create_users");
  g_assert_null (sluice_migration_get_down_sql (migration));
  g_assert_true (sluice_migration_get_transactional (migration));

  /* Names with nothing to say are refused, and nothing is written. */
  refused = sluice_migration_folder_new_migration (tmp, "!!!", &error);
  g_assert_null (refused);
  g_assert_error (error, SLUICE_ERROR, SLUICE_ERROR_INVALID_INPUT);
  g_clear_error (&error);
  refused = sluice_migration_folder_new_migration (tmp, "2024", &error);
  g_assert_null (refused);
  g_assert_error (error, SLUICE_ERROR, SLUICE_ERROR_INVALID_INPUT);
  g_clear_error (&error);
  refused = sluice_migration_folder_new_migration (tmp, "", &error);
  g_assert_null (refused);
  g_assert_error (error, SLUICE_ERROR, SLUICE_ERROR_INVALID_INPUT);
  g_clear_error (&error);

  refused = sluice_migration_folder_new_migration (missing, "x", &error);
  g_assert_null (refused);
  g_assert_error (error, SLUICE_ERROR, SLUICE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (g_file_test (missing, G_FILE_TEST_EXISTS));

  g_clear_object (&folder);
  folder = load_ok (tmp, SLUICE_MIGRATION_FORMAT_SLUICE);
  g_assert_cmpuint (g_list_model_get_n_items (sluice_migration_folder_get_migrations (folder)), ==, 4);

  remove_tree (tmp);
}

static void
test_new_migration_padding (void)
{
  g_autofree char *tmp = make_temp_dir ();
  g_autofree char *old = g_build_filename (tmp, "007_old.sql", NULL);
  g_autofree char *older = g_build_filename (tmp, "12_older.sql", NULL);
  g_autofree char *wide = g_build_filename (tmp, "99_wide.sql", NULL);
  g_autofree char *rollback = g_build_filename (tmp, "rollback_99_wide.sql", NULL);

  /* The highest version counts, with its own width. */
  g_assert_true (g_file_set_contents (old, "SELECT 1;\n", -1, NULL));
  g_assert_true (g_file_set_contents (older, "SELECT 1;\n", -1, NULL));
  g_free (new_ok (tmp, "next", "13_next.sql"));

  /* Running out of digits adds one. */
  g_assert_true (g_file_set_contents (wide, "SELECT 1;\n", -1, NULL));
  g_assert_true (g_file_set_contents (rollback, "SELECT 1;\n", -1, NULL));
  g_free (new_ok (tmp, "after wide", "100_after_wide.sql"));

  remove_tree (tmp);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/migration-folder/sluice", test_sluice_folder);
  g_test_add_func ("/migration-folder/dbmate", test_dbmate_folder);
  g_test_add_func ("/migration-folder/golang-migrate", test_golang_migrate_folder);
  g_test_add_func ("/migration-folder/plain/rollback", test_plain_rollback_folder);
  g_test_add_func ("/migration-folder/plain/sections", test_plain_sections_folder);
  g_test_add_func ("/migration-folder/detect", test_detect);
  g_test_add_func ("/migration-folder/detect-failures", test_detect_failures);
  g_test_add_func ("/migration-folder/hostile/sluice", test_hostile_sluice);
  g_test_add_func ("/migration-folder/hostile/dbmate", test_hostile_dbmate);
  g_test_add_func ("/migration-folder/hostile/golang-migrate", test_hostile_golang_migrate);
  g_test_add_func ("/migration-folder/hostile/plain", test_hostile_plain);
  g_test_add_func ("/migration-folder/demo", test_demo_folder);
  g_test_add_func ("/migration-folder/load-async", test_load_async);
  g_test_add_func ("/migration-folder/new", test_new_migration);
  g_test_add_func ("/migration-folder/new-padding", test_new_migration_padding);

  status = g_test_run ();
  pg_query_exit ();
  return status;
}
