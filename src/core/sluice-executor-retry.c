/* sluice-executor-retry.c: retrying after a lock timeout
 *
 * A statement that waited longer than lock_timeout for a lock (SQLSTATE
 * 55P03) is retried after a delay that doubles, up to lock_retries times:
 * in a transaction, the whole migration again.  A cancel during the wait
 * ends the run, and the attempt's run log row stops promising a retry.
 * Apart, as the wait is the one step that is a timer, not a query.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "sluice-executor-private.h"

/* A cancel while waiting to retry: the row must not promise a retry. */
#define RECORD_CANCELLED_RETRY_SQL                                                    \
  "UPDATE sluice.run_log SET note = $2::text WHERE id = $1::bigint"

static void
on_cancelled_retry_noted (GObject      *object,
                          GAsyncResult *result,
                          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SluiceExecutorRun *data = g_task_get_task_data (task);
  g_autoptr(SluiceResult) query_result = NULL;
  g_autoptr(GError) error = NULL;

  query_result = sluice_connection_query_finish (SLUICE_CONNECTION (object), result, &error);
  if (query_result == NULL)
    {
      char *message = g_strdup_printf (_("%s Its row in sluice.run_log still says that a retry "
                                         "follows: it could not be corrected (%s)."),
                                       data->failure->message, error->message);

      g_free (data->failure->message);
      data->failure->message = message;
    }

  _sluice_executor_after_attempt_logged (task);
}

/* The attempt's run log row said "retry N of M follows": it says now that
 * the run was cancelled instead. */
static void
note_cancelled_retry (GTask *task)
{
  SluiceExecutor *self = g_task_get_source_object (task);
  SluiceExecutorRun *data = g_task_get_task_data (task);
  g_autofree char *extra = NULL;
  g_autofree char *note = NULL;
  const char *params[2];

  if (data->attempt_log_id == NULL || !_sluice_executor_connection_usable (self))
    {
      _sluice_executor_after_attempt_logged (task);
      return;
    }

  extra = g_strdup_printf ("lock timeout, cancelled before retry %u of %u",
                           data->retries + 1, self->options.lock_retries);
  note = _sluice_executor_run_log_note (self, data, extra);
  params[0] = data->attempt_log_id;
  params[1] = note;
  sluice_connection_query_async (self->connection, RECORD_CANCELLED_RETRY_SQL, params,
                                 G_N_ELEMENTS (params), NULL, on_cancelled_retry_noted,
                                 g_object_ref (task));
}

static gboolean
on_retry_delay (gpointer user_data)
{
  GTask *task = user_data;
  SluiceExecutor *self = g_task_get_source_object (task);
  SluiceExecutorRun *data = g_task_get_task_data (task);

  /* The attempt that timed out is logged already: a cancel now only
   * means that no other attempt follows. */
  if (g_cancellable_is_cancelled (g_task_get_cancellable (task)))
    {
      g_autoptr(GError) cancelled =
        g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED,
                             _("the run was cancelled while it waited to retry after a lock timeout"));

      data->retrying = FALSE;
      g_clear_error (&data->failure);
      data->failure = _sluice_executor_new_failure (self, data, cancelled);
      note_cancelled_retry (task);
      return G_SOURCE_REMOVE;
    }

  data->retries++;
  data->delay_ms *= 2;
  g_clear_error (&data->cause);
  data->retrying = FALSE;
  if (data->transactional)
    data->statements_done = 0;
  _sluice_executor_start_attempt (task);
  return G_SOURCE_REMOVE;
}

void
_sluice_executor_schedule_retry (GTask *task)
{
  SluiceExecutor *self = g_task_get_source_object (task);
  SluiceExecutorRun *data = g_task_get_task_data (task);
  SluiceMigration *migration = _sluice_executor_current_migration (data);
  g_autofree char *message = NULL;
  g_autoptr(SluiceRunEvent) event = NULL;
  g_autoptr(GSource) source = NULL;

  message = g_strdup_printf (data->transactional
                             ? _("Statement %u of %u waited longer than lock_timeout for a lock; "
                                 "the migration was rolled back and is retried in %u ms (retry %u of %u).")
                             : _("Statement %u of %u waited longer than lock_timeout for a lock; "
                                 "it is retried in %u ms (retry %u of %u)."),
                             data->statements_done + 1, data->statements->len,
                             data->delay_ms, data->retries + 1, self->options.lock_retries);
  event = sluice_run_event_new (SLUICE_RUN_EVENT_LOCK_RETRY,
                                sluice_migration_get_version (migration), message);
  sluice_run_event_set_sqlstate (event, SLUICE_SQLSTATE_LOCK_NOT_AVAILABLE);
  sluice_run_event_set_elapsed_ms (event, data->delay_ms);
  _sluice_executor_emit_event (self, event);

  /* On the caller's main context, as every other step. */
  source = g_timeout_source_new (data->delay_ms);
  g_source_set_callback (source, on_retry_delay, g_object_ref (task), g_object_unref);
  g_source_attach (source, g_task_get_context (task));
}

