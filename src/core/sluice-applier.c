/* sluice-applier.c: applying migrations and recording them in Sluice's history
 *
 * Each statement of a migration (split by sluice_sql_split) is sent on its
 * own, so that the run log can say how many statements completed.  A
 * transactional migration runs between BEGIN and COMMIT, its history row
 * and run log row written inside the same transaction; on failure it is
 * rolled back and the failed attempt is written afterwards, outside it.  A
 * no-transaction migration runs each statement alone.  The row is keyed by
 * sluice_migration_get_history_key() (for Sluice's format, the version), so
 * that the status join is plain equality whatever the folder's format.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "sluice-applier.h"
#include "sluice-error.h"
#include "sluice-history-private.h"
#include "sluice-sql.h"
#include "sluice-stats-snapshot.h"

/* The history row and the run log row in one statement, so that a
 * no-transaction migration records both or neither.
 *
 * Both times of a run log row are the client's: finished_at is started_at
 * plus the time measured on the monotonic clock (execution_ms), so that a
 * server whose clock is off from ours never makes a duration negative. */
#define RECORD_SUCCESS_SQL                                                          \
  "WITH recorded AS ("                                                              \
  "  INSERT INTO sluice.migrations (version, name, checksum, execution_ms)"         \
  "  VALUES ($1::text, $2::text, $3::text, $4::bigint)"                             \
  "  RETURNING version"                                                             \
  ")"                                                                               \
  "INSERT INTO sluice.run_log (version, name, direction, started_at, finished_at,"  \
  "                            success, statements_done, statements_total, note)"   \
  "SELECT version, $2::text, 'up', $5::timestamptz,"                                \
  "       $5::timestamptz + $4::bigint * interval '1 millisecond',"                  \
  "       true, $6::int, $6::int, $7::text"                                         \
  "  FROM recorded"

#define RECORD_FAILURE_SQL                                                          \
  "INSERT INTO sluice.run_log (version, name, direction, started_at, finished_at,"  \
  "                            success, error, sqlstate, statements_done,"          \
  "                            statements_total, note)"                             \
  "VALUES ($1::text, $2::text, 'up', $3::timestamptz,"                              \
  "        $3::timestamptz + $9::bigint * interval '1 millisecond',"                 \
  "        false, $4::text, $5::text, $6::int, $7::int, $8::text)"

#define NOTE_NO_TRANSACTION "no-transaction"

typedef struct
{
  SluiceConnection *connection;
  GPtrArray        *migrations;
  GPtrArray        *applied;       /* char *: the versions applied so far */
  guint             index;
  char             *stats_profile_id; /* NULL: no statistics snapshots */
  GPtrArray        *warnings;      /* char *: snapshots that could not be saved */

  /* The migration being applied */
  GPtrArray        *statements;    /* SluiceStatement; NULL when it could not be split */
  guint             statements_done;
  gboolean          in_transaction;
  gboolean          committing;
  gboolean          step_sent;     /* the last request reached an open connection */
  gboolean          outcome_unknown;
  char             *started_at;    /* ISO 8601 */
  gint64            started_us;
  GError           *failure;       /* what the caller gets */
  GError           *cause;         /* what the run log gets */
} ApplyData;

static void
reset_migration (ApplyData *data)
{
  g_clear_pointer (&data->statements, g_ptr_array_unref);
  g_clear_pointer (&data->started_at, g_free);
  g_clear_error (&data->failure);
  g_clear_error (&data->cause);
  data->statements_done = 0;
  data->in_transaction = FALSE;
  data->committing = FALSE;
  data->step_sent = FALSE;
  data->outcome_unknown = FALSE;
}

static void
apply_data_free (ApplyData *data)
{
  reset_migration (data);
  g_clear_object (&data->connection);
  g_clear_pointer (&data->migrations, g_ptr_array_unref);
  g_clear_pointer (&data->applied, g_ptr_array_unref);
  g_clear_pointer (&data->stats_profile_id, g_free);
  g_clear_pointer (&data->warnings, g_ptr_array_unref);
  g_free (data);
}

static SluiceMigration *
current_migration (ApplyData *data)
{
  return g_ptr_array_index (data->migrations, data->index);
}

static const char *
migration_key (SluiceMigration *migration)
{
  const char *key = sluice_migration_get_history_key (migration);

  return key != NULL ? key : sluice_migration_get_version (migration);
}

static const char *
migration_name (SluiceMigration *migration)
{
  const char *name = sluice_migration_get_name (migration);

  return name != NULL ? name : "";
}

static void start_next_migration (GTask *task);

static gint64
elapsed_ms (ApplyData *data)
{
  return (g_get_monotonic_time () - data->started_us) / 1000;
}

/* Sends one step of the migration, noting whether it went to an open
 * connection: if that connection is lost before the answer, the server
 * may or may not have done it. */
static void
send_step (GTask               *task,
           const char          *sql,
           const char * const  *params,
           int                  n_params,
           GCancellable        *cancellable,
           GAsyncReadyCallback  callback)
{
  ApplyData *data = g_task_get_task_data (task);
  SluiceConnectionState state = sluice_connection_get_state (data->connection);

  data->step_sent = (state == SLUICE_CONNECTION_READY || state == SLUICE_CONNECTION_BUSY);
  sluice_connection_query_async (data->connection, sql, params, n_params, cancellable,
                                 callback, g_object_ref (task));
}

static gboolean
is_connection_loss (const GError *error)
{
  return g_error_matches (error, SLUICE_ERROR, SLUICE_ERROR_CONNECTION) ||
         g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CLOSED);
}

/* An error message inside our own sentence, without its full stop. */
static char *
dup_without_full_stop (const char *message)
{
  gsize length = strlen (message);

  if (length > 0 && message[length - 1] == '.')
    length--;
  return g_strndup (message, length);
}

/* Failure */

/* The connection went away while a step that changes the database for
 * good (a COMMIT, a statement or the record of a no-transaction
 * migration) was on its way: only the database can tell what happened. */
static char *
describe_unknown_outcome (ApplyData *data)
{
  SluiceMigration *migration = current_migration (data);
  const char *key = migration_key (migration);
  guint total = data->statements->len;

  if (data->committing)
    return g_strdup_printf (_("Whether it was applied is unknown: the connection was lost during "
                              "its COMMIT. Reconnect and look for “%s” in sluice.migrations: if "
                              "it is there, the migration was applied and recorded; if not, "
                              "nothing of it was applied."),
                            key);

  if (data->statements_done == total)
    return g_strdup_printf (_("It runs without a transaction: all of its statements ran, but the "
                              "connection was lost while it was being recorded, so whether it is "
                              "recorded as applied is unknown. Reconnect and look for “%s” in "
                              "sluice.migrations before running it again."),
                            key);

  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "It runs without a transaction: %u of its %u statements "
                                       "stays applied, and whether statement %u was applied is "
                                       "unknown, as the connection was lost while it ran. It is not "
                                       "recorded as applied (“%s” is not in sluice.migrations). "
                                       "Reconnect, check the database, and finish or undo it by hand.",
                                       "It runs without a transaction: %u of its %u statements "
                                       "stay applied, and whether statement %u was applied is "
                                       "unknown, as the connection was lost while it ran. It is not "
                                       "recorded as applied (“%s” is not in sluice.migrations). "
                                       "Reconnect, check the database, and finish or undo it by hand.",
                                       data->statements_done),
                          data->statements_done, total, data->statements_done + 1, key);
}

/* What became of the migration, for the message. */
static char *
describe_consequence (ApplyData *data)
{
  SluiceMigration *migration = current_migration (data);
  guint total = data->statements != NULL ? data->statements->len : 0;

  if (data->outcome_unknown)
    return describe_unknown_outcome (data);

  if (data->statements == NULL)
    return g_strdup (_("Nothing of it was run; the migrations before it stay applied."));

  if (sluice_migration_get_transactional (migration))
    return g_strdup (_("Its transaction was rolled back, so nothing of it was applied; the "
                       "migrations before it stay applied."));

  if (data->statements_done == 0)
    return g_strdup (_("It runs without a transaction, but none of its statements had run; the "
                       "migrations before it stay applied."));

  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "It runs without a transaction: %u of its %u statements "
                                       "stays applied and it is not recorded as applied. Finish "
                                       "or undo it by hand.",
                                       "It runs without a transaction: %u of its %u statements "
                                       "stay applied and it is not recorded as applied. Finish "
                                       "or undo them by hand.",
                                       data->statements_done),
                          data->statements_done, total);
}

static char *
describe_failure (ApplyData    *data,
                  const GError *error)
{
  SluiceMigration *migration = current_migration (data);
  g_autofree char *consequence = describe_consequence (data);
  g_autofree char *reason = dup_without_full_stop (error->message);
  const char *version = sluice_migration_get_version (migration);
  const char *name = migration_name (migration);

  if (data->statements == NULL)
    return g_strdup_printf (_("Migration %s “%s” could not be read: %s. %s"),
                            version, name, reason, consequence);

  if (data->statements_done < data->statements->len)
    {
      SluiceStatement *statement = g_ptr_array_index (data->statements, data->statements_done);

      return g_strdup_printf (_("Migration %s “%s” failed at statement %u of %u (line %u): %s. %s"),
                              version, name, data->statements_done + 1, data->statements->len,
                              statement->line, reason, consequence);
    }

  if (data->committing)
    return g_strdup_printf (_("Migration %s “%s” ran, but its COMMIT failed: %s. %s"),
                            version, name, reason, consequence);

  return g_strdup_printf (_("Migration %s “%s” ran, but could not be recorded as applied: %s. %s"),
                          version, name, reason, consequence);
}

/* Keeps the server's SQLSTATE, detail and hint on the error the caller gets. */
static GError *
new_failure (ApplyData    *data,
             const GError *error)
{
  g_autofree char *message = describe_failure (data, error);
  GError *failure = NULL;

  if (error->domain == SLUICE_SERVER_ERROR)
    sluice_set_server_error (&failure, sluice_server_error_get_sqlstate (error), message,
                             sluice_server_error_get_detail (error),
                             sluice_server_error_get_hint (error));
  else
    failure = g_error_new_literal (error->domain, error->code, message);

  return failure;
}

static void
on_failure_logged (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  ApplyData *data = g_task_get_task_data (task);
  g_autoptr(SluiceResult) query_result = NULL;
  g_autoptr(GError) error = NULL;
  GError *failure = g_steal_pointer (&data->failure);

  query_result = sluice_connection_query_finish (SLUICE_CONNECTION (object), result, &error);
  if (query_result == NULL)
    {
      char *message = g_strdup_printf (_("%s The attempt could not be written to sluice.run_log "
                                         "either: %s"),
                                       failure->message, error->message);

      g_free (failure->message);
      failure->message = message;
    }

  g_task_return_error (task, failure);
}

/* Written outside the failed transaction, never cancelled: the record of
 * a failure matters most. */
static void
log_failure (GTask *task)
{
  ApplyData *data = g_task_get_task_data (task);
  SluiceMigration *migration = current_migration (data);
  g_autofree char *done = g_strdup_printf ("%u", data->statements_done);
  g_autofree char *total = data->statements != NULL ? g_strdup_printf ("%u", data->statements->len)
                                                    : g_strdup ("0");
  g_autofree char *elapsed = g_strdup_printf ("%" G_GINT64_FORMAT, elapsed_ms (data));
  const char *params[] = {
    migration_key (migration),
    migration_name (migration),
    data->started_at,
    data->cause->message,
    data->cause->domain == SLUICE_SERVER_ERROR ? sluice_server_error_get_sqlstate (data->cause) : NULL,
    done,
    total,
    sluice_migration_get_transactional (migration) ? NULL : NOTE_NO_TRANSACTION,
    elapsed,
  };

  sluice_connection_query_async (data->connection, RECORD_FAILURE_SQL,
                                 params, G_N_ELEMENTS (params), NULL,
                                 on_failure_logged, g_object_ref (task));
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
  log_failure (task);
}

static void
fail_migration (GTask  *task,
                GError *error)
{
  ApplyData *data = g_task_get_task_data (task);
  gboolean lasting = data->committing ||
                     !sluice_migration_get_transactional (current_migration (data));

  /* Inside a transaction, anything but the COMMIT is rolled back by the
   * server when the connection goes. */
  data->outcome_unknown = data->statements != NULL && lasting &&
                          data->step_sent && is_connection_loss (error);
  data->failure = new_failure (data, error);
  data->cause = error;

  if (data->in_transaction)
    {
      data->in_transaction = FALSE;
      sluice_connection_query_async (data->connection, "ROLLBACK", NULL, 0, NULL,
                                     on_rolled_back, g_object_ref (task));
      return;
    }

  log_failure (task);
}

/* Success */

static void
next_migration (GTask *task)
{
  ApplyData *data = g_task_get_task_data (task);

  reset_migration (data);
  data->index++;
  start_next_migration (task);
}

static void
on_stats_saved (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  ApplyData *data = g_task_get_task_data (task);
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;

  file = sluice_stats_snapshot_save_after_migration_finish (result, &error);
  if (file == NULL)
    {
      SluiceMigration *migration = current_migration (data);
      g_autofree char *reason = dup_without_full_stop (error->message);

      /* The migration is applied and recorded: only the snapshot is lost. */
      g_ptr_array_add (data->warnings,
                       g_strdup_printf (_("Migration %s was applied, but the index statistics after it "
                                          "could not be saved: %s. Its History entry will show no index "
                                          "usage."),
                                        sluice_migration_get_version (migration), reason));
    }

  next_migration (task);
}

static void
migration_done (GTask *task)
{
  ApplyData *data = g_task_get_task_data (task);
  SluiceMigration *migration = current_migration (data);

  g_ptr_array_add (data->applied, g_strdup (sluice_migration_get_version (migration)));

  if (data->stats_profile_id == NULL)
    {
      next_migration (task);
      return;
    }

  /* Not cancelled with the run: the migration is applied already, and its
   * snapshot is what tells later whether its indexes are used. */
  sluice_stats_snapshot_save_after_migration_async (data->connection, data->stats_profile_id,
                                                    sluice_migration_get_version (migration), NULL,
                                                    on_stats_saved, g_object_ref (task));
}

static void
on_committed (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  ApplyData *data = g_task_get_task_data (task);
  g_autoptr(SluiceResult) query_result = NULL;
  GError *error = NULL;

  query_result = sluice_connection_query_finish (SLUICE_CONNECTION (object), result, &error);
  if (query_result == NULL)
    {
      /* A failed COMMIT ends the transaction: nothing to roll back. */
      data->in_transaction = FALSE;
      fail_migration (task, error);
      return;
    }

  data->in_transaction = FALSE;
  migration_done (task);
}

static void
on_recorded (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  ApplyData *data = g_task_get_task_data (task);
  g_autoptr(SluiceResult) query_result = NULL;
  GError *error = NULL;

  query_result = sluice_connection_query_finish (SLUICE_CONNECTION (object), result, &error);
  if (query_result == NULL)
    {
      fail_migration (task, error);
      return;
    }

  if (!data->in_transaction)
    {
      migration_done (task);
      return;
    }

  /* Past this point a cancel would only leave the question of whether the
   * COMMIT arrived: let it finish. */
  data->committing = TRUE;
  send_step (task, "COMMIT", NULL, 0, NULL, on_committed);
}

static void
record_success (GTask *task)
{
  ApplyData *data = g_task_get_task_data (task);
  SluiceMigration *migration = current_migration (data);
  g_autofree char *execution_ms = g_strdup_printf ("%" G_GINT64_FORMAT, elapsed_ms (data));
  g_autofree char *done = g_strdup_printf ("%u", data->statements_done);
  const char *params[] = {
    migration_key (migration),
    migration_name (migration),
    sluice_migration_get_checksum (migration),
    execution_ms,
    data->started_at,
    done,
    sluice_migration_get_transactional (migration) ? NULL : NOTE_NO_TRANSACTION,
  };

  /* Never cancelled, as the COMMIT: without a transaction the statements
   * have all run, and a cancel now would leave the migration applied but
   * not recorded. */
  send_step (task, RECORD_SUCCESS_SQL, params, G_N_ELEMENTS (params), NULL, on_recorded);
}

/* Statements */

static void run_next_statement (GTask *task);

static void
on_statement_done (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  ApplyData *data = g_task_get_task_data (task);
  g_autoptr(SluiceResult) query_result = NULL;
  GError *error = NULL;

  query_result = sluice_connection_query_finish (SLUICE_CONNECTION (object), result, &error);
  if (query_result == NULL)
    {
      fail_migration (task, error);
      return;
    }

  data->statements_done++;
  run_next_statement (task);
}

static void
run_next_statement (GTask *task)
{
  ApplyData *data = g_task_get_task_data (task);
  SluiceStatement *statement;

  if (data->statements_done == data->statements->len)
    {
      record_success (task);
      return;
    }

  statement = g_ptr_array_index (data->statements, data->statements_done);
  send_step (task, statement->text, NULL, 0, g_task_get_cancellable (task), on_statement_done);
}

static void
on_begun (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  ApplyData *data = g_task_get_task_data (task);
  g_autoptr(SluiceResult) query_result = NULL;
  GError *error = NULL;

  query_result = sluice_connection_query_finish (SLUICE_CONNECTION (object), result, &error);
  if (query_result == NULL)
    {
      fail_migration (task, error);
      return;
    }

  data->in_transaction = TRUE;
  run_next_statement (task);
}

/* Migrations */

static void
start_next_migration (GTask *task)
{
  ApplyData *data = g_task_get_task_data (task);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  SluiceMigration *migration;
  const char *up_sql;
  GError *error = NULL;

  if (data->index == data->migrations->len)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }

  /* Between migrations a cancel leaves nothing half-done to record. */
  if (g_task_return_error_if_cancelled (task))
    return;

  migration = current_migration (data);
  data->started_at = g_date_time_format_iso8601 (now);
  data->started_us = g_get_monotonic_time ();

  up_sql = sluice_migration_get_up_sql (migration);
  data->statements = sluice_sql_split (up_sql != NULL ? up_sql : "",
                                       MAX (sluice_migration_get_up_line (migration), 1), &error);
  if (data->statements == NULL)
    {
      fail_migration (task, error);
      return;
    }

  if (!sluice_migration_get_transactional (migration))
    {
      run_next_statement (task);
      return;
    }

  send_step (task, "BEGIN", NULL, 0, g_task_get_cancellable (task), on_begun);
}

static void
on_schema_ready (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GPtrArray) results = NULL;
  g_autoptr(GError) error = NULL;

  results = sluice_connection_pipeline_finish (SLUICE_CONNECTION (object), result, &error);
  if (results == NULL)
    {
      g_task_return_new_error (task, error->domain, error->code,
                               _("Sluice's history tables (schema sluice) could not be created: "
                                 "%s. No migration was applied."),
                               error->message);
      return;
    }

  start_next_migration (task);
}

static void
start_apply (SluiceConnection     *connection,
             GPtrArray            *migrations,
             const char           *stats_profile_id,
             gpointer              source_tag,
             GCancellable         *cancellable,
             GAsyncReadyCallback   callback,
             gpointer              user_data)
{
  g_autoptr(GTask) task = NULL;
  ApplyData *data;

  g_return_if_fail (SLUICE_IS_CONNECTION (connection));
  g_return_if_fail (migrations != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (connection, cancellable, callback, user_data);
  g_task_set_source_tag (task, source_tag);
  /* A cancel is handled step by step: a transaction must be rolled back
   * and the attempt logged before the task completes. */
  g_task_set_check_cancellable (task, FALSE);

  data = g_new0 (ApplyData, 1);
  data->connection = g_object_ref (connection);
  data->migrations = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < migrations->len; i++)
    g_ptr_array_add (data->migrations, g_object_ref (g_ptr_array_index (migrations, i)));
  data->applied = g_ptr_array_new_with_free_func (g_free);
  data->stats_profile_id = g_strdup (stats_profile_id);
  data->warnings = g_ptr_array_new_with_free_func (g_free);
  g_task_set_task_data (task, data, (GDestroyNotify) apply_data_free);

  sluice_connection_pipeline_async (connection, _sluice_history_schema_statements (),
                                    cancellable, on_schema_ready, g_steal_pointer (&task));
}

void
sluice_applier_apply_async (SluiceConnection     *connection,
                            GPtrArray            *migrations,
                            GCancellable         *cancellable,
                            GAsyncReadyCallback   callback,
                            gpointer              user_data)
{
  start_apply (connection, migrations, NULL, sluice_applier_apply_async,
               cancellable, callback, user_data);
}

void
sluice_applier_apply_full_async (SluiceConnection     *connection,
                                 GPtrArray            *migrations,
                                 const char           *stats_profile_id,
                                 GCancellable         *cancellable,
                                 GAsyncReadyCallback   callback,
                                 gpointer              user_data)
{
  start_apply (connection, migrations, stats_profile_id, sluice_applier_apply_full_async,
               cancellable, callback, user_data);
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
sluice_applier_apply_full_finish (GAsyncResult  *result,
                                  GStrv         *applied,
                                  GStrv         *warnings,
                                  GError       **error)
{
  ApplyData *data;
  gpointer tag;

  g_return_val_if_fail (G_IS_TASK (result), FALSE);
  tag = g_task_get_source_tag (G_TASK (result));
  g_return_val_if_fail (tag == sluice_applier_apply_async || tag == sluice_applier_apply_full_async, FALSE);

  data = g_task_get_task_data (G_TASK (result));
  if (applied != NULL)
    *applied = strv_from_array (data->applied);
  if (warnings != NULL)
    *warnings = strv_from_array (data->warnings);

  return g_task_propagate_boolean (G_TASK (result), error);
}

gboolean
sluice_applier_apply_finish (GAsyncResult  *result,
                             GStrv         *applied,
                             GError       **error)
{
  return sluice_applier_apply_full_finish (result, applied, NULL, error);
}
