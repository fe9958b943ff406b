/* sluice-history-format.h: how migration history reads on screen, the same
 * on the History page, its chart and the environment matrix
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "sluice-status.h"

G_BEGIN_DECLS

/* "850 ms", "4.2 s", "2 min 5 s"; "—" when not recorded (@ms < 0). */
char       *sluice_format_duration_ms     (gint64                ms);

/* "12 Mar 2024, 14:02" in local time; "—" for NULL. */
char       *sluice_format_date_time       (GDateTime            *when);

/* "12 Mar 2024" in local time. */
char       *sluice_format_date            (GDateTime            *when);

/* "Today", "Yesterday", "3 days ago", or the date (in local time). */
char       *sluice_format_relative_date   (GDateTime            *when);

/* A status in one or two words, for pills and filters ("Drift");
 * sluice_migration_status_get_label() says it in full. */
const char *sluice_status_short_label     (SluiceMigrationStatus status);

/* The CSS class of a status pill ("applied", "pending", "drift", "failed",
 * "missing", "out-of-order"); the pill itself has "status-pill". */
const char *sluice_status_css_class       (SluiceMigrationStatus status);

/* The colour a status is drawn in (GNOME palette), for the chart. */
void        sluice_status_colour          (SluiceMigrationStatus status,
                                           GdkRGBA              *colour);

/* A label styled as a status pill, its text and class set from @status. */
GtkWidget  *sluice_status_pill_new        (void);
void        sluice_status_pill_set_status (GtkWidget            *pill,
                                           SluiceMigrationStatus status);

/* A person's name for the history table a tool keeps ("Sluice",
 * "dbmate", ...) and the table itself ("sluice.migrations", ...). */
const char *sluice_format_history_tool    (SluiceHistoryTool     tool);
const char *sluice_format_history_table   (SluiceHistoryTool     tool);

G_END_DECLS
