/* sluice-json-reader.h: strict reading of JSON text from outside Sluice
 * (internal to libsluice)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* JSON that a person wrote or another program made (profiles.json; later
 * snapshots and plans), read so that what Sluice writes back is what it
 * read.  Before json-glib parses the text, the reader refuses, with its
 * line, what json-glib would silently change or take though JSON does not:
 * text that is not UTF-8 or holds a NUL byte, C comments, single quotes,
 * escapes that are not JSON's, "\u0000" and half surrogate pairs, numbers
 * beyond 64 bits or beyond a double, and nesting deeper than 64 levels
 * (json-glib's parser recurses).  json-glib's nodes keep no positions, so
 * the reader also notes the lines of objects, members and array elements
 * while it parses: whatever checks the data next can say where a problem
 * is. */
typedef struct _SluiceJsonReader SluiceJsonReader;

/* Parses the @length bytes of @data.  On failure returns NULL and sets
 * @error to SLUICE_ERROR_INVALID_INPUT whose message says only what is
 * wrong ("the number 1e999 is too large to be kept exactly"), without a
 * file name or a position, and sets @error_line and @error_column (either
 * may be NULL) to where it is, 0 when not known, so that the caller words
 * the whole message for its own kind of file. */
SluiceJsonReader *sluice_json_reader_new_from_data   (const char        *data,
                                                      gsize              length,
                                                      guint             *error_line,
                                                      guint             *error_column,
                                                      GError           **error);
/* The same with another nesting limit than 64 levels (plans nest two
 * levels a node; keep it where json-glib's recursion is safe on a thread's
 * stack: it survives some 40,000 levels on 8 MB), and, when
 * @track_positions is FALSE, without noting where objects, members and
 * elements are: the get_*_line() functions then return 0, and a big
 * document parses twice as fast (json-glib emits a signal for each). */
SluiceJsonReader *sluice_json_reader_new_from_data_full (const char     *data,
                                                         gsize           length,
                                                         guint           max_nesting,
                                                         gboolean        track_positions,
                                                         guint          *error_line,
                                                         guint          *error_column,
                                                         GError        **error);
void              sluice_json_reader_free            (SluiceJsonReader  *self);

/* The value the text holds, owned by @self; NULL when the text holds none
 * (it is empty or blank). */
JsonNode         *sluice_json_reader_get_root        (SluiceJsonReader  *self);

/* Lines count from 1; 0 means not known. */

/* The line of the "{" that opens @object. */
guint             sluice_json_reader_get_object_line (SluiceJsonReader  *self,
                                                      JsonObject        *object);
/* The line where the value of @member ends; the line of @object itself
 * when @member is NULL or not one of its members. */
guint             sluice_json_reader_get_member_line (SluiceJsonReader  *self,
                                                      JsonObject        *object,
                                                      const char        *member);
/* The line where element @index of @array ends. */
guint             sluice_json_reader_get_element_line (SluiceJsonReader *self,
                                                       JsonArray        *array,
                                                       guint             index);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SluiceJsonReader, sluice_json_reader_free)

G_END_DECLS
