/* sluice-connection.c: an asynchronous libpq connection on the GLib main context
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <glib-unix.h>
#include <string.h>

#include "sluice-connection-private.h"
#include "sluice-error.h"
#include "sluice-secrets.h"

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

/* This file holds the GObject, its state, the server's notices, the socket
 * watch and closing; sluice-connection-private.h tells where the rest is. */

typedef struct
{
  char *severity;
  char *message;
} Notice;

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

/* Small helpers ----------------------------------------------------------- */

/* A libpq message on one line, without its final full stop: it goes
 * inside our own sentence, which brings its own. */
char *
_sluice_connection_tidy_libpq_message (const char *message)
{
  char *tidy = sluice_error_tidy_message (message);
  gsize length = strlen (tidy);

  if (length > 0 && tidy[length - 1] == '.')
    tidy[length - 1] = '\0';

  return tidy;
}

void
_sluice_connection_set_state (SluiceConnection      *self,
                              SluiceConnectionState  state)
{
  if (self->state == state)
    return;

  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

gboolean
_sluice_connection_is_connected (SluiceConnection *self)
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
void
_sluice_connection_remember_if_fatal (SluiceConnection *self,
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
void
_sluice_connection_on_notice (void           *data,
                              const PGresult *res)
{
  SluiceConnection *self = data;
  const char *severity = PQresultErrorField (res, PG_DIAG_SEVERITY_NONLOCALIZED);
  const char *message = PQresultErrorField (res, PG_DIAG_MESSAGE_PRIMARY);
  Notice *notice = g_new0 (Notice, 1);

  /* libpq hands an error that arrives while idle to the notice receiver. */
  _sluice_connection_remember_if_fatal (self, res);

  if (severity == NULL)
    severity = PQresultErrorField (res, PG_DIAG_SEVERITY);

  notice->severity = g_strdup (severity != NULL ? severity : "NOTICE");
  notice->message = message != NULL ? g_strdup (message)
                                    : _sluice_connection_tidy_libpq_message (PQresultErrorMessage (res));
  g_queue_push_tail (&self->notices, notice);
}

void
_sluice_connection_emit_pending_notices (SluiceConnection *self)
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
void
_sluice_connection_watch_socket (SluiceConnection *self,
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

void
_sluice_connection_update_watch (SluiceConnection *self)
{
  if (!_sluice_connection_is_connected (self))
    return;

  /* Always readable: that is also how a server that goes away while we are
   * idle is noticed. */
  _sluice_connection_watch_socket (self, G_IO_IN | (self->flushing ? G_IO_OUT : 0), FALSE);
}

gboolean
_sluice_connection_flush_output (SluiceConnection *self)
{
  int status = PQflush (self->conn);

  if (status < 0)
    return FALSE;

  self->flushing = (status == 1);
  return TRUE;
}

void
_sluice_connection_clear_source (GSource **source)
{
  if (*source != NULL)
    {
      g_source_destroy (*source);
      g_clear_pointer (source, g_source_unref);
    }
}

/* Forgets the libpq connection and every source tied to it. */
void
_sluice_connection_drop_connection (SluiceConnection *self)
{
  unwatch_socket (self);
  _sluice_connection_clear_source (&self->connect_cancel_source);
  _sluice_connection_clear_source (&self->connect_timeout_source);
  self->flushing = FALSE;
  /* PQfinish() only queues a Terminate message on a non-blocking socket
   * and closes it: it does not wait. */
  g_clear_pointer (&self->conn, PQfinish);
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
      _sluice_connection_connect_poll (self);
      _sluice_connection_emit_pending_notices (self);
      return G_SOURCE_CONTINUE;
    }

  if (!_sluice_connection_is_connected (self) || self->conn == NULL)
    return G_SOURCE_CONTINUE;

  /* A hang-up is read too: the server usually says why before it goes. */
  if ((condition & (G_IO_IN | G_IO_HUP | G_IO_ERR)) != 0 &&
      !PQconsumeInput (self->conn))
    {
      _sluice_connection_lost (self);
      return G_SOURCE_CONTINUE;
    }

  if (self->flushing && !_sluice_connection_flush_output (self))
    {
      _sluice_connection_lost (self);
      return G_SOURCE_CONTINUE;
    }

  drop_notifications (self);
  _sluice_connection_process_results (self);

  if (_sluice_connection_is_connected (self) && self->conn != NULL && PQstatus (self->conn) == CONNECTION_BAD)
    {
      _sluice_connection_lost (self);
      return G_SOURCE_CONTINUE;
    }

  _sluice_connection_emit_pending_notices (self);
  _sluice_connection_maybe_start_next (self);
  _sluice_connection_update_watch (self);

  return G_SOURCE_CONTINUE;
}

/* Closing -------------------------------------------------------------------- */

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
    _sluice_connection_send_cancel (self, FALSE);

  connect_task = _sluice_connection_end_connect_attempt (self, &queued);
  g_clear_error (&self->error);
  g_queue_clear_full (&self->notices, (GDestroyNotify) notice_free);
  _sluice_connection_set_state (self, SLUICE_CONNECTION_DISCONNECTED);

  if (connect_task != NULL)
    g_task_return_new_error (connect_task, G_IO_ERROR, G_IO_ERROR_CLOSED,
                             _("The connection was closed before it was established."));

  running_error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CLOSED,
                                       _("The connection was closed while the statement was running. "
                                         "Its outcome is unknown: it may or may not have been applied."));
  queued_error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CLOSED,
                                      _("The connection was closed before the statement was sent; it was not run."));
  if (current != NULL)
    _sluice_connection_request_return_error (g_steal_pointer (&current), g_error_copy (running_error));
  _sluice_connection_requests_return_error (&queued, queued_error);
}

void
sluice_connection_close (SluiceConnection *self)
{
  g_return_if_fail (SLUICE_IS_CONNECTION (self));

  g_object_ref (self);
  shutdown_connection (self);
  g_object_unref (self);
}

/* Public API -------------------------------------------------------------------- */

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

SluiceConnection *
sluice_connection_new_full (const char *connection,
                            const char *password,
                            const char *options)
{
  SluiceConnection *self = sluice_connection_new (connection, password);

  if (options != NULL && *options != '\0')
    self->options = g_strdup (options);

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
  g_clear_pointer (&self->password, sluice_secure_free);
  g_clear_pointer (&self->options, g_free);
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

/* For SluicePgClient ------------------------------------------------------- */

PGconn *
_sluice_connection_get_pgconn (SluiceConnection *self)
{
  g_return_val_if_fail (SLUICE_IS_CONNECTION (self), NULL);

  return _sluice_connection_is_connected (self) ? self->conn : NULL;
}

const char *
_sluice_connection_get_text (SluiceConnection *self)
{
  g_return_val_if_fail (SLUICE_IS_CONNECTION (self), NULL);

  return self->connection;
}

const char *
_sluice_connection_get_password (SluiceConnection *self)
{
  g_return_val_if_fail (SLUICE_IS_CONNECTION (self), NULL);

  return self->password;
}
