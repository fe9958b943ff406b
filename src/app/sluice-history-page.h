/* sluice-history-page.h: a profile's migrations, what its database applied,
 * when, by whom and how long it took
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "sluice.h"
#include "sluice-status.h"

G_BEGIN_DECLS

#define SLUICE_TYPE_HISTORY_PAGE (sluice_history_page_get_type ())
G_DECLARE_FINAL_TYPE (SluiceHistoryPage, sluice_history_page, SLUICE, HISTORY_PAGE, GtkWidget)

/* Properties (notify): "session" (nullable), "sandbox" (nullable: while it
 * starts, a sandbox profile's page waits for it), "loading" (read-only),
 * "report" (read-only, nullable) and "selected-item" (read-only, nullable:
 * the migration the detail pane shows).
 *
 * The page reads when it is shown: the profile's migration folder
 * (sluice_migration_folder_load_async()) and, at the same time, the
 * database's history (sluice_session_connect_async(), then
 * sluice_history_read_async()), then joins them.  Changing the session or
 * disposing the page cancels what is in flight.  Nothing here blocks. */
GtkWidget             *sluice_history_page_new               (void);

SluiceSession         *sluice_history_page_get_session       (SluiceHistoryPage *self);
void                   sluice_history_page_set_session       (SluiceHistoryPage *self,
                                                              SluiceSession     *session);
SluiceSandbox         *sluice_history_page_get_sandbox       (SluiceHistoryPage *self);
void                   sluice_history_page_set_sandbox       (SluiceHistoryPage *self,
                                                              SluiceSandbox     *sandbox);
gboolean               sluice_history_page_get_loading       (SluiceHistoryPage *self);

/* What the page shows: "empty" (no profile), "loading", "failed" (see
 * get_error), "no-folder" (the profile names no migration folder) or
 * "history". */
const char            *sluice_history_page_get_view          (SluiceHistoryPage *self);
const GError          *sluice_history_page_get_error         (SluiceHistoryPage *self);
SluiceStatusReport    *sluice_history_page_get_report        (SluiceHistoryPage *self);
SluiceMigrationFolder *sluice_history_page_get_folder        (SluiceHistoryPage *self);
SluiceHistory         *sluice_history_page_get_history       (SluiceHistoryPage *self);

/* The rows of the list as filtered and sorted now (SluiceStatusItem). */
GListModel            *sluice_history_page_get_visible_items (SluiceHistoryPage *self);

SluiceStatusItem      *sluice_history_page_get_selected_item (SluiceHistoryPage *self);
/* Selects the migration of @version in the list, the chart and the detail
 * pane (clearing a filter that hides it); FALSE when there is none. */
gboolean               sluice_history_page_select_version    (SluiceHistoryPage *self,
                                                              const char        *version);

/* Connects again if needed and reads the folder and the history anew (or,
 * while the page is hidden, when it is next shown). */
void                   sluice_history_page_reload            (SluiceHistoryPage *self);

G_END_DECLS
