/* sluice-plan-flame-layout.c: where the plan graph puts each node
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "sluice-plan-flame-layout.h"
#include "sluice-plan-format.h"

static SluicePlanFlameWeight
choose_weight (SluicePlan *plan)
{
  if (sluice_plan_format_uses_time (plan))
    return SLUICE_PLAN_FLAME_BY_TIME;
  if (sluice_plan_node_get_total_cost (sluice_plan_get_root (plan)) > 0)
    return SLUICE_PLAN_FLAME_BY_COST;
  return SLUICE_PLAN_FLAME_BY_COUNT;
}

/* What each node weighs, by id.  Counting nodes goes bottom-up: ids are
 * in pre-order, so walking them backwards meets children first. */
static double *
compute_weights (SluicePlan            *plan,
                 SluicePlanFlameWeight  weight)
{
  GPtrArray *nodes = sluice_plan_get_nodes (plan);
  double *weights = g_new0 (double, nodes->len);

  for (guint i = nodes->len; i-- > 0;)
    {
      SluicePlanNode *node = g_ptr_array_index (nodes, i);
      guint id = sluice_plan_node_get_id (node);

      if (id >= nodes->len)
        continue;

      if (weight == SLUICE_PLAN_FLAME_BY_COUNT)
        {
          GPtrArray *children = sluice_plan_node_get_children (node);

          weights[id] = 1;
          for (guint c = 0; children != NULL && c < children->len; c++)
            {
              guint child = sluice_plan_node_get_id (g_ptr_array_index (children, c));

              if (child < nodes->len)
                weights[id] += weights[child];
            }
        }
      else
        {
          weights[id] = sluice_plan_format_node_weight (plan, node);
        }
    }

  return weights;
}

static void
lay_out (SluicePlanFlameLayout *self)
{
  SluicePlan *plan = self->plan;
  guint n_nodes = sluice_plan_get_n_nodes (plan);
  g_autofree double *weights = NULL;
  SluicePlanFlameBox root_box = { 0, 1, 0, 0, 0 };
  guint current_row = G_MAXUINT;
  guint end;

  self->weight = choose_weight (plan);
  weights = compute_weights (plan, self->weight);
  self->box_of_node = g_new (guint, MAX (n_nodes, 1));
  memset (self->box_of_node, 0xff, sizeof (guint) * MAX (n_nodes, 1));
  self->labels = g_new0 (char *, MAX (n_nodes, 1));

  /* Breadth first: the boxes come out row by row, and left to right in
   * each row because every parent's children fill its own span. */
  root_box.node = sluice_plan_node_get_id (sluice_plan_get_root (plan));
  root_box.heat = sluice_plan_format_heat_level (sluice_plan_format_node_share (plan, sluice_plan_get_root (plan)));
  g_array_append_val (self->boxes, root_box);

  for (guint index = 0; index < self->boxes->len; index++)
    {
      SluicePlanFlameBox box = g_array_index (self->boxes, SluicePlanFlameBox, index);
      SluicePlanNode *node = sluice_plan_get_node (plan, box.node);
      GPtrArray *children = sluice_plan_node_get_children (node);
      double sum = 0;
      double scale;
      double x = box.x;

      if (box.depth != current_row)
        {
          current_row = box.depth;
          g_array_append_val (self->row_starts, index);
        }
      if (box.node < n_nodes)
        self->box_of_node[box.node] = index;

      if (children == NULL || children->len == 0)
        continue;

      for (guint c = 0; c < children->len; c++)
        sum += weights[sluice_plan_node_get_id (g_ptr_array_index (children, c))];

      /* Children never spill out of their parent: when their figures add
       * up to more (parallel workers, rounding) they are scaled to fit. */
      scale = MAX (weights[box.node], sum);
      scale = scale > 0 ? box.width / scale : 0;

      for (guint c = 0; c < children->len; c++)
        {
          SluicePlanNode *child = g_ptr_array_index (children, c);
          SluicePlanFlameBox child_box;

          child_box.node = sluice_plan_node_get_id (child);
          child_box.depth = box.depth + 1;
          child_box.x = x;
          child_box.width = weights[child_box.node] * scale;
          child_box.heat = sluice_plan_format_heat_level (sluice_plan_format_node_share (plan, child));
          x += child_box.width;
          g_array_append_val (self->boxes, child_box);
        }
    }

  end = self->boxes->len;
  g_array_append_val (self->row_starts, end);
}

SluicePlanFlameLayout *
sluice_plan_flame_layout_new (SluicePlan *plan)
{
  SluicePlanFlameLayout *self = g_new0 (SluicePlanFlameLayout, 1);

  self->boxes = g_array_new (FALSE, FALSE, sizeof (SluicePlanFlameBox));
  self->row_starts = g_array_new (FALSE, FALSE, sizeof (guint));

  if (plan != NULL && sluice_plan_get_root (plan) != NULL)
    {
      self->plan = g_object_ref (plan);
      lay_out (self);
    }
  else
    {
      guint zero = 0;

      g_array_append_val (self->row_starts, zero);
    }

  return self;
}

void
sluice_plan_flame_layout_free (SluicePlanFlameLayout *self)
{
  if (self == NULL)
    return;

  if (self->labels != NULL && self->plan != NULL)
    for (guint i = 0; i < sluice_plan_get_n_nodes (self->plan); i++)
      g_free (self->labels[i]);
  g_free (self->labels);
  g_free (self->box_of_node);
  g_clear_pointer (&self->boxes, g_array_unref);
  g_clear_pointer (&self->row_starts, g_array_unref);
  g_clear_object (&self->plan);
  g_free (self);
}

guint
sluice_plan_flame_layout_get_n_rows (const SluicePlanFlameLayout *self)
{
  return self->row_starts->len - 1;
}

guint
sluice_plan_flame_layout_get_row (const SluicePlanFlameLayout *self,
                                  guint                        row,
                                  guint                       *first)
{
  guint start, end;

  if (row >= sluice_plan_flame_layout_get_n_rows (self))
    {
      *first = 0;
      return 0;
    }

  start = g_array_index (self->row_starts, guint, row);
  end = g_array_index (self->row_starts, guint, row + 1);
  *first = start;
  return end - start;
}

guint
sluice_plan_flame_layout_find_from (const SluicePlanFlameLayout *self,
                                    guint                        row,
                                    double                       x)
{
  guint first;
  guint n = sluice_plan_flame_layout_get_row (self, row, &first);
  guint low = first, high = first + n;

  /* Boxes in a row do not overlap, so their right edges rise too. */
  while (low < high)
    {
      guint middle = low + (high - low) / 2;
      const SluicePlanFlameBox *box = &g_array_index (self->boxes, SluicePlanFlameBox, middle);

      if (box->x + box->width <= x)
        low = middle + 1;
      else
        high = middle;
    }

  return low;
}

guint
sluice_plan_flame_layout_find_at (const SluicePlanFlameLayout *self,
                                  guint                        row,
                                  double                       x)
{
  guint first;
  guint n = sluice_plan_flame_layout_get_row (self, row, &first);
  guint index;
  const SluicePlanFlameBox *box;

  if (n == 0)
    return G_MAXUINT;

  index = sluice_plan_flame_layout_find_from (self, row, x);
  if (index >= first + n)
    return G_MAXUINT;

  box = &g_array_index (self->boxes, SluicePlanFlameBox, index);
  return box->x <= x && x < box->x + box->width ? index : G_MAXUINT;
}

const SluicePlanFlameBox *
sluice_plan_flame_layout_get_box (const SluicePlanFlameLayout *self,
                                  guint                        index)
{
  if (index >= self->boxes->len)
    return NULL;
  return &g_array_index (self->boxes, SluicePlanFlameBox, index);
}

const SluicePlanFlameBox *
sluice_plan_flame_layout_get_node_box (const SluicePlanFlameLayout *self,
                                       guint                        node)
{
  if (self->plan == NULL || node >= sluice_plan_get_n_nodes (self->plan))
    return NULL;
  return sluice_plan_flame_layout_get_box (self, self->box_of_node[node]);
}

const char *
sluice_plan_flame_layout_get_label (SluicePlanFlameLayout *self,
                                    guint                  node)
{
  SluicePlanNode *plan_node;
  g_autofree char *label = NULL;
  g_autofree char *figure = NULL;

  if (self->plan == NULL || node >= sluice_plan_get_n_nodes (self->plan))
    return NULL;
  if (self->labels[node] != NULL)
    return self->labels[node];

  plan_node = sluice_plan_get_node (self->plan, node);
  label = sluice_plan_node_dup_label (plan_node);
  switch (self->weight)
    {
    case SLUICE_PLAN_FLAME_BY_TIME:
      figure = sluice_plan_format_ms (sluice_plan_node_get_exclusive_ms (plan_node));
      break;
    case SLUICE_PLAN_FLAME_BY_COST:
      /* Translators: the planner's total cost of a node, in the graph. */
      figure = g_strdup_printf (_("cost %.0f"), sluice_plan_node_get_total_cost (plan_node));
      break;
    case SLUICE_PLAN_FLAME_BY_COUNT:
    default:
      break;
    }

  /* Translators: a node of the plan graph, then its own time ("Seq Scan on orders · 12.3 ms"). */
  self->labels[node] = figure != NULL ? g_strdup_printf (_("%s · %s"), label, figure) : g_steal_pointer (&label);
  return self->labels[node];
}
