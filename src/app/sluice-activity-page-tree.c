/* sluice-activity-page-tree.c: the Activity page's sessions as blocking
 * chains: each root is a session no listed session blocks, with the
 * sessions it blocks below it; "hide idle" over the roots, and the models
 * from the roots to the selection
 *
 * Separate because the tree is built from each read and filtered, while the
 * columns and the selection only look at its rows.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sluice-activity-page-private.h"
#include "sluice-health-format.h"

static GListModel *
create_children (gpointer item,
                 gpointer user_data)
{
  GListModel *children = sluice_session_info_get_children (item);

  if (children == NULL || g_list_model_get_n_items (children) == 0)
    return NULL;
  return g_object_ref (children);
}

/* A root is a session none of the listed sessions blocks: those it waits
 * for (if any) are not on the list (a prepared transaction, ...). */
static gboolean
is_root (SluiceActivity    *activity,
         SluiceSessionInfo *info)
{
  const int *pids;
  guint n_pids = 0;

  pids = sluice_session_info_get_blocked_by (info, &n_pids);
  for (guint i = 0; i < n_pids; i++)
    if (sluice_activity_find_session (activity, pids[i]) != NULL)
      return FALSE;
  return TRUE;
}

static gboolean
filter_root (gpointer item,
             gpointer user_data)
{
  SluiceActivityPage *self = user_data;
  const char *css;

  if (!self->hide_idle || sluice_session_info_get_blocking (item))
    return TRUE;

  css = sluice_session_state_css_class (item);
  return !g_str_equal (css, "idle") && !g_str_equal (css, "background");
}

void
_sluice_activity_page_setup_models (SluiceActivityPage *self)
{
  GtkFilterListModel *filtered;
  GtkSorter *row_sorter;

  self->roots = g_list_store_new (SLUICE_TYPE_SESSION_INFO);
  self->roots_filter = gtk_custom_filter_new (filter_root, self, NULL);
  filtered = gtk_filter_list_model_new (G_LIST_MODEL (g_object_ref (self->roots)),
                                        GTK_FILTER (g_object_ref (self->roots_filter)));
  /* Expanded from the start: a blocking chain is read at a glance. */
  self->tree = gtk_tree_list_model_new (G_LIST_MODEL (filtered), FALSE, TRUE, create_children, NULL, NULL);
  row_sorter = GTK_SORTER (gtk_tree_list_row_sorter_new (g_object_ref (gtk_column_view_get_sorter (self->sessions_view))));
  self->sessions_sort = gtk_sort_list_model_new (G_LIST_MODEL (g_object_ref (self->tree)), row_sorter);
  self->sessions_selection = gtk_single_selection_new (G_LIST_MODEL (g_object_ref (self->sessions_sort)));
  gtk_single_selection_set_autoselect (self->sessions_selection, FALSE);
  gtk_single_selection_set_can_unselect (self->sessions_selection, TRUE);
  gtk_column_view_set_model (self->sessions_view, GTK_SELECTION_MODEL (self->sessions_selection));
  g_signal_connect_object (self->sessions_selection, "notify::selected-item",
                           G_CALLBACK (_sluice_activity_page_on_session_selection_changed),
                           self, G_CONNECT_SWAPPED);
}

void
_sluice_activity_page_show_sessions (SluiceActivityPage *self,
                                     SluiceActivity     *activity)
{
  GListModel *sessions = sluice_activity_get_sessions (activity);
  g_autoptr(GPtrArray) roots = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < g_list_model_get_n_items (sessions); i++)
    {
      SluiceSessionInfo *info = g_list_model_get_item (sessions, i);

      if (is_root (activity, info))
        g_ptr_array_add (roots, info);
      else
        g_object_unref (info);
    }

  /* Replacing the rows unselects for a moment: the selection is ours,
   * by process id, and is put back once the rows are there again. */
  self->updating = TRUE;
  g_list_store_splice (self->roots, 0, g_list_model_get_n_items (G_LIST_MODEL (self->roots)),
                       roots->pdata, roots->len);
  self->updating = FALSE;
  _sluice_activity_page_restore_selection (self);
}

void
_sluice_activity_page_on_hide_idle_toggled (SluiceActivityPage *self)
{
  self->hide_idle = gtk_toggle_button_get_active (self->hide_idle_button);

  self->updating = TRUE;
  gtk_filter_changed (GTK_FILTER (self->roots_filter),
                      self->hide_idle ? GTK_FILTER_CHANGE_MORE_STRICT : GTK_FILTER_CHANGE_LESS_STRICT);
  self->updating = FALSE;
  _sluice_activity_page_restore_selection (self);
}
