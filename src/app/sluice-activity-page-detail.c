/* sluice-activity-page-detail.c: the selected session of the Activity page
 * and its detail pane (SluiceSessionDetail): kept by process id across
 * reads, told when the session ended, and reached from the other tabs
 *
 * Separate because the selection must outlive the rows: every read replaces
 * them, and the detail and the actions follow the process, not the row.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sluice-activity-page-private.h"

guint
_sluice_activity_page_find_pid_row (SluiceActivityPage *self,
                                    int                 pid)
{
  GListModel *rows = G_LIST_MODEL (self->sessions_sort);

  for (guint i = 0; i < g_list_model_get_n_items (rows); i++)
    {
      g_autoptr(GtkTreeListRow) row = g_list_model_get_item (rows, i);
      g_autoptr(SluiceSessionInfo) info = gtk_tree_list_row_get_item (row);

      if (sluice_session_info_get_pid (info) == pid)
        return i;
    }

  return GTK_INVALID_LIST_POSITION;
}

void
_sluice_activity_page_set_selected_session (SluiceActivityPage *self,
                                            SluiceSessionInfo  *info)
{
  if (info != NULL)
    self->selected_pid = sluice_session_info_get_pid (info);

  g_set_object (&self->selected_session, info);
  sluice_session_detail_set_session_info (self->session_detail, info);
  _sluice_activity_page_update_actions (self);
  _sluice_activity_page_notify (self, PROP_SELECTED_SESSION);
}

void
_sluice_activity_page_on_session_selection_changed (SluiceActivityPage *self)
{
  GtkTreeListRow *row;
  g_autoptr(SluiceSessionInfo) info = NULL;

  if (self->updating)
    return;

  row = gtk_single_selection_get_selected_item (self->sessions_selection);
  if (row != NULL)
    info = gtk_tree_list_row_get_item (row);
  if (info == NULL)
    self->selected_pid = 0;
  _sluice_activity_page_set_selected_session (self, info);
}

void
_sluice_activity_page_restore_selection (SluiceActivityPage *self)
{
  int pid = self->selected_pid;
  guint position = pid != 0 ? _sluice_activity_page_find_pid_row (self, pid) : GTK_INVALID_LIST_POSITION;
  g_autoptr(SluiceSessionInfo) info = NULL;

  if (position == GTK_INVALID_LIST_POSITION)
    {
      gtk_single_selection_set_selected (self->sessions_selection, GTK_INVALID_LIST_POSITION);
      if (pid != 0 && self->activity != NULL && sluice_activity_find_session (self->activity, pid) == NULL)
        {
          /* It ended (perhaps terminated from here): say so, once. */
          g_clear_object (&self->selected_session);
          sluice_session_detail_show_gone (self->session_detail, pid);
          self->selected_pid = 0;
          _sluice_activity_page_update_actions (self);
          _sluice_activity_page_notify (self, PROP_SELECTED_SESSION);
        }
      else if (pid == 0)
        _sluice_activity_page_set_selected_session (self, NULL);
      return;
    }

  gtk_single_selection_set_selected (self->sessions_selection, position);
  info = gtk_tree_list_row_get_item (gtk_single_selection_get_selected_item (self->sessions_selection));
  _sluice_activity_page_set_selected_session (self, info);
}

static void
show_session_of_row (SluiceActivityPage *self,
                     int                 pid)
{
  sluice_activity_page_set_section (self, "sessions");
  sluice_activity_page_select_pid (self, pid);
}

void
_sluice_activity_page_on_session_activated (SluiceActivityPage *self,
                                            int                 pid)
{
  show_session_of_row (self, pid);
}
