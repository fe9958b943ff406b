/* sluice-plan-run.h: one plan the Plans page showed this session
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "sluice-plan.h"

G_BEGIN_DECLS

#define SLUICE_TYPE_PLAN_RUN (sluice_plan_run_get_type ())
G_DECLARE_FINAL_TYPE (SluicePlanRun, sluice_plan_run, SLUICE, PLAN_RUN, GObject)

/* A plan and where it came from (@origin: the profile it ran on, the file
 * it was read from, or "Pasted"), for the page's history and the
 * comparison's choosers.  Read-only properties: "plan", "origin", "number"
 * (1 for the session's first), "label" ("#2 · 10:02 · SELECT … FROM
 * orders … · 12.3 ms, Harbordesk Dev"). */
SluicePlanRun *sluice_plan_run_new        (SluicePlan    *plan,
                                           const char    *origin,
                                           guint          number);
SluicePlan    *sluice_plan_run_get_plan   (SluicePlanRun *self);
const char    *sluice_plan_run_get_origin (SluicePlanRun *self);
guint          sluice_plan_run_get_number (SluicePlanRun *self);
const char    *sluice_plan_run_get_label  (SluicePlanRun *self);

G_END_DECLS
