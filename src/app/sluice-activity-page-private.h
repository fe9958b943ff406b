/* sluice-activity-page-private.h: what the Activity page
 * (sluice-activity-page.c) shares with its parts: reading the activity
 * every few seconds (sluice-activity-page-load.c), the columns of the
 * sessions (-sessions.c), the tree of blocking chains (-tree.c), the
 * selected session and its detail (-detail.c), the summary (-summary.c)
 * and the actions on a session (-actions.c)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "sluice-activity-lists.h"
#include "sluice-activity-page.h"
#include "sluice-session-detail.h"

G_BEGIN_DECLS

struct _SluiceActivityPage
{
  GtkWidget            parent_instance;

  SluiceSession       *session;
  SluiceConnection    *connection;
  SluiceActivity      *activity;
  SluiceSessionInfo   *selected_session;
  GError              *error;
  GCancellable        *cancellable;
  GCancellable        *action_cancellable;
  GSignalGroup        *profile_signals;
  GDateTime           *updated_at;
  guint                refresh_id;
  guint                refresh_interval_ms;
  guint                n_refreshes;
  int                  selected_pid;
  gboolean             loading;
  gboolean             dirty;
  gboolean             paused;
  gboolean             hide_idle;
  gboolean             updating;        /* the tree is being replaced */
  gboolean             action_running;

  /* Sessions: roots -> filter (hide idle) -> tree -> sort -> selection. */
  GListStore          *roots;
  GtkCustomFilter     *roots_filter;
  GtkTreeListModel    *tree;
  GtkSortListModel    *sessions_sort;
  GtkSingleSelection  *sessions_selection;

  GtkStack            *stack;
  GtkSpinner          *spinner;
  GtkLabel            *loading_title;
  AdwStatusPage       *error_page;
  GtkLabel            *error_label;
  GtkLabel            *summary_label;
  GtkLabel            *updated_label;
  GtkBox              *counts_box;
  GtkSpinner          *refresh_spinner;
  GtkToggleButton     *pause_button;
  GtkToggleButton     *hide_idle_button;
  GtkStack            *section_stack;
  GtkStackPage        *sessions_stack_page;
  GtkStackPage        *locks_stack_page;
  GtkStackPage        *long_stack_page;
  GtkStackPage        *statements_stack_page;
  GtkColumnView       *sessions_view;
  SluiceSessionDetail *session_detail;
  SluiceLocksList     *locks_list;
  SluiceLongTransactionsList *long_list;
  SluiceStatementsList *statements_list;
};

enum {
  PROP_0,
  PROP_SESSION,
  PROP_LOADING,
  PROP_ACTIVITY,
  PROP_PAUSED,
  PROP_SELECTED_SESSION,
  N_PROPS
};

/* The page (sluice-activity-page.c) */
void           _sluice_activity_page_notify                (SluiceActivityPage *self,
                                                            guint               prop_id);
SluiceProfile *_sluice_activity_page_get_profile           (SluiceActivityPage *self);

/* Reading the activity (sluice-activity-page-load.c) */
void           _sluice_activity_page_load                  (SluiceActivityPage *self);
void           _sluice_activity_page_cancel_load           (SluiceActivityPage *self);
void           _sluice_activity_page_update_refresh_timer  (SluiceActivityPage *self);

/* The columns of the sessions (sluice-activity-page-sessions.c) */
void           _sluice_activity_page_setup_sessions_view   (SluiceActivityPage *self);
gboolean       _sluice_activity_page_is_running            (SluiceSessionInfo  *info);

/* The tree of blocking chains (sluice-activity-page-tree.c) */
void           _sluice_activity_page_setup_models          (SluiceActivityPage *self);
void           _sluice_activity_page_show_sessions         (SluiceActivityPage *self,
                                                            SluiceActivity     *activity);
void           _sluice_activity_page_on_hide_idle_toggled  (SluiceActivityPage *self);

/* The selected session and its detail (sluice-activity-page-detail.c) */
guint          _sluice_activity_page_find_pid_row          (SluiceActivityPage *self,
                                                            int                 pid);
void           _sluice_activity_page_set_selected_session  (SluiceActivityPage *self,
                                                            SluiceSessionInfo  *info);
void           _sluice_activity_page_on_session_selection_changed (SluiceActivityPage *self);
void           _sluice_activity_page_restore_selection     (SluiceActivityPage *self);
void           _sluice_activity_page_on_session_activated  (SluiceActivityPage *self,
                                                            int                 pid);

/* The summary above the tabs (sluice-activity-page-summary.c) */
void           _sluice_activity_page_update_updated_label  (SluiceActivityPage *self);
void           _sluice_activity_page_fill_summary          (SluiceActivityPage *self);

/* The actions on a session (sluice-activity-page-actions.c) */
void           _sluice_activity_page_update_actions        (SluiceActivityPage *self);
void           _sluice_activity_page_refresh_action        (GtkWidget          *widget,
                                                            const char         *action_name,
                                                            GVariant           *parameter);
void           _sluice_activity_page_copy_query_action     (GtkWidget          *widget,
                                                            const char         *action_name,
                                                            GVariant           *parameter);
void           _sluice_activity_page_cancel_query_action   (GtkWidget          *widget,
                                                            const char         *action_name,
                                                            GVariant           *parameter);
void           _sluice_activity_page_terminate_action      (GtkWidget          *widget,
                                                            const char         *action_name,
                                                            GVariant           *parameter);

G_END_DECLS
