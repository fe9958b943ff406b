/* sluice-executor-invalid-index.c: the invalid index a failed CONCURRENTLY leaves
 *
 * A failed CREATE INDEX CONCURRENTLY (or REINDEX CONCURRENTLY) leaves its
 * index behind, invalid: no query uses it, yet every write maintains it.
 * Before such a statement the invalid indexes already there are read;
 * after it fails, the new ones are reported
 * (sluice_executor_get_invalid_indexes), the failure names them, and a
 * lock timeout is not retried over them.  Dropping them, when asked, is
 * sluice-executor-drop.c's.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "sluice-executor-private.h"
#include "sluice-sql.h"

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

/* Before the statement ------------------------------------------------------- */

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
      _sluice_executor_fail_attempt (task, error);
      return;
    }

  g_free (data->invalid_before);
  data->invalid_before = g_strdup (sluice_result_get_value (query_result, 0, 0));
  _sluice_executor_send_statement (task);
}

/* CREATE INDEX CONCURRENTLY and REINDEX CONCURRENTLY leave an invalid
 * index behind when they fail. */
gboolean
_sluice_executor_may_leave_invalid_index (const char *sql)
{
  g_autofree char *lower = g_ascii_strdown (sql, -1);

  return strstr (lower, "concurrently") != NULL && strstr (lower, "index") != NULL &&
         sluice_sql_needs_autocommit (sql);
}

/* Before a statement that may leave an invalid index: the invalid indexes
 * there already, read first, then the statement is sent. */
void
_sluice_executor_read_invalid_before (GTask *task)
{
  SluiceExecutor *self = g_task_get_source_object (task);
  SluiceExecutorRun *data = g_task_get_task_data (task);

  /* Not the statement: a connection lost now leaves it unsent. */
  data->step_sent = FALSE;
  sluice_connection_query_async (self->connection, INVALID_INDEX_OIDS_SQL, NULL, 0,
                                 g_task_get_cancellable (task), on_invalid_before,
                                 g_object_ref (task));
}

/* After its failure ---------------------------------------------------------- */

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

  _sluice_executor_log_attempt (task);
}

/* A failed CREATE INDEX CONCURRENTLY leaves its index behind, invalid:
 * found before the attempt is logged, as it decides whether a lock
 * timeout is retried. */
void
_sluice_executor_check_invalid_indexes (GTask *task)
{
  SluiceExecutor *self = g_task_get_source_object (task);
  SluiceExecutorRun *data = g_task_get_task_data (task);
  const char *params[] = { data->invalid_before };

  if (data->invalid_before == NULL || !_sluice_executor_connection_usable (self))
    {
      _sluice_executor_log_attempt (task);
      return;
    }

  sluice_connection_query_async (self->connection, NEW_INVALID_INDEXES_SQL,
                                 params, G_N_ELEMENTS (params), NULL,
                                 on_invalid_indexes, g_object_ref (task));
}
