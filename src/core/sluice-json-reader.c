/* sluice-json-reader.c: strict reading of JSON text from outside Sluice
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <glib/gi18n-lib.h>
#include <stdlib.h>
#include <string.h>

#include "sluice-error.h"
#include "sluice-json-reader.h"

/* Deeper nesting than this is no file Sluice reads; refusing it early keeps
 * json-glib's recursive parser far from the end of the stack. */
#define MAX_NESTING 64

/* Where things are in the text: json-glib keeps no positions in its nodes,
 * but its parser tells where it is while it emits its signals. */
typedef struct
{
  GArray     *open_objects;   /* lines of the "{" not yet closed */
  GHashTable *object_lines;   /* JsonObject -> line of its "{" */
  GHashTable *member_lines;   /* JsonObject -> (member name -> line) */
  GHashTable *element_lines;  /* JsonArray -> GArray of lines */
} Positions;

struct _SluiceJsonReader
{
  JsonNode  *root;
  Positions  positions;
};

static void
positions_clear (Positions *positions)
{
  g_clear_pointer (&positions->open_objects, g_array_unref);
  g_clear_pointer (&positions->object_lines, g_hash_table_unref);
  g_clear_pointer (&positions->member_lines, g_hash_table_unref);
  g_clear_pointer (&positions->element_lines, g_hash_table_unref);
}

static void
positions_init (Positions *positions)
{
  positions->open_objects = g_array_new (FALSE, FALSE, sizeof (guint));
  positions->object_lines = g_hash_table_new (NULL, NULL);
  positions->member_lines = g_hash_table_new_full (NULL, NULL, NULL,
                                                   (GDestroyNotify)g_hash_table_unref);
  positions->element_lines = g_hash_table_new_full (NULL, NULL, NULL,
                                                    (GDestroyNotify)g_array_unref);
}

static void
on_object_start (JsonParser *parser,
                 Positions  *positions)
{
  guint line = json_parser_get_current_line (parser);

  g_array_append_val (positions->open_objects, line);
}

static void
on_object_end (JsonParser *parser,
               JsonObject *object,
               Positions  *positions)
{
  guint line;

  if (positions->open_objects->len == 0)
    return;

  line = g_array_index (positions->open_objects, guint, positions->open_objects->len - 1);
  g_array_set_size (positions->open_objects, positions->open_objects->len - 1);
  g_hash_table_insert (positions->object_lines, object, GUINT_TO_POINTER (line));
}

static void
on_object_member (JsonParser *parser,
                  JsonObject *object,
                  const char *member,
                  Positions  *positions)
{
  GHashTable *lines = g_hash_table_lookup (positions->member_lines, object);

  if (lines == NULL)
    {
      lines = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      g_hash_table_insert (positions->member_lines, object, lines);
    }

  /* The parser has just read the member's value: this is where it ends. */
  g_hash_table_insert (lines, g_strdup (member),
                       GUINT_TO_POINTER (json_parser_get_current_line (parser)));
}

static void
on_array_element (JsonParser *parser,
                  JsonArray  *array,
                  int         index,
                  Positions  *positions)
{
  GArray *lines = g_hash_table_lookup (positions->element_lines, array);
  guint line = json_parser_get_current_line (parser);

  if (lines == NULL)
    {
      lines = g_array_new (FALSE, TRUE, sizeof (guint));
      g_hash_table_insert (positions->element_lines, array, lines);
    }

  if (index >= 0 && (guint)index >= lines->len)
    g_array_set_size (lines, index + 1);
  if (index >= 0)
    g_array_index (lines, guint, index) = line;
}

static guint
positions_object_line (Positions  *positions,
                       JsonObject *object)
{
  return GPOINTER_TO_UINT (g_hash_table_lookup (positions->object_lines, object));
}

static guint
positions_member_line (Positions  *positions,
                       JsonObject *object,
                       const char *member)
{
  GHashTable *lines = g_hash_table_lookup (positions->member_lines, object);
  guint line = 0;

  if (lines != NULL && member != NULL)
    line = GPOINTER_TO_UINT (g_hash_table_lookup (lines, member));

  return line != 0 ? line : positions_object_line (positions, object);
}

static guint
positions_element_line (Positions *positions,
                        JsonArray *array,
                        guint      index)
{
  GArray *lines = g_hash_table_lookup (positions->element_lines, array);

  if (lines == NULL || index >= lines->len)
    return 0;

  return g_array_index (lines, guint, index);
}

/* Errors */

/* The message says only what is wrong; the caller knows what the text is
 * and words the rest (see sluice_json_reader_new_from_data()). */
G_GNUC_PRINTF (4, 5)
static void
set_text_error (GError     **error,
                guint       *error_line,
                guint        line,
                const char  *format,
                ...)
{
  g_autofree char *detail = NULL;
  va_list args;

  va_start (args, format);
  detail = g_strdup_vprintf (format, args);
  va_end (args);

  *error_line = line;
  g_set_error_literal (error, SLUICE_ERROR, SLUICE_ERROR_INVALID_INPUT, detail);
}

/* json-glib reports "<data>:LINE:COLUMN: Parse error: what"; keep its line
 * and its words, but say them the way the rest of Sluice does. */
static void
set_parse_error (GError       **error,
                 guint         *error_line,
                 guint         *error_column,
                 const GError  *json_error)
{
  const char *message = json_error->message;
  const char *rest;
  guint line = 0, column = 0;
  char *end;

  if (!g_str_has_prefix (message, "<data>:"))
    {
      set_text_error (error, error_line, 0, "%s", message);
      return;
    }

  rest = message + strlen ("<data>:");
  line = (guint)strtoul (rest, &end, 10);
  if (*end == ':')
    column = (guint)strtoul (end + 1, &end, 10);
  if (*end == ':')
    end++;
  while (*end == ' ')
    end++;
  rest = end;

  if (g_error_matches (json_error, JSON_PARSER_ERROR, JSON_PARSER_ERROR_TRAILING_COMMA))
    rest = _("a comma is followed by a closing bracket, and JSON allows no comma there");

  set_text_error (error, error_line, line, "%s", rest);
  *error_column = column;
}

/* Pre-checks on the raw text, so that the errors name a line and hostile
 * text never reaches the parser. */

static guint
line_of_offset (const char *data,
                gsize       offset)
{
  guint line = 1;

  for (gsize i = 0; i < offset; i++)
    {
      if (data[i] == '\n')
        line++;
    }

  return line;
}

/* json-glib turns an integer beyond 64 bits into another number and a
 * huge real into "inf", which it then writes as text no JSON reader takes:
 * a save would change or break the file, so such numbers are refused. */
static gboolean
check_number (const char  *data,
              gsize        length,
              gsize       *position,
              guint        line,
              guint       *error_line,
              GError     **error)
{
  gsize start = *position;
  gsize end = start;
  gboolean integer = TRUE;
  g_autofree char *token = NULL;

  while (end < length && strchr ("0123456789+-.eE", data[end]) != NULL && data[end] != '\0')
    {
      if (strchr (".eE", data[end]) != NULL)
        integer = FALSE;
      end++;
    }
  *position = end - 1;

  token = g_strndup (data + start, end - start);

  if (integer)
    {
      g_autoptr(GError) number_error = NULL;

      if (g_ascii_string_to_signed (token, 10, G_MININT64, G_MAXINT64, NULL, &number_error) ||
          !g_error_matches (number_error, G_NUMBER_PARSER_ERROR, G_NUMBER_PARSER_ERROR_OUT_OF_BOUNDS))
        return TRUE;
    }
  else
    {
      char *parsed_end = NULL;
      double value = g_ascii_strtod (token, &parsed_end);

      if (parsed_end == NULL || *parsed_end != '\0' || isfinite (value))
        return TRUE;
    }

  /* The number can be as long as the file: show its start only. */
  if (strlen (token) > 24)
    strcpy (token + 21, "...");

  set_text_error (error, error_line, line,
                  _("the number %s is too large to be kept exactly"), token);
  return FALSE;
}

static gboolean
read_hex4 (const char *data,
           gsize       length,
           gsize       position,
           gunichar   *value)
{
  *value = 0;

  if (length - position < 4)
    return FALSE;

  for (guint i = 0; i < 4; i++)
    {
      int digit = g_ascii_xdigit_value (data[position + i]);

      if (digit < 0)
        return FALSE;
      *value = (*value << 4) | digit;
    }

  return TRUE;
}

/* @position is on the backslash of a "\u" escape.  json-glib turns a
 * short escape or half a surrogate pair into bytes that are not UTF-8, and
 * cuts a text at "\u0000": either way the next save would lose or break
 * what the file held, so such text is refused here, with its line. */
static gboolean
check_unicode_escape (const char  *data,
                      gsize        length,
                      gsize       *position,
                      guint        line,
                      guint       *error_line,
                      GError     **error)
{
  gsize start = *position;
  gunichar value, low;

  if (!read_hex4 (data, length, start + 2, &value))
    {
      set_text_error (error, error_line, line,
                      _("a “\\u” escape in a text is not followed by four hexadecimal digits"));
      return FALSE;
    }

  if (value == 0)
    {
      set_text_error (error, error_line, line,
                      _("a text holds “\\u0000”, a NUL character, which Sluice cannot keep"));
      return FALSE;
    }

  if (value >= 0xdc00 && value <= 0xdfff)
    {
      set_text_error (error, error_line, line,
                      _("a text holds half of a “\\u” surrogate pair"));
      return FALSE;
    }

  if (value >= 0xd800 && value <= 0xdbff)
    {
      if (length - start < 12 || data[start + 6] != '\\' || data[start + 7] != 'u' ||
          !read_hex4 (data, length, start + 8, &low) || low < 0xdc00 || low > 0xdfff)
        {
          set_text_error (error, error_line, line,
                          _("a text holds half of a “\\u” surrogate pair"));
          return FALSE;
        }

      *position = start + 11;
      return TRUE;
    }

  *position = start + 5;
  return TRUE;
}

static gboolean
check_text (const char  *data,
            gsize        length,
            guint        max_nesting,
            guint       *error_line,
            GError     **error)
{
  const char *invalid = NULL;
  gboolean in_string = FALSE;
  guint depth = 0;
  guint line = 1;

  if (!g_utf8_validate_len (data, length, &invalid))
    {
      guint bad_line = line_of_offset (data, invalid - data);

      if (invalid < data + length && *invalid == '\0')
        set_text_error (error, error_line, bad_line,
                        _("the text holds a NUL byte, which a profiles file cannot contain"));
      else
        set_text_error (error, error_line, bad_line,
                        _("the text is not valid UTF-8"));
      return FALSE;
    }

  for (gsize i = 0; i < length; i++)
    {
      char c = data[i];

      if (c == '\n')
        line++;

      if (in_string)
        {
          if (c == '"')
            in_string = FALSE;
          else if (c == '\\' && i + 1 < length)
            {
              char next = data[i + 1];

              if (next == 'u')
                {
                  if (!check_unicode_escape (data, length, &i, line, error_line, error))
                    return FALSE;
                  continue;
                }

              /* json-glib also takes C's octal escapes, and makes bytes
               * that are not UTF-8 of them. */
              if (next == '\0' || strchr ("\"\\/bfnrt", next) == NULL)
                {
                  if (g_ascii_isgraph (next))
                    set_text_error (error, error_line, line,
                                    _("a text holds “\\%c”, which is not an escape JSON knows"),
                                    next);
                  else
                    set_text_error (error, error_line, line,
                                    _("a text holds a backslash before a character JSON does not allow there"));
                  return FALSE;
                }

              i++;
            }
        }
      else if (c == '"')
        in_string = TRUE;
      else if (c == '/')
        {
          /* json-glib skips C comments, so a save would drop them. */
          set_text_error (error, error_line, line,
                          _("JSON has no comments, and a save would lose this one; "
                            "write the note as a member instead, such as "
                            "\"note\": \"…\""));
          return FALSE;
        }
      else if (c == '\'')
        {
          set_text_error (error, error_line, line,
                          _("a text is in single quotes, but JSON needs double quotes"));
          return FALSE;
        }
      else if (c == '-' || g_ascii_isdigit (c))
        {
          if (!check_number (data, length, &i, line, error_line, error))
            return FALSE;
        }
      else if (c == '{' || c == '[')
        {
          if (++depth > max_nesting)
            {
              set_text_error (error, error_line, line,
                              _("the data is nested more than %u levels deep"),
                              max_nesting);
              return FALSE;
            }
        }
      else if ((c == '}' || c == ']') && depth > 0)
        depth--;
    }

  return TRUE;
}

/* Reading */

void
sluice_json_reader_free (SluiceJsonReader *self)
{
  if (self == NULL)
    return;

  g_clear_pointer (&self->root, json_node_unref);
  positions_clear (&self->positions);
  g_free (self);
}

SluiceJsonReader *
sluice_json_reader_new_from_data (const char  *data,
                                  gsize        length,
                                  guint       *error_line,
                                  guint       *error_column,
                                  GError     **error)
{
  return sluice_json_reader_new_from_data_full (data, length, MAX_NESTING, TRUE,
                                                error_line, error_column, error);
}

SluiceJsonReader *
sluice_json_reader_new_from_data_full (const char  *data,
                                       gsize        length,
                                       guint        max_nesting,
                                       gboolean     track_positions,
                                       guint       *error_line,
                                       guint       *error_column,
                                       GError     **error)
{
  g_autoptr(SluiceJsonReader) self = NULL;
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) json_error = NULL;
  guint line = 0, column = 0;

  g_return_val_if_fail (data != NULL || length == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (error_line != NULL)
    *error_line = 0;
  if (error_column != NULL)
    *error_column = 0;

  if (!check_text (data, length, max_nesting, &line, error))
    {
      if (error_line != NULL)
        *error_line = line;
      return NULL;
    }

  self = g_new0 (SluiceJsonReader, 1);
  positions_init (&self->positions);
  parser = json_parser_new ();
  if (track_positions)
    {
      g_signal_connect (parser, "object-start", G_CALLBACK (on_object_start), &self->positions);
      g_signal_connect (parser, "object-end", G_CALLBACK (on_object_end), &self->positions);
      g_signal_connect (parser, "object-member", G_CALLBACK (on_object_member), &self->positions);
      g_signal_connect (parser, "array-element", G_CALLBACK (on_array_element), &self->positions);
    }

  if (!json_parser_load_from_data (parser, data, length, &json_error))
    {
      set_parse_error (error, &line, &column, json_error);
      if (error_line != NULL)
        *error_line = line;
      if (error_column != NULL)
        *error_column = column;
      return NULL;
    }

  self->root = json_parser_steal_root (parser);

  return g_steal_pointer (&self);
}

JsonNode *
sluice_json_reader_get_root (SluiceJsonReader *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->root;
}

/* Positions */

guint
sluice_json_reader_get_object_line (SluiceJsonReader *self,
                                    JsonObject       *object)
{
  g_return_val_if_fail (self != NULL, 0);

  return positions_object_line (&self->positions, object);
}

guint
sluice_json_reader_get_member_line (SluiceJsonReader *self,
                                    JsonObject       *object,
                                    const char       *member)
{
  g_return_val_if_fail (self != NULL, 0);

  return positions_member_line (&self->positions, object, member);
}

guint
sluice_json_reader_get_element_line (SluiceJsonReader *self,
                                     JsonArray        *array,
                                     guint             index)
{
  g_return_val_if_fail (self != NULL, 0);

  return positions_element_line (&self->positions, array, index);
}
