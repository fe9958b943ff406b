/* sluice-run-event.h: one line of a run's log, as it happens
 *
 * Every step of a guided run (preflight, backup, rehearsal, execution,
 * verification) reports what it does as SluiceRunEvents, in order.  The
 * Migrate page shows them as a live log; sluice-cli prints each one as a
 * line on stdout the moment it arrives (sluice_run_event_to_line()), so a
 * script sees the run as it goes, not at the end.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef enum
{
  SLUICE_RUN_EVENT_STEP,               /* a step begins: message names it */
  SLUICE_RUN_EVENT_INFO,               /* something worth a line: "lock_timeout = 5s" */
  SLUICE_RUN_EVENT_WARNING,            /* the run goes on, but a person should read this */
  SLUICE_RUN_EVENT_MIGRATION_STARTED,
  SLUICE_RUN_EVENT_STATEMENT_STARTED,  /* statement index/count set, sql is the statement */
  SLUICE_RUN_EVENT_STATEMENT_DONE,     /* elapsed_ms: that statement's time */
  SLUICE_RUN_EVENT_LOCK_RETRY,         /* a lock timeout; retrying after a delay */
  SLUICE_RUN_EVENT_WAITING,            /* what the run waits on (pg_locks), from the monitor */
  SLUICE_RUN_EVENT_PROGRESS,           /* index build progress; fraction set */
  SLUICE_RUN_EVENT_MIGRATION_DONE,     /* elapsed_ms: the migration's time */
  SLUICE_RUN_EVENT_MIGRATION_FAILED,   /* message: what failed and what was (not) changed */
  SLUICE_RUN_EVENT_FINISHED,           /* the run is over, successful or not */
} SluiceRunEventKind;

GType        sluice_run_event_kind_get_type  (void) G_GNUC_CONST;
#define SLUICE_TYPE_RUN_EVENT_KIND (sluice_run_event_kind_get_type ())
/* Stable names for --json and the run log: "step", "info", "warning",
 * "migration-started", ... */
const char  *sluice_run_event_kind_to_string (SluiceRunEventKind kind);

#define SLUICE_TYPE_RUN_EVENT (sluice_run_event_get_type ())
G_DECLARE_FINAL_TYPE (SluiceRunEvent, sluice_run_event, SLUICE, RUN_EVENT, GObject)

/* @message is translated, one sentence.  The time is now (local). */
SluiceRunEvent     *sluice_run_event_new                 (SluiceRunEventKind  kind,
                                                          const char         *version,
                                                          const char         *message);
SluiceRunEventKind  sluice_run_event_get_kind            (SluiceRunEvent *self);
GDateTime          *sluice_run_event_get_time            (SluiceRunEvent *self);
const char         *sluice_run_event_get_version         (SluiceRunEvent *self); /* nullable */
const char         *sluice_run_event_get_message         (SluiceRunEvent *self);
/* 1-based statement number and the migration's statement count; 0 when none */
guint               sluice_run_event_get_statement_index (SluiceRunEvent *self);
guint               sluice_run_event_get_statement_count (SluiceRunEvent *self);
const char         *sluice_run_event_get_sql             (SluiceRunEvent *self); /* nullable */
double              sluice_run_event_get_elapsed_ms      (SluiceRunEvent *self); /* -1 when none */
double              sluice_run_event_get_fraction        (SluiceRunEvent *self); /* 0..1, -1 when none */
const char         *sluice_run_event_get_sqlstate        (SluiceRunEvent *self); /* nullable */

void  sluice_run_event_set_statement  (SluiceRunEvent *self,
                                       guint           index,
                                       guint           count,
                                       const char     *sql);
void  sluice_run_event_set_elapsed_ms (SluiceRunEvent *self,
                                       double          elapsed_ms);
void  sluice_run_event_set_fraction   (SluiceRunEvent *self,
                                       double          fraction);
void  sluice_run_event_set_sqlstate   (SluiceRunEvent *self,
                                       const char     *sqlstate);

/* "14:02:07  0003  statement 2/5 done in 12 ms" : what the CLI prints;
 * the statement's SQL shortened to its first line. */
char               *sluice_run_event_to_line             (SluiceRunEvent *self);

G_END_DECLS
