/* sluice-plan-format.h: how a plan's figures read on screen, the same in
 * the tree, the graph, the detail pane and the comparison
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "sluice-plan.h"

G_BEGIN_DECLS

/* How hot a node is, by its share of the plan's time (or cost): 0 cool,
 * 1 from 5 %, 2 from 10 %, 3 from 40 %, 4 from 90 % (the thresholds PEV2
 * and depesz use, so a DBA reads the colours the same). */
#define SLUICE_PLAN_N_HEAT_LEVELS 5

/* "0.042 ms", "12.3 ms", "1.24 s", "2 min 5 s"; "—" when @ms < 0. */
char       *sluice_plan_format_ms            (double          ms);
/* "980", "12,345" (grouped by hand: the C locale groups nothing). */
char       *sluice_plan_format_count         (double          count);
/* "980", "12.3k", "4.5M": for narrow columns. */
char       *sluice_plan_format_count_short   (double          count);
/* "12.3 %", "< 0.1 %". */
char       *sluice_plan_format_share         (double          share);
/* "↑ 12x" (more rows than estimated), "↓ 3.4x" (fewer); NULL when the
 * estimate was right within 1.5x or is unknown. */
char       *sluice_plan_format_misestimate   (SluicePlanNode *node);
/* "123 / 45": shared blocks found in the cache / read, plus "· 6 temp"
 * when the node spilled; NULL when none. */
char       *sluice_plan_format_buffers_short (const SluicePlanBuffers *buffers);
/* "1.2 MB" for a number of 8 kB blocks. */
char       *sluice_plan_format_blocks        (gint64          blocks);
/* "2.1x faster", "1.3x slower", "no change"; NULL when @ratio (after /
 * before) is not known (0). */
char       *sluice_plan_format_ratio         (double          ratio);

/* Whether the plan's shares are by time (EXPLAIN ANALYZE with timing) or,
 * failing that, by the planner's cost. */
gboolean    sluice_plan_format_uses_time     (SluicePlan     *plan);
/* The node's own share of the plan, 0..1: exclusive time over the plan's
 * total, or without timing, its cost less its children's over the root's. */
double      sluice_plan_format_node_share    (SluicePlan     *plan,
                                              SluicePlanNode *node);
/* What the node and those below it weigh, for the graph: inclusive time,
 * or without timing the total cost. */
double      sluice_plan_format_node_weight   (SluicePlan     *plan,
                                              SluicePlanNode *node);
/* 0..SLUICE_PLAN_N_HEAT_LEVELS-1 for a share (see above). */
guint       sluice_plan_format_heat_level    (double          share);
/* "heat-0" .. "heat-4". */
const char *sluice_plan_format_heat_class    (guint           level);
/* The colour of a heat level in the graph (light or dark style). */
void        sluice_plan_format_heat_colour   (guint           level,
                                              gboolean        dark,
                                              GdkRGBA        *colour);
/* Sets the heat class of @widget (removing the others). */
void        sluice_plan_format_set_heat      (GtkWidget      *widget,
                                              guint           level);

/* The node as one line: "Seq Scan on orders" plus, for InitPlans, CTEs
 * and SubPlans, what it is ("InitPlan 1 (returns $0)"). */
char       *sluice_plan_format_node_label    (SluicePlanNode *node);

G_END_DECLS
