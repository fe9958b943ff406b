/* sluice-activity.h: the live activity of a server: sessions, the blocking
 * tree, locks not granted, long transactions, top statements
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "sluice-connection.h"
#include "sluice-lock-wait.h"
#include "sluice-session-info.h"
#include "sluice-statement-stat.h"

G_BEGIN_DECLS

#define SLUICE_ACTIVITY_DEFAULT_LONG_TRANSACTION_SECONDS 300
#define SLUICE_ACTIVITY_TOP_STATEMENTS 10

#define SLUICE_TYPE_ACTIVITY (sluice_activity_get_type ())
G_DECLARE_FINAL_TYPE (SluiceActivity, sluice_activity, SLUICE, ACTIVITY, GObject)

/* Reads pg_stat_activity (every session of the server but the one asking,
 * with pg_blocking_pids()), pg_locks not granted and whether
 * pg_stat_statements is installed in this database, in one pipeline; when
 * it is, a second round trip reads its top statements.  A transaction open
 * for at least @long_transaction_seconds is long. */
void            sluice_activity_load_async             (SluiceConnection    *connection,
                                                        guint                long_transaction_seconds,
                                                        GCancellable        *cancellable,
                                                        GAsyncReadyCallback  callback,
                                                        gpointer             user_data);
SluiceActivity *sluice_activity_load_finish            (GAsyncResult        *result,
                                                        GError             **error);

/* SluiceSessionInfo, by pid. */
GListModel     *sluice_activity_get_sessions           (SluiceActivity *self);
/* The roots of the blocking tree: sessions that block others and wait for
 * none of the listed sessions.  Their children come from
 * sluice_session_info_get_children().  Empty when nothing is blocked. */
GListModel     *sluice_activity_get_blocking_roots     (SluiceActivity *self);
/* SluiceLockWait, longest wait first. */
GListModel     *sluice_activity_get_locks_waiting      (SluiceActivity *self);
/* SluiceSessionInfo whose transaction is long, oldest first. */
GListModel     *sluice_activity_get_long_transactions  (SluiceActivity *self);
guint           sluice_activity_get_long_transaction_seconds (SluiceActivity *self);
SluiceSessionInfo *sluice_activity_find_session        (SluiceActivity *self,
                                                        int             pid);

/* TRUE when the pg_stat_statements extension is installed in the database. */
gboolean        sluice_activity_get_has_statements     (SluiceActivity *self);
/* Why the top statements could not be read although the extension is
 * installed (typically: not in shared_preload_libraries), translated; NULL
 * when they were read or the extension is not installed. */
const char     *sluice_activity_get_statements_error   (SluiceActivity *self);
/* SluiceStatementStat of this database, at most
 * SLUICE_ACTIVITY_TOP_STATEMENTS, by total and by mean time. */
GListModel     *sluice_activity_get_top_by_total       (SluiceActivity *self);
GListModel     *sluice_activity_get_top_by_mean        (SluiceActivity *self);
gint64          sluice_activity_get_round_trip_us      (SluiceActivity *self);

/* pg_cancel_backend($1) / pg_terminate_backend($1).  Completes FALSE with
 * SLUICE_ERROR_NOT_FOUND when the server signalled no session (it ended
 * already); a permission error comes from the server.  Unguarded: the
 * caller asks first. */
void            sluice_activity_cancel_backend_async   (SluiceConnection    *connection,
                                                        int                  pid,
                                                        GCancellable        *cancellable,
                                                        GAsyncReadyCallback  callback,
                                                        gpointer             user_data);
gboolean        sluice_activity_cancel_backend_finish  (GAsyncResult        *result,
                                                        GError             **error);
void            sluice_activity_terminate_backend_async (SluiceConnection   *connection,
                                                        int                  pid,
                                                        GCancellable        *cancellable,
                                                        GAsyncReadyCallback  callback,
                                                        gpointer             user_data);
gboolean        sluice_activity_terminate_backend_finish (GAsyncResult      *result,
                                                        GError             **error);

G_END_DECLS
