/* sluice-runner-private.h: what the files of SluiceRunner share
 *
 * SluiceRunner is one type spread over three files:
 *
 *  sluice-runner.c            the GObject, its settings, lint, backup
 *                             bookkeeping and the execution step
 *  sluice-runner-preflight.c  the checks before a run
 *  sluice-runner-verify.c     what the statements name, the pre/post
 *                             snapshot diff, undeclared changes, ANALYZE
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "sluice-executor.h"
#include "sluice-history.h"
#include "sluice-runner.h"

G_BEGIN_DECLS

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
