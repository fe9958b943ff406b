/* sluice-overview-page.h: the Overview of a profile's database
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "sluice.h"

G_BEGIN_DECLS

#define SLUICE_TYPE_OVERVIEW_PAGE (sluice_overview_page_get_type ())
G_DECLARE_FINAL_TYPE (SluiceOverviewPage, sluice_overview_page, SLUICE, OVERVIEW_PAGE, GtkWidget)

/* Properties (notify): "session" (nullable), "sandbox" (nullable: while it
 * starts, a sandbox profile's page shows its progress and waits for it),
 * "loading" (read-only: connecting or reading).
 *
 * Setting a session connects it (sluice_session_connect_async()) and reads
 * the overview (sluice_overview_load_async()); changing the session or
 * disposing the page cancels what is in flight.  Nothing here blocks. */
GtkWidget      *sluice_overview_page_new         (void);

SluiceSession  *sluice_overview_page_get_session (SluiceOverviewPage *self);
void            sluice_overview_page_set_session (SluiceOverviewPage *self,
                                                  SluiceSession      *session);
SluiceSandbox  *sluice_overview_page_get_sandbox (SluiceOverviewPage *self);
void            sluice_overview_page_set_sandbox (SluiceOverviewPage *self,
                                                  SluiceSandbox      *sandbox);
gboolean        sluice_overview_page_get_loading (SluiceOverviewPage *self);

/* What the page shows: the overview read last, or why it could not be read. */
SluiceOverview *sluice_overview_page_get_overview (SluiceOverviewPage *self);
const GError   *sluice_overview_page_get_error    (SluiceOverviewPage *self);

/* Connects again if needed and reads the overview anew. */
void            sluice_overview_page_reload      (SluiceOverviewPage *self);

G_END_DECLS
