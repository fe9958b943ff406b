/* sluice-executor-drop.c: dropping the invalid indexes a run left
 *
 * A failed CREATE INDEX CONCURRENTLY leaves its index behind, invalid:
 * no query uses it, yet every write maintains it.  The executor reports
 * it; this drops it when asked (DROP INDEX CONCURRENTLY, so the table is
 * never locked against writes) and logs each drop in sluice.run_log.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "sluice-error.h"
#include "sluice-executor-private.h"

#define LOG_DROP_SQL                                                                  \
  "INSERT INTO sluice.run_log (version, name, direction, started_at, finished_at,"    \
  "                            success, error, sqlstate, statements_done,"            \
  "                            statements_total, note)"                               \
  "VALUES ($1::text, $2::text, 'up', $3::timestamptz, clock_timestamp(),"             \
  "        $4::boolean, $5::text, $6::text, $7::int, 1, $8::text)"

typedef struct
{
  GStrv     indexes;
  guint     index;
  char     *started_at;
  GError   *error;        /* the drop that failed */
} DropData;

static void
drop_data_free (DropData *data)
{
  g_strfreev (data->indexes);
  g_free (data->started_at);
  g_clear_error (&data->error);
  g_free (data);
}

static void drop_next_index (GTask *task);

/* The indexes not dropped yet stay in the executor's list.  Called once,
 * as the drop ends: the executor is free again. */
static void
forget_dropped (SluiceExecutor *self,
                DropData       *data)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  self->busy = FALSE;

  for (guint i = data->index; data->indexes[i] != NULL; i++)
    g_strv_builder_add (builder, data->indexes[i]);

  g_strfreev (self->invalid_indexes);
  self->invalid_indexes = g_strv_builder_end (builder);
}

static void
on_drop_logged (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SluiceExecutor *self = g_task_get_source_object (task);
  DropData *data = g_task_get_task_data (task);
  g_autoptr(SluiceResult) query_result = NULL;
  g_autoptr(GError) error = NULL;

  query_result = sluice_connection_query_finish (SLUICE_CONNECTION (object), result, &error);

  if (data->error != NULL)
    {
      forget_dropped (self, data);
      g_task_return_error (task, g_steal_pointer (&data->error));
      return;
    }

  if (query_result == NULL)
    {
      data->index++;
      forget_dropped (self, data);
      g_task_return_new_error (task, error->domain, error->code,
                               _("The invalid index %s was dropped, but this could not be written "
                                 "to sluice.run_log: %s"),
                               data->indexes[data->index - 1], error->message);
      return;
    }

  data->index++;
  drop_next_index (task);
}

static void
log_drop (GTask        *task,
          const GError *error)
{
  SluiceExecutor *self = g_task_get_source_object (task);
  DropData *data = g_task_get_task_data (task);
  const char *index = data->indexes[data->index];
  g_autofree char *note = g_strdup_printf ("DROP INDEX CONCURRENTLY IF EXISTS %s", index);
  const char *params[] = {
    self->failed_version != NULL ? self->failed_version : "",
    NULL, /* not a migration: the note says what ran */
    data->started_at,
    error == NULL ? "true" : "false",
    error != NULL ? error->message : NULL,
    error != NULL && error->domain == SLUICE_SERVER_ERROR ? sluice_server_error_get_sqlstate (error) : NULL,
    error == NULL ? "1" : "0",
    note,
  };

  sluice_connection_query_async (self->connection, LOG_DROP_SQL, params, G_N_ELEMENTS (params),
                                 NULL, on_drop_logged, g_object_ref (task));
}

static void
on_index_dropped (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SluiceExecutor *self = g_task_get_source_object (task);
  DropData *data = g_task_get_task_data (task);
  const char *index = data->indexes[data->index];
  g_autoptr(SluiceResult) query_result = NULL;
  g_autoptr(GError) error = NULL;

  query_result = sluice_connection_query_finish (SLUICE_CONNECTION (object), result, &error);
  if (query_result == NULL)
    {
      g_autofree char *reason = _sluice_executor_dup_without_full_stop (error->message);

      data->error = g_error_new (error->domain, error->code,
                                 _("The invalid index %s could not be dropped: %s. It is still "
                                   "there; drop it by hand with DROP INDEX CONCURRENTLY."),
                                 index, reason);
      if (!_sluice_executor_connection_usable (self))
        {
          forget_dropped (self, data);
          g_task_return_error (task, g_steal_pointer (&data->error));
          return;
        }

      log_drop (task, error);
      return;
    }

  {
    g_autofree char *message = g_strdup_printf (_("Dropped the invalid index %s."), index);

    _sluice_executor_emit_simple (self, SLUICE_RUN_EVENT_INFO, self->failed_version, message);
  }
  log_drop (task, NULL);
}

static void
drop_next_index (GTask *task)
{
  SluiceExecutor *self = g_task_get_source_object (task);
  DropData *data = g_task_get_task_data (task);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *sql = NULL;

  if (data->indexes[data->index] == NULL)
    {
      forget_dropped (self, data);
      g_task_return_boolean (task, TRUE);
      return;
    }

  if (g_task_return_error_if_cancelled (task))
    {
      forget_dropped (self, data);
      return;
    }

  g_free (data->started_at);
  data->started_at = g_date_time_format_iso8601 (now);

  /* The names were quoted by the server (format('%I.%I')). */
  sql = g_strdup_printf ("DROP INDEX CONCURRENTLY IF EXISTS %s", data->indexes[data->index]);
  sluice_connection_query_async (self->connection, sql, NULL, 0, g_task_get_cancellable (task),
                                 on_index_dropped, g_object_ref (task));
}

void
sluice_executor_drop_invalid_indexes_async (SluiceExecutor       *self,
                                            GCancellable         *cancellable,
                                            GAsyncReadyCallback   callback,
                                            gpointer              user_data)
{
  g_autoptr(GTask) task = NULL;
  DropData *data;

  g_return_if_fail (SLUICE_IS_EXECUTOR (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sluice_executor_drop_invalid_indexes_async);
  g_task_set_check_cancellable (task, FALSE);

  if (self->busy)
    {
      g_task_return_new_error (task, SLUICE_ERROR, SLUICE_ERROR_BUSY,
                               _("This executor is still running migrations or dropping indexes; "
                                 "no index was dropped."));
      return;
    }

  data = g_new0 (DropData, 1);
  data->indexes = g_strdupv (self->invalid_indexes);
  g_task_set_task_data (task, data, (GDestroyNotify) drop_data_free);
  /* No run, and no second drop, while the indexes are being dropped. */
  self->busy = TRUE;

  drop_next_index (task);
}

gboolean
sluice_executor_drop_invalid_indexes_finish (SluiceExecutor  *self,
                                             GAsyncResult    *result,
                                             GError         **error)
{
  g_return_val_if_fail (SLUICE_IS_EXECUTOR (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == sluice_executor_drop_invalid_indexes_async,
                        FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
