/* sluice-plan-comparison.h: two plans of one statement, nodes matched
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "sluice-plan.h"

G_BEGIN_DECLS

/* One row of the comparison: a node of the plan before, of the plan
 * after, or both when they match.  Ratios are after / before (so 0.5 is
 * twice as fast); 0 when one side is missing or has no figure. */
typedef struct
{
  SluicePlanNode *before;       /* NULL: only in the plan after */
  SluicePlanNode *after;        /* NULL: only in the plan before */
  double          time_ratio;   /* exclusive time */
  double          rows_ratio;   /* total rows */
} SluicePlanPair;

#define SLUICE_TYPE_PLAN_COMPARISON (sluice_plan_comparison_get_type ())
G_DECLARE_FINAL_TYPE (SluicePlanComparison, sluice_plan_comparison, SLUICE, PLAN_COMPARISON, GObject)

/* Matches nodes by type, relation and position: the trees are aligned
 * child list by child list, so an inserted or removed node (a new Sort, a
 * Hash gone) leaves the rest matched.  Properties: "before", "after"
 * (SluicePlan), "verdict" (string), "speedup" (double). */
SluicePlanComparison *sluice_plan_comparison_new         (SluicePlan           *before,
                                                          SluicePlan           *after);
SluicePlan           *sluice_plan_comparison_get_before  (SluicePlanComparison *self);
SluicePlan           *sluice_plan_comparison_get_after   (SluicePlanComparison *self);

/* The rows in the order of a merged pre-order walk; of SluicePlanPair. */
GPtrArray            *sluice_plan_comparison_get_pairs   (SluicePlanComparison *self);
/* The node of the other plan matched with @node (of either plan), or NULL. */
SluicePlanNode       *sluice_plan_comparison_get_match   (SluicePlanComparison *self,
                                                          SluicePlanNode       *node);
/* Total time before / after: 34 means 34x faster; 0 when unknown. */
double                sluice_plan_comparison_get_speedup (SluicePlanComparison *self);
/* One translated line: "now an Index Scan on idx_x; 34x faster",
 * "2.1x slower: Seq Scan on orders now reads 1.2M rows", "same plan;
 * 1.1x faster". */
const char           *sluice_plan_comparison_get_verdict (SluicePlanComparison *self);

G_END_DECLS
