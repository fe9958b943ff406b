/* test-interop-dbmate.c: a folder applied by the real dbmate, read by Sluice
 *
 * dbmate (npm, tests/interop) applies three of the four migrations of
 * tests/interop/fixtures/dbmate.  Then the fourth is added (pending), the
 * second edited, the first deleted.  What `dbmate status` prints, with the
 * versions dbmate wrote into schema_migrations, must be what Sluice says,
 * through the core API and through `sluice-cli status --json`.
 *
 * dbmate keeps no checksums (only the open PR amacneil/dbmate#672 adds
 * them), so for dbmate the edited migration is simply applied: neither
 * dbmate nor Sluice can tell it was edited.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>
#include <string.h>

#include <glib/gstdio.h>

#include "sluice-migration-writer.h"
#include "sluice-test-interop.h"
#include "sluice-test-pg.h"

typedef struct
{
  char *dbmate;
  char *conninfo;
  char *dir;        /* the migration folder, a copy of the fixture */
  char *url_env;    /* DATABASE_URL=postgres://... */
  char *files[4];   /* the fixture's file names, in version order */
} Fixture;

static void
fixture_clear (Fixture *fixture)
{
  sluice_test_remove_tree (fixture->dir);
  g_clear_pointer (&fixture->dbmate, g_free);
  g_clear_pointer (&fixture->conninfo, g_free);
  g_clear_pointer (&fixture->dir, g_free);
  g_clear_pointer (&fixture->url_env, g_free);
  for (guint i = 0; i < G_N_ELEMENTS (fixture->files); i++)
    g_clear_pointer (&fixture->files[i], g_free);
}

static char *
version_of (const char *file_name)
{
  return g_strndup (file_name, strspn (file_name, "0123456789"));
}

static char *
path_of (Fixture    *fixture,
         const char *file_name)
{
  return g_build_filename (fixture->dir, file_name, NULL);
}

/* dbmate reads the socket directory from the URL's "socket" parameter. */
static char *
database_url (const char *conninfo)
{
  g_autofree char *dbname = sluice_test_pg_dbname (conninfo);
  g_autofree char *host = g_uri_escape_string (sluice_test_pg_host (), NULL, FALSE);
  g_autofree char *user = g_uri_escape_string (sluice_test_pg_user (), NULL, FALSE);
  g_autofree char *db = g_uri_escape_string (dbname, NULL, FALSE);

  return g_strdup_printf ("postgres://%s@/%s?socket=%s&port=%s&sslmode=disable",
                          user, db, host, sluice_test_pg_port ());
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(char * const *) a, *(char * const *) b);
}

static void
list_files (Fixture *fixture)
{
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  const char *name;

  dir = g_dir_open (fixture->dir, 0, &error);
  g_assert_no_error (error);
  while ((name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_suffix (name, ".sql"))
      g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_names);

  g_assert_cmpuint (names->len, ==, G_N_ELEMENTS (fixture->files));
  for (guint i = 0; i < names->len; i++)
    fixture->files[i] = g_strdup (g_ptr_array_index (names, i));
}

static gboolean
fixture_init (Fixture *fixture)
{
  fixture->dbmate = sluice_test_interop_find_tool ("dbmate");
  if (fixture->dbmate == NULL)
    return FALSE;

  fixture->conninfo = sluice_test_pg_new_database ();
  fixture->dir = sluice_test_interop_copy_fixture ("dbmate");
  {
    g_autofree char *url = database_url (fixture->conninfo);

    fixture->url_env = g_strconcat ("DATABASE_URL=", url, NULL);
  }
  list_files (fixture);
  return TRUE;
}

static void
run_dbmate (Fixture       *fixture,
            SluiceToolRun *run,
            const char    *command)
{
  sluice_test_run_program (run, fixture->dir,
                           (const char * const []) { fixture->url_env, NULL },
                           (const char * const []) { fixture->dbmate, "--migrations-dir", fixture->dir,
                                                     "--no-dump-schema", command, NULL });
}

/* What dbmate says: "[X] FILE" applied, "[ ] FILE" pending, for the files
 * it finds; a version it recorded in schema_migrations whose file is gone
 * is not listed by `dbmate status` at all: that is Sluice's "missing". */
static GHashTable *
dbmate_statuses (Fixture *fixture,
                 guint   *n_pending)
{
  g_autoptr(GPtrArray) recorded = NULL;
  g_autoptr(GRegex) line_regex = g_regex_new ("^\\[([X ])\\] (\\d+)\\S*\\.sql$", G_REGEX_MULTILINE, 0, NULL);
  g_autoptr(GRegex) pending_regex = g_regex_new ("^Pending: (\\d+)$", G_REGEX_MULTILINE, 0, NULL);
  g_autoptr(GMatchInfo) match = NULL;
  g_autoptr(GMatchInfo) pending_match = NULL;
  GHashTable *table = sluice_test_status_table_new ();
  SluiceToolRun run = { 0 };

  run_dbmate (fixture, &run, "status");
  g_assert_cmpint (run.status, ==, 0);

  for (g_regex_match (line_regex, run.out, 0, &match); g_match_info_matches (match); g_match_info_next (match, NULL))
    {
      g_autofree char *mark = g_match_info_fetch (match, 1);
      g_autofree char *version = g_match_info_fetch (match, 2);

      g_hash_table_insert (table, g_steal_pointer (&version),
                           g_strdup (g_str_equal (mark, "X") ? "applied" : "pending"));
    }

  g_assert_true (g_regex_match (pending_regex, run.out, 0, &pending_match));
  {
    g_autofree char *count = g_match_info_fetch (pending_match, 1);

    *n_pending = (guint) g_ascii_strtoull (count, NULL, 10);
  }

  recorded = sluice_test_pg_rows (fixture->conninfo, "SELECT version FROM public.schema_migrations");
  for (guint i = 0; i < recorded->len; i++)
    {
      const char *version = ((char **) g_ptr_array_index (recorded, i))[0];

      if (!g_hash_table_contains (table, version))
        g_hash_table_insert (table, g_strdup (version), g_strdup ("missing"));
    }

  sluice_tool_run_clear (&run);
  return table;
}

static void
assert_sluice_agrees (Fixture    *fixture,
                      GHashTable *expected,
                      guint       expected_pending)
{
  g_autoptr(GHashTable) cli = NULL;
  g_autoptr(JsonObject) root = NULL;
  SluiceInteropStatus status = { 0 };

  sluice_test_interop_status_core (&status, fixture->conninfo, fixture->dir, SLUICE_MIGRATION_FORMAT_AUTO);
  g_assert_cmpint (sluice_migration_folder_get_format (status.folder), ==, SLUICE_MIGRATION_FORMAT_DBMATE);
  g_assert_cmpint (sluice_history_get_tool (status.history), ==, SLUICE_HISTORY_TOOL_DBMATE);
  g_assert_cmpuint (sluice_migration_folder_get_problems (status.folder)->len, ==, 0);
  sluice_test_assert_same_statuses (expected, "dbmate status", status.by_key, "Sluice (core)");
  g_assert_cmpuint (sluice_status_report_get_pending_count (status.report), ==, expected_pending);

  cli = sluice_test_interop_status_cli (fixture->conninfo, fixture->dir, &root);
  sluice_test_assert_same_statuses (expected, "dbmate status", cli, "sluice-cli status --json");
  g_assert_cmpstr (json_object_get_string_member (root, "format"), ==, "dbmate");
  g_assert_cmpstr (json_object_get_string_member (root, "tool"), ==, "dbmate");
  g_assert_cmpint (json_object_get_int_member (root, "pending"), ==, expected_pending);
  g_assert_cmpstr (json_object_get_string_member (root, "current"), ==,
                   sluice_status_report_get_current_version (status.report));

  sluice_interop_status_clear (&status);
}

static void
test_dbmate_status (void)
{
  g_autoptr(GHashTable) expected = NULL;
  g_autofree char *held_path = NULL;
  g_autofree char *held_text = NULL;
  g_autofree char *edited_path = NULL;
  g_autofree char *deleted_path = NULL;
  g_autofree char *v_deleted = NULL;
  g_autofree char *v_edited = NULL;
  g_autofree char *v_kept = NULL;
  g_autofree char *v_added = NULL;
  SluiceToolRun run = { 0 };
  Fixture fixture = { 0 };
  guint pending = 0;

  if (!fixture_init (&fixture))
    return;

  v_deleted = version_of (fixture.files[0]);
  v_edited = version_of (fixture.files[1]);
  v_kept = version_of (fixture.files[2]);
  v_added = version_of (fixture.files[3]);

  /* The last migration is written after the others were applied. */
  held_path = path_of (&fixture, fixture.files[3]);
  held_text = sluice_test_read_file (held_path);
  g_assert_cmpint (g_unlink (held_path), ==, 0);

  run_dbmate (&fixture, &run, "up");
  g_assert_cmpint (run.status, ==, 0);
  sluice_tool_run_clear (&run);

  sluice_test_write_file (held_path, held_text);
  edited_path = path_of (&fixture, fixture.files[1]);
  {
    g_autofree char *text = sluice_test_read_file (edited_path);
    g_autoptr(GRegex) up = g_regex_new ("^-- migrate:up\n", G_REGEX_MULTILINE, 0, NULL);
    g_autofree char *edited = g_regex_replace_literal (up, text, -1, 0,
                                                       "-- migrate:up\n-- edited after dbmate applied it\n",
                                                       0, NULL);

    g_assert_cmpstr (edited, !=, text);
    sluice_test_write_file (edited_path, edited);
  }
  deleted_path = path_of (&fixture, fixture.files[0]);
  g_assert_cmpint (g_unlink (deleted_path), ==, 0);

  expected = dbmate_statuses (&fixture, &pending);
  /* What the comparison rests on: dbmate's own view of each case. */
  g_assert_cmpstr (g_hash_table_lookup (expected, v_deleted), ==, "missing");
  g_assert_cmpstr (g_hash_table_lookup (expected, v_edited), ==, "applied");
  g_assert_cmpstr (g_hash_table_lookup (expected, v_kept), ==, "applied");
  g_assert_cmpstr (g_hash_table_lookup (expected, v_added), ==, "pending");
  g_assert_cmpuint (g_hash_table_size (expected), ==, 4);
  g_assert_cmpuint (pending, ==, 1);

  assert_sluice_agrees (&fixture, expected, pending);
  g_clear_pointer (&expected, g_hash_table_unref);

  /* dbmate applies exactly what both called pending. */
  run_dbmate (&fixture, &run, "up");
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, fixture.files[3]));
  g_assert_null (strstr (run.out, fixture.files[1]));
  sluice_tool_run_clear (&run);

  expected = dbmate_statuses (&fixture, &pending);
  g_assert_cmpstr (g_hash_table_lookup (expected, v_added), ==, "applied");
  g_assert_cmpuint (pending, ==, 0);
  assert_sluice_agrees (&fixture, expected, pending);

  fixture_clear (&fixture);
}

/* A migration written by sluice_migration_writer_write() is dbmate's own:
 * `dbmate status` lists it pending, `dbmate up` applies it outside a
 * transaction (transaction:false, for CONCURRENTLY), and `dbmate rollback`
 * runs its down section. */
static void
test_dbmate_written_migration (void)
{
  g_autoptr(GHashTable) expected = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) paths = NULL;
  g_autofree char *file_name = NULL;
  g_autofree char *version = NULL;
  SluiceToolRun run = { 0 };
  Fixture fixture = { 0 };
  guint pending = 0;

  if (!fixture_init (&fixture))
    return;

  run_dbmate (&fixture, &run, "up");
  g_assert_cmpint (run.status, ==, 0);
  sluice_tool_run_clear (&run);

  paths = sluice_migration_writer_write (fixture.dir, SLUICE_MIGRATION_FORMAT_AUTO, "index authors name",
                                         "CREATE INDEX CONCURRENTLY authors_name_idx ON authors (name);\n",
                                         "DROP INDEX CONCURRENTLY authors_name_idx;\n",
                                         FALSE, &error);
  g_assert_no_error (error);
  file_name = g_path_get_basename (paths[0]);
  version = version_of (file_name);

  expected = dbmate_statuses (&fixture, &pending);
  g_assert_cmpstr (g_hash_table_lookup (expected, version), ==, "pending");
  g_assert_cmpuint (pending, ==, 1);
  assert_sluice_agrees (&fixture, expected, pending);
  g_clear_pointer (&expected, g_hash_table_unref);

  run_dbmate (&fixture, &run, "up");
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, file_name));
  sluice_tool_run_clear (&run);

  rows = sluice_test_pg_rows (fixture.conninfo, "SELECT to_regclass('public.authors_name_idx') IS NOT NULL");
  g_assert_cmpstr (((char **) g_ptr_array_index (rows, 0))[0], ==, "t");
  g_clear_pointer (&rows, g_ptr_array_unref);

  expected = dbmate_statuses (&fixture, &pending);
  g_assert_cmpstr (g_hash_table_lookup (expected, version), ==, "applied");
  g_assert_cmpuint (pending, ==, 0);
  assert_sluice_agrees (&fixture, expected, pending);

  run_dbmate (&fixture, &run, "rollback");
  g_assert_cmpint (run.status, ==, 0);
  sluice_tool_run_clear (&run);

  rows = sluice_test_pg_rows (fixture.conninfo, "SELECT to_regclass('public.authors_name_idx') IS NULL");
  g_assert_cmpstr (((char **) g_ptr_array_index (rows, 0))[0], ==, "t");

  fixture_clear (&fixture);
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/interop/dbmate/status", test_dbmate_status);
  g_test_add_func ("/interop/dbmate/written-migration", test_dbmate_written_migration);

  return g_test_run ();
}
