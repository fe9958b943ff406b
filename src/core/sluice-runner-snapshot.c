/* sluice-runner-snapshot.c: the schema snapshots around a run
 *
 * The run's catalog captures (Sluice's own schema left out: its tables
 * are not the migrations' doing), and where they are kept: a file in the
 * profile's snapshot folder, named after the time, "before" or "after",
 * and the migration ("-revert-" for a down run, so that a rollback plan
 * never takes one for the schema before a migration), saved on a worker
 * thread.  Apart from the driver because a rollback plan reads these
 * files later: their names and metadata are a contract of their own.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "sluice-runner-private.h"

/* Sluice's own tables are not the migration's doing. */
static const char * const excluded_schemas[] = { "sluice", NULL };

void
_sluice_runner_capture_async (SluiceRunnerExecution *data,
                              GCancellable          *cancellable,
                              GAsyncReadyCallback    callback,
                              gpointer               user_data)
{
  sluice_catalog_capture_async (data->run, excluded_schemas, cancellable, callback, user_data);
}

/* "20261121-140207-before-0003.json" in the profile's snapshot folder. */
static GFile *
snapshot_file (SluiceRunner *self,
               const char   *when,
               const char   *version)
{
  g_autoptr(GFile) folder = sluice_catalog_folder_for_profile (sluice_profile_get_id (self->profile));
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *stamp = g_date_time_format (now, "%Y%m%d-%H%M%S");
  g_autofree char *safe_version = g_strdup (version);
  g_autofree char *name = NULL;

  g_strcanon (safe_version, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._-", '_');
  /* A rollback plan takes "*-before-V.json" for the schema before V was
   * applied: a down run's snapshots must not pass for one. */
  if (self->direction == SLUICE_RUN_DOWN)
    name = g_strdup_printf ("%s-%s-revert-%s.json", stamp, when, safe_version);
  else
    name = g_strdup_printf ("%s-%s-%s.json", stamp, when, safe_version);
  return g_file_get_child (folder, name);
}

/* Sets the snapshot's metadata, then saves it on a worker thread (a big
 * schema's file is several MB: the main context must not wait on it);
 * @callback gets @task, and calls _sluice_runner_report_snapshot_saved().
 * Nothing changes @catalog until then. */
void
_sluice_runner_save_snapshot_async (GTask               *task,
                                    SluiceCatalog       *catalog,
                                    const char          *when,
                                    const char          *version,
                                    const char          *current_version,
                                    GAsyncReadyCallback  callback)
{
  SluiceRunnerExecution *data = g_task_get_task_data (task);
  SluiceRunner *self = data->self;
  g_autofree char *label = g_strdup_printf ("%s %s", when, version);

  g_clear_object (&data->snapshot);
  data->snapshot = snapshot_file (self, when, version);

  sluice_catalog_set_profile (catalog, sluice_profile_get_id (self->profile),
                              sluice_profile_get_name (self->profile));
  sluice_catalog_set_migration_version (catalog, current_version);
  sluice_catalog_set_label (catalog, label);

  /* Not the run's cancellable: a snapshot is worth keeping even then. */
  sluice_catalog_save_file_async (catalog, data->snapshot, NULL, callback, task);
}

void
_sluice_runner_report_snapshot_saved (GTask         *task,
                                      SluiceCatalog *catalog,
                                      GAsyncResult  *result)
{
  SluiceRunnerExecution *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  if (sluice_catalog_save_file_finish (catalog, result, &error))
    {
      g_autofree char *path = g_file_get_path (data->snapshot);
      g_autofree char *message = g_strdup_printf (_("Schema snapshot saved: %s."), path);

      _sluice_runner_emit (data->self, SLUICE_RUN_EVENT_INFO, NULL, message);
    }
  else
    {
      g_autofree char *message = g_strdup_printf (_("The schema snapshot could not be saved (%s); the run goes on."),
                                                  error->message);

      _sluice_runner_emit (data->self, SLUICE_RUN_EVENT_WARNING, NULL, message);
    }
}
