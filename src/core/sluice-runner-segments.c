/* sluice-runner-segments.c: the migrations run, segment by segment
 *
 * The run is cut into segments, each run by an executor of its own under
 * the runner's timeouts and retries, each after a pre-snapshot of its
 * own: a migration without a down script starts a new segment, because a
 * rollback plan reverts it with the DDL back to the schema just before it
 * ran.  The runner holds Sluice's advisory lock across all segments.  A
 * segment that fails, or a cancel between segments, ends the run
 * (_sluice_runner_finish_runs()).  Apart from the driver, which takes
 * the connection and the lock around this and verifies after it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "sluice-error.h"
#include "sluice-runner-private.h"

static void execute_after_run (GObject *source, GAsyncResult *result, gpointer user_data);

static void
on_executor_event (SluiceExecutor *executor,
                   SluiceRunEvent *event,
                   SluiceRunner   *self)
{
  /* The executor's own "finished" is not the run's: verification follows. */
  if (sluice_run_event_get_kind (event) == SLUICE_RUN_EVENT_FINISHED)
    return;
  _sluice_runner_emit_event (self, event);
}

static void
start_executor (GTask *task)
{
  SluiceRunnerExecution *data = g_task_get_task_data (task);
  SluiceRunner *self = data->self;
  SluiceExecuteOptions options;
  g_autofree char *settings = NULL;
  g_autofree char *lock_text = NULL;
  g_autofree char *statement_text = NULL;
  guint lock_ms = _sluice_runner_effective_lock_timeout_ms (self);
  guint statement_ms = _sluice_runner_effective_statement_timeout_ms (self);

  sluice_execute_options_init (&options);
  options.direction = self->direction;
  options.history_format = sluice_migration_folder_get_format (self->folder);
  options.project = sluice_migration_folder_get_project (self->folder);
  options.lock_timeout_ms = lock_ms;
  options.statement_timeout_ms = statement_ms;
  if (self->lock_retries != SLUICE_RUNNER_NOT_SET)
    options.lock_retries = self->lock_retries;
  options.note = data->note;

  lock_text = lock_ms > 0 ? g_strdup_printf ("%u ms", lock_ms) : g_strdup (_("the server's"));
  statement_text = statement_ms > 0 ? g_strdup_printf ("%u ms", statement_ms) : g_strdup (_("the server's"));
  settings = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           "lock_timeout = %s, statement_timeout = %s, up to %u retry after a lock timeout.",
                                           "lock_timeout = %s, statement_timeout = %s, up to %u retries after a lock timeout.",
                                           options.lock_retries),
                              lock_text, statement_text, options.lock_retries);
  if (self->executor == NULL)
    _sluice_runner_emit (self, SLUICE_RUN_EVENT_INFO, NULL, settings);

  g_clear_object (&self->executor);
  self->executor = sluice_executor_new (data->run, &options);
  g_signal_connect_object (self->executor, "event", G_CALLBACK (on_executor_event), self, 0);

  /* The executor names its own step ("Applying migrations"). */
  sluice_executor_run_async (self->executor, data->segment, data->cancellable,
                             execute_after_run, task);
}

/* Segments.  A rollback plan reverts a migration without a down script
 * with the DDL back to "*-before-V.json", the schema just before V ran:
 * so each such migration starts a segment of its own, with its own
 * pre-snapshot, run by its own executor.  The runner holds Sluice's
 * advisory lock across all segments (session locks stack: each
 * executor's take and release leave the runner's), so that no other run
 * slips in between. */
static gboolean
starts_segment (SluiceRunner *self,
                guint         index)
{
  SluiceMigration *migration = g_ptr_array_index (self->migrations, index);

  return index == 0 ||
         (self->direction == SLUICE_RUN_UP && sluice_migration_get_down_sql (migration) == NULL);
}

static void
segment_before_saved (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  GTask *task = user_data;

  _sluice_runner_report_snapshot_saved (task, SLUICE_CATALOG (source), result);
  start_executor (task);
}

static void
segment_after_snapshot (GObject      *source,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SluiceRunnerExecution *data = g_task_get_task_data (task);
  SluiceRunner *self = data->self;
  SluiceMigration *first = g_ptr_array_index (data->segment, 0);
  g_autoptr(SluiceCatalog) catalog = NULL;
  g_autoptr(GError) error = NULL;

  catalog = sluice_catalog_capture_finish (result, &error);
  if (catalog == NULL)
    {
      g_set_error (&data->run_error, SLUICE_ERROR, SLUICE_ERROR_FAILED,
                   _("The schema could not be read before migration %s (%s): it was not run, "
                     "nor anything after it."),
                   sluice_migration_get_version (first), error->message);
      _sluice_runner_finish_runs (g_steal_pointer (&task));
      return;
    }

  if (self->before == NULL)
    self->before = g_object_ref (catalog);

  /* The version current at that point: the last one this run applied,
   * else the history's. */
  _sluice_runner_save_snapshot_async (g_steal_pointer (&task), catalog, "before", sluice_migration_get_version (first),
                                      self->direction == SLUICE_RUN_UP && data->done->len > 0
                                        ? g_ptr_array_index (data->done, data->done->len - 1)
                                        : self->status != NULL ? sluice_status_report_get_current_version (self->status) : NULL,
                                      segment_before_saved);
}

void
_sluice_runner_run_next_segment (GTask *task)
{
  SluiceRunnerExecution *data = g_task_get_task_data (task);
  SluiceRunner *self = data->self;
  guint end;

  if (data->next >= self->migrations->len)
    {
      _sluice_runner_finish_runs (task);
      return;
    }

  if (g_cancellable_set_error_if_cancelled (data->cancellable, &data->run_error))
    {
      _sluice_runner_finish_runs (task);
      return;
    }

  for (end = data->next + 1; end < self->migrations->len && !starts_segment (self, end); end++)
    ;

  g_clear_pointer (&data->segment, g_ptr_array_unref);
  data->segment = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = data->next; i < end; i++)
    g_ptr_array_add (data->segment, g_object_ref (g_ptr_array_index (self->migrations, i)));
  data->next = end;

  _sluice_runner_emit (self, SLUICE_RUN_EVENT_STEP, NULL,
                       self->before == NULL ? _("Reading the schema before the run")
                                            : _("Reading the schema before the next migration"));
  _sluice_runner_capture_async (data, data->cancellable,
                                segment_after_snapshot, task);
}

static void
execute_after_run (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SluiceRunnerExecution *data = g_task_get_task_data (task);
  SluiceRunner *self = data->self;
  g_auto(GStrv) done = NULL;

  sluice_executor_run_finish (self->executor, result, &done, &data->run_error);

  for (guint i = 0; done != NULL && done[i] != NULL; i++)
    g_ptr_array_add (data->done, g_strdup (done[i]));
  g_free (self->failed_version);
  self->failed_version = g_strdup (sluice_executor_get_failed_version (self->executor));

  if (data->run_error != NULL)
    _sluice_runner_finish_runs (g_steal_pointer (&task));
  else
    _sluice_runner_run_next_segment (g_steal_pointer (&task));
}
