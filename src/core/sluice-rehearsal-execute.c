/* sluice-rehearsal-execute.c: the real run in the sandbox, and back
 *
 * After the probe pass, SluiceExecutor runs the migrations on the
 * rehearsal database exactly as the real run will (history tables
 * included), timed; then their downs, newest first, when every migration
 * has one; then the schema is read again and diffed against the
 * pre-snapshot: the migrations are reversible when that diff is empty.
 * Apart from the probe pass because this is the executor's run, not the
 * rehearsal's own: what it shows is whether the real run and a rollback
 * would succeed, not what each statement does.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "sluice-rehearsal-private.h"

/* Reversibility ------------------------------------------------------------- */

static void
on_post_captured (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SluiceRehearsalJob *job = g_task_get_task_data (task);
  SluiceRehearsal *self = job->self;
  g_autoptr(SluiceCatalog) post = NULL;
  g_autofree char *summary = NULL;
  g_autofree char *message = NULL;
  GError *error = NULL;

  post = sluice_catalog_capture_finish (result, &error);
  if (post == NULL)
    {
      g_prefix_error (&error, _("The schema after the down migrations could not be read: "));
      _sluice_rehearsal_fail (task, error);
      return;
    }

  g_clear_object (&self->reversibility_diff);
  self->reversibility_diff = sluice_diff_new (job->pre, post, 0);
  if (sluice_diff_is_empty (self->reversibility_diff))
    {
      _sluice_rehearsal_emit (self, SLUICE_RUN_EVENT_INFO, NULL,
                              _("The down migrations brought the schema back to what it was before: the migrations are reversible."));
    }
  else
    {
      summary = sluice_diff_describe (self->reversibility_diff);
      message = g_strdup_printf (_("After the down migrations the schema is not what it was before (%s): the migrations are not reversible as written. Fix the down migrations before relying on a rollback."),
                                 summary);
      _sluice_rehearsal_emit (self, SLUICE_RUN_EVENT_WARNING, NULL, message);
    }

  _sluice_rehearsal_cleanup (task);
}

static void
capture_post (GTask *task)
{
  SluiceRehearsalJob *job = g_task_get_task_data (task);

  sluice_catalog_capture_async (job->observer, NULL, job->cancellable,
                                on_post_captured, g_object_ref (task));
}

static void
on_down_done (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SluiceRehearsalJob *job = g_task_get_task_data (task);
  g_auto(GStrv) done = NULL;
  GError *error = NULL;

  _sluice_rehearsal_set_down_tested (job->self, TRUE);

  if (!sluice_executor_run_finish (SLUICE_EXECUTOR (object), result, &done, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          _sluice_rehearsal_fail (task, error);
          return;
        }

      /* Still compare the schema: it shows how far from reversible. */
      g_prefix_error (&error, _("A down migration failed in the rehearsal: "));
      job->error = error;
    }

  capture_post (task);
}

static gboolean
every_migration_has_down (SluiceRehearsal *self)
{
  for (guint i = 0; i < self->migrations->len; i++)
    {
      if (sluice_migration_get_down_sql (g_ptr_array_index (self->migrations, i)) == NULL)
        return FALSE;
    }

  return self->migrations->len > 0;
}

static void
on_executor_event (SluiceExecutor  *executor,
                   SluiceRunEvent  *event,
                   SluiceRehearsal *self)
{
  _sluice_rehearsal_emit_event (self, event);
}

static SluiceExecutor *
new_executor (SluiceRehearsalJob *job,
              SluiceRunDirection  direction)
{
  SluiceExecuteOptions options;
  SluiceExecutor *executor;

  sluice_execute_options_init (&options);
  options.direction = direction;
  options.history_format = job->self->history_format;
  /* Nothing else uses the sandbox database: a lock wait is a bug to see. */
  options.lock_retries = 0;
  options.note = direction == SLUICE_RUN_UP ? "rehearsal" : "rehearsal (down)";

  executor = sluice_executor_new (job->runner, &options);
  g_signal_connect_object (executor, "event", G_CALLBACK (on_executor_event), job->self, 0);
  return executor;
}

static void
run_downs (GTask *task)
{
  SluiceRehearsalJob *job = g_task_get_task_data (task);
  SluiceRehearsal *self = job->self;
  g_autoptr(GPtrArray) newest_first = NULL;

  if (!every_migration_has_down (self))
    {
      _sluice_rehearsal_emit (self, SLUICE_RUN_EVENT_WARNING, NULL,
                              _("Not every migration has a down migration, so reversibility was not tested; a rollback would need DDL generated from the snapshot."));
      _sluice_rehearsal_cleanup (task);
      return;
    }

  _sluice_rehearsal_emit (self, SLUICE_RUN_EVENT_STEP, NULL, _("Running the down migrations in the sandbox"));
  newest_first = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = self->migrations->len; i > 0; i--)
    g_ptr_array_add (newest_first, g_object_ref (g_ptr_array_index (self->migrations, i - 1)));

  g_clear_object (&job->executor);
  job->executor = new_executor (job, SLUICE_RUN_DOWN);
  sluice_executor_run_async (job->executor, newest_first, job->cancellable,
                             on_down_done, g_object_ref (task));
}

/* The real run, by the executor ----------------------------------------------- */

static void
on_up_done (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SluiceRehearsalJob *job = g_task_get_task_data (task);
  g_auto(GStrv) done = NULL;
  GError *error = NULL;

  _sluice_rehearsal_set_duration_ms (job->self, (g_get_monotonic_time () - job->run_started) / 1000.0);

  if (!sluice_executor_run_finish (SLUICE_EXECUTOR (object), result, &done, &error))
    {
      g_prefix_error (&error, _("The migrations failed in the rehearsal, so they would fail on the target too; nothing was changed on the target: "));
      _sluice_rehearsal_fail (task, error);
      return;
    }

  run_downs (task);
}

void
_sluice_rehearsal_run_executor (GTask *task)
{
  SluiceRehearsalJob *job = g_task_get_task_data (task);

  _sluice_rehearsal_emit (job->self, SLUICE_RUN_EVENT_STEP, NULL, _("Running the migrations in the sandbox as the real run will"));
  job->executor = new_executor (job, SLUICE_RUN_UP);
  job->run_started = g_get_monotonic_time ();
  sluice_executor_run_async (job->executor, job->self->migrations, job->cancellable,
                             on_up_done, g_object_ref (task));
}
