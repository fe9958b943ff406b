/* sluice-migration-detail.h: one migration on the History page: when it
 * was applied, whether its file still matches, its SQL and its runs
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "sluice.h"
#include "sluice-status.h"

G_BEGIN_DECLS

#define SLUICE_TYPE_MIGRATION_DETAIL (sluice_migration_detail_get_type ())
G_DECLARE_FINAL_TYPE (SluiceMigrationDetail, sluice_migration_detail, SLUICE, MIGRATION_DETAIL, GtkWidget)

/* Properties (notify): "history" (nullable: the database's history, whose
 * run log and tool the pane reads) and "item" (nullable: the migration
 * shown; without one the pane asks to choose one).
 *
 * The SQL is shown read-only and highlighted as SQL, in the light or dark
 * scheme the style manager says. */
GtkWidget        *sluice_migration_detail_new         (void);

SluiceHistory    *sluice_migration_detail_get_history (SluiceMigrationDetail *self);
void              sluice_migration_detail_set_history (SluiceMigrationDetail *self,
                                                       SluiceHistory         *history);
SluiceStatusItem *sluice_migration_detail_get_item    (SluiceMigrationDetail *self);
void              sluice_migration_detail_set_item    (SluiceMigrationDetail *self,
                                                       SluiceStatusItem      *item);
/* Reads the statistics saved after the item was applied to @profile_id
 * (sluice_stats_snapshot_load_for) and compares them with the statistics
 * read through @connection now. */
void              sluice_migration_detail_set_stats_source (SluiceMigrationDetail *self,
                                                            SluiceConnection      *connection,
                                                            const char            *profile_id);

G_END_DECLS
