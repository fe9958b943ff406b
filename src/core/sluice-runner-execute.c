/* sluice-runner-execute.c: the execution step's driver
 *
 * sluice_runner_execute_async() from start to end: the guards (preflight
 * run and passed, lint not blocking, a backup taken or skipped with a
 * reason), a connection of the run's own, Sluice's advisory lock; then,
 * for a rollback, the plan checked again (sluice-runner-recheck.c); the
 * watch (sluice-runner-watch.c) and the segments (sluice-runner-segments.c);
 * then the lock let go, the post-snapshot, verification
 * (sluice-runner-verify.c), and the one place where every run ends.
 * Apart from the object because it is the longest step, and the one that
 * runs the migrations.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "sluice-connection-private.h"
#include "sluice-error.h"
#include "sluice-runner-private.h"

static void execute_after_snapshot (GObject *source, GAsyncResult *result, gpointer user_data);
static void after_run_connected    (GObject *source, GAsyncResult *result, gpointer user_data);

static void
execute_data_free (SluiceRunnerExecution *data)
{
  _sluice_runner_release_monitor (data);
  if (data->observer != NULL)
    sluice_connection_close (data->observer);
  g_clear_object (&data->observer);
  if (data->run != NULL)
    sluice_connection_close (data->run);
  g_clear_object (&data->run);
  g_clear_object (&data->cancellable);
  g_clear_pointer (&data->note, g_free);
  g_clear_pointer (&data->last_sample, g_free);
  g_clear_error (&data->run_error);
  g_clear_pointer (&data->lock_key, g_free);
  g_clear_pointer (&data->segment, g_ptr_array_unref);
  g_clear_pointer (&data->done, g_ptr_array_unref);
  g_clear_object (&data->snapshot);
  g_free (data);
}

/* A new connection (not connected) to the same server and database as
 * @connection, with the same credentials and settings. */
SluiceConnection *
_sluice_runner_connection_like (SluiceConnection *connection)
{
  return sluice_connection_new_full (_sluice_connection_get_text (connection),
                                     _sluice_connection_get_password (connection),
                                     connection->options);
}

/* The run's connection goes when the run ends, however it ends. */
void
_sluice_runner_close_run_connection (SluiceRunnerExecution *data)
{
  if (data->run != NULL)
    sluice_connection_close (data->run);
}

static gboolean
check_guards (SluiceRunner  *self,
              GError       **error)
{
  if (!self->preflight_done)
    {
      g_set_error (error, SLUICE_ERROR, SLUICE_ERROR_FAILED,
                   _("Preflight has not been run: nothing was run. Run the checks first."));
      return FALSE;
    }
  if (!self->preflight_ok)
    {
      g_set_error (error, SLUICE_ERROR, SLUICE_ERROR_FAILED,
                   _("A preflight check failed: nothing was run. Fix what it reports, then run the checks again."));
      return FALSE;
    }
  if (sluice_runner_lint_blocks (self))
    {
      g_set_error (error, SLUICE_ERROR, SLUICE_ERROR_FAILED,
                   _("The lint found errors that block this profile's runs: nothing was run. "
                     "Fix the statements, silence a rule with “-- sluice:ignore RULE”, or acknowledge the findings."));
      return FALSE;
    }
  if (sluice_runner_backup_required (self) && self->backup == NULL &&
      (self->skip_reason == NULL || *self->skip_reason == '\0'))
    {
      g_set_error (error, SLUICE_ERROR, SLUICE_ERROR_FAILED,
                   _("This profile needs a backup before a run: nothing was run. "
                     "Take one, or give the reason for skipping it."));
      return FALSE;
    }
  return TRUE;
}

static const char *
first_version (SluiceRunner *self)
{
  return sluice_migration_get_version (g_ptr_array_index (self->migrations, 0));
}

static void
after_unlock (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SluiceRunner *self = g_task_get_source_object (task);
  SluiceRunnerExecution *data = g_task_get_task_data (task);
  g_autoptr(SluiceResult) rows = NULL;
  g_autoptr(GError) error = NULL;

  /* The lock goes with the session anyway: a failure here is only said. */
  rows = sluice_connection_query_finish (SLUICE_CONNECTION (source), result, &error);
  if (rows == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("Sluice's advisory lock could not be released (%s); "
                                                    "it goes when this connection closes."),
                                                  error->message);

      _sluice_runner_emit (self, SLUICE_RUN_EVENT_WARNING, NULL, message);
    }

  if (sluice_connection_get_state (data->run) != SLUICE_CONNECTION_READY)
    {
      execute_after_snapshot (NULL, NULL, g_steal_pointer (&task));
      return;
    }

  _sluice_runner_emit (self, SLUICE_RUN_EVENT_STEP, NULL, _("Verifying"));
  _sluice_runner_capture_async (data, NULL,
                                execute_after_snapshot, g_steal_pointer (&task));
}

/* Every segment ran, or one stopped: let go of the lock, then verify. */
void
_sluice_runner_finish_runs (GTask *task)
{
  SluiceRunnerExecution *data = g_task_get_task_data (task);
  SluiceRunner *self = data->self;
  const char *params[] = { data->lock_key };

  g_strfreev (self->done);
  self->done = g_new0 (char *, data->done->len + 1);
  for (guint i = 0; i < data->done->len; i++)
    self->done[i] = g_strdup (g_ptr_array_index (data->done, i));

  if (data->monitor != NULL)
    sluice_run_monitor_stop (data->monitor);
  if (data->observer != NULL)
    sluice_connection_close (data->observer);

  /* A lost connection cannot be read again: verification says so. */
  if (sluice_connection_get_state (data->run) != SLUICE_CONNECTION_READY)
    {
      _sluice_runner_emit (self, SLUICE_RUN_EVENT_WARNING, NULL,
                           _("The connection was lost: the schema was not read after the run, so it is not verified. "
                             "Reconnect and look at the history and the run log."));
      execute_after_snapshot (NULL, NULL, task);
      return;
    }

  if (!data->locked)
    {
      after_unlock (NULL, NULL, task);
      return;
    }

  data->locked = FALSE;
  sluice_connection_query_async (data->run, "SELECT pg_advisory_unlock($1::bigint)",
                                 params, 1, NULL, after_unlock, task);
}

static void
after_lock (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SluiceRunnerExecution *data = g_task_get_task_data (task);
  SluiceRunner *self = data->self;
  g_autoptr(SluiceResult) rows = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;

  rows = sluice_connection_query_finish (SLUICE_CONNECTION (source), result, &error);
  if (rows != NULL && sluice_result_get_boolean (rows, 0, 0))
    {
      data->locked = TRUE;
      if (self->direction == SLUICE_RUN_DOWN)
        _sluice_runner_recheck_plan (g_steal_pointer (&task));
      else
        _sluice_runner_start_monitor_then_executor (g_steal_pointer (&task));
      return;
    }

  if (rows != NULL)
    message = g_strdup_printf (_("Another Sluice run (pid %s) is under way on this database: nothing was run. "
                                 "Wait for it to finish."),
                               sluice_result_get_value (rows, 0, 1) != NULL ? sluice_result_get_value (rows, 0, 1) : "?");
  else
    message = g_strdup_printf (_("Sluice's advisory lock could not be taken (%s): nothing was run."), error->message);

  _sluice_runner_close_run_connection (data);
  self->running = FALSE;
  _sluice_runner_emit (self, SLUICE_RUN_EVENT_FINISHED, NULL, message);
  g_task_return_new_error (task, SLUICE_ERROR, SLUICE_ERROR_BUSY, "%s", message);
}

/* The end of every run, verified or not. */
static void
finish_execute (GTask *task)
{
  SluiceRunnerExecution *data = g_task_get_task_data (task);
  SluiceRunner *self = data->self;
  guint n_done = g_strv_length (self->done);
  g_autofree char *summary = NULL;

  _sluice_runner_close_run_connection (data);
  self->running = FALSE;

  if (data->run_error != NULL)
    {
      summary = g_strdup_printf (_("The run stopped: %s"), data->run_error->message);
      _sluice_runner_emit (self, SLUICE_RUN_EVENT_FINISHED, self->failed_version, summary);
      g_task_return_error (task, g_steal_pointer (&data->run_error));
      g_object_unref (task);
      return;
    }

  summary = g_strdup_printf (self->direction == SLUICE_RUN_UP
                               ? g_dngettext (GETTEXT_PACKAGE, "Done: %u migration applied.",
                                              "Done: %u migrations applied.", n_done)
                               : g_dngettext (GETTEXT_PACKAGE, "Done: %u migration reverted.",
                                              "Done: %u migrations reverted.", n_done),
                             n_done);
  _sluice_runner_emit (self, SLUICE_RUN_EVENT_FINISHED, NULL, summary);
  g_task_return_boolean (task, TRUE);
  g_object_unref (task);
}

static void
execute_after_verify (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  _sluice_runner_verify_finish (SLUICE_RUNNER (source), result);
  finish_execute (user_data);
}

static void
execute_after_saved (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  GTask *task = user_data;
  SluiceRunnerExecution *data = g_task_get_task_data (task);

  _sluice_runner_report_snapshot_saved (task, SLUICE_CATALOG (source), result);
  _sluice_runner_verify_async (data->self, execute_after_verify, task);
}

static void
execute_after_snapshot (GObject      *source,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  GTask *task = user_data;
  SluiceRunnerExecution *data = g_task_get_task_data (task);
  SluiceRunner *self = data->self;
  g_autoptr(GError) error = NULL;
  guint n_done = g_strv_length (self->done);

  if (result != NULL)
    {
      self->after = sluice_catalog_capture_finish (result, &error);
      if (self->after == NULL)
        {
          g_autofree char *message = g_strdup_printf (_("The schema could not be read after the run (%s): "
                                                        "the changes are not verified."),
                                                      error->message);

          _sluice_runner_emit (self, SLUICE_RUN_EVENT_WARNING, NULL, message);
        }
      else
        {
          const char *last = n_done > 0 ? self->done[n_done - 1] : first_version (self);
          const char *current = self->direction == SLUICE_RUN_UP
                                  ? (n_done > 0 ? self->done[n_done - 1] : NULL)
                                  : NULL;

          _sluice_runner_save_snapshot_async (task, self->after, "after", last, current, execute_after_saved);
          return;
        }
    }

  finish_execute (task);
}

void
sluice_runner_execute_async (SluiceRunner        *self,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  SluiceRunnerExecution *data;

  g_return_if_fail (SLUICE_IS_RUNNER (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sluice_runner_execute_async);

  if (self->running)
    {
      g_task_return_new_error (task, SLUICE_ERROR, SLUICE_ERROR_BUSY,
                               _("This run is already under way."));
      return;
    }

  if (!check_guards (self, &error))
    {
      _sluice_runner_emit (self, SLUICE_RUN_EVENT_FINISHED, NULL, error->message);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  g_clear_pointer (&self->failed_version, g_free);
  g_strfreev (self->done);
  self->done = g_new0 (char *, 1);
  g_clear_object (&self->before);
  g_clear_object (&self->after);
  g_clear_object (&self->diff);

  if (self->migrations->len == 0)
    {
      _sluice_runner_emit (self, SLUICE_RUN_EVENT_FINISHED, NULL,
                           self->direction == SLUICE_RUN_UP ? _("Nothing to apply: the database is up to date.")
                                                            : _("Nothing to revert."));
      g_task_return_boolean (task, TRUE);
      return;
    }

  data = g_new0 (SluiceRunnerExecution, 1);
  data->self = self;
  data->cancellable = cancellable != NULL ? g_object_ref (cancellable) : NULL;
  data->note = _sluice_runner_run_note (self);

  data->lock_key = g_strdup_printf ("%" G_GINT64_FORMAT, sluice_executor_advisory_key ());
  data->done = g_ptr_array_new_with_free_func (g_free);
  g_task_set_task_data (task, data, (GDestroyNotify) execute_data_free);

  /* The run has a connection of its own: the caller's is shared with
   * the rest of the session (pages polling on it), whose queries must
   * not land inside the run's transactions, under its lock_timeout, or
   * wait behind a blocked statement. */
  self->running = TRUE;
  data->run = _sluice_runner_connection_like (self->connection);
  sluice_connection_connect_async (data->run, cancellable, after_run_connected, g_steal_pointer (&task));
}

static void
after_run_connected (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SluiceRunnerExecution *data = g_task_get_task_data (task);
  SluiceRunner *self = data->self;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;

  if (!sluice_connection_connect_finish (SLUICE_CONNECTION (source), result, &error))
    {
      message = g_strdup_printf (_("The run's connection could not be opened (%s): nothing was run. "
                                   "Check that the server is reachable, then try again."),
                                 error->message);
      _sluice_runner_close_run_connection (data);
      self->running = FALSE;
      _sluice_runner_emit (self, SLUICE_RUN_EVENT_FINISHED, NULL, message);
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED, "%s", message);
      else
        g_task_return_new_error (task, SLUICE_ERROR, SLUICE_ERROR_CONNECTION, "%s", message);
      return;
    }

  sluice_connection_query_async (data->run,
                                 "SELECT pg_try_advisory_lock($1::bigint),"
                                 "       (SELECT string_agg(pid::text, ', ' ORDER BY pid) FROM pg_locks"
                                 "         WHERE locktype = 'advisory' AND granted AND objsubid = 1"
                                 "           AND database = (SELECT oid FROM pg_database WHERE datname = current_database())"
                                 "           AND (classid::int8 << 32 | objid::int8) = $1::int8"
                                 "           AND pid <> pg_backend_pid())",
                                 (const char * const []) { data->lock_key }, 1, data->cancellable,
                                 after_lock, g_steal_pointer (&task));
}

gboolean
sluice_runner_execute_finish (SluiceRunner  *self,
                              GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (SLUICE_IS_RUNNER (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == sluice_runner_execute_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
