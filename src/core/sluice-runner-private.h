/* sluice-runner-private.h: what the files of SluiceRunner share
 *
 * SluiceRunner is one type spread over files, one per step (execution
 * over several):
 *
 *  sluice-runner.c            the GObject, construction, settings, the
 *                             rehearsal it offers, what execution left
 *  sluice-runner-preflight.c  the checks before a run
 *  sluice-runner-lint.c       the lint step
 *  sluice-runner-backup.c     the backup offered, taken or skipped
 *  sluice-runner-execute.c    execution's driver: guards, the run's own
 *                             connection, the advisory lock, the end
 *  sluice-runner-recheck.c    a rollback plan checked again under the lock
 *  sluice-runner-watch.c      the run monitor on a second connection
 *  sluice-runner-segments.c   the migrations run segment by segment, each
 *                             by its executor after its pre-snapshot
 *  sluice-runner-snapshot.c   the captures and their files
 *  sluice-runner-verify.c     what the statements name, the pre/post
 *                             snapshot diff, undeclared changes, ANALYZE
 *  sluice-runner-indexes.c    the invalid indexes a failed run left
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "sluice-executor.h"
#include "sluice-history.h"
#include "sluice-run-monitor.h"
#include "sluice-runner.h"

G_BEGIN_DECLS

/* A setting not overridden (lock_timeout_ms ...): the profile's. */
#define SLUICE_RUNNER_NOT_SET G_MAXUINT

struct _SluiceRunner
{
  GObject                parent_instance;

  SluiceRunDirection     direction;
  SluiceProfile         *profile;
  SluiceConnection      *connection;
  SluiceMigrationFolder *folder;
  char                  *target_version;
  SluiceRollbackPlan    *plan;

  /* SluiceMigration to run, in order */
  GPtrArray             *migrations;

  /* Overrides of the profile's settings; G_MAXUINT: not overridden */
  guint                  lock_timeout_ms;
  guint                  statement_timeout_ms;
  guint                  lock_retries;

  /* Preflight */
  GPtrArray             *checks;          /* SluicePreflightCheck */
  SluiceStatusReport    *status;
  GStrv                  relations;       /* what the statements name, qualified */
  gboolean               preflight_done;
  gboolean               preflight_ok;

  /* Lint */
  GPtrArray             *findings;        /* SluiceLintFinding */
  gboolean               lint_acknowledged;

  /* Backup */
  SluiceBackup          *backup;
  char                  *skip_reason;

  /* Execution */
  gboolean               running;
  SluiceExecutor        *executor;
  GStrv                  done;
  char                  *failed_version;
  SluiceCatalog         *before;
  SluiceCatalog         *after;
  SluiceDiff            *diff;
};

/* The "event" signal, emitted on the caller's main context. */
void      _sluice_runner_emit       (SluiceRunner       *self,
                                     SluiceRunEventKind  kind,
                                     const char         *version,
                                     const char         *message);
void      _sluice_runner_emit_event (SluiceRunner       *self,
                                     SluiceRunEvent     *event);

/* The SQL each migration runs in the runner's direction (NULL: none). */
const char *_sluice_runner_migration_sql (SluiceRunner    *self,
                                          SluiceMigration *migration);

/* The overrides, else the profile's (lock_timeout: 5 s on prod when the
 * profile has none); 0: the server's. */
guint     _sluice_runner_effective_lock_timeout_ms      (SluiceRunner *self);
guint     _sluice_runner_effective_statement_timeout_ms (SluiceRunner *self);

/* sluice-runner-backup.c */

/* What goes to sluice.run_log.note: where the backup is, or why there is
 * none (NULL: neither). */
char     *_sluice_runner_run_note (SluiceRunner *self);

/* Execution: one run's state, the task data of
 * sluice_runner_execute_async(). */
typedef struct
{
  SluiceRunner     *self;          /* owned by the task */
  GCancellable     *cancellable;
  char             *note;
  SluiceConnection *run;           /* the run's own: lock, snapshots, executor */
  SluiceConnection *observer;
  SluiceRunMonitor *monitor;
  char             *last_sample;   /* the monitor's last sentence, not repeated */
  SluiceRunEventKind last_sample_kind;
  gint64            last_sample_time;
  GError           *run_error;     /* the executor's */
  char             *lock_key;      /* sluice_executor_advisory_key(), as text */
  gboolean          locked;        /* the runner holds the advisory lock */
  guint             next;          /* the first migration of the next segment */
  GPtrArray        *segment;       /* SluiceMigration, the one running */
  GPtrArray        *done;          /* char *: versions done, over all segments */
  GFile            *snapshot;      /* the snapshot being saved */
} SluiceRunnerExecution;

/* sluice-runner-execute.c */

/* A new connection (not connected) to the same server and database as
 * @connection, with the same credentials and settings. */
SluiceConnection *_sluice_runner_connection_like      (SluiceConnection      *connection);
/* Closes the run's connection, if any: the run ends, however it ends. */
void              _sluice_runner_close_run_connection (SluiceRunnerExecution *data);
/* Every segment ran, or one stopped: lets go of the lock, then takes the
 * post-snapshot, verifies, and ends the run. */
void              _sluice_runner_finish_runs          (GTask                 *task);

/* sluice-runner-recheck.c */

/* A rollback's plan against the history read again under the lock: on to
 * the watch and the segments when it still holds, else the run refused. */
void      _sluice_runner_recheck_plan         (GTask                 *task);

/* sluice-runner-watch.c */

/* Opens the monitor's connection and starts it (or says why not), then
 * runs the segments. */
void      _sluice_runner_start_monitor_then_executor (GTask                 *task);
/* Disconnects and stops the monitor, and lets it go. */
void      _sluice_runner_release_monitor             (SluiceRunnerExecution *data);

/* sluice-runner-segments.c */

/* Runs the next segment, or _sluice_runner_finish_runs() after the last
 * one, a failure or a cancel. */
void      _sluice_runner_run_next_segment     (GTask                 *task);

/* sluice-runner-snapshot.c */

/* The schema on the run's connection, Sluice's own schema left out. */
void      _sluice_runner_capture_async        (SluiceRunnerExecution *data,
                                               GCancellable          *cancellable,
                                               GAsyncReadyCallback    callback,
                                               gpointer               user_data);
/* Sets @catalog's metadata (profile, @current_version, "@when @version"),
 * then saves it on a worker thread into the profile's snapshot folder;
 * @callback gets @task, and calls _sluice_runner_report_snapshot_saved().
 * Nothing may change @catalog until then. */
void      _sluice_runner_save_snapshot_async  (GTask                 *task,
                                               SluiceCatalog         *catalog,
                                               const char            *when,
                                               const char            *version,
                                               const char            *current_version,
                                               GAsyncReadyCallback    callback);
/* Says where the snapshot went, or that it could not be saved (the run
 * goes on). */
void      _sluice_runner_report_snapshot_saved (GTask                 *task,
                                                SluiceCatalog         *catalog,
                                                GAsyncResult          *result);

/* sluice-runner-preflight.c */

/* A rollback's plan against self->status: a translated error message
 * when its steps are not the migrations the history has applied above
 * the plan's target, newest first; NULL when they are. */
char     *_sluice_runner_describe_stale_plan (SluiceRunner *self);

/* sluice-runner-verify.c */

/* Every name (identifier or string) the parse trees of @migrations'
 * statements hold, lower-cased as the parser leaves them; and the
 * relations they name (RangeVar), qualified ("public.orders"). */
void      _sluice_runner_collect_names (SluiceRunner  *self,
                                        GHashTable    *names,
                                        GHashTable    *relations);

/* After the post-snapshot: the diff (on a worker thread: a big schema's
 * takes a while), then, back on the main context, its summary and the
 * undeclared changes as events.  The snapshots must not change until it
 * finishes.  Never fails: without both snapshots nothing is verified. */
void      _sluice_runner_verify_async  (SluiceRunner        *self,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data);
void      _sluice_runner_verify_finish (SluiceRunner        *self,
                                        GAsyncResult        *result);

G_END_DECLS
