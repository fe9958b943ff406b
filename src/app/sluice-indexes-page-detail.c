/* sluice-indexes-page-detail.c: the selected index of the Indexes page and
 * its detail pane (SluiceIndexDetail): selecting, finding and scrolling to
 * a row
 *
 * Separate because the selection is what the detail pane and the actions
 * follow, whichever way it changes (a click, a reload, select_index()).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sluice-indexes-page-private.h"

void
_sluice_indexes_page_update_detail_rates (SluiceIndexesPage *self)
{
  g_autoptr(GArray) rates = _sluice_indexes_page_dup_rates (self, self->selected_index);

  sluice_index_detail_set_rates (self->index_detail, (const double *) (gpointer) rates->data, rates->len,
                                 self->sampler != NULL && sluice_index_sampler_get_running (self->sampler));
}

void
_sluice_indexes_page_set_selected_index (SluiceIndexesPage *self,
                                         SluiceIndexInfo   *index)
{
  if (!g_set_object (&self->selected_index, index))
    return;

  sluice_index_detail_set_index (self->index_detail, index);
  _sluice_indexes_page_update_detail_rates (self);
  _sluice_indexes_page_update_actions (self);
  _sluice_indexes_page_notify (self, PROP_SELECTED_INDEX);
}

void
_sluice_indexes_page_on_selection_changed (SluiceIndexesPage *self)
{
  _sluice_indexes_page_set_selected_index (self, gtk_single_selection_get_selected_item (self->selection));
}

guint
_sluice_indexes_page_find_visible_position (SluiceIndexesPage *self,
                                            const char        *schema,
                                            const char        *name)
{
  GListModel *model = G_LIST_MODEL (self->sort_model);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(SluiceIndexInfo) index = g_list_model_get_item (model, i);

      if (g_strcmp0 (sluice_index_info_get_schema (index), schema) == 0 &&
          g_strcmp0 (sluice_index_info_get_name (index), name) == 0)
        return i;
    }

  return GTK_INVALID_LIST_POSITION;
}

void
_sluice_indexes_page_scroll_to_position (SluiceIndexesPage *self,
                                         guint              position)
{
  /* GTK 4.8 has no gtk_column_view_scroll_to(); its list view has the
   * action the keyboard uses. */
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->index_view));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_LIST_VIEW (child))
      gtk_widget_activate_action (child, "list.scroll-to-item", "u", position);
}
