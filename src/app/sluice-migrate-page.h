/* sluice-migrate-page.h: the guided run of a profile's migrations, up to
 * the newest or back to a version, step by step
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "sluice.h"
#include "sluice-runner.h"

G_BEGIN_DECLS

#define SLUICE_TYPE_MIGRATE_PAGE (sluice_migrate_page_get_type ())
G_DECLARE_FINAL_TYPE (SluiceMigratePage, sluice_migrate_page, SLUICE, MIGRATE_PAGE, GtkWidget)

/* An assistant over a SluiceRunner: the plan (the pending migrations, or
 * in rollback mode the SluiceRollbackPlan with where each step's SQL comes
 * from and what data it loses), then preflight -> lint -> backup ->
 * rehearsal -> run -> verify, each step shown before the next one starts,
 * with the run's events in a live log beside them.  A run on a guarded
 * profile is confirmed through the guard dialog (the database's name
 * typed on prod).  Everything that reads or writes is asynchronous and
 * can be cancelled; the page never waits.
 *
 * Actions (group "migrate"): "reload", "start" (preflight), "continue"
 * (to the next step), "take-backup", "skip-backup", "rehearse", "run",
 * "cancel", "analyze", "drop-invalid-indexes", "migrate-mode" (leave
 * rollback mode).
 *
 * Properties (notify): "session" (nullable), "sandbox" (nullable: for
 * rehearsals), "step" (read-only), "busy" (read-only), "direction"
 * (read-only). */
GtkWidget          *sluice_migrate_page_new               (void);

SluiceSession      *sluice_migrate_page_get_session       (SluiceMigratePage *self);
void                sluice_migrate_page_set_session       (SluiceMigratePage *self,
                                                           SluiceSession     *session);
SluiceSandbox      *sluice_migrate_page_get_sandbox       (SluiceMigratePage *self);
void                sluice_migrate_page_set_sandbox       (SluiceMigratePage *self,
                                                           SluiceSandbox     *sandbox);

/* Rollback mode: reads the folder and the history, plans the way back to
 * @target_version and shows the plan.  Nothing runs before "start". */
void                sluice_migrate_page_start_rollback    (SluiceMigratePage *self,
                                                           const char        *target_version);
/* Back to the up run of the pending migrations (read anew). */
void                sluice_migrate_page_start_migrate     (SluiceMigratePage *self);
void                sluice_migrate_page_reload            (SluiceMigratePage *self);

SluiceRunDirection  sluice_migrate_page_get_direction     (SluiceMigratePage *self);
/* "empty", "loading", "failed", "no-folder", or a step of the assistant:
 * "plan", "preflight", "lint", "backup", "rehearsal", "run", "verify". */
const char         *sluice_migrate_page_get_step          (SluiceMigratePage *self);
/* Whether the migrations are being run (written) now: the window asks
 * before closing, and a profile chosen meanwhile is shown after the run. */
gboolean            sluice_migrate_page_get_executing     (SluiceMigratePage *self);
/* Whether something is being read, checked, backed up, rehearsed or run. */
gboolean            sluice_migrate_page_get_busy          (SluiceMigratePage *self);
/* What went wrong last, as shown; NULL when nothing did. */
const char         *sluice_migrate_page_get_error         (SluiceMigratePage *self);

SluiceStatusReport *sluice_migrate_page_get_report        (SluiceMigratePage *self);
SluiceRollbackPlan *sluice_migrate_page_get_rollback_plan (SluiceMigratePage *self);
SluiceRunner       *sluice_migrate_page_get_runner        (SluiceMigratePage *self);
/* The run log (SluiceRunEvent), in order. */
GListModel         *sluice_migrate_page_get_log           (SluiceMigratePage *self);
/* The backup folder and the reason for skipping, as typed. */
void                sluice_migrate_page_set_backup_folder (SluiceMigratePage *self,
                                                           const char        *folder);
void                sluice_migrate_page_set_skip_reason   (SluiceMigratePage *self,
                                                           const char        *reason);

G_END_DECLS
