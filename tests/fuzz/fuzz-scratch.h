/* fuzz-scratch.h: a scratch folder with subfolders, for the fuzz targets
 * that write a whole project (Flyway, Drizzle, Sqitch)
 *
 * As in fuzz-source-common.h, the folder is made once per process, emptied
 * before each input, and removed when the process exits, so that a run
 * over the corpus (or a fuzzing session) leaves nothing in $TMPDIR.
 * Unlike it, what an input wrote may hold folders (meta/, deploy/, ...).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>
#include <glib/gstdio.h>
#include <stdlib.h>

static char *fuzz_scratch_path = NULL;

/* Removes what @path holds, and @path itself unless @keep_top.  Links are
 * removed, never followed. */
static void
fuzz_scratch_remove_tree (const char *path,
                          gboolean    keep_top)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        fuzz_scratch_remove_tree (child, FALSE);
      else
        g_unlink (child);
    }

  if (!keep_top)
    g_rmdir (path);
}

static void
fuzz_scratch_remove (void)
{
  if (fuzz_scratch_path != NULL)
    fuzz_scratch_remove_tree (fuzz_scratch_path, FALSE);
  g_clear_pointer (&fuzz_scratch_path, g_free);
}

/* The scratch folder, named after @tmpl (g_dir_make_tmp()'s "…-XXXXXX"),
 * emptied of what the last input wrote. */
static const char *
fuzz_scratch_dir (const char *tmpl)
{
  if (fuzz_scratch_path == NULL)
    {
      fuzz_scratch_path = g_dir_make_tmp (tmpl, NULL);
      if (fuzz_scratch_path == NULL)
        abort ();

      atexit (fuzz_scratch_remove);
    }

  fuzz_scratch_remove_tree (fuzz_scratch_path, TRUE);
  return fuzz_scratch_path;
}
