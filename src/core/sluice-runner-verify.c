/* sluice-runner-verify.c: what the run changed, and what it did not say
 *
 * After the run, the post-snapshot is diffed against the pre-snapshot
 * (matching by OID: one database, so a rename is a rename), on a worker
 * thread: a big schema's diff would freeze the window otherwise.  A changed
 * object is "declared" when the statements name it, or, for the objects
 * PostgreSQL names itself (the index of a primary key, the constraint of
 * a NOT NULL ... REFERENCES), when they name its table.  Anything else
 * changed during the run (another session's DDL, a trigger on DDL, a
 * migration that does more than it says) is flagged.
 *
 * The names come from libpg_query's parse tree, PostgreSQL's own parser:
 * every string of every statement's tree (identifiers arrive lower-cased
 * unless quoted, as the server folds them) and every RangeVar qualified.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <pg_query.h>
#include <string.h>

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "sluice-error.h"
#include "sluice-runner-private.h"
#include "sluice-sql-quote.h"

/* The history tables other tools keep: written by the run on purpose. */
static const char * const history_tables[] = {
  "schema_migrations", "flyway_schema_history", "__drizzle_migrations", NULL,
};
static const char * const history_schemas[] = { "sluice", "drizzle", "sqitch", NULL };

/* Names */

static void
add_range_var (JsonObject *range_var,
               GHashTable *relations)
{
  const char *schema = json_object_get_string_member_with_default (range_var, "schemaname", NULL);
  const char *relation = json_object_get_string_member_with_default (range_var, "relname", NULL);

  if (relation == NULL || relations == NULL)
    return;

  g_hash_table_add (relations,
                    sluice_quote_qualified_name (schema != NULL ? schema : "public", relation));
}

static void
walk_node (JsonNode   *node,
           GHashTable *names,
           GHashTable *relations)
{
  switch (JSON_NODE_TYPE (node))
    {
    case JSON_NODE_OBJECT:
      {
        JsonObject *object = json_node_get_object (node);
        JsonObjectIter iter;
        const char *member;
        JsonNode *child;

        /* A RangeVar: wrapped in {"RangeVar": ...} where the field is
         * any node, bare where it is a RangeVar field ("relation"). */
        if (json_object_has_member (object, "relname"))
          add_range_var (object, relations);

        json_object_iter_init (&iter, object);
        while (json_object_iter_next (&iter, &member, &child))
          walk_node (child, names, relations);
      }
      break;

    case JSON_NODE_ARRAY:
      {
        JsonArray *array = json_node_get_array (node);
        guint n = json_array_get_length (array);

        for (guint i = 0; i < n; i++)
          walk_node (json_array_get_element (array, i), names, relations);
      }
      break;

    case JSON_NODE_VALUE:
      if (names != NULL && json_node_get_value_type (node) == G_TYPE_STRING)
        g_hash_table_add (names, g_strdup (json_node_get_string (node)));
      break;

    case JSON_NODE_NULL:
    default:
      break;
    }
}

static void
collect_from_sql (const char *sql,
                  GHashTable *names,
                  GHashTable *relations)
{
  PgQueryParseResult parsed = pg_query_parse (sql);
  g_autoptr(JsonParser) parser = NULL;

  /* Text the parser refuses names nothing: the lint has said why. */
  if (parsed.error == NULL && parsed.parse_tree != NULL)
    {
      parser = json_parser_new ();
      if (json_parser_load_from_data (parser, parsed.parse_tree, -1, NULL))
        walk_node (json_parser_get_root (parser), names, relations);
    }

  pg_query_free_parse_result (parsed);
}

void
_sluice_runner_collect_names (SluiceRunner *self,
                              GHashTable   *names,
                              GHashTable   *relations)
{
  for (guint i = 0; i < self->migrations->len; i++)
    {
      const char *sql = _sluice_runner_migration_sql (self, g_ptr_array_index (self->migrations, i));

      if (sql != NULL)
        collect_from_sql (sql, names, relations);
    }
}

/* Declared and undeclared changes */

static SluiceCatalogObject *
change_object (const SluiceObjectChange *change)
{
  return change->to_object != NULL ? change->to_object : change->from_object;
}

static gboolean
named (GHashTable *names,
       const char *name)
{
  return name != NULL && g_hash_table_contains (names, name);
}

static gboolean
is_history_table (SluiceCatalogObject *object)
{
  const char *schema = sluice_catalog_object_get_schema (object);
  const char *name = sluice_catalog_object_get_name (object);
  const char *parent = sluice_catalog_object_get_parent_name (object);

  if (schema != NULL && g_strv_contains (history_schemas, schema))
    return TRUE;
  if (sluice_catalog_object_get_kind (object) == SLUICE_CATALOG_SCHEMA &&
      name != NULL && g_strv_contains (history_schemas, name))
    return TRUE;
  return (name != NULL && g_strv_contains (history_tables, name)) ||
         (parent != NULL && g_strv_contains (history_tables, parent));
}

/* A column of a table the statements create or drop whole comes and goes
 * with it. */
static gboolean
parent_created_or_dropped (SluiceDiff          *diff,
                           SluiceCatalogObject *object,
                           GHashTable          *names)
{
  const char *parent = sluice_catalog_object_get_parent_identity (object);
  const SluiceObjectChange *change;

  if (parent == NULL || !named (names, sluice_catalog_object_get_parent_name (object)))
    return FALSE;

  change = sluice_diff_lookup (diff, parent);
  return change != NULL &&
         (change->kind == SLUICE_CHANGE_ADDED || change->kind == SLUICE_CHANGE_REMOVED);
}

static gboolean
is_declared (SluiceDiff          *diff,
             SluiceCatalogObject *object,
             SluiceCatalogObject *old_object,
             GHashTable          *names)
{
  SluiceCatalogKind kind = sluice_catalog_object_get_kind (object);
  const char *owned_by;

  if (named (names, sluice_catalog_object_get_name (object)))
    return TRUE;
  if (old_object != NULL && named (names, sluice_catalog_object_get_name (old_object)))
    return TRUE;
  if (parent_created_or_dropped (diff, object, names))
    return TRUE;

  switch (kind)
    {
    case SLUICE_CATALOG_CONSTRAINT:
    case SLUICE_CATALOG_INDEX:
    case SLUICE_CATALOG_TRIGGER:
    case SLUICE_CATALOG_POLICY:
      /* Names PostgreSQL chose (orders_pkey, orders_customer_id_fkey). */
      return named (names, sluice_catalog_object_get_parent_name (object));

    case SLUICE_CATALOG_SEQUENCE:
      /* The sequence of a serial column: "schema.table.column". */
      owned_by = sluice_catalog_object_get_attribute (object, "owned_by");
      if (owned_by != NULL)
        {
          g_auto(GStrv) parts = g_strsplit (owned_by, ".", -1);

          for (guint i = 0; parts[i] != NULL; i++)
            if (named (names, parts[i]))
              return TRUE;
        }
      return FALSE;

    default:
      return FALSE;
    }
}

/* "public.orders.note" from "column public.orders.note" */
static char *
qualified_name_of (SluiceCatalogObject *object)
{
  const char *identity = sluice_catalog_object_get_identity (object);
  const char *space = strchr (identity, ' ');

  return g_strdup (space != NULL ? space + 1 : identity);
}

static GStrv
compute_undeclared (SluiceRunner *self)
{
  g_autoptr(GHashTable) names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  GPtrArray *changes;

  if (self->diff == NULL)
    return g_new0 (char *, 1);

  _sluice_runner_collect_names (self, names, NULL);
  changes = sluice_diff_get_changes (self->diff);

  for (guint i = 0; i < changes->len; i++)
    {
      const SluiceObjectChange *change = g_ptr_array_index (changes, i);
      SluiceCatalogObject *object = change_object (change);
      SluiceCatalogObject *old_object = change->kind == SLUICE_CHANGE_RENAMED ? change->from_object : NULL;
      g_autofree char *name = NULL;

      if (is_history_table (object) || is_declared (self->diff, object, old_object, names))
        continue;

      name = qualified_name_of (object);
      g_strv_builder_add (builder, name);
    }

  return g_strv_builder_end (builder);
}

static void
emit_verification (SluiceRunner *self)
{
  g_autofree char *summary = NULL;
  g_auto(GStrv) undeclared = NULL;

  summary = sluice_runner_describe_changes (self);
  _sluice_runner_emit (self, SLUICE_RUN_EVENT_INFO, NULL, summary);

  undeclared = sluice_runner_get_undeclared_changes (self);
  for (guint i = 0; undeclared[i] != NULL; i++)
    {
      g_autofree char *message = g_strdup_printf (_("%s changed, but no statement of the run names it: "
                                                    "find out who changed it."),
                                                  undeclared[i]);

      _sluice_runner_emit (self, SLUICE_RUN_EVENT_WARNING, NULL, message);
    }
}

typedef struct
{
  SluiceCatalog *before;
  SluiceCatalog *after;
} DiffData;

static void
diff_data_free (DiffData *data)
{
  g_clear_object (&data->before);
  g_clear_object (&data->after);
  g_free (data);
}

static void
diff_in_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  DiffData *data = task_data;

  g_task_return_pointer (task, sluice_diff_new (data->before, data->after, SLUICE_DIFF_MATCH_OIDS),
                         g_object_unref);
}

static void
diff_done (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SluiceRunner *self = g_task_get_source_object (task);

  g_clear_object (&self->diff);
  self->diff = g_task_propagate_pointer (G_TASK (result), NULL);
  emit_verification (self);
  g_task_return_boolean (task, TRUE);
}

void
_sluice_runner_verify_async (SluiceRunner        *self,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GTask) diff_task = NULL;
  DiffData *data;

  task = g_task_new (self, NULL, callback, user_data);
  g_task_set_source_tag (task, _sluice_runner_verify_async);

  g_clear_object (&self->diff);
  if (self->before == NULL || self->after == NULL)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }

  data = g_new0 (DiffData, 1);
  data->before = g_object_ref (self->before);
  data->after = g_object_ref (self->after);

  diff_task = g_task_new (self, NULL, diff_done, g_steal_pointer (&task));
  g_task_set_source_tag (diff_task, diff_in_thread);
  g_task_set_task_data (diff_task, data, (GDestroyNotify) diff_data_free);
  g_task_run_in_thread (diff_task, diff_in_thread);
}

void
_sluice_runner_verify_finish (SluiceRunner *self,
                              GAsyncResult *result)
{
  g_return_if_fail (g_task_is_valid (result, self));
  g_return_if_fail (g_task_get_source_tag (G_TASK (result)) == _sluice_runner_verify_async);

  g_task_propagate_boolean (G_TASK (result), NULL);
}

SluiceDiff *
sluice_runner_get_verification_diff (SluiceRunner *self)
{
  g_return_val_if_fail (SLUICE_IS_RUNNER (self), NULL);
  return self->diff;
}

char *
sluice_runner_describe_changes (SluiceRunner *self)
{
  g_autofree char *description = NULL;

  g_return_val_if_fail (SLUICE_IS_RUNNER (self), NULL);

  if (self->diff == NULL)
    return g_strdup (_("Not verified: the schema was not read both before and after the run."));

  description = sluice_diff_describe (self->diff);
  /* Translators: %s is a summary such as "created 4 tables; no other object changed" */
  return g_strdup_printf (_("Changes: %s."), description);
}

GStrv
sluice_runner_get_undeclared_changes (SluiceRunner *self)
{
  g_return_val_if_fail (SLUICE_IS_RUNNER (self), NULL);
  return compute_undeclared (self);
}

/* ANALYZE */

static SluiceCatalogObject *
table_of (SluiceRunner        *self,
          SluiceCatalogObject *object)
{
  const char *parent;
  SluiceCatalogObject *table;

  if (sluice_catalog_object_get_kind (object) == SLUICE_CATALOG_TABLE)
    return object;

  parent = sluice_catalog_object_get_parent_identity (object);
  if (parent == NULL)
    return NULL;

  table = sluice_catalog_lookup (self->after, parent);
  if (table == NULL || sluice_catalog_object_get_kind (table) != SLUICE_CATALOG_TABLE)
    return NULL;
  return table;
}

GStrv
sluice_runner_get_tables_to_analyze (SluiceRunner *self)
{
  g_autoptr(GHashTable) seen = NULL;
  g_autoptr(GStrvBuilder) builder = NULL;
  GPtrArray *changes;

  g_return_val_if_fail (SLUICE_IS_RUNNER (self), NULL);

  if (self->diff == NULL || self->after == NULL)
    return g_new0 (char *, 1);

  seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  builder = g_strv_builder_new ();
  changes = sluice_diff_get_changes (self->diff);

  for (guint i = 0; i < changes->len; i++)
    {
      const SluiceObjectChange *change = g_ptr_array_index (changes, i);
      SluiceCatalogObject *table;
      char *name;

      /* A dropped table or column leaves nothing new to analyze there. */
      if (change->kind == SLUICE_CHANGE_REMOVED || change->to_object == NULL)
        continue;

      table = table_of (self, change->to_object);
      if (table == NULL || is_history_table (table))
        continue;

      name = sluice_quote_qualified_name (sluice_catalog_object_get_schema (table),
                                          sluice_catalog_object_get_name (table));
      if (g_hash_table_add (seen, name))
        g_strv_builder_add (builder, name);
    }

  return g_strv_builder_end (builder);
}

static void
analyze_done (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SluiceRunner *self = g_task_get_source_object (task);
  g_autoptr(GPtrArray) results = NULL;
  GError *error = NULL;

  results = sluice_connection_pipeline_finish (SLUICE_CONNECTION (source), result, &error);
  if (results == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("ANALYZE failed: %s. The tables' statistics are as before; "
                                                    "autovacuum will analyze them in time."),
                                                  error->message);

      _sluice_runner_emit (self, SLUICE_RUN_EVENT_WARNING, NULL, message);
      g_task_return_error (task, error);
      return;
    }

  _sluice_runner_emit (self, SLUICE_RUN_EVENT_INFO, NULL,
                       g_dngettext (GETTEXT_PACKAGE, "ANALYZE done: the planner has fresh statistics for the table.",
                                    "ANALYZE done: the planner has fresh statistics for the tables.",
                                    results->len));
  g_task_return_boolean (task, TRUE);
}

void
sluice_runner_analyze_async (SluiceRunner        *self,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_auto(GStrv) tables = NULL;
  g_autoptr(GStrvBuilder) statements = NULL;
  g_auto(GStrv) sql = NULL;
  g_autofree char *list = NULL;
  g_autofree char *message = NULL;

  g_return_if_fail (SLUICE_IS_RUNNER (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sluice_runner_analyze_async);

  tables = sluice_runner_get_tables_to_analyze (self);
  if (tables[0] == NULL)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }

  /* The names are quoted already (sluice_quote_qualified_name). */
  statements = g_strv_builder_new ();
  for (guint i = 0; tables[i] != NULL; i++)
    {
      g_autofree char *statement = g_strdup_printf ("ANALYZE %s", tables[i]);

      g_strv_builder_add (statements, statement);
    }
  sql = g_strv_builder_end (statements);

  list = g_strjoinv (", ", tables);
  message = g_strdup_printf (_("ANALYZE %s"), list);
  _sluice_runner_emit (self, SLUICE_RUN_EVENT_STEP, NULL, message);

  sluice_connection_pipeline_async (self->connection, (const char * const *) sql, cancellable,
                                    analyze_done, g_steal_pointer (&task));
}

gboolean
sluice_runner_analyze_finish (SluiceRunner  *self,
                              GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (SLUICE_IS_RUNNER (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
