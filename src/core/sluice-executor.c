/* sluice-executor.c: running migrations up or down, under the run's guards
 *
 * The SluiceExecutor type (its options, its "event" signal, its results),
 * the task of a run from sluice_executor_run_async() to _finish(), and the
 * helpers its parts share.  One run is a chain of asynchronous steps on the
 * run's connection, each part in a file of its own:
 *
 *   advisory lock -> timeouts (-lock.c) -> history tables (-record.c) ->
 *   for each migration (-migration.c):
 *     [tool's begin statements] (-tool.c) -> [BEGIN] -> statements ->
 *     [BEGIN] -> history rows -> COMMIT (-record.c)
 *   -> unlock and restore the timeouts (-lock.c)
 *
 * A transactional migration's history rows are written inside its own
 * transaction; a migration that must run without one runs each statement
 * alone and then writes its rows in a short transaction of their own, so
 * that Sluice's row and the tool's row are written both or neither.
 * Every attempt, a failed one and a retried one too, gets its row in
 * sluice.run_log, written outside the failed transaction (-failure.c).
 *
 * A script's own BEGIN/COMMIT are left out of the migration's transaction
 * (-transaction.c); going down, the steps with nothing to run that follow
 * a step are recorded in its transaction (-record.c); a lock timeout is
 * retried (-retry.c); a failed CREATE INDEX CONCURRENTLY's invalid index is
 * reported (-invalid-index.c); golang-migrate's dirty mark is set back
 * after a clean rollback (-tool.c).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "sluice-error.h"
#include "sluice-executor-private.h"

/* "Sluice" in ASCII, as one 64-bit number: what other programs are
 * unlikely to pick for their own advisory locks. */
#define ADVISORY_KEY G_GINT64_CONSTANT (0x536c75696365)

#define NOTE_NO_TRANSACTION "no-transaction"

G_DEFINE_FINAL_TYPE (SluiceExecutor, sluice_executor, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_CONNECTION,
  N_PROPS
};

enum {
  EVENT,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

void
_sluice_executor_run_reset_migration (SluiceExecutorRun *data)
{
  g_clear_pointer (&data->statements, g_ptr_array_unref);
  g_clear_pointer (&data->invalid_before, g_free);
  g_clear_pointer (&data->record_statements, g_ptr_array_unref);
  g_clear_pointer (&data->record_owners, g_array_unref);
  data->folded = 0;
  g_clear_pointer (&data->started_at, g_free);
  g_clear_pointer (&data->attempt_log_id, g_free);
  g_clear_error (&data->failure);
  g_clear_error (&data->cause);
  data->transactional = FALSE;
  data->statements_done = 0;
  data->retries = 0;
  data->in_transaction = FALSE;
  data->recording = FALSE;
  data->committing = FALSE;
  data->step_sent = FALSE;
  data->outcome_unknown = FALSE;
  data->retrying = FALSE;
  data->beginning = FALSE;
  data->refused = FALSE;
  data->left_invalid_index = FALSE;
  data->tool_state_read = FALSE;
  data->tool_marked = FALSE;
  data->tool_restored = FALSE;
  data->tool_failure_recorded = FALSE;
  g_clear_pointer (&data->tool_failure_statements, g_ptr_array_unref);
  data->tool_dirty_before = FALSE;
  g_clear_pointer (&data->tool_version_before, g_free);
  data->transaction_ended = FALSE;
  data->record_index = 0;
}

static void
run_data_free (SluiceExecutorRun *data)
{
  _sluice_executor_run_reset_migration (data);
  g_clear_pointer (&data->migrations, g_ptr_array_unref);
  g_clear_pointer (&data->done, g_ptr_array_unref);
  g_clear_pointer (&data->old_lock_timeout, g_free);
  g_clear_pointer (&data->old_statement_timeout, g_free);
  g_clear_error (&data->run_error);
  g_free (data);
}

/* Options -------------------------------------------------------------------- */

void
sluice_execute_options_init (SluiceExecuteOptions *options)
{
  g_return_if_fail (options != NULL);

  memset (options, 0, sizeof *options);
  options->direction = SLUICE_RUN_UP;
  options->history_format = SLUICE_MIGRATION_FORMAT_SLUICE;
  options->lock_retries = 3;
  options->retry_delay_ms = 1000;
}

gint64
sluice_executor_advisory_key (void)
{
  return ADVISORY_KEY;
}

/* GObject -------------------------------------------------------------------- */

static void
sluice_executor_finalize (GObject *object)
{
  SluiceExecutor *self = (SluiceExecutor *) object;

  g_clear_object (&self->connection);
  g_clear_pointer ((char **) &self->options.project, g_free);
  g_clear_pointer ((char **) &self->options.note, g_free);
  g_clear_pointer (&self->failed_version, g_free);
  g_clear_pointer (&self->invalid_indexes, g_strfreev);

  G_OBJECT_CLASS (sluice_executor_parent_class)->finalize (object);
}

static void
sluice_executor_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  SluiceExecutor *self = SLUICE_EXECUTOR (object);

  switch (prop_id)
    {
    case PROP_CONNECTION:
      g_value_set_object (value, self->connection);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sluice_executor_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  SluiceExecutor *self = SLUICE_EXECUTOR (object);

  switch (prop_id)
    {
    case PROP_CONNECTION:
      self->connection = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sluice_executor_class_init (SluiceExecutorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = sluice_executor_finalize;
  object_class->get_property = sluice_executor_get_property;
  object_class->set_property = sluice_executor_set_property;

  properties[PROP_CONNECTION] =
    g_param_spec_object ("connection", NULL, NULL,
                         SLUICE_TYPE_CONNECTION,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * SluiceExecutor::event:
   * @event: a #SluiceRunEvent
   *
   * One line of the run's log, emitted as it happens.
   */
  signals[EVENT] =
    g_signal_new ("event",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, SLUICE_TYPE_RUN_EVENT);
}

static void
sluice_executor_init (SluiceExecutor *self)
{
  sluice_execute_options_init (&self->options);
  self->invalid_indexes = g_new0 (char *, 1);
}

SluiceExecutor *
sluice_executor_new (SluiceConnection           *connection,
                     const SluiceExecuteOptions *options)
{
  SluiceExecutor *self;

  g_return_val_if_fail (SLUICE_IS_CONNECTION (connection), NULL);

  self = g_object_new (SLUICE_TYPE_EXECUTOR, "connection", connection, NULL);
  if (options != NULL)
    {
      self->options = *options;
      self->options.project = g_strdup (options->project);
      self->options.note = g_strdup (options->note);
    }

  return self;
}

SluiceConnection *
sluice_executor_get_connection (SluiceExecutor *self)
{
  g_return_val_if_fail (SLUICE_IS_EXECUTOR (self), NULL);

  return self->connection;
}

const char *
sluice_executor_get_failed_version (SluiceExecutor *self)
{
  g_return_val_if_fail (SLUICE_IS_EXECUTOR (self), NULL);

  return self->failed_version;
}

const char * const *
sluice_executor_get_invalid_indexes (SluiceExecutor *self)
{
  g_return_val_if_fail (SLUICE_IS_EXECUTOR (self), NULL);

  return (const char * const *) self->invalid_indexes;
}

/* Helpers -------------------------------------------------------------------- */

gboolean
_sluice_executor_going_down (SluiceExecutor *self)
{
  return self->options.direction == SLUICE_RUN_DOWN;
}

SluiceMigration *
_sluice_executor_current_migration (SluiceExecutorRun *data)
{
  return g_ptr_array_index (data->migrations, data->index);
}

const char *
_sluice_executor_migration_key (SluiceMigration *migration)
{
  const char *key = sluice_migration_get_history_key (migration);

  return key != NULL ? key : sluice_migration_get_version (migration);
}

const char *
_sluice_executor_migration_name (SluiceMigration *migration)
{
  const char *name = sluice_migration_get_name (migration);

  return name != NULL ? name : "";
}

const char *
_sluice_executor_migration_sql (SluiceExecutor  *self,
                                SluiceMigration *migration)
{
  return _sluice_executor_going_down (self) ? sluice_migration_get_down_sql (migration)
                                            : sluice_migration_get_up_sql (migration);
}

gint64
_sluice_executor_attempt_ms (SluiceExecutorRun *data)
{
  return (g_get_monotonic_time () - data->started_us) / 1000;
}

gboolean
_sluice_executor_is_connection_loss (const GError *error)
{
  return g_error_matches (error, SLUICE_ERROR, SLUICE_ERROR_CONNECTION) ||
         g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CLOSED);
}

gboolean
_sluice_executor_connection_usable (SluiceExecutor *self)
{
  SluiceConnectionState state = sluice_connection_get_state (self->connection);

  return state == SLUICE_CONNECTION_READY || state == SLUICE_CONNECTION_BUSY;
}

/* An error message inside our own sentence, without its full stop. */
char *
_sluice_executor_dup_without_full_stop (const char *message)
{
  gsize length = strlen (message);

  if (length > 0 && message[length - 1] == '.')
    length--;
  return g_strndup (message, length);
}

/* Where the run log's note comes from: how the migration ran, then what
 * the caller asked to keep (a backup's path, a skip reason). */
char *
_sluice_executor_run_log_note (SluiceExecutor    *self,
                               SluiceExecutorRun *data,
                               const char        *extra)
{
  GPtrArray *parts = g_ptr_array_new ();
  char *note;

  if (data->statements != NULL && !data->transactional)
    g_ptr_array_add (parts, (gpointer) NOTE_NO_TRANSACTION);
  if (extra != NULL)
    g_ptr_array_add (parts, (gpointer) extra);
  if (self->options.note != NULL && self->options.note[0] != '\0')
    g_ptr_array_add (parts, (gpointer) self->options.note);
  g_ptr_array_add (parts, NULL);

  note = parts->len > 1 ? g_strjoinv ("; ", (char **) parts->pdata) : NULL;
  g_ptr_array_unref (parts);
  return note;
}

void
_sluice_executor_emit_event (SluiceExecutor *self,
                             SluiceRunEvent *event)
{
  g_signal_emit (self, signals[EVENT], 0, event);
}

void
_sluice_executor_emit_simple (SluiceExecutor     *self,
                              SluiceRunEventKind  kind,
                              const char         *version,
                              const char         *message)
{
  g_autoptr(SluiceRunEvent) event = sluice_run_event_new (kind, version, message);

  _sluice_executor_emit_event (self, event);
}

/* Sends one step, noting whether it went to an open connection: if that
 * connection is lost before the answer, the server may or may not have
 * done it. */
void
_sluice_executor_send_step (GTask               *task,
                            const char          *sql,
                            const char * const  *params,
                            int                  n_params,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback)
{
  SluiceExecutor *self = g_task_get_source_object (task);
  SluiceExecutorRun *data = g_task_get_task_data (task);

  data->step_sent = _sluice_executor_connection_usable (self);
  sluice_connection_query_async (self->connection, sql, params, n_params, cancellable,
                                 callback, g_object_ref (task));
}

/* The end of a run ----------------------------------------------------------- */

static void
emit_finished (SluiceExecutor    *self,
               SluiceExecutorRun *data)
{
  g_autofree char *message = NULL;
  guint total = data->migrations->len;

  if (data->run_error == NULL)
    message = g_strdup_printf (_sluice_executor_going_down (self)
                               ? g_dngettext (GETTEXT_PACKAGE, "Run finished: %u migration reverted.",
                                              "Run finished: %u migrations reverted.", total)
                               : g_dngettext (GETTEXT_PACKAGE, "Run finished: %u migration applied.",
                                              "Run finished: %u migrations applied.", total),
                               total);
  else
    message = g_strdup_printf (_sluice_executor_going_down (self)
                               ? g_dngettext (GETTEXT_PACKAGE, "Run stopped: %u of %u migration reverted.",
                                              "Run stopped: %u of %u migrations reverted.", total)
                               : g_dngettext (GETTEXT_PACKAGE, "Run stopped: %u of %u migration applied.",
                                              "Run stopped: %u of %u migrations applied.", total),
                               data->done->len, total);

  _sluice_executor_emit_simple (self, SLUICE_RUN_EVENT_FINISHED, NULL, message);
}

void
_sluice_executor_complete_run (GTask *task)
{
  SluiceExecutor *self = g_task_get_source_object (task);
  SluiceExecutorRun *data = g_task_get_task_data (task);

  self->busy = FALSE;
  emit_finished (self, data);

  if (data->run_error != NULL)
    g_task_return_error (task, g_steal_pointer (&data->run_error));
  else
    g_task_return_boolean (task, TRUE);
}


/* Every migration has the SQL of the run's direction, or nothing runs. */
static gboolean
check_migrations (SluiceExecutor  *self,
                  GPtrArray       *migrations,
                  GError         **error)
{
  for (guint i = 0; i < migrations->len; i++)
    {
      SluiceMigration *migration = g_ptr_array_index (migrations, i);

      if (_sluice_executor_migration_sql (self, migration) != NULL)
        continue;

      g_set_error (error, SLUICE_ERROR, SLUICE_ERROR_INVALID_INPUT,
                   _sluice_executor_going_down (self)
                   ? _("Migration %s “%s” has no down migration, so it cannot be reverted. No "
                       "migration was run and nothing was changed; write its down SQL first.")
                   : _("Migration %s “%s” has no up SQL. No migration was run and nothing was "
                       "changed."),
                   sluice_migration_get_version (migration), _sluice_executor_migration_name (migration));
      return FALSE;
    }

  return TRUE;
}

void
sluice_executor_run_async (SluiceExecutor       *self,
                           GPtrArray            *migrations,
                           GCancellable         *cancellable,
                           GAsyncReadyCallback   callback,
                           gpointer              user_data)
{
  g_autoptr(GTask) task = NULL;
  SluiceExecutorRun *data;
  GError *error = NULL;

  g_return_if_fail (SLUICE_IS_EXECUTOR (self));
  g_return_if_fail (migrations != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sluice_executor_run_async);
  /* A cancel is handled step by step: a transaction must be rolled back
   * and the attempt logged before the task completes. */
  g_task_set_check_cancellable (task, FALSE);

  data = g_new0 (SluiceExecutorRun, 1);
  data->migrations = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < migrations->len; i++)
    g_ptr_array_add (data->migrations, g_object_ref (g_ptr_array_index (migrations, i)));
  data->done = g_ptr_array_new_with_free_func (g_free);
  g_task_set_task_data (task, data, (GDestroyNotify) run_data_free);

  if (self->busy)
    {
      g_task_return_new_error (task, SLUICE_ERROR, SLUICE_ERROR_BUSY,
                               _("This executor is already running migrations or dropping indexes; "
                                 "nothing else was run."));
      return;
    }

  g_clear_pointer (&self->failed_version, g_free);
  g_clear_pointer (&self->invalid_indexes, g_strfreev);
  self->invalid_indexes = g_new0 (char *, 1);
  self->busy = TRUE;

  _sluice_executor_emit_simple (self, SLUICE_RUN_EVENT_STEP, NULL,
                                _sluice_executor_going_down (self) ? _("Reverting migrations")
                                                                   : _("Applying migrations"));

  if (!check_migrations (self, migrations, &error))
    {
      _sluice_executor_finish_run (task, error);
      return;
    }

  _sluice_executor_take_advisory_lock (task);
}

static GStrv
strv_from_array (GPtrArray *array)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  for (guint i = 0; i < array->len; i++)
    g_strv_builder_add (builder, g_ptr_array_index (array, i));
  return g_strv_builder_end (builder);
}

gboolean
sluice_executor_run_finish (SluiceExecutor  *self,
                            GAsyncResult    *result,
                            GStrv           *done,
                            GError         **error)
{
  SluiceExecutorRun *data;

  g_return_val_if_fail (SLUICE_IS_EXECUTOR (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == sluice_executor_run_async, FALSE);

  data = g_task_get_task_data (G_TASK (result));
  if (done != NULL)
    *done = strv_from_array (data->done);

  return g_task_propagate_boolean (G_TASK (result), error);
}

