/* sluice-runner.h: a guided migration run, step by step
 *
 * The sequence a DBA follows on screen (the Migrate page) or in a script
 * (sluice-cli migrate / rollback / rehearse), one step at a time so that a
 * person can read each result before going on:
 *
 *   preflight -> lint -> backup (offered) -> rehearsal (optional)
 *             -> execution -> verification
 *
 * Preflight: the connection and server version; the role's privileges on
 * the schemas the migrations touch (CREATE) and its ownership of the
 * tables they alter; history drift (status: missing files, checksum drift,
 * failed or dirty entries); the pending count (nothing to do is not an
 * error); long-running transactions (> 1 min) and sessions holding locks
 * on the tables the migrations touch; invalid indexes left by an earlier
 * failed build; replication lag when the server has standbys
 * (pg_stat_replication); whether another runner holds the advisory lock.
 * Each check: OK, warning or error; an error blocks the run.  For a
 * rollback, "pending" is an error unless the plan's steps are still the
 * migrations the history has applied above the plan's target, newest
 * first (one applied or reverted since the plan was made: plan again).
 *
 * Lint: SluiceLint with the profile's configuration and server version;
 * on a guard level that blocks (STRICT: errors; CONFIRM: errors; RELAXED:
 * nothing blocks), error findings block the run until acknowledged
 * (sluice_runner_acknowledge_lint()).
 *
 * Backup: offered before any run on prod (a STRICT profile), on request
 * elsewhere; skipping it on prod needs a reason, recorded in the run log
 * note together with the backup's path when one was taken.
 *
 * Execution: the pre-snapshot (SluiceCatalog, saved in
 * sluice_catalog_folder_for_profile() as "YYYYMMDD-HHMMSS-before-V.json",
 * V the first migration of the run), SluiceExecutor under the profile's
 * lock_timeout (default 5 s on prod when the profile has none) and
 * statement_timeout, a SluiceRunMonitor on a second connection forwarding
 * what the run waits on and index build progress as events, then the
 * post-snapshot ("...-after-V.json", V the last migration applied).
 * The run has a connection of its own (same conninfo and password as the
 * given one), opened before the pre-snapshot and closed when execution
 * ends, however it ends: the given connection is the session's, shared
 * with the rest of the application, whose queries must not land inside
 * the run's transactions nor wait behind a blocked statement.
 *
 * Verification: the post-snapshot diffed against the pre-snapshot,
 * summarised (sluice_diff_describe: "created 4 tables, 16 indexes; no
 * other object changed"), with every changed object that no statement of
 * the migrations names flagged as undeclared; ANALYZE offered for the
 * tables the run created or altered.
 *
 * Rollback is the same sequence over a SluiceRollbackPlan's steps
 * (direction DOWN).  Every event of every step goes out through the
 * "event" signal (SluiceRunEvent) on the caller's main context.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "sluice-backup.h"
#include "sluice-catalog.h"
#include "sluice-diff.h"
#include "sluice-lint.h"
#include "sluice-migration-folder.h"
#include "sluice-profile.h"
#include "sluice-rehearsal.h"
#include "sluice-rollback-plan.h"
#include "sluice-run-event.h"
#include "sluice-status.h"

G_BEGIN_DECLS

typedef enum
{
  SLUICE_CHECK_OK,
  SLUICE_CHECK_WARNING,
  SLUICE_CHECK_ERROR,    /* blocks the run */
} SluiceCheckState;

typedef struct
{
  char             *id;       /* stable: "connection", "privileges", "drift", "pending",
                                 "long-transactions", "blocking-sessions", "invalid-indexes",
                                 "replication-lag", "runner-lock" */
  char             *title;    /* translated */
  SluiceCheckState  state;
  char             *message;  /* translated: what was found and what to do */
} SluicePreflightCheck;

void  sluice_preflight_check_free (SluicePreflightCheck *check);

#define SLUICE_TYPE_RUNNER (sluice_runner_get_type ())
G_DECLARE_FINAL_TYPE (SluiceRunner, sluice_runner, SLUICE, RUNNER, GObject)

/* An up run of @folder's pending migrations, up to @target_version
 * (NULL: all).  @connection: the profile's, connected, for preflight,
 * lint, backup and rehearsal; execution opens a connection of its own,
 * and the monitor's second one, from its conninfo and password. */
SluiceRunner        *sluice_runner_new_migrate    (SluiceProfile         *profile,
                                                   SluiceConnection      *connection,
                                                   SluiceMigrationFolder *folder,
                                                   const char            *target_version);
/* A down run over @plan's steps (SluiceRollbackPlan). */
SluiceRunner        *sluice_runner_new_rollback   (SluiceProfile         *profile,
                                                   SluiceConnection      *connection,
                                                   SluiceMigrationFolder *folder,
                                                   SluiceRollbackPlan    *plan);

SluiceRunDirection   sluice_runner_get_direction  (SluiceRunner *self);
SluiceProfile       *sluice_runner_get_profile    (SluiceRunner *self);
/* SluiceMigration to run, in order (after preflight: the pending ones). */
GPtrArray           *sluice_runner_get_migrations (SluiceRunner *self);

/* Overrides of the profile's settings (the CLI's --lock-timeout ...). */
void                 sluice_runner_set_lock_timeout_ms      (SluiceRunner *self, guint ms);
void                 sluice_runner_set_statement_timeout_ms (SluiceRunner *self, guint ms);
void                 sluice_runner_set_lock_retries         (SluiceRunner *self, guint retries);

/* Preflight.  Finishes TRUE when no check is an error. */
void                 sluice_runner_preflight_async  (SluiceRunner *self, GCancellable *cancellable,
                                                     GAsyncReadyCallback callback, gpointer user_data);
gboolean             sluice_runner_preflight_finish (SluiceRunner *self, GAsyncResult *result,
                                                     GError **error);
GPtrArray           *sluice_runner_get_checks       (SluiceRunner *self); /* SluicePreflightCheck */

/* Lint (synchronous: parsing only).  SluiceLintFinding, every migration. */
GPtrArray           *sluice_runner_lint              (SluiceRunner *self);
gboolean             sluice_runner_lint_blocks       (SluiceRunner *self);
void                 sluice_runner_acknowledge_lint  (SluiceRunner *self);

/* Backup: whether this profile must be offered one before running. */
gboolean             sluice_runner_backup_required   (SluiceRunner *self);
/* The backup the runner will take (the caller watches its progress);
 * @whole_database FALSE: only the tables the migrations touch. */
SluiceBackup        *sluice_runner_new_backup        (SluiceRunner *self,
                                                      const char   *directory,
                                                      gboolean      whole_database);
/* Records a backup taken (its path goes to the run log note). */
void                 sluice_runner_set_backup        (SluiceRunner *self,
                                                      SluiceBackup *backup);
/* Records why no backup was taken; required on prod before execute. */
void                 sluice_runner_skip_backup       (SluiceRunner *self,
                                                      const char   *reason);

/* Rehearsal in @sandbox (running).  NULL for a rollback (direction
 * DOWN): a rehearsal runs the migrations' up SQL on a copy of the
 * schema, where a rollback's steps are applied already; the caller
 * offers no rehearsal then. */
SluiceRehearsal     *sluice_runner_new_rehearsal     (SluiceRunner  *self,
                                                      SluiceSandbox *sandbox);

/* Execution: snapshots around SluiceExecutor.  Fails without running
 * anything when preflight was not run or failed, the lint blocks and was
 * not acknowledged, a required backup was neither taken nor skipped
 * with a reason, or (a rollback) the history, read again under Sluice's
 * advisory lock, no longer matches the plan as preflight requires.
 * The typed confirmation of a prod run is the caller's (Migrate page,
 * CLI): it is not repeated here.  A second execute while one is under
 * way fails with SLUICE_ERROR_BUSY. */
void                 sluice_runner_execute_async     (SluiceRunner *self, GCancellable *cancellable,
                                                      GAsyncReadyCallback callback, gpointer user_data);
gboolean             sluice_runner_execute_finish    (SluiceRunner *self, GAsyncResult *result,
                                                      GError **error);
/* After execution: versions done, the one that failed, invalid indexes. */
const char * const  *sluice_runner_get_done          (SluiceRunner *self);
const char          *sluice_runner_get_failed_version (SluiceRunner *self);
const char * const  *sluice_runner_get_invalid_indexes (SluiceRunner *self);
void                 sluice_runner_drop_invalid_indexes_async  (SluiceRunner *self, GCancellable *cancellable,
                                                                GAsyncReadyCallback callback, gpointer user_data);
gboolean             sluice_runner_drop_invalid_indexes_finish (SluiceRunner *self, GAsyncResult *result,
                                                                GError **error);

/* Verification (after execution; from the snapshots it took). */
SluiceDiff          *sluice_runner_get_verification_diff (SluiceRunner *self);
char                *sluice_runner_describe_changes      (SluiceRunner *self); /* translated */
/* Qualified names of changed objects no statement names. */
GStrv                sluice_runner_get_undeclared_changes (SluiceRunner *self);
/* Tables created or altered by the run, for ANALYZE. */
GStrv                sluice_runner_get_tables_to_analyze  (SluiceRunner *self);
void                 sluice_runner_analyze_async     (SluiceRunner *self, GCancellable *cancellable,
                                                      GAsyncReadyCallback callback, gpointer user_data);
gboolean             sluice_runner_analyze_finish    (SluiceRunner *self, GAsyncResult *result,
                                                      GError **error);

G_END_DECLS
