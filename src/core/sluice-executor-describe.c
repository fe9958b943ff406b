/* sluice-executor-describe.c: what a failed migration's error says
 *
 * Where the run stopped, why, and what became of the migration: rolled
 * back, partly done without a transaction, or unknown because the
 * connection went during a step that changes the database for good.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "sluice-error.h"
#include "sluice-executor-private.h"
#include "sluice-sql.h"

/* The connection went away while a step that changes the database for
 * good was on its way: only the database can tell what happened. */
static char *
describe_unknown_outcome (SluiceExecutor    *self,
                          SluiceExecutorRun *data)
{
  const char *key = _sluice_executor_migration_key (_sluice_executor_current_migration (data));
  guint total = data->statements->len;

  if (data->committing && _sluice_executor_going_down (self))
    return g_strdup_printf (_("Whether it was reverted is unknown: the connection was lost during "
                              "its COMMIT. Reconnect and look for “%s” in sluice.migrations: if it "
                              "is gone, the migration was reverted; if not, nothing of it was "
                              "reverted."),
                            key);

  if (data->committing)
    return g_strdup_printf (_("Whether it was applied is unknown: the connection was lost during "
                              "its COMMIT. Reconnect and look for “%s” in sluice.migrations: if "
                              "it is there, the migration was applied and recorded; if not, "
                              "nothing of it was applied."),
                            key);

  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "It runs without a transaction: %u of its %u statements "
                                       "stays done, and whether statement %u was done is unknown, "
                                       "as the connection was lost while it ran. The history was "
                                       "not changed for it. Reconnect, check the database, and "
                                       "finish or undo it by hand.",
                                       "It runs without a transaction: %u of its %u statements "
                                       "stay done, and whether statement %u was done is unknown, "
                                       "as the connection was lost while it ran. The history was "
                                       "not changed for it. Reconnect, check the database, and "
                                       "finish or undo them by hand.",
                                       data->statements_done),
                          data->statements_done, total, data->statements_done + 1);
}

/* What became of the migration, for the message. */
static char *
describe_consequence (SluiceExecutor    *self,
                      SluiceExecutorRun *data)
{
  const char *before = _sluice_executor_going_down (self)
                       ? _("the migrations reverted before it stay reverted")
                       : _("the migrations before it stay applied");
  guint total = data->statements != NULL ? data->statements->len : 0;

  if (data->outcome_unknown)
    return describe_unknown_outcome (self, data);

  if (data->statements == NULL || data->refused)
    return g_strdup_printf (_("Nothing of it was run; %s."), before);

  if (data->transaction_ended)
    return g_strdup_printf (_("Its transaction had ended early, so what its statements up to "
                              "statement %u did may stay, and the history does not record it. "
                              "Check the database and finish or undo them by hand; %s."),
                            data->statements_done + 1, before);

  if (data->left_invalid_index && data->statements_done == 0)
    return g_strdup_printf (_("It runs without a transaction: none of its statements completed, "
                              "but the one that failed left an invalid index, and the history "
                              "does not record it; %s."),
                            before);

  if (data->transactional || data->statements_done == 0)
    return g_strdup_printf (data->transactional
                            ? _("Its transaction was rolled back, so nothing of it was changed "
                                "and the history does not record it; %s.")
                            : _("It runs without a transaction, but none of its statements had "
                                "run, so nothing of it was changed; %s."),
                            before);

  if (data->recording)
    return g_strdup_printf (_("It runs without a transaction: all of its %u statements stay done, "
                              "but the history does not record it. Record it or undo it by hand; "
                              "%s."),
                            total, before);

  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "It runs without a transaction: %u of its %u statements "
                                       "stays done and the history does not record it. Finish "
                                       "or undo it by hand; %s.",
                                       "It runs without a transaction: %u of its %u statements "
                                       "stay done and the history does not record it. Finish "
                                       "or undo them by hand; %s.",
                                       data->statements_done),
                          data->statements_done, total, before);
}

/* Why the step failed, to go inside our sentence.  A lost connection's
 * own message says that the outcome is unknown and what to do, which the
 * consequence says better here: only the server's reason is kept. */
static char *
describe_reason (const GError *error)
{
  const char *open;
  const char *close;

  if (!_sluice_executor_is_connection_loss (error))
    return _sluice_executor_dup_without_full_stop (error->message);

  open = strchr (error->message, '(');
  close = strrchr (error->message, ')');
  if (open != NULL && close != NULL && close > open + 1)
    {
      g_autofree char *why = g_strndup (open + 1, close - open - 1);

      return g_strdup_printf (_("the connection to the server was lost (%s)"), why);
    }

  return g_strdup (_("the connection to the server was lost"));
}

static char *
describe_failure (SluiceExecutor    *self,
                  SluiceExecutorRun *data,
                  const GError      *error)
{
  SluiceMigration *migration = _sluice_executor_current_migration (data);
  g_autofree char *consequence = describe_consequence (self, data);
  g_autofree char *reason = describe_reason (error);
  g_autofree char *lock = NULL;
  const char *version = sluice_migration_get_version (migration);
  const char *name = _sluice_executor_migration_name (migration);

  if (data->statements == NULL)
    return g_strdup_printf (_("Migration %s “%s” could not be read: %s. %s"),
                            version, name, reason, consequence);

  if (data->refused)
    return g_strdup_printf (_("Migration %s “%s” was not run: %s. %s"),
                            version, name, reason, consequence);

  if (data->beginning)
    return g_strdup_printf (_("Migration %s “%s” could not be started, as the folder tool's history "
                              "table could not be marked first: %s. None of its statements ran; %s."),
                            version, name, reason,
                            _sluice_executor_going_down (self) ? _("the migrations reverted before it stay reverted")
                                              : _("the migrations before it stay applied"));

  /* Not retried because of the index it left: the lock is not the story. */
  if (sluice_server_error_matches (error, SLUICE_SQLSTATE_LOCK_NOT_AVAILABLE) && !data->left_invalid_index)
    lock = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                         " Another session still held the lock it needs after %u "
                                         "retry; find it with pg_locks and pg_blocking_pids(), or "
                                         "run again when the table is quieter.",
                                         " Another session still held the lock it needs after %u "
                                         "retries; find it with pg_locks and pg_blocking_pids(), "
                                         "or run again when the table is quieter.",
                                         data->retries),
                            data->retries);
  else
    lock = g_strdup ("");

  if (!data->recording && data->statements_done < data->statements->len)
    {
      SluiceStatement *statement = g_ptr_array_index (data->statements, data->statements_done);

      return g_strdup_printf (_("Migration %s “%s” failed at statement %u of %u (line %u): %s. %s%s"),
                              version, name, data->statements_done + 1, data->statements->len,
                              statement->line, reason, consequence, lock);
    }

  if (data->committing)
    return g_strdup_printf (_("Migration %s “%s” ran, but its COMMIT failed: %s. %s"),
                            version, name, reason, consequence);

  return g_strdup_printf (_("Migration %s “%s” ran, but its history could not be written: %s. %s"),
                          version, name, reason, consequence);
}

/* Keeps the server's SQLSTATE, detail and hint on the error the caller gets. */
GError *
_sluice_executor_new_failure (SluiceExecutor    *self,
                              SluiceExecutorRun *data,
                              const GError      *error)
{
  g_autofree char *message = describe_failure (self, data, error);
  GError *failure = NULL;

  if (error->domain == SLUICE_SERVER_ERROR)
    sluice_set_server_error (&failure, sluice_server_error_get_sqlstate (error), message,
                             sluice_server_error_get_detail (error),
                             sluice_server_error_get_hint (error));
  else
    failure = g_error_new_literal (error->domain, error->code, message);

  return failure;
}
