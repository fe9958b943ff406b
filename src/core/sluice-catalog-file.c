/* sluice-catalog-file.c: schema catalog snapshots as versioned JSON files
 *
 * The text is written by hand rather than through a JsonBuilder tree: a
 * big schema's snapshot holds a quarter of a million objects, and a tree
 * of nodes for each would cost more than the capture.  It is read back
 * strictly with SluiceJsonReader; positions are tracked only when a
 * problem needs its line, by reading a refused file a second time.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "sluice-catalog-private.h"
#include "sluice-error.h"
#include "sluice-json-file.h"
#include "sluice-json-reader.h"

#define FORMAT_NAME "sluice-catalog"

/* root { objects [ { attributes { } } ] }: four levels; a little room. */
#define MAX_NESTING 8

/* Writing ------------------------------------------------------------------- */

static void
append_json_string (GString    *out,
                    const char *text)
{
  g_autofree char *valid = NULL;

  if (text == NULL)
    {
      g_string_append (out, "null");
      return;
    }

  /* A server whose encoding is SQL_ASCII can hand out bytes that are not
   * UTF-8; JSON cannot hold them, and a snapshot must stay readable. */
  if (!g_utf8_validate (text, -1, NULL))
    text = valid = g_utf8_make_valid (text, -1);

  g_string_append_c (out, '"');
  for (const char *p = text; *p != '\0'; p++)
    {
      const char *run = p;
      guchar c;

      /* Most text needs no escape: copied a run at a time. */
      while ((guchar) *p >= 0x20 && *p != '"' && *p != '\\' && *p != 0x7F)
        p++;
      if (p > run)
        g_string_append_len (out, run, p - run);
      if (*p == '\0')
        break;

      c = (guchar) *p;
      switch (c)
        {
        case '"':
          g_string_append (out, "\\\"");
          break;
        case '\\':
          g_string_append (out, "\\\\");
          break;
        case '\n':
          g_string_append (out, "\\n");
          break;
        case '\r':
          g_string_append (out, "\\r");
          break;
        case '\t':
          g_string_append (out, "\\t");
          break;
        case '\b':
          g_string_append (out, "\\b");
          break;
        case '\f':
          g_string_append (out, "\\f");
          break;
        default:
          if (c < 0x20 || c == 0x7F)
            g_string_append_printf (out, "\\u%04x", c);
          else
            g_string_append_c (out, (char) c);
        }
    }
  g_string_append_c (out, '"');
}

static void
append_member (GString    *out,
               const char *indent,
               const char *name,
               const char *value,
               gboolean    last)
{
  g_string_append (out, indent);
  append_json_string (out, name);
  g_string_append (out, ": ");
  append_json_string (out, value);
  g_string_append (out, last ? "\n" : ",\n");
}

static char *
format_time (GDateTime *time)
{
  g_autoptr(GDateTime) utc = NULL;

  if (time == NULL)
    return NULL;

  /* By hand: "%Y" does not pad years before 1000, which ISO 8601 (and so
   * the reader) requires in four digits. */
  utc = g_date_time_to_utc (time);
  if (utc == NULL)
    return NULL;
  return g_strdup_printf ("%04d-%02d-%02dT%02d:%02d:%02d.%06dZ",
                          g_date_time_get_year (utc), g_date_time_get_month (utc),
                          g_date_time_get_day_of_month (utc), g_date_time_get_hour (utc),
                          g_date_time_get_minute (utc), g_date_time_get_second (utc),
                          g_date_time_get_microsecond (utc));
}

static void
append_object (GString             *out,
               SluiceCatalogObject *object,
               gboolean             last)
{
  const char * const *names = sluice_catalog_object_list_attributes (object);
  const char * const *dependencies = sluice_catalog_object_get_dependencies (object);

  g_string_append (out, "    {\n");
  append_member (out, "      ", "kind", sluice_catalog_kind_to_string (sluice_catalog_object_get_kind (object)), FALSE);
  append_member (out, "      ", "schema", sluice_catalog_object_get_schema (object), FALSE);
  append_member (out, "      ", "parent", sluice_catalog_object_get_parent_name (object), FALSE);
  append_member (out, "      ", "name", sluice_catalog_object_get_name (object), FALSE);
  append_member (out, "      ", "arguments", sluice_catalog_object_get_arguments (object), FALSE);
  g_string_append_printf (out, "      \"oid\": %u,\n", sluice_catalog_object_get_oid (object));
  g_string_append_printf (out, "      \"subid\": %d,\n", sluice_catalog_object_get_subid (object));

  if (names[0] == NULL)
    g_string_append (out, "      \"attributes\": {},\n");
  else
    {
      g_string_append (out, "      \"attributes\": {\n");
      for (guint i = 0; names[i] != NULL; i++)
        append_member (out, "        ", names[i],
                       sluice_catalog_object_get_attribute (object, names[i]),
                       names[i + 1] == NULL);
      g_string_append (out, "      },\n");
    }

  if (dependencies[0] == NULL)
    g_string_append (out, "      \"depends_on\": []\n");
  else
    {
      g_string_append (out, "      \"depends_on\": [\n");
      for (guint i = 0; dependencies[i] != NULL; i++)
        {
          g_string_append (out, "        ");
          append_json_string (out, dependencies[i]);
          g_string_append (out, dependencies[i + 1] == NULL ? "\n" : ",\n");
        }
      g_string_append (out, "      ]\n");
    }

  g_string_append (out, last ? "    }\n" : "    },\n");
}

char *
sluice_catalog_to_data (SluiceCatalog *self,
                        gsize         *length)
{
  GListModel *objects;
  GString *out;
  g_autofree char *taken_at = NULL;
  char duration[G_ASCII_DTOSTR_BUF_SIZE];
  guint n_objects;

  g_return_val_if_fail (SLUICE_IS_CATALOG (self), NULL);

  objects = sluice_catalog_get_objects (self);
  n_objects = sluice_catalog_get_n_objects (self);
  out = g_string_sized_new (4096 + (gsize) n_objects * 300);
  taken_at = format_time (sluice_catalog_get_taken_at (self));
  g_ascii_formatd (duration, sizeof duration, "%.3f", sluice_catalog_get_duration_ms (self));

  g_string_append (out, "{\n");
  append_member (out, "  ", "format", FORMAT_NAME, FALSE);
  g_string_append_printf (out, "  \"format_version\": %d,\n", SLUICE_CATALOG_FORMAT_VERSION);
  append_member (out, "  ", "profile_id", sluice_catalog_get_profile_id (self), FALSE);
  append_member (out, "  ", "profile_name", sluice_catalog_get_profile_name (self), FALSE);
  append_member (out, "  ", "database", sluice_catalog_get_database (self), FALSE);
  append_member (out, "  ", "server_version", sluice_catalog_get_server_version (self), FALSE);
  g_string_append_printf (out, "  \"server_version_num\": %d,\n", sluice_catalog_get_server_version_num (self));
  append_member (out, "  ", "taken_at", taken_at, FALSE);
  g_string_append_printf (out, "  \"duration_ms\": %s,\n", duration);
  append_member (out, "  ", "migration_version", sluice_catalog_get_migration_version (self), FALSE);
  append_member (out, "  ", "label", sluice_catalog_get_label (self), FALSE);

  if (n_objects == 0)
    g_string_append (out, "  \"objects\": []\n");
  else
    {
      g_string_append (out, "  \"objects\": [\n");
      for (guint i = 0; i < n_objects; i++)
        {
          g_autoptr(SluiceCatalogObject) object = g_list_model_get_item (objects, i);

          append_object (out, object, i + 1 == n_objects);
        }
      g_string_append (out, "  ]\n");
    }
  g_string_append (out, "}\n");

  if (length != NULL)
    *length = out->len;
  return g_string_free (out, FALSE);
}

gboolean
sluice_catalog_save_file (SluiceCatalog  *self,
                          GFile          *file,
                          GError        **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *data = NULL;
  gboolean folder_failed;
  gsize length;

  g_return_val_if_fail (SLUICE_IS_CATALOG (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  data = sluice_catalog_to_data (self, &length);
  if (!sluice_json_file_save (file, data, length, &folder_failed, &local_error))
    {
      g_autofree char *path = g_file_get_parse_name (file);

      if (folder_failed)
        g_set_error (error, SLUICE_ERROR, SLUICE_ERROR_FAILED,
                     _("The schema snapshot was not saved to %s: %s. Nothing was written."),
                     path, local_error->message);
      else
        g_set_error (error, SLUICE_ERROR, SLUICE_ERROR_FAILED,
                     _("The schema snapshot was not saved to %s: %s. Any previous file there is unchanged."),
                     path, local_error->message);
      return FALSE;
    }

  return TRUE;
}

static void
save_in_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  GError *error = NULL;

  if (sluice_catalog_save_file (SLUICE_CATALOG (source_object), G_FILE (task_data), &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

void
sluice_catalog_save_file_async (SluiceCatalog       *self,
                                GFile               *file,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (SLUICE_IS_CATALOG (self));
  g_return_if_fail (G_IS_FILE (file));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sluice_catalog_save_file_async);
  g_task_set_task_data (task, g_object_ref (file), g_object_unref);
  g_task_run_in_thread (task, save_in_thread);
}

gboolean
sluice_catalog_save_file_finish (SluiceCatalog  *self,
                                 GAsyncResult   *result,
                                 GError        **error)
{
  g_return_val_if_fail (SLUICE_IS_CATALOG (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == sluice_catalog_save_file_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Reading ------------------------------------------------------------------- */

typedef struct
{
  SluiceJsonReader *reader;
  const char       *display_name;
} ReadContext;

G_GNUC_PRINTF (4, 5)
static void
set_invalid (GError     **error,
             const char  *display_name,
             guint        line,
             const char  *format,
             ...)
{
  g_autofree char *detail = NULL;
  va_list args;

  va_start (args, format);
  detail = g_strdup_vprintf (format, args);
  va_end (args);

  if (line > 0)
    g_set_error (error, SLUICE_ERROR, SLUICE_ERROR_INVALID_INPUT,
                 /* Translators: FILE line N: what is wrong. */
                 _("%s line %u: %s. The schema snapshot was not used and nothing was changed; "
                   "take a new snapshot, or correct the file in a text editor."),
                 display_name, line, detail);
  else
    g_set_error (error, SLUICE_ERROR, SLUICE_ERROR_INVALID_INPUT,
                 _("%s: %s. The schema snapshot was not used and nothing was changed; "
                   "take a new snapshot, or correct the file in a text editor."),
                 display_name, detail);
}

static guint
member_line (ReadContext *context,
             JsonObject  *object,
             const char  *member)
{
  return sluice_json_reader_get_member_line (context->reader, object, member);
}

static guint
object_line (ReadContext *context,
             JsonObject  *object)
{
  return sluice_json_reader_get_object_line (context->reader, object);
}

static JsonNode *
required_member (ReadContext  *context,
                 JsonObject   *object,
                 const char   *member,
                 GError      **error)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL)
    set_invalid (error, context->display_name, object_line (context, object),
                 _("the member “%s” is missing"), member);
  return node;
}

/* The string of @member, borrowed from the document; NULL for null when
 * @nullable. */
static gboolean
read_string (ReadContext  *context,
             JsonObject   *object,
             const char   *member,
             gboolean      nullable,
             const char  **value,
             GError      **error)
{
  JsonNode *node = required_member (context, object, member, error);

  if (node == NULL)
    return FALSE;

  if (JSON_NODE_HOLDS_NULL (node) && nullable)
    {
      *value = NULL;
      return TRUE;
    }

  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    {
      set_invalid (error, context->display_name, member_line (context, object, member),
                   nullable ? _("“%s” must be text in double quotes, or null")
                            : _("“%s” must be text in double quotes"),
                   member);
      return FALSE;
    }

  *value = json_node_get_string (node);
  return TRUE;
}

static gboolean
read_integer (ReadContext  *context,
              JsonObject   *object,
              const char   *member,
              gint64        minimum,
              gint64        maximum,
              gint64       *value,
              GError      **error)
{
  JsonNode *node = required_member (context, object, member, error);

  if (node == NULL)
    return FALSE;

  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64)
    {
      set_invalid (error, context->display_name, member_line (context, object, member),
                   _("“%s” must be a whole number"), member);
      return FALSE;
    }

  *value = json_node_get_int (node);
  if (*value < minimum || *value > maximum)
    {
      set_invalid (error, context->display_name, member_line (context, object, member),
                   _("“%s” is %lld, outside %lld to %lld"), member,
                   (long long) *value, (long long) minimum, (long long) maximum);
      return FALSE;
    }

  return TRUE;
}

static gboolean
read_duration (ReadContext  *context,
               JsonObject   *object,
               double       *value,
               GError      **error)
{
  JsonNode *node = required_member (context, object, "duration_ms", error);
  GType type;

  if (node == NULL)
    return FALSE;

  type = JSON_NODE_HOLDS_VALUE (node) ? json_node_get_value_type (node) : G_TYPE_INVALID;
  if (type == G_TYPE_INT64)
    *value = (double) json_node_get_int (node);
  else if (type == G_TYPE_DOUBLE)
    *value = json_node_get_double (node);
  else
    {
      set_invalid (error, context->display_name, member_line (context, object, "duration_ms"),
                   _("“%s” must be a number"), "duration_ms");
      return FALSE;
    }

  /* Within a day or so of milliseconds it is kept to the microsecond, as
   * written back. */
  if (!(*value >= 0 && *value < 1e12))
    {
      set_invalid (error, context->display_name, member_line (context, object, "duration_ms"),
                   _("“%s” must be a number of milliseconds from 0 to 10¹²"), "duration_ms");
      return FALSE;
    }

  return TRUE;
}

static gboolean
read_format (ReadContext  *context,
             JsonObject   *root,
             GError      **error)
{
  const char *format;
  gint64 version;

  if (!read_string (context, root, "format", FALSE, &format, error))
    return FALSE;

  if (strcmp (format, FORMAT_NAME) != 0)
    {
      set_invalid (error, context->display_name, member_line (context, root, "format"),
                   _("“format” is “%s”, not “%s”: this is not a Sluice schema snapshot"),
                   format, FORMAT_NAME);
      return FALSE;
    }

  if (!read_integer (context, root, "format_version", G_MININT64, G_MAXINT64, &version, error))
    return FALSE;

  if (version > SLUICE_CATALOG_FORMAT_VERSION)
    {
      set_invalid (error, context->display_name, member_line (context, root, "format_version"),
                   _("the snapshot was written by a newer Sluice (format version %lld; this "
                     "Sluice reads version %d); update Sluice to read it"),
                   (long long) version, SLUICE_CATALOG_FORMAT_VERSION);
      return FALSE;
    }

  if (version < 1)
    {
      set_invalid (error, context->display_name, member_line (context, root, "format_version"),
                   _("“format_version” is %lld, which no Sluice writes"), (long long) version);
      return FALSE;
    }

  return TRUE;
}

static gboolean
read_metadata (SluiceCatalog  *self,
               ReadContext    *context,
               JsonObject     *root,
               GError        **error)
{
  const char *profile_id, *profile_name, *database, *server_version;
  const char *taken_at_text, *migration_version, *label;
  g_autoptr(GDateTime) taken_at = NULL;
  gint64 version_num;
  double duration_ms;

  if (!read_string (context, root, "profile_id", TRUE, &profile_id, error) ||
      !read_string (context, root, "profile_name", TRUE, &profile_name, error) ||
      !read_string (context, root, "database", TRUE, &database, error) ||
      !read_string (context, root, "server_version", TRUE, &server_version, error) ||
      !read_integer (context, root, "server_version_num", 0, G_MAXINT, &version_num, error) ||
      !read_string (context, root, "taken_at", TRUE, &taken_at_text, error) ||
      !read_duration (context, root, &duration_ms, error) ||
      !read_string (context, root, "migration_version", TRUE, &migration_version, error) ||
      !read_string (context, root, "label", TRUE, &label, error))
    return FALSE;

  if (taken_at_text != NULL)
    {
      g_autoptr(GDateTime) parsed = g_date_time_new_from_iso8601 (taken_at_text, NULL);

      /* Kept in UTC, as written back; a time whose UTC falls outside years
       * 1 to 9999 cannot be kept. */
      taken_at = parsed != NULL ? g_date_time_to_utc (parsed) : NULL;
      if (taken_at == NULL)
        {
          set_invalid (error, context->display_name, member_line (context, root, "taken_at"),
                       _("“%s” must be a date and time such as 2024-05-01T10:00:00Z"), "taken_at");
          return FALSE;
        }
    }

  sluice_catalog_set_profile (self, profile_id, profile_name);
  _sluice_catalog_set_server (self, database, server_version, (int) version_num);
  _sluice_catalog_set_taken_at (self, taken_at);
  /* Written back with three decimals: keep what will be written, so that
   * a second save gives the same text. */
  {
    char rounded[G_ASCII_DTOSTR_BUF_SIZE];

    g_ascii_formatd (rounded, sizeof rounded, "%.3f", duration_ms);
    _sluice_catalog_set_duration_ms (self, g_ascii_strtod (rounded, NULL));
  }
  sluice_catalog_set_migration_version (self, migration_version);
  sluice_catalog_set_label (self, label);
  return TRUE;
}

static gboolean
kind_has_schema (SluiceCatalogKind kind)
{
  return kind != SLUICE_CATALOG_SCHEMA && kind != SLUICE_CATALOG_EXTENSION &&
         kind != SLUICE_CATALOG_EVENT_TRIGGER && kind != SLUICE_CATALOG_PUBLICATION;
}

static gboolean
read_attributes (ReadContext          *context,
                 JsonObject           *object,
                 SluiceCatalogObject  *catalog_object,
                 GError              **error)
{
  JsonNode *node = required_member (context, object, "attributes", error);
  JsonObject *attributes;
  g_autoptr(GList) names = NULL;

  if (node == NULL)
    return FALSE;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      set_invalid (error, context->display_name, member_line (context, object, "attributes"),
                   _("“%s” must be an object in braces"), "attributes");
      return FALSE;
    }

  attributes = json_node_get_object (node);
  names = json_object_get_members (attributes);
  for (GList *l = names; l != NULL; l = l->next)
    {
      const char *name = l->data;
      const char *value;

      if (name[0] == '\0')
        {
          set_invalid (error, context->display_name, object_line (context, attributes),
                       _("an attribute has an empty name"));
          return FALSE;
        }

      if (!read_string (context, attributes, name, FALSE, &value, error))
        return FALSE;
      sluice_catalog_object_set_attribute (catalog_object, name, value);
    }

  return TRUE;
}

static gboolean
read_dependencies (ReadContext          *context,
                   JsonObject           *object,
                   SluiceCatalogObject  *catalog_object,
                   GError              **error)
{
  JsonNode *node = required_member (context, object, "depends_on", error);
  JsonArray *array;

  if (node == NULL)
    return FALSE;

  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      set_invalid (error, context->display_name, member_line (context, object, "depends_on"),
                   _("“%s” must be a list in square brackets"), "depends_on");
      return FALSE;
    }

  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);

      if (!JSON_NODE_HOLDS_VALUE (element) || json_node_get_value_type (element) != G_TYPE_STRING ||
          json_node_get_string (element)[0] == '\0')
        {
          set_invalid (error, context->display_name,
                       sluice_json_reader_get_element_line (context->reader, array, i),
                       _("each item of “%s” must be the identity of an object, in double quotes"),
                       "depends_on");
          return FALSE;
        }
      sluice_catalog_object_add_dependency (catalog_object, json_node_get_string (element));
    }

  return TRUE;
}

static SluiceCatalogObject *
read_object (ReadContext  *context,
             JsonObject   *object,
             GError      **error)
{
  g_autoptr(SluiceCatalogObject) catalog_object = NULL;
  const char *kind_text, *schema, *parent, *name, *arguments;
  SluiceCatalogKind kind;
  gint64 oid, subid;

  if (!read_string (context, object, "kind", FALSE, &kind_text, error))
    return NULL;
  if (!sluice_catalog_kind_from_string (kind_text, &kind))
    {
      set_invalid (error, context->display_name, member_line (context, object, "kind"),
                   _("“%s” is not a kind of object Sluice knows"), kind_text);
      return NULL;
    }

  if (!read_string (context, object, "schema", TRUE, &schema, error) ||
      !read_string (context, object, "parent", TRUE, &parent, error) ||
      !read_string (context, object, "name", FALSE, &name, error) ||
      !read_string (context, object, "arguments", TRUE, &arguments, error) ||
      !read_integer (context, object, "oid", 0, G_MAXUINT32, &oid, error) ||
      !read_integer (context, object, "subid", 0, G_MAXINT16, &subid, error))
    return NULL;

  if (name[0] == '\0' || (schema != NULL && schema[0] == '\0') || (parent != NULL && parent[0] == '\0'))
    {
      set_invalid (error, context->display_name, object_line (context, object),
                   _("a name, schema or parent is empty"));
      return NULL;
    }

  if ((schema != NULL) != kind_has_schema (kind) && kind != SLUICE_CATALOG_DEFAULT_PRIVILEGES)
    {
      set_invalid (error, context->display_name, member_line (context, object, "schema"),
                   schema != NULL ? _("a %s has no schema") : _("a %s must name its schema"),
                   kind_text);
      return NULL;
    }

  if ((parent != NULL) != _sluice_catalog_kind_is_child (kind))
    {
      set_invalid (error, context->display_name, member_line (context, object, "parent"),
                   parent != NULL ? _("a %s has no parent") : _("a %s must name its parent"),
                   kind_text);
      return NULL;
    }

  if ((arguments != NULL) != (kind == SLUICE_CATALOG_FUNCTION || kind == SLUICE_CATALOG_PROCEDURE))
    {
      set_invalid (error, context->display_name, member_line (context, object, "arguments"),
                   arguments != NULL ? _("a %s has no arguments")
                                     : _("a %s must list its arguments (\"\" for none)"),
                   kind_text);
      return NULL;
    }

  catalog_object = sluice_catalog_object_new (kind, schema, parent, name, arguments);
  sluice_catalog_object_set_oid (catalog_object, (guint32) oid, (gint) subid);

  if (!read_attributes (context, object, catalog_object, error) ||
      !read_dependencies (context, object, catalog_object, error))
    return NULL;

  return g_steal_pointer (&catalog_object);
}

static guint
position_of (GPtrArray           *objects,
             SluiceCatalogObject *object)
{
  guint position = 0;

  g_ptr_array_find (objects, object, &position);
  return position;
}

/* A child's parent must be in the file, and of a kind that has children of
 * its kind. */
static gboolean
parent_fits (SluiceCatalogKind kind,
             SluiceCatalogKind parent_kind)
{
  switch (kind)
    {
    case SLUICE_CATALOG_COLUMN:
    case SLUICE_CATALOG_POLICY:
      return parent_kind == SLUICE_CATALOG_TABLE;
    case SLUICE_CATALOG_CONSTRAINT:
      return parent_kind == SLUICE_CATALOG_TABLE || parent_kind == SLUICE_CATALOG_TYPE;
    case SLUICE_CATALOG_INDEX:
      return parent_kind == SLUICE_CATALOG_TABLE || parent_kind == SLUICE_CATALOG_MATERIALIZED_VIEW;
    case SLUICE_CATALOG_TRIGGER:
      return parent_kind == SLUICE_CATALOG_TABLE || parent_kind == SLUICE_CATALOG_VIEW;
    default:
      return FALSE;
    }
}

static gboolean
read_objects (SluiceCatalog  *self,
              ReadContext    *context,
              JsonObject     *root,
              GError        **error)
{
  g_autoptr(GPtrArray) objects = NULL;
  g_autoptr(GPtrArray) in_file_order = NULL;
  SluiceCatalogObject *duplicate = NULL;
  JsonNode *node;
  JsonArray *array;
  guint n;

  node = required_member (context, root, "objects", error);
  if (node == NULL)
    return FALSE;
  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      set_invalid (error, context->display_name, member_line (context, root, "objects"),
                   _("“%s” must be a list in square brackets"), "objects");
      return FALSE;
    }

  array = json_node_get_array (node);
  n = json_array_get_length (array);
  objects = g_ptr_array_new_full (n, g_object_unref);
  in_file_order = g_ptr_array_new_full (n, g_object_unref);

  for (guint i = 0; i < n; i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      SluiceCatalogObject *object;

      if (!JSON_NODE_HOLDS_OBJECT (element))
        {
          set_invalid (error, context->display_name,
                       sluice_json_reader_get_element_line (context->reader, array, i),
                       /* Translators: "object #3 is not an object in braces" */
                       _("object #%u is not an object in braces"), i + 1);
          return FALSE;
        }

      object = read_object (context, json_node_get_object (element), error);
      if (object == NULL)
        return FALSE;
      g_ptr_array_add (objects, object);
      g_ptr_array_add (in_file_order, g_object_ref (object));
    }

  if (!_sluice_catalog_take_objects (self, objects, &duplicate))
    {
      guint position = position_of (in_file_order, duplicate);
      guint first = 0;

      /* The duplicate found may be either of the two: name the later. */
      for (guint i = 0; i < in_file_order->len; i++)
        {
          SluiceCatalogObject *other = g_ptr_array_index (in_file_order, i);

          if (other != duplicate &&
              strcmp (sluice_catalog_object_get_identity (other),
                      sluice_catalog_object_get_identity (duplicate)) == 0)
            {
              first = i;
              break;
            }
        }
      position = MAX (position, first);

      set_invalid (error, context->display_name,
                   object_line (context, json_array_get_object_element (array, position)),
                   _("the object “%s” is listed twice"), sluice_catalog_object_get_identity (duplicate));
      return FALSE;
    }

  for (guint i = 0; i < in_file_order->len; i++)
    {
      SluiceCatalogObject *object = g_ptr_array_index (in_file_order, i);
      SluiceCatalogKind kind = sluice_catalog_object_get_kind (object);
      SluiceCatalogObject *parent;

      if (!_sluice_catalog_kind_is_child (kind))
        continue;

      parent = _sluice_catalog_lookup_parent (self, sluice_catalog_object_get_schema (object),
                                              sluice_catalog_object_get_parent_name (object));
      if (parent == NULL)
        {
          set_invalid (error, context->display_name,
                       object_line (context, json_array_get_object_element (array, i)),
                       _("the %s “%s” belongs to %s.%s, which is not in the snapshot"),
                       sluice_catalog_kind_to_string (kind), sluice_catalog_object_get_name (object),
                       sluice_catalog_object_get_schema (object),
                       sluice_catalog_object_get_parent_name (object));
          return FALSE;
        }
      if (!parent_fits (kind, sluice_catalog_object_get_kind (parent)))
        {
          set_invalid (error, context->display_name,
                       object_line (context, json_array_get_object_element (array, i)),
                       _("the %s “%s” belongs to %s, and a %s has none"),
                       sluice_catalog_kind_to_string (kind), sluice_catalog_object_get_name (object),
                       sluice_catalog_object_get_identity (parent),
                       sluice_catalog_kind_to_string (sluice_catalog_object_get_kind (parent)));
          return FALSE;
        }
    }

  return TRUE;
}

static SluiceCatalog *
read_catalog (const char  *data,
              gsize        length,
              const char  *display_name,
              gboolean     track_positions,
              GError     **error)
{
  g_autoptr(SluiceCatalog) self = sluice_catalog_new ();
  g_autoptr(SluiceJsonReader) reader = NULL;
  g_autoptr(GError) reader_error = NULL;
  ReadContext context = { NULL, display_name };
  JsonNode *root_node;
  JsonObject *root;
  guint line = 0;
  guint column = 0;

  reader = sluice_json_reader_new_from_data_full (data, length, MAX_NESTING, track_positions,
                                                  &line, &column, &reader_error);
  if (reader == NULL)
    {
      set_invalid (error, display_name, line, "%s", reader_error->message);
      return NULL;
    }
  context.reader = reader;

  root_node = sluice_json_reader_get_root (reader);
  if (root_node == NULL)
    {
      set_invalid (error, display_name, 0, _("the file is empty"));
      return NULL;
    }
  if (!JSON_NODE_HOLDS_OBJECT (root_node))
    {
      set_invalid (error, display_name, 1, _("a schema snapshot is an object in braces"));
      return NULL;
    }

  root = json_node_get_object (root_node);
  if (!read_format (&context, root, error) ||
      !read_metadata (self, &context, root, error) ||
      !read_objects (self, &context, root, error))
    return NULL;

  return g_steal_pointer (&self);
}

SluiceCatalog *
sluice_catalog_new_from_data (const char  *data,
                              gsize        length,
                              const char  *file_name,
                              GError     **error)
{
  g_autoptr(GError) first_error = NULL;
  const char *display_name;
  SluiceCatalog *self;

  g_return_val_if_fail (data != NULL || length == 0, NULL);

  display_name = file_name != NULL ? file_name : _("The schema snapshot");
  if (data == NULL)
    data = "";

  /* Fast first; a refused file is read again noting positions, for the
   * line of its problem. */
  self = read_catalog (data, length, display_name, FALSE, &first_error);
  if (self != NULL)
    return self;

  self = read_catalog (data, length, display_name, TRUE, error);
  if (self != NULL)
    {
      /* Cannot happen: the same text gives the same answer. */
      g_object_unref (self);
      g_propagate_error (error, g_steal_pointer (&first_error));
      return NULL;
    }

  return NULL;
}

SluiceCatalog *
sluice_catalog_load_file (GFile   *file,
                          GError **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *path = NULL;
  gsize length = 0;

  g_return_val_if_fail (G_IS_FILE (file), NULL);

  path = g_file_get_parse_name (file);
  if (!g_file_load_contents (file, NULL, &contents, &length, NULL, &local_error))
    {
      gboolean missing = g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);

      g_set_error (error, SLUICE_ERROR, missing ? SLUICE_ERROR_NOT_FOUND : SLUICE_ERROR_FAILED,
                   _("The schema snapshot %s could not be read: %s. Nothing was changed."),
                   path, local_error->message);
      return NULL;
    }

  return sluice_catalog_new_from_data (contents, length, path, error);
}

static void
load_in_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  GError *error = NULL;
  SluiceCatalog *catalog;

  catalog = sluice_catalog_load_file (G_FILE (task_data), &error);
  if (catalog == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, catalog, g_object_unref);
}

void
sluice_catalog_load_file_async (GFile               *file,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (G_IS_FILE (file));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, sluice_catalog_load_file_async);
  g_task_set_task_data (task, g_object_ref (file), g_object_unref);
  g_task_run_in_thread (task, load_in_thread);
}

SluiceCatalog *
sluice_catalog_load_file_finish (GAsyncResult  *result,
                                 GError       **error)
{
  g_return_val_if_fail (G_IS_TASK (result), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == sluice_catalog_load_file_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
