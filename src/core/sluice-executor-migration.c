/* sluice-executor-migration.c: the steps of one migration
 *
 * Each migration in turn: its SQL split into statements, whether it runs
 * in one transaction decided, its tool's begin statements run, then an
 * attempt: BEGIN (or none), each statement in order, and on to its
 * record; once recorded, the next migration.  Apart from the run's start
 * and end (its guards) and from what follows a failed step.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "sluice-error.h"
#include "sluice-executor-private.h"
#include "sluice-sql.h"

/* Its statements and history rows are committed: on to the next. */
void
_sluice_executor_migration_done (GTask *task)
{
  SluiceExecutor *self = g_task_get_source_object (task);
  SluiceExecutorRun *data = g_task_get_task_data (task);
  double elapsed = (g_get_monotonic_time () - data->migration_started_us) / 1000.0;
  guint count = 1 + data->folded;

  /* The folded ones were committed with it: they are done with it. */
  for (guint i = 0; i < count; i++)
    {
      SluiceMigration *migration = g_ptr_array_index (data->migrations, data->index + i);
      g_autoptr(SluiceRunEvent) event = NULL;
      g_autofree char *message = g_strdup_printf (_sluice_executor_going_down (self)
                                                  ? _("Migration “%s” reverted in %.0f ms.")
                                                  : _("Migration “%s” applied in %.0f ms."),
                                                  _sluice_executor_migration_name (migration), elapsed);

      /* A repeatable (Flyway's R__) has no version: its key names it. */
      g_ptr_array_add (data->done, g_strdup (sluice_migration_get_version (migration) != NULL
                                             ? sluice_migration_get_version (migration)
                                             : _sluice_executor_migration_key (migration)));

      event = sluice_run_event_new (SLUICE_RUN_EVENT_MIGRATION_DONE,
                                    sluice_migration_get_version (migration), message);
      sluice_run_event_set_elapsed_ms (event, elapsed);
      _sluice_executor_emit_event (self, event);
    }

  _sluice_executor_run_reset_migration (data);
  data->index += count;
  _sluice_executor_start_next_migration (task);
}

/* Statements ----------------------------------------------------------------- */

static void run_next_statement (GTask *task);

static void
on_statement_done (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SluiceExecutor *self = g_task_get_source_object (task);
  SluiceExecutorRun *data = g_task_get_task_data (task);
  SluiceMigration *migration = _sluice_executor_current_migration (data);
  g_autoptr(SluiceResult) query_result = NULL;
  g_autoptr(SluiceRunEvent) event = NULL;
  g_autofree char *message = NULL;
  GError *error = NULL;
  double elapsed;

  query_result = sluice_connection_query_finish (SLUICE_CONNECTION (object), result, &error);
  if (query_result == NULL)
    {
      _sluice_executor_fail_attempt (task, error);
      return;
    }

  elapsed = sluice_result_get_elapsed_us (query_result) / 1000.0;
  message = g_strdup_printf (_("statement %u/%u done in %.0f ms"),
                             data->statements_done + 1, data->statements->len, elapsed);
  event = sluice_run_event_new (SLUICE_RUN_EVENT_STATEMENT_DONE,
                                sluice_migration_get_version (migration), message);
  sluice_run_event_set_statement (event, data->statements_done + 1, data->statements->len, NULL);
  sluice_run_event_set_elapsed_ms (event, elapsed);

  /* The script's own transaction control is left out, yet a statement
   * could still end the migration's transaction: stop, and say so. */
  if (data->in_transaction && _sluice_executor_transaction_status (self) == PQTRANS_IDLE)
    {
      _sluice_executor_fail_attempt (task,
                                     g_error_new (SLUICE_ERROR, SLUICE_ERROR_INVALID_INPUT,
                                                  _("it ended the migration's transaction")));
      return;
    }

  data->statements_done++;
  _sluice_executor_emit_event (self, event);
  run_next_statement (task);
}

void
_sluice_executor_send_statement (GTask *task)
{
  SluiceExecutor *self = g_task_get_source_object (task);
  SluiceExecutorRun *data = g_task_get_task_data (task);
  SluiceMigration *migration = _sluice_executor_current_migration (data);
  SluiceStatement *statement = g_ptr_array_index (data->statements, data->statements_done);
  g_autoptr(SluiceRunEvent) event = NULL;
  g_autofree char *message = g_strdup_printf (_("statement %u/%u"), data->statements_done + 1,
                                              data->statements->len);

  event = sluice_run_event_new (SLUICE_RUN_EVENT_STATEMENT_STARTED,
                                sluice_migration_get_version (migration), message);
  sluice_run_event_set_statement (event, data->statements_done + 1, data->statements->len,
                                  statement->text);
  _sluice_executor_emit_event (self, event);

  _sluice_executor_send_step (task, statement->text, NULL, 0, g_task_get_cancellable (task),
                              on_statement_done);
}

static void
run_next_statement (GTask *task)
{
  SluiceExecutorRun *data = g_task_get_task_data (task);
  SluiceStatement *statement;

  if (data->statements_done == data->statements->len)
    {
      _sluice_executor_record_success (task);
      return;
    }

  statement = g_ptr_array_index (data->statements, data->statements_done);
  g_clear_pointer (&data->invalid_before, g_free);

  /* The invalid indexes there before, so that the ones this statement
   * leaves can be told from older ones. */
  if (!data->transactional && _sluice_executor_may_leave_invalid_index (statement->text))
    {
      _sluice_executor_read_invalid_before (task);
      return;
    }

  _sluice_executor_send_statement (task);
}

static void
on_begun (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SluiceExecutorRun *data = g_task_get_task_data (task);
  g_autoptr(SluiceResult) query_result = NULL;
  GError *error = NULL;

  query_result = sluice_connection_query_finish (SLUICE_CONNECTION (object), result, &error);
  if (query_result == NULL)
    {
      _sluice_executor_fail_attempt (task, error);
      return;
    }

  data->in_transaction = TRUE;
  run_next_statement (task);
}

void
_sluice_executor_start_attempt (GTask *task)
{
  SluiceExecutorRun *data = g_task_get_task_data (task);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  g_free (data->started_at);
  data->started_at = g_date_time_format_iso8601 (now);
  data->started_us = g_get_monotonic_time ();
  data->step_sent = FALSE;
  data->beginning = FALSE;

  if (!data->transactional)
    {
      run_next_statement (task);
      return;
    }

  _sluice_executor_send_step (task, "BEGIN", NULL, 0, g_task_get_cancellable (task), on_begun);
}

/* Migrations ----------------------------------------------------------------- */

static void
emit_migration_started (SluiceExecutor    *self,
                        SluiceExecutorRun *data)
{
  SluiceMigration *migration = _sluice_executor_current_migration (data);
  guint count = data->statements->len;
  g_autofree char *message = NULL;

  if (data->transactional)
    message = g_strdup_printf (_sluice_executor_going_down (self)
                               ? g_dngettext (GETTEXT_PACKAGE,
                                              "Reverting “%s”: %u statement in one transaction.",
                                              "Reverting “%s”: %u statements in one transaction.", count)
                               : g_dngettext (GETTEXT_PACKAGE,
                                              "Applying “%s”: %u statement in one transaction.",
                                              "Applying “%s”: %u statements in one transaction.", count),
                               _sluice_executor_migration_name (migration), count);
  else
    message = g_strdup_printf (_sluice_executor_going_down (self)
                               ? g_dngettext (GETTEXT_PACKAGE,
                                              "Reverting “%s”: %u statement, run alone without a transaction.",
                                              "Reverting “%s”: %u statements, each run alone without a transaction.",
                                              count)
                               : g_dngettext (GETTEXT_PACKAGE,
                                              "Applying “%s”: %u statement, run alone without a transaction.",
                                              "Applying “%s”: %u statements, each run alone without a transaction.",
                                              count),
                               _sluice_executor_migration_name (migration), count);

  _sluice_executor_emit_simple (self, SLUICE_RUN_EVENT_MIGRATION_STARTED,
                                sluice_migration_get_version (migration), message);
}

void
_sluice_executor_start_next_migration (GTask *task)
{
  SluiceExecutor *self = g_task_get_source_object (task);
  SluiceExecutorRun *data = g_task_get_task_data (task);
  SluiceMigration *migration;
  const char *sql;
  GError *error = NULL;

  if (data->index == data->migrations->len)
    {
      _sluice_executor_finish_run (task, NULL);
      return;
    }

  migration = _sluice_executor_current_migration (data);

  /* Between migrations a cancel leaves nothing half-done to record. */
  if (g_cancellable_is_cancelled (g_task_get_cancellable (task)))
    {
      _sluice_executor_finish_run (task,
                                   g_error_new (G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                                _("The run was cancelled before migration %s; the migrations "
                                                  "before it are done and recorded, nothing of it or after it "
                                                  "was run."),
                                                sluice_migration_get_version (migration)));
      return;
    }

  data->migration_started_us = g_get_monotonic_time ();
  data->started_us = data->migration_started_us;
  data->delay_ms = MAX (self->options.retry_delay_ms, 1);

  sql = _sluice_executor_migration_sql (self, migration);
  data->statements = sluice_sql_split (sql != NULL ? sql : "",
                                       _sluice_executor_going_down (self)
                                       ? 1 : MAX (sluice_migration_get_up_line (migration), 1),
                                       &error);
  if (data->statements == NULL)
    {
      _sluice_executor_fail_attempt (task, error);
      return;
    }

  if (!_sluice_executor_choose_transaction (self, data, &error))
    {
      _sluice_executor_fail_attempt (task, error);
      return;
    }
  emit_migration_started (self, data);

  _sluice_executor_run_tool_begin (task);
}
