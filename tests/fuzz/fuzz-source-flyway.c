/* fuzz-source-flyway.c: Flyway folders made of fuzzed file names and texts
 *
 * The input is a list of "name\0text\0" pairs (at most eight files), written
 * into a scratch folder that is then read as a Flyway folder.  Whatever the
 * names and texts, the folder must load; every migration must carry what
 * the status join needs (a history key, Flyway's checksum, up SQL) and every
 * problem an absolute path in the folder and a message that is text.
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

#define MAX_FILES 8

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

/* A file name from fuzzed bytes: one path element, never "." or "..". */
static char *
file_name_from (const char *bytes,
                gsize       length)
{
  char *name = g_strndup (bytes, MIN (length, 200));

  g_strdelimit (name, "/", '_');
  if (name[0] == '\0' || g_str_equal (name, ".") || g_str_equal (name, ".."))
    g_clear_pointer (&name, g_free);

  return name;
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
      if (sluice_migration_get_kind (migration) == SLUICE_MIGRATION_REPEATABLE)
        {
          if (sluice_migration_get_version (migration) != NULL)
            fail ("A repeatable migration has a version");
        }
      else if (sluice_migration_folder_find (folder, key) == NULL)
        fail ("A migration cannot be found by its history key");
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

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(SluiceMigrationFolder) folder = NULL;
  g_autoptr(GError) error = NULL;
  const char *input = (const char *) data;
  const char *end = input + size;
  const char *dir;

  make_criticals_fatal ();
  dir = fuzz_scratch_dir ("sluice-fuzz-flyway-XXXXXX");

  for (guint n = 0; n < MAX_FILES && input < end; n++)
    {
      const char *name_end = memchr (input, '\0', end - input);
      const char *text;
      const char *text_end;
      g_autofree char *name = NULL;
      g_autofree char *path = NULL;

      if (name_end == NULL)
        break;

      text = name_end + 1;
      text_end = memchr (text, '\0', end - text);
      if (text_end == NULL)
        text_end = end;

      name = file_name_from (input, name_end - input);
      if (name != NULL)
        {
          path = g_build_filename (dir, name, NULL);
          g_file_set_contents (path, text, text_end - text, NULL);
        }

      input = text_end < end ? text_end + 1 : end;
    }

  folder = sluice_migration_folder_load (dir, SLUICE_MIGRATION_FORMAT_FLYWAY, &error);
  if (folder == NULL)
    {
      g_printerr ("A Flyway folder failed to load: %s\n", error->message);
      abort ();
    }

  check_folder (folder, dir);

  return 0;
}
