/* sluice-applier.h: applies migrations and records them in Sluice's history
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "sluice-connection.h"
#include "sluice-migration.h"

G_BEGIN_DECLS

/* Applies the up SQL of each SluiceMigration of @migrations in order: one
 * transaction per migration (the history row written in the same
 * transaction), or, for a migration that cannot run in one, each statement
 * alone (sluice_sql_split).  Creates Sluice's history tables when missing.
 * Every attempt goes to sluice.run_log, a failure too, with the statements
 * completed.  Stops at the first failure.  No guards here: the guided
 * runner builds them on top.  Completes with the versions applied (a
 * GStrv) and, on failure, the error of the migration that failed.
 * sluice.migrations.version holds sluice_migration_get_history_key() (for
 * Sluice's own format, the version), so that status joins by equality. */
void      sluice_applier_apply_async  (SluiceConnection     *connection,
                                       GPtrArray            *migrations,
                                       GCancellable         *cancellable,
                                       GAsyncReadyCallback   callback,
                                       gpointer              user_data);
/* Returns the versions applied (even on failure, via @applied). */
gboolean  sluice_applier_apply_finish (GAsyncResult         *result,
                                       GStrv                *applied,
                                       GError              **error);

/* As sluice_applier_apply_async(), and when @stats_profile_id is not NULL,
 * after each migration applied, saves the index and table statistics to
 * sluice_stats_snapshot_file_for (@stats_profile_id, version).  A snapshot
 * that cannot be saved never fails the migration: it is reported by
 * sluice_applier_apply_full_finish() in @warnings (translated sentences).
 * Finish with sluice_applier_apply_full_finish() (or apply_finish). */
void      sluice_applier_apply_full_async  (SluiceConnection     *connection,
                                            GPtrArray            *migrations,
                                            const char           *stats_profile_id,
                                            GCancellable         *cancellable,
                                            GAsyncReadyCallback   callback,
                                            gpointer              user_data);
/* @warnings (nullable out): a GStrv, empty when every snapshot was saved. */
gboolean  sluice_applier_apply_full_finish (GAsyncResult         *result,
                                            GStrv                *applied,
                                            GStrv                *warnings,
                                            GError              **error);

G_END_DECLS
