/* sluice-runner-indexes.c: the invalid indexes a failed run left
 *
 * A CREATE INDEX CONCURRENTLY that fails leaves an invalid index behind;
 * after the run the caller may have them dropped.  The executor knows
 * them and drops them on its connection, the run's own, which closed when
 * the run ended: it is opened again for the drop, and closed after it,
 * never the session's shared one.  Apart from execution because it comes
 * after it, on request, and changes only what the run left.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "sluice-error.h"
#include "sluice-runner-private.h"

static void
drop_invalid_indexes_done (GObject      *source,
                           GAsyncResult *result,
                           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  gboolean ok;

  ok = sluice_executor_drop_invalid_indexes_finish (SLUICE_EXECUTOR (source), result, &error);

  /* Opened again for the drop only (the run's connection closed when the
   * run ended): it goes now too. */
  if (GPOINTER_TO_INT (g_task_get_task_data (task)))
    sluice_connection_close (sluice_executor_get_connection (SLUICE_EXECUTOR (source)));

  if (ok)
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
drop_after_reconnect (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SluiceRunner *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;

  if (!sluice_connection_connect_finish (SLUICE_CONNECTION (source), result, &error))
    {
      sluice_connection_close (SLUICE_CONNECTION (source));
      g_task_return_new_error (task, SLUICE_ERROR, SLUICE_ERROR_CONNECTION,
                               _("No connection could be opened to drop the invalid indexes (%s): "
                                 "none was dropped. Check that the server is reachable, then try again."),
                               error->message);
      return;
    }

  sluice_executor_drop_invalid_indexes_async (self->executor, g_task_get_cancellable (task),
                                              drop_invalid_indexes_done, g_steal_pointer (&task));
}

void
sluice_runner_drop_invalid_indexes_async (SluiceRunner        *self,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  SluiceConnection *connection;

  g_return_if_fail (SLUICE_IS_RUNNER (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sluice_runner_drop_invalid_indexes_async);

  if (self->executor == NULL)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }

  if (self->running)
    {
      g_task_return_new_error (task, SLUICE_ERROR, SLUICE_ERROR_BUSY,
                               _("The run is still under way: no index was dropped. Wait for it to finish."));
      return;
    }

  /* The executor's connection is the run's, closed when the run ended:
   * opened again for the drop, never the session's shared one. */
  connection = sluice_executor_get_connection (self->executor);
  if (sluice_connection_get_state (connection) != SLUICE_CONNECTION_READY)
    {
      g_task_set_task_data (task, GINT_TO_POINTER (TRUE), NULL);
      sluice_connection_connect_async (connection, cancellable, drop_after_reconnect, g_steal_pointer (&task));
      return;
    }

  sluice_executor_drop_invalid_indexes_async (self->executor, cancellable,
                                              drop_invalid_indexes_done, g_steal_pointer (&task));
}

gboolean
sluice_runner_drop_invalid_indexes_finish (SluiceRunner  *self,
                                           GAsyncResult  *result,
                                           GError       **error)
{
  g_return_val_if_fail (SLUICE_IS_RUNNER (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
