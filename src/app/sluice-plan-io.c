/* sluice-plan-io.c: reading and writing plans off the main thread, for the
 * Plans page and its comparison
 *
 * SluicePlan is built and then only read; a plan made in a worker is
 * handed to the main thread whole, and nothing else touches it meanwhile.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "sluice-plan-io.h"

/* What a parse task reads: the worker gives the text to the plan. */
typedef struct
{
  char *text;
} ParseJob;

static void
parse_job_free (gpointer data)
{
  ParseJob *job = data;

  g_free (job->text);
  g_free (job);
}

static void
parse_worker (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  ParseJob *job = task_data;
  gsize length = strlen (job->text);
  GError *error = NULL;
  /* The copy made for this task becomes the plan's source. */
  SluicePlan *plan = sluice_plan_new_from_data_take (g_steal_pointer (&job->text), length, &error);

  if (plan == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, plan, g_object_unref);
}

void
sluice_plan_io_parse_async (const char          *text,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  ParseJob *job;

  g_return_if_fail (text != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, sluice_plan_io_parse_async);
  job = g_new0 (ParseJob, 1);
  job->text = g_strdup (text);
  g_task_set_task_data (task, job, parse_job_free);
  g_task_run_in_thread (task, parse_worker);
}

SluicePlan *
sluice_plan_io_parse_finish (GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == sluice_plan_io_parse_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
load_worker (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  GFile *file = task_data;
  GError *error = NULL;
  SluicePlan *plan = sluice_plan_new_from_file (file, cancellable, &error);

  if (plan == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, plan, g_object_unref);
}

void
sluice_plan_io_load_async (GFile               *file,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (G_IS_FILE (file));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, sluice_plan_io_load_async);
  g_task_set_task_data (task, g_object_ref (file), g_object_unref);
  g_task_run_in_thread (task, load_worker);
}

SluicePlan *
sluice_plan_io_load_finish (GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == sluice_plan_io_load_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

typedef struct
{
  SluicePlan *plan;
  GFile      *file;
} Save;

static void
save_free (Save *save)
{
  g_clear_object (&save->plan);
  g_clear_object (&save->file);
  g_free (save);
}

static void
save_worker (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  Save *save = task_data;
  GError *error = NULL;

  if (!sluice_plan_save_to_file (save->plan, save->file, cancellable, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

void
sluice_plan_io_save_async (SluicePlan          *plan,
                           GFile               *file,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  Save *save;

  g_return_if_fail (SLUICE_IS_PLAN (plan));
  g_return_if_fail (G_IS_FILE (file));

  save = g_new0 (Save, 1);
  save->plan = g_object_ref (plan);
  save->file = g_object_ref (file);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, sluice_plan_io_save_async);
  g_task_set_task_data (task, save, (GDestroyNotify) save_free);
  g_task_run_in_thread (task, save_worker);
}

gboolean
sluice_plan_io_save_finish (GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == sluice_plan_io_save_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

void
sluice_plan_io_add_filters (GtkFileChooser *chooser)
{
  g_autoptr(GtkFileFilter) plans = gtk_file_filter_new ();
  g_autoptr(GtkFileFilter) all = gtk_file_filter_new ();

  gtk_file_filter_set_name (plans, _("Plans (JSON or text)"));
  gtk_file_filter_add_pattern (plans, "*.json");
  gtk_file_filter_add_pattern (plans, "*.txt");
  gtk_file_filter_add_pattern (plans, "*.plan");
  gtk_file_filter_add_pattern (plans, "*.explain");
  gtk_file_filter_add_pattern (plans, "*.sql");
  gtk_file_filter_add_mime_type (plans, "application/json");
  gtk_file_filter_add_mime_type (plans, "text/plain");
  gtk_file_chooser_add_filter (chooser, plans);

  gtk_file_filter_set_name (all, _("All Files"));
  gtk_file_filter_add_pattern (all, "*");
  gtk_file_chooser_add_filter (chooser, all);

  gtk_file_chooser_set_filter (chooser, plans);
}

char *
sluice_plan_io_suggest_name (SluicePlan *plan)
{
  GDateTime *captured = sluice_plan_get_captured_at (plan);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) local = g_date_time_to_local (captured != NULL ? captured : now);
  g_autofree char *stamp = g_date_time_format (local, "%Y-%m-%d-%H%M%S");

  /* A file name: not translated, so that scripts find it. */
  return g_strdup_printf ("plan-%s.json", stamp);
}
