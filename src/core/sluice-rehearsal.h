/* sluice-rehearsal.h: running a migration on a copy before the real thing
 *
 * Clones the target's schema into a new database of the sandbox cluster
 * (pg_dump --schema-only of the target, restored with psql; roles the
 * dump names are created in the sandbox when missing, NOLOGIN), snapshots
 * it, and reports what each statement of the pending migrations really
 * did, measured on a copy of that database (CREATE DATABASE ... TEMPLATE)
 * where each statement runs on its own, in the transaction mode the
 * executor would use:
 *  - the locks it took: the locks its transaction holds after it that it
 *    did not hold before (read on the same connection), plus what a
 *    SluiceRunMonitor sampled while it ran (the only way to see the locks
 *    of a statement outside a transaction, so a very short CONCURRENTLY
 *    statement may show none); locks on tables the statement itself
 *    creates are left out;
 *  - the tables it rewrote: relfilenode of every table before and after
 *    each statement, read inside its transaction;
 *  - its duration.
 * Then runs the migrations for real with SluiceExecutor on the rehearsal
 * database, and their downs (where they exist), and checks the catalog is
 * back to the pre-snapshot: the rehearsal is reversible when that diff is
 * empty.  The sandbox databases are dropped at the end (kept when asked,
 * for a person to look at).  Nothing is ever written to the target.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "sluice-connection.h"
#include "sluice-diff.h"
#include "sluice-migration.h"
#include "sluice-run-event.h"
#include "sluice-sandbox.h"

G_BEGIN_DECLS

/* What one statement did in the rehearsal. */
typedef struct
{
  char     *version;
  guint     index;          /* 1-based, within its migration */
  char     *sql;
  double    duration_ms;
  GStrv     locks;          /* "ACCESS EXCLUSIVE on public.orders", strongest first */
  GStrv     rewritten;      /* qualified names of the tables rewritten */
} SluiceRehearsalStatement;

void  sluice_rehearsal_statement_free (SluiceRehearsalStatement *statement);

#define SLUICE_TYPE_REHEARSAL (sluice_rehearsal_get_type ())
G_DECLARE_FINAL_TYPE (SluiceRehearsal, sluice_rehearsal, SLUICE, REHEARSAL, GObject)

/* @target: connected to the database to clone (only read).  @sandbox:
 * running.  @migrations: SluiceMigration, pending, in order.
 * @history_format: the folder's format (so the tool's table is exercised
 * too).  Emits "event" (SluiceRunEvent) as it goes. */
SluiceRehearsal *sluice_rehearsal_new          (SluiceConnection      *target,
                                                SluiceSandbox         *sandbox,
                                                GPtrArray             *migrations,
                                                SluiceMigrationFormat  history_format);
void             sluice_rehearsal_set_keep_database (SluiceRehearsal *self,
                                                     gboolean         keep);

void             sluice_rehearsal_run_async    (SluiceRehearsal      *self,
                                                GCancellable         *cancellable,
                                                GAsyncReadyCallback   callback,
                                                gpointer              user_data);
/* FALSE with @error when the rehearsal could not be run or a migration
 * failed in it (the report so far is kept). */
gboolean         sluice_rehearsal_run_finish   (SluiceRehearsal      *self,
                                                GAsyncResult         *result,
                                                GError              **error);

/* SluiceRehearsalStatement, in the order run */
GPtrArray       *sluice_rehearsal_get_statements  (SluiceRehearsal *self);
double           sluice_rehearsal_get_duration_ms (SluiceRehearsal *self);
/* Whether the downs ran at all (every migration had one). */
gboolean         sluice_rehearsal_get_down_tested (SluiceRehearsal *self);
/* The diff from the pre-snapshot to the catalog after the downs: empty
 * when reversible.  NULL when the downs were not run. */
SluiceDiff      *sluice_rehearsal_get_reversibility_diff (SluiceRehearsal *self);
const char      *sluice_rehearsal_get_database_name (SluiceRehearsal *self);

G_END_DECLS
