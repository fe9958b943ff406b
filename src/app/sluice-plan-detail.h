/* sluice-plan-detail.h: every field of one plan node, and the statement
 * with what the node reads highlighted
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "sluice-plan.h"

G_BEGIN_DECLS

#define SLUICE_TYPE_PLAN_DETAIL (sluice_plan_detail_get_type ())
G_DECLARE_FINAL_TYPE (SluicePlanDetail, sluice_plan_detail, SLUICE, PLAN_DETAIL, GtkWidget)

/* Properties: "plan" (nullable), "node" (nullable: a node of "plan").
 * The fields come in groups (the node, time, rows, cost, conditions, sort
 * and hash, parallel workers, buffers, and every other key the plan
 * holds), each a row of name and value; then the statement (when the plan
 * knows it) with every occurrence of the node's relation (or CTE, or
 * function) tagged. */
GtkWidget      *sluice_plan_detail_new                (void);

SluicePlan     *sluice_plan_detail_get_plan           (SluicePlanDetail *self);
void            sluice_plan_detail_set_plan           (SluicePlanDetail *self,
                                                       SluicePlan       *plan);
SluicePlanNode *sluice_plan_detail_get_node           (SluicePlanDetail *self);
void            sluice_plan_detail_set_node           (SluicePlanDetail *self,
                                                       SluicePlanNode   *node);

/* For tests: the value shown for a field ("Rows Removed by Filter"), or
 * NULL; how many ranges of the statement are highlighted, and the text of
 * the first. */
const char     *sluice_plan_detail_get_field          (SluicePlanDetail *self,
                                                       const char       *name);
guint           sluice_plan_detail_get_n_highlights   (SluicePlanDetail *self);
char           *sluice_plan_detail_dup_highlight_text (SluicePlanDetail *self);

G_END_DECLS
