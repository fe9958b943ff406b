/* sluice-rollback-plan.h: how to go back to a version
 *
 * Given the status of a profile (its folder joined with its history) and
 * the version to go back to, the plan lists the migrations to revert,
 * newest first, each with the SQL that reverts it and where that SQL comes
 * from: the migration's own down (a down section, a .down.sql file, a
 * rollback_NNNN_name.sql file, a Flyway U script, a Sqitch revert script),
 * or, where none exists, the DDL SluiceDiff generates from the live
 * catalog back to the pre-snapshot Sluice took before that migration ran
 * (sluice_catalog_folder_for_profile(), "*-before-VERSION.json").  Each
 * The runner saves one pre-snapshot per part of a run, named after the
 * part's first migration; when several migrations without a down ran in
 * one part, the newest of them carries all the DDL back to that snapshot
 * and the others only remove their history rows.  Each
 * step carries its data-loss warnings (from the diff's hazards, and from
 * the lint of a hand-written down script).  A migration with neither a
 * down nor a pre-snapshot makes the plan fail, naming it: nothing is run.
 *
 * The steps are SluiceMigrations whose down SQL is what will run, ready
 * for SluiceExecutor with direction DOWN.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "sluice-connection.h"
#include "sluice-migration.h"
#include "sluice-status.h"

G_BEGIN_DECLS

typedef enum
{
  SLUICE_ROLLBACK_FROM_DOWN_SCRIPT,   /* the migration's own down SQL */
  SLUICE_ROLLBACK_FROM_PRE_SNAPSHOT,  /* DDL generated back to the pre-snapshot */
} SluiceRollbackSource;

#define SLUICE_TYPE_ROLLBACK_PLAN (sluice_rollback_plan_get_type ())
G_DECLARE_FINAL_TYPE (SluiceRollbackPlan, sluice_rollback_plan, SLUICE, ROLLBACK_PLAN, GObject)

/* @connection: to capture the live catalog when a step needs generated
 * DDL.  @profile_id: whose snapshot folder holds the pre-snapshots.
 * @target_version: the version to be current afterwards ("0" or "" for
 * none: revert everything applied).  Fails (SLUICE_ERROR_INVALID_INPUT)
 * when @target_version is not applied, or nothing is above it. */
void                 sluice_rollback_plan_new_async   (SluiceConnection     *connection,
                                                       SluiceStatusReport   *status,
                                                       const char           *profile_id,
                                                       const char           *target_version,
                                                       GCancellable         *cancellable,
                                                       GAsyncReadyCallback   callback,
                                                       gpointer              user_data);
SluiceRollbackPlan  *sluice_rollback_plan_new_finish  (GAsyncResult         *result,
                                                       GError              **error);

const char          *sluice_rollback_plan_get_target_version (SluiceRollbackPlan *self);
/* SluiceMigration, newest first; down SQL set. */
GPtrArray           *sluice_rollback_plan_get_steps   (SluiceRollbackPlan *self);
SluiceRollbackSource sluice_rollback_plan_get_source  (SluiceRollbackPlan *self,
                                                       guint               step);
/* Translated sentences ("drops column orders.note: its data is lost"). */
const char * const  *sluice_rollback_plan_get_warnings (SluiceRollbackPlan *self,
                                                        guint               step);
gboolean             sluice_rollback_plan_loses_data  (SluiceRollbackPlan *self);

G_END_DECLS
