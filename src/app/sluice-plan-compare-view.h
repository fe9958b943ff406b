/* sluice-plan-compare-view.h: two plans side by side, nodes matched, and
 * a one-line verdict
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "sluice-plan-comparison.h"

G_BEGIN_DECLS

#define SLUICE_TYPE_PLAN_COMPARE_VIEW (sluice_plan_compare_view_get_type ())
G_DECLARE_FINAL_TYPE (SluicePlanCompareView, sluice_plan_compare_view, SLUICE, PLAN_COMPARE_VIEW, GtkWidget)

/* The plans come from "runs" (a GListStore of SluicePlanRun: the Plans
 * page's plans of this session), chosen as before and after; "Open…"
 * beside each chooser reads a plan file into the runs and chooses it.
 * Until one is chosen by hand, the last two runs are compared, so that
 * running a statement, changing the schema and running it again shows the
 * difference at once.
 *
 * Properties: "runs" (nullable), "comparison" (read-only, nullable). */
GtkWidget            *sluice_plan_compare_view_new            (void);

GListStore           *sluice_plan_compare_view_get_runs       (SluicePlanCompareView *self);
void                  sluice_plan_compare_view_set_runs       (SluicePlanCompareView *self,
                                                               GListStore            *runs);
/* Chooses the runs at these positions of "runs" (and stops following the
 * last two). */
void                  sluice_plan_compare_view_select         (SluicePlanCompareView *self,
                                                               guint                  before,
                                                               guint                  after);
SluicePlanComparison *sluice_plan_compare_view_get_comparison (SluicePlanCompareView *self);
/* The verdict as shown (NULL without two plans). */
const char           *sluice_plan_compare_view_get_verdict    (SluicePlanCompareView *self);
/* The rows shown (SluicePlanCompareRow). */
GListModel           *sluice_plan_compare_view_get_rows       (SluicePlanCompareView *self);

G_END_DECLS
