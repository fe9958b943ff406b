/* sluice-runner-recheck.c: a rollback plan, checked again under the lock
 *
 * Minutes may pass between preflight and the run (backup, the person
 * reading): once the run holds Sluice's advisory lock, so that no other
 * run slips in, the history is read again and the plan's steps compared
 * with it as preflight does (_sluice_runner_describe_stale_plan()).  A plan
 * gone stale refuses the run: the lock is let go, nothing is run.  Apart
 * from the driver because only a rollback goes through it, and its
 * refusal has a way out of its own.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "sluice-error.h"
#include "sluice-runner-private.h"

/* A rollback refused under the lock: the lock goes, nothing was run. */
static void
after_refusal_unlock (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SluiceRunnerExecution *data = g_task_get_task_data (task);
  SluiceRunner *self = data->self;
  g_autoptr(SluiceResult) rows = NULL;

  /* A failure to unlock is no news: the lock goes with the session. */
  rows = sluice_connection_query_finish (SLUICE_CONNECTION (source), result, NULL);

  _sluice_runner_close_run_connection (data);
  self->running = FALSE;
  _sluice_runner_emit (self, SLUICE_RUN_EVENT_FINISHED, NULL, data->run_error->message);
  g_task_return_error (task, g_steal_pointer (&data->run_error));
}

static void
refuse_locked (GTask *task)
{
  SluiceRunnerExecution *data = g_task_get_task_data (task);
  const char *params[] = { data->lock_key };

  data->locked = FALSE;
  sluice_connection_query_async (data->run, "SELECT pg_advisory_unlock($1::bigint)",
                                 params, 1, NULL, after_refusal_unlock, task);
}

static void
recheck_plan_done (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  GTask *task = user_data;
  SluiceRunnerExecution *data = g_task_get_task_data (task);
  SluiceRunner *self = data->self;
  g_autoptr(SluiceHistory) history = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *stale = NULL;

  history = sluice_history_read_finish (result, &error);
  if (history == NULL)
    {
      g_set_error (&data->run_error, SLUICE_ERROR, SLUICE_ERROR_FAILED,
                   _("The history could not be read again before the rollback (%s): nothing was run."),
                   error->message);
      refuse_locked (task);
      return;
    }

  g_clear_object (&self->status);
  self->status = sluice_status_report_new (self->folder, history);
  stale = _sluice_runner_describe_stale_plan (self);
  if (stale != NULL)
    {
      g_set_error_literal (&data->run_error, SLUICE_ERROR, SLUICE_ERROR_FAILED, stale);
      refuse_locked (task);
      return;
    }

  _sluice_runner_start_monitor_then_executor (task);
}

/* Minutes may pass between preflight and the run (backup, rehearsal):
 * under the lock, so that no other Sluice run slips in, the rollback
 * plan is checked again against the history as it is now. */
void
_sluice_runner_recheck_plan (GTask *task)
{
  SluiceRunnerExecution *data = g_task_get_task_data (task);
  SluiceRunner *self = data->self;

  sluice_history_read_full_async (data->run,
                                  sluice_migration_folder_get_format (self->folder),
                                  sluice_migration_folder_get_project (self->folder),
                                  data->cancellable, recheck_plan_done, task);
}
