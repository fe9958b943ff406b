/* sluice-history-summary.h: the top of the History page: where the
 * database is, what waits, the last change, whose history was read, the
 * folder's problems and the timeline
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "sluice.h"
#include "sluice-duration-chart.h"
#include "sluice-status.h"

G_BEGIN_DECLS

#define SLUICE_TYPE_HISTORY_SUMMARY (sluice_history_summary_get_type ())
G_DECLARE_FINAL_TYPE (SluiceHistorySummary, sluice_history_summary, SLUICE, HISTORY_SUMMARY, GtkWidget)

GtkWidget           *sluice_history_summary_new       (void);

/* Fills the cards, the problems and the chart from @report, the join of
 * @folder and @history; clear() empties the chart (the cards are only
 * shown with a report). */
void                 sluice_history_summary_show      (SluiceHistorySummary  *self,
                                                       SluiceMigrationFolder *folder,
                                                       SluiceHistory         *history,
                                                       SluiceStatusReport    *report);
void                 sluice_history_summary_clear     (SluiceHistorySummary  *self);

/* The timeline: the page follows its selection. */
SluiceDurationChart *sluice_history_summary_get_chart (SluiceHistorySummary  *self);

G_END_DECLS
