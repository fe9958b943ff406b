/* sluice-rehearsal-job.c: one rehearsal's state, and how it ends
 *
 * The task data every stage of a rehearsal shares (SluiceRehearsalJob),
 * the sandbox connections it opens, and the one way out of a rehearsal,
 * whether it finished, failed or was cancelled: the first error kept, the
 * connections closed, the sandbox databases dropped (the rehearsal
 * database kept when asked), then the task returned.  Apart from the
 * stages because every stage fails through it, and so that no stage can
 * forget a step of the cleaning up.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "sluice-rehearsal-private.h"
#include "sluice-sql-quote.h"

SluiceRehearsalJob *
_sluice_rehearsal_job_new (SluiceRehearsal *self,
                           GCancellable    *cancellable)
{
  SluiceRehearsalJob *job = g_new0 (SluiceRehearsalJob, 1);

  job->self = self;
  job->cancellable = cancellable != NULL ? g_object_ref (cancellable) : g_cancellable_new ();
  job->names_before = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  job->locks_before = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  job->sampled = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  job->tables_before = g_hash_table_new (g_str_hash, g_str_equal);
  return job;
}

void
_sluice_rehearsal_job_free (SluiceRehearsalJob *job)
{
  if (job->monitor != NULL)
    {
      sluice_run_monitor_stop (job->monitor);
      g_signal_handlers_disconnect_by_data (job->monitor, job);
    }
  if (job->subprocess != NULL)
    g_subprocess_force_exit (job->subprocess);
  g_clear_object (&job->subprocess);
  g_clear_object (&job->launcher);
  if (job->dump_path != NULL)
    g_unlink (job->dump_path);
  if (job->work_dir != NULL)
    g_rmdir (job->work_dir);
  g_free (job->dump_path);
  g_free (job->work_dir);
  g_free (job->probe_name);
  g_clear_object (&job->cancellable);
  g_clear_object (&job->admin);
  g_clear_object (&job->runner);
  g_clear_object (&job->observer);
  g_clear_object (&job->probe);
  g_clear_object (&job->probe_observer);
  g_clear_object (&job->monitor);
  g_clear_object (&job->executor);
  g_clear_object (&job->pre);
  g_clear_error (&job->error);
  g_clear_pointer (&job->split, g_ptr_array_unref);
  g_clear_pointer (&job->tables_before, g_hash_table_unref);
  g_clear_pointer (&job->names_before, g_hash_table_unref);
  g_clear_pointer (&job->locks_before, g_hash_table_unref);
  g_clear_pointer (&job->sampled, g_hash_table_unref);
  g_free (job->running_sql);
  g_free (job);
}

/* Keeps the first error and cleans up: the sandbox databases go even when
 * the rehearsal could not finish. */
void
_sluice_rehearsal_fail (GTask  *task,
                        GError *error)
{
  SluiceRehearsalJob *job = g_task_get_task_data (task);

  if (job->error == NULL)
    job->error = error;
  else
    g_error_free (error);
  _sluice_rehearsal_cleanup (task);
}

char *
_sluice_rehearsal_dup_sandbox_conninfo (SluiceRehearsalJob *job,
                                        const char         *dbname)
{
  return sluice_sandbox_dup_conninfo (job->self->sandbox, dbname);
}

SluiceConnection *
_sluice_rehearsal_new_sandbox_connection (SluiceRehearsalJob *job,
                                          const char         *dbname)
{
  g_autofree char *conninfo = _sluice_rehearsal_dup_sandbox_conninfo (job, dbname);

  return sluice_connection_new (conninfo, NULL);
}

/* Cleaning up ---------------------------------------------------------------- */

static void
finish (GTask *task)
{
  SluiceRehearsalJob *job = g_task_get_task_data (task);

  job->self->busy = FALSE;
  if (job->error != NULL)
    g_task_return_error (task, g_steal_pointer (&job->error));
  else
    g_task_return_boolean (task, TRUE);
}

static void drop_next (GTask *task);

static void
on_dropped (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SluiceRehearsalJob *job = g_task_get_task_data (task);
  g_autoptr(SluiceResult) rows = NULL;
  g_autoptr(GError) error = NULL;

  rows = sluice_connection_query_finish (SLUICE_CONNECTION (object), result, &error);
  if (rows == NULL)
    {
      g_autofree char *message = NULL;

      message = g_strdup_printf (_("A database of the rehearsal could not be dropped from the sandbox (%s); drop it by hand when convenient."),
                                 error->message);
      _sluice_rehearsal_emit (job->self, SLUICE_RUN_EVENT_WARNING, NULL, message);
    }
  drop_next (task);
}

static void
drop_database (GTask      *task,
               const char *name)
{
  SluiceRehearsalJob *job = g_task_get_task_data (task);
  g_autofree char *quoted = sluice_quote_identifier (name);
  g_autofree char *sql = g_strdup_printf ("DROP DATABASE IF EXISTS %s WITH (FORCE)", quoted);

  sluice_connection_query_async (job->admin, sql, NULL, 0, NULL, on_dropped, g_object_ref (task));
}

static void
drop_next (GTask *task)
{
  SluiceRehearsalJob *job = g_task_get_task_data (task);
  SluiceRehearsal *self = job->self;

  if (job->created_probe)
    {
      job->created_probe = FALSE;
      drop_database (task, job->probe_name);
      return;
    }

  if (job->created_database && !self->keep_database)
    {
      job->created_database = FALSE;
      drop_database (task, self->database_name);
      return;
    }

  if (job->created_database && self->keep_database)
    {
      g_autofree char *message = NULL;

      message = g_strdup_printf (_("The rehearsal database %s is kept in the sandbox; drop it when you are done with it."),
                                 self->database_name);
      _sluice_rehearsal_emit (self, SLUICE_RUN_EVENT_INFO, NULL, message);
      job->created_database = FALSE;
    }

  if (job->admin != NULL)
    sluice_connection_close (job->admin);
  finish (task);
}

static void
close_connection (SluiceConnection *connection)
{
  if (connection != NULL)
    sluice_connection_close (connection);
}

void
_sluice_rehearsal_cleanup (GTask *task)
{
  SluiceRehearsalJob *job = g_task_get_task_data (task);

  if (job->monitor != NULL)
    sluice_run_monitor_stop (job->monitor);
  close_connection (job->runner);
  close_connection (job->observer);
  close_connection (job->probe);
  close_connection (job->probe_observer);

  if (job->admin == NULL || sluice_connection_get_state (job->admin) != SLUICE_CONNECTION_READY)
    {
      finish (task);
      return;
    }

  drop_next (task);
}
