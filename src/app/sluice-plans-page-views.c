/* sluice-plans-page-views.c: the Plans page's views of the plan shown
 * (the tree, the graph, the comparison) and the node selected, kept the
 * same in the tree, the graph, the detail pane and the warnings
 *
 * Separate from showing a plan (sluice-plans-page-plan.c): this is the
 * wiring between the views, whatever plan they show.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sluice-plan-advice.h"
#include "sluice-plans-page-private.h"

/* Selection: the tree, the graph, the detail and the warnings -------------- */

void
_sluice_plans_page_select_node (SluicePlansPage *self,
                                SluicePlanNode  *node)
{
  if (self->selecting || !g_set_object (&self->selected_node, node))
    return;

  self->selecting = TRUE;
  sluice_plan_tree_set_selected_node (self->tree, node);
  sluice_plan_flame_set_selected_node (self->flame, node);
  sluice_plan_detail_set_node (self->detail, node);
  self->selecting = FALSE;

  _sluice_plans_page_notify (self, PROP_SELECTED_NODE);
}

static void
on_tree_selection_changed (SluicePlansPage *self)
{
  SluicePlanNode *node = sluice_plan_tree_get_selected_node (self->tree);

  if (node != NULL)
    _sluice_plans_page_select_node (self, node);
}

static void
on_flame_selection_changed (SluicePlansPage *self)
{
  SluicePlanNode *node = sluice_plan_flame_get_selected_node (self->flame);

  if (node != NULL)
    _sluice_plans_page_select_node (self, node);
}

void
_sluice_plans_page_on_warning_activated (SluicePlansPage *self,
                                         GtkListBoxRow   *row)
{
  guint index = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (row), "warning-index"));
  SluicePlanWarning *warning;

  if (self->plan == NULL || self->warnings == NULL || index >= self->warnings->len)
    return;

  warning = g_ptr_array_index (self->warnings, index);
  if (g_strcmp0 (sluice_plans_page_get_view (self), "compare") == 0)
    sluice_plans_page_set_view (self, "tree");
  _sluice_plans_page_select_node (self, sluice_plan_get_node (self->plan, warning->node));
}

/* Views --------------------------------------------------------------------- */

void
_sluice_plans_page_apply_view (SluicePlansPage *self,
                               const char      *view)
{
  if (g_strcmp0 (view, "compare") == 0)
    {
      gtk_stack_set_visible_child_name (self->views_stack, "compare");
      return;
    }

  gtk_stack_set_visible_child_name (self->views_stack, "nodes");
  gtk_stack_set_visible_child_name (self->nodes_stack, g_strcmp0 (view, "graph") == 0 ? "graph" : "tree");
}

void
_sluice_plans_page_init_views (SluicePlansPage *self)
{
  sluice_plan_compare_view_set_runs (self->compare_view, self->runs);
  g_signal_connect_object (self->tree, "notify::selected-node",
                           G_CALLBACK (on_tree_selection_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->flame, "notify::selected-node",
                           G_CALLBACK (on_flame_selection_changed), self, G_CONNECT_SWAPPED);
}

SluicePlanNode *
sluice_plans_page_get_selected_node (SluicePlansPage *self)
{
  g_return_val_if_fail (SLUICE_IS_PLANS_PAGE (self), NULL);
  return self->selected_node;
}

void
sluice_plans_page_select_node (SluicePlansPage *self,
                               SluicePlanNode  *node)
{
  g_return_if_fail (SLUICE_IS_PLANS_PAGE (self));
  g_return_if_fail (node == NULL || SLUICE_IS_PLAN_NODE (node));

  _sluice_plans_page_select_node (self, node);
}

const char *
sluice_plans_page_get_view (SluicePlansPage *self)
{
  g_return_val_if_fail (SLUICE_IS_PLANS_PAGE (self), NULL);

  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->views_stack), "compare") == 0)
    return "compare";
  return gtk_stack_get_visible_child_name (self->nodes_stack);
}

void
sluice_plans_page_set_view (SluicePlansPage *self,
                            const char      *view)
{
  g_return_if_fail (SLUICE_IS_PLANS_PAGE (self));
  g_return_if_fail (view != NULL);

  if (g_strcmp0 (view, "tree") != 0 && g_strcmp0 (view, "graph") != 0 && g_strcmp0 (view, "compare") != 0)
    return;

  if (g_strcmp0 (sluice_plans_page_get_view (self), view) == 0)
    return;

  _sluice_plans_page_apply_view (self, view);
  _sluice_plans_page_notify (self, PROP_VIEW);
}

SluicePlanTree *
sluice_plans_page_get_tree (SluicePlansPage *self)
{
  g_return_val_if_fail (SLUICE_IS_PLANS_PAGE (self), NULL);
  return self->tree;
}

SluicePlanFlame *
sluice_plans_page_get_flame (SluicePlansPage *self)
{
  g_return_val_if_fail (SLUICE_IS_PLANS_PAGE (self), NULL);
  return self->flame;
}

SluicePlanDetail *
sluice_plans_page_get_detail (SluicePlansPage *self)
{
  g_return_val_if_fail (SLUICE_IS_PLANS_PAGE (self), NULL);
  return self->detail;
}

SluicePlanCompareView *
sluice_plans_page_get_compare_view (SluicePlansPage *self)
{
  g_return_val_if_fail (SLUICE_IS_PLANS_PAGE (self), NULL);
  return self->compare_view;
}
