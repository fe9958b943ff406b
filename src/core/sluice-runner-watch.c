/* sluice-runner-watch.c: what the run waits on, as it happens
 *
 * A SluiceRunMonitor on a second connection (same server, database and
 * credentials as the run's) samples the run's backend: the locks it waits
 * for and the progress of an index build, forwarded as events; a wait's
 * sentence is repeated every few seconds at most, so that a long wait
 * does not flood the log.  Watching is best effort: when the second
 * connection cannot be opened or the monitor fails, the run goes on.
 * Apart from the driver because nothing in the run depends on it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "sluice-runner-private.h"

#define MONITOR_INTERVAL_MS 250
#define MONITOR_REPEAT_US (2 * G_USEC_PER_SEC)

static void
on_monitor_sample (SluiceRunMonitor *monitor,
                   SluiceRunSample  *sample,
                   GTask            *task)
{
  SluiceRunnerExecution *data = g_task_get_task_data (task);
  g_autofree char *text = sluice_run_sample_describe (sample);
  double fraction = sluice_run_sample_get_index_fraction (sample);
  SluiceRunEventKind kind = fraction >= 0 ? SLUICE_RUN_EVENT_PROGRESS : SLUICE_RUN_EVENT_WAITING;
  gint64 now = g_get_monotonic_time ();
  g_autoptr(SluiceRunEvent) event = NULL;

  if (text == NULL || g_strcmp0 (text, data->last_sample) == 0)
    return;

  /* A wait's sentence changes with every sample (its seconds count up):
   * a new line when the run starts waiting or building, then one every
   * few seconds, so that a long wait does not flood the log. */
  if (data->last_sample != NULL && kind == data->last_sample_kind &&
      now - data->last_sample_time < MONITOR_REPEAT_US)
    return;

  g_free (data->last_sample);
  data->last_sample = g_strdup (text);
  data->last_sample_kind = kind;
  data->last_sample_time = now;

  event = sluice_run_event_new (kind, NULL, text);
  if (fraction >= 0)
    sluice_run_event_set_fraction (event, fraction);
  _sluice_runner_emit_event (data->self, event);
}

static void
on_monitor_failed (SluiceRunMonitor *monitor,
                   const GError     *error,
                   GTask            *task)
{
  SluiceRunnerExecution *data = g_task_get_task_data (task);

  _sluice_runner_emit (data->self, SLUICE_RUN_EVENT_WARNING, NULL,
                       _("The run's locks and progress can no longer be watched; the run itself goes on."));
}

static void
execute_after_observer (GObject      *source,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SluiceRunnerExecution *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  if (sluice_connection_connect_finish (SLUICE_CONNECTION (source), result, &error))
    {
      data->monitor = sluice_run_monitor_new (data->observer,
                                              sluice_connection_get_backend_pid (data->run),
                                              MONITOR_INTERVAL_MS);
      g_signal_connect (data->monitor, "sample", G_CALLBACK (on_monitor_sample), task);
      g_signal_connect (data->monitor, "failed", G_CALLBACK (on_monitor_failed), task);
      sluice_run_monitor_start (data->monitor);
    }
  else
    {
      g_autofree char *message = g_strdup_printf (_("The run's locks and progress cannot be watched (%s); the run goes on."),
                                                  error->message);

      _sluice_runner_emit (data->self, SLUICE_RUN_EVENT_WARNING, NULL, message);
      g_clear_object (&data->observer);
    }

  _sluice_runner_run_next_segment (g_steal_pointer (&task));
}

/* The monitor watches from a second connection to the same server and
 * database, with the same credentials. */
void
_sluice_runner_start_monitor_then_executor (GTask *task)
{
  SluiceRunnerExecution *data = g_task_get_task_data (task);

  data->observer = _sluice_runner_connection_like (data->self->connection);
  sluice_connection_connect_async (data->observer, data->cancellable,
                                   execute_after_observer, task);
}

void
_sluice_runner_release_monitor (SluiceRunnerExecution *data)
{
  if (data->monitor != NULL)
    {
      g_signal_handlers_disconnect_matched (data->monitor, G_SIGNAL_MATCH_FUNC, 0, 0, NULL,
                                            on_monitor_sample, NULL);
      g_signal_handlers_disconnect_matched (data->monitor, G_SIGNAL_MATCH_FUNC, 0, 0, NULL,
                                            on_monitor_failed, NULL);
      sluice_run_monitor_stop (data->monitor);
    }
  g_clear_object (&data->monitor);
}
