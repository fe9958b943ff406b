/* sluice-indexes-page-filter.c: what the Indexes page shows of its report:
 * the search (over indexes, tables and foreign keys), "only flagged" and
 * the tabs
 *
 * Separate because it is the one place that turns the header's controls
 * into filters; the lists themselves live elsewhere.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "sluice-indexes-page-private.h"

gboolean
_sluice_indexes_page_filter_index (gpointer item,
                                   gpointer user_data)
{
  SluiceIndexesPage *self = user_data;
  SluiceIndexInfo *index = item;
  const char *fields[4];

  if (self->only_flagged && sluice_index_info_get_flags (index) == SLUICE_INDEX_FLAG_NONE)
    return FALSE;

  if (self->search_folded == NULL)
    return TRUE;

  fields[0] = sluice_index_info_get_schema (index);
  fields[1] = sluice_index_info_get_table (index);
  fields[2] = sluice_index_info_get_name (index);
  fields[3] = sluice_index_info_get_definition (index);
  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      g_autofree char *folded = fields[i] != NULL ? g_utf8_casefold (fields[i], -1) : NULL;

      if (folded != NULL && strstr (folded, self->search_folded) != NULL)
        return TRUE;
    }

  return FALSE;
}

void
_sluice_indexes_page_refilter (SluiceIndexesPage *self)
{
  gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
}

void
_sluice_indexes_page_on_filtered_items_changed (SluiceIndexesPage *self)
{
  gboolean empty = gtk_filter_list_model_get_model (self->filter_model) != NULL &&
                   g_list_model_get_n_items (G_LIST_MODEL (self->filter_model)) == 0;

  gtk_stack_set_visible_child_name (self->index_list_stack, empty ? "no-match" : "list");
}

void
_sluice_indexes_page_on_search_changed (SluiceIndexesPage *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  g_autofree char *stripped = g_strstrip (g_strdup (text));

  g_clear_pointer (&self->search_folded, g_free);
  if (*stripped != '\0')
    self->search_folded = g_utf8_casefold (stripped, -1);

  _sluice_indexes_page_refilter (self);
  sluice_tables_view_set_search (self->tables_view, stripped);
  _sluice_indexes_page_fill_foreign_keys (self);
}

void
_sluice_indexes_page_on_only_flagged_toggled (SluiceIndexesPage *self)
{
  self->only_flagged = gtk_toggle_button_get_active (self->only_flagged_button);
  _sluice_indexes_page_refilter (self);
}

void
_sluice_indexes_page_on_section_changed (SluiceIndexesPage *self)
{
  const char *section = gtk_stack_get_visible_child_name (self->section_stack);

  gtk_widget_set_visible (GTK_WIDGET (self->only_flagged_button), g_strcmp0 (section, "indexes") == 0);

  if (g_strcmp0 (section, "tables") == 0)
    g_object_set (self->search_entry, "placeholder-text", _("Search tables"), NULL);
  else if (g_strcmp0 (section, "foreign-keys") == 0)
    g_object_set (self->search_entry, "placeholder-text", _("Search foreign keys by table"), NULL);
  else
    g_object_set (self->search_entry, "placeholder-text", _("Search by table, index or definition"), NULL);
}
