/* sluice-stats-snapshot.c: index and table statistics saved to a file, to
 * see days after a migration whether its indexes are used
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "sluice-error.h"
#include "sluice-health-private.h"
#include "sluice-json-file.h"
#include "sluice-json-reader.h"
#include "sluice-stats-snapshot.h"

#define FORMAT_NAME "sluice-stats"

struct _SluiceStatsSnapshot
{
  GObject    parent_instance;

  char      *profile_id;
  char      *migration_version;
  GDateTime *taken_at;
  char      *database;
  char      *server_version;
  GDateTime *stats_reset;
  GPtrArray *indexes;   /* SluiceIndexStat */
  GPtrArray *tables;    /* SluiceTableStat */
};

G_DEFINE_FINAL_TYPE (SluiceStatsSnapshot, sluice_stats_snapshot, G_TYPE_OBJECT)

#define ISO_UTC(expr) "to_char((" expr ") AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"')"

static const char * const capture_statements[] = {
  "SELECT current_database(), current_setting('server_version'),"
  "       " ISO_UTC ("now()") ","
  "       " ISO_UTC ("coalesce(d.stats_reset, pg_postmaster_start_time())")
  "  FROM pg_stat_database d"
  " WHERE d.datname = current_database()",

  "SELECT schemaname, relname, indexrelname, idx_scan, idx_tup_read, idx_tup_fetch,"
  "       pg_relation_size(indexrelid)"
  "  FROM pg_stat_user_indexes"
  " ORDER BY schemaname, indexrelname",

  "SELECT schemaname, relname, seq_scan, seq_tup_read, coalesce(idx_scan, 0),"
  "       n_live_tup, n_dead_tup, n_tup_ins, n_tup_upd, n_tup_del,"
  "       pg_total_relation_size(relid)"
  "  FROM pg_stat_user_tables"
  " ORDER BY schemaname, relname",

  NULL
};

static void
index_stat_free (SluiceIndexStat *stat)
{
  g_free (stat->schema);
  g_free (stat->table);
  g_free (stat->name);
  g_free (stat);
}

static void
table_stat_free (SluiceTableStat *stat)
{
  g_free (stat->schema);
  g_free (stat->name);
  g_free (stat);
}

static void
usage_change_free (SluiceIndexUsageChange *change)
{
  g_free (change->schema);
  g_free (change->table);
  g_free (change->name);
  g_free (change);
}

/* Capture ------------------------------------------------------------------ */

static gboolean
fill_from_results (SluiceStatsSnapshot  *self,
                   GPtrArray            *results,
                   GError              **error)
{
  SluiceResult *facts = g_ptr_array_index (results, 0);
  SluiceResult *indexes = g_ptr_array_index (results, 1);
  SluiceResult *tables = g_ptr_array_index (results, 2);

  if (sluice_result_get_n_rows (facts) != 1)
    {
      g_set_error (error, SLUICE_ERROR, SLUICE_ERROR_FAILED,
                   _("The server has no statistics row for this database in pg_stat_database"));
      return FALSE;
    }

  self->database = g_strdup (sluice_result_get_value (facts, 0, 0));
  self->server_version = g_strdup (sluice_result_get_value (facts, 0, 1));
  self->taken_at = sluice_health_parse_timestamp (sluice_result_get_value (facts, 0, 2));
  self->stats_reset = sluice_health_parse_timestamp (sluice_result_get_value (facts, 0, 3));

  for (int row = 0; row < sluice_result_get_n_rows (indexes); row++)
    {
      SluiceIndexStat *stat = g_new0 (SluiceIndexStat, 1);

      stat->schema = g_strdup (sluice_result_get_value (indexes, row, 0));
      stat->table = g_strdup (sluice_result_get_value (indexes, row, 1));
      stat->name = g_strdup (sluice_result_get_value (indexes, row, 2));
      stat->scans = sluice_result_get_int64 (indexes, row, 3);
      stat->tuples_read = sluice_result_get_int64 (indexes, row, 4);
      stat->tuples_fetched = sluice_result_get_int64 (indexes, row, 5);
      stat->size_bytes = sluice_result_get_int64 (indexes, row, 6);
      g_ptr_array_add (self->indexes, stat);
    }

  for (int row = 0; row < sluice_result_get_n_rows (tables); row++)
    {
      SluiceTableStat *stat = g_new0 (SluiceTableStat, 1);

      stat->schema = g_strdup (sluice_result_get_value (tables, row, 0));
      stat->name = g_strdup (sluice_result_get_value (tables, row, 1));
      stat->seq_scans = sluice_result_get_int64 (tables, row, 2);
      stat->seq_tuples_read = sluice_result_get_int64 (tables, row, 3);
      stat->index_scans = sluice_result_get_int64 (tables, row, 4);
      stat->live_tuples = sluice_result_get_int64 (tables, row, 5);
      stat->dead_tuples = sluice_result_get_int64 (tables, row, 6);
      stat->inserts = sluice_result_get_int64 (tables, row, 7);
      stat->updates = sluice_result_get_int64 (tables, row, 8);
      stat->deletes = sluice_result_get_int64 (tables, row, 9);
      stat->total_bytes = sluice_result_get_int64 (tables, row, 10);
      g_ptr_array_add (self->tables, stat);
    }

  return TRUE;
}

static void
capture_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(SluiceStatsSnapshot) self = g_object_new (SLUICE_TYPE_STATS_SNAPSHOT, NULL);
  g_autoptr(GPtrArray) results = NULL;
  GError *error = NULL;

  results = sluice_connection_pipeline_finish (SLUICE_CONNECTION (object), result, &error);
  if (results == NULL)
    {
      g_prefix_error (&error, _("Could not read the statistics for a snapshot: "));
      g_task_return_error (task, error);
      return;
    }

  if (!fill_from_results (self, results, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  g_task_return_pointer (task, g_steal_pointer (&self), g_object_unref);
}

void
sluice_stats_snapshot_capture_async (SluiceConnection    *connection,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (SLUICE_IS_CONNECTION (connection));

  task = g_task_new (connection, cancellable, callback, user_data);
  g_task_set_source_tag (task, sluice_stats_snapshot_capture_async);
  sluice_connection_pipeline_async (connection, capture_statements, cancellable,
                                    capture_cb, g_steal_pointer (&task));
}

SluiceStatsSnapshot *
sluice_stats_snapshot_capture_finish (GAsyncResult  *result,
                                      GError       **error)
{
  g_return_val_if_fail (G_IS_TASK (result), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == sluice_stats_snapshot_capture_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Writing ------------------------------------------------------------------ */

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
add_string_or_null (JsonBuilder *builder,
                    const char  *member,
                    const char  *value)
{
  json_builder_set_member_name (builder, member);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

static void
add_int (JsonBuilder *builder,
         const char  *member,
         gint64       value)
{
  json_builder_set_member_name (builder, member);
  json_builder_add_int_value (builder, value);
}

char *
sluice_stats_snapshot_to_data (SluiceStatsSnapshot *self,
                               gsize               *length)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *taken_at = NULL;
  g_autofree char *stats_reset = NULL;
  g_autofree char *text = NULL;

  g_return_val_if_fail (SLUICE_IS_STATS_SNAPSHOT (self), NULL);

  taken_at = format_time (self->taken_at);
  stats_reset = format_time (self->stats_reset);

  json_builder_begin_object (builder);
  add_string_or_null (builder, "format", FORMAT_NAME);
  add_int (builder, "format_version", SLUICE_STATS_SNAPSHOT_FORMAT_VERSION);
  add_string_or_null (builder, "taken_at", taken_at);
  add_string_or_null (builder, "profile_id", self->profile_id);
  add_string_or_null (builder, "migration_version", self->migration_version);
  add_string_or_null (builder, "database", self->database);
  add_string_or_null (builder, "server_version", self->server_version);
  add_string_or_null (builder, "stats_reset", stats_reset);

  json_builder_set_member_name (builder, "indexes");
  json_builder_begin_array (builder);
  for (guint i = 0; i < self->indexes->len; i++)
    {
      SluiceIndexStat *stat = g_ptr_array_index (self->indexes, i);

      json_builder_begin_object (builder);
      add_string_or_null (builder, "schema", stat->schema);
      add_string_or_null (builder, "table", stat->table);
      add_string_or_null (builder, "name", stat->name);
      add_int (builder, "scans", stat->scans);
      add_int (builder, "tuples_read", stat->tuples_read);
      add_int (builder, "tuples_fetched", stat->tuples_fetched);
      add_int (builder, "size_bytes", stat->size_bytes);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "tables");
  json_builder_begin_array (builder);
  for (guint i = 0; i < self->tables->len; i++)
    {
      SluiceTableStat *stat = g_ptr_array_index (self->tables, i);

      json_builder_begin_object (builder);
      add_string_or_null (builder, "schema", stat->schema);
      add_string_or_null (builder, "name", stat->name);
      add_int (builder, "seq_scans", stat->seq_scans);
      add_int (builder, "seq_tuples_read", stat->seq_tuples_read);
      add_int (builder, "index_scans", stat->index_scans);
      add_int (builder, "live_tuples", stat->live_tuples);
      add_int (builder, "dead_tuples", stat->dead_tuples);
      add_int (builder, "inserts", stat->inserts);
      add_int (builder, "updates", stat->updates);
      add_int (builder, "deletes", stat->deletes);
      add_int (builder, "total_bytes", stat->total_bytes);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  json_generator_set_indent (generator, 2);
  text = json_generator_to_data (generator, NULL);

  /* A text file ends with a newline. */
  {
    char *data = g_strconcat (text, "\n", NULL);

    if (length != NULL)
      *length = strlen (data);
    return data;
  }
}

gboolean
sluice_stats_snapshot_save_file (SluiceStatsSnapshot  *self,
                                 GFile                *file,
                                 GError              **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *data = NULL;
  gboolean folder_failed;
  gsize length;

  g_return_val_if_fail (SLUICE_IS_STATS_SNAPSHOT (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  data = sluice_stats_snapshot_to_data (self, &length);
  if (!sluice_json_file_save (file, data, length, &folder_failed, &local_error))
    {
      g_autofree char *path = g_file_get_parse_name (file);

      if (folder_failed)
        g_set_error (error, SLUICE_ERROR, SLUICE_ERROR_FAILED,
                     _("The statistics snapshot was not saved to %s: %s. Nothing was written."),
                     path, local_error->message);
      else
        g_set_error (error, SLUICE_ERROR, SLUICE_ERROR_FAILED,
                     _("The statistics snapshot was not saved to %s: %s. Any previous file there is unchanged."),
                     path, local_error->message);
      return FALSE;
    }

  return TRUE;
}

/* Reading ------------------------------------------------------------------ */

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
                 _("%s line %u: %s. The statistics snapshot was not used and nothing was changed; "
                   "take a new snapshot, or correct the file in a text editor."),
                 display_name, line, detail);
  else
    g_set_error (error, SLUICE_ERROR, SLUICE_ERROR_INVALID_INPUT,
                 _("%s: %s. The statistics snapshot was not used and nothing was changed; "
                   "take a new snapshot, or correct the file in a text editor."),
                 display_name, detail);
}

static gboolean
read_string (ReadContext  *context,
             JsonObject   *object,
             const char   *member,
             gboolean      nullable,
             char        **value,
             GError      **error)
{
  JsonNode *node = json_object_get_member (object, member);
  guint line = sluice_json_reader_get_member_line (context->reader, object, member);

  if (node == NULL)
    {
      set_invalid (error, context->display_name,
                   sluice_json_reader_get_object_line (context->reader, object),
                   _("the member “%s” is missing"), member);
      return FALSE;
    }

  if (JSON_NODE_HOLDS_NULL (node) && nullable)
    {
      *value = NULL;
      return TRUE;
    }

  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    {
      set_invalid (error, context->display_name, line,
                   nullable ? _("“%s” must be text in double quotes, or null")
                            : _("“%s” must be text in double quotes"),
                   member);
      return FALSE;
    }

  if (!nullable && json_node_get_string (node)[0] == '\0')
    {
      set_invalid (error, context->display_name, line, _("“%s” must not be empty"), member);
      return FALSE;
    }

  *value = g_strdup (json_node_get_string (node));
  return TRUE;
}

static gboolean
read_count (ReadContext  *context,
            JsonObject   *object,
            const char   *member,
            gint64       *value,
            GError      **error)
{
  JsonNode *node = json_object_get_member (object, member);
  guint line = sluice_json_reader_get_member_line (context->reader, object, member);

  if (node == NULL)
    {
      set_invalid (error, context->display_name,
                   sluice_json_reader_get_object_line (context->reader, object),
                   _("the member “%s” is missing"), member);
      return FALSE;
    }

  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64)
    {
      set_invalid (error, context->display_name, line, _("“%s” must be a whole number"), member);
      return FALSE;
    }

  *value = json_node_get_int (node);
  if (*value < 0)
    {
      set_invalid (error, context->display_name, line,
                   _("“%s” is %lld, but a count cannot be negative"), member, (long long) *value);
      return FALSE;
    }

  return TRUE;
}

static gboolean
read_time (ReadContext  *context,
           JsonObject   *object,
           const char   *member,
           gboolean      nullable,
           GDateTime   **value,
           GError      **error)
{
  g_autoptr(GDateTime) parsed = NULL;
  g_autofree char *text = NULL;

  if (!read_string (context, object, member, nullable, &text, error))
    return FALSE;

  if (text == NULL)
    {
      *value = NULL;
      return TRUE;
    }

  /* Kept in UTC, as written back; a time whose UTC falls outside years
   * 1 to 9999 cannot be kept. */
  parsed = g_date_time_new_from_iso8601 (text, NULL);
  *value = parsed != NULL ? g_date_time_to_utc (parsed) : NULL;
  if (*value == NULL)
    {
      set_invalid (error, context->display_name,
                   sluice_json_reader_get_member_line (context->reader, object, member),
                   _("“%s” must be a date and time such as 2024-05-01T10:00:00Z"), member);
      return FALSE;
    }

  return TRUE;
}

static JsonArray *
read_array (ReadContext  *context,
            JsonObject   *object,
            const char   *member,
            GError      **error)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL)
    {
      set_invalid (error, context->display_name,
                   sluice_json_reader_get_object_line (context->reader, object),
                   _("the member “%s” is missing"), member);
      return NULL;
    }

  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      set_invalid (error, context->display_name,
                   sluice_json_reader_get_member_line (context->reader, object, member),
                   _("“%s” must be a list in square brackets"), member);
      return NULL;
    }

  return json_node_get_array (node);
}

static JsonObject *
element_object (ReadContext  *context,
                JsonArray    *array,
                guint         index,
                const char   *what,
                GError      **error)
{
  JsonNode *node = json_array_get_element (array, index);

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      set_invalid (error, context->display_name,
                   sluice_json_reader_get_element_line (context->reader, array, index),
                   /* Translators: "index #3 is not an object in braces" */
                   _("%s #%u is not an object in braces"), what, index + 1);
      return NULL;
    }

  return json_node_get_object (node);
}

static gboolean
read_indexes (SluiceStatsSnapshot  *self,
              ReadContext          *context,
              JsonArray            *array,
              GError              **error)
{
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *object = element_object (context, array, i, _("index"), error);
      SluiceIndexStat *stat;
      char *key;

      if (object == NULL)
        return FALSE;

      stat = g_new0 (SluiceIndexStat, 1);
      g_ptr_array_add (self->indexes, stat);
      if (!read_string (context, object, "schema", FALSE, &stat->schema, error)
          || !read_string (context, object, "table", FALSE, &stat->table, error)
          || !read_string (context, object, "name", FALSE, &stat->name, error)
          || !read_count (context, object, "scans", &stat->scans, error)
          || !read_count (context, object, "tuples_read", &stat->tuples_read, error)
          || !read_count (context, object, "tuples_fetched", &stat->tuples_fetched, error)
          || !read_count (context, object, "size_bytes", &stat->size_bytes, error))
        return FALSE;

      /* Index names are unique per schema: a second one would make the
       * comparison pick one at random. */
      key = g_strdup_printf ("%s\n%s", stat->schema, stat->name);
      if (!g_hash_table_add (seen, key))
        {
          set_invalid (error, context->display_name,
                       sluice_json_reader_get_object_line (context->reader, object),
                       _("index %s.%s is listed twice"), stat->schema, stat->name);
          return FALSE;
        }
    }

  return TRUE;
}

static gboolean
read_tables (SluiceStatsSnapshot  *self,
             ReadContext          *context,
             JsonArray            *array,
             GError              **error)
{
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *object = element_object (context, array, i, _("table"), error);
      SluiceTableStat *stat;

      if (object == NULL)
        return FALSE;

      stat = g_new0 (SluiceTableStat, 1);
      g_ptr_array_add (self->tables, stat);
      if (!read_string (context, object, "schema", FALSE, &stat->schema, error)
          || !read_string (context, object, "name", FALSE, &stat->name, error)
          || !read_count (context, object, "seq_scans", &stat->seq_scans, error)
          || !read_count (context, object, "seq_tuples_read", &stat->seq_tuples_read, error)
          || !read_count (context, object, "index_scans", &stat->index_scans, error)
          || !read_count (context, object, "live_tuples", &stat->live_tuples, error)
          || !read_count (context, object, "dead_tuples", &stat->dead_tuples, error)
          || !read_count (context, object, "inserts", &stat->inserts, error)
          || !read_count (context, object, "updates", &stat->updates, error)
          || !read_count (context, object, "deletes", &stat->deletes, error)
          || !read_count (context, object, "total_bytes", &stat->total_bytes, error))
        return FALSE;
    }

  return TRUE;
}

static gboolean
read_format (ReadContext  *context,
             JsonObject   *root,
             GError      **error)
{
  g_autofree char *format = NULL;
  gint64 version;

  if (!read_string (context, root, "format", FALSE, &format, error))
    return FALSE;

  if (g_strcmp0 (format, FORMAT_NAME) != 0)
    {
      set_invalid (error, context->display_name,
                   sluice_json_reader_get_member_line (context->reader, root, "format"),
                   _("“format” is “%s”, not “%s”: this is not a Sluice statistics snapshot"),
                   format, FORMAT_NAME);
      return FALSE;
    }

  if (!read_count (context, root, "format_version", &version, error))
    return FALSE;

  if (version > SLUICE_STATS_SNAPSHOT_FORMAT_VERSION)
    {
      set_invalid (error, context->display_name,
                   sluice_json_reader_get_member_line (context->reader, root, "format_version"),
                   _("the snapshot was written by a newer Sluice (format version %lld; this "
                     "Sluice reads version %d); update Sluice to read it"),
                   (long long) version, SLUICE_STATS_SNAPSHOT_FORMAT_VERSION);
      return FALSE;
    }

  if (version < 1)
    {
      set_invalid (error, context->display_name,
                   sluice_json_reader_get_member_line (context->reader, root, "format_version"),
                   _("“format_version” is %lld, which no Sluice writes"), (long long) version);
      return FALSE;
    }

  return TRUE;
}

SluiceStatsSnapshot *
sluice_stats_snapshot_new_from_data (const char  *data,
                                     gsize        length,
                                     const char  *file_name,
                                     GError     **error)
{
  g_autoptr(SluiceStatsSnapshot) self = NULL;
  g_autoptr(SluiceJsonReader) reader = NULL;
  g_autoptr(GError) reader_error = NULL;
  ReadContext context;
  JsonNode *root_node;
  JsonObject *root;
  JsonArray *indexes;
  JsonArray *tables;
  guint line = 0;
  guint column = 0;

  g_return_val_if_fail (data != NULL || length == 0, NULL);

  context.display_name = file_name != NULL ? file_name : _("The statistics snapshot");

  reader = sluice_json_reader_new_from_data (data != NULL ? data : "", length, &line, &column, &reader_error);
  if (reader == NULL)
    {
      set_invalid (error, context.display_name, line, "%s", reader_error->message);
      return NULL;
    }
  context.reader = reader;

  root_node = sluice_json_reader_get_root (reader);
  if (root_node == NULL || !JSON_NODE_HOLDS_OBJECT (root_node))
    {
      set_invalid (error, context.display_name, root_node != NULL ? 1 : 0,
                   _("the file must hold one object in braces, with “format”, “format_version”, “indexes” and “tables”"));
      return NULL;
    }
  root = json_node_get_object (root_node);

  if (!read_format (&context, root, error))
    return NULL;

  self = g_object_new (SLUICE_TYPE_STATS_SNAPSHOT, NULL);
  if (!read_time (&context, root, "taken_at", FALSE, &self->taken_at, error)
      || !read_string (&context, root, "profile_id", TRUE, &self->profile_id, error)
      || !read_string (&context, root, "migration_version", TRUE, &self->migration_version, error)
      || !read_string (&context, root, "database", FALSE, &self->database, error)
      || !read_string (&context, root, "server_version", TRUE, &self->server_version, error)
      || !read_time (&context, root, "stats_reset", TRUE, &self->stats_reset, error))
    return NULL;

  if ((indexes = read_array (&context, root, "indexes", error)) == NULL
      || !read_indexes (self, &context, indexes, error))
    return NULL;

  if ((tables = read_array (&context, root, "tables", error)) == NULL
      || !read_tables (self, &context, tables, error))
    return NULL;

  return g_steal_pointer (&self);
}

SluiceStatsSnapshot *
sluice_stats_snapshot_load_file (GFile   *file,
                                 GError **error)
{
  g_autofree char *data = NULL;
  g_autofree char *display_name = NULL;
  g_autoptr(GError) local_error = NULL;
  gsize length;

  g_return_val_if_fail (G_IS_FILE (file), NULL);

  display_name = g_file_get_parse_name (file);
  if (!g_file_load_contents (file, NULL, &data, &length, NULL, &local_error))
    {
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
        g_set_error (error, SLUICE_ERROR, SLUICE_ERROR_NOT_FOUND,
                     _("There is no statistics snapshot %s"), display_name);
      else
        g_set_error (error, SLUICE_ERROR, SLUICE_ERROR_FAILED,
                     _("Could not read the statistics snapshot %s: %s"), display_name,
                     local_error->message);
      return NULL;
    }

  return sluice_stats_snapshot_new_from_data (data, length, display_name, error);
}

/* Where snapshots live ----------------------------------------------------- */

static char *
file_name_part (const char *text)
{
  GString *part = g_string_new (NULL);

  for (const char *p = text != NULL ? text : ""; *p != '\0'; p++)
    g_string_append_c (part, g_ascii_isalnum (*p) || *p == '.' || *p == '_' || *p == '-' ? *p : '_');

  /* "", "." and ".." would name the folder itself or its parent. */
  if (part->len == 0 || strcmp (part->str, ".") == 0 || strcmp (part->str, "..") == 0)
    g_string_prepend_c (part, '_');

  return g_string_free (part, FALSE);
}

GFile *
sluice_stats_snapshot_file_for (const char *profile_id,
                                const char *version)
{
  g_autofree char *profile_part = file_name_part (profile_id);
  g_autofree char *version_part = file_name_part (version);
  g_autofree char *file_name = g_strconcat (version_part, ".json", NULL);
  g_autofree char *path = NULL;

  path = g_build_filename (g_get_user_data_dir (), "sluice", "stats", profile_part, file_name, NULL);
  return g_file_new_for_path (path);
}

SluiceStatsSnapshot *
sluice_stats_snapshot_load_for (const char  *profile_id,
                                const char  *version,
                                GError     **error)
{
  g_autoptr(GFile) file = NULL;

  g_return_val_if_fail (profile_id != NULL, NULL);
  g_return_val_if_fail (version != NULL, NULL);

  file = sluice_stats_snapshot_file_for (profile_id, version);
  return sluice_stats_snapshot_load_file (file, error);
}

typedef struct
{
  char *profile_id;
  char *version;
} SaveData;

static void
save_data_free (SaveData *data)
{
  g_free (data->profile_id);
  g_free (data->version);
  g_free (data);
}

static void
save_after_migration_cb (GObject      *object,
                         GAsyncResult *result,
                         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SaveData *data = g_task_get_task_data (task);
  g_autoptr(SluiceStatsSnapshot) snapshot = NULL;
  g_autoptr(GFile) file = NULL;
  GError *error = NULL;

  snapshot = sluice_stats_snapshot_capture_finish (result, &error);
  if (snapshot == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  sluice_stats_snapshot_set_origin (snapshot, data->profile_id, data->version);
  file = sluice_stats_snapshot_file_for (data->profile_id, data->version);
  if (!sluice_stats_snapshot_save_file (snapshot, file, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  g_task_return_pointer (task, g_steal_pointer (&file), g_object_unref);
}

void
sluice_stats_snapshot_save_after_migration_async (SluiceConnection    *connection,
                                                  const char          *profile_id,
                                                  const char          *version,
                                                  GCancellable        *cancellable,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  SaveData *data;

  g_return_if_fail (SLUICE_IS_CONNECTION (connection));
  g_return_if_fail (profile_id != NULL);
  g_return_if_fail (version != NULL);

  task = g_task_new (connection, cancellable, callback, user_data);
  g_task_set_source_tag (task, sluice_stats_snapshot_save_after_migration_async);
  data = g_new0 (SaveData, 1);
  data->profile_id = g_strdup (profile_id);
  data->version = g_strdup (version);
  g_task_set_task_data (task, data, (GDestroyNotify) save_data_free);

  sluice_stats_snapshot_capture_async (connection, cancellable,
                                       save_after_migration_cb, g_steal_pointer (&task));
}

GFile *
sluice_stats_snapshot_save_after_migration_finish (GAsyncResult  *result,
                                                   GError       **error)
{
  g_return_val_if_fail (G_IS_TASK (result), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == sluice_stats_snapshot_save_after_migration_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Accessors ---------------------------------------------------------------- */

const char *
sluice_stats_snapshot_get_profile_id (SluiceStatsSnapshot *self)
{
  g_return_val_if_fail (SLUICE_IS_STATS_SNAPSHOT (self), NULL);
  return self->profile_id;
}

const char *
sluice_stats_snapshot_get_migration_version (SluiceStatsSnapshot *self)
{
  g_return_val_if_fail (SLUICE_IS_STATS_SNAPSHOT (self), NULL);
  return self->migration_version;
}

void
sluice_stats_snapshot_set_origin (SluiceStatsSnapshot *self,
                                  const char          *profile_id,
                                  const char          *migration_version)
{
  g_return_if_fail (SLUICE_IS_STATS_SNAPSHOT (self));

  g_free (self->profile_id);
  self->profile_id = g_strdup (profile_id);
  g_free (self->migration_version);
  self->migration_version = g_strdup (migration_version);
}

GDateTime *
sluice_stats_snapshot_get_taken_at (SluiceStatsSnapshot *self)
{
  g_return_val_if_fail (SLUICE_IS_STATS_SNAPSHOT (self), NULL);
  return self->taken_at;
}

const char *
sluice_stats_snapshot_get_database (SluiceStatsSnapshot *self)
{
  g_return_val_if_fail (SLUICE_IS_STATS_SNAPSHOT (self), NULL);
  return self->database;
}

const char *
sluice_stats_snapshot_get_server_version (SluiceStatsSnapshot *self)
{
  g_return_val_if_fail (SLUICE_IS_STATS_SNAPSHOT (self), NULL);
  return self->server_version;
}

GDateTime *
sluice_stats_snapshot_get_stats_reset (SluiceStatsSnapshot *self)
{
  g_return_val_if_fail (SLUICE_IS_STATS_SNAPSHOT (self), NULL);
  return self->stats_reset;
}

GPtrArray *
sluice_stats_snapshot_get_indexes (SluiceStatsSnapshot *self)
{
  g_return_val_if_fail (SLUICE_IS_STATS_SNAPSHOT (self), NULL);
  return self->indexes;
}

GPtrArray *
sluice_stats_snapshot_get_tables (SluiceStatsSnapshot *self)
{
  g_return_val_if_fail (SLUICE_IS_STATS_SNAPSHOT (self), NULL);
  return self->tables;
}

const SluiceIndexStat *
sluice_stats_snapshot_find_index (SluiceStatsSnapshot *self,
                                  const char          *schema,
                                  const char          *name)
{
  g_return_val_if_fail (SLUICE_IS_STATS_SNAPSHOT (self), NULL);

  for (guint i = 0; i < self->indexes->len; i++)
    {
      const SluiceIndexStat *stat = g_ptr_array_index (self->indexes, i);

      if (g_strcmp0 (stat->schema, schema) == 0 && g_strcmp0 (stat->name, name) == 0)
        return stat;
    }

  return NULL;
}

/* Comparison --------------------------------------------------------------- */

static gboolean
same_time (GDateTime *a,
           GDateTime *b)
{
  if (a == NULL || b == NULL)
    return a == b;
  return g_date_time_equal (a, b);
}

static SluiceIndexUsageChange *
usage_change_new (const SluiceIndexStat *stat,
                  SluiceIndexUsageState  state)
{
  SluiceIndexUsageChange *change = g_new0 (SluiceIndexUsageChange, 1);

  change->schema = g_strdup (stat->schema);
  change->table = g_strdup (stat->table);
  change->name = g_strdup (stat->name);
  change->state = state;
  change->scans_then = -1;
  change->scans_now = -1;
  return change;
}

static int
compare_changes (gconstpointer a,
                 gconstpointer b)
{
  const SluiceIndexUsageChange *change_a = *(SluiceIndexUsageChange **) a;
  const SluiceIndexUsageChange *change_b = *(SluiceIndexUsageChange **) b;
  int result = g_strcmp0 (change_a->schema, change_b->schema);

  return result != 0 ? result : g_strcmp0 (change_a->name, change_b->name);
}

GPtrArray *
sluice_stats_snapshot_compare (SluiceStatsSnapshot *then,
                               SluiceStatsSnapshot *now)
{
  GPtrArray *changes = g_ptr_array_new_with_free_func ((GDestroyNotify) usage_change_free);
  gboolean reset_between;

  g_return_val_if_fail (SLUICE_IS_STATS_SNAPSHOT (then), changes);
  g_return_val_if_fail (SLUICE_IS_STATS_SNAPSHOT (now), changes);

  reset_between = !same_time (then->stats_reset, now->stats_reset);

  for (guint i = 0; i < now->indexes->len; i++)
    {
      const SluiceIndexStat *stat_now = g_ptr_array_index (now->indexes, i);
      const SluiceIndexStat *stat_then = sluice_stats_snapshot_find_index (then, stat_now->schema, stat_now->name);
      SluiceIndexUsageChange *change;

      change = usage_change_new (stat_now, stat_then != NULL ? SLUICE_INDEX_USAGE_KEPT : SLUICE_INDEX_USAGE_NEW);
      change->scans_now = stat_now->scans;
      change->scans_since = stat_now->scans;
      if (stat_then != NULL)
        {
          change->scans_then = stat_then->scans;
          /* A counter that went down was reset even if stats_reset did
           * not move (pg_stat_reset_single_table_counters()). */
          change->reset_between = reset_between || stat_now->scans < stat_then->scans;
          if (!change->reset_between)
            change->scans_since = stat_now->scans - stat_then->scans;
        }
      g_ptr_array_add (changes, change);
    }

  for (guint i = 0; i < then->indexes->len; i++)
    {
      const SluiceIndexStat *stat_then = g_ptr_array_index (then->indexes, i);
      SluiceIndexUsageChange *change;

      if (sluice_stats_snapshot_find_index (now, stat_then->schema, stat_then->name) != NULL)
        continue;

      change = usage_change_new (stat_then, SLUICE_INDEX_USAGE_DROPPED);
      change->scans_then = stat_then->scans;
      change->scans_since = 0;
      g_ptr_array_add (changes, change);
    }

  g_ptr_array_sort (changes, compare_changes);
  return changes;
}

char *
sluice_index_usage_change_describe (const SluiceIndexUsageChange *change)
{
  g_autofree char *name = NULL;
  g_autofree char *count = NULL;
  gulong plural;

  g_return_val_if_fail (change != NULL, NULL);

  name = g_strdup_printf ("%s.%s", change->schema, change->name);
  count = g_strdup_printf ("%" G_GINT64_FORMAT, change->scans_since);
  plural = (gulong) MIN (change->scans_since, (gint64) G_MAXULONG);

  switch (change->state)
    {
    case SLUICE_INDEX_USAGE_DROPPED:
      return g_strdup_printf (_("Since this snapshot: index %s was dropped."), name);

    case SLUICE_INDEX_USAGE_NEW:
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           "Since this snapshot: index %s was created, and scanned %s time so far.",
                                           "Since this snapshot: index %s was created, and scanned %s times so far.",
                                           plural),
                              name, count);

    case SLUICE_INDEX_USAGE_KEPT:
    default:
      break;
    }

  if (change->reset_between)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                         "Since this snapshot the statistics were reset: index %s was scanned %s time since the reset.",
                                         "Since this snapshot the statistics were reset: index %s was scanned %s times since the reset.",
                                         plural),
                            name, count);

  if (change->scans_since == 0)
    return g_strdup_printf (_("Since this snapshot: index %s was not scanned once."), name);

  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "Since this snapshot: index %s was scanned %s time.",
                                       "Since this snapshot: index %s was scanned %s times.",
                                       plural),
                          name, count);
}

static void
sluice_stats_snapshot_finalize (GObject *object)
{
  SluiceStatsSnapshot *self = SLUICE_STATS_SNAPSHOT (object);

  g_clear_pointer (&self->profile_id, g_free);
  g_clear_pointer (&self->migration_version, g_free);
  g_clear_pointer (&self->taken_at, g_date_time_unref);
  g_clear_pointer (&self->database, g_free);
  g_clear_pointer (&self->server_version, g_free);
  g_clear_pointer (&self->stats_reset, g_date_time_unref);
  g_clear_pointer (&self->indexes, g_ptr_array_unref);
  g_clear_pointer (&self->tables, g_ptr_array_unref);

  G_OBJECT_CLASS (sluice_stats_snapshot_parent_class)->finalize (object);
}

static void
sluice_stats_snapshot_class_init (SluiceStatsSnapshotClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = sluice_stats_snapshot_finalize;
}

static void
sluice_stats_snapshot_init (SluiceStatsSnapshot *self)
{
  self->indexes = g_ptr_array_new_with_free_func ((GDestroyNotify) index_stat_free);
  self->tables = g_ptr_array_new_with_free_func ((GDestroyNotify) table_stat_free);
}
