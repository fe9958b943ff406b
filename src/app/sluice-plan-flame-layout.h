/* sluice-plan-flame-layout.h: where the plan graph puts each node
 *
 * The boxes behind SluicePlanFlame, with no widget and no drawing: an
 * icicle chart laid out once per plan, in units of the root's width, so
 * that zooming and scrolling only change how the same boxes map to
 * pixels.  A node's box is as wide as its inclusive time (or cost, for a
 * plan without timing); its children sit below it, left to right, and the
 * part of its width they leave uncovered is its exclusive time.
 *
 * Boxes are stored row by row (depth), left to right within a row, so
 * that the widget finds what is visible, and what is under the pointer,
 * by binary search: a 10,000-node plan draws only the few hundred boxes on
 * screen.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "sluice-plan.h"

G_BEGIN_DECLS

typedef enum
{
  SLUICE_PLAN_FLAME_BY_TIME,    /* inclusive time (EXPLAIN ANALYZE) */
  SLUICE_PLAN_FLAME_BY_COST,    /* the planner's total cost */
  SLUICE_PLAN_FLAME_BY_COUNT,   /* the number of nodes below (no figures at all) */
} SluicePlanFlameWeight;

typedef struct
{
  double x;          /* left edge, 0..1 of the root's width */
  double width;      /* 0..1 */
  guint  depth;      /* the row: the root is 0 */
  guint  node;       /* the node's id in the plan */
  guint  heat;       /* 0..SLUICE_PLAN_N_HEAT_LEVELS-1, by exclusive share */
} SluicePlanFlameBox;

typedef struct
{
  SluicePlan            *plan;
  SluicePlanFlameWeight  weight;
  GArray                *boxes;       /* SluicePlanFlameBox, row by row, left to right */
  GArray                *row_starts;  /* guint: the first box of each row, then n_boxes */
  guint                 *box_of_node; /* node id -> box index */
  char                 **labels;      /* node id -> its label, made when first drawn */
} SluicePlanFlameLayout;

/* Lays @plan (nullable) out; O(nodes), no recursion (plans may be
 * thousands of levels deep). */
SluicePlanFlameLayout *sluice_plan_flame_layout_new        (SluicePlan                  *plan);
void                   sluice_plan_flame_layout_free       (SluicePlanFlameLayout       *self);

guint                  sluice_plan_flame_layout_get_n_rows (const SluicePlanFlameLayout *self);
/* The boxes of @row: *@first and the count (0 when @row is out of range). */
guint                  sluice_plan_flame_layout_get_row    (const SluicePlanFlameLayout *self,
                                                            guint                        row,
                                                            guint                       *first);
/* The first box of @row whose right edge is past @x (0..1), or the row's
 * end: where drawing a view that starts at @x begins. */
guint                  sluice_plan_flame_layout_find_from  (const SluicePlanFlameLayout *self,
                                                            guint                        row,
                                                            double                       x);
/* The box of @row under @x (0..1), or G_MAXUINT. */
guint                  sluice_plan_flame_layout_find_at    (const SluicePlanFlameLayout *self,
                                                            guint                        row,
                                                            double                       x);
const SluicePlanFlameBox *sluice_plan_flame_layout_get_box (const SluicePlanFlameLayout *self,
                                                            guint                        index);
/* The box of a node (by id), or NULL. */
const SluicePlanFlameBox *sluice_plan_flame_layout_get_node_box (const SluicePlanFlameLayout *self,
                                                                 guint                        node);
/* "Seq Scan on orders · 12.3 ms", kept once made. */
const char            *sluice_plan_flame_layout_get_label  (SluicePlanFlameLayout       *self,
                                                            guint                        node);

G_END_DECLS
