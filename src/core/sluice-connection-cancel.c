/* sluice-connection-cancel.c: cancelling the statement a SluiceConnection runs
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "sluice-connection-private.h"
#include "sluice-error.h"

/* Cancel requests ------------------------------------------------------------- */

static void
send_cancel_in_thread (GTask        *task,
                       gpointer      source_object,
                       gpointer      task_data,
                       GCancellable *cancellable)
{
  PGcancel *cancel = task_data;
  char errbuf[256] = "";

  if (!PQcancel (cancel, errbuf, sizeof errbuf))
    g_task_return_new_error (task, SLUICE_ERROR, SLUICE_ERROR_CONNECTION,
                             _("Could not send the cancel request: %s"), errbuf);
  else
    g_task_return_boolean (task, TRUE);
}

static void
on_cancel_sent (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  SluiceConnection *self = SLUICE_CONNECTION (object);
  g_autoptr(GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    g_debug ("%s", error->message);

  self->cancels_in_flight--;
  _sluice_connection_maybe_start_next (self);
}

/* With @track, the queue waits for the cancel request to be delivered
 * before it sends the next statement, so that a late cancel does not
 * land on the statement after the one it was meant for. */
void
_sluice_connection_send_cancel (SluiceConnection *self,
                                gboolean          track)
{
  g_autoptr(GTask) task = NULL;
  PGcancel *cancel;

  if (self->conn == NULL || (cancel = PQgetCancel (self->conn)) == NULL)
    return;

  task = g_task_new (track ? self : NULL, NULL, track ? on_cancel_sent : NULL, NULL);
  g_task_set_source_tag (task, _sluice_connection_send_cancel);
  g_task_set_task_data (task, cancel, (GDestroyNotify) PQfreeCancel);
  if (track)
    self->cancels_in_flight++;
  g_task_run_in_thread (task, send_cancel_in_thread);
}

gboolean
_sluice_connection_on_request_cancelled (GCancellable *cancellable,
                                         gpointer      user_data)
{
  Request *req = user_data;
  SluiceConnection *self = req->self;

  g_clear_pointer (&req->cancel_source, g_source_unref);

  if (g_queue_remove (&self->queue, req))
    {
      _sluice_connection_request_return_new_error (req, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                                   _("The statement was cancelled before it was sent; it was not run."));
    }
  else if (self->current == req && !req->cancel_sent)
    {
      /* The server decides: the request completes when its answer (57014,
       * or the result if the statement won the race) arrives. */
      req->cancel_sent = TRUE;
      _sluice_connection_send_cancel (self, TRUE);
    }

  return G_SOURCE_REMOVE;
}
