/* test-demo-folder.c: the demo project is a well-formed Sluice migration folder
 *
 * Every file of data/demo is checked the way Sluice will read it: the name,
 * the order of versions, the sections, and every section through the real
 * PostgreSQL parser (libpg_query). The section splitter is private to this
 * test; the real source adapters come with the migration sources.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gio/gio.h>
#include <pg_query.h>
#include <string.h>

#define MARK_UP             "-- sluice:up"
#define MARK_DOWN           "-- sluice:down"
#define MARK_NO_TRANSACTION "-- sluice:no-transaction"
#define MARK_PREFIX         "-- sluice:"

typedef struct
{
  char     *file_name;
  guint64   version;
  char     *up;
  guint     up_line;         /* line of the file where the up SQL starts */
  char     *down;            /* NULL when the file has no down section */
  guint     down_line;
  gboolean  no_transaction;
} DemoMigration;

static void
demo_migration_free (DemoMigration *migration)
{
  g_free (migration->file_name);
  g_free (migration->up);
  g_free (migration->down);
  g_free (migration);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DemoMigration, demo_migration_free)

typedef enum { SECTION_HEADER, SECTION_UP, SECTION_DOWN } Section;

/* Splits @text into header, up and down as README.md describes. A marker is
 * a line of its own (trailing blanks ignored); any other "-- sluice:" line is
 * a typo worth failing on, since Sluice would read it as a plain comment. */
static gboolean
split_sections (DemoMigration  *migration,
                const char     *text,
                GError        **error)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  g_autoptr(GString) up = NULL;
  g_autoptr(GString) down = NULL;
  Section section = SECTION_HEADER;

  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autofree char *line = g_strchomp (g_strdup (lines[i]));
      guint line_number = i + 1;

      if (g_str_equal (line, MARK_UP))
        {
          if (section != SECTION_HEADER)
            {
              g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           "line %u: a second or late “%s”", line_number, MARK_UP);
              return FALSE;
            }
          section = SECTION_UP;
          up = g_string_new (NULL);
          migration->up_line = line_number + 1;
        }
      else if (g_str_equal (line, MARK_DOWN))
        {
          if (section != SECTION_UP)
            {
              g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           "line %u: “%s” must follow the up section", line_number, MARK_DOWN);
              return FALSE;
            }
          section = SECTION_DOWN;
          down = g_string_new (NULL);
          migration->down_line = line_number + 1;
        }
      else if (g_str_equal (line, MARK_NO_TRANSACTION))
        {
          if (section != SECTION_HEADER)
            {
              g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           "line %u: “%s” belongs in the header", line_number, MARK_NO_TRANSACTION);
              return FALSE;
            }
          migration->no_transaction = TRUE;
        }
      else if (g_str_has_prefix (line, MARK_PREFIX))
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       "line %u: unknown marker “%s”", line_number, line);
          return FALSE;
        }
      else if (section == SECTION_UP)
        g_string_append_printf (up, "%s\n", lines[i]);
      else if (section == SECTION_DOWN)
        g_string_append_printf (down, "%s\n", lines[i]);
    }

  if (up == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   "no “%s” line", MARK_UP);
      return FALSE;
    }

  migration->up = g_string_free (g_steal_pointer (&up), FALSE);
  if (down != NULL)
    migration->down = g_string_free (g_steal_pointer (&down), FALSE);
  return TRUE;
}

static const char *
demo_dir (void)
{
  const char *dir = g_getenv ("SLUICE_DEMO_DIR");

  return dir != NULL ? dir : SLUICE_SOURCE_DEMO_DIR;
}

static GRegex *
migration_name_regex (void)
{
  return g_regex_new ("^([0-9]{4,})_[a-z0-9]+(_[a-z0-9]+)*\\.sql$", 0, 0, NULL);
}

static gint
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* Every file name in the demo folder, sorted. */
static GPtrArray *
list_demo_files (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDir) dir = g_dir_open (demo_dir (), 0, &error);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  g_assert_no_error (error);
  while ((name = g_dir_read_name (dir)) != NULL)
    g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_names);
  return g_steal_pointer (&names);
}

static gint
compare_by_version (gconstpointer a,
                    gconstpointer b)
{
  const DemoMigration *ma = *(DemoMigration * const *) a;
  const DemoMigration *mb = *(DemoMigration * const *) b;

  return ma->version < mb->version ? -1 : ma->version > mb->version;
}

/* The migrations of the demo folder, sorted by version. */
static GPtrArray *
load_demo_migrations (void)
{
  g_autoptr(GPtrArray) names = list_demo_files ();
  g_autoptr(GPtrArray) migrations = g_ptr_array_new_with_free_func ((GDestroyNotify) demo_migration_free);
  g_autoptr(GRegex) regex = migration_name_regex ();

  for (guint i = 0; i < names->len; i++)
    {
      const char *name = g_ptr_array_index (names, i);
      g_autoptr(GMatchInfo) match = NULL;
      g_autoptr(DemoMigration) migration = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *path = NULL;
      g_autofree char *text = NULL;
      g_autofree char *version = NULL;

      if (!g_regex_match (regex, name, 0, &match))
        continue;

      version = g_match_info_fetch (match, 1);
      path = g_build_filename (demo_dir (), name, NULL);
      g_file_get_contents (path, &text, NULL, &error);
      g_assert_no_error (error);

      migration = g_new0 (DemoMigration, 1);
      migration->file_name = g_strdup (name);
      migration->version = g_ascii_strtoull (version, NULL, 10);
      if (!split_sections (migration, text, &error))
        g_error ("%s: %s", name, error->message);

      g_ptr_array_add (migrations, g_steal_pointer (&migration));
    }

  g_ptr_array_sort (migrations, compare_by_version);
  return g_steal_pointer (&migrations);
}

/* TRUE when @sql holds something besides comments and blanks. */
static gboolean
has_statements (const char *sql)
{
  PgQuerySplitResult result = pg_query_split_with_scanner (sql);
  gboolean found = result.error == NULL && result.n_stmts > 0;

  pg_query_free_split_result (result);
  return found;
}

/* Parses @sql with the PostgreSQL parser; on failure, reports the line of
 * the file the error points at. Returns the JSON parse tree. */
static char *
parse_section (const DemoMigration *migration,
               const char          *section_name,
               const char          *sql,
               guint                first_line)
{
  PgQueryParseResult result = pg_query_parse (sql);
  char *tree = NULL;

  if (result.error != NULL)
    {
      guint line = first_line;

      for (int i = 0; i < result.error->cursorpos - 1 && sql[i] != '\0'; i++)
        if (sql[i] == '\n')
          line++;
      g_test_message ("%s, %s section, line %u: %s",
                      migration->file_name, section_name, line, result.error->message);
      g_test_fail ();
    }
  else
    tree = g_strdup (result.parse_tree);

  pg_query_free_parse_result (result);
  return tree;
}

static gboolean
tree_has_concurrent_statement (const char *tree)
{
  return tree != NULL && strstr (tree, "\"concurrent\":true") != NULL;
}

static void
test_file_names (void)
{
  g_autoptr(GPtrArray) names = list_demo_files ();
  g_autoptr(GRegex) regex = migration_name_regex ();
  guint migrations = 0;

  for (guint i = 0; i < names->len; i++)
    {
      const char *name = g_ptr_array_index (names, i);

      if (g_str_equal (name, "README.md"))
        continue;
      if (!g_regex_match (regex, name, 0, NULL))
        {
          g_test_message ("“%s” is not named NNNN_snake_name.sql", name);
          g_test_fail ();
          continue;
        }
      migrations++;
    }

  g_assert_cmpuint (migrations, >=, 10);
}

static void
test_versions_ascend (void)
{
  g_autoptr(GPtrArray) migrations = load_demo_migrations ();
  g_autoptr(GPtrArray) names = list_demo_files ();
  guint next_name = 0;

  g_assert_cmpuint (migrations->len, >=, 10);
  for (guint i = 0; i < migrations->len; i++)
    {
      const DemoMigration *migration = g_ptr_array_index (migrations, i);

      if (i > 0)
        {
          const DemoMigration *previous = g_ptr_array_index (migrations, i - 1);

          g_assert_cmpuint (previous->version, <, migration->version);
        }

      /* Version order is also the order a file manager shows: zero-padded
       * versions of one width, so that nobody misreads the sequence. */
      while (next_name < names->len &&
             g_str_equal (g_ptr_array_index (names, next_name), "README.md"))
        next_name++;
      g_assert_cmpstr (g_ptr_array_index (names, next_name), ==, migration->file_name);
      next_name++;
    }
}

static void
test_sections (void)
{
  g_autoptr(GPtrArray) migrations = load_demo_migrations ();
  guint downs = 0;

  for (guint i = 0; i < migrations->len; i++)
    {
      const DemoMigration *migration = g_ptr_array_index (migrations, i);

      if (!has_statements (migration->up))
        {
          g_test_message ("%s: the up section holds no statement", migration->file_name);
          g_test_fail ();
        }
      if (migration->down != NULL)
        {
          if (!has_statements (migration->down))
            {
              g_test_message ("%s: the down section holds no statement", migration->file_name);
              g_test_fail ();
            }
          downs++;
        }
    }

  g_assert_cmpuint (migrations->len, >=, 10);
  g_assert_cmpuint (downs, >=, 10);
}

static void
test_sections_parse (void)
{
  g_autoptr(GPtrArray) migrations = load_demo_migrations ();

  for (guint i = 0; i < migrations->len; i++)
    {
      const DemoMigration *migration = g_ptr_array_index (migrations, i);
      g_autofree char *up_tree = parse_section (migration, "up", migration->up, migration->up_line);
      g_autofree char *down_tree = NULL;

      g_assert_nonnull (up_tree);
      if (migration->down != NULL)
        {
          down_tree = parse_section (migration, "down", migration->down, migration->down_line);
          g_assert_nonnull (down_tree);
        }
    }
}

/* CONCURRENTLY cannot run in a transaction block, and a no-transaction
 * migration without it gives up atomicity for nothing. */
static void
test_no_transaction_matches_concurrently (void)
{
  g_autoptr(GPtrArray) migrations = load_demo_migrations ();
  guint no_transaction = 0;

  for (guint i = 0; i < migrations->len; i++)
    {
      const DemoMigration *migration = g_ptr_array_index (migrations, i);
      g_autofree char *up_tree = parse_section (migration, "up", migration->up, migration->up_line);
      g_autofree char *down_tree = NULL;

      if (migration->down != NULL)
        down_tree = parse_section (migration, "down", migration->down, migration->down_line);

      if (migration->no_transaction)
        {
          no_transaction++;
          g_assert_nonnull (strstr (migration->up, "CONCURRENTLY"));
          g_assert_true (tree_has_concurrent_statement (up_tree));
        }
      else if (tree_has_concurrent_statement (up_tree) ||
               tree_has_concurrent_statement (down_tree))
        {
          g_test_message ("%s runs CONCURRENTLY inside a transaction", migration->file_name);
          g_test_fail ();
        }
    }

  g_assert_cmpuint (no_transaction, >=, 1);
}

/* The checks above are only as good as the splitter: make sure it finds
 * what the format says and refuses what it forbids. */
static void
test_splitter (void)
{
  static const char *good =
    "-- Adds an index.\n"
    "-- sluice:no-transaction\n"
    "\n"
    "-- sluice:up\n"
    "CREATE INDEX CONCURRENTLY i ON t (c);\n"
    "-- sluice:down  \n"
    "DROP INDEX CONCURRENTLY i;\n";
  static const char *bad[] = {
    "CREATE TABLE t ();\n",
    "-- sluice:down\nDROP TABLE t;\n-- sluice:up\nCREATE TABLE t ();\n",
    "-- sluice:up\nCREATE TABLE t ();\n-- sluice:no-transaction\n",
    "-- sluice:up\nCREATE TABLE t ();\n-- sluice:up\n",
    "-- sluice:notransaction\n-- sluice:up\nCREATE TABLE t ();\n",
  };
  g_autoptr(DemoMigration) migration = g_new0 (DemoMigration, 1);
  g_autoptr(GError) error = NULL;

  g_assert_true (split_sections (migration, good, &error));
  g_assert_no_error (error);
  g_assert_true (migration->no_transaction);
  g_assert_cmpstr (migration->up, ==, "CREATE INDEX CONCURRENTLY i ON t (c);\n");
  g_assert_cmpuint (migration->up_line, ==, 5);
  g_assert_cmpstr (migration->down, ==, "DROP INDEX CONCURRENTLY i;\n\n");
  g_assert_cmpuint (migration->down_line, ==, 7);

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(DemoMigration) broken = g_new0 (DemoMigration, 1);
      g_autoptr(GError) broken_error = NULL;

      g_assert_false (split_sections (broken, bad[i], &broken_error));
      g_assert_error (broken_error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
    }
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/demo-folder/splitter", test_splitter);
  g_test_add_func ("/demo-folder/file-names", test_file_names);
  g_test_add_func ("/demo-folder/versions-ascend", test_versions_ascend);
  g_test_add_func ("/demo-folder/sections", test_sections);
  g_test_add_func ("/demo-folder/sections-parse", test_sections_parse);
  g_test_add_func ("/demo-folder/no-transaction-concurrently", test_no_transaction_matches_concurrently);

  status = g_test_run ();
  pg_query_exit ();
  return status;
}
