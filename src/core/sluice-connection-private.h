/* sluice-connection-private.h: what the files of SluiceConnection share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <libpq-fe.h>

#include "sluice-connection.h"

G_BEGIN_DECLS

/* SluiceConnection is one type spread over several files:
 *
 *  sluice-connection.c           the GObject, its state, the server's notices,
 *                                the socket watch, and closing
 *  sluice-connection-connect.c   the non-blocking connect and its timeout
 *  sluice-connection-requests.c  the queue of queries and pipelines: sending,
 *                                reading results, refusing COPY, losing the
 *                                connection
 *  sluice-connection-cancel.c    PQcancel from a worker thread
 *
 * How it all stays off the main loop is told at the top of
 * sluice-connection.c. */

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

struct _SluiceConnection
{
  GObject                parent_instance;

  char                  *connection;
  char                  *password;
  char                  *options;        /* added to libpq's "options" */
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

/* sluice-connection.c */
char    *_sluice_connection_tidy_libpq_message       (const char             *message);
void     _sluice_connection_set_state                (SluiceConnection       *self,
                                                      SluiceConnectionState   state);
gboolean _sluice_connection_is_connected             (SluiceConnection       *self);
void     _sluice_connection_remember_if_fatal        (SluiceConnection       *self,
                                                      const PGresult         *res);
void     _sluice_connection_on_notice                (void                   *data,
                                                      const PGresult         *res);
void     _sluice_connection_emit_pending_notices     (SluiceConnection       *self);
void     _sluice_connection_watch_socket             (SluiceConnection       *self,
                                                      GIOCondition            condition,
                                                      gboolean                renew);
void     _sluice_connection_update_watch             (SluiceConnection       *self);
gboolean _sluice_connection_flush_output             (SluiceConnection       *self);
void     _sluice_connection_clear_source             (GSource               **source);
void     _sluice_connection_drop_connection          (SluiceConnection       *self);

/* sluice-connection.c: what SluicePgClient reads to reach the same server
 * with pg_dump or psql.  The PGconn is NULL when not connected. */
PGconn     *_sluice_connection_get_pgconn             (SluiceConnection       *self);
const char *_sluice_connection_get_text               (SluiceConnection       *self);
const char *_sluice_connection_get_password           (SluiceConnection       *self);

/* sluice-connection-connect.c */
void     _sluice_connection_connect_poll             (SluiceConnection       *self);
GTask   *_sluice_connection_end_connect_attempt      (SluiceConnection       *self,
                                                      GQueue                 *queued);

/* sluice-connection-requests.c */
void     _sluice_connection_request_free             (Request                *req);
void     _sluice_connection_request_return_error     (Request                *req,
                                                      GError                 *error);
void     _sluice_connection_request_return_new_error (Request                *req,
                                                      GQuark                  domain,
                                                      int                     code,
                                                      const char             *message);
void     _sluice_connection_requests_return_error    (GQueue                 *requests,
                                                      const GError           *error);
void     _sluice_connection_maybe_start_next         (SluiceConnection       *self);
void     _sluice_connection_process_results          (SluiceConnection       *self);
void     _sluice_connection_lost                     (SluiceConnection       *self);

/* sluice-connection-cancel.c */
void     _sluice_connection_send_cancel              (SluiceConnection       *self,
                                                      gboolean                track);
gboolean _sluice_connection_on_request_cancelled     (GCancellable           *cancellable,
                                                      gpointer                user_data);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Request, _sluice_connection_request_free)

G_END_DECLS
