/* sluice-overview.c: the facts of the Overview page, read in one round trip
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "sluice-error.h"
#include "sluice-overview.h"

struct _SluiceOverview
{
  GObject    parent_instance;

  char      *server_version;
  char      *database;
  gint64     database_bytes;
  GDateTime *started_at;
  gint64     uptime_seconds;
  int        connections_used;
  int        connections_max;
  GPtrArray *extensions;
  GPtrArray *largest_tables;
  gint64     round_trip_us;
};

G_DEFINE_FINAL_TYPE (SluiceOverview, sluice_overview, G_TYPE_OBJECT)

/* One pipeline, so the page costs one network round trip however far away
 * the server is.  Only catalog reads: safe on any server, any role.
 *
 * The sizes of the tables take an ACCESS SHARE lock on each one, which
 * waits behind an ALTER TABLE or a VACUUM FULL for as long as they run.
 * The statements of a pipeline run in one implicit transaction (one Sync),
 * so a local lock_timeout set first holds for the rest and ends with it. */
static const char * const overview_statements[] = {
  "SELECT set_config('lock_timeout', '2s', true)",

  "SELECT current_setting('server_version'),"
  "       current_database(),"
  "       pg_database_size(current_database()),"
  "       to_char(pg_postmaster_start_time() AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"'),"
  "       extract(epoch FROM now() - pg_postmaster_start_time())::bigint,"
  "       (SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'client backend'),"
  "       current_setting('max_connections')::int",

  "SELECT e.extname, e.extversion, n.nspname"
  "  FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace"
  " ORDER BY e.extname",

  "SELECT n.nspname, c.relname, pg_total_relation_size(c.oid),"
  "       pg_relation_size(c.oid), pg_indexes_size(c.oid),"
  "       greatest(c.reltuples, 0)::bigint"
  "  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
  " WHERE c.relkind IN ('r', 'p', 'm')"
  "   AND n.nspname NOT IN ('pg_catalog', 'information_schema')"
  "   AND n.nspname !~ '^pg_toast'"
  " ORDER BY 3 DESC, 1, 2"
  " LIMIT 10",

  NULL
};

enum { STATEMENT_LOCK_TIMEOUT, STATEMENT_SERVER, STATEMENT_EXTENSIONS, STATEMENT_TABLES };

static void
extension_info_free (SluiceExtensionInfo *info)
{
  g_free (info->name);
  g_free (info->version);
  g_free (info->schema);
  g_free (info);
}

static void
table_size_free (SluiceTableSize *size)
{
  g_free (size->schema);
  g_free (size->name);
  g_free (size);
}

static gboolean
fill_server_facts (SluiceOverview  *self,
                   SluiceResult    *result,
                   GError         **error)
{
  if (sluice_result_get_n_rows (result) != 1)
    {
      g_set_error (error, SLUICE_ERROR, SLUICE_ERROR_FAILED,
                   _("The server returned no facts about itself"));
      return FALSE;
    }

  self->server_version = g_strdup (sluice_result_get_value (result, 0, 0));
  self->database = g_strdup (sluice_result_get_value (result, 0, 1));
  self->database_bytes = sluice_result_get_int64 (result, 0, 2);
  self->started_at = g_date_time_new_from_iso8601 (sluice_result_get_value (result, 0, 3), NULL);
  self->uptime_seconds = sluice_result_get_int64 (result, 0, 4);
  self->connections_used = (int) sluice_result_get_int64 (result, 0, 5);
  self->connections_max = (int) sluice_result_get_int64 (result, 0, 6);
  return TRUE;
}

static void
fill_extensions (SluiceOverview *self,
                 SluiceResult   *result)
{
  for (int row = 0; row < sluice_result_get_n_rows (result); row++)
    {
      SluiceExtensionInfo *info = g_new0 (SluiceExtensionInfo, 1);

      info->name = g_strdup (sluice_result_get_value (result, row, 0));
      info->version = g_strdup (sluice_result_get_value (result, row, 1));
      info->schema = g_strdup (sluice_result_get_value (result, row, 2));
      g_ptr_array_add (self->extensions, info);
    }
}

static void
fill_largest_tables (SluiceOverview *self,
                     SluiceResult   *result)
{
  for (int row = 0; row < sluice_result_get_n_rows (result); row++)
    {
      SluiceTableSize *size = g_new0 (SluiceTableSize, 1);

      size->schema = g_strdup (sluice_result_get_value (result, row, 0));
      size->name = g_strdup (sluice_result_get_value (result, row, 1));
      size->total_bytes = sluice_result_get_int64 (result, row, 2);
      size->table_bytes = sluice_result_get_int64 (result, row, 3);
      size->index_bytes = sluice_result_get_int64 (result, row, 4);
      size->estimated_rows = sluice_result_get_int64 (result, row, 5);
      g_ptr_array_add (self->largest_tables, size);
    }
}

/* The server's "canceling statement due to lock timeout" does not say
 * which statement, nor that nothing is wrong with the server.  The
 * SQLSTATE stays 55P03. */
static GError *
explain_lock_timeout (GError *error)
{
  GError *explained = NULL;

  if (!sluice_server_error_matches (error, "55P03"))
    return error;

  sluice_set_server_error (&explained, "55P03",
                           _("The sizes of the tables could not be read: another session holds a "
                             "lock on one of them (an ALTER TABLE or a VACUUM FULL, for instance), and "
                             "Sluice waits at most 2 seconds for it. Nothing was changed; reload the "
                             "Overview once that session is done."),
                           sluice_server_error_get_detail (error),
                           sluice_server_error_get_hint (error));
  g_error_free (error);
  return explained;
}

static void
pipeline_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SluiceOverview *self = g_task_get_task_data (task);
  g_autoptr(GPtrArray) results = NULL;
  GError *error = NULL;

  results = sluice_connection_pipeline_finish (SLUICE_CONNECTION (object), result, &error);
  if (results == NULL)
    {
      g_task_return_error (task, explain_lock_timeout (error));
      return;
    }

  if (!fill_server_facts (self, g_ptr_array_index (results, STATEMENT_SERVER), &error))
    {
      g_task_return_error (task, error);
      return;
    }
  fill_extensions (self, g_ptr_array_index (results, STATEMENT_EXTENSIONS));
  fill_largest_tables (self, g_ptr_array_index (results, STATEMENT_TABLES));

  g_task_return_pointer (task, g_object_ref (self), g_object_unref);
}

static void
round_trip_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SluiceOverview *self = g_task_get_task_data (task);
  g_autoptr(SluiceResult) ping = NULL;
  GError *error = NULL;

  ping = sluice_connection_query_finish (SLUICE_CONNECTION (object), result, &error);
  if (ping == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  self->round_trip_us = sluice_result_get_elapsed_us (ping);
  sluice_connection_pipeline_async (SLUICE_CONNECTION (object), overview_statements,
                                    g_task_get_cancellable (task),
                                    pipeline_cb, g_object_ref (task));
}

void
sluice_overview_load_async (SluiceConnection    *connection,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (SLUICE_IS_CONNECTION (connection));

  task = g_task_new (connection, cancellable, callback, user_data);
  g_task_set_source_tag (task, sluice_overview_load_async);
  g_task_set_task_data (task, g_object_new (SLUICE_TYPE_OVERVIEW, NULL), g_object_unref);

  /* Timed alone: the pipeline's own time says more about the server's
   * catalog than about the network. */
  sluice_connection_query_async (connection, "SELECT 1", NULL, 0, cancellable,
                                 round_trip_cb, g_steal_pointer (&task));
}

SluiceOverview *
sluice_overview_load_finish (GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (G_IS_TASK (result), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == sluice_overview_load_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

const char *
sluice_overview_get_server_version (SluiceOverview *self)
{
  g_return_val_if_fail (SLUICE_IS_OVERVIEW (self), NULL);
  return self->server_version;
}

const char *
sluice_overview_get_database (SluiceOverview *self)
{
  g_return_val_if_fail (SLUICE_IS_OVERVIEW (self), NULL);
  return self->database;
}

gint64
sluice_overview_get_database_bytes (SluiceOverview *self)
{
  g_return_val_if_fail (SLUICE_IS_OVERVIEW (self), 0);
  return self->database_bytes;
}

GDateTime *
sluice_overview_get_started_at (SluiceOverview *self)
{
  g_return_val_if_fail (SLUICE_IS_OVERVIEW (self), NULL);
  return self->started_at;
}

gint64
sluice_overview_get_uptime_seconds (SluiceOverview *self)
{
  g_return_val_if_fail (SLUICE_IS_OVERVIEW (self), 0);
  return self->uptime_seconds;
}

int
sluice_overview_get_connections_used (SluiceOverview *self)
{
  g_return_val_if_fail (SLUICE_IS_OVERVIEW (self), 0);
  return self->connections_used;
}

int
sluice_overview_get_connections_max (SluiceOverview *self)
{
  g_return_val_if_fail (SLUICE_IS_OVERVIEW (self), 0);
  return self->connections_max;
}

GPtrArray *
sluice_overview_get_extensions (SluiceOverview *self)
{
  g_return_val_if_fail (SLUICE_IS_OVERVIEW (self), NULL);
  return self->extensions;
}

GPtrArray *
sluice_overview_get_largest_tables (SluiceOverview *self)
{
  g_return_val_if_fail (SLUICE_IS_OVERVIEW (self), NULL);
  return self->largest_tables;
}

gint64
sluice_overview_get_round_trip_us (SluiceOverview *self)
{
  g_return_val_if_fail (SLUICE_IS_OVERVIEW (self), 0);
  return self->round_trip_us;
}

static void
sluice_overview_finalize (GObject *object)
{
  SluiceOverview *self = SLUICE_OVERVIEW (object);

  g_clear_pointer (&self->server_version, g_free);
  g_clear_pointer (&self->database, g_free);
  g_clear_pointer (&self->started_at, g_date_time_unref);
  g_clear_pointer (&self->extensions, g_ptr_array_unref);
  g_clear_pointer (&self->largest_tables, g_ptr_array_unref);

  G_OBJECT_CLASS (sluice_overview_parent_class)->finalize (object);
}

static void
sluice_overview_class_init (SluiceOverviewClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = sluice_overview_finalize;
}

static void
sluice_overview_init (SluiceOverview *self)
{
  self->extensions = g_ptr_array_new_with_free_func ((GDestroyNotify) extension_info_free);
  self->largest_tables = g_ptr_array_new_with_free_func ((GDestroyNotify) table_size_free);
}
