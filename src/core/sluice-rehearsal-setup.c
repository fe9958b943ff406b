/* sluice-rehearsal-setup.c: the cloned databases made ready to measure
 *
 * Once the schema is cloned and twinned: the four connections (the
 * executor's and the snapshots' on the rehearsal database, the probe's and
 * its monitor's on the twin), the history tables, then the pre-snapshot
 * the reversibility diff compares with.  Apart from the cloning because
 * none of it concerns the target: it is the rehearsal's own scaffolding,
 * the same whatever the target's schema was.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "sluice-history.h"
#include "sluice-history-writer.h"
#include "sluice-rehearsal-private.h"
#include "sluice-sql.h"

/* The pre-snapshot and the history tables ------------------------------------- */

static void
on_pre_captured (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SluiceRehearsalJob *job = g_task_get_task_data (task);
  GError *error = NULL;

  job->pre = sluice_catalog_capture_finish (result, &error);
  if (job->pre == NULL)
    {
      g_prefix_error (&error, _("The schema of the rehearsal database could not be read: "));
      _sluice_rehearsal_fail (task, error);
      return;
    }

  _sluice_rehearsal_start_probe (task);
}

static void
on_history_ready (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SluiceRehearsalJob *job = g_task_get_task_data (task);
  g_autoptr(GPtrArray) results = NULL;
  GError *error = NULL;

  results = sluice_connection_pipeline_finish (SLUICE_CONNECTION (object), result, &error);
  if (results == NULL)
    {
      g_prefix_error (&error, _("The history tables could not be created in the rehearsal database: "));
      _sluice_rehearsal_fail (task, error);
      return;
    }

  sluice_catalog_capture_async (job->observer, NULL, job->cancellable,
                                on_pre_captured, g_object_ref (task));
}

/* The executor creates its history tables on the first run; creating them
 * first keeps them out of the reversibility diff (the downs remove rows,
 * not tables). */
static void
create_history_tables (GTask *task)
{
  SluiceRehearsalJob *job = g_task_get_task_data (task);
  g_autoptr(GPtrArray) statements = NULL;
  g_autoptr(GPtrArray) tool_statements = NULL;
  g_autoptr(GPtrArray) sql = g_ptr_array_new ();
  GError *error = NULL;

  statements = sluice_sql_split (sluice_history_schema_sql (), 1, &error);
  if (statements == NULL)
    {
      _sluice_rehearsal_fail (task, error);
      return;
    }
  tool_statements = sluice_history_writer_setup_statements (job->self->history_format, NULL, &error);
  if (tool_statements == NULL)
    {
      _sluice_rehearsal_fail (task, error);
      return;
    }

  for (guint i = 0; i < statements->len; i++)
    g_ptr_array_add (sql, ((SluiceStatement *) g_ptr_array_index (statements, i))->text);
  for (guint i = 0; i < tool_statements->len; i++)
    g_ptr_array_add (sql, g_ptr_array_index (tool_statements, i));
  g_ptr_array_add (sql, NULL);

  /* pipeline_async copies nothing it does not need after sending. */
  g_object_set_data_full (G_OBJECT (task), "history-statements", g_ptr_array_ref (statements),
                          (GDestroyNotify) g_ptr_array_unref);
  g_object_set_data_full (G_OBJECT (task), "history-tool-statements", g_ptr_array_ref (tool_statements),
                          (GDestroyNotify) g_ptr_array_unref);
  sluice_connection_pipeline_async (job->runner, (const char * const *) sql->pdata, job->cancellable,
                                    on_history_ready, g_object_ref (task));
}

/* Connections ------------------------------------------------------------------- */

static SluiceConnection **
next_unconnected (SluiceRehearsalJob  *job,
                  const char         **dbname)
{
  SluiceConnection **slots[] = { &job->runner, &job->observer, &job->probe, &job->probe_observer };

  for (guint i = 0; i < G_N_ELEMENTS (slots); i++)
    {
      if (*slots[i] == NULL)
        {
          *dbname = i < 2 ? job->self->database_name : job->probe_name;
          return slots[i];
        }
    }

  return NULL;
}

static void
on_connected (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (!sluice_connection_connect_finish (SLUICE_CONNECTION (object), result, &error))
    {
      g_prefix_error (&error, _("Could not connect to the rehearsal database in the sandbox: "));
      _sluice_rehearsal_fail (task, error);
      return;
    }

  _sluice_rehearsal_connect_next (task);
}

void
_sluice_rehearsal_connect_next (GTask *task)
{
  SluiceRehearsalJob *job = g_task_get_task_data (task);
  const char *dbname = NULL;
  SluiceConnection **slot = next_unconnected (job, &dbname);

  if (slot == NULL)
    {
      create_history_tables (task);
      return;
    }

  *slot = _sluice_rehearsal_new_sandbox_connection (job, dbname);
  sluice_connection_connect_async (*slot, job->cancellable, on_connected, g_object_ref (task));
}
