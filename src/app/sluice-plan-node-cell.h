/* sluice-plan-node-cell.h: the plan tree's first cell, an expander and
 * the node's name, indented
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define SLUICE_TYPE_PLAN_NODE_CELL (sluice_plan_node_cell_get_type ())
G_DECLARE_FINAL_TYPE (SluicePlanNodeCell, sluice_plan_node_cell, SLUICE, PLAN_NODE_CELL, GtkWidget)

/* An expander (a GtkImage) then a name (a GtkInscription), laid out by
 * the cell itself: the indent is where the expander goes, not part of
 * the cell's size, so a row bound to a node of another depth is laid out
 * again but not measured again (a margin would have the tree measure
 * every row it binds while it scrolls).  The cell asks for the expander's
 * and the name's size; the indent comes out of the width it gets and
 * gives way to the name's minimum in a narrow column. */
GtkWidget      *sluice_plan_node_cell_new          (void);
GtkImage       *sluice_plan_node_cell_get_expander (SluicePlanNodeCell *self);
GtkInscription *sluice_plan_node_cell_get_label    (SluicePlanNodeCell *self);
void            sluice_plan_node_cell_set_indent   (SluicePlanNodeCell *self,
                                                    int                 indent);

G_END_DECLS
