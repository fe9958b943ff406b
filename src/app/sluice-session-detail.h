/* sluice-session-detail.h: the Activity page's pane about one session: its
 * whole query, what it waits for, whom it blocks, and what can be done
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "sluice-activity.h"

G_BEGIN_DECLS

#define SLUICE_TYPE_SESSION_DETAIL (sluice_session_detail_get_type ())
G_DECLARE_FINAL_TYPE (SluiceSessionDetail, sluice_session_detail, SLUICE, SESSION_DETAIL, GtkWidget)

/* Property "session-info" (nullable).  The buttons activate the page's
 * actions activity.copy-query, activity.cancel-query and activity.terminate. */
GtkWidget         *sluice_session_detail_new              (void);
SluiceSessionInfo *sluice_session_detail_get_session_info (SluiceSessionDetail *self);
void               sluice_session_detail_set_session_info (SluiceSessionDetail *self,
                                                           SluiceSessionInfo   *info);
/* Says that the session of @pid is no longer on the server. */
void               sluice_session_detail_show_gone        (SluiceSessionDetail *self,
                                                           int                  pid);

G_END_DECLS
