/* sluice-json-file.c: writing the JSON files Sluice keeps (snapshots)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sluice-json-file.h"

gboolean
sluice_json_file_save (GFile       *file,
                       const char  *data,
                       gsize        length,
                       gboolean    *folder_failed,
                       GError     **error)
{
  g_autoptr(GFile) parent = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  if (folder_failed != NULL)
    *folder_failed = FALSE;

  parent = g_file_get_parent (file);
  if (parent != NULL
      && !g_file_make_directory_with_parents (parent, NULL, &local_error)
      && !g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_EXISTS))
    {
      if (folder_failed != NULL)
        *folder_failed = TRUE;
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  return g_file_replace_contents (file, data, length, NULL, FALSE, G_FILE_CREATE_NONE,
                                  NULL, NULL, error);
}
