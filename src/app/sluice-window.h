/* sluice-window.h: the main window: profiles on the left, their pages on
 * the right
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "sluice.h"
#include "sluice-application.h"
#include "sluice-overview-page.h"
#include "sluice-history-page.h"
#include "sluice-matrix-page.h"
#include "sluice-plans-page.h"
#include "sluice-indexes-page.h"
#include "sluice-activity-page.h"
#include "sluice-schema-page.h"
#include "sluice-migrate-page.h"

G_BEGIN_DECLS

#define SLUICE_TYPE_WINDOW (sluice_window_get_type ())
G_DECLARE_FINAL_TYPE (SluiceWindow, sluice_window, SLUICE, WINDOW, AdwApplicationWindow)

/* The window takes the profiles, sessions, sandbox and settings from
 * @application.  Its actions (win.*) are what the menus, the keyboard and
 * the tests use: add-profile, edit-profile, duplicate-profile,
 * remove-profile, import-pg-service, connect, refresh, select-profile
 * (a profile id) and rollback-to (a version: the Migrate page plans the
 * way back to it). */
SluiceWindow       *sluice_window_new                  (SluiceApplication *application);

void                sluice_window_add_toast            (SluiceWindow      *self,
                                                        const char        *message);
SluiceProfile      *sluice_window_get_selected_profile (SluiceWindow      *self);
/* Selects @profile (NULL: none) in the sidebar and shows its pages. */
void                sluice_window_select_profile       (SluiceWindow      *self,
                                                        SluiceProfile     *profile);
SluiceOverviewPage *sluice_window_get_overview_page    (SluiceWindow      *self);
SluiceHistoryPage  *sluice_window_get_history_page     (SluiceWindow      *self);
SluiceMatrixPage   *sluice_window_get_matrix_page      (SluiceWindow      *self);
SluicePlansPage    *sluice_window_get_plans_page       (SluiceWindow      *self);
SluiceIndexesPage  *sluice_window_get_indexes_page     (SluiceWindow      *self);
SluiceActivityPage *sluice_window_get_activity_page    (SluiceWindow      *self);
SluiceSchemaPage   *sluice_window_get_schema_page      (SluiceWindow      *self);
SluiceMigratePage  *sluice_window_get_migrate_page     (SluiceWindow      *self);

G_END_DECLS
