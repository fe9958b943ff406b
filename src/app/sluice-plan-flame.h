/* sluice-plan-flame.h: the plan as an icicle chart of where the time goes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "sluice-plan.h"
#include "sluice-plan-flame-layout.h"

G_BEGIN_DECLS

#define SLUICE_TYPE_PLAN_FLAME (sluice_plan_flame_get_type ())
G_DECLARE_FINAL_TYPE (SluicePlanFlame, sluice_plan_flame, SLUICE, PLAN_FLAME, GtkWidget)

/* The root spans the width; each node's children hang below it, as wide
 * as their inclusive time, so the part of a box nothing hangs from is the
 * node's own (exclusive) time; boxes are coloured by that share.  A
 * GtkScrollable: put it in a GtkScrolledWindow.  Click selects a node,
 * double-click zooms to it, Ctrl+scroll or a pinch zooms around the
 * pointer, Escape (or Ctrl+0) shows the whole plan again.
 *
 * Properties: "plan" (nullable), "selected-node" (nullable, notifies when
 * a click changes it), "zoom" (read-only, 1 = the whole plan). */
GtkWidget             *sluice_plan_flame_new               (void);

SluicePlan            *sluice_plan_flame_get_plan          (SluicePlanFlame *self);
void                   sluice_plan_flame_set_plan          (SluicePlanFlame *self,
                                                            SluicePlan      *plan);
SluicePlanNode        *sluice_plan_flame_get_selected_node (SluicePlanFlame *self);
void                   sluice_plan_flame_set_selected_node (SluicePlanFlame *self,
                                                            SluicePlanNode  *node);

double                 sluice_plan_flame_get_zoom          (SluicePlanFlame *self);
/* Zooms so that @node's box fills the width, and scrolls its row into
 * view; reset_zoom() shows the whole width again. */
void                   sluice_plan_flame_zoom_to_node      (SluicePlanFlame *self,
                                                            SluicePlanNode  *node);
void                   sluice_plan_flame_reset_zoom        (SluicePlanFlame *self);
/* Multiplies the zoom by @factor around @x (widget coordinates). */
void                   sluice_plan_flame_zoom_at           (SluicePlanFlame *self,
                                                            double           factor,
                                                            double           x);

/* For tests and benchmarks: the layout, the node under a point (widget
 * coordinates), where a node's box is now (FALSE when it is off screen or
 * too narrow to draw) and how many boxes the last frame drew. */
const SluicePlanFlameLayout *sluice_plan_flame_get_layout  (SluicePlanFlame *self);
SluicePlanNode        *sluice_plan_flame_get_node_at       (SluicePlanFlame *self,
                                                            double           x,
                                                            double           y);
gboolean               sluice_plan_flame_get_node_area     (SluicePlanFlame *self,
                                                            SluicePlanNode  *node,
                                                            graphene_rect_t *area);
guint                  sluice_plan_flame_get_n_drawn       (SluicePlanFlame *self);

G_END_DECLS
