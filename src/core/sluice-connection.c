/* sluice-connection.c: an asynchronous libpq connection on the GLib main context
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <glib-unix.h>
#include <libpq-fe.h>
#include <stdlib.h>
#include <string.h>

#include "sluice-connection.h"
#include "sluice-error.h"

/* How this stays off the main loop's back:
 *
 *  - PQconnectStartParams() resolves the first host name before it returns,
 *    so it runs in a worker thread; PQconnectPoll() then runs on the main
 *    context, driven by a watch on PQsocket() that is re-created at every
 *    step because libpq may open a new socket (next host, SSL retry).
 *  - Once connected the socket is non-blocking.  One request (a query or a
 *    pipeline) is on the wire at a time; the others wait in a FIFO queue.
 *    Input is read with PQconsumeInput() when the socket is readable, and
 *    results are taken with PQgetResult() only while !PQisBusy(), so it
 *    never waits.  Pending output is pushed with PQflush() when writable.
 *  - PQcancel() opens a socket and waits for the postmaster, so it runs in
 *    a worker thread with a PGcancel taken on the main thread.
 *
 * Callbacks of finished requests may call back into the connection (close
 * it, reconnect, queue more), so every request is detached from the
 * connection before its task returns, and the state is re-read after. */

#define SQLSTATE_QUERY_CANCELED "57014"

typedef enum
{
  REQUEST_QUERY,
  REQUEST_PIPELINE,
} RequestKind;

typedef struct
{
  SluiceConnection *self;          /* unowned: the task holds a reference */
  RequestKind       kind;
  GTask            *task;
  GSource          *cancel_source;

  char             *sql;
  GPtrArray        *params;        /* of char *, NULL entries are SQL NULL */
  GStrv             statements;

  gint64            sent_at;
  gboolean          cancel_sent;
  gboolean          draining_copy;
  guint             n_null_results;

  SluiceResult     *result;        /* REQUEST_QUERY */
  GPtrArray        *results;       /* REQUEST_PIPELINE */
  GError           *error;         /* the first error the server sent */
} Request;

typedef struct
{
  char *severity;
  char *message;
} Notice;

typedef struct
{
  GPtrArray *keywords;
  GPtrArray *values;
  guint      serial;
} StartData;

struct _SluiceConnection
{
  GObject                parent_instance;

  char                  *connection;
  char                  *password;
  GMainContext          *context;

  PGconn                *conn;
  SluiceConnectionState  state;
  GError                *error;

  GSource               *socket_source;
  int                    watched_fd;
  GIOCondition           watched_condition;
  gboolean               flushing;

  /* The connection attempt under way, if any. */
  GTask                 *connect_task;
  GSource               *connect_cancel_source;
  GSource               *connect_timeout_source;
  guint                  connect_serial;

  Request               *current;
  GQueue                 queue;
  guint                  cancels_in_flight;
  GQueue                 notices;
  /* The message of the last FATAL the server sent: why it hung up. */
  char                  *last_fatal;

  /* Copied once READY, so they still tell where we were after a failure. */
  char                  *database;
  char                  *user;
  char                  *host;
  char                  *server_version_string;
  int                    server_version;
  int                    backend_pid;
};

G_DEFINE_FINAL_TYPE (SluiceConnection, sluice_connection, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_CONNECTION,
  PROP_STATE,
  N_PROPS
};

enum {
  NOTICE,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void     maybe_start_next     (SluiceConnection *self);
static void     connection_lost      (SluiceConnection *self);
static gboolean on_request_cancelled (GCancellable     *cancellable,
                                      gpointer          user_data);

/* Requests ------------------------------------------------------------- */

static void
request_free (Request *req)
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

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Request, request_free)

static void
request_return_error (Request *req,
                      GError  *error)
{
  g_task_return_error (req->task, error);
  request_free (req);
}

static void
request_return_new_error (Request    *req,
                          GQuark      domain,
                          int         code,
                          const char *message)
{
  request_return_error (req, g_error_new_literal (domain, code, message));
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
        request_return_new_error (req, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                  _("The statement was cancelled before it completed, so its changes were not applied."));
      else
        request_return_error (req, g_steal_pointer (&req->error));
      return;
    }

  if (req->kind == REQUEST_QUERY)
    {
      if (req->result == NULL)
        request_return_new_error (req, SLUICE_ERROR, SLUICE_ERROR_FAILED,
                                  _("The server sent no result for the statement."));
      else
        {
          g_task_return_pointer (req->task, g_steal_pointer (&req->result), g_object_unref);
          request_free (req);
        }
    }
  else
    {
      g_task_return_pointer (req->task, g_steal_pointer (&req->results),
                             (GDestroyNotify) g_ptr_array_unref);
      request_free (req);
    }
}

/* Returns every request of @requests with a copy of @error. */
static void
requests_return_error (GQueue       *requests,
                       const GError *error)
{
  Request *req;

  while ((req = g_queue_pop_head (requests)) != NULL)
    request_return_error (req, g_error_copy (error));
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

/* Small helpers ----------------------------------------------------------- */

/* libpq messages end with a newline and continue lines with "\n\t";
 * a person reads them best as one line. */
static char *
tidy_libpq_message (const char *message)
{
  g_auto(GStrv) lines = NULL;
  GString *tidy = g_string_new (NULL);

  if (message == NULL)
    return g_string_free (tidy, FALSE);

  lines = g_strsplit (message, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      char *line = g_strstrip (lines[i]);

      if (*line == '\0')
        continue;
      if (tidy->len > 0)
        g_string_append_c (tidy, ' ');
      g_string_append (tidy, line);
    }

  /* It goes inside our own sentence, which brings its own full stop. */
  if (tidy->len > 0 && tidy->str[tidy->len - 1] == '.')
    g_string_truncate (tidy, tidy->len - 1);

  return g_string_free (tidy, FALSE);
}

static void
set_state (SluiceConnection      *self,
           SluiceConnectionState  state)
{
  if (self->state == state)
    return;

  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

static gboolean
is_connected (SluiceConnection *self)
{
  return self->state == SLUICE_CONNECTION_READY ||
         self->state == SLUICE_CONNECTION_BUSY;
}

static gboolean
is_fatal (const PGresult *res)
{
  const char *severity = PQresultErrorField (res, PG_DIAG_SEVERITY_NONLOCALIZED);

  return severity != NULL &&
         (strcmp (severity, "FATAL") == 0 || strcmp (severity, "PANIC") == 0);
}

/* A FATAL error is the server explaining why it is about to close the
 * connection; it is kept for the message that reports the loss. */
static void
remember_if_fatal (SluiceConnection *self,
                   const PGresult   *res)
{
  const char *message = PQresultErrorField (res, PG_DIAG_MESSAGE_PRIMARY);

  if (message != NULL && is_fatal (res))
    {
      g_free (self->last_fatal);
      self->last_fatal = g_strdup (message);
    }
}

static void
notice_free (Notice *notice)
{
  g_free (notice->severity);
  g_free (notice->message);
  g_free (notice);
}

/* Called by libpq from inside its own calls, so the notice is only kept
 * here: a handler of the signal may well close the connection, which must
 * not happen while libpq is still on the stack. */
static void
on_notice (void           *data,
           const PGresult *res)
{
  SluiceConnection *self = data;
  const char *severity = PQresultErrorField (res, PG_DIAG_SEVERITY_NONLOCALIZED);
  const char *message = PQresultErrorField (res, PG_DIAG_MESSAGE_PRIMARY);
  Notice *notice = g_new0 (Notice, 1);

  /* libpq hands an error that arrives while idle to the notice receiver. */
  remember_if_fatal (self, res);

  if (severity == NULL)
    severity = PQresultErrorField (res, PG_DIAG_SEVERITY);

  notice->severity = g_strdup (severity != NULL ? severity : "NOTICE");
  notice->message = message != NULL ? g_strdup (message)
                                    : tidy_libpq_message (PQresultErrorMessage (res));
  g_queue_push_tail (&self->notices, notice);
}

static void
emit_pending_notices (SluiceConnection *self)
{
  Notice *notice;

  while ((notice = g_queue_pop_head (&self->notices)) != NULL)
    {
      g_signal_emit (self, signals[NOTICE], 0, notice->severity, notice->message);
      notice_free (notice);
    }
}

/* The socket --------------------------------------------------------------- */

static void
unwatch_socket (SluiceConnection *self)
{
  if (self->socket_source != NULL)
    {
      g_source_destroy (self->socket_source);
      g_clear_pointer (&self->socket_source, g_source_unref);
    }
  self->watched_fd = -1;
  self->watched_condition = 0;
}

static gboolean on_socket_ready (int           fd,
                                 GIOCondition  condition,
                                 gpointer      user_data);

/* Watches PQsocket() for @condition.  @renew re-creates the watch even when
 * neither the descriptor nor the condition changed: during the connection
 * libpq may close a socket and open another that reuses its number. */
static void
watch_socket (SluiceConnection *self,
              GIOCondition      condition,
              gboolean          renew)
{
  int fd = self->conn != NULL ? PQsocket (self->conn) : -1;

  condition |= G_IO_HUP | G_IO_ERR;

  if (!renew && self->socket_source != NULL &&
      fd == self->watched_fd && condition == self->watched_condition)
    return;

  unwatch_socket (self);
  if (fd < 0)
    return;

  self->socket_source = g_unix_fd_source_new (fd, condition);
  g_source_set_callback (self->socket_source, G_SOURCE_FUNC (on_socket_ready), self, NULL);
  g_source_set_static_name (self->socket_source, "[sluice] connection socket");
  g_source_attach (self->socket_source, self->context);
  self->watched_fd = fd;
  self->watched_condition = condition;
}

static void
update_watch (SluiceConnection *self)
{
  if (!is_connected (self))
    return;

  /* Always readable: that is also how a server that goes away while we are
   * idle is noticed. */
  watch_socket (self, G_IO_IN | (self->flushing ? G_IO_OUT : 0), FALSE);
}

static gboolean
flush_output (SluiceConnection *self)
{
  int status = PQflush (self->conn);

  if (status < 0)
    return FALSE;

  self->flushing = (status == 1);
  return TRUE;
}

static void
clear_source (GSource **source)
{
  if (*source != NULL)
    {
      g_source_destroy (*source);
      g_clear_pointer (source, g_source_unref);
    }
}

/* Forgets the libpq connection and every source tied to it. */
static void
drop_connection (SluiceConnection *self)
{
  unwatch_socket (self);
  clear_source (&self->connect_cancel_source);
  clear_source (&self->connect_timeout_source);
  self->flushing = FALSE;
  /* PQfinish() only queues a Terminate message on a non-blocking socket
   * and closes it: it does not wait. */
  g_clear_pointer (&self->conn, PQfinish);
}

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
  maybe_start_next (self);
}

/* With @track, the queue waits for the cancel request to be delivered
 * before it sends the next statement, so that a late cancel does not
 * land on the statement after the one it was meant for. */
static void
send_cancel (SluiceConnection *self,
             gboolean          track)
{
  g_autoptr(GTask) task = NULL;
  PGcancel *cancel;

  if (self->conn == NULL || (cancel = PQgetCancel (self->conn)) == NULL)
    return;

  task = g_task_new (track ? self : NULL, NULL, track ? on_cancel_sent : NULL, NULL);
  g_task_set_source_tag (task, send_cancel);
  g_task_set_task_data (task, cancel, (GDestroyNotify) PQfreeCancel);
  if (track)
    self->cancels_in_flight++;
  g_task_run_in_thread (task, send_cancel_in_thread);
}

/* Connecting ---------------------------------------------------------------- */

static void
start_data_free (StartData *data)
{
  /* The password is among the values: wipe it, not just free it. */
  for (guint i = 0; i < data->values->len; i++)
    {
      char *value = g_ptr_array_index (data->values, i);

      if (value != NULL)
        explicit_bzero (value, strlen (value));
    }
  g_ptr_array_unref (data->keywords);
  g_ptr_array_unref (data->values);
  g_free (data);
}

static void
start_data_add (StartData  *data,
                const char *keyword,
                const char *value)
{
  g_ptr_array_add (data->keywords, g_strdup (keyword));
  g_ptr_array_add (data->values, g_strdup (value));
}

static StartData *
start_data_new (SluiceConnection *self)
{
  StartData *data = g_new0 (StartData, 1);

  data->keywords = g_ptr_array_new_with_free_func (g_free);
  data->values = g_ptr_array_new_with_free_func (g_free);
  data->serial = self->connect_serial;

  /* Keywords are read in order and later ones win, so the application
   * name given in the connection text overrides ours, and the password we
   * were handed overrides one in the text. */
  start_data_add (data, "fallback_application_name", "sluice");
  if (self->connection != NULL && *self->connection != '\0')
    {
      if (sluice_connection_kind_for_text (self->connection) == SLUICE_CONNECTION_KIND_SERVICE)
        start_data_add (data, "service", self->connection);
      else
        start_data_add (data, "dbname", self->connection);
    }
  if (self->password != NULL)
    start_data_add (data, "password", self->password);

  g_ptr_array_add (data->keywords, NULL);
  g_ptr_array_add (data->values, NULL);

  return data;
}

static void
start_connect_in_thread (GTask        *task,
                         gpointer      source_object,
                         gpointer      task_data,
                         GCancellable *cancellable)
{
  StartData *data = task_data;
  PGconn *conn;

  conn = PQconnectStartParams ((const char * const *) data->keywords->pdata,
                               (const char * const *) data->values->pdata,
                               1 /* expand_dbname */);
  g_task_return_pointer (task, conn, (GDestroyNotify) PQfinish);
}

static GError *
connect_error_new (const char *reason)
{
  return g_error_new (SLUICE_ERROR, SLUICE_ERROR_CONNECTION,
                      _("Could not connect to the server (%s). Nothing was run. "
                        "Check the host, port, database name and user of the connection, "
                        "and that the server is running."),
                      reason);
}

/* Ends the connection attempt, if any: a thread still resolving will find
 * its serial outdated and drop what it made.  Hands back the connect task
 * and the queries queued meanwhile, for the caller to answer once the
 * state is set. */
static GTask *
end_connect_attempt (SluiceConnection *self,
                     GQueue           *queued)
{
  self->connect_serial++;
  drop_connection (self);
  g_queue_clear (queued);
  while (!g_queue_is_empty (&self->queue))
    g_queue_push_tail (queued, g_queue_pop_head (&self->queue));

  return g_steal_pointer (&self->connect_task);
}

static void
connect_failed (SluiceConnection *self,
                const char       *reason)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) queued_error = NULL;
  GQueue queued = G_QUEUE_INIT;

  task = end_connect_attempt (self, &queued);
  g_clear_error (&self->error);
  self->error = connect_error_new (reason);
  set_state (self, SLUICE_CONNECTION_FAILED);

  queued_error = g_error_new (SLUICE_ERROR, SLUICE_ERROR_CONNECTION,
                              _("The statement was not run: could not connect to the server (%s)."),
                              reason);
  if (task != NULL)
    g_task_return_error (task, g_error_copy (self->error));
  requests_return_error (&queued, queued_error);
}

static void
connect_failed_from_libpq (SluiceConnection *self)
{
  g_autofree char *reason = NULL;

  if (self->conn == NULL)
    reason = g_strdup (_("out of memory"));
  else
    reason = tidy_libpq_message (PQerrorMessage (self->conn));

  connect_failed (self, reason);
}

static void
connect_abandoned (SluiceConnection *self,
                   GQuark            domain,
                   int               code,
                   const char       *message)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) queued_error = NULL;
  GQueue queued = G_QUEUE_INIT;

  task = end_connect_attempt (self, &queued);
  set_state (self, SLUICE_CONNECTION_DISCONNECTED);

  queued_error = g_error_new_literal (SLUICE_ERROR, SLUICE_ERROR_CONNECTION,
                                      _("The statement was not run: the connection attempt was given up before it succeeded."));
  if (task != NULL)
    g_task_return_new_error (task, domain, code, "%s", message);
  requests_return_error (&queued, queued_error);
}

static void
cache_server_info (SluiceConnection *self)
{
  const char *version = PQparameterStatus (self->conn, "server_version");

  g_free (self->database);
  self->database = g_strdup (PQdb (self->conn));
  g_free (self->user);
  self->user = g_strdup (PQuser (self->conn));
  g_free (self->host);
  self->host = g_strdup (PQhost (self->conn));
  g_free (self->server_version_string);
  self->server_version_string = g_strdup (version);
  self->server_version = PQserverVersion (self->conn);
  self->backend_pid = PQbackendPID (self->conn);
}

static void
connect_succeeded (SluiceConnection *self)
{
  g_autoptr(GTask) task = NULL;

  clear_source (&self->connect_cancel_source);
  clear_source (&self->connect_timeout_source);

  if (PQsetnonblocking (self->conn, 1) != 0)
    {
      connect_failed_from_libpq (self);
      return;
    }

  cache_server_info (self);
  g_clear_error (&self->error);
  set_state (self, SLUICE_CONNECTION_READY);
  update_watch (self);
  emit_pending_notices (self);

  task = g_steal_pointer (&self->connect_task);
  if (task != NULL)
    g_task_return_boolean (task, TRUE);

  maybe_start_next (self);
}

static void
connect_poll (SluiceConnection *self)
{
  switch (PQconnectPoll (self->conn))
    {
    case PGRES_POLLING_READING:
      watch_socket (self, G_IO_IN, TRUE);
      break;

    case PGRES_POLLING_WRITING:
      watch_socket (self, G_IO_OUT, TRUE);
      break;

    case PGRES_POLLING_OK:
      connect_succeeded (self);
      break;

    case PGRES_POLLING_FAILED:
    case PGRES_POLLING_ACTIVE:
    default:
      connect_failed_from_libpq (self);
      break;
    }
}

static gboolean
on_connect_timeout (gpointer user_data)
{
  SluiceConnection *self = user_data;

  g_clear_pointer (&self->connect_timeout_source, g_source_unref);
  connect_failed (self, _("the server did not answer within the connect_timeout of the connection"));

  return G_SOURCE_REMOVE;
}

/* libpq only enforces connect_timeout in its blocking calls; honour it here
 * too, so that a host that drops packets does not leave us CONNECTING. */
static void
arm_connect_timeout (SluiceConnection *self)
{
  PQconninfoOption *options = PQconninfo (self->conn);
  int seconds = 0;

  if (options == NULL)
    return;

  for (PQconninfoOption *option = options; option->keyword != NULL; option++)
    {
      if (strcmp (option->keyword, "connect_timeout") == 0 && option->val != NULL)
        seconds = atoi (option->val);
    }
  PQconninfoFree (options);

  if (seconds <= 0)
    return;

  /* libpq rounds anything below 2 s up to 2 s; so do we. */
  self->connect_timeout_source = g_timeout_source_new_seconds (MAX (seconds, 2));
  g_source_set_callback (self->connect_timeout_source, on_connect_timeout, self, NULL);
  g_source_set_static_name (self->connect_timeout_source, "[sluice] connect timeout");
  g_source_attach (self->connect_timeout_source, self->context);
}

static void
on_connect_started (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  SluiceConnection *self = SLUICE_CONNECTION (object);
  StartData *data = g_task_get_task_data (G_TASK (result));
  PGconn *conn = g_task_propagate_pointer (G_TASK (result), NULL);

  /* Abandoned (cancelled or closed) while the thread was resolving. */
  if (data->serial != self->connect_serial || self->connect_task == NULL)
    {
      g_clear_pointer (&conn, PQfinish);
      return;
    }

  self->conn = conn;
  if (conn == NULL || PQstatus (conn) == CONNECTION_BAD)
    {
      connect_failed_from_libpq (self);
      return;
    }

  PQsetNoticeReceiver (conn, on_notice, self);
  arm_connect_timeout (self);

  /* As the libpq manual says: behave as if PQconnectPoll() had last
   * returned PGRES_POLLING_WRITING. */
  watch_socket (self, G_IO_OUT, TRUE);
}

static gboolean
on_connect_cancelled (GCancellable *cancellable,
                      gpointer      user_data)
{
  SluiceConnection *self = user_data;

  g_clear_pointer (&self->connect_cancel_source, g_source_unref);
  connect_abandoned (self, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                     _("The connection attempt was cancelled."));

  return G_SOURCE_REMOVE;
}

void
sluice_connection_connect_async (SluiceConnection    *self,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GTask) start = NULL;

  g_return_if_fail (SLUICE_IS_CONNECTION (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sluice_connection_connect_async);
  /* Whether it was cancelled is decided here, not by GTask: a connection
   * that did get established is reported as such. */
  g_task_set_check_cancellable (task, FALSE);

  if (self->state == SLUICE_CONNECTION_CONNECTING || is_connected (self))
    {
      g_task_return_new_error (task, SLUICE_ERROR, SLUICE_ERROR_BUSY,
                               _("The connection is already open or being opened; nothing was changed."));
      return;
    }

  if (g_task_return_error_if_cancelled (task))
    return;

  drop_connection (self);
  g_clear_error (&self->error);
  g_clear_pointer (&self->last_fatal, g_free);
  self->connect_serial++;
  self->connect_task = g_steal_pointer (&task);
  set_state (self, SLUICE_CONNECTION_CONNECTING);

  if (cancellable != NULL)
    {
      self->connect_cancel_source = g_cancellable_source_new (cancellable);
      g_source_set_callback (self->connect_cancel_source,
                             G_SOURCE_FUNC (on_connect_cancelled), self, NULL);
      g_source_set_static_name (self->connect_cancel_source, "[sluice] connect cancelled");
      g_source_attach (self->connect_cancel_source, self->context);
    }

  start = g_task_new (self, NULL, on_connect_started, NULL);
  g_task_set_source_tag (start, start_connect_in_thread);
  g_task_set_task_data (start, start_data_new (self), (GDestroyNotify) start_data_free);
  g_task_run_in_thread (start, start_connect_in_thread);
}

gboolean
sluice_connection_connect_finish (SluiceConnection  *self,
                                  GAsyncResult      *result,
                                  GError           **error)
{
  g_return_val_if_fail (SLUICE_IS_CONNECTION (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Losing and closing ----------------------------------------------------------- */

static void
connection_lost (SluiceConnection *self)
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
    reason = tidy_libpq_message (self->conn != NULL ? PQerrorMessage (self->conn) : NULL);
  if (*reason == '\0')
    {
      g_free (reason);
      reason = g_strdup (_("the server closed the connection"));
    }

  current = g_steal_pointer (&self->current);
  while (!g_queue_is_empty (&self->queue))
    g_queue_push_tail (&queued, g_queue_pop_head (&self->queue));

  drop_connection (self);
  g_clear_error (&self->error);
  self->error = g_error_new (SLUICE_ERROR, SLUICE_ERROR_CONNECTION,
                             _("The connection to the server was lost (%s). Reconnect to go on."),
                             reason);
  set_state (self, SLUICE_CONNECTION_FAILED);
  emit_pending_notices (self);

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
    request_return_error (g_steal_pointer (&current), g_error_copy (running_error));
  requests_return_error (&queued, queued_error);
}

/* Ends everything with G_IO_ERROR_CLOSED and leaves the state
 * DISCONNECTED.  The tasks are answered last, once the connection is in a
 * consistent state, because their callbacks may reconnect. */
static void
shutdown_connection (SluiceConnection *self)
{
  g_autoptr(GTask) connect_task = NULL;
  g_autoptr(Request) current = NULL;
  g_autoptr(GError) running_error = NULL;
  g_autoptr(GError) queued_error = NULL;
  GQueue queued = G_QUEUE_INIT;

  current = g_steal_pointer (&self->current);

  /* The server would otherwise run the statement to its end, holding its
   * locks, only to find nobody listening. */
  if (current != NULL && !current->cancel_sent)
    send_cancel (self, FALSE);

  connect_task = end_connect_attempt (self, &queued);
  g_clear_error (&self->error);
  g_queue_clear_full (&self->notices, (GDestroyNotify) notice_free);
  set_state (self, SLUICE_CONNECTION_DISCONNECTED);

  if (connect_task != NULL)
    g_task_return_new_error (connect_task, G_IO_ERROR, G_IO_ERROR_CLOSED,
                             _("The connection was closed before it was established."));

  running_error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CLOSED,
                                       _("The connection was closed while the statement was running. "
                                         "Its outcome is unknown: it may or may not have been applied."));
  queued_error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CLOSED,
                                      _("The connection was closed before the statement was sent; it was not run."));
  if (current != NULL)
    request_return_error (g_steal_pointer (&current), g_error_copy (running_error));
  requests_return_error (&queued, queued_error);
}

void
sluice_connection_close (SluiceConnection *self)
{
  g_return_if_fail (SLUICE_IS_CONNECTION (self));

  g_object_ref (self);
  shutdown_connection (self);
  g_object_unref (self);
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

  if (sent && flush_output (self))
    return TRUE;

  if (PQstatus (self->conn) == CONNECTION_BAD || req->kind == REQUEST_PIPELINE)
    {
      /* Part of a pipeline may be on the wire: the protocol state is no
       * longer known, so the connection is given up rather than guessed. */
      connection_lost (self);
      return FALSE;
    }
  else
    {
      g_autofree char *reason = tidy_libpq_message (PQerrorMessage (self->conn));
      Request *failed = g_steal_pointer (&self->current);

      g_task_return_new_error (failed->task, SLUICE_ERROR, SLUICE_ERROR_FAILED,
                               _("The statement could not be sent, so it was not run (%s)."),
                               reason);
      request_free (failed);
      return TRUE;
    }
}

static void
maybe_start_next (SluiceConnection *self)
{
  while (is_connected (self) && self->current == NULL && self->cancels_in_flight == 0)
    {
      Request *req = g_queue_pop_head (&self->queue);

      if (req == NULL)
        {
          set_state (self, SLUICE_CONNECTION_READY);
          return;
        }

      /* current first: a "notify::state" handler must see the request as
       * taken, or it could start another one. */
      self->current = req;
      set_state (self, SLUICE_CONNECTION_BUSY);
      if (self->current != req)
        return;

      if (!send_request (self, req))
        return;

      if (self->current == req)
        {
          update_watch (self);
          return;
        }
    }
}

static void
enqueue (SluiceConnection *self,
         Request          *req)
{
  GCancellable *cancellable = g_task_get_cancellable (req->task);

  if (self->state != SLUICE_CONNECTION_CONNECTING && !is_connected (self))
    {
      request_return_new_error (req, SLUICE_ERROR, SLUICE_ERROR_CONNECTION,
                                _("The statement was not run: the connection is not open. Connect first."));
      return;
    }

  if (g_task_return_error_if_cancelled (req->task))
    {
      request_free (req);
      return;
    }

  if (cancellable != NULL)
    {
      req->cancel_source = g_cancellable_source_new (cancellable);
      g_source_set_callback (req->cancel_source,
                             G_SOURCE_FUNC (on_request_cancelled), req, NULL);
      g_source_set_static_name (req->cancel_source, "[sluice] query cancelled");
      g_source_attach (req->cancel_source, self->context);
    }

  g_queue_push_tail (&self->queue, req);
  maybe_start_next (self);
}

/* Receiving --------------------------------------------------------------------- */

/* The request is complete: detach it, then answer it. */
static void
finish_current (SluiceConnection *self)
{
  Request *req = g_steal_pointer (&self->current);

  emit_pending_notices (self);
  if (self->state == SLUICE_CONNECTION_BUSY && g_queue_is_empty (&self->queue))
    set_state (self, SLUICE_CONNECTION_READY);
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
          !flush_output (self))
        {
          connection_lost (self);
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
          connection_lost (self);
          return FALSE;
        }
      finish_current (self);
      return FALSE;

    case PGRES_BAD_RESPONSE:
    case PGRES_NONFATAL_ERROR:
    case PGRES_FATAL_ERROR:
    default:
      remember_if_fatal (self, res);
      request_take_error (req, res);
      return TRUE;
    }
}

static void
process_results (SluiceConnection *self)
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

static void
drop_notifications (SluiceConnection *self)
{
  PGnotify *notify;

  /* Nothing LISTENs through this connection yet; keep libpq's list empty. */
  while ((notify = PQnotifies (self->conn)) != NULL)
    PQfreemem (notify);
}

static gboolean
on_socket_ready (int           fd,
                 GIOCondition  condition,
                 gpointer      user_data)
{
  g_autoptr(SluiceConnection) self = g_object_ref (user_data);

  if (self->state == SLUICE_CONNECTION_CONNECTING)
    {
      connect_poll (self);
      emit_pending_notices (self);
      return G_SOURCE_CONTINUE;
    }

  if (!is_connected (self) || self->conn == NULL)
    return G_SOURCE_CONTINUE;

  /* A hang-up is read too: the server usually says why before it goes. */
  if ((condition & (G_IO_IN | G_IO_HUP | G_IO_ERR)) != 0 &&
      !PQconsumeInput (self->conn))
    {
      connection_lost (self);
      return G_SOURCE_CONTINUE;
    }

  if (self->flushing && !flush_output (self))
    {
      connection_lost (self);
      return G_SOURCE_CONTINUE;
    }

  drop_notifications (self);
  process_results (self);

  if (is_connected (self) && self->conn != NULL && PQstatus (self->conn) == CONNECTION_BAD)
    {
      connection_lost (self);
      return G_SOURCE_CONTINUE;
    }

  emit_pending_notices (self);
  maybe_start_next (self);
  update_watch (self);

  return G_SOURCE_CONTINUE;
}

static gboolean
on_request_cancelled (GCancellable *cancellable,
                      gpointer      user_data)
{
  Request *req = user_data;
  SluiceConnection *self = req->self;

  g_clear_pointer (&req->cancel_source, g_source_unref);

  if (g_queue_remove (&self->queue, req))
    {
      request_return_new_error (req, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                _("The statement was cancelled before it was sent; it was not run."));
    }
  else if (self->current == req && !req->cancel_sent)
    {
      /* The server decides: the request completes when its answer (57014,
       * or the result if the statement won the race) arrives. */
      req->cancel_sent = TRUE;
      send_cancel (self, TRUE);
    }

  return G_SOURCE_REMOVE;
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

  if (req->statements[0] == NULL && is_connected (self))
    {
      /* Nothing to send: an empty pipeline has an empty answer. */
      g_task_return_pointer (req->task, g_steal_pointer (&req->results),
                             (GDestroyNotify) g_ptr_array_unref);
      request_free (req);
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

SluiceConnection *
sluice_connection_new (const char *connection,
                       const char *password)
{
  SluiceConnection *self;

  self = g_object_new (SLUICE_TYPE_CONNECTION,
                       "connection", connection,
                       NULL);
  self->password = g_strdup (password);

  return self;
}

SluiceConnectionState
sluice_connection_get_state (SluiceConnection *self)
{
  g_return_val_if_fail (SLUICE_IS_CONNECTION (self), SLUICE_CONNECTION_DISCONNECTED);

  return self->state;
}

const GError *
sluice_connection_get_error (SluiceConnection *self)
{
  g_return_val_if_fail (SLUICE_IS_CONNECTION (self), NULL);

  return self->error;
}

int
sluice_connection_get_server_version (SluiceConnection *self)
{
  g_return_val_if_fail (SLUICE_IS_CONNECTION (self), 0);

  return self->server_version;
}

const char *
sluice_connection_get_server_version_string (SluiceConnection *self)
{
  g_return_val_if_fail (SLUICE_IS_CONNECTION (self), NULL);

  return self->server_version_string;
}

const char *
sluice_connection_get_database (SluiceConnection *self)
{
  g_return_val_if_fail (SLUICE_IS_CONNECTION (self), NULL);

  return self->database;
}

const char *
sluice_connection_get_user (SluiceConnection *self)
{
  g_return_val_if_fail (SLUICE_IS_CONNECTION (self), NULL);

  return self->user;
}

const char *
sluice_connection_get_host (SluiceConnection *self)
{
  g_return_val_if_fail (SLUICE_IS_CONNECTION (self), NULL);

  return self->host;
}

int
sluice_connection_get_backend_pid (SluiceConnection *self)
{
  g_return_val_if_fail (SLUICE_IS_CONNECTION (self), 0);

  return self->backend_pid;
}

/* GObject ----------------------------------------------------------------------- */

static void
sluice_connection_dispose (GObject *object)
{
  SluiceConnection *self = (SluiceConnection *)object;

  /* Only reached with work pending through g_object_run_dispose(): every
   * task holds a reference.  Answer it all and let go of the sources. */
  shutdown_connection (self);

  G_OBJECT_CLASS (sluice_connection_parent_class)->dispose (object);
}

static void
sluice_connection_finalize (GObject *object)
{
  SluiceConnection *self = (SluiceConnection *)object;

  g_clear_pointer (&self->connection, g_free);
  if (self->password != NULL)
    {
      explicit_bzero (self->password, strlen (self->password));
      g_clear_pointer (&self->password, g_free);
    }
  g_clear_error (&self->error);
  g_queue_clear_full (&self->notices, (GDestroyNotify) notice_free);
  g_clear_pointer (&self->last_fatal, g_free);
  g_clear_pointer (&self->database, g_free);
  g_clear_pointer (&self->user, g_free);
  g_clear_pointer (&self->host, g_free);
  g_clear_pointer (&self->server_version_string, g_free);
  g_clear_pointer (&self->context, g_main_context_unref);

  G_OBJECT_CLASS (sluice_connection_parent_class)->finalize (object);
}

static void
sluice_connection_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  SluiceConnection *self = SLUICE_CONNECTION (object);

  switch (prop_id)
    {
    case PROP_CONNECTION:
      g_value_set_string (value, self->connection);
      break;

    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sluice_connection_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  SluiceConnection *self = SLUICE_CONNECTION (object);

  switch (prop_id)
    {
    case PROP_CONNECTION:
      self->connection = g_value_dup_string (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sluice_connection_class_init (SluiceConnectionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = sluice_connection_dispose;
  object_class->finalize = sluice_connection_finalize;
  object_class->get_property = sluice_connection_get_property;
  object_class->set_property = sluice_connection_set_property;

  /* The conninfo, URI or service name; it may hold a password, so it is
   * for connecting, never for showing or logging. */
  properties[PROP_CONNECTION] =
    g_param_spec_string ("connection", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL,
                       SLUICE_TYPE_CONNECTION_STATE,
                       SLUICE_CONNECTION_DISCONNECTED,
                       (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * SluiceConnection::notice:
   * @severity: "NOTICE", "WARNING", "INFO", ... (not translated)
   * @message: the primary message, in the server's language
   *
   * The server sent a notice (RAISE NOTICE, a warning, ...).  Emitted from
   * the main context once libpq is done with the input that carried it.
   */
  signals[NOTICE] =
    g_signal_new ("notice",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_STRING);
}

static void
sluice_connection_init (SluiceConnection *self)
{
  self->context = g_main_context_ref_thread_default ();
  self->watched_fd = -1;
  self->state = SLUICE_CONNECTION_DISCONNECTED;
  g_queue_init (&self->queue);
  g_queue_init (&self->notices);
}
