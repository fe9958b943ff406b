/* sluice-indexes-page-sampler.c: the SluiceIndexSampler behind the Indexes
 * page's scans-per-minute sparklines: when it runs, and what each sample
 * updates
 *
 * Separate because it has a life of its own: it polls the server on a
 * timer, only while the list of indexes is on screen, and is replaced when
 * the connection changes.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sluice-indexes-page-private.h"

GArray *
_sluice_indexes_page_dup_rates (SluiceIndexesPage *self,
                                SluiceIndexInfo   *index)
{
  if (self->sampler == NULL || index == NULL)
    return g_array_new (FALSE, FALSE, sizeof (double));
  return sluice_index_sampler_dup_rates (self->sampler, sluice_index_info_get_oid (index));
}

static void
on_sampled (SluiceIndexesPage *self)
{
  GHashTableIter iter;
  gpointer cell;

  g_hash_table_iter_init (&iter, self->rate_cells);
  while (g_hash_table_iter_next (&iter, &cell, NULL))
    _sluice_indexes_page_update_rate_cell (self, cell);

  _sluice_indexes_page_update_detail_rates (self);

  /* Sorted by the rate, the order follows the new rates (the column
   * view's sorter ignores the change while that column sorts nothing). */
  gtk_sorter_changed (gtk_column_view_column_get_sorter (self->rate_column), GTK_SORTER_CHANGE_DIFFERENT);
}

static void
on_sampler_running_changed (SluiceIndexesPage *self)
{
  _sluice_indexes_page_update_detail_rates (self);
}

void
_sluice_indexes_page_drop_sampler (SluiceIndexesPage *self)
{
  if (self->sampler == NULL)
    return;

  sluice_index_sampler_stop (self->sampler);
  g_signal_handlers_disconnect_by_data (self->sampler, self);
  g_clear_object (&self->sampler);
}

void
_sluice_indexes_page_ensure_sampler (SluiceIndexesPage *self,
                                     SluiceConnection  *connection)
{
  if (self->sampler != NULL && sluice_index_sampler_get_connection (self->sampler) == connection)
    return;

  _sluice_indexes_page_drop_sampler (self);

  self->sampler = sluice_index_sampler_new (connection);
  sluice_index_sampler_set_interval_ms (self->sampler, self->sample_interval_ms);
  g_signal_connect_object (self->sampler, "sampled", G_CALLBACK (on_sampled), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->sampler, "notify::running",
                           G_CALLBACK (on_sampler_running_changed), self, G_CONNECT_SWAPPED);
}

void
_sluice_indexes_page_update_sampler_running (SluiceIndexesPage *self)
{
  gboolean visible;

  if (self->sampler == NULL)
    return;

  /* Polling costs the server a query: only while someone looks. */
  visible = gtk_widget_get_mapped (self->indexes_paned) && self->health != NULL &&
            g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "health") == 0;

  if (visible && !sluice_index_sampler_get_running (self->sampler))
    sluice_index_sampler_start (self->sampler);
  else if (!visible && sluice_index_sampler_get_running (self->sampler))
    sluice_index_sampler_stop (self->sampler);
}
