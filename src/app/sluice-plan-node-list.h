/* sluice-plan-node-list.h: a node's children as a GListModel
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "sluice-plan-node.h"

G_BEGIN_DECLS

#define SLUICE_TYPE_PLAN_NODE_LIST (sluice_plan_node_list_get_type ())
G_DECLARE_FINAL_TYPE (SluicePlanNodeList, sluice_plan_node_list, SLUICE, PLAN_NODE_LIST, GObject)

/* A fixed list of SluicePlanNode (a plan never changes once read), for
 * the plan tree's GtkTreeListModel: a GListStore keeps its items in a
 * GSequence, an allocation per item, and the tree makes one list for
 * every node that has children when it opens a plan. */
SluicePlanNodeList *sluice_plan_node_list_new (SluicePlanNode * const *nodes,
                                               guint                   n_nodes);

G_END_DECLS
