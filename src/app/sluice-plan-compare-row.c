/* sluice-plan-compare-row.c: one row of a comparison, as a list item
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sluice-plan-compare-row.h"

struct _SluicePlanCompareRow
{
  GObject               parent_instance;

  SluicePlanComparison *comparison;
  guint                 index;
};

G_DEFINE_FINAL_TYPE (SluicePlanCompareRow, sluice_plan_compare_row, G_TYPE_OBJECT)

static void
sluice_plan_compare_row_finalize (GObject *object)
{
  SluicePlanCompareRow *self = SLUICE_PLAN_COMPARE_ROW (object);

  g_clear_object (&self->comparison);

  G_OBJECT_CLASS (sluice_plan_compare_row_parent_class)->finalize (object);
}

static void
sluice_plan_compare_row_class_init (SluicePlanCompareRowClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = sluice_plan_compare_row_finalize;
}

static void
sluice_plan_compare_row_init (SluicePlanCompareRow *self)
{
}

SluicePlanCompareRow *
sluice_plan_compare_row_new (SluicePlanComparison *comparison,
                             guint                 index)
{
  SluicePlanCompareRow *self;

  g_return_val_if_fail (SLUICE_IS_PLAN_COMPARISON (comparison), NULL);
  g_return_val_if_fail (index < sluice_plan_comparison_get_pairs (comparison)->len, NULL);

  self = g_object_new (SLUICE_TYPE_PLAN_COMPARE_ROW, NULL);
  self->comparison = g_object_ref (comparison);
  self->index = index;
  return self;
}

SluicePlanComparison *
sluice_plan_compare_row_get_comparison (SluicePlanCompareRow *self)
{
  g_return_val_if_fail (SLUICE_IS_PLAN_COMPARE_ROW (self), NULL);
  return self->comparison;
}

const SluicePlanPair *
sluice_plan_compare_row_get_pair (SluicePlanCompareRow *self)
{
  g_return_val_if_fail (SLUICE_IS_PLAN_COMPARE_ROW (self), NULL);
  return g_ptr_array_index (sluice_plan_comparison_get_pairs (self->comparison), self->index);
}
