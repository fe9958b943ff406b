/* test-interop-drizzle.c: a folder applied by the real drizzle-kit, read by Sluice
 *
 * tests/interop/fixtures/drizzle was written by `drizzle-kit generate`
 * (0.31).  `drizzle-kit migrate` applies its first three migrations; then
 * the fourth is added to the journal (pending), the second edited (drift:
 * drizzle records the SHA-256 of each file), the first deleted from the
 * journal and the folder (missing).
 *
 * drizzle-kit has no status command, so the tool's view is built from what
 * it wrote and what it reads: the rows of drizzle.__drizzle_migrations
 * (hash, created_at) and meta/_journal.json (tag, when).  An entry is
 * applied when a row has its "when" as created_at and its file's hash;
 * drift when the row's hash is another; pending when its "when" is above
 * every created_at (drizzle's own rule for what to run next).  A row no
 * entry names is missing.  Then drizzle-kit migrate runs again and must
 * apply exactly what both called pending.
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
  char *drizzle_kit;
  char *conninfo;
  char *dir;          /* the migrations ("out") folder, a copy of the fixture */
  char *config_dir;   /* drizzle.config.js, beside nothing else */
  char *config_path;
} Fixture;

static void
fixture_clear (Fixture *fixture)
{
  sluice_test_remove_tree (fixture->dir);
  sluice_test_remove_tree (fixture->config_dir);
  g_clear_pointer (&fixture->drizzle_kit, g_free);
  g_clear_pointer (&fixture->conninfo, g_free);
  g_clear_pointer (&fixture->dir, g_free);
  g_clear_pointer (&fixture->config_dir, g_free);
  g_clear_pointer (&fixture->config_path, g_free);
}

static gboolean
fixture_init (Fixture *fixture)
{
  fixture->drizzle_kit = sluice_test_interop_find_tool ("drizzle-kit");
  if (fixture->drizzle_kit == NULL)
    return FALSE;

  fixture->conninfo = sluice_test_pg_new_database ();
  fixture->dir = sluice_test_interop_copy_fixture ("drizzle");
  fixture->config_path = sluice_test_drizzle_write_config (fixture->conninfo, fixture->dir);
  fixture->config_dir = g_path_get_dirname (fixture->config_path);
  return TRUE;
}

static void
run_migrate (Fixture *fixture)
{
  SluiceToolRun run = { 0 };

  sluice_test_drizzle_migrate (&run, fixture->drizzle_kit, fixture->config_path);
  g_assert_cmpint (run.status, ==, 0);
  sluice_tool_run_clear (&run);
}

/* The journal */

static char *
journal_path (Fixture *fixture)
{
  return g_build_filename (fixture->dir, "meta", "_journal.json", NULL);
}

static JsonNode *
read_journal (Fixture *fixture)
{
  g_autofree char *path = journal_path (fixture);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_file (parser, path, &error);
  g_assert_no_error (error);
  return json_node_copy (json_parser_get_root (parser));
}

/* A journal of its own: json_node_copy() would share the objects. */
static JsonNode *
parse_journal (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  return json_node_copy (json_parser_get_root (parser));
}

static void
write_journal (Fixture  *fixture,
               JsonNode *journal)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autofree char *path = journal_path (fixture);
  g_autoptr(GError) error = NULL;

  json_generator_set_root (generator, journal);
  json_generator_set_pretty (generator, TRUE);
  json_generator_to_file (generator, path, &error);
  g_assert_no_error (error);
}

static JsonArray *
journal_entries (JsonNode *journal)
{
  return json_object_get_array_member (json_node_get_object (journal), "entries");
}

static JsonObject *
journal_entry (JsonNode *journal,
               guint     index)
{
  return json_array_get_object_element (journal_entries (journal), index);
}

/* "when" as text: Sluice's history key for drizzle, and created_at's value. */
static char *
entry_when (JsonObject *entry)
{
  return g_strdup_printf ("%" G_GINT64_FORMAT, json_object_get_int_member (entry, "when"));
}

static char *
entry_file (Fixture    *fixture,
            JsonObject *entry)
{
  g_autofree char *name = g_strconcat (json_object_get_string_member (entry, "tag"), ".sql", NULL);

  return g_build_filename (fixture->dir, name, NULL);
}

/* Drizzle's hash of a migration file: SHA-256 of its text, with CRLF
 * turned into LF as its current migrator does. */
static char *
file_hash (const char *path)
{
  g_autofree char *text = sluice_test_read_file (path);
  g_autoptr(GRegex) crlf = g_regex_new ("\r\n", 0, 0, NULL);
  g_autofree char *lf = g_regex_replace_literal (crlf, text, -1, 0, "\n", 0, NULL);

  return g_compute_checksum_for_string (G_CHECKSUM_SHA256, lf, -1);
}

/* The tool's view, from its table and its journal. */
static GHashTable *
drizzle_statuses (Fixture *fixture)
{
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(JsonNode) journal = read_journal (fixture);
  g_autoptr(GHashTable) hash_by_when = g_hash_table_new (g_str_hash, g_str_equal);
  GHashTable *table = sluice_test_status_table_new ();
  JsonArray *entries = journal_entries (journal);
  gint64 high_water = G_MININT64;

  rows = sluice_test_pg_rows (fixture->conninfo,
                              "SELECT hash, created_at::text FROM drizzle.__drizzle_migrations ORDER BY id");
  for (guint i = 0; i < rows->len; i++)
    {
      char **row = g_ptr_array_index (rows, i);

      g_hash_table_insert (hash_by_when, row[1], row[0]);
      high_water = MAX (high_water, g_ascii_strtoll (row[1], NULL, 10));
    }

  for (guint i = 0; i < json_array_get_length (entries); i++)
    {
      JsonObject *entry = json_array_get_object_element (entries, i);
      g_autofree char *when = entry_when (entry);
      g_autofree char *path = entry_file (fixture, entry);
      const char *recorded = g_hash_table_lookup (hash_by_when, when);
      const char *word;

      if (recorded != NULL)
        {
          g_autofree char *hash = file_hash (path);

          word = g_str_equal (hash, recorded) ? "applied" : "drift";
        }
      else
        {
          /* An entry older than the newest row is one drizzle-kit would
           * silently skip (drizzle-orm#5769); this scenario has none. */
          g_assert_cmpint (json_object_get_int_member (entry, "when"), >, high_water);
          word = "pending";
        }
      g_hash_table_insert (table, g_steal_pointer (&when), g_strdup (word));
    }

  for (guint i = 0; i < rows->len; i++)
    {
      char **row = g_ptr_array_index (rows, i);

      if (!g_hash_table_contains (table, row[1]))
        g_hash_table_insert (table, g_strdup (row[1]), g_strdup ("missing"));
    }

  return table;
}

static void
assert_sluice_agrees (Fixture    *fixture,
                      GHashTable *expected)
{
  g_autoptr(GHashTable) cli = NULL;
  g_autoptr(JsonObject) root = NULL;
  SluiceInteropStatus status = { 0 };
  JsonArray *migrations;

  sluice_test_interop_status_core (&status, fixture->conninfo, fixture->dir, SLUICE_MIGRATION_FORMAT_AUTO);
  g_assert_cmpint (sluice_migration_folder_get_format (status.folder), ==, SLUICE_MIGRATION_FORMAT_DRIZZLE);
  g_assert_cmpint (sluice_history_get_tool (status.history), ==, SLUICE_HISTORY_TOOL_DRIZZLE);
  g_assert_cmpuint (sluice_migration_folder_get_problems (status.folder)->len, ==, 0);
  sluice_test_assert_same_statuses (expected, "drizzle's table and journal", status.by_key, "Sluice (core)");

  /* The CLI names migrations by version, not by drizzle's "when": it must
   * agree with the core item for item. */
  cli = sluice_test_interop_status_cli (fixture->conninfo, fixture->dir, &root);
  sluice_test_assert_same_statuses (status.by_version, "Sluice (core)", cli, "sluice-cli status --json");
  g_assert_cmpstr (json_object_get_string_member (root, "format"), ==, "drizzle");
  g_assert_cmpstr (json_object_get_string_member (root, "tool"), ==, "drizzle");

  /* Drift is shown with both of drizzle's hashes. */
  migrations = json_object_get_array_member (root, "migrations");
  for (guint i = 0; i < json_array_get_length (migrations); i++)
    {
      JsonObject *migration = json_array_get_object_element (migrations, i);
      const char *word = json_object_get_string_member (migration, "status");
      const char *file_sum = json_object_get_string_member (migration, "checksum_file");
      const char *applied_sum = json_object_get_string_member (migration, "checksum_applied");

      if (g_str_equal (word, "drift"))
        {
          g_assert_nonnull (file_sum);
          g_assert_nonnull (applied_sum);
          g_assert_cmpstr (file_sum, !=, applied_sum);
        }
      else if (g_str_equal (word, "applied"))
        {
          g_assert_cmpstr (file_sum, ==, applied_sum);
        }
    }

  sluice_interop_status_clear (&status);
}

static void
test_drizzle_status (void)
{
  g_autoptr(JsonNode) full = NULL;
  g_autoptr(JsonNode) journal = NULL;
  g_autofree char *full_path = NULL;
  g_autofree char *full_text = NULL;
  g_autoptr(GHashTable) expected = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autofree char *held_path = NULL;
  g_autofree char *held_text = NULL;
  g_autofree char *edited_path = NULL;
  g_autofree char *deleted_path = NULL;
  g_autofree char *w_deleted = NULL;
  g_autofree char *w_edited = NULL;
  g_autofree char *w_kept = NULL;
  g_autofree char *w_added = NULL;
  Fixture fixture = { 0 };

  if (!fixture_init (&fixture))
    return;

  full_path = journal_path (&fixture);
  full_text = sluice_test_read_file (full_path);
  full = parse_journal (full_text);
  g_assert_cmpuint (json_array_get_length (journal_entries (full)), ==, 4);
  w_deleted = entry_when (journal_entry (full, 0));
  w_edited = entry_when (journal_entry (full, 1));
  w_kept = entry_when (journal_entry (full, 2));
  w_added = entry_when (journal_entry (full, 3));

  /* The fourth migration does not exist yet when drizzle-kit migrates. */
  held_path = entry_file (&fixture, journal_entry (full, 3));
  held_text = sluice_test_read_file (held_path);
  g_assert_cmpint (g_unlink (held_path), ==, 0);
  journal = parse_journal (full_text);
  json_array_remove_element (journal_entries (journal), 3);
  write_journal (&fixture, journal);

  run_migrate (&fixture);
  rows = sluice_test_pg_rows (fixture.conninfo, "SELECT count(*) FROM drizzle.__drizzle_migrations");
  g_assert_cmpstr (((char **) g_ptr_array_index (rows, 0))[0], ==, "3");
  g_clear_pointer (&rows, g_ptr_array_unref);

  /* Added, edited, deleted. */
  sluice_test_write_file (held_path, held_text);
  edited_path = entry_file (&fixture, journal_entry (full, 1));
  sluice_test_append_file (edited_path, "\n-- edited after drizzle-kit applied it\n");
  deleted_path = entry_file (&fixture, journal_entry (full, 0));
  g_assert_cmpint (g_unlink (deleted_path), ==, 0);
  {
    g_autofree char *snapshot = g_build_filename (fixture.dir, "meta", "0000_snapshot.json", NULL);

    g_unlink (snapshot);
  }
  g_clear_pointer (&journal, json_node_unref);
  journal = parse_journal (full_text);
  json_array_remove_element (journal_entries (journal), 0);
  write_journal (&fixture, journal);

  expected = drizzle_statuses (&fixture);
  g_assert_cmpstr (g_hash_table_lookup (expected, w_deleted), ==, "missing");
  g_assert_cmpstr (g_hash_table_lookup (expected, w_edited), ==, "drift");
  g_assert_cmpstr (g_hash_table_lookup (expected, w_kept), ==, "applied");
  g_assert_cmpstr (g_hash_table_lookup (expected, w_added), ==, "pending");
  g_assert_cmpuint (g_hash_table_size (expected), ==, 4);

  assert_sluice_agrees (&fixture, expected);
  g_clear_pointer (&expected, g_hash_table_unref);

  /* drizzle-kit applies what both called pending, and only that. */
  run_migrate (&fixture);
  rows = sluice_test_pg_rows (fixture.conninfo,
                              "SELECT created_at::text FROM drizzle.__drizzle_migrations ORDER BY id");
  g_assert_cmpuint (rows->len, ==, 4);
  g_assert_cmpstr (((char **) g_ptr_array_index (rows, 3))[0], ==, w_added);

  expected = drizzle_statuses (&fixture);
  g_assert_cmpstr (g_hash_table_lookup (expected, w_added), ==, "applied");
  assert_sluice_agrees (&fixture, expected);

  fixture_clear (&fixture);
}

/* A migration written by sluice_migration_writer_write() is drizzle's own:
 * its journal entry makes it pending, and drizzle-kit migrate applies it,
 * statement by statement, recording the entry's "when". */
static void
test_drizzle_written_migration (void)
{
  g_autoptr(JsonNode) journal = NULL;
  g_autoptr(GHashTable) expected = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) paths = NULL;
  g_autofree char *when = NULL;
  g_autofree char *tag_file = NULL;
  JsonObject *entry;
  Fixture fixture = { 0 };

  if (!fixture_init (&fixture))
    return;

  run_migrate (&fixture);

  paths = sluice_migration_writer_write (fixture.dir, SLUICE_MIGRATION_FORMAT_AUTO, "create reviews",
                                         "-- one row per review\n"
                                         "CREATE TABLE reviews (id serial PRIMARY KEY, book_id integer NOT NULL);\n"
                                         "CREATE INDEX reviews_book_idx ON reviews (book_id);\n",
                                         NULL, TRUE, &error);
  g_assert_no_error (error);

  journal = read_journal (&fixture);
  g_assert_cmpuint (json_array_get_length (journal_entries (journal)), ==, 5);
  entry = journal_entry (journal, 4);
  g_assert_cmpstr (json_object_get_string_member (entry, "tag"), ==, "0004_create_reviews");
  tag_file = entry_file (&fixture, entry);
  g_assert_cmpstr (tag_file, ==, paths[0]);
  when = entry_when (entry);

  expected = drizzle_statuses (&fixture);
  g_assert_cmpstr (g_hash_table_lookup (expected, when), ==, "pending");
  assert_sluice_agrees (&fixture, expected);
  g_clear_pointer (&expected, g_hash_table_unref);

  run_migrate (&fixture);
  rows = sluice_test_pg_rows (fixture.conninfo,
                              "SELECT created_at::text FROM drizzle.__drizzle_migrations ORDER BY id");
  g_assert_cmpuint (rows->len, ==, 5);
  g_assert_cmpstr (((char **) g_ptr_array_index (rows, 4))[0], ==, when);
  g_clear_pointer (&rows, g_ptr_array_unref);

  rows = sluice_test_pg_rows (fixture.conninfo,
                              "SELECT to_regclass('public.reviews') IS NOT NULL, "
                              "to_regclass('public.reviews_book_idx') IS NOT NULL");
  g_assert_cmpstr (((char **) g_ptr_array_index (rows, 0))[0], ==, "t");
  g_assert_cmpstr (((char **) g_ptr_array_index (rows, 0))[1], ==, "t");

  expected = drizzle_statuses (&fixture);
  g_assert_cmpstr (g_hash_table_lookup (expected, when), ==, "applied");
  assert_sluice_agrees (&fixture, expected);

  fixture_clear (&fixture);
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/interop/drizzle/status", test_drizzle_status);
  g_test_add_func ("/interop/drizzle/written-migration", test_drizzle_written_migration);

  return g_test_run ();
}
