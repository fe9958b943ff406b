/* sluice-duration-chart.h: how long each applied migration took, in the
 * order they were applied
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "sluice-status.h"

G_BEGIN_DECLS

#define SLUICE_TYPE_DURATION_CHART (sluice_duration_chart_get_type ())
G_DECLARE_FINAL_TYPE (SluiceDurationChart, sluice_duration_chart, SLUICE, DURATION_CHART, GtkWidget)

/* Properties (notify): "model" (a GListModel of SluiceStatusItem; every item
 * with a history entry becomes a bar, in the order it was applied),
 * "selected-item" (nullable SluiceStatusItem: a click or the arrow keys
 * choose it), "n-bars" and "log-scale" (read-only: heights are drawn on a
 * logarithmic scale when the durations span more than two decades).
 *
 * Bars are grouped into runs: migrations applied by the same person close
 * together in time, labelled with when that run happened.  A bar's height is
 * its execution time, its colour its status; hovering shows the details. */
GtkWidget        *sluice_duration_chart_new               (void);

GListModel       *sluice_duration_chart_get_model         (SluiceDurationChart *self);
void              sluice_duration_chart_set_model         (SluiceDurationChart *self,
                                                           GListModel          *model);
SluiceStatusItem *sluice_duration_chart_get_selected_item (SluiceDurationChart *self);
void              sluice_duration_chart_set_selected_item (SluiceDurationChart *self,
                                                           SluiceStatusItem    *item);
guint             sluice_duration_chart_get_n_bars        (SluiceDurationChart *self);
gboolean          sluice_duration_chart_get_log_scale     (SluiceDurationChart *self);

/* The item of bar @index (in applied order), and where it is drawn in the
 * widget's coordinates; FALSE when there is no such bar. */
SluiceStatusItem *sluice_duration_chart_get_bar_item      (SluiceDurationChart *self,
                                                           guint                index);
gboolean          sluice_duration_chart_get_bar_area      (SluiceDurationChart *self,
                                                           guint                index,
                                                           graphene_rect_t     *area);

G_END_DECLS
