/* sluice-plan-share-bar.h: a small bar of a node's share of the plan
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define SLUICE_TYPE_PLAN_SHARE_BAR (sluice_plan_share_bar_get_type ())
G_DECLARE_FINAL_TYPE (SluicePlanShareBar, sluice_plan_share_bar, SLUICE, PLAN_SHARE_BAR, GtkWidget)

/* A trough with a fill as long as "fraction" (0..1), coloured as the
 * graph colours that share (SluicePlanFormat heat levels), and "text" (a
 * figure, nullable) right-aligned after it; drawn with GtkSnapshot: a
 * GtkLevelBar would need a CSS block per level and cannot follow the
 * graph's palette, and one widget rather than three keeps a scrolling
 * tree's rows cheap. */
GtkWidget  *sluice_plan_share_bar_new          (void);
double      sluice_plan_share_bar_get_fraction (SluicePlanShareBar *self);
void        sluice_plan_share_bar_set_fraction (SluicePlanShareBar *self,
                                                double              fraction);
const char *sluice_plan_share_bar_get_text     (SluicePlanShareBar *self);
void        sluice_plan_share_bar_set_text     (SluicePlanShareBar *self,
                                                const char         *text);

G_END_DECLS
