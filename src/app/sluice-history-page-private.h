/* sluice-history-page-private.h: what the History page shares with its
 * parts (the summary, the migration list and the detail pane)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "sluice-status.h"

G_BEGIN_DECLS

/* The item of @version in @report (which keeps it alive), or NULL. */
SluiceStatusItem *_sluice_history_page_find_item      (SluiceStatusReport *report,
                                                       const char         *version);
/* Removes every child of a GtkListBox, a GtkBox or another parent. */
void              _sluice_history_page_clear_children (GtkWidget          *parent);

G_END_DECLS
