/* fuzz-source-sqitch.c: fuzzed sqitch.plan files
 *
 * The input is the plan.  The scratch project holds scripts for the
 * changes "a", "b", "c/d" and for "a" reworked after @v1, so that plans
 * that name them load them.  A plan that is not UTF-8 must fail with an
 * error naming it; any other must load, its bad lines becoming problems.
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
      if (g_strcmp0 (sluice_migration_get_version (migration), key) != 0)
        fail ("A change's version is not its name");
      if (strlen (checksum) != 40)
        fail ("A change's checksum is not a SHA-1");
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
write_script (const char *dir,
              const char *kind,
              const char *file_name,
              const char *text)
{
  g_autofree char *path = g_build_filename (dir, kind, file_name, NULL);
  g_autofree char *parent = g_path_get_dirname (path);

  g_mkdir_with_parents (parent, 0700);
  g_file_set_contents (path, text, -1, NULL);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(SluiceMigrationFolder) folder = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *plan = NULL;
  const char *dir;

  make_criticals_fatal ();
  dir = fuzz_scratch_dir ("sluice-fuzz-sqitch-XXXXXX");

  write_script (dir, "deploy", "a.sql", "BEGIN;\nCREATE TABLE a (id int);\nCOMMIT;\n");
  write_script (dir, "revert", "a.sql", "DROP TABLE a;\n");
  write_script (dir, "verify", "a.sql", "SELECT id FROM a WHERE FALSE;\n");
  write_script (dir, "deploy", "a@v1.sql", "CREATE TABLE a (id int);\n");
  write_script (dir, "deploy", "b.sql", "CREATE INDEX CONCURRENTLY b ON a (id);\n");
  write_script (dir, "revert", "b.sql", "DROP INDEX b; $$\n");
  write_script (dir, "deploy", "c/d.sql", "SELECT 1;\n");

  plan = g_build_filename (dir, "sqitch.plan", NULL);
  g_file_set_contents (plan, (const char *) data, size, NULL);

  folder = sluice_migration_folder_load (dir, SLUICE_MIGRATION_FORMAT_SQITCH, &error);
  if (folder == NULL)
    {
      if (!g_error_matches (error, SLUICE_ERROR, SLUICE_ERROR_INVALID_INPUT) ||
          strstr (error->message, plan) == NULL ||
          !g_utf8_validate (error->message, -1, NULL))
        {
          g_printerr ("A refused plan must give an error naming it: %s\n", error->message);
          abort ();
        }
      return 0;
    }

  check_folder (folder, dir);

  return 0;
}
