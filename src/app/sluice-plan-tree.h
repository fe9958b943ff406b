/* sluice-plan-tree.h: the plan as a tree with a column per figure
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "sluice-plan.h"

G_BEGIN_DECLS

#define SLUICE_TYPE_PLAN_TREE (sluice_plan_tree_get_type ())
G_DECLARE_FINAL_TYPE (SluicePlanTree, sluice_plan_tree, SLUICE, PLAN_TREE, GtkWidget)

/* A GtkColumnView over a GtkTreeListModel of the plan's nodes: the node
 * (type and what it works on), its own time with a bar, its share of the
 * total, rows actual against estimated with the misestimate, loops and
 * buffers; rows tinted by their share.  Nodes are expanded down to a
 * depth on display (plans can be thousands of levels deep); selecting a
 * node from elsewhere expands what hides it.
 *
 * Properties: "plan" (nullable), "selected-node" (nullable; notifies when
 * the selection changes, by a click or a key). */
GtkWidget      *sluice_plan_tree_new               (void);

SluicePlan     *sluice_plan_tree_get_plan          (SluicePlanTree *self);
void            sluice_plan_tree_set_plan          (SluicePlanTree *self,
                                                    SluicePlan     *plan);
SluicePlanNode *sluice_plan_tree_get_selected_node (SluicePlanTree *self);
void            sluice_plan_tree_set_selected_node (SluicePlanTree *self,
                                                    SluicePlanNode *node);

/* Expands every node (iteratively). */
void            sluice_plan_tree_expand_all        (SluicePlanTree *self);

/* For tests and benchmarks: the rows as shown (GtkTreeListRow items of
 * SluicePlanNode), the column view, and the vertical adjustment. */
GListModel     *sluice_plan_tree_get_rows          (SluicePlanTree *self);
GtkColumnView  *sluice_plan_tree_get_column_view   (SluicePlanTree *self);
GtkAdjustment  *sluice_plan_tree_get_vadjustment   (SluicePlanTree *self);

G_END_DECLS
