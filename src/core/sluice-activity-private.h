/* sluice-activity-private.h: building activity objects from rows, and the
 * blocking tree (internal to libsluice; pure, for unit tests)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "sluice-lock-wait.h"
#include "sluice-session-info.h"
#include "sluice-statement-stat.h"

G_BEGIN_DECLS

typedef struct
{
  int        pid;
  char      *user;
  char      *database;
  char      *application;
  char      *client;
  char      *backend_type;
  char      *state;
  char      *wait_event_type;
  char      *wait_event;
  char      *query;
  GDateTime *backend_start;
  GDateTime *xact_start;
  GDateTime *query_start;
  GDateTime *state_change;
  double     backend_seconds;
  double     xact_seconds;
  double     query_seconds;
  GArray    *blocked_by;      /* int */
} SluiceSessionFacts;

SluiceSessionFacts *sluice_session_facts_new          (int                 pid);
void                sluice_session_facts_free         (SluiceSessionFacts *facts);
/* Takes @facts. */
SluiceSessionInfo  *sluice_session_info_new_take_facts (SluiceSessionFacts *facts);
void                sluice_session_info_set_blocking  (SluiceSessionInfo  *self,
                                                       gboolean            blocking);
/* The store behind sluice_session_info_get_children(). */
GListStore         *sluice_session_info_get_children_store (SluiceSessionInfo *self);

/* Links the SluiceSessionInfo of @sessions into the blocking tree: sets
 * "blocking", fills each one's children (the transitive reduction of
 * "waits for", so a chain is a chain), and appends the roots to @roots. */
void                sluice_activity_build_tree        (GPtrArray          *sessions,
                                                       GListStore         *roots);

/* Parses "{1,2,3}" (an int[] as the server prints it). */
GArray             *sluice_activity_parse_pid_array   (const char         *text);

SluiceLockWait     *sluice_lock_wait_new              (int                 pid,
                                                       const char         *lock_type,
                                                       const char         *mode,
                                                       const char         *relation,
                                                       const char         *target,
                                                       double              wait_seconds,
                                                       const char         *query,
                                                       GArray             *blocked_by);
SluiceStatementStat *sluice_statement_stat_new        (const char         *query_id,
                                                       const char         *query,
                                                       gint64              calls,
                                                       double              total_ms,
                                                       double              mean_ms,
                                                       gint64              rows);

G_END_DECLS
