/* sluice-profile-store.c: the profiles of the user, as a GListModel
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <math.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <libpq-fe.h>
#include <string.h>
#include <unistd.h>

#include "sluice-error.h"
#include "sluice-pg-service.h"
#include "sluice-profile-store.h"
#include "sluice-profile-store-private.h"

/* Deeper nesting than this is not a profiles file; refusing it early keeps
 * json-glib's recursive parser far from the end of the stack. */
#define MAX_NESTING 64

struct _SluiceProfileStore
{
  GObject     parent_instance;

  char       *path;
  GPtrArray  *profiles;

  /* The file's top-level object, so members Sluice does not know survive. */
  JsonObject *root;

  /* What the file held when it was last read or written (SHA-256 of its
   * bytes; NULL when there was no file), to notice another writer. */
  char       *disk_checksum;
  /* Why the last load failed; while set, save() refuses to write. */
  char       *load_error;
  guint       loaded : 1;
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (SluiceProfileStore, sluice_profile_store, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

enum {
  PROP_0,
  PROP_PATH,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* GListModel */

static GType
sluice_profile_store_get_item_type (GListModel *model)
{
  return SLUICE_TYPE_PROFILE;
}

static guint
sluice_profile_store_get_n_items (GListModel *model)
{
  return SLUICE_PROFILE_STORE (model)->profiles->len;
}

static gpointer
sluice_profile_store_get_item (GListModel *model,
                               guint       position)
{
  SluiceProfileStore *self = SLUICE_PROFILE_STORE (model);

  if (position >= self->profiles->len)
    return NULL;

  return g_object_ref (g_ptr_array_index (self->profiles, position));
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = sluice_profile_store_get_item_type;
  iface->get_n_items = sluice_profile_store_get_n_items;
  iface->get_item = sluice_profile_store_get_item;
}

/* GObject */

static void
sluice_profile_store_finalize (GObject *object)
{
  SluiceProfileStore *self = (SluiceProfileStore *)object;

  g_clear_pointer (&self->path, g_free);
  g_clear_pointer (&self->profiles, g_ptr_array_unref);
  g_clear_pointer (&self->root, json_object_unref);
  g_clear_pointer (&self->disk_checksum, g_free);
  g_clear_pointer (&self->load_error, g_free);

  G_OBJECT_CLASS (sluice_profile_store_parent_class)->finalize (object);
}

static void
sluice_profile_store_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  SluiceProfileStore *self = SLUICE_PROFILE_STORE (object);

  switch (prop_id)
    {
    case PROP_PATH:
      g_value_set_string (value, self->path);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sluice_profile_store_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  SluiceProfileStore *self = SLUICE_PROFILE_STORE (object);

  switch (prop_id)
    {
    case PROP_PATH:
      self->path = g_value_dup_string (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sluice_profile_store_class_init (SluiceProfileStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = sluice_profile_store_finalize;
  object_class->get_property = sluice_profile_store_get_property;
  object_class->set_property = sluice_profile_store_set_property;

  properties[PROP_PATH] =
    g_param_spec_string ("path", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
sluice_profile_store_init (SluiceProfileStore *self)
{
  self->profiles = g_ptr_array_new_with_free_func (g_object_unref);
}

SluiceProfileStore *
sluice_profile_store_new (const char *path)
{
  g_return_val_if_fail (path != NULL, NULL);

  return g_object_new (SLUICE_TYPE_PROFILE_STORE,
                       "path", path,
                       NULL);
}

SluiceProfileStore *
sluice_profile_store_new_default (void)
{
  const char *config_dir = g_getenv ("SLUICE_CONFIG_DIR");
  g_autofree char *path = NULL;

  if (config_dir != NULL && config_dir[0] != '\0')
    path = g_build_filename (config_dir, "profiles.json", NULL);
  else
    path = g_build_filename (g_get_user_config_dir (), "sluice", "profiles.json", NULL);

  return sluice_profile_store_new (path);
}

const char *
sluice_profile_store_get_path (SluiceProfileStore *self)
{
  g_return_val_if_fail (SLUICE_IS_PROFILE_STORE (self), NULL);

  return self->path;
}

/* Where things are in the text: json-glib keeps no positions in its nodes,
 * but its parser tells where it is while it emits its signals. */
typedef struct
{
  GArray     *open_objects;   /* lines of the "{" not yet closed */
  GHashTable *object_lines;   /* JsonObject -> line of its "{" */
  GHashTable *member_lines;   /* JsonObject -> (member name -> line) */
  GHashTable *element_lines;  /* JsonArray -> GArray of lines */
} Positions;

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

/* Every refusal to read says where, what, that nothing was changed and
 * what to do. */
G_GNUC_PRINTF (5, 6)
static void
set_invalid_file_error (GError     **error,
                        const char  *display_name,
                        guint        line,
                        guint        column,
                        const char  *format,
                        ...)
{
  g_autofree char *detail = NULL;
  va_list args;

  va_start (args, format);
  detail = g_strdup_vprintf (format, args);
  va_end (args);

  if (line > 0 && column > 0)
    g_set_error (error, SLUICE_ERROR, SLUICE_ERROR_INVALID_INPUT,
                 /* Translators: FILE line N, column M: what is wrong. */
                 _("%s line %u, column %u: %s. The file was not changed; correct it "
                   "in a text editor, or move it away, then load the profiles again."),
                 display_name, line, column, detail);
  else if (line > 0)
    g_set_error (error, SLUICE_ERROR, SLUICE_ERROR_INVALID_INPUT,
                 /* Translators: FILE line N: what is wrong. */
                 _("%s line %u: %s. The file was not changed; correct it in a text "
                   "editor, or move it away, then load the profiles again."),
                 display_name, line, detail);
  else
    g_set_error (error, SLUICE_ERROR, SLUICE_ERROR_INVALID_INPUT,
                 _("%s: %s. The file was not changed; correct it in a text editor, "
                   "or move it away, then load the profiles again."),
                 display_name, detail);
}

/* json-glib reports "<data>:LINE:COLUMN: Parse error: what"; keep its line
 * and its words, but say them the way the rest of Sluice does. */
static void
set_parse_error (GError       **error,
                 const char    *display_name,
                 const GError  *json_error)
{
  const char *message = json_error->message;
  const char *rest;
  guint line = 0, column = 0;
  char *end;

  if (!g_str_has_prefix (message, "<data>:"))
    {
      set_invalid_file_error (error, display_name, 0, 0, "%s", message);
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

  set_invalid_file_error (error, display_name, line, column, "%s", rest);
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
              const char  *display_name,
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

  set_invalid_file_error (error, display_name, line, 0,
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
                      const char  *display_name,
                      GError     **error)
{
  gsize start = *position;
  gunichar value, low;

  if (!read_hex4 (data, length, start + 2, &value))
    {
      set_invalid_file_error (error, display_name, line, 0,
                              _("a “\\u” escape in a text is not followed by four hexadecimal digits"));
      return FALSE;
    }

  if (value == 0)
    {
      set_invalid_file_error (error, display_name, line, 0,
                              _("a text holds “\\u0000”, a NUL character, which Sluice cannot keep"));
      return FALSE;
    }

  if (value >= 0xdc00 && value <= 0xdfff)
    {
      set_invalid_file_error (error, display_name, line, 0,
                              _("a text holds half of a “\\u” surrogate pair"));
      return FALSE;
    }

  if (value >= 0xd800 && value <= 0xdbff)
    {
      if (length - start < 12 || data[start + 6] != '\\' || data[start + 7] != 'u' ||
          !read_hex4 (data, length, start + 8, &low) || low < 0xdc00 || low > 0xdfff)
        {
          set_invalid_file_error (error, display_name, line, 0,
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
            const char  *display_name,
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
        set_invalid_file_error (error, display_name, bad_line, 0,
                                _("the text holds a NUL byte, which a profiles file cannot contain"));
      else
        set_invalid_file_error (error, display_name, bad_line, 0,
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
                  if (!check_unicode_escape (data, length, &i, line, display_name, error))
                    return FALSE;
                  continue;
                }

              /* json-glib also takes C's octal escapes, and makes bytes
               * that are not UTF-8 of them. */
              if (next == '\0' || strchr ("\"\\/bfnrt", next) == NULL)
                {
                  if (g_ascii_isgraph (next))
                    set_invalid_file_error (error, display_name, line, 0,
                                            _("a text holds “\\%c”, which is not an escape JSON knows"),
                                            next);
                  else
                    set_invalid_file_error (error, display_name, line, 0,
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
          set_invalid_file_error (error, display_name, line, 0,
                                  _("JSON has no comments, and a save would lose this one; "
                                    "write the note as a member instead, such as "
                                    "\"note\": \"…\""));
          return FALSE;
        }
      else if (c == '\'')
        {
          set_invalid_file_error (error, display_name, line, 0,
                                  _("a text is in single quotes, but JSON needs double quotes"));
          return FALSE;
        }
      else if (c == '-' || g_ascii_isdigit (c))
        {
          if (!check_number (data, length, &i, line, display_name, error))
            return FALSE;
        }
      else if (c == '{' || c == '[')
        {
          if (++depth > MAX_NESTING)
            {
              set_invalid_file_error (error, display_name, line, 0,
                                      _("the data is nested more than %u levels deep"),
                                      MAX_NESTING);
              return FALSE;
            }
        }
      else if ((c == '}' || c == ']') && depth > 0)
        depth--;
    }

  return TRUE;
}

/* Reading */

static JsonObject *
copy_object_without (JsonObject *object,
                     const char *left_out)
{
  JsonObject *copy = json_object_new ();
  JsonObjectIter iter;
  const char *member;
  JsonNode *node;

  json_object_iter_init_ordered (&iter, object);
  while (json_object_iter_next_ordered (&iter, &member, &node))
    {
      if (g_strcmp0 (member, left_out) != 0)
        json_object_set_member (copy, member, json_node_copy (node));
    }

  return copy;
}

/* json_object_get_string_member_with_default() complains about members
 * that are not text; in a file a person wrote, anything goes. */
static const char *
get_text_member (JsonObject *object,
                 const char *member)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;

  return json_node_get_string (node);
}

static SluiceProfile *
read_profile (JsonArray   *array,
              guint        index,
              GHashTable  *seen_ids,
              Positions   *positions,
              const char  *display_name,
              GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(JsonObject) without_id = NULL;
  JsonNode *node = json_array_get_element (array, index);
  JsonObject *object;
  SluiceProfile *profile;
  const char *bad_member = NULL;
  const char *name = NULL;
  const char *id;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      set_invalid_file_error (error, display_name,
                              positions_element_line (positions, array, index), 0,
                              _("profile #%u is not an object in braces"), index + 1);
      return NULL;
    }

  object = json_node_get_object (node);

  /* Two profiles with one id are most likely a block copied by hand: the
   * copy gets an id of its own rather than being refused. */
  id = get_text_member (object, "id");
  if (id != NULL && g_hash_table_contains (seen_ids, id))
    {
      without_id = copy_object_without (object, "id");
      object = without_id;
    }

  profile = _sluice_profile_new_from_json_full (object, &bad_member, &local_error);
  if (profile == NULL)
    {
      guint line = without_id != NULL
        ? positions_object_line (positions, json_node_get_object (node))
        : positions_member_line (positions, object, bad_member);

      name = get_text_member (object, "name");
      if (name != NULL && name[0] != '\0' && g_strcmp0 (bad_member, "name") != 0)
        set_invalid_file_error (error, display_name, line, 0,
                                /* Translators: profile #N (“NAME”): what is wrong */
                                _("profile #%u (“%s”): %s"), index + 1, name, local_error->message);
      else
        set_invalid_file_error (error, display_name, line, 0,
                                _("profile #%u: %s"), index + 1, local_error->message);
      return NULL;
    }

  g_hash_table_add (seen_ids, g_strdup (sluice_profile_get_id (profile)));

  return profile;
}

static gboolean
read_version (JsonObject  *root,
              Positions   *positions,
              const char  *display_name,
              GError     **error)
{
  JsonNode *node = json_object_get_member (root, "version");
  gint64 version;

  /* A file written by hand may leave the version out: it is the first. */
  if (node == NULL)
    return TRUE;

  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64)
    {
      set_invalid_file_error (error, display_name,
                              positions_member_line (positions, root, "version"), 0,
                              _("“version” must be a whole number"));
      return FALSE;
    }

  version = json_node_get_int (node);
  if (version > SLUICE_PROFILES_FORMAT_VERSION)
    {
      g_set_error (error, SLUICE_ERROR, SLUICE_ERROR_INVALID_INPUT,
                   _("%s was written by a newer Sluice (format version %" G_GINT64_FORMAT
                     "; this Sluice reads version %d). It was not changed, and this "
                     "Sluice will not save over it: use the newer Sluice, or move the "
                     "file away to start afresh."),
                   display_name, version, SLUICE_PROFILES_FORMAT_VERSION);
      return FALSE;
    }

  if (version < 1)
    {
      set_invalid_file_error (error, display_name,
                              positions_member_line (positions, root, "version"), 0,
                              _("“version” is %" G_GINT64_FORMAT ", which no Sluice writes"),
                              version);
      return FALSE;
    }

  return TRUE;
}

static GPtrArray *
read_profiles (JsonNode    *root_node,
               Positions   *positions,
               const char  *display_name,
               GError     **error)
{
  g_autoptr(GPtrArray) profiles = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GHashTable) seen_ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  JsonObject *root;
  JsonNode *node;
  JsonArray *array;

  if (!JSON_NODE_HOLDS_OBJECT (root_node))
    {
      set_invalid_file_error (error, display_name, 1, 0,
                              _("the file must hold one object in braces, with “version” and “profiles”"));
      return NULL;
    }

  root = json_node_get_object (root_node);
  if (!read_version (root, positions, display_name, error))
    return NULL;

  node = json_object_get_member (root, "profiles");
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return g_steal_pointer (&profiles);

  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      set_invalid_file_error (error, display_name,
                              positions_member_line (positions, root, "profiles"), 0,
                              _("“profiles” must be a list in square brackets"));
      return NULL;
    }

  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      SluiceProfile *profile = read_profile (array, i, seen_ids, positions, display_name, error);

      if (profile == NULL)
        return NULL;

      g_ptr_array_add (profiles, profile);
    }

  return g_steal_pointer (&profiles);
}

static void
replace_profiles (SluiceProfileStore *self,
                  GPtrArray          *profiles,
                  JsonObject         *root)
{
  guint removed = self->profiles->len;

  g_clear_pointer (&self->root, json_object_unref);
  if (root != NULL)
    self->root = json_object_ref (root);

  g_ptr_array_set_size (self->profiles, 0);
  if (profiles != NULL)
    {
      for (guint i = 0; i < profiles->len; i++)
        g_ptr_array_add (self->profiles, g_object_ref (g_ptr_array_index (profiles, i)));
    }

  if (removed > 0 || self->profiles->len > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), 0, removed, self->profiles->len);
}

static gboolean
text_is_blank (const char *data,
               gsize       length)
{
  for (gsize i = 0; i < length; i++)
    {
      if (!g_ascii_isspace (data[i]))
        return FALSE;
    }

  return TRUE;
}

gboolean
_sluice_profile_store_load_from_data (SluiceProfileStore  *self,
                                      const char          *data,
                                      gsize                length,
                                      const char          *display_name,
                                      GError             **error)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GPtrArray) profiles = NULL;
  g_autoptr(GError) json_error = NULL;
  Positions positions = { 0 };
  JsonNode *root;

  g_return_val_if_fail (SLUICE_IS_PROFILE_STORE (self), FALSE);
  g_return_val_if_fail (data != NULL || length == 0, FALSE);
  g_return_val_if_fail (display_name != NULL, FALSE);

  if (!check_text (data, length, display_name, error))
    return FALSE;

  /* An empty file holds no profiles, so nothing can be lost by reading it
   * as an empty list (json-glib would give no root at all). */
  if (text_is_blank (data, length))
    {
      replace_profiles (self, NULL, NULL);
      return TRUE;
    }

  positions_init (&positions);
  parser = json_parser_new ();
  g_signal_connect (parser, "object-start", G_CALLBACK (on_object_start), &positions);
  g_signal_connect (parser, "object-end", G_CALLBACK (on_object_end), &positions);
  g_signal_connect (parser, "object-member", G_CALLBACK (on_object_member), &positions);
  g_signal_connect (parser, "array-element", G_CALLBACK (on_array_element), &positions);

  if (!json_parser_load_from_data (parser, data, length, &json_error))
    {
      set_parse_error (error, display_name, json_error);
      positions_clear (&positions);
      return FALSE;
    }

  root = json_parser_get_root (parser);
  if (root == NULL)
    {
      replace_profiles (self, NULL, NULL);
      positions_clear (&positions);
      return TRUE;
    }

  profiles = read_profiles (root, &positions, display_name, error);
  positions_clear (&positions);
  if (profiles == NULL)
    return FALSE;

  replace_profiles (self, profiles, json_node_get_object (root));

  return TRUE;
}

gboolean
sluice_profile_store_load (SluiceProfileStore  *self,
                           GError             **error)
{
  g_autofree char *display_name = NULL;
  g_autofree char *contents = NULL;
  g_autoptr(GError) local_error = NULL;
  gsize length = 0;

  g_return_val_if_fail (SLUICE_IS_PROFILE_STORE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  display_name = g_filename_display_name (self->path);

  if (!g_file_get_contents (self->path, &contents, &length, &local_error))
    {
      if (g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        {
          /* No file yet: a new user with no profiles. */
          replace_profiles (self, NULL, NULL);
          g_clear_pointer (&self->disk_checksum, g_free);
          g_clear_pointer (&self->load_error, g_free);
          self->loaded = TRUE;
          return TRUE;
        }

      g_set_error (error, SLUICE_ERROR, SLUICE_ERROR_FAILED,
                   _("Could not read the profiles: %s. Nothing was changed; check "
                     "the file’s permissions, then load the profiles again."),
                   local_error->message);
      g_free (self->load_error);
      self->load_error = g_strdup ((*error)->message);
      return FALSE;
    }

  if (!_sluice_profile_store_load_from_data (self, contents, length, display_name, &local_error))
    {
      g_free (self->load_error);
      self->load_error = g_strdup (local_error->message);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  g_free (self->disk_checksum);
  self->disk_checksum = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *)contents, length);
  g_clear_pointer (&self->load_error, g_free);
  self->loaded = TRUE;

  return TRUE;
}

/* Writing */

char *
_sluice_profile_store_to_data (SluiceProfileStore *self,
                               gsize              *length)
{
  g_autoptr(JsonGenerator) generator = NULL;
  g_autoptr(JsonObject) root = NULL;
  g_autoptr(JsonNode) root_node = NULL;
  g_autofree char *text = NULL;
  JsonArray *array;
  char *result;

  g_return_val_if_fail (SLUICE_IS_PROFILE_STORE (self), NULL);

  /* Over a copy of what was read, so that members a newer Sluice added at
   * the top level survive too. */
  root = self->root != NULL ? copy_object_without (self->root, NULL) : json_object_new ();
  json_object_set_int_member (root, "version", SLUICE_PROFILES_FORMAT_VERSION);

  array = json_array_sized_new (self->profiles->len);
  for (guint i = 0; i < self->profiles->len; i++)
    json_array_add_object_element (array, sluice_profile_to_json (g_ptr_array_index (self->profiles, i)));
  json_object_set_array_member (root, "profiles", array);

  root_node = json_node_init_object (json_node_alloc (), root);
  generator = json_generator_new ();
  json_generator_set_pretty (generator, TRUE);
  json_generator_set_indent (generator, 2);
  json_generator_set_root (generator, root_node);
  text = json_generator_to_data (generator, NULL);

  /* A text file ends with a newline. */
  result = g_strconcat (text, "\n", NULL);
  if (length != NULL)
    *length = strlen (result);

  return result;
}

/* g_file_set_contents() replaces a symbolic link by a file; people keep
 * their configuration in dotfile repositories through links, so write where
 * the link points instead. */
static char *
resolve_links (const char *path)
{
  g_autofree char *resolved = g_strdup (path);

  for (guint i = 0; i < 16; i++)
    {
      g_autofree char *target = g_file_read_link (resolved, NULL);
      g_autofree char *directory = NULL;

      if (target == NULL)
        break;

      if (g_path_is_absolute (target))
        {
          g_free (resolved);
          resolved = g_steal_pointer (&target);
          continue;
        }

      directory = g_path_get_dirname (resolved);
      g_free (resolved);
      resolved = g_build_filename (directory, target, NULL);
    }

  return g_steal_pointer (&resolved);
}

/* A hard link keeps the previous file itself, without Sluice writing its
 * bytes again: whatever a person put in it (even a password Sluice
 * ignores) is not copied.  Where links are not possible, a copy. */
static gboolean
keep_backup (const char  *target,
             const char  *backup,
             const char  *contents,
             gsize        length,
             GError     **error)
{
  if (g_unlink (backup) != 0 && errno != ENOENT)
    {
      int saved_errno = errno;

      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved_errno),
                   "%s: %s", backup, g_strerror (saved_errno));
      return FALSE;
    }

  if (link (target, backup) == 0)
    return TRUE;

  return g_file_set_contents_full (backup, contents, length,
                                   G_FILE_SET_CONTENTS_CONSISTENT, 0600, error);
}

static gboolean
check_disk_unchanged (SluiceProfileStore  *self,
                      const char          *display_name,
                      char               **current_contents,
                      gsize               *current_length,
                      GError             **error)
{
  g_autoptr(GError) read_error = NULL;
  g_autofree char *checksum = NULL;

  *current_contents = NULL;
  *current_length = 0;

  if (!g_file_get_contents (self->path, current_contents, current_length, &read_error))
    {
      if (!g_error_matches (read_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        {
          g_set_error (error, SLUICE_ERROR, SLUICE_ERROR_FAILED,
                       _("The profiles were not saved: %s. Nothing was written."),
                       read_error->message);
          return FALSE;
        }
    }
  else
    checksum = g_compute_checksum_for_data (G_CHECKSUM_SHA256,
                                            (const guchar *)*current_contents,
                                            *current_length);

  if (!self->loaded && checksum != NULL)
    {
      g_set_error (error, SLUICE_ERROR, SLUICE_ERROR_FAILED,
                   _("The profiles were not saved: %s exists but was not loaded, and "
                     "saving would replace what it holds. Nothing was written; load "
                     "the profiles first."),
                   display_name);
      return FALSE;
    }

  if (self->loaded && g_strcmp0 (checksum, self->disk_checksum) != 0)
    {
      g_set_error (error, SLUICE_ERROR, SLUICE_ERROR_FAILED,
                   _("The profiles were not saved: %s changed on disk since Sluice "
                     "read it (another program or another Sluice wrote to it). The "
                     "file was not touched; load the profiles again, then redo the "
                     "change."),
                   display_name);
      return FALSE;
    }

  return TRUE;
}

/* What save() writes must load again, and a profile without a name does
 * not: refuse before anything is written. */
static gboolean
check_names (SluiceProfileStore  *self,
             GError             **error)
{
  for (guint i = 0; i < self->profiles->len; i++)
    {
      const char *name = sluice_profile_get_name (g_ptr_array_index (self->profiles, i));

      if (name == NULL || text_is_blank (name, strlen (name)))
        {
          g_set_error (error, SLUICE_ERROR, SLUICE_ERROR_INVALID_INPUT,
                       _("The profiles were not saved: profile #%u has no name. "
                         "Nothing was written; give it a name, then save again."),
                       i + 1);
          return FALSE;
        }
    }

  return TRUE;
}

gboolean
sluice_profile_store_save (SluiceProfileStore  *self,
                           GError             **error)
{
  g_autofree char *display_name = NULL;
  g_autofree char *target = NULL;
  g_autofree char *directory = NULL;
  g_autofree char *backup = NULL;
  g_autofree char *current = NULL;
  g_autofree char *text = NULL;
  g_autoptr(GError) write_error = NULL;
  gsize current_length = 0;
  gsize length = 0;

  g_return_val_if_fail (SLUICE_IS_PROFILE_STORE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  display_name = g_filename_display_name (self->path);

  if (self->load_error != NULL)
    {
      g_set_error (error, SLUICE_ERROR, SLUICE_ERROR_FAILED,
                   _("The profiles were not saved: %s could not be read when they "
                     "were loaded, and saving would replace it with less than it holds. "
                     "Nothing was written; fix the file, then load the profiles again."),
                   display_name);
      return FALSE;
    }

  if (!check_names (self, error))
    return FALSE;

  if (!check_disk_unchanged (self, display_name, &current, &current_length, error))
    return FALSE;

  target = resolve_links (self->path);
  directory = g_path_get_dirname (target);
  if (g_mkdir_with_parents (directory, 0700) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, SLUICE_ERROR, SLUICE_ERROR_FAILED,
                   _("The profiles were not saved: could not create the folder %s: %s."),
                   directory, g_strerror (saved_errno));
      return FALSE;
    }

  /* The previous file is kept beside the new one, so a save a person
   * regrets can be undone by hand. */
  if (current != NULL)
    {
      backup = g_strconcat (target, ".bak", NULL);
      if (!keep_backup (target, backup, current, current_length, &write_error))
        {
          g_set_error (error, SLUICE_ERROR, SLUICE_ERROR_FAILED,
                       _("The profiles were not saved: could not keep a copy of the "
                         "previous file: %s. Nothing was written."),
                       write_error->message);
          return FALSE;
        }
    }

  text = _sluice_profile_store_to_data (self, &length);
  if (!g_file_set_contents_full (target, text, length,
                                 G_FILE_SET_CONTENTS_CONSISTENT | G_FILE_SET_CONTENTS_DURABLE,
                                 0600, &write_error))
    {
      g_set_error (error, SLUICE_ERROR, SLUICE_ERROR_FAILED,
                   _("The profiles were not saved: %s. The previous file is unchanged."),
                   write_error->message);
      return FALSE;
    }

  g_free (self->disk_checksum);
  self->disk_checksum = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *)text, length);
  self->loaded = TRUE;

  return TRUE;
}

/* Editing */

gboolean
sluice_profile_store_add (SluiceProfileStore  *self,
                          SluiceProfile       *profile,
                          GError             **error)
{
  const char *name;

  g_return_val_if_fail (SLUICE_IS_PROFILE_STORE (self), FALSE);
  g_return_val_if_fail (SLUICE_IS_PROFILE (profile), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  name = sluice_profile_get_name (profile);

  if (g_ptr_array_find (self->profiles, profile, NULL) ||
      sluice_profile_store_find_by_id (self, sluice_profile_get_id (profile)) != NULL)
    {
      g_set_error (error, SLUICE_ERROR, SLUICE_ERROR_BUSY,
                   _("The profile “%s” is already in the list."), name);
      return FALSE;
    }

  if (name == NULL || name[0] == '\0')
    {
      g_set_error_literal (error, SLUICE_ERROR, SLUICE_ERROR_INVALID_INPUT,
                           _("A profile needs a name. The profile was not added."));
      return FALSE;
    }

  if (sluice_profile_store_find_by_name (self, name) != NULL)
    {
      g_set_error (error, SLUICE_ERROR, SLUICE_ERROR_BUSY,
                   _("A profile named “%s” already exists. The profile was not "
                     "added; choose another name."),
                   name);
      return FALSE;
    }

  g_ptr_array_add (self->profiles, g_object_ref (profile));
  g_list_model_items_changed (G_LIST_MODEL (self), self->profiles->len - 1, 0, 1);

  return TRUE;
}

void
sluice_profile_store_remove (SluiceProfileStore *self,
                             SluiceProfile      *profile)
{
  guint position;

  g_return_if_fail (SLUICE_IS_PROFILE_STORE (self));
  g_return_if_fail (SLUICE_IS_PROFILE (profile));

  if (!g_ptr_array_find (self->profiles, profile, &position))
    return;

  g_ptr_array_remove_index (self->profiles, position);
  g_list_model_items_changed (G_LIST_MODEL (self), position, 1, 0);
}

SluiceProfile *
sluice_profile_store_find_by_name (SluiceProfileStore *self,
                                   const char         *name)
{
  g_return_val_if_fail (SLUICE_IS_PROFILE_STORE (self), NULL);

  if (name == NULL)
    return NULL;

  for (guint i = 0; i < self->profiles->len; i++)
    {
      SluiceProfile *profile = g_ptr_array_index (self->profiles, i);

      if (g_strcmp0 (sluice_profile_get_name (profile), name) == 0)
        return profile;
    }

  return NULL;
}

SluiceProfile *
sluice_profile_store_find_by_id (SluiceProfileStore *self,
                                 const char         *id)
{
  g_return_val_if_fail (SLUICE_IS_PROFILE_STORE (self), NULL);

  if (id == NULL)
    return NULL;

  for (guint i = 0; i < self->profiles->len; i++)
    {
      SluiceProfile *profile = g_ptr_array_index (self->profiles, i);

      if (g_strcmp0 (sluice_profile_get_id (profile), id) == 0)
        return profile;
    }

  return NULL;
}

char *
sluice_profile_store_dup_unique_name (SluiceProfileStore *self,
                                      const char         *base)
{
  g_return_val_if_fail (SLUICE_IS_PROFILE_STORE (self), NULL);
  g_return_val_if_fail (base != NULL, NULL);

  if (sluice_profile_store_find_by_name (self, base) == NULL)
    return g_strdup (base);

  for (guint n = 2; ; n++)
    {
      g_autofree char *candidate = g_strdup_printf ("%s %u", base, n);

      if (sluice_profile_store_find_by_name (self, candidate) == NULL)
        return g_steal_pointer (&candidate);
    }
}

/* Importing pg_service.conf */

/* The service a connection string names: itself for a bare service name,
 * else its "service" keyword, as libpq reads it. */
static char *
dup_service_of_connection (const char *connection)
{
  PQconninfoOption *options;
  char *service = NULL;

  if (connection == NULL)
    return NULL;

  if (sluice_connection_kind_for_text (connection) == SLUICE_CONNECTION_KIND_SERVICE)
    return g_strdup (connection);

  options = PQconninfoParse (connection, NULL);
  if (options == NULL)
    return NULL;

  for (PQconninfoOption *option = options; option->keyword != NULL; option++)
    {
      if (strcmp (option->keyword, "service") == 0 && option->val != NULL)
        {
          service = g_strdup (option->val);
          break;
        }
    }

  PQconninfoFree (options);

  return service;
}

static gboolean
service_is_used (SluiceProfileStore *self,
                 const char         *service)
{
  for (guint i = 0; i < self->profiles->len; i++)
    {
      SluiceProfile *profile = g_ptr_array_index (self->profiles, i);
      g_autofree char *used = dup_service_of_connection (sluice_profile_get_connection (profile));

      if (g_strcmp0 (used, service) == 0)
        return TRUE;
    }

  return FALSE;
}

/* A service name as a connection string.  Most names read as a service
 * name on their own; one that would read as a conninfo or URI, or that
 * has spaces, is written as "service='...'" with libpq's quoting. */
static char *
connection_for_service (const char *service)
{
  GString *quoted;

  if (sluice_connection_kind_for_text (service) == SLUICE_CONNECTION_KIND_SERVICE &&
      strpbrk (service, " \t'\\") == NULL)
    return g_strdup (service);

  quoted = g_string_new ("service='");
  for (const char *c = service; *c != '\0'; c++)
    {
      if (*c == '\'' || *c == '\\')
        g_string_append_c (quoted, '\\');
      g_string_append_c (quoted, *c);
    }
  g_string_append_c (quoted, '\'');

  return g_string_free (quoted, FALSE);
}

/* Names tell environments apart well enough for a first guess; the guard
 * follows, so a "prod" service is strict until the user says otherwise. */
static SluiceEnvironment
guess_environment (const char *service)
{
  g_autofree char *lower = g_utf8_strdown (service, -1);

  if (strstr (lower, "prod") != NULL || strstr (lower, "prd") != NULL)
    return SLUICE_ENVIRONMENT_PROD;
  if (strstr (lower, "stag") != NULL || strstr (lower, "stg") != NULL)
    return SLUICE_ENVIRONMENT_STAGING;

  return SLUICE_ENVIRONMENT_DEV;
}

static gboolean
read_service_file (const char  *path,
                   GPtrArray   *services,
                   GHashTable  *seen,
                   GError     **error)
{
  g_autoptr(GError) read_error = NULL;
  g_autoptr(GPtrArray) parsed = NULL;
  g_autofree char *contents = NULL;
  gsize length = 0;

  if (!g_file_get_contents (path, &contents, &length, &read_error))
    {
      g_set_error (error, SLUICE_ERROR,
                   g_error_matches (read_error, G_FILE_ERROR, G_FILE_ERROR_NOENT)
                     ? SLUICE_ERROR_NOT_FOUND : SLUICE_ERROR_FAILED,
                   _("No services were imported: %s. No profile was added."),
                   read_error->message);
      return FALSE;
    }

  parsed = sluice_pg_service_parse (contents, length, path, error);
  if (parsed == NULL)
    {
      g_prefix_error (error, _("No services were imported, no profile was added: "));
      return FALSE;
    }

  /* libpq reads the first file that has the service: later ones lose. */
  for (guint i = 0; i < parsed->len; i++)
    {
      SluicePgService *service = g_ptr_array_index (parsed, i);

      if (g_hash_table_contains (seen, service->name))
        continue;

      g_hash_table_add (seen, g_strdup (service->name));
      g_ptr_array_add (services, g_strdup (service->name));
    }

  return TRUE;
}

int
sluice_profile_store_import_pg_service (SluiceProfileStore  *self,
                                        const char          *path,
                                        GError             **error)
{
  g_auto(GStrv) paths = NULL;
  g_autoptr(GPtrArray) services = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  int added = 0;

  g_return_val_if_fail (SLUICE_IS_PROFILE_STORE (self), -1);
  g_return_val_if_fail (error == NULL || *error == NULL, -1);

  if (path != NULL)
    {
      paths = g_new0 (char *, 2);
      paths[0] = g_strdup (path);
    }
  else
    paths = sluice_pg_service_default_paths ();

  /* Every file is read before anything is added: an error adds nothing. */
  for (guint i = 0; paths[i] != NULL; i++)
    {
      if (!read_service_file (paths[i], services, seen, error))
        return -1;
    }

  for (guint i = 0; i < services->len; i++)
    {
      const char *service = g_ptr_array_index (services, i);
      g_autoptr(SluiceProfile) profile = NULL;
      g_autofree char *name = NULL;
      g_autofree char *connection = NULL;
      SluiceEnvironment environment;

      if (service_is_used (self, service))
        continue;

      name = sluice_profile_store_dup_unique_name (self, service);
      connection = connection_for_service (service);
      environment = guess_environment (service);
      profile = sluice_profile_new (name, environment, connection);

      if (!sluice_profile_store_add (self, profile, error))
        return -1;

      added++;
    }

  return added;
}
