/* sluice-rehearsal-private.h: what the files of SluiceRehearsal share
 *
 * SluiceRehearsal is one type spread over six files, one per stage of a
 * rehearsal, in the order a run goes through them:
 *
 *  sluice-rehearsal.c          the GObject, its properties, "event" and
 *                              public API; starts the run
 *  sluice-rehearsal-clone.c    the rehearsal database: the target's roles,
 *                              schema (pg_dump, psql) and Sqitch registry,
 *                              then its twin for the probe
 *  sluice-rehearsal-setup.c    the connections, the history tables and the
 *                              pre-snapshot
 *  sluice-rehearsal-probe.c    each statement measured on the twin: locks,
 *                              rewrites, duration
 *  sluice-rehearsal-execute.c  the executor's run, the downs and the
 *                              reversibility diff
 *  sluice-rehearsal-job.c      one run's state, and its end: connections
 *                              closed, sandbox databases dropped
 *
 * A run is a chain of callbacks on one GTask whose task data is a
 * SluiceRehearsalJob: each stage's last callback calls the next stage's
 * entry point below, and every failure goes through
 * _sluice_rehearsal_fail(), which cleans up.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "sluice-catalog.h"
#include "sluice-executor.h"
#include "sluice-rehearsal.h"
#include "sluice-run-monitor.h"

G_BEGIN_DECLS

struct _SluiceRehearsal
{
  GObject                parent_instance;

  SluiceConnection      *target;
  SluiceSandbox         *sandbox;
  GPtrArray             *migrations;
  SluiceMigrationFormat  history_format;
  gboolean               keep_database;

  char                  *database_name;
  GPtrArray             *statements;      /* SluiceRehearsalStatement */
  double                 duration_ms;
  gboolean               down_tested;
  SluiceDiff            *reversibility_diff;
  gboolean               busy;
};

/* One run of the rehearsal: the GTask's data. */
typedef struct
{
  SluiceRehearsal     *self;
  GCancellable        *cancellable;
  char                *probe_name;
  char                *work_dir;
  char                *dump_path;
  GSubprocessLauncher *launcher;      /* keeps the passfile while a program runs */
  GSubprocess         *subprocess;

  SluiceConnection    *admin;
  SluiceConnection    *runner;        /* the executor's, on the rehearsal database */
  SluiceConnection    *observer;      /* snapshots of the rehearsal database */
  SluiceConnection    *probe;         /* runs the statements one by one, on the twin */
  SluiceConnection    *probe_observer;
  SluiceRunMonitor    *monitor;
  SluiceExecutor      *executor;
  gboolean             created_database;
  gboolean             created_probe;
  SluiceCatalog       *pre;
  GError              *error;         /* the first failure, returned after cleaning up */
  gint64               run_started;

  /* The probe pass */
  guint                migration_index;
  GPtrArray           *split;         /* SluiceStatement of the current migration */
  guint                statement_index;
  gboolean             in_transaction;
  GHashTable          *tables_before; /* oid text -> TableState (the probe's) */
  GHashTable          *names_before;  /* qualified name -> oid text */
  GHashTable          *locks_before;  /* "oid mode" held by the transaction */
  GHashTable          *sampled;       /* qualified name -> SluiceLockMode, from the monitor */
  char                *running_sql;   /* the statement the probe's backend runs now */
} SluiceRehearsalJob;

/* sluice-rehearsal.c */

/* The "event" signal. */
void                _sluice_rehearsal_emit            (SluiceRehearsal    *self,
                                                       SluiceRunEventKind  kind,
                                                       const char         *version,
                                                       const char         *message);
void                _sluice_rehearsal_emit_event      (SluiceRehearsal    *self,
                                                       SluiceRunEvent     *event);
/* Set and notified as the run goes. */
void                _sluice_rehearsal_set_duration_ms (SluiceRehearsal    *self,
                                                       double              duration_ms);
void                _sluice_rehearsal_set_down_tested (SluiceRehearsal    *self,
                                                       gboolean            down_tested);

/* sluice-rehearsal-job.c */

SluiceRehearsalJob *_sluice_rehearsal_job_new         (SluiceRehearsal    *self,
                                                       GCancellable       *cancellable);
void                _sluice_rehearsal_job_free        (SluiceRehearsalJob *job);
char               *_sluice_rehearsal_dup_sandbox_conninfo   (SluiceRehearsalJob *job,
                                                              const char         *dbname);
/* Not connected yet. */
SluiceConnection   *_sluice_rehearsal_new_sandbox_connection (SluiceRehearsalJob *job,
                                                              const char         *dbname);
/* Keeps @error (taken) when it is the first, then cleans up. */
void                _sluice_rehearsal_fail            (GTask              *task,
                                                       GError             *error);
/* Stops the monitor, closes the connections, drops the sandbox
 * databases (the rehearsal's kept when asked), then returns the task:
 * the end of every run. */
void                _sluice_rehearsal_cleanup         (GTask              *task);

/* The stages, in order: each one's entry point. */

/* sluice-rehearsal-clone.c: connects to the sandbox, creates the
 * rehearsal database, clones the target's schema into it, and its twin. */
void                _sluice_rehearsal_clone           (GTask              *task);
/* sluice-rehearsal-setup.c: connects whatever is not connected yet, then
 * the history tables and the pre-snapshot. */
void                _sluice_rehearsal_connect_next    (GTask              *task);
/* sluice-rehearsal-probe.c: measures each statement on the twin. */
void                _sluice_rehearsal_start_probe     (GTask              *task);
/* sluice-rehearsal-execute.c: the executor's run, the downs, the
 * reversibility diff, then _sluice_rehearsal_cleanup(). */
void                _sluice_rehearsal_run_executor    (GTask              *task);

G_END_DECLS
