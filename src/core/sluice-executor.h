/* sluice-executor.h: running migrations up or down, under the run's guards
 *
 * The execution step of a guided run (SluiceRunner), and what rollback and
 * rehearsal run too.  On its connection it:
 *  - takes a session advisory lock (sluice_executor_advisory_key()) with
 *    pg_try_advisory_lock, so two runners never overlap: a second one stops
 *    at once with an error naming the pid that holds it, having changed
 *    nothing;
 *  - sets lock_timeout and statement_timeout from the options (0 leaves the
 *    server's setting);
 *  - runs each migration in one transaction (its statements, then its
 *    history rows: Sluice's own and the folder tool's, through
 *    SluiceHistoryWriter), unless it cannot run in one (CONCURRENTLY,
 *    VACUUM, ALTER SYSTEM ... : sluice_sql_needs_autocommit, or the
 *    migration says so), in which case each statement runs alone and the
 *    history rows are written once all succeeded.  A script's own
 *    top-level BEGIN/START TRANSACTION and COMMIT/END are left out of the
 *    transaction (a Sqitch script's, a golang-migrate file's); any other
 *    transaction control (ROLLBACK, SAVEPOINT, PREPARE TRANSACTION ...)
 *    fails the migration before it runs.  Going down, a migration with
 *    nothing to run (a rollback plan's covered step) that follows another
 *    is recorded in that one's transaction;
 *  - when a statement hits lock_timeout (SQLSTATE 55P03), rolls back (in a
 *    transaction: the whole migration) and retries after a delay that
 *    doubles, up to lock_retries times; then stops cleanly;
 *  - after a failed CREATE INDEX CONCURRENTLY, looks for the invalid index
 *    it left (pg_index.indisvalid = false) and reports it
 *    (sluice_executor_get_invalid_indexes); dropping it is offered, never
 *    done without being asked;
 *  - writes every attempt to sluice.run_log (success or failure, statements
 *    done of total, the note), so that after a lost connection the log
 *    says exactly which statements completed;
 *  - stops at the first failure.  Never records as applied a migration
 *    that was not.
 * Events (the "event" signal, a SluiceRunEvent) are emitted on the thread-
 * default main context of the caller, as the run goes.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "sluice-connection.h"
#include "sluice-migration.h"
#include "sluice-run-event.h"

G_BEGIN_DECLS

typedef struct
{
  SluiceRunDirection     direction;
  /* The folder's format: its tool's history table is written as that tool
   * would (SLUICE and PLAIN: only Sluice's tables). */
  SluiceMigrationFormat  history_format;
  const char            *project;              /* Sqitch project name; nullable */
  guint                  lock_timeout_ms;      /* 0: the server's setting */
  guint                  statement_timeout_ms; /* 0: the server's setting */
  guint                  lock_retries;         /* retries after a lock timeout */
  guint                  retry_delay_ms;       /* the first retry's delay; doubles */
  const char            *note;                 /* to sluice.run_log.note (backup path, skip reason); nullable */
} SluiceExecuteOptions;

/* direction UP, SLUICE format, no timeouts, 3 retries from 1000 ms. */
void                 sluice_execute_options_init   (SluiceExecuteOptions *options);

#define SLUICE_TYPE_EXECUTOR (sluice_executor_get_type ())
G_DECLARE_FINAL_TYPE (SluiceExecutor, sluice_executor, SLUICE, EXECUTOR, GObject)

/* The key of pg_try_advisory_lock() that every Sluice runner takes. */
gint64               sluice_executor_advisory_key  (void);

/* @connection: connected, and used by nothing else during the run. */
SluiceExecutor      *sluice_executor_new           (SluiceConnection           *connection,
                                                    const SluiceExecuteOptions *options);
SluiceConnection    *sluice_executor_get_connection (SluiceExecutor *self);

/* UP: the up SQL of each of @migrations (SluiceMigration), in order.
 * DOWN: the down SQL of each, in the order given (newest first), each
 * removing its history rows as its tool would.  A migration without the
 * SQL of that direction fails before anything runs. */
void                 sluice_executor_run_async     (SluiceExecutor       *self,
                                                    GPtrArray            *migrations,
                                                    GCancellable         *cancellable,
                                                    GAsyncReadyCallback   callback,
                                                    gpointer              user_data);
/* @done: the versions applied (or reverted), even on failure. */
gboolean             sluice_executor_run_finish    (SluiceExecutor       *self,
                                                    GAsyncResult         *result,
                                                    GStrv                *done,
                                                    GError              **error);

/* After a run: the version that failed, or NULL. */
const char          *sluice_executor_get_failed_version  (SluiceExecutor *self);
/* After a failed CREATE INDEX CONCURRENTLY: the invalid indexes left, as
 * quoted qualified names ("public.orders_total_idx"); empty otherwise. */
const char * const  *sluice_executor_get_invalid_indexes (SluiceExecutor *self);
/* DROP INDEX CONCURRENTLY IF EXISTS of each; logged in sluice.run_log. */
void                 sluice_executor_drop_invalid_indexes_async  (SluiceExecutor       *self,
                                                                  GCancellable         *cancellable,
                                                                  GAsyncReadyCallback   callback,
                                                                  gpointer              user_data);
gboolean             sluice_executor_drop_invalid_indexes_finish (SluiceExecutor       *self,
                                                                  GAsyncResult         *result,
                                                                  GError              **error);

G_END_DECLS
