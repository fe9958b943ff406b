/* sluice-executor-tool.c: the folder's tool's own history around a migration
 *
 * What the folder's tool itself writes around a migration, written as it
 * would: its begin statements (golang-migrate's dirty mark, its row as it
 * was read in the same round trip), that row set back after a clean
 * failure, and the tool's own failure rows (Flyway's success = false,
 * Sqitch's "fail" event).  Apart, as these follow each tool's rules rather
 * than Sluice's.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "sluice-executor-private.h"
#include "sluice-history-writer.h"

/* golang-migrate marks a migration dirty before it runs (outside its
 * transaction); when its transaction is rolled back cleanly, the row is
 * set back to what it was, so that `migrate` sees nothing half-done. */
#define GOLANG_MIGRATE_STATE_SQL "SELECT version::text, dirty FROM schema_migrations LIMIT 1"

/* Before the migration ------------------------------------------------------- */

static void
on_begin_statements_done (GObject      *object,
                          GAsyncResult *result,
                          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SluiceExecutorRun *data = g_task_get_task_data (task);
  g_autoptr(GPtrArray) results = NULL;
  GError *error = NULL;

  results = sluice_connection_pipeline_finish (SLUICE_CONNECTION (object), result, &error);
  if (results == NULL)
    {
      _sluice_executor_fail_attempt (task, error);
      return;
    }

  /* golang-migrate's row as it was, read in the same implicit transaction
   * as the dirty mark that replaced it. */
  if (data->tool_state_read)
    {
      SluiceResult *before = g_ptr_array_index (results, 0);

      data->tool_marked = TRUE;
      if (sluice_result_get_n_rows (before) > 0)
        {
          data->tool_version_before = g_strdup (sluice_result_get_value (before, 0, 0));
          data->tool_dirty_before = sluice_result_get_boolean (before, 0, 1);
        }
    }

  data->beginning = FALSE;
  _sluice_executor_start_attempt (task);
}

/* The tool's own statements before the migration's (golang-migrate marks
 * it dirty), then its first attempt. */
void
_sluice_executor_run_tool_begin (GTask *task)
{
  SluiceExecutor *self = g_task_get_source_object (task);
  SluiceExecutorRun *data = g_task_get_task_data (task);
  SluiceMigration *migration = _sluice_executor_current_migration (data);
  g_autoptr(GPtrArray) begin = NULL;
  GError *error = NULL;

  begin = sluice_history_writer_begin_statements (self->options.history_format, migration,
                                                  self->options.direction, &error);
  if (begin == NULL)
    {
      _sluice_executor_fail_attempt (task, error);
      return;
    }

  if (begin->len == 0)
    {
      _sluice_executor_start_attempt (task);
      return;
    }

  data->beginning = TRUE;
  if (self->options.history_format == SLUICE_MIGRATION_FORMAT_GOLANG_MIGRATE)
    {
      data->tool_state_read = TRUE;
      g_ptr_array_insert (begin, 0, g_strdup (GOLANG_MIGRATE_STATE_SQL));
    }
  g_ptr_array_add (begin, NULL);
  sluice_connection_pipeline_async (self->connection, (const char * const *) begin->pdata,
                                    NULL, on_begin_statements_done, g_object_ref (task));
}

/* After a failure ------------------------------------------------------------ */

/* golang-migrate's row could not be set back: say what it reads and how
 * to set it back with golang-migrate's own command. */
static void
append_tool_state_advice (SluiceExecutorRun *data,
                          const char        *reason)
{
  char *message = data->tool_version_before != NULL
    ? g_strdup_printf (_("%s golang-migrate's schema_migrations is left marked dirty, as its row "
                         "could not be set back (%s): nothing of the migration stays, so run "
                         "`migrate force %s` to set it back to version %s, clean."),
                       data->failure->message, reason, data->tool_version_before,
                       data->tool_version_before)
    : g_strdup_printf (_("%s golang-migrate's schema_migrations is left marked dirty, as its row "
                         "could not be removed (%s): nothing of the migration stays, so delete "
                         "that row (DELETE FROM schema_migrations) to set it back to no version."),
                       data->failure->message, reason);

  g_free (data->failure->message);
  data->failure->message = message;
}

static void
on_tool_state_restored (GObject      *object,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SluiceExecutorRun *data = g_task_get_task_data (task);
  g_autoptr(GPtrArray) results = NULL;
  g_autoptr(GError) error = NULL;

  results = sluice_connection_pipeline_finish (SLUICE_CONNECTION (object), result, &error);
  if (results == NULL)
    {
      g_autofree char *reason = _sluice_executor_dup_without_full_stop (error->message);

      append_tool_state_advice (data, reason);
    }

  data->tool_restored = TRUE;
  _sluice_executor_after_attempt_logged (task);
}

/* golang-migrate's row back to what it was before the dirty mark. */
void
_sluice_executor_restore_tool_state (GTask *task)
{
  SluiceExecutor *self = g_task_get_source_object (task);
  SluiceExecutorRun *data = g_task_get_task_data (task);
  g_autofree char *insert = NULL;
  const char *statements[3] = { "TRUNCATE schema_migrations", NULL, NULL };

  if (!_sluice_executor_connection_usable (self))
    {
      append_tool_state_advice (data, _("the connection was lost"));
      data->tool_restored = TRUE;
      _sluice_executor_after_attempt_logged (task);
      return;
    }

  /* The version was the server's bigint: a number, written back as one. */
  if (data->tool_version_before != NULL)
    {
      insert = g_strdup_printf ("INSERT INTO schema_migrations (version, dirty) VALUES (%" G_GINT64_FORMAT ", %s)",
                                g_ascii_strtoll (data->tool_version_before, NULL, 10),
                                data->tool_dirty_before ? "true" : "false");
      statements[1] = insert;
    }

  sluice_connection_pipeline_async (self->connection, statements, NULL,
                                    on_tool_state_restored, g_object_ref (task));
}

/* The tool's own table lacks the failure: its status would not show it. */
static void
append_tool_failure_advice (SluiceExecutorRun *data,
                            const GError      *error)
{
  g_autofree char *reason = _sluice_executor_dup_without_full_stop (error->message);
  char *message = g_strdup_printf (_("%s The tool's own history could not be updated with the "
                                     "failure (%s): its status does not show this failed "
                                     "attempt, while sluice.run_log does."),
                                   data->failure->message, reason);

  g_free (data->failure->message);
  data->failure->message = message;
}

static void
on_tool_failure_recorded (GObject      *object,
                          GAsyncResult *result,
                          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SluiceExecutor *self = g_task_get_source_object (task);
  SluiceExecutorRun *data = g_task_get_task_data (task);
  g_autoptr(GPtrArray) results = NULL;
  g_autoptr(GError) error = NULL;

  results = sluice_connection_pipeline_finish (SLUICE_CONNECTION (object), result, &error);
  g_clear_pointer (&data->tool_failure_statements, g_ptr_array_unref);
  if (results == NULL)
    {
      append_tool_failure_advice (data, error);
    }
  else if (self->options.history_format == SLUICE_MIGRATION_FORMAT_FLYWAY)
    {
      /* "The history does not record it" holds for Sluice's table, no
       * longer for Flyway's, and Flyway stops on that row. */
      char *message = g_strdup_printf (_("%s flyway_schema_history records it as failed "
                                         "(success = false), as Flyway itself does: Flyway runs "
                                         "no migration until `flyway repair` removes that row, "
                                         "once the migration is finished or undone by hand."),
                                       data->failure->message);

      g_free (data->failure->message);
      data->failure->message = message;
    }

  _sluice_executor_after_attempt_logged (task);
}

/* What the folder's tool itself writes when its run fails (Flyway's
 * success = false row, Sqitch's "fail" event), so that its own status
 * tells the same story as sluice.run_log.  Only for the final failure,
 * after Sluice's row, outside the failed transaction, never cancelled;
 * not when nothing ran or the outcome is unknown. */
void
_sluice_executor_record_tool_failure (GTask *task)
{
  SluiceExecutor *self = g_task_get_source_object (task);
  SluiceExecutorRun *data = g_task_get_task_data (task);
  SluiceMigration *migration = _sluice_executor_current_migration (data);
  g_autoptr(GPtrArray) statements = NULL;
  g_autoptr(GError) error = NULL;

  data->tool_failure_recorded = TRUE;

  if (data->statements == NULL || data->refused || data->outcome_unknown ||
      !_sluice_executor_connection_usable (self))
    {
      _sluice_executor_after_attempt_logged (task);
      return;
    }

  statements = sluice_history_writer_failure_statements (self->options.history_format,
                                                         self->options.project, migration,
                                                         self->options.direction,
                                                         _sluice_executor_attempt_ms (data), &error);
  if (statements == NULL)
    {
      append_tool_failure_advice (data, error);
      _sluice_executor_after_attempt_logged (task);
      return;
    }

  if (statements->len == 0)
    {
      _sluice_executor_after_attempt_logged (task);
      return;
    }

  g_ptr_array_add (statements, NULL);
  data->tool_failure_statements = g_steal_pointer (&statements);
  sluice_connection_pipeline_async (self->connection,
                                    (const char * const *) data->tool_failure_statements->pdata,
                                    NULL, on_tool_failure_recorded, g_object_ref (task));
}

