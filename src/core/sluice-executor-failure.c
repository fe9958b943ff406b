/* sluice-executor-failure.c: what follows a failed attempt
 *
 * A step failed: the transaction is rolled back, the invalid index the
 * statement may have left is looked for, and the attempt is written to
 * sluice.run_log, outside the failed transaction; then a lock timeout is
 * retried, or the run stops, once golang-migrate's row is set back and the
 * tool's own history is told.  Apart from the steps that succeed, as every
 * way a step can fail must leave the record true, whatever became of the
 * connection.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "sluice-error.h"
#include "sluice-executor-private.h"

#define RECORD_FAILURE_SQL                                                            \
  "INSERT INTO sluice.run_log (version, name, direction, started_at, finished_at,"    \
  "                            success, error, sqlstate, statements_done,"            \
  "                            statements_total, note)"                               \
  "VALUES ($1::text, $2::text, $10::text, $3::timestamptz,"                           \
  "        $3::timestamptz + $9::bigint * interval '1 millisecond',"                   \
  "        false, $4::text, $5::text, $6::int, $7::int, $8::text)"                     \
  " RETURNING id::text"

/* Nothing of the failed migration stays in the database. */
static gboolean
nothing_stays (SluiceExecutorRun *data)
{
  if (data->statements == NULL || data->refused)
    return TRUE;
  if (data->outcome_unknown || data->transaction_ended)
    return FALSE;
  return data->transactional || data->statements_done == 0;
}

/* The run log row of the attempt is written: report, then retry or stop. */
void
_sluice_executor_after_attempt_logged (GTask *task)
{
  SluiceExecutor *self = g_task_get_source_object (task);
  SluiceExecutorRun *data = g_task_get_task_data (task);
  SluiceMigration *migration = _sluice_executor_current_migration (data);
  g_autoptr(SluiceRunEvent) event = NULL;

  if (data->retrying)
    {
      _sluice_executor_schedule_retry (task);
      return;
    }

  if (data->tool_marked && !data->tool_restored && nothing_stays (data))
    {
      _sluice_executor_restore_tool_state (task);
      return;
    }

  if (!data->tool_failure_recorded)
    {
      _sluice_executor_record_tool_failure (task);
      return;
    }

  g_free (self->failed_version);
  self->failed_version = g_strdup (sluice_migration_get_version (migration));

  event = sluice_run_event_new (SLUICE_RUN_EVENT_MIGRATION_FAILED,
                                sluice_migration_get_version (migration),
                                data->failure->message);
  if (data->statements != NULL)
    sluice_run_event_set_statement (event, MIN (data->statements_done + 1, data->statements->len),
                                    data->statements->len, NULL);
  if (data->cause->domain == SLUICE_SERVER_ERROR)
    sluice_run_event_set_sqlstate (event, sluice_server_error_get_sqlstate (data->cause));
  sluice_run_event_set_elapsed_ms (event, (g_get_monotonic_time () - data->migration_started_us) / 1000.0);
  _sluice_executor_emit_event (self, event);

  _sluice_executor_finish_run (task, g_steal_pointer (&data->failure));
}

static void
on_attempt_logged (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SluiceExecutorRun *data = g_task_get_task_data (task);
  g_autoptr(SluiceResult) query_result = NULL;
  g_autoptr(GError) error = NULL;

  query_result = sluice_connection_query_finish (SLUICE_CONNECTION (object), result, &error);
  g_clear_pointer (&data->attempt_log_id, g_free);
  if (query_result != NULL && sluice_result_get_n_rows (query_result) > 0)
    data->attempt_log_id = g_strdup (sluice_result_get_value (query_result, 0, 0));
  if (query_result == NULL)
    {
      char *message = g_strdup_printf (_("%s The attempt could not be written to sluice.run_log "
                                         "either: %s"),
                                       data->failure->message, error->message);

      g_free (data->failure->message);
      data->failure->message = message;
      /* Without the log, a retry would leave an attempt unrecorded. */
      data->retrying = FALSE;
    }

  _sluice_executor_after_attempt_logged (task);
}

/* Written outside the failed transaction, never cancelled: the record of
 * a failure matters most. */
void
_sluice_executor_log_attempt (GTask *task)
{
  SluiceExecutor *self = g_task_get_source_object (task);
  SluiceExecutorRun *data = g_task_get_task_data (task);
  SluiceMigration *migration = _sluice_executor_current_migration (data);
  g_autofree char *done = g_strdup_printf ("%u", data->statements_done);
  g_autofree char *total = g_strdup_printf ("%u", data->statements != NULL ? data->statements->len : 0);
  g_autofree char *elapsed = g_strdup_printf ("%" G_GINT64_FORMAT, _sluice_executor_attempt_ms (data));
  g_autofree char *retry = data->retrying ? g_strdup_printf ("lock timeout, retry %u of %u follows",
                                                             data->retries + 1, self->options.lock_retries)
                                          : NULL;
  g_autofree char *note = _sluice_executor_run_log_note (self, data, retry);
  const char *params[] = {
    _sluice_executor_migration_key (migration),
    _sluice_executor_migration_name (migration),
    data->started_at,
    data->cause->message,
    data->cause->domain == SLUICE_SERVER_ERROR ? sluice_server_error_get_sqlstate (data->cause) : NULL,
    done,
    total,
    note,
    elapsed,
    sluice_run_direction_to_string (self->options.direction),
  };

  /* Nothing can be written on a lost connection: say so plainly. */
  if (!_sluice_executor_connection_usable (self))
    {
      char *message = g_strdup_printf (_("%s The attempt is not in sluice.run_log: the connection "
                                         "was lost before it could be written there."),
                                       data->failure->message);

      g_free (data->failure->message);
      data->failure->message = message;
      data->retrying = FALSE;
      _sluice_executor_after_attempt_logged (task);
      return;
    }

  if (data->started_at == NULL)
    {
      g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

      data->started_at = g_date_time_format_iso8601 (now);
      params[2] = data->started_at;
    }

  sluice_connection_query_async (self->connection, RECORD_FAILURE_SQL,
                                 params, G_N_ELEMENTS (params), NULL,
                                 on_attempt_logged, g_object_ref (task));
}

static void
on_rolled_back (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(SluiceResult) query_result = NULL;

  /* If even ROLLBACK fails the connection is gone, and the server rolls
   * back by itself; the run log write will say so. */
  query_result = sluice_connection_query_finish (SLUICE_CONNECTION (object), result, NULL);
  _sluice_executor_check_invalid_indexes (task);
}

/* Takes @error. */
void
_sluice_executor_fail_attempt (GTask  *task,
                               GError *error)
{
  SluiceExecutor *self = g_task_get_source_object (task);
  SluiceExecutorRun *data = g_task_get_task_data (task);
  PGTransactionStatusType status = _sluice_executor_transaction_status (self);
  gboolean lasting = data->committing || (!data->transactional && !data->recording);

  /* We had a transaction open and the server has none, the COMMIT aside:
   * a statement ended it, and what ran before stays. */
  data->transaction_ended = data->in_transaction && !data->committing && status == PQTRANS_IDLE;
  if (data->transaction_ended)
    data->in_transaction = FALSE;

  /* A lock timeout of the tool's begin statements is not retried: a
   * retry starts after them (_sluice_executor_start_attempt), so it
   * would run unmarked. */
  data->retrying = data->statements != NULL && !data->recording && !data->beginning &&
                   sluice_server_error_matches (error, SLUICE_SQLSTATE_LOCK_NOT_AVAILABLE) &&
                   data->retries < self->options.lock_retries;

  /* Inside a transaction, anything but the COMMIT is rolled back by the
   * server when the connection goes. */
  data->outcome_unknown = data->statements != NULL && lasting &&
                          data->step_sent && _sluice_executor_is_connection_loss (error);
  g_clear_error (&data->failure);
  g_clear_error (&data->cause);
  data->failure = _sluice_executor_new_failure (self, data, error);
  data->cause = error;

  if (data->in_transaction || status == PQTRANS_INTRANS || status == PQTRANS_INERROR)
    {
      data->in_transaction = FALSE;
      sluice_connection_query_async (self->connection, "ROLLBACK", NULL, 0, NULL,
                                     on_rolled_back, g_object_ref (task));
      return;
    }

  _sluice_executor_check_invalid_indexes (task);
}

