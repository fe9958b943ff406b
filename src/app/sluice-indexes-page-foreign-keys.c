/* sluice-indexes-page-foreign-keys.c: the Indexes page's "Unindexed
 * Foreign Keys" tab: one row per foreign key no index covers, with a
 * copyable CREATE INDEX
 *
 * Separate because it is a list box of its own, rebuilt from the report and
 * the search, and shares nothing with the list of indexes.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n-lib.h>
#include <string.h>

#include "sluice-health-format.h"
#include "sluice-indexes-page-private.h"
#include "sluice-page-util.h"

static void
on_copy_foreign_key_index (GtkButton         *button,
                           SluiceIndexesPage *self)
{
  SluiceUnindexedForeignKey *key = g_object_get_data (G_OBJECT (button), "sluice-foreign-key");
  g_autofree char *sql = sluice_unindexed_foreign_key_dup_create_index_sql (key);
  g_autofree char *message = NULL;

  sluice_copy_to_clipboard (GTK_WIDGET (self), sql);
  message = g_strdup_printf (_("Copied a CREATE INDEX for “%s”: nothing was run"),
                             sluice_unindexed_foreign_key_get_constraint_name (key));
  sluice_widget_add_toast (GTK_WIDGET (self), message);
}

static GtkWidget *
create_foreign_key_row (SluiceIndexesPage         *self,
                        SluiceUnindexedForeignKey *key)
{
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *columns = g_strjoinv (", ", (char **) sluice_unindexed_foreign_key_get_columns (key));
  g_autofree char *title = NULL;
  g_autofree char *size = g_format_size (sluice_unindexed_foreign_key_get_table_bytes (key));
  GtkWidget *size_label = gtk_label_new (size);
  GtkWidget *button = gtk_button_new_from_icon_name ("edit-copy-symbolic");
  GtkWidget *icon = gtk_image_new_from_icon_name ("dialog-warning-symbolic");

  /* Translators: the referencing table and its columns, then the constraint
   * and the referenced table, as in "orders (customer_id) · orders_customer_fk → customers". */
  title = g_strdup_printf (_("%s.%s (%s) → %s.%s"),
                           sluice_unindexed_foreign_key_get_schema (key),
                           sluice_unindexed_foreign_key_get_table (key), columns,
                           sluice_unindexed_foreign_key_get_referenced_schema (key),
                           sluice_unindexed_foreign_key_get_referenced_table (key));
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), sluice_unindexed_foreign_key_get_explanation (key));
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);

  gtk_widget_add_css_class (icon, "warning");
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);

  gtk_widget_add_css_class (size_label, "dim-label");
  gtk_widget_add_css_class (size_label, "numeric");
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), size_label);

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (button, _("Copy a CREATE INDEX CONCURRENTLY for these columns"));
  gtk_widget_add_css_class (button, "flat");
  g_object_set_data_full (G_OBJECT (button), "sluice-foreign-key", g_object_ref (key), g_object_unref);
  g_signal_connect (button, "clicked", G_CALLBACK (on_copy_foreign_key_index), self);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);

  gtk_widget_add_css_class (row, "foreign-key-row");
  return row;
}

static gboolean
foreign_key_matches (SluiceIndexesPage         *self,
                     SluiceUnindexedForeignKey *key)
{
  const char *fields[4];

  if (self->search_folded == NULL)
    return TRUE;

  fields[0] = sluice_unindexed_foreign_key_get_table (key);
  fields[1] = sluice_unindexed_foreign_key_get_constraint_name (key);
  fields[2] = sluice_unindexed_foreign_key_get_referenced_table (key);
  fields[3] = sluice_unindexed_foreign_key_get_schema (key);
  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      g_autofree char *folded = fields[i] != NULL ? g_utf8_casefold (fields[i], -1) : NULL;

      if (folded != NULL && strstr (folded, self->search_folded) != NULL)
        return TRUE;
    }

  return FALSE;
}

void
_sluice_indexes_page_fill_foreign_keys (SluiceIndexesPage *self)
{
  GListModel *keys = self->health != NULL ? sluice_health_get_unindexed_foreign_keys (self->health) : NULL;
  guint n_keys = keys != NULL ? g_list_model_get_n_items (keys) : 0;
  guint shown = 0;

  sluice_widget_remove_children (GTK_WIDGET (self->foreign_key_list));

  for (guint i = 0; i < n_keys; i++)
    {
      g_autoptr(SluiceUnindexedForeignKey) key = g_list_model_get_item (keys, i);

      if (!foreign_key_matches (self, key))
        continue;
      gtk_list_box_append (self->foreign_key_list, create_foreign_key_row (self, key));
      shown++;
    }

  if (shown == 0)
    {
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *icon = gtk_image_new_from_icon_name (n_keys == 0 ? "object-select-symbolic" : "edit-find-symbolic");

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                     n_keys == 0 ? _("Every foreign key has an index")
                                                 : _("No unindexed foreign key matches the search"));
      if (n_keys == 0)
        gtk_widget_add_css_class (icon, "success");
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
      gtk_list_box_append (self->foreign_key_list, row);
    }
}
