/* sluice-json-file.h: writing the JSON files Sluice keeps (snapshots)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Writes the @length bytes of @data to @file, making its folder first
 * when there is none.  The file is replaced atomically: when the write
 * fails, a previous file there is left as it was.  On failure returns
 * FALSE and sets @error to GIO's error, which the caller words for its
 * own kind of file, and @folder_failed (may be NULL) to TRUE when the
 * folder could not be made, so nothing was written at all. */
gboolean sluice_json_file_save (GFile       *file,
                                const char  *data,
                                gsize        length,
                                gboolean    *folder_failed,
                                GError     **error);

G_END_DECLS
