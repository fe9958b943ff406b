/* sluice-executor-lock.c: the run's guards on its session
 *
 * Before the first migration: Sluice's advisory lock, so that two runs
 * never overlap (the second stops at once, having changed nothing, and
 * names the server process that holds it), then the session's
 * lock_timeout and statement_timeout, their old values kept.  When the
 * run ends, however it ends, the lock is released and the old values are
 * put back.  Apart from the migrations' steps, as these hold for the whole
 * session rather than for one migration.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "sluice-error.h"
#include "sluice-executor-private.h"

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

/* Taking --------------------------------------------------------------------- */

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

      _sluice_executor_finish_run (task,
                                   g_error_new (error->domain, error->code,
                                                _("lock_timeout and statement_timeout could not be set: %s. "
                                                  "No migration was run and nothing was changed."),
                                                reason));
      return;
    }

  data->old_lock_timeout = g_strdup (sluice_result_get_value (query_result, 0, 0));
  data->old_statement_timeout = g_strdup (sluice_result_get_value (query_result, 0, 1));

  emit_timeout_info (self, "lock_timeout", self->options.lock_timeout_ms);
  emit_timeout_info (self, "statement_timeout", self->options.statement_timeout_ms);

  _sluice_executor_prepare_history_tables (task);
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

      _sluice_executor_finish_run (task,
                                   g_error_new (error->domain, error->code,
                                                _("Sluice's advisory lock could not be taken: %s. No migration "
                                                  "was run and nothing was changed."),
                                                reason));
      return;
    }

  if (!sluice_result_get_boolean (query_result, 0, 0))
    {
      holders = sluice_result_is_null (query_result, 0, 1) ? "?"
                                                           : sluice_result_get_value (query_result, 0, 1);
      _sluice_executor_finish_run (task,
                                   g_error_new (SLUICE_ERROR, SLUICE_ERROR_BUSY,
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

void
_sluice_executor_take_advisory_lock (GTask *task)
{
  SluiceExecutor *self = g_task_get_source_object (task);
  g_autofree char *key = g_strdup_printf ("%" G_GINT64_FORMAT, sluice_executor_advisory_key ());
  const char *params[] = { key };

  sluice_connection_query_async (self->connection, TRY_LOCK_SQL, params, G_N_ELEMENTS (params),
                                 g_task_get_cancellable (task), on_lock_tried, g_object_ref (task));
}

/* Giving back ---------------------------------------------------------------- */

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
  _sluice_executor_complete_run (task);
}

/* Takes @error (nullable: success). */
void
_sluice_executor_finish_run (GTask  *task,
                             GError *error)
{
  SluiceExecutor *self = g_task_get_source_object (task);
  SluiceExecutorRun *data = g_task_get_task_data (task);
  g_autofree char *key = g_strdup_printf ("%" G_GINT64_FORMAT, sluice_executor_advisory_key ());
  const char *params[3];

  g_clear_error (&data->run_error);
  data->run_error = error;

  if (!data->lock_held || !_sluice_executor_connection_usable (self))
    {
      _sluice_executor_complete_run (task);
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
