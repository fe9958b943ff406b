/* sluice-plan-advice.h: warnings worked out from a plan's model
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "sluice-plan.h"

G_BEGIN_DECLS

/* One warning.  @rule is stable and kebab-case, for scripts:
 *
 *   row-misestimate        rows per loop off by more than 10x
 *   seq-scan-filter        a Seq Scan reading >= 10,000 rows whose filter
 *                          removes >= 90% of them
 *   sort-on-disk           an external sort, or a sort whose space is on disk
 *   hash-batches           a Hash or HashAggregate in more than one batch
 *   nested-loop-loops      a Nested Loop whose inner side ran >= 1,000 times
 *   lossy-bitmap           a Bitmap Heap Scan with lossy heap blocks
 *   heap-fetches           an Index Only Scan fetching heap rows for >= 10%
 *                          of its rows or >= 1,000 times (VACUUM)
 *   workers-not-launched   fewer parallel workers launched than planned
 *   jit-time               JIT took >= 30% of the execution time
 *   trigger-time           triggers took >= 30% of the execution time
 *
 * @node is the node the warning is about (for jit-time the root; for
 * trigger-time the ModifyTable on the trigger's table, else the root).
 * @message is translated and holds the figures. */
typedef struct
{
  char   *rule;
  guint   node;
  char   *message;
} SluicePlanWarning;

#define SLUICE_TYPE_PLAN_WARNING (sluice_plan_warning_get_type ())
GType              sluice_plan_warning_get_type (void) G_GNUC_CONST;
SluicePlanWarning *sluice_plan_warning_copy     (const SluicePlanWarning *warning);
void               sluice_plan_warning_free     (SluicePlanWarning       *warning);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SluicePlanWarning, sluice_plan_warning_free)

/* The warnings of @plan, in node order (plan-wide ones last); a new
 * GPtrArray of SluicePlanWarning, empty when there is nothing to say. */
GPtrArray         *sluice_plan_advise           (SluicePlan *plan);

G_END_DECLS
