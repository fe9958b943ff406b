/* sluice-health.c: the index and table health of one database, read in one
 * round trip, and the index actions
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "sluice-error.h"
#include "sluice-health.h"
#include "sluice-health-private.h"

struct _SluiceHealth
{
  GObject     parent_instance;

  char       *database;
  GDateTime  *stats_reset;
  gboolean    stats_reset_is_server_start;
  GListStore *indexes;
  GListStore *tables;
  GListStore *foreign_keys;
  gint64      round_trip_us;
};

G_DEFINE_FINAL_TYPE (SluiceHealth, sluice_health, G_TYPE_OBJECT)

#define ISO_UTC(expr) "to_char((" expr ") AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"')"

/* One pipeline: the page costs one round trip, and the statistics views
 * are read in one transaction, so they agree with each other. */
static const char * const health_statements[] = {
  "SELECT current_database(),"
  "       " ISO_UTC ("coalesce(d.stats_reset, pg_postmaster_start_time())") ","
  "       d.stats_reset IS NULL,"
  "       current_setting('block_size')::int"
  "  FROM pg_stat_database d"
  " WHERE d.datname = current_database()",

  /* Each column of each index: what it is, and its statistics (from the
   * table's column, or, for an expression, from the index itself). */
  "SELECT s.indexrelid, s.relid, s.schemaname, s.relname, s.indexrelname,"
  "       pg_get_indexdef(s.indexrelid), am.amname,"
  "       pg_get_expr(i.indpred, i.indrelid, true),"
  "       con.conname,"
  "       pg_relation_size(s.indexrelid),"
  "       s.idx_scan, s.idx_tup_read, s.idx_tup_fetch,"
  "       i.indisunique, i.indisprimary, i.indisvalid,"
  "       EXISTS (SELECT 1 FROM pg_stat_progress_create_index p"
  "                WHERE p.relid = i.indrelid"
  "                  AND p.command IN ('CREATE INDEX CONCURRENTLY', 'REINDEX CONCURRENTLY')"
  "                  AND (p.index_relid IN (0, i.indexrelid) OR ic.relname ~ '_ccnew[0-9]*$')),"
  "       i.indnkeyatts,"
  "       CASE WHEN ic.reltuples >= 0 THEN ic.reltuples"
  "            WHEN tc.reltuples >= 0 AND i.indpred IS NULL THEN tc.reltuples"
  "            ELSE -1 END,"
  "       coalesce((SELECT o.option_value::int FROM pg_options_to_table(ic.reloptions) o"
  "                  WHERE o.option_name = 'fillfactor'), 0),"
  "       (SELECT json_agg(json_build_object("
  "                 'definition', pg_get_indexdef(i.indexrelid, k.n, true),"
  "                 'opclass', (i.indclass::oid[])[k.n - 1]::bigint,"
  "                 'collation', (i.indcollation::oid[])[k.n - 1]::bigint,"
  "                 'option', (i.indoption::int2[])[k.n - 1],"
  "                 'avg_width', st.avg_width,"
  "                 'null_frac', st.null_frac,"
  "                 'is_name', coalesce(ta.atttypid, ia.atttypid) = 'pg_catalog.name'::regtype)"
  "                 ORDER BY k.n)"
  "          FROM generate_series(1, i.indnatts) AS k (n)"
  "          LEFT JOIN pg_attribute ia ON ia.attrelid = i.indexrelid AND ia.attnum = k.n"
  "          LEFT JOIN pg_attribute ta ON ta.attrelid = i.indrelid"
  "                                   AND ta.attnum = (i.indkey::int2[])[k.n - 1]"
  "                                   AND ta.attnum > 0"
  "          LEFT JOIN pg_stats st ON NOT st.inherited AND st.schemaname = s.schemaname"
  "                               AND ((ta.attname IS NOT NULL AND st.tablename = s.relname AND st.attname = ta.attname)"
  "                                 OR (ta.attname IS NULL AND st.tablename = s.indexrelname AND st.attname = ia.attname)))"
  "  FROM pg_stat_user_indexes s"
  "  JOIN pg_index i ON i.indexrelid = s.indexrelid"
  "  JOIN pg_class ic ON ic.oid = s.indexrelid"
  "  JOIN pg_class tc ON tc.oid = s.relid"
  "  JOIN pg_am am ON am.oid = ic.relam"
  "  LEFT JOIN pg_constraint con ON con.conindid = s.indexrelid AND con.contype IN ('p', 'u', 'x')"
  " ORDER BY s.schemaname, s.relname, s.indexrelname",

  "SELECT s.relid, s.schemaname, s.relname,"
  "       pg_table_size(s.relid) - coalesce(pg_total_relation_size(c.reltoastrelid), 0),"
  "       pg_indexes_size(s.relid),"
  "       coalesce(pg_total_relation_size(c.reltoastrelid), 0),"
  "       s.n_live_tup, s.n_dead_tup,"
  "       " ISO_UTC ("s.last_vacuum") ", " ISO_UTC ("s.last_autovacuum") ","
  "       " ISO_UTC ("s.last_analyze") ", " ISO_UTC ("s.last_autoanalyze") ","
  "       s.seq_scan, s.seq_tup_read, coalesce(s.idx_scan, 0), coalesce(s.idx_tup_fetch, 0),"
  "       s.n_tup_ins, s.n_tup_upd, s.n_tup_hot_upd, s.n_tup_del, s.n_mod_since_analyze,"
  "       s.vacuum_count, s.autovacuum_count, s.analyze_count, s.autoanalyze_count"
  "  FROM pg_stat_user_tables s"
  "  JOIN pg_class c ON c.oid = s.relid"
  " ORDER BY s.schemaname, s.relname",

  /* A foreign key is covered when some valid, non-partial index has its
   * columns, in any order, as its leading key columns. */
  "SELECT n.nspname, t.relname, c.conname,"
  "       (SELECT json_agg(a.attname ORDER BY k.ord)"
  "          FROM unnest(c.conkey) WITH ORDINALITY AS k (attnum, ord)"
  "          JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.attnum),"
  "       rn.nspname, rt.relname,"
  "       pg_relation_size(t.oid), greatest(t.reltuples, 0)::bigint"
  "  FROM pg_constraint c"
  "  JOIN pg_class t ON t.oid = c.conrelid"
  "  JOIN pg_namespace n ON n.oid = t.relnamespace"
  "  JOIN pg_class rt ON rt.oid = c.confrelid"
  "  JOIN pg_namespace rn ON rn.oid = rt.relnamespace"
  " WHERE c.contype = 'f'"
  "   AND c.conparentid = 0"
  "   AND n.nspname NOT IN ('pg_catalog', 'information_schema')"
  "   AND n.nspname !~ '^pg_toast'"
  "   AND NOT EXISTS (SELECT 1 FROM pg_index i"
  "                    WHERE i.indrelid = c.conrelid"
  "                      AND i.indisvalid AND i.indpred IS NULL"
  "                      AND i.indnkeyatts >= cardinality(c.conkey)"
  "                      AND (i.indkey::int2[])[0:cardinality(c.conkey) - 1] @> c.conkey"
  "                      AND (i.indkey::int2[])[0:cardinality(c.conkey) - 1] <@ c.conkey)"
  " ORDER BY 1, 2, 3",

  NULL
};

enum { STATEMENT_FACTS, STATEMENT_INDEXES, STATEMENT_TABLES, STATEMENT_FOREIGN_KEYS };

GDateTime *
sluice_health_parse_timestamp (const char *text)
{
  if (text == NULL)
    return NULL;
  return g_date_time_new_from_iso8601 (text, NULL);
}

static char *
dup_value (SluiceResult *result,
           int           row,
           int           column)
{
  return g_strdup (sluice_result_get_value (result, row, column));
}

static double
member_double (JsonObject *object,
               const char *member)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node) || !JSON_NODE_HOLDS_VALUE (node))
    return 0;
  return json_node_get_double (node);
}

static gboolean
member_is_null (JsonObject *object,
                const char *member)
{
  JsonNode *node = json_object_get_member (object, member);

  return node == NULL || JSON_NODE_HOLDS_NULL (node);
}

/* The columns come as the server's own json_agg(): well formed, so a
 * failure to parse means the server is not one we know. */
static gboolean
parse_index_columns (SluiceIndexFacts  *facts,
                     const char        *json,
                     GError           **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonArray *array;

  if (json == NULL)
    return TRUE;

  if (!json_parser_load_from_data (parser, json, -1, error))
    return FALSE;

  if (!JSON_NODE_HOLDS_ARRAY (json_parser_get_root (parser)))
    {
      g_set_error (error, SLUICE_ERROR, SLUICE_ERROR_FAILED,
                   _("The server described the columns of index %s in an unexpected form"),
                   facts->name);
      return FALSE;
    }

  array = json_node_get_array (json_parser_get_root (parser));
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *object = json_array_get_object_element (array, i);
      SluiceIndexColumn *column;

      if (object == NULL)
        continue;

      column = sluice_index_column_new (json_object_get_string_member_with_default (object, "definition", ""));
      column->opclass = (guint32) member_double (object, "opclass");
      column->collation = (guint32) member_double (object, "collation");
      column->option = (int) member_double (object, "option");
      column->has_stats = !member_is_null (object, "avg_width");
      column->avg_width = member_double (object, "avg_width");
      column->null_frac = member_double (object, "null_frac");
      column->is_name_type = json_object_get_boolean_member_with_default (object, "is_name", FALSE);
      g_ptr_array_add (facts->columns, column);
    }

  return TRUE;
}

static gboolean
read_indexes (SluiceHealth  *self,
              SluiceResult  *result,
              int            block_size,
              GError       **error)
{
  g_autoptr(GPtrArray) infos = g_ptr_array_new_with_free_func (g_object_unref);

  for (int row = 0; row < sluice_result_get_n_rows (result); row++)
    {
      g_autoptr(SluiceIndexFacts) facts = sluice_index_facts_new ();

      facts->oid = (guint32) sluice_result_get_int64 (result, row, 0);
      facts->table_oid = (guint32) sluice_result_get_int64 (result, row, 1);
      facts->schema = dup_value (result, row, 2);
      facts->table = dup_value (result, row, 3);
      facts->name = dup_value (result, row, 4);
      facts->definition = dup_value (result, row, 5);
      facts->method = dup_value (result, row, 6);
      facts->predicate = dup_value (result, row, 7);
      facts->constraint_name = dup_value (result, row, 8);
      facts->size_bytes = sluice_result_get_int64 (result, row, 9);
      facts->scans = sluice_result_get_int64 (result, row, 10);
      facts->tuples_read = sluice_result_get_int64 (result, row, 11);
      facts->tuples_fetched = sluice_result_get_int64 (result, row, 12);
      facts->is_unique = sluice_result_get_boolean (result, row, 13);
      facts->is_primary = sluice_result_get_boolean (result, row, 14);
      facts->is_valid = sluice_result_get_boolean (result, row, 15);
      facts->is_building = sluice_result_get_boolean (result, row, 16);
      facts->n_key_columns = (guint) sluice_result_get_int64 (result, row, 17);
      facts->reltuples = g_ascii_strtod (sluice_result_get_value (result, row, 18), NULL);
      facts->fillfactor = (int) sluice_result_get_int64 (result, row, 19);
      facts->block_size = block_size;

      if (!parse_index_columns (facts, sluice_result_get_value (result, row, 20), error))
        return FALSE;

      g_ptr_array_add (infos, sluice_index_info_new_take_facts (g_steal_pointer (&facts)));
    }

  sluice_index_flags_apply (infos, self->stats_reset, self->stats_reset_is_server_start);
  g_list_store_splice (self->indexes, 0, 0, infos->pdata, infos->len);
  return TRUE;
}

static void
read_tables (SluiceHealth *self,
             SluiceResult *result)
{
  for (int row = 0; row < sluice_result_get_n_rows (result); row++)
    {
      SluiceTableFacts *facts = sluice_table_facts_new ();
      g_autoptr(SluiceTableHealth) table = NULL;

      facts->oid = (guint32) sluice_result_get_int64 (result, row, 0);
      facts->schema = dup_value (result, row, 1);
      facts->name = dup_value (result, row, 2);
      facts->heap_bytes = sluice_result_get_int64 (result, row, 3);
      facts->index_bytes = sluice_result_get_int64 (result, row, 4);
      facts->toast_bytes = sluice_result_get_int64 (result, row, 5);
      facts->live_tuples = sluice_result_get_int64 (result, row, 6);
      facts->dead_tuples = sluice_result_get_int64 (result, row, 7);
      facts->last_vacuum = sluice_health_parse_timestamp (sluice_result_get_value (result, row, 8));
      facts->last_autovacuum = sluice_health_parse_timestamp (sluice_result_get_value (result, row, 9));
      facts->last_analyze = sluice_health_parse_timestamp (sluice_result_get_value (result, row, 10));
      facts->last_autoanalyze = sluice_health_parse_timestamp (sluice_result_get_value (result, row, 11));
      facts->seq_scans = sluice_result_get_int64 (result, row, 12);
      facts->seq_tuples_read = sluice_result_get_int64 (result, row, 13);
      facts->index_scans = sluice_result_get_int64 (result, row, 14);
      facts->index_tuples_fetched = sluice_result_get_int64 (result, row, 15);
      facts->inserts = sluice_result_get_int64 (result, row, 16);
      facts->updates = sluice_result_get_int64 (result, row, 17);
      facts->hot_updates = sluice_result_get_int64 (result, row, 18);
      facts->deletes = sluice_result_get_int64 (result, row, 19);
      facts->modified_since_analyze = sluice_result_get_int64 (result, row, 20);
      facts->vacuum_count = sluice_result_get_int64 (result, row, 21);
      facts->autovacuum_count = sluice_result_get_int64 (result, row, 22);
      facts->analyze_count = sluice_result_get_int64 (result, row, 23);
      facts->autoanalyze_count = sluice_result_get_int64 (result, row, 24);

      table = sluice_table_health_new_take_facts (facts);
      g_list_store_append (self->tables, table);
    }
}

static GStrv
parse_name_list (const char *json)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonArray *array;

  if (json != NULL
      && json_parser_load_from_data (parser, json, -1, NULL)
      && JSON_NODE_HOLDS_ARRAY (json_parser_get_root (parser)))
    {
      array = json_node_get_array (json_parser_get_root (parser));
      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          const char *name = json_array_get_string_element (array, i);

          if (name != NULL)
            g_strv_builder_add (builder, name);
        }
    }

  return g_strv_builder_end (builder);
}

static void
read_foreign_keys (SluiceHealth *self,
                   SluiceResult *result)
{
  for (int row = 0; row < sluice_result_get_n_rows (result); row++)
    {
      g_auto(GStrv) columns = parse_name_list (sluice_result_get_value (result, row, 3));
      g_autoptr(SluiceUnindexedForeignKey) key = NULL;

      key = sluice_unindexed_foreign_key_new (sluice_result_get_value (result, row, 0),
                                              sluice_result_get_value (result, row, 1),
                                              sluice_result_get_value (result, row, 2),
                                              (const char * const *) columns,
                                              sluice_result_get_value (result, row, 4),
                                              sluice_result_get_value (result, row, 5),
                                              sluice_result_get_int64 (result, row, 6),
                                              sluice_result_get_int64 (result, row, 7));
      g_list_store_append (self->foreign_keys, key);
    }
}

static void
pipeline_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SluiceHealth *self = g_task_get_task_data (task);
  g_autoptr(GPtrArray) results = NULL;
  SluiceResult *facts;
  GError *error = NULL;
  int block_size;

  results = sluice_connection_pipeline_finish (SLUICE_CONNECTION (object), result, &error);
  if (results == NULL)
    {
      g_prefix_error (&error, _("Could not read the index statistics: "));
      g_task_return_error (task, error);
      return;
    }

  facts = g_ptr_array_index (results, STATEMENT_FACTS);
  if (sluice_result_get_n_rows (facts) != 1)
    {
      g_task_return_new_error (task, SLUICE_ERROR, SLUICE_ERROR_FAILED,
                               _("The server has no statistics row for this database in pg_stat_database"));
      return;
    }

  self->database = dup_value (facts, 0, 0);
  self->stats_reset = sluice_health_parse_timestamp (sluice_result_get_value (facts, 0, 1));
  self->stats_reset_is_server_start = sluice_result_get_boolean (facts, 0, 2);
  block_size = (int) sluice_result_get_int64 (facts, 0, 3);
  self->round_trip_us = sluice_result_get_elapsed_us (g_ptr_array_index (results, results->len - 1));

  if (!read_indexes (self, g_ptr_array_index (results, STATEMENT_INDEXES),
                     block_size > 0 ? block_size : 8192, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  read_tables (self, g_ptr_array_index (results, STATEMENT_TABLES));
  read_foreign_keys (self, g_ptr_array_index (results, STATEMENT_FOREIGN_KEYS));

  g_task_return_pointer (task, g_object_ref (self), g_object_unref);
}

void
sluice_health_load_async (SluiceConnection    *connection,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (SLUICE_IS_CONNECTION (connection));

  task = g_task_new (connection, cancellable, callback, user_data);
  g_task_set_source_tag (task, sluice_health_load_async);
  g_task_set_task_data (task, g_object_new (SLUICE_TYPE_HEALTH, NULL), g_object_unref);

  sluice_connection_pipeline_async (connection, health_statements, cancellable,
                                    pipeline_cb, g_steal_pointer (&task));
}

SluiceHealth *
sluice_health_load_finish (GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (G_IS_TASK (result), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == sluice_health_load_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

const char *
sluice_health_get_database (SluiceHealth *self)
{
  g_return_val_if_fail (SLUICE_IS_HEALTH (self), NULL);
  return self->database;
}

GDateTime *
sluice_health_get_stats_reset (SluiceHealth *self)
{
  g_return_val_if_fail (SLUICE_IS_HEALTH (self), NULL);
  return self->stats_reset;
}

gboolean
sluice_health_get_stats_reset_is_server_start (SluiceHealth *self)
{
  g_return_val_if_fail (SLUICE_IS_HEALTH (self), FALSE);
  return self->stats_reset_is_server_start;
}

char *
sluice_health_dup_stats_reset_text (SluiceHealth *self)
{
  g_autofree char *since = NULL;

  g_return_val_if_fail (SLUICE_IS_HEALTH (self), NULL);

  since = sluice_health_format_reset (self->stats_reset, self->stats_reset_is_server_start);
  /* Translators: %s reads "since the statistics reset at <time>" */
  return g_strdup_printf (_("Statistics %s"), since);
}

GListModel *
sluice_health_get_indexes (SluiceHealth *self)
{
  g_return_val_if_fail (SLUICE_IS_HEALTH (self), NULL);
  return G_LIST_MODEL (self->indexes);
}

GListModel *
sluice_health_get_tables (SluiceHealth *self)
{
  g_return_val_if_fail (SLUICE_IS_HEALTH (self), NULL);
  return G_LIST_MODEL (self->tables);
}

GListModel *
sluice_health_get_unindexed_foreign_keys (SluiceHealth *self)
{
  g_return_val_if_fail (SLUICE_IS_HEALTH (self), NULL);
  return G_LIST_MODEL (self->foreign_keys);
}

SluiceIndexInfo *
sluice_health_find_index (SluiceHealth *self,
                          const char   *schema,
                          const char   *name)
{
  guint n_items;

  g_return_val_if_fail (SLUICE_IS_HEALTH (self), NULL);

  n_items = g_list_model_get_n_items (G_LIST_MODEL (self->indexes));
  for (guint i = 0; i < n_items; i++)
    {
      g_autoptr(SluiceIndexInfo) index = g_list_model_get_item (G_LIST_MODEL (self->indexes), i);

      if (g_strcmp0 (sluice_index_info_get_schema (index), schema) == 0
          && g_strcmp0 (sluice_index_info_get_name (index), name) == 0)
        return index;   /* the store keeps it alive */
    }

  return NULL;
}

SluiceTableHealth *
sluice_health_find_table (SluiceHealth *self,
                          const char   *schema,
                          const char   *name)
{
  guint n_items;

  g_return_val_if_fail (SLUICE_IS_HEALTH (self), NULL);

  n_items = g_list_model_get_n_items (G_LIST_MODEL (self->tables));
  for (guint i = 0; i < n_items; i++)
    {
      g_autoptr(SluiceTableHealth) table = g_list_model_get_item (G_LIST_MODEL (self->tables), i);

      if (g_strcmp0 (sluice_table_health_get_schema (table), schema) == 0
          && g_strcmp0 (sluice_table_health_get_name (table), name) == 0)
        return table;
    }

  return NULL;
}

guint
sluice_health_count_flagged (SluiceHealth     *self,
                             SluiceIndexFlags  flag)
{
  guint n_items;
  guint count = 0;

  g_return_val_if_fail (SLUICE_IS_HEALTH (self), 0);

  n_items = g_list_model_get_n_items (G_LIST_MODEL (self->indexes));
  for (guint i = 0; i < n_items; i++)
    {
      g_autoptr(SluiceIndexInfo) index = g_list_model_get_item (G_LIST_MODEL (self->indexes), i);

      if (sluice_index_info_has_flag (index, flag))
        count++;
    }

  return count;
}

gint64
sluice_health_get_round_trip_us (SluiceHealth *self)
{
  g_return_val_if_fail (SLUICE_IS_HEALTH (self), 0);
  return self->round_trip_us;
}

/* Actions ----------------------------------------------------------------- */

static void
index_action_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(SluiceResult) rows = NULL;
  GError *error = NULL;

  rows = sluice_connection_query_finish (SLUICE_CONNECTION (object), result, &error);
  if (rows == NULL)
    {
      /* Translators: %s is the statement, e.g. "DROP INDEX CONCURRENTLY public.x;" */
      g_prefix_error (&error, _("%s failed and changed nothing: "),
                      (const char *) g_task_get_task_data (task));
      g_task_return_error (task, error);
      return;
    }

  g_task_return_boolean (task, TRUE);
}

/* Sent alone through the extended protocol: an implicit transaction of its
 * own, which is what CONCURRENTLY requires. */
static void
run_index_action (SluiceConnection    *connection,
                  char                *sql,
                  gpointer             source_tag,
                  GCancellable        *cancellable,
                  GAsyncReadyCallback  callback,
                  gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (connection, cancellable, callback, user_data);

  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, sql, g_free);
  sluice_connection_query_async (connection, sql, NULL, 0, cancellable,
                                 index_action_cb, g_steal_pointer (&task));
}

void
sluice_health_drop_index_async (SluiceConnection    *connection,
                                SluiceIndexInfo     *index,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_return_if_fail (SLUICE_IS_CONNECTION (connection));
  g_return_if_fail (SLUICE_IS_INDEX_INFO (index));

  run_index_action (connection, sluice_index_info_dup_drop_sql (index),
                    sluice_health_drop_index_async, cancellable, callback, user_data);
}

gboolean
sluice_health_drop_index_finish (GAsyncResult  *result,
                                 GError       **error)
{
  g_return_val_if_fail (G_IS_TASK (result), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == sluice_health_drop_index_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

void
sluice_health_reindex_index_async (SluiceConnection    *connection,
                                   SluiceIndexInfo     *index,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_return_if_fail (SLUICE_IS_CONNECTION (connection));
  g_return_if_fail (SLUICE_IS_INDEX_INFO (index));

  run_index_action (connection, sluice_index_info_dup_reindex_sql (index),
                    sluice_health_reindex_index_async, cancellable, callback, user_data);
}

gboolean
sluice_health_reindex_index_finish (GAsyncResult  *result,
                                    GError       **error)
{
  g_return_val_if_fail (G_IS_TASK (result), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == sluice_health_reindex_index_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
sluice_health_finalize (GObject *object)
{
  SluiceHealth *self = SLUICE_HEALTH (object);

  g_clear_pointer (&self->database, g_free);
  g_clear_pointer (&self->stats_reset, g_date_time_unref);
  g_clear_object (&self->indexes);
  g_clear_object (&self->tables);
  g_clear_object (&self->foreign_keys);

  G_OBJECT_CLASS (sluice_health_parent_class)->finalize (object);
}

static void
sluice_health_class_init (SluiceHealthClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = sluice_health_finalize;
}

static void
sluice_health_init (SluiceHealth *self)
{
  self->indexes = g_list_store_new (SLUICE_TYPE_INDEX_INFO);
  self->tables = g_list_store_new (SLUICE_TYPE_TABLE_HEALTH);
  self->foreign_keys = g_list_store_new (SLUICE_TYPE_UNINDEXED_FOREIGN_KEY);
}
