/* sluice-run-monitor.h: what a running migration waits on, and how far it is
 *
 * Watches one backend (the runner's, sluice_connection_get_backend_pid())
 * from a second connection: every interval, one query reads the locks that
 * backend holds and waits for (pg_locks, with pg_blocking_pids() and the
 * blockers' queries from pg_stat_activity) and its index build progress
 * (pg_stat_progress_create_index).  Each sample is emitted with the
 * "sample" signal on the caller's main context; the UI thread never waits.
 * A sample that fails (the observer connection lost) stops the monitor and
 * is reported once through the "failed" signal; the run itself goes on.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "sluice-connection.h"
#include "sluice-lock-wait.h"

G_BEGIN_DECLS

/* One lock the watched backend held (granted) at a sample. */
typedef struct
{
  char *lock_type;  /* "relation", "transactionid", "advisory", ... */
  char *mode;       /* "AccessExclusiveLock", ... (pg_locks.mode) */
  char *relation;   /* qualified name, or NULL when not a relation */
} SluiceHeldLock;

void  sluice_held_lock_free (SluiceHeldLock *lock);

#define SLUICE_TYPE_RUN_SAMPLE (sluice_run_sample_get_type ())
G_DECLARE_FINAL_TYPE (SluiceRunSample, sluice_run_sample, SLUICE, RUN_SAMPLE, GObject)

int          sluice_run_sample_get_pid            (SluiceRunSample *self);
/* SluiceLockWait: the locks the backend waits for, each with blocked_by */
GPtrArray   *sluice_run_sample_get_waits          (SluiceRunSample *self);
/* SluiceHeldLock: the locks it holds */
GPtrArray   *sluice_run_sample_get_held           (SluiceRunSample *self);
/* The backend's current query and state (pg_stat_activity); nullable */
const char  *sluice_run_sample_get_query          (SluiceRunSample *self);
/* Index build: phase ("building index: scanning table"), the index and
 * table, and the fraction done (blocks, then tuples); NULL / -1 when no
 * build is running. */
const char  *sluice_run_sample_get_index_phase    (SluiceRunSample *self);
const char  *sluice_run_sample_get_index_relation (SluiceRunSample *self);
double       sluice_run_sample_get_index_fraction (SluiceRunSample *self);
/* A translated sentence for the run log: "waiting for ACCESS EXCLUSIVE
 * on public.orders, held by pid 4242 (idle in transaction for 12 s)";
 * NULL when the backend neither waits nor builds an index. */
char        *sluice_run_sample_describe           (SluiceRunSample *self);

#define SLUICE_TYPE_RUN_MONITOR (sluice_run_monitor_get_type ())
G_DECLARE_FINAL_TYPE (SluiceRunMonitor, sluice_run_monitor, SLUICE, RUN_MONITOR, GObject)

/* @observer: a connected connection, not the watched one.  @interval_ms:
 * between the end of one sample and the next query (e.g. 250). */
SluiceRunMonitor *sluice_run_monitor_new       (SluiceConnection *observer,
                                                int               watched_pid,
                                                guint             interval_ms);
void              sluice_run_monitor_start     (SluiceRunMonitor *self);
void              sluice_run_monitor_stop      (SluiceRunMonitor *self);
gboolean          sluice_run_monitor_is_running (SluiceRunMonitor *self);
/* The last sample, or NULL */
SluiceRunSample  *sluice_run_monitor_get_last_sample (SluiceRunMonitor *self);

G_END_DECLS
