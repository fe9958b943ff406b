/* sluice-plans-page.h: EXPLAIN a statement on the profile's database, or
 * read a plan from elsewhere, and see where its time goes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "sluice.h"
#include "sluice-plan.h"
#include "sluice-plan-compare-view.h"
#include "sluice-plan-detail.h"
#include "sluice-plan-flame.h"
#include "sluice-plan-tree.h"

G_BEGIN_DECLS

#define SLUICE_TYPE_PLANS_PAGE (sluice_plans_page_get_type ())
G_DECLARE_FINAL_TYPE (SluicePlansPage, sluice_plans_page, SLUICE, PLANS_PAGE, GtkWidget)

/* An SQL editor with the EXPLAIN options the server has, Run (Ctrl+Enter)
 * and Cancel; below it the plan shown: a summary (execution, planning,
 * JIT, triggers), the advice as a list of warnings (each selects its
 * node), and the plan as a tree, a graph or compared with another, beside
 * a pane of the selected node's every field.
 *
 * Actions (group "plans"): "run", "cancel", "paste" (a dialog to paste a
 * plan into), "open" and "save" (file choosers), "view" (stateful string:
 * "tree", "graph" or "compare").
 *
 * EXPLAIN ANALYZE of a statement that writes runs inside a transaction
 * that is rolled back, and the page says so before and after; it asks the
 * profile's guard first (sluice_guard_confirm_async(): on a STRICT profile
 * the database's name must be typed) and runs nothing when it is declined.
 * The profile's statement timeout applies.
 *
 * Every plan shown (run, pasted or opened) joins "runs", the session's
 * plans, from which the comparison picks.  Plans are kept across profiles:
 * comparing staging's plan with production's is one of their uses.
 *
 * Properties: "session" (nullable), "plan" (read-only, nullable: the plan
 * shown), "running" (read-only), "selected-node" (nullable), "view" (the
 * state of "plans.view"). */
GtkWidget             *sluice_plans_page_new               (void);

SluiceSession         *sluice_plans_page_get_session       (SluicePlansPage            *self);
void                   sluice_plans_page_set_session       (SluicePlansPage            *self,
                                                            SluiceSession              *session);

/* The editor's text. */
char                  *sluice_plans_page_dup_sql           (SluicePlansPage            *self);
void                   sluice_plans_page_set_sql           (SluicePlansPage            *self,
                                                            const char                 *sql);
/* The EXPLAIN options as the toggles say (statement_timeout_ms is the
 * profile's); set_options() sets the toggles. */
SluiceExplainOptions  *sluice_plans_page_get_options       (SluicePlansPage            *self);
void                   sluice_plans_page_set_options       (SluicePlansPage            *self,
                                                            const SluiceExplainOptions *options);
/* The server's version (PQserverVersion) once known, else 0: it decides
 * which options are offered. */
int                    sluice_plans_page_get_server_version (SluicePlansPage           *self);

gboolean               sluice_plans_page_get_running       (SluicePlansPage            *self);
/* What the page says under the editor about running the statement (that
 * a write is rolled back), or NULL. */
const char            *sluice_plans_page_get_notice        (SluicePlansPage            *self);
/* Why the last run or import did not give a plan, or NULL. */
const char            *sluice_plans_page_get_error         (SluicePlansPage            *self);

/* Shows @plan and adds it to the runs, from @origin ("Pasted", a file
 * name, a profile name). */
void                   sluice_plans_page_show_plan         (SluicePlansPage            *self,
                                                            SluicePlan                 *plan,
                                                            const char                 *origin);
SluicePlan            *sluice_plans_page_get_plan          (SluicePlansPage            *self);
/* What "open" and "save" do once a file is chosen: read a plan file (JSON,
 * text or Sluice's) in a thread and show it, named after the file; save
 * the plan shown as a Sluice plan file.  Errors are shown on the page. */
void                   sluice_plans_page_open_file         (SluicePlansPage            *self,
                                                            GFile                      *file);
void                   sluice_plans_page_save_file         (SluicePlansPage            *self,
                                                            GFile                      *file);
/* The session's plans (SluicePlanRun), oldest first. */
GListModel            *sluice_plans_page_get_runs          (SluicePlansPage            *self);
/* The advice for the plan shown (SluicePlanWarning), as listed. */
GPtrArray             *sluice_plans_page_get_warnings      (SluicePlansPage            *self);

SluicePlanNode        *sluice_plans_page_get_selected_node (SluicePlansPage            *self);
void                   sluice_plans_page_select_node       (SluicePlansPage            *self,
                                                            SluicePlanNode             *node);

/* "tree", "graph" or "compare". */
const char            *sluice_plans_page_get_view          (SluicePlansPage            *self);
void                   sluice_plans_page_set_view          (SluicePlansPage            *self,
                                                            const char                 *view);

SluicePlanTree        *sluice_plans_page_get_tree          (SluicePlansPage            *self);
SluicePlanFlame       *sluice_plans_page_get_flame         (SluicePlansPage            *self);
SluicePlanDetail      *sluice_plans_page_get_detail        (SluicePlansPage            *self);
SluicePlanCompareView *sluice_plans_page_get_compare_view  (SluicePlansPage            *self);
/* The warnings list (a GtkListBox, one row per warning). */
GtkListBox            *sluice_plans_page_get_warnings_list (SluicePlansPage            *self);

G_END_DECLS
