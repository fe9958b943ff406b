/* sluice-session-info.h: one server session (a pg_stat_activity row) and
 * the sessions it blocks
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define SLUICE_TYPE_SESSION_INFO (sluice_session_info_get_type ())
G_DECLARE_FINAL_TYPE (SluiceSessionInfo, sluice_session_info, SLUICE, SESSION_INFO, GObject)

/* Read-only properties, one per getter: "pid", "user", "database",
 * "application", "client", "backend-type", "state", "wait-event-type",
 * "wait-event", "query", "backend-start", "xact-start", "query-start",
 * "state-change", "backend-seconds", "xact-seconds", "query-seconds",
 * "blocked", "blocking", "n-blocked-by". */

int           sluice_session_info_get_pid             (SluiceSessionInfo *self);
const char   *sluice_session_info_get_user            (SluiceSessionInfo *self); /* nullable */
const char   *sluice_session_info_get_database        (SluiceSessionInfo *self); /* nullable */
const char   *sluice_session_info_get_application     (SluiceSessionInfo *self); /* "" when unset */
/* "192.0.2.7:53412", "host.example:53412", or "local" for a Unix socket. */
const char   *sluice_session_info_get_client          (SluiceSessionInfo *self);
const char   *sluice_session_info_get_backend_type    (SluiceSessionInfo *self); /* "client backend", ... */
/* "active", "idle", "idle in transaction", ...; NULL for background processes. */
const char   *sluice_session_info_get_state           (SluiceSessionInfo *self);
const char   *sluice_session_info_get_wait_event_type (SluiceSessionInfo *self); /* nullable */
const char   *sluice_session_info_get_wait_event      (SluiceSessionInfo *self); /* nullable */
const char   *sluice_session_info_get_query           (SluiceSessionInfo *self); /* "" when none */
/* NULL when not applicable (no transaction open, ...). */
GDateTime    *sluice_session_info_get_backend_start   (SluiceSessionInfo *self);
GDateTime    *sluice_session_info_get_xact_start      (SluiceSessionInfo *self);
GDateTime    *sluice_session_info_get_query_start     (SluiceSessionInfo *self);
GDateTime    *sluice_session_info_get_state_change    (SluiceSessionInfo *self);
/* Durations measured by the server's clock when read; -1 when not applicable. */
double        sluice_session_info_get_backend_seconds (SluiceSessionInfo *self);
double        sluice_session_info_get_xact_seconds    (SluiceSessionInfo *self);
double        sluice_session_info_get_query_seconds   (SluiceSessionInfo *self);

/* pg_blocking_pids(pid): the sessions this one waits for. */
const int    *sluice_session_info_get_blocked_by      (SluiceSessionInfo *self,
                                                       guint             *n_pids);
gboolean      sluice_session_info_is_blocked_by       (SluiceSessionInfo *self,
                                                       int                pid);
gboolean      sluice_session_info_get_blocked         (SluiceSessionInfo *self);
/* TRUE when another listed session waits for this one. */
gboolean      sluice_session_info_get_blocking        (SluiceSessionInfo *self);

/* The sessions this one blocks directly (a GListModel of SluiceSessionInfo,
 * never NULL, empty for a leaf): those that wait for it, less those that
 * also wait for one of them, so that a chain A <- B <- C reads A > B > C.
 * Made for gtk_tree_list_model_new(): return it (with a new reference, or
 * NULL when empty) from the create-func. */
GListModel   *sluice_session_info_get_children        (SluiceSessionInfo *self);

/* "wait_event_type: wait_event", or NULL when it is not waiting. */
char         *sluice_session_info_dup_wait_text       (SluiceSessionInfo *self);

G_END_DECLS
