/* sluice-activity-page.h: what a profile's server is doing now: sessions
 * and who blocks whom, locks not granted, long transactions, top statements
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "sluice.h"
#include "sluice-activity.h"

G_BEGIN_DECLS

#define SLUICE_TYPE_ACTIVITY_PAGE (sluice_activity_page_get_type ())
G_DECLARE_FINAL_TYPE (SluiceActivityPage, sluice_activity_page, SLUICE, ACTIVITY_PAGE, GtkWidget)

#define SLUICE_ACTIVITY_PAGE_DEFAULT_REFRESH_MS 5000

/* Properties (notify): "session" (nullable), "loading" (read-only: a read
 * is in flight), "activity" (read-only, nullable: the last read), "paused"
 * and "selected-session" (read-only, nullable SluiceSessionInfo).
 *
 * While the page is shown and not paused, it reads the server's activity
 * (sluice_activity_load_async()) every 5 s; hiding the page, pausing or
 * changing the profile cancels the read in flight.  Sessions are a tree:
 * the roots are the sessions that wait for no one listed, and under each
 * session are those it blocks.
 *
 * Actions (group "activity"): refresh, copy-query, cancel-query and
 * terminate (on the selected session; the last two ask first, through the
 * profile's guard). */
GtkWidget         *sluice_activity_page_new                  (void);

SluiceSession     *sluice_activity_page_get_session          (SluiceActivityPage *self);
void               sluice_activity_page_set_session          (SluiceActivityPage *self,
                                                              SluiceSession      *session);
gboolean           sluice_activity_page_get_loading          (SluiceActivityPage *self);
/* "empty" (no profile), "loading" (the first read), "failed" or "activity". */
const char        *sluice_activity_page_get_view             (SluiceActivityPage *self);
const GError      *sluice_activity_page_get_error            (SluiceActivityPage *self);
SluiceActivity    *sluice_activity_page_get_activity         (SluiceActivityPage *self);
/* How many reads completed since the session was set. */
guint              sluice_activity_page_get_n_refreshes      (SluiceActivityPage *self);

gboolean           sluice_activity_page_get_paused           (SluiceActivityPage *self);
void               sluice_activity_page_set_paused           (SluiceActivityPage *self,
                                                              gboolean            paused);
void               sluice_activity_page_set_refresh_interval (SluiceActivityPage *self,
                                                              guint               interval_ms);

/* "sessions", "locks", "long-transactions" or "statements". */
const char        *sluice_activity_page_get_section          (SluiceActivityPage *self);
void               sluice_activity_page_set_section          (SluiceActivityPage *self,
                                                              const char         *section);

/* The rows of the sessions tree as shown now (GtkTreeListRow of
 * SluiceSessionInfo, expanded rows' children included). */
GListModel        *sluice_activity_page_get_session_rows     (SluiceActivityPage *self);
SluiceSessionInfo *sluice_activity_page_get_selected_session (SluiceActivityPage *self);
/* Selects the session of @pid in the tree; FALSE when it is not shown. */
gboolean           sluice_activity_page_select_pid           (SluiceActivityPage *self,
                                                              int                 pid);

/* Reads now (connecting again if needed), or when the page is next shown. */
void               sluice_activity_page_reload               (SluiceActivityPage *self);

G_END_DECLS
