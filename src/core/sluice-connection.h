/* sluice-connection.h: an asynchronous libpq connection on the GLib main context
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "sluice-types.h"
#include "sluice-result.h"

G_BEGIN_DECLS

#define SLUICE_TYPE_CONNECTION (sluice_connection_get_type ())
G_DECLARE_FINAL_TYPE (SluiceConnection, sluice_connection, SLUICE, CONNECTION, GObject)

/* @connection is a conninfo string, a postgres:// URI or a service name
 * (see sluice_connection_kind_for_text()).  @password may be NULL, in which
 * case libpq falls back to PGPASSWORD and ~/.pgpass as usual.  The password
 * is kept in memory only, and never logged. */
SluiceConnection      *sluice_connection_new               (const char            *connection,
                                                            const char            *password);
/* As sluice_connection_new(), and @options (nullable: none) is added to
 * libpq's "options", the server settings sent when connecting (such as
 * "-c lock_timeout=2000ms").  They come after the options the connection
 * already has (from its text, else its service's entry in pg_service.conf,
 * else PGOPTIONS), so for a setting named in both, @options wins. */
SluiceConnection      *sluice_connection_new_full          (const char            *connection,
                                                            const char            *password,
                                                            const char            *options);

SluiceConnectionState  sluice_connection_get_state         (SluiceConnection      *self);
/* Why the connection is FAILED, or NULL. */
const GError          *sluice_connection_get_error         (SluiceConnection      *self);

/* Valid once READY. */
int                    sluice_connection_get_server_version (SluiceConnection     *self); /* PQserverVersion */
const char            *sluice_connection_get_server_version_string (SluiceConnection *self); /* "15.4 (Debian ...)" */
const char            *sluice_connection_get_database      (SluiceConnection      *self);
const char            *sluice_connection_get_user          (SluiceConnection      *self);
const char            *sluice_connection_get_host          (SluiceConnection      *self);
int                    sluice_connection_get_backend_pid   (SluiceConnection      *self);

void                   sluice_connection_connect_async     (SluiceConnection      *self,
                                                            GCancellable          *cancellable,
                                                            GAsyncReadyCallback    callback,
                                                            gpointer               user_data);
gboolean               sluice_connection_connect_finish    (SluiceConnection      *self,
                                                            GAsyncResult          *result,
                                                            GError               **error);

/* Queries are queued and sent one at a time with PQsendQueryParams.  @params
 * holds @n_params text values (a NULL entry is SQL NULL).  Cancelling the
 * GCancellable of a query that is running sends PQcancel from a worker thread
 * and completes with G_IO_ERROR_CANCELLED; a query still queued is dropped. */
void                   sluice_connection_query_async       (SluiceConnection      *self,
                                                            const char            *sql,
                                                            const char * const    *params,
                                                            int                    n_params,
                                                            GCancellable          *cancellable,
                                                            GAsyncReadyCallback    callback,
                                                            gpointer               user_data);
SluiceResult          *sluice_connection_query_finish      (SluiceConnection      *self,
                                                            GAsyncResult          *result,
                                                            GError               **error);

/* Sends every statement of the NULL-terminated @statements in one pipeline
 * (libpq pipeline mode, one network round trip) and completes with a
 * GPtrArray of SluiceResult, one per statement, in order.  The first
 * statement that fails aborts the rest, and its error is returned. */
void                   sluice_connection_pipeline_async    (SluiceConnection      *self,
                                                            const char * const    *statements,
                                                            GCancellable          *cancellable,
                                                            GAsyncReadyCallback    callback,
                                                            gpointer               user_data);
GPtrArray             *sluice_connection_pipeline_finish   (SluiceConnection      *self,
                                                            GAsyncResult          *result,
                                                            GError               **error);

/* Closes the connection; queued queries complete with G_IO_ERROR_CLOSED. */
void                   sluice_connection_close             (SluiceConnection      *self);

G_END_DECLS
