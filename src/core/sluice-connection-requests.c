/* sluice-connection-requests.c: the queue of queries and pipelines of a SluiceConnection
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "sluice-connection-private.h"
#include "sluice-error.h"

#define SQLSTATE_QUERY_CANCELED "57014"

/* Requests ------------------------------------------------------------- */

void
_sluice_connection_request_free (Request *req)
{
  if (req->cancel_source != NULL)
    {
      g_source_destroy (req->cancel_source);
      g_source_unref (req->cancel_source);
    }
  g_clear_object (&req->task);
  g_clear_pointer (&req->sql, g_free);
  g_clear_pointer (&req->params, g_ptr_array_unref);
  g_clear_pointer (&req->statements, g_strfreev);
  g_clear_object (&req->result);
  g_clear_pointer (&req->results, g_ptr_array_unref);
  g_clear_error (&req->error);
  g_free (req);
}

void
_sluice_connection_request_return_error (Request *req,
                                         GError  *error)
{
  g_task_return_error (req->task, error);
  _sluice_connection_request_free (req);
}

void
_sluice_connection_request_return_new_error (Request    *req,
                                             GQuark      domain,
                                             int         code,
                                             const char *message)
{
  _sluice_connection_request_return_error (req, g_error_new_literal (domain, code, message));
}

/* The outcome of a request whose results have all arrived. */
static void
request_return (Request *req)
{
  if (req->error != NULL)
    {
      /* 57014 is also what statement_timeout raises: only our own cancel
       * request turns it into G_IO_ERROR_CANCELLED. */
      if (req->cancel_sent &&
          sluice_server_error_matches (req->error, SQLSTATE_QUERY_CANCELED))
        _sluice_connection_request_return_new_error (req, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                                     _("The statement was cancelled before it completed, so its changes were not applied."));
      else
        _sluice_connection_request_return_error (req, g_steal_pointer (&req->error));
      return;
    }

  if (req->kind == REQUEST_QUERY)
    {
      if (req->result == NULL)
        _sluice_connection_request_return_new_error (req, SLUICE_ERROR, SLUICE_ERROR_FAILED,
                                                     _("The server sent no result for the statement."));
      else
        {
          g_task_return_pointer (req->task, g_steal_pointer (&req->result), g_object_unref);
          _sluice_connection_request_free (req);
        }
    }
  else
    {
      g_task_return_pointer (req->task, g_steal_pointer (&req->results),
                             (GDestroyNotify) g_ptr_array_unref);
      _sluice_connection_request_free (req);
    }
}

/* Returns every request of @requests with a copy of @error. */
void
_sluice_connection_requests_return_error (GQueue       *requests,
                                          const GError *error)
{
  Request *req;

  while ((req = g_queue_pop_head (requests)) != NULL)
    _sluice_connection_request_return_error (req, g_error_copy (error));
}

static GError *
error_from_result (const PGresult *res)
{
  g_autofree char *fallback = NULL;
  const char *message;
  GError *error = NULL;

  message = PQresultErrorField (res, PG_DIAG_MESSAGE_PRIMARY);
  if (message == NULL)
    message = fallback = g_strstrip (g_strdup (PQresultErrorMessage (res)));

  sluice_set_server_error (&error,
                           PQresultErrorField (res, PG_DIAG_SQLSTATE),
                           message,
                           PQresultErrorField (res, PG_DIAG_MESSAGE_DETAIL),
                           PQresultErrorField (res, PG_DIAG_MESSAGE_HINT));
  return error;
}

/* Only the first error counts: what follows it is a consequence. */
static void
request_take_error (Request  *req,
                    PGresult *res)
{
  if (req->error == NULL)
    req->error = error_from_result (res);
  PQclear (res);
}

static gint64
request_elapsed (Request *req)
{
  return g_get_monotonic_time () - req->sent_at;
}

/* Losing the connection ---------------------------------------------------------- */

void
_sluice_connection_lost (SluiceConnection *self)
{
  g_autofree char *reason = NULL;
  g_autoptr(Request) current = NULL;
  g_autoptr(GError) running_error = NULL;
  g_autoptr(GError) queued_error = NULL;
  GQueue queued = G_QUEUE_INIT;

  /* The server's own words beat libpq's guess about what happened. */
  if (self->last_fatal != NULL)
    reason = g_strdup (self->last_fatal);
  else
    reason = _sluice_connection_tidy_libpq_message (self->conn != NULL ? PQerrorMessage (self->conn) : NULL);
  if (*reason == '\0')
    {
      g_free (reason);
      reason = g_strdup (_("the server closed the connection"));
    }

  current = g_steal_pointer (&self->current);
  while (!g_queue_is_empty (&self->queue))
    g_queue_push_tail (&queued, g_queue_pop_head (&self->queue));

  _sluice_connection_drop_connection (self);
  g_clear_error (&self->error);
  self->error = g_error_new (SLUICE_ERROR, SLUICE_ERROR_CONNECTION,
                             _("The connection to the server was lost (%s). Reconnect to go on."),
                             reason);
  _sluice_connection_set_state (self, SLUICE_CONNECTION_FAILED);
  _sluice_connection_emit_pending_notices (self);

  running_error = g_error_new (SLUICE_ERROR, SLUICE_ERROR_CONNECTION,
                               _("The connection to the server was lost while the statement was running (%s). "
                                 "Its outcome is unknown: it may or may not have been applied. "
                                 "Reconnect and check before running it again."),
                               reason);
  queued_error = g_error_new (SLUICE_ERROR, SLUICE_ERROR_CONNECTION,
                              _("The connection to the server was lost before the statement was sent (%s). "
                                "It was not run; reconnect and run it again."),
                              reason);
  if (current != NULL)
    _sluice_connection_request_return_error (g_steal_pointer (&current), g_error_copy (running_error));
  _sluice_connection_requests_return_error (&queued, queued_error);
}

/* Sending ---------------------------------------------------------------------- */

static gboolean
send_query (SluiceConnection *self,
            Request          *req)
{
  return PQsendQueryParams (self->conn, req->sql,
                            (int) req->params->len, NULL,
                            (const char * const *) req->params->pdata,
                            NULL, NULL, 0) == 1;
}

/* One Sync at the end: the server runs the statements as one implicit
 * transaction and skips the rest after a failure (PGRES_PIPELINE_ABORTED). */
static gboolean
send_pipeline (SluiceConnection *self,
               Request          *req)
{
  if (PQenterPipelineMode (self->conn) != 1)
    return FALSE;

  for (guint i = 0; req->statements[i] != NULL; i++)
    {
      if (PQsendQueryParams (self->conn, req->statements[i], 0, NULL, NULL, NULL, NULL, 0) != 1)
        return FALSE;
    }

  return PQpipelineSync (self->conn) == 1;
}

/* Returns FALSE when the connection broke, in which case everything has
 * already been answered. */
static gboolean
send_request (SluiceConnection *self,
              Request          *req)
{
  gboolean sent;

  req->sent_at = g_get_monotonic_time ();
  sent = req->kind == REQUEST_QUERY ? send_query (self, req) : send_pipeline (self, req);

  if (sent && _sluice_connection_flush_output (self))
    return TRUE;

  if (PQstatus (self->conn) == CONNECTION_BAD || req->kind == REQUEST_PIPELINE)
    {
      /* Part of a pipeline may be on the wire: the protocol state is no
       * longer known, so the connection is given up rather than guessed. */
      _sluice_connection_lost (self);
      return FALSE;
    }
  else
    {
      g_autofree char *reason = _sluice_connection_tidy_libpq_message (PQerrorMessage (self->conn));
      Request *failed = g_steal_pointer (&self->current);

      g_task_return_new_error (failed->task, SLUICE_ERROR, SLUICE_ERROR_FAILED,
                               _("The statement could not be sent, so it was not run (%s)."),
                               reason);
      _sluice_connection_request_free (failed);
      return TRUE;
    }
}

void
_sluice_connection_maybe_start_next (SluiceConnection *self)
{
  while (_sluice_connection_is_connected (self) && self->current == NULL && self->cancels_in_flight == 0)
    {
      Request *req = g_queue_pop_head (&self->queue);

      if (req == NULL)
        {
          _sluice_connection_set_state (self, SLUICE_CONNECTION_READY);
          return;
        }

      /* current first: a "notify::state" handler must see the request as
       * taken, or it could start another one. */
      self->current = req;
      _sluice_connection_set_state (self, SLUICE_CONNECTION_BUSY);
      if (self->current != req)
        return;

      if (!send_request (self, req))
        return;

      if (self->current == req)
        {
          _sluice_connection_update_watch (self);
          return;
        }
    }
}

static void
enqueue (SluiceConnection *self,
         Request          *req)
{
  GCancellable *cancellable = g_task_get_cancellable (req->task);

  if (self->state != SLUICE_CONNECTION_CONNECTING && !_sluice_connection_is_connected (self))
    {
      _sluice_connection_request_return_new_error (req, SLUICE_ERROR, SLUICE_ERROR_CONNECTION,
                                                   _("The statement was not run: the connection is not open. Connect first."));
      return;
    }

  if (g_task_return_error_if_cancelled (req->task))
    {
      _sluice_connection_request_free (req);
      return;
    }

  if (cancellable != NULL)
    {
      req->cancel_source = g_cancellable_source_new (cancellable);
      g_source_set_callback (req->cancel_source,
                             G_SOURCE_FUNC (_sluice_connection_on_request_cancelled), req, NULL);
      g_source_set_static_name (req->cancel_source, "[sluice] query cancelled");
      g_source_attach (req->cancel_source, self->context);
    }

  g_queue_push_tail (&self->queue, req);
  _sluice_connection_maybe_start_next (self);
}

/* Receiving --------------------------------------------------------------------- */

/* The request is complete: detach it, then answer it. */
static void
finish_current (SluiceConnection *self)
{
  Request *req = g_steal_pointer (&self->current);

  _sluice_connection_emit_pending_notices (self);
  if (self->state == SLUICE_CONNECTION_BUSY && g_queue_is_empty (&self->queue))
    _sluice_connection_set_state (self, SLUICE_CONNECTION_READY);
  request_return (req);
}

/* Sluice does not stream COPY data; the rows of a COPY TO STDOUT are read
 * and dropped so that the connection stays usable.  Returns FALSE when
 * more input is needed. */
static gboolean
drain_copy_out (SluiceConnection *self,
                Request          *req)
{
  for (;;)
    {
      char *buffer = NULL;
      int n = PQgetCopyData (self->conn, &buffer, 1);

      if (n > 0)
        {
          PQfreemem (buffer);
          continue;
        }
      if (n == 0)
        return FALSE;

      req->draining_copy = FALSE;
      return TRUE;
    }
}

/* FALSE when the connection broke meanwhile. */
static gboolean
refuse_copy (SluiceConnection *self,
             Request          *req,
             PGresult         *res)
{
  ExecStatusType status = PQresultStatus (res);

  PQclear (res);
  if (req->error == NULL)
    req->error = g_error_new_literal (SLUICE_ERROR, SLUICE_ERROR_INVALID_INPUT,
                                      _("COPY with STDIN or STDOUT is not supported here; nothing was copied. "
                                        "Use psql's \\copy instead."));

  if (status == PGRES_COPY_IN)
    {
      /* The server answers with an error and rolls the COPY back. */
      if (PQputCopyEnd (self->conn, "COPY FROM STDIN is not supported by Sluice") < 0 ||
          !_sluice_connection_flush_output (self))
        {
          _sluice_connection_lost (self);
          return FALSE;
        }
    }
  else
    req->draining_copy = TRUE;

  return TRUE;
}

static void
take_result (Request  *req,
             PGresult *res)
{
  SluiceResult *result;

  if (req->error != NULL)
    {
      PQclear (res);
      return;
    }

  result = sluice_result_new_take (res, request_elapsed (req));
  if (req->kind == REQUEST_PIPELINE)
    g_ptr_array_add (req->results, result);
  else if (req->result == NULL)
    req->result = result;
  else
    g_object_unref (result);
}

/* Handles one result of the current request; FALSE when processing must
 * stop (the request finished, or the connection broke). */
static gboolean
handle_result (SluiceConnection *self,
               Request          *req,
               PGresult         *res)
{
  switch (PQresultStatus (res))
    {
    case PGRES_TUPLES_OK:
    case PGRES_COMMAND_OK:
    case PGRES_EMPTY_QUERY:
    case PGRES_SINGLE_TUPLE:
      take_result (req, res);
      return TRUE;

    case PGRES_COPY_IN:
    case PGRES_COPY_OUT:
    case PGRES_COPY_BOTH:
      return refuse_copy (self, req, res);

    case PGRES_PIPELINE_ABORTED:
      /* Skipped because an earlier statement failed: that one's error is
       * what the caller gets. */
      PQclear (res);
      return TRUE;

    case PGRES_PIPELINE_SYNC:
      PQclear (res);
      if (PQexitPipelineMode (self->conn) != 1)
        {
          _sluice_connection_lost (self);
          return FALSE;
        }
      finish_current (self);
      return FALSE;

    case PGRES_BAD_RESPONSE:
    case PGRES_NONFATAL_ERROR:
    case PGRES_FATAL_ERROR:
    default:
      _sluice_connection_remember_if_fatal (self, res);
      request_take_error (req, res);
      return TRUE;
    }
}

void
_sluice_connection_process_results (SluiceConnection *self)
{
  Request *req = self->current;

  while (req != NULL && self->current == req && !PQisBusy (self->conn))
    {
      PGresult *res;

      if (req->draining_copy && !drain_copy_out (self, req))
        return;

      res = PQgetResult (self->conn);
      if (res == NULL)
        {
          /* A simple query is over at its first NULL.  In a pipeline a
           * NULL only separates statements: the Sync result ends it.  Two
           * in a row mean libpq has nothing more for us right now. */
          if (req->kind == REQUEST_QUERY)
            {
              finish_current (self);
              return;
            }
          if (++req->n_null_results > 1)
            return;
          continue;
        }

      req->n_null_results = 0;
      if (!handle_result (self, req, res))
        return;
    }
}

/* Public API -------------------------------------------------------------------- */

static Request *
request_new (SluiceConnection    *self,
             RequestKind          kind,
             GCancellable        *cancellable,
             GAsyncReadyCallback  callback,
             gpointer             user_data,
             gpointer             source_tag)
{
  Request *req = g_new0 (Request, 1);

  req->self = self;
  req->kind = kind;
  req->task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (req->task, source_tag);
  /* A statement that completed although it was cancelled too late did run:
   * its real outcome is reported, so the cancellable is not checked. */
  g_task_set_check_cancellable (req->task, FALSE);

  return req;
}

void
sluice_connection_query_async (SluiceConnection    *self,
                               const char          *sql,
                               const char * const  *params,
                               int                  n_params,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  Request *req;

  g_return_if_fail (SLUICE_IS_CONNECTION (self));
  g_return_if_fail (sql != NULL);
  g_return_if_fail (n_params >= 0);
  g_return_if_fail (n_params == 0 || params != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  req = request_new (self, REQUEST_QUERY, cancellable, callback, user_data,
                     sluice_connection_query_async);
  req->sql = g_strdup (sql);
  req->params = g_ptr_array_new_full (n_params + 1, g_free);
  for (int i = 0; i < n_params; i++)
    g_ptr_array_add (req->params, g_strdup (params[i]));
  g_ptr_array_add (req->params, NULL);
  /* The NULL terminator is not a parameter. */
  req->params->len--;

  enqueue (self, req);
}

SluiceResult *
sluice_connection_query_finish (SluiceConnection  *self,
                                GAsyncResult      *result,
                                GError           **error)
{
  g_return_val_if_fail (SLUICE_IS_CONNECTION (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

void
sluice_connection_pipeline_async (SluiceConnection    *self,
                                  const char * const  *statements,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  Request *req;

  g_return_if_fail (SLUICE_IS_CONNECTION (self));
  g_return_if_fail (statements != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  req = request_new (self, REQUEST_PIPELINE, cancellable, callback, user_data,
                     sluice_connection_pipeline_async);
  req->statements = g_strdupv ((char **) statements);
  req->results = g_ptr_array_new_with_free_func (g_object_unref);

  if (req->statements[0] == NULL && _sluice_connection_is_connected (self))
    {
      /* Nothing to send: an empty pipeline has an empty answer. */
      g_task_return_pointer (req->task, g_steal_pointer (&req->results),
                             (GDestroyNotify) g_ptr_array_unref);
      _sluice_connection_request_free (req);
      return;
    }

  enqueue (self, req);
}

GPtrArray *
sluice_connection_pipeline_finish (SluiceConnection  *self,
                                   GAsyncResult      *result,
                                   GError           **error)
{
  g_return_val_if_fail (SLUICE_IS_CONNECTION (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
