/* fuzz-source-drizzle.c: a drizzle journal and its SQL files, fuzzed
 *
 * The input is the journal's bytes, then after a NUL the text of
 * 0000_fuzz.sql and after another NUL that of 0001_fuzz.sql.  A journal
 * that does not parse must fail the load with an error naming it; one that
 * does must load, its bad entries and files becoming problems, and every
 * migration must carry the "when" key, the hash and the up SQL.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz-scratch.h"
#include "sluice-error.h"
#include "sluice-migration-folder.h"

int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);

static void
make_criticals_fatal (void)
{
  static gsize done = 0;

  if (g_once_init_enter (&done))
    {
      g_log_set_always_fatal (G_LOG_FATAL_MASK | G_LOG_LEVEL_CRITICAL);
      g_once_init_leave (&done, 1);
    }
}

static void
fail (const char *what)
{
  g_printerr ("%s\n", what);
  abort ();
}

static void
check_folder (SluiceMigrationFolder *folder,
              const char            *dir)
{
  GListModel *migrations = sluice_migration_folder_get_migrations (folder);
  GPtrArray *problems = sluice_migration_folder_get_problems (folder);

  for (guint i = 0; i < g_list_model_get_n_items (migrations); i++)
    {
      g_autoptr(SluiceMigration) migration = g_list_model_get_item (migrations, i);
      const char * const *files = sluice_migration_get_files (migration);
      const char *key = sluice_migration_get_history_key (migration);
      const char *checksum = sluice_migration_get_checksum (migration);

      if (key == NULL || !g_utf8_validate (key, -1, NULL))
        fail ("A migration has no history key, or one that is not text");
      if (checksum == NULL || sluice_migration_get_up_sql (migration) == NULL)
        fail ("A migration has no checksum or no up SQL");
      if (files[0] == NULL || !g_str_has_prefix (files[0], dir))
        fail ("A migration's first file is not in the folder");
      /* drizzle's history knows a migration by the journal's "when". */
      if (key[0] == '\0' || strspn (key, "0123456789") != strlen (key))
        fail ("A history key is not the decimal \"when\"");
      if (sluice_migration_folder_find (folder, key) != migration)
        fail ("A migration cannot be found by its history key");
      if (sluice_migration_get_down_sql (migration) != NULL || !sluice_migration_get_transactional (migration))
        fail ("A drizzle migration has a down SQL or runs outside a transaction");
    }

  for (guint i = 0; i < problems->len; i++)
    {
      SluiceFolderProblem *problem = g_ptr_array_index (problems, i);

      if (!g_path_is_absolute (problem->path) || !g_str_has_prefix (problem->path, dir))
        fail ("A problem names a path outside the folder");
      if (problem->message == NULL || problem->message[0] == '\0' ||
          !g_utf8_validate (problem->message, -1, NULL))
        fail ("A problem has no message, or one that is not text");
    }
}

static void
write_bytes (const char *dir,
             const char *name,
             const char *bytes,
             gsize       length)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);

  g_file_set_contents (path, bytes, length, NULL);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  static const char * const sql_names[] = { "0000_fuzz.sql", "0001_fuzz.sql" };
  g_autoptr(SluiceMigrationFolder) folder = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *meta = NULL;
  g_autofree char *journal = NULL;
  const char *input = (const char *) data;
  const char *end = input + size;
  const char *part_end;
  const char *dir;

  make_criticals_fatal ();
  dir = fuzz_scratch_dir ("sluice-fuzz-drizzle-XXXXXX");
  meta = g_build_filename (dir, "meta", NULL);
  g_mkdir (meta, 0700);

  part_end = memchr (input, '\0', size);
  if (part_end == NULL)
    part_end = end;
  write_bytes (meta, "_journal.json", input, part_end - input);
  input = part_end < end ? part_end + 1 : end;

  for (guint i = 0; i < G_N_ELEMENTS (sql_names) && input < end; i++)
    {
      part_end = memchr (input, '\0', end - input);
      if (part_end == NULL)
        part_end = end;
      write_bytes (dir, sql_names[i], input, part_end - input);
      input = part_end < end ? part_end + 1 : end;
    }

  folder = sluice_migration_folder_load (dir, SLUICE_MIGRATION_FORMAT_DRIZZLE, &error);
  if (folder == NULL)
    {
      journal = g_build_filename (meta, "_journal.json", NULL);
      if (!g_error_matches (error, SLUICE_ERROR, SLUICE_ERROR_INVALID_INPUT) ||
          strstr (error->message, journal) == NULL ||
          !g_utf8_validate (error->message, -1, NULL))
        {
          g_printerr ("A refused journal must give an error naming it: %s\n", error->message);
          abort ();
        }
      return 0;
    }

  check_folder (folder, dir);

  return 0;
}
