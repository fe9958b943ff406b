/* sluice-plans-page-private.h: what the Plans page (sluice-plans-page.c)
 * shares with its parts: the editor and its options
 * (sluice-plans-page-editor.c), running EXPLAIN (-run.c), pasting,
 * opening and saving plans (-io.c), the plan shown (-plan.c) and its
 * views (-views.c)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>
#include <gtksourceview/gtksource.h>

#include "sluice-plans-page.h"

G_BEGIN_DECLS

struct _SluicePlansPage
{
  GtkWidget              parent_instance;

  SluiceSession         *session;
  SluicePlan            *plan;
  SluicePlanNode        *selected_node;
  GListStore            *runs;
  GPtrArray             *warnings;
  GCancellable          *run_cancellable;
  GCancellable          *io_cancellable;
  GSignalGroup          *profile_signals;
  char                  *notice;
  char                  *error;
  char                  *last_paste;
  int                    server_version;
  guint                  notice_source;
  gboolean               running;
  gboolean               selecting;
  gboolean               version_wanted;

  GtkSourceView         *editor;
  GtkWidget             *options_box;
  GtkCheckButton        *analyze_check;
  GtkCheckButton        *buffers_check;
  GtkCheckButton        *verbose_check;
  GtkCheckButton        *settings_check;
  GtkCheckButton        *wal_check;
  GtkCheckButton        *timing_check;
  GtkCheckButton        *serialize_check;
  GtkCheckButton        *memory_check;
  GtkSpinner            *spinner;
  GtkLabel              *status_label;
  GtkRevealer           *notice_revealer;
  GtkLabel              *notice_label;
  GtkRevealer           *error_revealer;
  GtkLabel              *error_label;
  GtkStack              *results_stack;
  GtkLabel              *execution_value;
  GtkLabel              *planning_value;
  GtkLabel              *jit_value;
  GtkLabel              *triggers_value;
  GtkLabel              *nodes_value;
  GtkLabel              *rolled_back_label;
  GtkLabel              *source_label;
  GtkLabel              *warnings_title;
  GtkWidget             *warnings_scroller;
  GtkListBox            *warnings_list;
  GtkStack              *views_stack;
  GtkStack              *nodes_stack;
  SluicePlanTree        *tree;
  SluicePlanFlame       *flame;
  SluicePlanDetail      *detail;
  SluicePlanCompareView *compare_view;
};

enum {
  PROP_0,
  PROP_SESSION,
  PROP_PLAN,
  PROP_RUNNING,
  PROP_SELECTED_NODE,
  PROP_VIEW,
  N_PROPS
};

/* The page (sluice-plans-page.c) */
void           _sluice_plans_page_notify               (SluicePlansPage *self,
                                                        guint            prop_id);
SluiceProfile *_sluice_plans_page_get_profile          (SluicePlansPage *self);
GtkWindow     *_sluice_plans_page_get_window           (SluicePlansPage *self);
void           _sluice_plans_page_add_toast            (SluicePlansPage *self,
                                                        const char      *message);
void           _sluice_plans_page_set_status           (SluicePlansPage *self,
                                                        const char      *status);
void           _sluice_plans_page_show_error           (SluicePlansPage *self,
                                                        const char      *message);
void           _sluice_plans_page_set_running          (SluicePlansPage *self,
                                                        gboolean         running);
void           _sluice_plans_page_update_actions       (SluicePlansPage *self);

/* The editor, its options and the notice (sluice-plans-page-editor.c) */
void           _sluice_plans_page_init_editor          (SluicePlansPage *self);
char          *_sluice_plans_page_get_editor_text      (SluicePlansPage *self);
void           _sluice_plans_page_set_server_version   (SluicePlansPage *self,
                                                        int              version);
void           _sluice_plans_page_update_notice        (SluicePlansPage *self);

/* Running EXPLAIN (sluice-plans-page-run.c): "plans.run", "plans.cancel" */
void           _sluice_plans_page_run_action           (GtkWidget       *widget,
                                                        const char      *action_name,
                                                        GVariant        *parameter);
void           _sluice_plans_page_cancel_action        (GtkWidget       *widget,
                                                        const char      *action_name,
                                                        GVariant        *parameter);
void           _sluice_plans_page_learn_server_version (SluicePlansPage *self);

/* Pasting, opening and saving (sluice-plans-page-io.c): "plans.paste",
 * "plans.open", "plans.save" */
void           _sluice_plans_page_paste_action         (GtkWidget       *widget,
                                                        const char      *action_name,
                                                        GVariant        *parameter);
void           _sluice_plans_page_open_action          (GtkWidget       *widget,
                                                        const char      *action_name,
                                                        GVariant        *parameter);
void           _sluice_plans_page_save_action          (GtkWidget       *widget,
                                                        const char      *action_name,
                                                        GVariant        *parameter);

/* The views and the selection (sluice-plans-page-views.c) */
void           _sluice_plans_page_init_views           (SluicePlansPage *self);
void           _sluice_plans_page_select_node          (SluicePlansPage *self,
                                                        SluicePlanNode  *node);
void           _sluice_plans_page_apply_view           (SluicePlansPage *self,
                                                        const char      *view);
/* The template's "on_warning_activated" */
void           _sluice_plans_page_on_warning_activated (SluicePlansPage *self,
                                                        GtkListBoxRow   *row);

G_END_DECLS
