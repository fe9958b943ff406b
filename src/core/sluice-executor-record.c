/* sluice-executor-record.c: recording the migrations that succeeded
 *
 * The history tables, Sluice's and the folder's tool's, made ready before
 * the first migration; then, once a migration's statements all ran, its
 * history rows (Sluice's row with its run log row, then the tool's rows)
 * and the COMMIT that makes them one with its statements.  Going down, the
 * covered steps that follow are recorded in the same transaction
 * (fold_covered_steps).  Apart from running the statements, as the record
 * has rules of its own: never cancelled, written both or neither.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "sluice-executor-private.h"
#include "sluice-history-private.h"
#include "sluice-history-writer.h"
#include "sluice-sql.h"

/* The history row and the run log row in one statement.  A repeatable
 * migration (Flyway's R__) runs again when it changed: its row is brought
 * up to date rather than added twice.  Both times of a
 * run log row are the client's (finished_at = started_at + the time on
 * the monotonic clock), as in the plain applier. */
#define RECORD_UP_SQL                                                                 \
  "WITH recorded AS ("                                                                \
  "  INSERT INTO sluice.migrations (version, name, checksum, execution_ms)"           \
  "  VALUES ($1::text, $2::text, $3::text, $4::bigint)"                               \
  "  ON CONFLICT (version) DO UPDATE"                                                 \
  "    SET name = EXCLUDED.name, checksum = EXCLUDED.checksum,"                       \
  "        applied_by = current_user, applied_at = now(),"                            \
  "        execution_ms = EXCLUDED.execution_ms"                                      \
  "  RETURNING version"                                                               \
  ")"                                                                                 \
  "INSERT INTO sluice.run_log (version, name, direction, started_at, finished_at,"    \
  "                            success, statements_done, statements_total, note)"     \
  "SELECT version, $2::text, 'up', $5::timestamptz,"                                  \
  "       $5::timestamptz + $4::bigint * interval '1 millisecond',"                    \
  "       true, $6::int, $6::int, $7::text"                                           \
  "  FROM recorded"

/* A data-modifying WITH runs whether or not it is read: the run log row is
 * written even when Sluice's table never had the migration (another tool
 * applied it). */
#define RECORD_DOWN_SQL                                                               \
  "WITH removed AS ("                                                                 \
  "  DELETE FROM sluice.migrations WHERE version = $1::text"                          \
  ")"                                                                                 \
  "INSERT INTO sluice.run_log (version, name, direction, started_at, finished_at,"    \
  "                            success, statements_done, statements_total, note)"     \
  "VALUES ($1::text, $2::text, 'down', $4::timestamptz,"                              \
  "        $4::timestamptz + $3::bigint * interval '1 millisecond',"                   \
  "        true, $5::int, $5::int, $6::text)"

/* History tables ------------------------------------------------------------- */

static void
on_tables_ready (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GPtrArray) results = NULL;
  g_autoptr(GError) error = NULL;

  results = sluice_connection_pipeline_finish (SLUICE_CONNECTION (object), result, &error);
  if (results == NULL)
    {
      g_autofree char *reason = _sluice_executor_dup_without_full_stop (error->message);

      _sluice_executor_finish_run (task,
                                   g_error_new (error->domain, error->code,
                                                _("The history tables could not be created: %s. No migration "
                                                  "was run and nothing was changed."),
                                                reason));
      return;
    }

  _sluice_executor_start_next_migration (task);
}

/* Sluice's own tables, then the tool's, in one round trip. */
void
_sluice_executor_prepare_history_tables (GTask *task)
{
  SluiceExecutor *self = g_task_get_source_object (task);
  g_autoptr(GPtrArray) statements = g_ptr_array_new ();
  g_autoptr(GPtrArray) setup = NULL;
  const char * const *own = _sluice_history_schema_statements ();
  GError *error = NULL;

  setup = sluice_history_writer_setup_statements (self->options.history_format,
                                                  self->options.project, &error);
  if (setup == NULL)
    {
      _sluice_executor_finish_run (task, error);
      return;
    }

  for (guint i = 0; own[i] != NULL; i++)
    g_ptr_array_add (statements, (gpointer) own[i]);
  for (guint i = 0; i < setup->len; i++)
    g_ptr_array_add (statements, g_ptr_array_index (setup, i));
  g_ptr_array_add (statements, NULL);

  sluice_connection_pipeline_async (self->connection, (const char * const *) statements->pdata,
                                    g_task_get_cancellable (task), on_tables_ready,
                                    g_object_ref (task));
}

/* History rows --------------------------------------------------------------- */

static void
on_committed (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SluiceExecutorRun *data = g_task_get_task_data (task);
  g_autoptr(SluiceResult) query_result = NULL;
  GError *error = NULL;

  /* A failed COMMIT ends the transaction: nothing to roll back. */
  data->in_transaction = FALSE;

  query_result = sluice_connection_query_finish (SLUICE_CONNECTION (object), result, &error);
  if (query_result == NULL)
    {
      _sluice_executor_fail_attempt (task, error);
      return;
    }

  _sluice_executor_migration_done (task);
}

static void
run_next_record_statement (GTask *task);
static void
record_sluice_rows (GTask *task,
                    guint  offset);

static void
on_record_statement_done (GObject      *object,
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

  data->record_index++;
  run_next_record_statement (task);
}

/* Sluice's row first, then the tool's rows; never cancelled, as the
 * COMMIT: the statements have run and only the record is left. */
static void
run_next_record_statement (GTask *task)
{
  SluiceExecutorRun *data = g_task_get_task_data (task);

  if (data->record_index == data->record_statements->len)
    {
      data->committing = TRUE;
      _sluice_executor_send_step (task, "COMMIT", NULL, 0, NULL, on_committed);
      return;
    }

  if (g_ptr_array_index (data->record_statements, data->record_index) == NULL)
    {
      record_sluice_rows (task, g_array_index (data->record_owners, guint, data->record_index));
      return;
    }

  _sluice_executor_send_step (task, g_ptr_array_index (data->record_statements, data->record_index),
                              NULL, 0, NULL, on_record_statement_done);
}

/* Sluice's row of the migration @offset after the current one (0: the
 * current one; more: one folded into its transaction). */
static void
record_sluice_rows (GTask *task,
                    guint  offset)
{
  SluiceExecutor *self = g_task_get_source_object (task);
  SluiceExecutorRun *data = g_task_get_task_data (task);
  SluiceMigration *migration = g_ptr_array_index (data->migrations, data->index + offset);
  g_autofree char *execution_ms = g_strdup_printf ("%" G_GINT64_FORMAT,
                                                   offset > 0 ? 0 : (g_get_monotonic_time () - data->migration_started_us) / 1000);
  g_autofree char *done = g_strdup_printf ("%u", offset > 0 ? 0 : data->statements_done);
  g_autofree char *folded_into = offset > 0
                                 ? g_strdup_printf ("reverted with %s, in its transaction",
                                                    sluice_migration_get_version (_sluice_executor_current_migration (data)))
                                 : NULL;
  g_autofree char *note = _sluice_executor_run_log_note (self, data, folded_into);
  const char *params[] = {
    _sluice_executor_migration_key (migration),
    _sluice_executor_migration_name (migration),
    sluice_migration_get_checksum (migration),
    execution_ms,
    data->started_at,
    done,
    note,
  };

  const char *down_params[] = {
    _sluice_executor_migration_key (migration),
    _sluice_executor_migration_name (migration),
    execution_ms,
    data->started_at,
    done,
    note,
  };

  if (_sluice_executor_going_down (self))
    _sluice_executor_send_step (task, RECORD_DOWN_SQL, down_params, G_N_ELEMENTS (down_params),
                                NULL, on_record_statement_done);
  else
    _sluice_executor_send_step (task, RECORD_UP_SQL, params, G_N_ELEMENTS (params), NULL,
                                on_record_statement_done);
}

static void
on_record_begun (GObject      *object,
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
  run_next_record_statement (task);
}

/* How many of the migrations after the current one have nothing to run
 * going down (a rollback plan's covered steps: the newer step's generated
 * DDL reverted them, only their history rows are left). */
static guint
count_covered_steps (SluiceExecutor    *self,
                     SluiceExecutorRun *data)
{
  guint covered = 0;

  if (!_sluice_executor_going_down (self))
    return 0;

  for (guint i = data->index + 1; i < data->migrations->len; i++)
    {
      const char *sql = sluice_migration_get_down_sql (g_ptr_array_index (data->migrations, i));
      g_autoptr(GPtrArray) statements = sql != NULL ? sluice_sql_split (sql, 1, NULL) : NULL;

      if (statements == NULL || statements->len > 0)
        break;
      covered++;
    }

  return covered;
}

/* The covered steps that follow are recorded in this migration's
 * transaction: reverted together with the DDL that reverts them, or not
 * at all, and no cancel can fall between them. */
static gboolean
fold_covered_steps (GTask   *task,
                    GError **error)
{
  SluiceExecutor *self = g_task_get_source_object (task);
  SluiceExecutorRun *data = g_task_get_task_data (task);
  SluiceMigration *current = _sluice_executor_current_migration (data);
  guint covered = count_covered_steps (self, data);

  for (guint offset = 1; offset <= covered; offset++)
    {
      SluiceMigration *migration = g_ptr_array_index (data->migrations, data->index + offset);
      g_autoptr(GPtrArray) record = NULL;
      g_autofree char *message = NULL;

      record = sluice_history_writer_record_statements (self->options.history_format, self->options.project,
                                                        migration, self->options.direction, 0, error);
      if (record == NULL)
        return FALSE;

      g_ptr_array_add (data->record_statements, NULL);
      g_array_append_val (data->record_owners, offset);
      for (guint i = 0; i < record->len; i++)
        {
          g_ptr_array_add (data->record_statements, g_strdup (g_ptr_array_index (record, i)));
          g_array_append_val (data->record_owners, offset);
        }

      message = g_strdup_printf (_("Reverting “%s”: the DDL of “%s” reverted it; its history rows "
                                   "go in the same transaction."),
                                 _sluice_executor_migration_name (migration),
                                 _sluice_executor_migration_name (current));
      _sluice_executor_emit_simple (self, SLUICE_RUN_EVENT_MIGRATION_STARTED,
                                    sluice_migration_get_version (migration), message);
    }

  data->folded = covered;
  return TRUE;
}

void
_sluice_executor_record_success (GTask *task)
{
  SluiceExecutor *self = g_task_get_source_object (task);
  SluiceExecutorRun *data = g_task_get_task_data (task);
  SluiceMigration *migration = _sluice_executor_current_migration (data);
  gint64 execution_ms = (g_get_monotonic_time () - data->migration_started_us) / 1000;
  GError *error = NULL;

  data->recording = TRUE;
  data->record_index = 0;
  data->record_statements =
    sluice_history_writer_record_statements (self->options.history_format, self->options.project,
                                             migration, self->options.direction, execution_ms,
                                             &error);
  if (data->record_statements == NULL)
    {
      _sluice_executor_fail_attempt (task, error);
      return;
    }

  /* A NULL is Sluice's own row: the tool's follow it. */
  g_ptr_array_insert (data->record_statements, 0, NULL);
  data->record_owners = g_array_new (FALSE, TRUE, sizeof (guint));
  g_array_set_size (data->record_owners, data->record_statements->len);
  data->record_index = 0;

  if (!fold_covered_steps (task, &error))
    {
      _sluice_executor_fail_attempt (task, error);
      return;
    }

  if (data->in_transaction)
    {
      run_next_record_statement (task);
      return;
    }

  /* Without a transaction for the statements, the rows get one of their
   * own, so that Sluice's and the tool's are written both or neither. */
  _sluice_executor_send_step (task, "BEGIN", NULL, 0, NULL, on_record_begun);
}
