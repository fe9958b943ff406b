/* sluice-executor.c: running migrations up or down, under the run's guards
 *
 * One run is a chain of asynchronous steps on the run's connection:
 *
 *   advisory lock -> timeouts -> history tables -> for each migration:
 *     [tool's begin statements] -> [BEGIN] -> statements -> [BEGIN] ->
 *     history rows -> COMMIT
 *   -> unlock and restore the timeouts
 *
 * A transactional migration's history rows are written inside its own
 * transaction; a migration that must run without one runs each statement
 * alone and then writes its rows in a short transaction of their own, so
 * that Sluice's row and the tool's row are written both or neither.
 * Every attempt, a failed one and a retried one too, gets its row in
 * sluice.run_log, written outside the failed transaction.
 *
 * A script's own BEGIN/COMMIT are left out of the migration's transaction
 * (drop_transaction_control); going down, the steps with nothing to run
 * that follow a step are recorded in its transaction (fold_covered_steps);
 * golang-migrate's dirty mark is set back after a clean rollback
 * (restore_tool_state).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <pg_query.h>
#include <string.h>

#include "sluice-connection-private.h"
#include "sluice-error.h"
#include "sluice-executor-private.h"
#include "sluice-history-private.h"
#include "sluice-history-writer.h"
#include "sluice-sql.h"

/* "Sluice" in ASCII, as one 64-bit number: what other programs are
 * unlikely to pick for their own advisory locks. */
#define ADVISORY_KEY G_GINT64_CONSTANT (0x536c75696365)

#define NOTE_NO_TRANSACTION "no-transaction"

/* The holders are read in the same statement, so that the error can name
 * the server process that has the lock.  A bigint key shows in pg_locks
 * as classid (high half), objid (low half) and objsubid 1. */
#define TRY_LOCK_SQL                                                                  \
  "SELECT pg_try_advisory_lock($1::bigint) AS taken,"                                 \
  "       (SELECT string_agg(pid::text, ', ' ORDER BY pid) FROM pg_locks"             \
  "         WHERE locktype = 'advisory' AND granted AND objsubid = 1"                 \
  "           AND database = (SELECT oid FROM pg_database"                            \
  "                            WHERE datname = current_database())"                   \
  "           AND (classid::bigint << 32 | objid::bigint) = $1::bigint"               \
  "           AND pid <> pg_backend_pid()) AS holders"

/* The session's settings before the run are read first, so that they can
 * be put back afterwards; a NULL parameter leaves a setting as it is. */
#define SET_TIMEOUTS_SQL                                                              \
  "SELECT current_setting('lock_timeout') AS old_lock_timeout,"                       \
  "       current_setting('statement_timeout') AS old_statement_timeout,"             \
  "       set_config('lock_timeout',"                                                 \
  "                  coalesce($1::text, current_setting('lock_timeout')), false),"    \
  "       set_config('statement_timeout',"                                            \
  "                  coalesce($2::text, current_setting('statement_timeout')), false)"

/* When the timeouts were never set (their SELECT failed), only the lock
 * is released: the session's settings were not touched. */
#define UNLOCK_ONLY_SQL "SELECT pg_advisory_unlock($1::bigint)"

#define UNLOCK_SQL                                                                    \
  "SELECT pg_advisory_unlock($1::bigint),"                                            \
  "       set_config('lock_timeout', $2::text, false),"                               \
  "       set_config('statement_timeout', $3::text, false)"

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

#define RECORD_FAILURE_SQL                                                            \
  "INSERT INTO sluice.run_log (version, name, direction, started_at, finished_at,"    \
  "                            success, error, sqlstate, statements_done,"            \
  "                            statements_total, note)"                               \
  "VALUES ($1::text, $2::text, $10::text, $3::timestamptz,"                           \
  "        $3::timestamptz + $9::bigint * interval '1 millisecond',"                   \
  "        false, $4::text, $5::text, $6::int, $7::int, $8::text)"                     \
  " RETURNING id::text"

/* A cancel while waiting to retry: the row must not promise a retry. */
#define RECORD_CANCELLED_RETRY_SQL                                                    \
  "UPDATE sluice.run_log SET note = $2::text WHERE id = $1::bigint"

/* golang-migrate marks a migration dirty before it runs (outside its
 * transaction); when its transaction is rolled back cleanly, the row is
 * set back to what it was, so that `migrate` sees nothing half-done. */
#define GOLANG_MIGRATE_STATE_SQL "SELECT version::text, dirty FROM schema_migrations LIMIT 1"

#define INVALID_INDEX_OIDS_SQL                                                        \
  "SELECT coalesce(array_agg(indexrelid::bigint)::text, '{}')"                        \
  "  FROM pg_index WHERE NOT indisvalid"

#define NEW_INVALID_INDEXES_SQL                                                       \
  "SELECT format('%I.%I', n.nspname, c.relname)"                                      \
  "  FROM pg_index i"                                                                 \
  "  JOIN pg_class c ON c.oid = i.indexrelid"                                         \
  "  JOIN pg_namespace n ON n.oid = c.relnamespace"                                   \
  " WHERE NOT i.indisvalid AND NOT (i.indexrelid::bigint = ANY ($1::bigint[]))"       \
  " ORDER BY 1"

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

static void
reset_migration (SluiceExecutorRun *data)
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
  reset_migration (data);
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

static const char *
migration_sql (SluiceExecutor  *self,
               SluiceMigration *migration)
{
  return _sluice_executor_going_down (self) ? sluice_migration_get_down_sql (migration)
                           : sluice_migration_get_up_sql (migration);
}

static gint64
attempt_ms (SluiceExecutorRun *data)
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
static char *
run_log_note (SluiceExecutor    *self,
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

static void
emit_event (SluiceExecutor *self,
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

  emit_event (self, event);
}

/* Sends one step, noting whether it went to an open connection: if that
 * connection is lost before the answer, the server may or may not have
 * done it. */
static void
send_step (GTask               *task,
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

static void
complete_run (GTask *task)
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

static void
on_unlocked (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(SluiceResult) query_result = NULL;

  /* When the connection is gone the server has released the lock with
   * the session: nothing to report. */
  query_result = sluice_connection_query_finish (SLUICE_CONNECTION (object), result, NULL);
  complete_run (task);
}

/* Takes @error (nullable: success). */
static void
finish_run (GTask  *task,
            GError *error)
{
  SluiceExecutor *self = g_task_get_source_object (task);
  SluiceExecutorRun *data = g_task_get_task_data (task);
  g_autofree char *key = g_strdup_printf ("%" G_GINT64_FORMAT, ADVISORY_KEY);
  const char *params[3];

  g_clear_error (&data->run_error);
  data->run_error = error;

  if (!data->lock_held || !_sluice_executor_connection_usable (self))
    {
      complete_run (task);
      return;
    }

  data->lock_held = FALSE;
  params[0] = key;
  if (data->old_lock_timeout == NULL || data->old_statement_timeout == NULL)
    {
      sluice_connection_query_async (self->connection, UNLOCK_ONLY_SQL, params, 1,
                                     NULL, on_unlocked, g_object_ref (task));
      return;
    }

  params[1] = data->old_lock_timeout;
  params[2] = data->old_statement_timeout;
  sluice_connection_query_async (self->connection, UNLOCK_SQL, params, G_N_ELEMENTS (params),
                                 NULL, on_unlocked, g_object_ref (task));
}

static void start_attempt (GTask *task);
static void after_attempt_logged (GTask *task);
static void log_attempt (GTask *task);

static void
on_cancelled_retry_noted (GObject      *object,
                          GAsyncResult *result,
                          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SluiceExecutorRun *data = g_task_get_task_data (task);
  g_autoptr(SluiceResult) query_result = NULL;
  g_autoptr(GError) error = NULL;

  query_result = sluice_connection_query_finish (SLUICE_CONNECTION (object), result, &error);
  if (query_result == NULL)
    {
      char *message = g_strdup_printf (_("%s Its row in sluice.run_log still says that a retry "
                                         "follows: it could not be corrected (%s)."),
                                       data->failure->message, error->message);

      g_free (data->failure->message);
      data->failure->message = message;
    }

  after_attempt_logged (task);
}

/* The attempt's run log row said "retry N of M follows": it says now that
 * the run was cancelled instead. */
static void
note_cancelled_retry (GTask *task)
{
  SluiceExecutor *self = g_task_get_source_object (task);
  SluiceExecutorRun *data = g_task_get_task_data (task);
  g_autofree char *extra = NULL;
  g_autofree char *note = NULL;
  const char *params[2];

  if (data->attempt_log_id == NULL || !_sluice_executor_connection_usable (self))
    {
      after_attempt_logged (task);
      return;
    }

  extra = g_strdup_printf ("lock timeout, cancelled before retry %u of %u",
                           data->retries + 1, self->options.lock_retries);
  note = run_log_note (self, data, extra);
  params[0] = data->attempt_log_id;
  params[1] = note;
  sluice_connection_query_async (self->connection, RECORD_CANCELLED_RETRY_SQL, params,
                                 G_N_ELEMENTS (params), NULL, on_cancelled_retry_noted,
                                 g_object_ref (task));
}

static gboolean
on_retry_delay (gpointer user_data)
{
  GTask *task = user_data;
  SluiceExecutor *self = g_task_get_source_object (task);
  SluiceExecutorRun *data = g_task_get_task_data (task);

  /* The attempt that timed out is logged already: a cancel now only
   * means that no other attempt follows. */
  if (g_cancellable_is_cancelled (g_task_get_cancellable (task)))
    {
      g_autoptr(GError) cancelled =
        g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED,
                             _("the run was cancelled while it waited to retry after a lock timeout"));

      data->retrying = FALSE;
      g_clear_error (&data->failure);
      data->failure = _sluice_executor_new_failure (self, data, cancelled);
      note_cancelled_retry (task);
      return G_SOURCE_REMOVE;
    }

  data->retries++;
  data->delay_ms *= 2;
  g_clear_error (&data->cause);
  data->retrying = FALSE;
  if (data->transactional)
    data->statements_done = 0;
  start_attempt (task);
  return G_SOURCE_REMOVE;
}

static void
schedule_retry (GTask *task)
{
  SluiceExecutor *self = g_task_get_source_object (task);
  SluiceExecutorRun *data = g_task_get_task_data (task);
  SluiceMigration *migration = _sluice_executor_current_migration (data);
  g_autofree char *message = NULL;
  g_autoptr(SluiceRunEvent) event = NULL;
  g_autoptr(GSource) source = NULL;

  message = g_strdup_printf (data->transactional
                             ? _("Statement %u of %u waited longer than lock_timeout for a lock; "
                                 "the migration was rolled back and is retried in %u ms (retry %u of %u).")
                             : _("Statement %u of %u waited longer than lock_timeout for a lock; "
                                 "it is retried in %u ms (retry %u of %u)."),
                             data->statements_done + 1, data->statements->len,
                             data->delay_ms, data->retries + 1, self->options.lock_retries);
  event = sluice_run_event_new (SLUICE_RUN_EVENT_LOCK_RETRY,
                                sluice_migration_get_version (migration), message);
  sluice_run_event_set_sqlstate (event, SLUICE_SQLSTATE_LOCK_NOT_AVAILABLE);
  sluice_run_event_set_elapsed_ms (event, data->delay_ms);
  emit_event (self, event);

  /* On the caller's main context, as every other step. */
  source = g_timeout_source_new (data->delay_ms);
  g_source_set_callback (source, on_retry_delay, g_object_ref (task), g_object_unref);
  g_source_attach (source, g_task_get_context (task));
}

static void
on_invalid_indexes (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SluiceExecutor *self = g_task_get_source_object (task);
  SluiceExecutorRun *data = g_task_get_task_data (task);
  SluiceMigration *migration = _sluice_executor_current_migration (data);
  g_autoptr(SluiceResult) query_result = NULL;
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  query_result = sluice_connection_query_finish (SLUICE_CONNECTION (object), result, NULL);
  if (query_result != NULL)
    for (int row = 0; row < sluice_result_get_n_rows (query_result); row++)
      {
        const char *index = sluice_result_get_value (query_result, row, 0);
        g_autofree char *message =
          g_strdup_printf (_("The failed statement left the invalid index %s: it takes space and "
                             "slows writes, but no query uses it. Drop it before running the "
                             "migration again."),
                           index);

        g_strv_builder_add (builder, index);
        _sluice_executor_emit_simple (self, SLUICE_RUN_EVENT_WARNING, sluice_migration_get_version (migration), message);
      }

  g_clear_pointer (&self->invalid_indexes, g_strfreev);
  self->invalid_indexes = g_strv_builder_end (builder);

  /* The failure is worded again, knowing what the statement left. */
  if (self->invalid_indexes[0] != NULL)
    {
      data->left_invalid_index = TRUE;
      g_clear_error (&data->failure);
      data->failure = _sluice_executor_new_failure (self, data, data->cause);
    }

  if (self->invalid_indexes[0] != NULL && data->retrying)
    {
      g_autofree char *names = g_strjoinv (", ", self->invalid_indexes);
      char *message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                    "%s It is not retried: it left the invalid "
                                                    "index %s, which a retry would not replace. "
                                                    "Drop it before running the migration again.",
                                                    "%s It is not retried: it left the invalid "
                                                    "indexes %s, which a retry would not replace. "
                                                    "Drop them before running the migration again.",
                                                    g_strv_length (self->invalid_indexes)),
                                       data->failure->message, names);

      /* With IF NOT EXISTS a retry would "succeed" over the unusable
       * index and record it applied; without, fail on the leftover. */
      data->retrying = FALSE;
      g_free (data->failure->message);
      data->failure->message = message;
    }
  else if (self->invalid_indexes[0] != NULL)
    {
      g_autofree char *names = g_strjoinv (", ", self->invalid_indexes);
      char *message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                    "%s It left the invalid index %s: drop it "
                                                    "before running the migration again.",
                                                    "%s It left the invalid indexes %s: drop them "
                                                    "before running the migration again.",
                                                    g_strv_length (self->invalid_indexes)),
                                       data->failure->message, names);

      g_free (data->failure->message);
      data->failure->message = message;
    }

  log_attempt (task);
}

/* A failed CREATE INDEX CONCURRENTLY leaves its index behind, invalid:
 * found before the attempt is logged, as it decides whether a lock
 * timeout is retried. */
static void
check_invalid_indexes (GTask *task)
{
  SluiceExecutor *self = g_task_get_source_object (task);
  SluiceExecutorRun *data = g_task_get_task_data (task);
  const char *params[] = { data->invalid_before };

  if (data->invalid_before == NULL || !_sluice_executor_connection_usable (self))
    {
      log_attempt (task);
      return;
    }

  sluice_connection_query_async (self->connection, NEW_INVALID_INDEXES_SQL,
                                 params, G_N_ELEMENTS (params), NULL,
                                 on_invalid_indexes, g_object_ref (task));
}

/* Nothing of the failed migration stays in the database. */
static gboolean
nothing_stays (SluiceExecutorRun *data)
{
  if (data->statements == NULL || data->refused)
    return TRUE;
  if (data->outcome_unknown || data->transaction_ended)
    return FALSE;
  return data->transactional || data->statements_done == 0;
}

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
  after_attempt_logged (task);
}

/* golang-migrate's row back to what it was before the dirty mark. */
static void
restore_tool_state (GTask *task)
{
  SluiceExecutor *self = g_task_get_source_object (task);
  SluiceExecutorRun *data = g_task_get_task_data (task);
  g_autofree char *insert = NULL;
  const char *statements[3] = { "TRUNCATE schema_migrations", NULL, NULL };

  if (!_sluice_executor_connection_usable (self))
    {
      append_tool_state_advice (data, _("the connection was lost"));
      data->tool_restored = TRUE;
      after_attempt_logged (task);
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

  after_attempt_logged (task);
}

/* What the folder's tool itself writes when its run fails (Flyway's
 * success = false row, Sqitch's "fail" event), so that its own status
 * tells the same story as sluice.run_log.  Only for the final failure,
 * after Sluice's row, outside the failed transaction, never cancelled;
 * not when nothing ran or the outcome is unknown. */
static void
record_tool_failure (GTask *task)
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
      after_attempt_logged (task);
      return;
    }

  statements = sluice_history_writer_failure_statements (self->options.history_format,
                                                         self->options.project, migration,
                                                         self->options.direction,
                                                         attempt_ms (data), &error);
  if (statements == NULL)
    {
      append_tool_failure_advice (data, error);
      after_attempt_logged (task);
      return;
    }

  if (statements->len == 0)
    {
      after_attempt_logged (task);
      return;
    }

  g_ptr_array_add (statements, NULL);
  data->tool_failure_statements = g_steal_pointer (&statements);
  sluice_connection_pipeline_async (self->connection,
                                    (const char * const *) data->tool_failure_statements->pdata,
                                    NULL, on_tool_failure_recorded, g_object_ref (task));
}

/* The run log row of the attempt is written: report, then retry or stop. */
static void
after_attempt_logged (GTask *task)
{
  SluiceExecutor *self = g_task_get_source_object (task);
  SluiceExecutorRun *data = g_task_get_task_data (task);
  SluiceMigration *migration = _sluice_executor_current_migration (data);
  g_autoptr(SluiceRunEvent) event = NULL;

  if (data->retrying)
    {
      schedule_retry (task);
      return;
    }

  if (data->tool_marked && !data->tool_restored && nothing_stays (data))
    {
      restore_tool_state (task);
      return;
    }

  if (!data->tool_failure_recorded)
    {
      record_tool_failure (task);
      return;
    }

  g_free (self->failed_version);
  self->failed_version = g_strdup (sluice_migration_get_version (migration));

  event = sluice_run_event_new (SLUICE_RUN_EVENT_MIGRATION_FAILED,
                                sluice_migration_get_version (migration),
                                data->failure->message);
  if (data->statements != NULL)
    sluice_run_event_set_statement (event, MIN (data->statements_done + 1, data->statements->len),
                                    data->statements->len, NULL);
  if (data->cause->domain == SLUICE_SERVER_ERROR)
    sluice_run_event_set_sqlstate (event, sluice_server_error_get_sqlstate (data->cause));
  sluice_run_event_set_elapsed_ms (event, (g_get_monotonic_time () - data->migration_started_us) / 1000.0);
  emit_event (self, event);

  finish_run (task, g_steal_pointer (&data->failure));
}

static void
on_attempt_logged (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SluiceExecutorRun *data = g_task_get_task_data (task);
  g_autoptr(SluiceResult) query_result = NULL;
  g_autoptr(GError) error = NULL;

  query_result = sluice_connection_query_finish (SLUICE_CONNECTION (object), result, &error);
  g_clear_pointer (&data->attempt_log_id, g_free);
  if (query_result != NULL && sluice_result_get_n_rows (query_result) > 0)
    data->attempt_log_id = g_strdup (sluice_result_get_value (query_result, 0, 0));
  if (query_result == NULL)
    {
      char *message = g_strdup_printf (_("%s The attempt could not be written to sluice.run_log "
                                         "either: %s"),
                                       data->failure->message, error->message);

      g_free (data->failure->message);
      data->failure->message = message;
      /* Without the log, a retry would leave an attempt unrecorded. */
      data->retrying = FALSE;
    }

  after_attempt_logged (task);
}

/* Written outside the failed transaction, never cancelled: the record of
 * a failure matters most. */
static void
log_attempt (GTask *task)
{
  SluiceExecutor *self = g_task_get_source_object (task);
  SluiceExecutorRun *data = g_task_get_task_data (task);
  SluiceMigration *migration = _sluice_executor_current_migration (data);
  g_autofree char *done = g_strdup_printf ("%u", data->statements_done);
  g_autofree char *total = g_strdup_printf ("%u", data->statements != NULL ? data->statements->len : 0);
  g_autofree char *elapsed = g_strdup_printf ("%" G_GINT64_FORMAT, attempt_ms (data));
  g_autofree char *retry = data->retrying ? g_strdup_printf ("lock timeout, retry %u of %u follows",
                                                             data->retries + 1, self->options.lock_retries)
                                          : NULL;
  g_autofree char *note = run_log_note (self, data, retry);
  const char *params[] = {
    _sluice_executor_migration_key (migration),
                                    _sluice_executor_migration_name (migration),
                                    data->started_at,
                                    data->cause->message,
                                    data->cause->domain == SLUICE_SERVER_ERROR ? sluice_server_error_get_sqlstate (data->cause) : NULL,
                                    done,
                                    total,
                                    note,
                                    elapsed,
                                    sluice_run_direction_to_string (self->options.direction),
                                    };

  /* Nothing can be written on a lost connection: say so plainly. */
  if (!_sluice_executor_connection_usable (self))
    {
      char *message = g_strdup_printf (_("%s The attempt is not in sluice.run_log: the connection "
                                         "was lost before it could be written there."),
                                       data->failure->message);

      g_free (data->failure->message);
      data->failure->message = message;
      data->retrying = FALSE;
      after_attempt_logged (task);
      return;
    }

  if (data->started_at == NULL)
    {
      g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

      data->started_at = g_date_time_format_iso8601 (now);
      params[2] = data->started_at;
    }

  sluice_connection_query_async (self->connection, RECORD_FAILURE_SQL,
                                 params, G_N_ELEMENTS (params), NULL,
                                 on_attempt_logged, g_object_ref (task));
}

static void
on_rolled_back (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(SluiceResult) query_result = NULL;

  /* If even ROLLBACK fails the connection is gone, and the server rolls
   * back by itself; the run log write will say so. */
  query_result = sluice_connection_query_finish (SLUICE_CONNECTION (object), result, NULL);
  check_invalid_indexes (task);
}

/* What libpq knows of the session's transaction: truer than our flags,
 * as a statement may have ended it.  PQTRANS_UNKNOWN on a lost connection. */
static PGTransactionStatusType
transaction_status (SluiceExecutor *self)
{
  PGconn *conn = _sluice_executor_connection_usable (self)
                 ? _sluice_connection_get_pgconn (self->connection) : NULL;

  return conn != NULL ? PQtransactionStatus (conn) : PQTRANS_UNKNOWN;
}

/* Takes @error. */
static void
fail_attempt (GTask  *task,
              GError *error)
{
  SluiceExecutor *self = g_task_get_source_object (task);
  SluiceExecutorRun *data = g_task_get_task_data (task);
  PGTransactionStatusType status = transaction_status (self);
  gboolean lasting = data->committing || (!data->transactional && !data->recording);

  /* We had a transaction open and the server has none, the COMMIT aside:
   * a statement ended it, and what ran before stays. */
  data->transaction_ended = data->in_transaction && !data->committing && status == PQTRANS_IDLE;
  if (data->transaction_ended)
    data->in_transaction = FALSE;

  /* A lock timeout of the tool's begin statements is not retried: a
   * retry starts after them (start_attempt), so it would run unmarked. */
  data->retrying = data->statements != NULL && !data->recording && !data->beginning &&
                   sluice_server_error_matches (error, SLUICE_SQLSTATE_LOCK_NOT_AVAILABLE) &&
                   data->retries < self->options.lock_retries;

  /* Inside a transaction, anything but the COMMIT is rolled back by the
   * server when the connection goes. */
  data->outcome_unknown = data->statements != NULL && lasting &&
                          data->step_sent && _sluice_executor_is_connection_loss (error);
  g_clear_error (&data->failure);
  g_clear_error (&data->cause);
  data->failure = _sluice_executor_new_failure (self, data, error);
  data->cause = error;

  if (data->in_transaction || status == PQTRANS_INTRANS || status == PQTRANS_INERROR)
    {
      data->in_transaction = FALSE;
      sluice_connection_query_async (self->connection, "ROLLBACK", NULL, 0, NULL,
                                     on_rolled_back, g_object_ref (task));
      return;
    }

  check_invalid_indexes (task);
}

/* Success -------------------------------------------------------------------- */

static void start_next_migration (GTask *task);

static void
migration_done (GTask *task)
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
      emit_event (self, event);
    }

  reset_migration (data);
  data->index += count;
  start_next_migration (task);
}

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
      fail_attempt (task, error);
      return;
    }

  migration_done (task);
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
      fail_attempt (task, error);
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
      send_step (task, "COMMIT", NULL, 0, NULL, on_committed);
      return;
    }

  if (g_ptr_array_index (data->record_statements, data->record_index) == NULL)
    {
      record_sluice_rows (task, g_array_index (data->record_owners, guint, data->record_index));
      return;
    }

  send_step (task, g_ptr_array_index (data->record_statements, data->record_index), NULL, 0,
             NULL, on_record_statement_done);
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
  g_autofree char *note = run_log_note (self, data, folded_into);
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
    send_step (task, RECORD_DOWN_SQL, down_params, G_N_ELEMENTS (down_params), NULL,
               on_record_statement_done);
  else
    send_step (task, RECORD_UP_SQL, params, G_N_ELEMENTS (params), NULL,
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
      fail_attempt (task, error);
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

static void
record_success (GTask *task)
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
      fail_attempt (task, error);
      return;
    }

  /* A NULL is Sluice's own row: the tool's follow it. */
  g_ptr_array_insert (data->record_statements, 0, NULL);
  data->record_owners = g_array_new (FALSE, TRUE, sizeof (guint));
  g_array_set_size (data->record_owners, data->record_statements->len);
  data->record_index = 0;

  if (!fold_covered_steps (task, &error))
    {
      fail_attempt (task, error);
      return;
    }

  if (data->in_transaction)
    {
      run_next_record_statement (task);
      return;
    }

  /* Without a transaction for the statements, the rows get one of their
   * own, so that Sluice's and the tool's are written both or neither. */
  send_step (task, "BEGIN", NULL, 0, NULL, on_record_begun);
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
      fail_attempt (task, error);
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
  if (data->in_transaction && transaction_status (self) == PQTRANS_IDLE)
    {
      fail_attempt (task, g_error_new (SLUICE_ERROR, SLUICE_ERROR_INVALID_INPUT,
                                       _("it ended the migration's transaction")));
      return;
    }

  data->statements_done++;
  emit_event (self, event);
  run_next_statement (task);
}

static void
send_statement (GTask *task)
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
  emit_event (self, event);

  send_step (task, statement->text, NULL, 0, g_task_get_cancellable (task), on_statement_done);
}

static void
on_invalid_before (GObject      *object,
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
      fail_attempt (task, error);
      return;
    }

  g_free (data->invalid_before);
  data->invalid_before = g_strdup (sluice_result_get_value (query_result, 0, 0));
  send_statement (task);
}

/* CREATE INDEX CONCURRENTLY and REINDEX CONCURRENTLY leave an invalid
 * index behind when they fail. */
static gboolean
may_leave_invalid_index (const char *sql)
{
  g_autofree char *lower = g_ascii_strdown (sql, -1);

  return strstr (lower, "concurrently") != NULL && strstr (lower, "index") != NULL &&
         sluice_sql_needs_autocommit (sql);
}

static void
run_next_statement (GTask *task)
{
  SluiceExecutor *self = g_task_get_source_object (task);
  SluiceExecutorRun *data = g_task_get_task_data (task);
  SluiceStatement *statement;

  if (data->statements_done == data->statements->len)
    {
      record_success (task);
      return;
    }

  statement = g_ptr_array_index (data->statements, data->statements_done);
  g_clear_pointer (&data->invalid_before, g_free);

  /* The invalid indexes there before, so that the ones this statement
   * leaves can be told from older ones. */
  if (!data->transactional && may_leave_invalid_index (statement->text))
    {
      /* Not the statement: a connection lost now leaves it unsent. */
      data->step_sent = FALSE;
      sluice_connection_query_async (self->connection, INVALID_INDEX_OIDS_SQL, NULL, 0,
                                     g_task_get_cancellable (task), on_invalid_before,
                                     g_object_ref (task));
      return;
    }

  send_statement (task);
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
      fail_attempt (task, error);
      return;
    }

  data->in_transaction = TRUE;
  run_next_statement (task);
}

static void
start_attempt (GTask *task)
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

  send_step (task, "BEGIN", NULL, 0, g_task_get_cancellable (task), on_begun);
}

/* Migrations ----------------------------------------------------------------- */

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
      fail_attempt (task, error);
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
  start_attempt (task);
}

/* The kind of a top-level TransactionStmt ("TRANS_STMT_COMMIT"), or NULL
 * when @sql is something else. */
static char *
transaction_statement_kind (const char *sql)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  PgQueryParseResult result = pg_query_parse (sql);
  JsonObject *root;
  JsonArray *stmts;
  JsonObject *stmt;
  JsonNode *node;
  gboolean parsed;

  if (result.error != NULL || result.parse_tree == NULL)
    {
      pg_query_free_parse_result (result);
      return NULL;
    }

  parsed = json_parser_load_from_data (parser, result.parse_tree, -1, NULL);
  pg_query_free_parse_result (result);
  if (!parsed || !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    return NULL;

  root = json_node_get_object (json_parser_get_root (parser));
  node = json_object_get_member (root, "stmts");
  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return NULL;
  stmts = json_node_get_array (node);
  if (json_array_get_length (stmts) != 1 || !JSON_NODE_HOLDS_OBJECT (json_array_get_element (stmts, 0)))
    return NULL;

  node = json_object_get_member (json_array_get_object_element (stmts, 0), "stmt");
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return NULL;
  stmt = json_node_get_object (node);
  node = json_object_get_member (stmt, "TransactionStmt");
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return NULL;

  /* An enum's first value (BEGIN) may be left out of the tree. */
  return g_strdup (json_object_get_string_member_with_default (json_node_get_object (node), "kind",
                                                               "TRANS_STMT_BEGIN"));
}

/* A script of its own transaction (every Sqitch script, many golang-migrate
 * files: BEGIN; ... COMMIT;) run inside Sluice's: its COMMIT would end the
 * migration's transaction early, so that the history rows, and a later
 * failure's rollback, no longer go with its statements.  Its BEGIN, START
 * TRANSACTION, COMMIT and END are left out; any other transaction control
 * (ROLLBACK, SAVEPOINT, RELEASE, PREPARE TRANSACTION, ...) makes the
 * migration fail before it runs, as Sluice cannot keep its meaning in one
 * transaction.  Takes nothing on failure. */
static gboolean
drop_transaction_control (SluiceExecutor     *self,
                          SluiceExecutorRun  *data,
                          GError            **error)
{
  SluiceMigration *migration = _sluice_executor_current_migration (data);
  g_autoptr(GString) lines = g_string_new (NULL);
  guint i = 0;

  while (i < data->statements->len)
    {
      SluiceStatement *statement = g_ptr_array_index (data->statements, i);
      g_autofree char *kind = transaction_statement_kind (statement->text);

      if (kind == NULL)
        {
          i++;
          continue;
        }

      if (!g_str_equal (kind, "TRANS_STMT_BEGIN") && !g_str_equal (kind, "TRANS_STMT_START") &&
          !g_str_equal (kind, "TRANS_STMT_COMMIT"))
        {
          g_set_error (error, SLUICE_ERROR, SLUICE_ERROR_INVALID_INPUT,
                       _("its statement at line %u (%s) controls the transaction, which Sluice "
                         "cannot keep inside the one transaction it runs the migration and its "
                         "history rows in; remove it, or mark the migration to run without a "
                         "transaction"),
                       statement->line, statement->text);
          return FALSE;
        }

      g_string_append_printf (lines, "%s%u", lines->len > 0 ? ", " : "", statement->line);
      g_ptr_array_remove_index (data->statements, i);
    }

  if (lines->len > 0)
    {
      g_autofree char *message =
        g_strdup_printf (_("The script's own BEGIN and COMMIT (line %s) are left out: the "
                           "migration runs in Sluice's transaction, with its history rows."),
                         lines->str);

      _sluice_executor_emit_simple (self, SLUICE_RUN_EVENT_INFO,
                                    sluice_migration_get_version (migration), message);
    }

  return TRUE;
}

static gboolean
needs_autocommit (GPtrArray *statements)
{
  for (guint i = 0; i < statements->len; i++)
    {
      SluiceStatement *statement = g_ptr_array_index (statements, i);

      if (sluice_sql_needs_autocommit (statement->text))
        return TRUE;
    }

  return FALSE;
}

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

static void
start_next_migration (GTask *task)
{
  SluiceExecutor *self = g_task_get_source_object (task);
  SluiceExecutorRun *data = g_task_get_task_data (task);
  g_autoptr(GPtrArray) begin = NULL;
  SluiceMigration *migration;
  const char *sql;
  GError *error = NULL;

  if (data->index == data->migrations->len)
    {
      finish_run (task, NULL);
      return;
    }

  /* Between migrations a cancel leaves nothing half-done to record. */
  if (g_cancellable_is_cancelled (g_task_get_cancellable (task)))
    {
      finish_run (task, g_error_new (G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                     _("The run was cancelled before migration %s; the migrations "
                                       "before it are done and recorded, nothing of it or after it "
                                       "was run."),
                                     sluice_migration_get_version (_sluice_executor_current_migration (data))));
      return;
    }

  migration = _sluice_executor_current_migration (data);
  data->migration_started_us = g_get_monotonic_time ();
  data->started_us = data->migration_started_us;
  data->delay_ms = MAX (self->options.retry_delay_ms, 1);

  sql = migration_sql (self, migration);
  data->statements = sluice_sql_split (sql != NULL ? sql : "",
                                       _sluice_executor_going_down (self) ? 1 : MAX (sluice_migration_get_up_line (migration), 1),
                                                                    &error);
  if (data->statements == NULL)
    {
      fail_attempt (task, error);
      return;
    }

  data->transactional = sluice_migration_get_transactional (migration) &&
                        !needs_autocommit (data->statements);
  if (data->transactional && !drop_transaction_control (self, data, &error))
    {
      data->refused = TRUE;
      fail_attempt (task, error);
      return;
    }
  emit_migration_started (self, data);

  begin = sluice_history_writer_begin_statements (self->options.history_format, migration,
                                                  self->options.direction, &error);
  if (begin == NULL)
    {
      fail_attempt (task, error);
      return;
    }

  if (begin->len == 0)
    {
      start_attempt (task);
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

/* Preparation ---------------------------------------------------------------- */

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

      finish_run (task, g_error_new (error->domain, error->code,
                                     _("The history tables could not be created: %s. No migration "
                                       "was run and nothing was changed."),
                                     reason));
      return;
    }

  start_next_migration (task);
}

/* Sluice's own tables, then the tool's, in one round trip. */
static void
prepare_history_tables (GTask *task)
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
      finish_run (task, error);
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

static void
emit_timeout_info (SluiceExecutor *self,
                   const char     *setting,
                   guint           ms)
{
  g_autofree char *message = NULL;

  if (ms == 0)
    return;

  message = g_strdup_printf (_("%s = %u ms"), setting, ms);
  _sluice_executor_emit_simple (self, SLUICE_RUN_EVENT_INFO, NULL, message);
}

static void
on_timeouts_set (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SluiceExecutor *self = g_task_get_source_object (task);
  SluiceExecutorRun *data = g_task_get_task_data (task);
  g_autoptr(SluiceResult) query_result = NULL;
  g_autoptr(GError) error = NULL;

  query_result = sluice_connection_query_finish (SLUICE_CONNECTION (object), result, &error);
  if (query_result == NULL)
    {
      g_autofree char *reason = _sluice_executor_dup_without_full_stop (error->message);

      finish_run (task, g_error_new (error->domain, error->code,
                                     _("lock_timeout and statement_timeout could not be set: %s. "
                                       "No migration was run and nothing was changed."),
                                     reason));
      return;
    }

  data->old_lock_timeout = g_strdup (sluice_result_get_value (query_result, 0, 0));
  data->old_statement_timeout = g_strdup (sluice_result_get_value (query_result, 0, 1));

  emit_timeout_info (self, "lock_timeout", self->options.lock_timeout_ms);
  emit_timeout_info (self, "statement_timeout", self->options.statement_timeout_ms);

  prepare_history_tables (task);
}

static void
set_timeouts (GTask *task)
{
  SluiceExecutor *self = g_task_get_source_object (task);
  g_autofree char *lock = NULL;
  g_autofree char *statement = NULL;
  const char *params[2];

  if (self->options.lock_timeout_ms > 0)
    lock = g_strdup_printf ("%ums", self->options.lock_timeout_ms);
  if (self->options.statement_timeout_ms > 0)
    statement = g_strdup_printf ("%ums", self->options.statement_timeout_ms);

  params[0] = lock;
  params[1] = statement;
  sluice_connection_query_async (self->connection, SET_TIMEOUTS_SQL, params, G_N_ELEMENTS (params),
                                 g_task_get_cancellable (task), on_timeouts_set, g_object_ref (task));
}

static void
on_lock_tried (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SluiceExecutor *self = g_task_get_source_object (task);
  SluiceExecutorRun *data = g_task_get_task_data (task);
  g_autoptr(SluiceResult) query_result = NULL;
  g_autoptr(GError) error = NULL;
  const char *holders;

  query_result = sluice_connection_query_finish (SLUICE_CONNECTION (object), result, &error);
  if (query_result == NULL)
    {
      g_autofree char *reason = _sluice_executor_dup_without_full_stop (error->message);

      finish_run (task, g_error_new (error->domain, error->code,
                                     _("Sluice's advisory lock could not be taken: %s. No migration "
                                       "was run and nothing was changed."),
                                     reason));
      return;
    }

  if (!sluice_result_get_boolean (query_result, 0, 0))
    {
      holders = sluice_result_is_null (query_result, 0, 1) ? "?"
                                                           : sluice_result_get_value (query_result, 0, 1);
      finish_run (task, g_error_new (SLUICE_ERROR, SLUICE_ERROR_BUSY,
                                     _("Another Sluice run is migrating database “%s” (server "
                                       "process %s holds Sluice's advisory lock). This run stopped "
                                       "before changing anything: no migration was run. Wait for "
                                       "the other run to finish, then try again."),
                                     sluice_connection_get_database (self->connection), holders));
      return;
    }

  data->lock_held = TRUE;
  _sluice_executor_emit_simple (self, SLUICE_RUN_EVENT_INFO, NULL,
                                _("Sluice's advisory lock is taken: no other Sluice run can start on this database."));
  set_timeouts (task);
}

static void
take_advisory_lock (GTask *task)
{
  SluiceExecutor *self = g_task_get_source_object (task);
  g_autofree char *key = g_strdup_printf ("%" G_GINT64_FORMAT, ADVISORY_KEY);
  const char *params[] = { key };

  sluice_connection_query_async (self->connection, TRY_LOCK_SQL, params, G_N_ELEMENTS (params),
                                 g_task_get_cancellable (task), on_lock_tried, g_object_ref (task));
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

      if (migration_sql (self, migration) != NULL)
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
                                _sluice_executor_going_down (self) ? _("Reverting migrations") : _("Applying migrations"));

  if (!check_migrations (self, migrations, &error))
    {
      finish_run (task, error);
      return;
    }

  take_advisory_lock (task);
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

