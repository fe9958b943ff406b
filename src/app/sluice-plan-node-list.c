/* sluice-plan-node-list.c: a node's children as a GListModel
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sluice-plan-node-list.h"

struct _SluicePlanNodeList
{
  GObject    parent_instance;

  /* Referenced: the plan clears its nodes' links when it goes, and rows
   * of a tree may outlive it for a moment. */
  GPtrArray *nodes;
};

static GType
sluice_plan_node_list_get_item_type (GListModel *model)
{
  return SLUICE_TYPE_PLAN_NODE;
}

static guint
sluice_plan_node_list_get_n_items (GListModel *model)
{
  return SLUICE_PLAN_NODE_LIST (model)->nodes->len;
}

static gpointer
sluice_plan_node_list_get_item (GListModel *model,
                                guint       position)
{
  SluicePlanNodeList *self = SLUICE_PLAN_NODE_LIST (model);

  if (position >= self->nodes->len)
    return NULL;
  return g_object_ref (g_ptr_array_index (self->nodes, position));
}

static void
sluice_plan_node_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = sluice_plan_node_list_get_item_type;
  iface->get_n_items = sluice_plan_node_list_get_n_items;
  iface->get_item = sluice_plan_node_list_get_item;
}

G_DEFINE_FINAL_TYPE_WITH_CODE (SluicePlanNodeList, sluice_plan_node_list, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, sluice_plan_node_list_model_init))

static void
sluice_plan_node_list_finalize (GObject *object)
{
  SluicePlanNodeList *self = SLUICE_PLAN_NODE_LIST (object);

  g_clear_pointer (&self->nodes, g_ptr_array_unref);

  G_OBJECT_CLASS (sluice_plan_node_list_parent_class)->finalize (object);
}

static void
sluice_plan_node_list_class_init (SluicePlanNodeListClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = sluice_plan_node_list_finalize;
}

static void
sluice_plan_node_list_init (SluicePlanNodeList *self)
{
}

SluicePlanNodeList *
sluice_plan_node_list_new (SluicePlanNode * const *nodes,
                           guint                   n_nodes)
{
  SluicePlanNodeList *self = g_object_new (SLUICE_TYPE_PLAN_NODE_LIST, NULL);

  g_return_val_if_fail (nodes != NULL || n_nodes == 0, self);

  self->nodes = g_ptr_array_new_full (n_nodes, g_object_unref);
  for (guint i = 0; i < n_nodes; i++)
    g_ptr_array_add (self->nodes, g_object_ref (nodes[i]));

  return self;
}
