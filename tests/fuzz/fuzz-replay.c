/* fuzz-replay.c: runs a libFuzzer target over its corpus without libFuzzer
 *
 * Linked with a fuzz-*.c file when Sluice is built without -Dfuzzing, so
 * that `meson test --suite fuzz` feeds every seed (and every crash once
 * found and added) to the target with any compiler.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib.h>
#include <stdint.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);

static gboolean
replay_file (const char *path,
             guint      *count)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  g_autofree guint8 *exact = NULL;
  gsize length = 0;

  if (!g_file_get_contents (path, &contents, &length, &error))
    {
      g_printerr ("fuzz-replay: %s\n", error->message);
      return FALSE;
    }

  g_print ("%s (%" G_GSIZE_FORMAT " bytes)\n", path, length);

  /* A copy of exactly the file's bytes: the target must not rely on the
   * NUL that g_file_get_contents() adds. */
  exact = g_memdup2 (contents, length);
  LLVMFuzzerTestOneInput (exact, length);

  (*count)++;
  return TRUE;
}

static int
compare_paths (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 (*(char * const *)a, *(char * const *)b);
}

static gboolean
replay_directory (const char *path,
                  guint      *count)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDir) dir = g_dir_open (path, 0, &error);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  if (dir == NULL)
    {
      g_printerr ("fuzz-replay: %s\n", error->message);
      return FALSE;
    }

  while ((name = g_dir_read_name (dir)) != NULL)
    g_ptr_array_add (names, g_build_filename (path, name, NULL));

  /* Always the same order, so a failure can be reproduced. */
  g_ptr_array_sort (names, compare_paths);

  for (guint i = 0; i < names->len; i++)
    {
      const char *child = g_ptr_array_index (names, i);
      gboolean ok = g_file_test (child, G_FILE_TEST_IS_DIR)
        ? replay_directory (child, count)
        : replay_file (child, count);

      if (!ok)
        return FALSE;
    }

  return TRUE;
}

int
main (int   argc,
      char *argv[])
{
  guint count = 0;

  if (argc < 2)
    {
      g_printerr ("usage: %s CORPUS-DIRECTORY-OR-FILE...\n", argv[0]);
      return EXIT_FAILURE;
    }

  for (int i = 1; i < argc; i++)
    {
      gboolean ok = g_file_test (argv[i], G_FILE_TEST_IS_DIR)
        ? replay_directory (argv[i], &count)
        : replay_file (argv[i], &count);

      if (!ok)
        return EXIT_FAILURE;
    }

  /* An empty corpus tests nothing: that is a failure, not a pass. */
  if (count == 0)
    {
      g_printerr ("fuzz-replay: no input files were found\n");
      return EXIT_FAILURE;
    }

  g_print ("fuzz-replay: %u inputs, no crash\n", count);
  return EXIT_SUCCESS;
}
