/* fuzz-source-common.h: what the folder fuzz targets share
 *
 * Each target writes its input as one or two files into a temporary folder
 * (made once and emptied between inputs, so that a run stays cheap) and
 * loads that folder with its format.  Whatever the bytes, loading must not
 * fail (only an unreadable folder may), and what loads must be sound: a
 * version, a history key, SQL that splits, absolute paths, UTF-8 text and
 * problems that name a file.
 *
 * Input layout: byte 0 holds flags for the target; the rest is the first
 * file's bytes, then, after a NUL byte if there is one, the second file's.
 * With bit 1 of the flags set, the second file's first line is its name
 * (made safe for a file name), so that names are fuzzed too.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "sluice-migration-folder.h"
#include "sluice-sql.h"

int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);

typedef struct
{
  guint8      flags;
  const char *first;
  gsize       first_length;
  const char *second;         /* NULL: only one file */
  gsize       second_length;
} FuzzInput;

static void
fuzz_fail (const char *what,
           const char *detail)
{
  g_printerr ("%s: %s\n", what, detail != NULL ? detail : "");
  abort ();
}

/* A critical is a bug even when nothing crashes. */
static void
fuzz_make_criticals_fatal (void)
{
  static gsize done = 0;

  if (g_once_init_enter (&done))
    {
      g_log_set_always_fatal (G_LOG_FATAL_MASK | G_LOG_LEVEL_CRITICAL);
      g_once_init_leave (&done, 1);
    }
}

static gboolean
fuzz_input_parse (const uint8_t *data,
                  size_t         size,
                  FuzzInput     *input)
{
  const char *nul;

  if (size == 0)
    return FALSE;

  input->flags = data[0];
  input->first = (const char *) data + 1;
  input->first_length = size - 1;
  input->second = NULL;
  input->second_length = 0;

  nul = memchr (input->first, '\0', input->first_length);
  if (nul != NULL)
    {
      input->second = nul + 1;
      input->second_length = input->first_length - (nul + 1 - input->first);
      input->first_length = nul - input->first;
    }

  return TRUE;
}

static char *fuzz_dir = NULL;

static void
fuzz_folder_empty (void)
{
  g_autoptr(GDir) handle = g_dir_open (fuzz_dir, 0, NULL);
  const char *name;

  while (handle != NULL && (name = g_dir_read_name (handle)) != NULL)
    {
      g_autofree char *path = g_build_filename (fuzz_dir, name, NULL);

      g_unlink (path);
    }
}

static void
fuzz_folder_remove (void)
{
  fuzz_folder_empty ();
  g_rmdir (fuzz_dir);
}

/* The folder, made once per process (and removed when it exits); emptied
 * of what the last input wrote. */
static const char *
fuzz_folder (void)
{
  if (fuzz_dir == NULL)
    {
      g_autoptr(GError) error = NULL;

      fuzz_dir = g_dir_make_tmp ("sluice-fuzz-XXXXXX", &error);
      if (fuzz_dir == NULL)
        fuzz_fail ("cannot make a temporary folder", error->message);

      atexit (fuzz_folder_remove);
    }
  else
    fuzz_folder_empty ();

  return fuzz_dir;
}

/* The name of the second file: the target's, or with bit 1 of the flags
 * the first line of its bytes (which are then the rest). */
static char *
fuzz_second_name (FuzzInput  *input,
                  const char *name)
{
  const char *newline;
  GString *fuzzed;

  if ((input->flags & 2) == 0)
    return g_strdup (name);

  newline = memchr (input->second, '\n', input->second_length);
  if (newline == NULL || newline == input->second || newline - input->second > 120 ||
      memchr (input->second, '\0', newline - input->second) != NULL)
    return g_strdup (name);

  fuzzed = g_string_new_len (input->second, newline - input->second);
  for (gsize i = 0; i < fuzzed->len; i++)
    {
      if (fuzzed->str[i] == '/')
        fuzzed->str[i] = '_';
    }

  input->second_length -= newline + 1 - input->second;
  input->second = newline + 1;

  if (g_str_equal (fuzzed->str, ".") || g_str_equal (fuzzed->str, ".."))
    g_string_append_c (fuzzed, '_');

  return g_string_free (fuzzed, FALSE);
}

static void
fuzz_write (const char *dir,
            const char *name,
            const char *contents,
            gsize       length)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GError) error = NULL;

  if (!g_file_set_contents (path, contents, length, &error))
    fuzz_fail ("cannot write a fuzz file", error->message);
}

static void
fuzz_check_sql (const char *what,
                const char *sql,
                guint       first_line)
{
  g_autoptr(GPtrArray) statements = NULL;
  g_autoptr(GError) error = NULL;

  if (sql == NULL)
    return;

  if (!g_utf8_validate (sql, -1, NULL))
    fuzz_fail (what, "is not UTF-8");

  /* The adapters refuse SQL the scanner cannot finish. */
  statements = sluice_sql_split (sql, first_line, &error);
  if (statements == NULL)
    fuzz_fail (what, error->message);
}

static void
fuzz_check_folder (SluiceMigrationFolder *folder,
                   SluiceMigrationFormat  format,
                   guint                  n_files)
{
  GListModel *model = sluice_migration_folder_get_migrations (folder);
  GPtrArray *problems = sluice_migration_folder_get_problems (folder);
  guint n_items = g_list_model_get_n_items (model);

  if (sluice_migration_folder_get_format (folder) != format)
    fuzz_fail ("the folder changed format", NULL);

  if (n_items > n_files)
    fuzz_fail ("more migrations than files", NULL);

  for (guint i = 0; i < n_items; i++)
    {
      g_autoptr(SluiceMigration) migration = g_list_model_get_item (model, i);
      const char * const *files = sluice_migration_get_files (migration);
      const char *checksum = sluice_migration_get_checksum (migration);

      if (sluice_migration_get_version (migration) == NULL ||
          sluice_migration_get_history_key (migration) == NULL ||
          sluice_migration_get_name (migration) == NULL)
        fuzz_fail ("a migration without version, key or name", NULL);

      if (!g_utf8_validate (sluice_migration_get_name (migration), -1, NULL) ||
          !g_utf8_validate (sluice_migration_get_version (migration), -1, NULL))
        fuzz_fail ("a name or version that is not UTF-8", NULL);

      if (sluice_migration_folder_find (folder, sluice_migration_get_history_key (migration)) != migration)
        fuzz_fail ("find() does not return the migration of its key", sluice_migration_get_history_key (migration));

      if (files[0] == NULL || !g_path_is_absolute (files[0]))
        fuzz_fail ("a migration without an absolute file", NULL);

      if (checksum != NULL && (strlen (checksum) != 64 || strspn (checksum, "0123456789abcdef") != 64))
        fuzz_fail ("a checksum that is no SHA-256", checksum);

      fuzz_check_sql ("up SQL", sluice_migration_get_up_sql (migration), sluice_migration_get_up_line (migration));
      fuzz_check_sql ("down SQL", sluice_migration_get_down_sql (migration), 1);

      if (i > 0)
        {
          g_autoptr(SluiceMigration) previous = g_list_model_get_item (model, i - 1);

          if (sluice_version_compare (sluice_migration_get_version (previous),
                                      sluice_migration_get_version (migration)) >= 0)
            fuzz_fail ("versions do not ascend", sluice_migration_get_version (migration));
        }
    }

  for (guint i = 0; i < problems->len; i++)
    {
      SluiceFolderProblem *problem = g_ptr_array_index (problems, i);

      if (problem->path == NULL || !g_path_is_absolute (problem->path))
        fuzz_fail ("a problem without an absolute path", problem->message);

      if (problem->message == NULL || problem->message[0] == '\0' ||
          !g_utf8_validate (problem->message, -1, NULL))
        fuzz_fail ("a problem without a readable message", problem->path);
    }
}

/* Loads the folder as @format and checks it; detection must not crash
 * either, whatever it says. */
static void
fuzz_load (const char            *dir,
           SluiceMigrationFormat  format,
           guint                  n_files)
{
  g_autoptr(SluiceMigrationFolder) folder = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) detect_error = NULL;

  folder = sluice_migration_folder_load (dir, format, &error);
  if (folder == NULL)
    fuzz_fail ("a readable folder failed to load", error->message);

  fuzz_check_folder (folder, format, n_files);

  sluice_migration_format_detect (dir, &detect_error);
}
