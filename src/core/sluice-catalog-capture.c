/* sluice-catalog-capture.c: a schema catalog read from a live database in
 * one pipeline, in one REPEATABLE READ transaction
 *
 * The statements (sluice-catalog-queries.c) go out in one round trip;
 * the objects are then built on a worker thread, since a big schema gives
 * a quarter of a million of them.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <stdlib.h>
#include <string.h>

#include "sluice-catalog-private.h"
#include "sluice-error.h"

/* The OIDs of the system catalogs, fixed since PostgreSQL's beginnings
 * (src/include/catalog/pg_*.h): pg_depend names classes by them. */
#define PG_TYPE_OID            1247
#define PG_PROC_OID            1255
#define PG_CLASS_OID           1259
#define PG_DEFAULT_ACL_OID     826
#define PG_ATTRDEF_OID         2604
#define PG_CONSTRAINT_OID      2606
#define PG_NAMESPACE_OID       2615
#define PG_REWRITE_OID         2618
#define PG_TRIGGER_OID         2620
#define PG_EXTENSION_OID       3079
#define PG_POLICY_OID          3256
#define PG_COLLATION_OID       3456
#define PG_EVENT_TRIGGER_OID   3466
#define PG_PUBLICATION_OID     6104

static const guint32 kind_classes[SLUICE_CATALOG_N_KINDS] = {
  [SLUICE_CATALOG_SCHEMA]             = PG_NAMESPACE_OID,
  [SLUICE_CATALOG_EXTENSION]          = PG_EXTENSION_OID,
  [SLUICE_CATALOG_COLLATION]          = PG_COLLATION_OID,
  [SLUICE_CATALOG_TYPE]               = PG_TYPE_OID,
  [SLUICE_CATALOG_FUNCTION]           = PG_PROC_OID,
  [SLUICE_CATALOG_PROCEDURE]          = PG_PROC_OID,
  [SLUICE_CATALOG_SEQUENCE]           = PG_CLASS_OID,
  [SLUICE_CATALOG_TABLE]              = PG_CLASS_OID,
  [SLUICE_CATALOG_COLUMN]             = PG_CLASS_OID,
  [SLUICE_CATALOG_CONSTRAINT]         = PG_CONSTRAINT_OID,
  [SLUICE_CATALOG_INDEX]              = PG_CLASS_OID,
  [SLUICE_CATALOG_VIEW]               = PG_CLASS_OID,
  [SLUICE_CATALOG_MATERIALIZED_VIEW]  = PG_CLASS_OID,
  [SLUICE_CATALOG_TRIGGER]            = PG_TRIGGER_OID,
  [SLUICE_CATALOG_POLICY]             = PG_POLICY_OID,
  [SLUICE_CATALOG_EVENT_TRIGGER]      = PG_EVENT_TRIGGER_OID,
  [SLUICE_CATALOG_PUBLICATION]        = PG_PUBLICATION_OID,
  [SLUICE_CATALOG_DEFAULT_PRIVILEGES] = PG_DEFAULT_ACL_OID,
};

typedef struct
{
  SluiceConnection *connection;
  GPtrArray        *queries;     /* CatalogQuery */
  GPtrArray        *results;     /* SluiceResult, one per query */
  GHashTable       *excluded;    /* schema names */
  gint64            started_at;  /* monotonic */
  GError           *error;
} Capture;

static void
capture_free (Capture *capture)
{
  g_clear_object (&capture->connection);
  g_clear_pointer (&capture->queries, g_ptr_array_unref);
  g_clear_pointer (&capture->results, g_ptr_array_unref);
  g_clear_pointer (&capture->excluded, g_hash_table_unref);
  g_clear_error (&capture->error);
  g_free (capture);
}

/* Where each object is found in pg_depend ---------------------------------- */

typedef struct
{
  guint64              key;
  SluiceCatalogObject *object;
} DependKey;

static guint64
depend_key (guint32 class_oid,
            guint32 oid,
            gint    subid)
{
  return ((guint64) (class_oid & 0xFFFF) << 48) | ((guint64) (subid & 0xFFFF) << 32) | oid;
}

static int
compare_depend_keys (gconstpointer a,
                     gconstpointer b)
{
  guint64 ka = ((const DependKey *) a)->key;
  guint64 kb = ((const DependKey *) b)->key;

  return ka < kb ? -1 : ka > kb ? 1 : 0;
}

static void
add_depend_key (GArray              *keys,
                guint32              class_oid,
                guint32              oid,
                gint                 subid,
                SluiceCatalogObject *object)
{
  DependKey entry = { depend_key (class_oid, oid, subid), object };

  if (oid != 0)
    g_array_append_val (keys, entry);
}

static SluiceCatalogObject *
find_depend_key (GArray  *keys,
                 guint32  class_oid,
                 guint32  oid,
                 gint     subid)
{
  DependKey wanted = { depend_key (class_oid, oid, subid), NULL };
  guint position;

  if (g_array_binary_search (keys, &wanted, compare_depend_keys, &position))
    return g_array_index (keys, DependKey, position).object;

  /* A view's column stands for the view. */
  if (subid != 0)
    return find_depend_key (keys, class_oid, oid, 0);

  return NULL;
}

static guint32
parse_oid (const char *text)
{
  return text != NULL ? (guint32) strtoul (text, NULL, 10) : 0;
}

/* Building objects ------------------------------------------------------------ */

typedef struct
{
  int         column;
  const char *name;   /* interned */
} AttributeColumn;

static int
compare_attribute_columns (gconstpointer a,
                           gconstpointer b)
{
  return strcmp (((const AttributeColumn *) a)->name, ((const AttributeColumn *) b)->name);
}

typedef struct
{
  int oid, subid, schema, parent, name, args, parent_kind;
  int alias_class, alias_oid, alias2_class, alias2_oid;
  int pof_schema, pof_name;
  GArray *attributes;   /* AttributeColumn */
} Columns;

static void
find_columns (SluiceResult *result,
              Columns      *columns)
{
  int n = sluice_result_get_n_columns (result);

  columns->oid = sluice_result_get_column_index (result, "_oid");
  columns->subid = sluice_result_get_column_index (result, "_subid");
  columns->schema = sluice_result_get_column_index (result, "_schema");
  columns->parent = sluice_result_get_column_index (result, "_parent");
  columns->name = sluice_result_get_column_index (result, "_name");
  columns->args = sluice_result_get_column_index (result, "_args");
  columns->parent_kind = sluice_result_get_column_index (result, "_parent_kind");
  columns->alias_class = sluice_result_get_column_index (result, "_alias_class");
  columns->alias_oid = sluice_result_get_column_index (result, "_alias_oid");
  columns->alias2_class = sluice_result_get_column_index (result, "_alias2_class");
  columns->alias2_oid = sluice_result_get_column_index (result, "_alias2_oid");
  columns->pof_schema = sluice_result_get_column_index (result, "_pof_schema");
  columns->pof_name = sluice_result_get_column_index (result, "_pof_name");

  /* In name order, interned once: each object's attributes are then
   * appended, with no search and no locking of the intern table. */
  columns->attributes = g_array_new (FALSE, FALSE, sizeof (AttributeColumn));
  for (int i = 0; i < n; i++)
    {
      const char *name = sluice_result_get_column_name (result, i);
      AttributeColumn column = { i, g_intern_string (name) };

      if (name[0] != '_')
        g_array_append_val (columns->attributes, column);
    }
  g_array_sort (columns->attributes, compare_attribute_columns);
}

static const char *
value_or_null (SluiceResult *result,
               int           row,
               int           column)
{
  return column >= 0 ? sluice_result_get_value (result, row, column) : NULL;
}

/* Skips a double- or single-quoted part starting at @p; returns the
 * character after it. */
static const char *
skip_quoted (const char *p)
{
  char quote = *p++;

  while (*p != '\0')
    {
      if (*p == quote)
        {
          if (p[1] == quote)
            p += 2;
          else
            return p + 1;
        }
      else
        p++;
    }

  return p;
}

/* @p at "(": the text inside the matching ")", or NULL. */
static char *
parenthesized (const char  *p,
               const char **end)
{
  const char *start = p + 1;
  int depth = 0;

  while (*p != '\0')
    {
      if (*p == '"' || *p == '\'')
        {
          p = skip_quoted (p);
          continue;
        }
      if (*p == '(')
        depth++;
      else if (*p == ')' && --depth == 0)
        {
          *end = p + 1;
          return g_strndup (start, p - start);
        }
      p++;
    }

  return NULL;
}

/* The key columns and INCLUDE list of an index, as pg_get_indexdef wrote
 * them ("... USING btree (a, lower(b) DESC) INCLUDE (c) WHERE ..."):
 * pg_get_indexdef's per-column form leaves out opclasses and ordering. */
static void
set_index_key (SluiceCatalogObject *object)
{
  const char *definition = sluice_catalog_object_get_attribute (object, "definition");
  const char *p;
  const char *end = NULL;
  g_autofree char *key = NULL;

  if (definition == NULL)
    return;

  for (p = definition; *p != '\0'; )
    {
      if (*p == '"')
        {
          p = skip_quoted (p);
          continue;
        }
      if (strncmp (p, " USING ", 7) == 0)
        break;
      p++;
    }
  if (*p == '\0')
    return;

  p = strchr (p + 7, '(');
  if (p == NULL || (key = parenthesized (p, &end)) == NULL)
    return;
  sluice_catalog_object_set_attribute (object, "key", key);

  if (g_str_has_prefix (end, " INCLUDE ("))
    {
      g_autofree char *include = parenthesized (end + strlen (" INCLUDE "), &end);

      sluice_catalog_object_set_attribute (object, "include", include);
    }
}

static void
build_objects (Capture           *capture,
               SluiceResult      *result,
               SluiceCatalogKind  kind,
               GPtrArray         *objects,
               GArray            *keys)
{
  Columns columns;
  int n_rows = sluice_result_get_n_rows (result);

  find_columns (result, &columns);

  for (int row = 0; row < n_rows; row++)
    {
      const char *schema = value_or_null (result, row, columns.schema);
      const char *name = value_or_null (result, row, columns.name);
      const char *parent_kind = value_or_null (result, row, columns.parent_kind);
      SluiceCatalogObject *object;
      SluiceCatalogKind parent;
      guint32 oid = parse_oid (value_or_null (result, row, columns.oid));
      gint subid = (gint) parse_oid (value_or_null (result, row, columns.subid));

      if (name == NULL)
        continue;
      if (g_hash_table_contains (capture->excluded, kind == SLUICE_CATALOG_SCHEMA ? name : (schema != NULL ? schema : "")))
        continue;

      object = sluice_catalog_object_new (kind, schema, value_or_null (result, row, columns.parent),
                                          name, value_or_null (result, row, columns.args));
      sluice_catalog_object_set_oid (object, oid, subid);
      if (parent_kind != NULL && sluice_catalog_kind_from_string (parent_kind, &parent))
        _sluice_catalog_object_set_parent_kind (object, parent);

      for (guint i = 0; i < columns.attributes->len; i++)
        {
          const AttributeColumn *column = &g_array_index (columns.attributes, AttributeColumn, i);
          const char *value = sluice_result_get_value (result, row, column->column);

          if (value != NULL)
            _sluice_catalog_object_append_attribute (object, column->name, value);
        }

      if (kind == SLUICE_CATALOG_INDEX)
        {
          const char *pof_name = value_or_null (result, row, columns.pof_name);

          set_index_key (object);
          if (pof_name != NULL)
            {
              g_autofree char *identity =
                sluice_catalog_identity_for (SLUICE_CATALOG_INDEX,
                                             value_or_null (result, row, columns.pof_schema),
                                             NULL, pof_name, NULL);

              sluice_catalog_object_set_attribute (object, "partition_of", identity);
            }
        }

      add_depend_key (keys, kind_classes[kind], oid, subid, object);
      if (columns.alias_oid >= 0)
        add_depend_key (keys, parse_oid (value_or_null (result, row, columns.alias_class)),
                        parse_oid (value_or_null (result, row, columns.alias_oid)), 0, object);
      if (columns.alias2_oid >= 0)
        add_depend_key (keys, parse_oid (value_or_null (result, row, columns.alias2_class)),
                        parse_oid (value_or_null (result, row, columns.alias2_oid)), 0, object);

      g_ptr_array_add (objects, object);
    }

  g_array_unref (columns.attributes);
}

static void
add_dependencies (SluiceResult *result,
                  GArray       *keys)
{
  int n_rows = sluice_result_get_n_rows (result);

  for (int row = 0; row < n_rows; row++)
    {
      SluiceCatalogObject *object;
      SluiceCatalogObject *target;
      const char *parent_identity;

      object = find_depend_key (keys,
                                parse_oid (sluice_result_get_value (result, row, 0)),
                                parse_oid (sluice_result_get_value (result, row, 1)),
                                (gint) parse_oid (sluice_result_get_value (result, row, 2)));
      if (object == NULL)
        continue;

      target = find_depend_key (keys,
                                parse_oid (sluice_result_get_value (result, row, 3)),
                                parse_oid (sluice_result_get_value (result, row, 4)),
                                (gint) parse_oid (sluice_result_get_value (result, row, 5)));
      if (target == NULL || target == object)
        continue;

      parent_identity = sluice_catalog_object_get_parent_identity (object);
      if (parent_identity != NULL &&
          strcmp (parent_identity, sluice_catalog_object_get_identity (target)) == 0)
        continue;

      /* A sequence OWNED BY a column is said by "owned_by"; as a
       * dependency it would make a cycle with the column's default. */
      if (sluice_catalog_object_get_kind (object) == SLUICE_CATALOG_SEQUENCE &&
          sluice_catalog_object_get_kind (target) == SLUICE_CATALOG_COLUMN)
        continue;

      sluice_catalog_object_add_dependency (object, sluice_catalog_object_get_identity (target));
    }
}

static gboolean
fill_catalog (Capture        *capture,
              SluiceCatalog  *catalog,
              GError        **error)
{
  g_autoptr(GPtrArray) objects = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GArray) keys = g_array_new (FALSE, FALSE, sizeof (DependKey));
  SluiceCatalogObject *duplicate = NULL;
  SluiceResult *dependencies = NULL;

  for (guint i = 0; i < capture->queries->len; i++)
    {
      CatalogQuery *query = g_ptr_array_index (capture->queries, i);
      SluiceResult *result = g_ptr_array_index (capture->results, i);

      if (query->role == CATALOG_QUERY_OBJECTS)
        build_objects (capture, result, query->kind, objects, keys);
      else if (query->role == CATALOG_QUERY_DEPENDENCIES)
        dependencies = result;
      else if (query->role == CATALOG_QUERY_SERVER && sluice_result_get_n_rows (result) == 1)
        {
          g_autoptr(GDateTime) taken_at = NULL;

          _sluice_catalog_set_server (catalog, sluice_result_get_value (result, 0, 0),
                                      sluice_result_get_value (result, 0, 1),
                                      (int) sluice_result_get_int64 (result, 0, 2));
          taken_at = g_date_time_new_from_iso8601 (sluice_result_get_value (result, 0, 3), NULL);
          _sluice_catalog_set_taken_at (catalog, taken_at);
        }
    }

  g_array_sort (keys, compare_depend_keys);
  if (dependencies != NULL)
    add_dependencies (dependencies, keys);

  if (!_sluice_catalog_take_objects (catalog, objects, &duplicate))
    {
      g_set_error (error, SLUICE_ERROR, SLUICE_ERROR_FAILED,
                   _("The catalog lists two objects named “%s”, so no snapshot was made. "
                     "Report this as a bug in Sluice."),
                   sluice_catalog_object_get_identity (duplicate));
      return FALSE;
    }

  return TRUE;
}

static void
build_in_thread (GTask        *task,
                 gpointer      source_object,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  Capture *capture = task_data;
  g_autoptr(SluiceCatalog) catalog = sluice_catalog_new ();
  GError *error = NULL;
  gint64 building_since = g_get_monotonic_time ();

  if (!fill_catalog (capture, catalog, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  /* The rows of a big schema weigh more than the catalog made of them,
   * and a caller may keep the GAsyncResult. */
  g_clear_pointer (&capture->results, g_ptr_array_unref);

  _sluice_catalog_set_duration_ms (catalog, (g_get_monotonic_time () - capture->started_at) / 1000.0);
  g_debug ("Schema snapshot: %u objects, %.0f ms on the server, %.0f ms building",
           sluice_catalog_get_n_objects (catalog),
           (building_since - capture->started_at) / 1000.0,
           (g_get_monotonic_time () - building_since) / 1000.0);

  if (!g_task_return_error_if_cancelled (task))
    g_task_return_pointer (task, g_steal_pointer (&catalog), g_object_unref);
}

static void
on_rollback_done (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(SluiceResult) rollback = NULL;
  Capture *capture = g_task_get_task_data (task);

  /* The capture's own error is what matters; a failed ROLLBACK only means
   * the connection is gone as well. */
  rollback = sluice_connection_query_finish (SLUICE_CONNECTION (object), result, NULL);
  g_task_return_error (task, g_steal_pointer (&capture->error));
}

static void
on_pipeline_done (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Capture *capture = g_task_get_task_data (task);

  capture->results = sluice_connection_pipeline_finish (SLUICE_CONNECTION (object), result, &capture->error);
  if (capture->results == NULL)
    {
      if (!g_error_matches (capture->error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_prefix_error (&capture->error, _("No schema snapshot was taken: "));

      /* A failure inside BEGIN leaves the transaction open and aborted. */
      sluice_connection_query_async (capture->connection, "ROLLBACK", NULL, 0, NULL,
                                     on_rollback_done, g_steal_pointer (&task));
      return;
    }

  if (capture->results->len != capture->queries->len)
    {
      g_task_return_new_error (task, SLUICE_ERROR, SLUICE_ERROR_FAILED,
                               _("The server answered %u of the %u catalog queries; no schema snapshot was taken."),
                               capture->results->len, capture->queries->len);
      return;
    }

  g_task_run_in_thread (task, build_in_thread);
}

void
sluice_catalog_capture_async (SluiceConnection    *connection,
                              const char * const  *exclude_schemas,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GPtrArray) statements = NULL;
  SluiceConnectionState state;
  Capture *capture;

  g_return_if_fail (SLUICE_IS_CONNECTION (connection));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (connection, cancellable, callback, user_data);
  g_task_set_source_tag (task, sluice_catalog_capture_async);

  state = sluice_connection_get_state (connection);
  if (state != SLUICE_CONNECTION_READY && state != SLUICE_CONNECTION_BUSY)
    {
      g_task_return_new_error (task, SLUICE_ERROR, SLUICE_ERROR_CONNECTION,
                               _("No schema snapshot was taken: the connection is not open. Connect first."));
      return;
    }

  capture = g_new0 (Capture, 1);
  capture->connection = g_object_ref (connection);
  capture->started_at = g_get_monotonic_time ();
  capture->queries = _sluice_catalog_queries_new (sluice_connection_get_server_version (connection));
  capture->excluded = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  for (guint i = 0; exclude_schemas != NULL && exclude_schemas[i] != NULL; i++)
    g_hash_table_add (capture->excluded, g_strdup (exclude_schemas[i]));
  g_task_set_task_data (task, capture, (GDestroyNotify) capture_free);

  /* Schemas are left out here rather than in SQL: a pipeline's statements
   * take no parameters, and names are never pasted into SQL. */
  statements = g_ptr_array_new ();
  for (guint i = 0; i < capture->queries->len; i++)
    g_ptr_array_add (statements, ((CatalogQuery *) g_ptr_array_index (capture->queries, i))->sql);
  g_ptr_array_add (statements, NULL);

  sluice_connection_pipeline_async (connection, (const char * const *) statements->pdata, cancellable,
                                    on_pipeline_done, g_steal_pointer (&task));
}

SluiceCatalog *
sluice_catalog_capture_finish (GAsyncResult  *result,
                               GError       **error)
{
  g_return_val_if_fail (G_IS_TASK (result), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == sluice_catalog_capture_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
