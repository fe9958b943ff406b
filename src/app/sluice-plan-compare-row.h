/* sluice-plan-compare-row.h: one row of a comparison, as a list item
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "sluice-plan-comparison.h"

G_BEGIN_DECLS

#define SLUICE_TYPE_PLAN_COMPARE_ROW (sluice_plan_compare_row_get_type ())
G_DECLARE_FINAL_TYPE (SluicePlanCompareRow, sluice_plan_compare_row, SLUICE, PLAN_COMPARE_ROW, GObject)

/* The pair at @index of @comparison (which it keeps alive, and with it
 * both plans and their nodes). */
SluicePlanCompareRow *sluice_plan_compare_row_new            (SluicePlanComparison *comparison,
                                                              guint                 index);
SluicePlanComparison *sluice_plan_compare_row_get_comparison (SluicePlanCompareRow *self);
const SluicePlanPair *sluice_plan_compare_row_get_pair       (SluicePlanCompareRow *self);

G_END_DECLS
