/* sluice-schema-util.c: pieces the Schema page's views share: read-only SQL
 * views and the cells of attribute grids
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>

#include "sluice-schema-util.h"

static void
update_style_scheme (GtkSourceView *view)
{
  GtkSourceStyleSchemeManager *schemes = gtk_source_style_scheme_manager_get_default ();
  gboolean dark = adw_style_manager_get_dark (adw_style_manager_get_default ());
  GtkSourceBuffer *buffer = GTK_SOURCE_BUFFER (gtk_text_view_get_buffer (GTK_TEXT_VIEW (view)));

  gtk_source_buffer_set_style_scheme (buffer,
                                      gtk_source_style_scheme_manager_get_scheme (schemes, dark ? "Adwaita-dark" : "Adwaita"));
}

void
sluice_schema_setup_sql_view (GtkSourceView *view)
{
  GtkSourceLanguageManager *languages = gtk_source_language_manager_get_default ();
  GtkSourceBuffer *buffer = GTK_SOURCE_BUFFER (gtk_text_view_get_buffer (GTK_TEXT_VIEW (view)));

  g_return_if_fail (GTK_SOURCE_IS_VIEW (view));

  gtk_text_view_set_editable (GTK_TEXT_VIEW (view), FALSE);
  gtk_text_view_set_monospace (GTK_TEXT_VIEW (view), TRUE);
  /* Wrapped: a long line of DDL stays readable beside its other side. */
  gtk_text_view_set_wrap_mode (GTK_TEXT_VIEW (view), GTK_WRAP_WORD_CHAR);
  gtk_text_view_set_top_margin (GTK_TEXT_VIEW (view), 6);
  gtk_text_view_set_bottom_margin (GTK_TEXT_VIEW (view), 6);
  gtk_text_view_set_left_margin (GTK_TEXT_VIEW (view), 6);
  gtk_text_view_set_right_margin (GTK_TEXT_VIEW (view), 6);
  gtk_source_buffer_set_language (buffer, gtk_source_language_manager_get_language (languages, "sql"));
  gtk_source_buffer_set_highlight_syntax (buffer, TRUE);
  g_signal_connect_object (adw_style_manager_get_default (), "notify::dark",
                           G_CALLBACK (update_style_scheme), view, G_CONNECT_SWAPPED);
  update_style_scheme (view);
}

void
sluice_schema_set_sql (GtkSourceView *view,
                       const char    *sql)
{
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (view)), sql != NULL ? sql : "", -1);
}

char *
sluice_schema_dup_sql (GtkSourceView *view)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (view));
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

GtkWidget *
sluice_schema_cell_new (const char *text,
                        gboolean    monospace)
{
  GtkWidget *label = gtk_label_new (text != NULL ? text : "—");

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_yalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 60);
  gtk_widget_set_valign (label, GTK_ALIGN_START);
  if (monospace)
    gtk_widget_add_css_class (label, "monospace");
  if (text == NULL)
    gtk_widget_add_css_class (label, "dim-label");
  return label;
}

void
sluice_schema_grid_clear (GtkGrid *grid)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (grid))) != NULL)
    gtk_grid_remove (grid, child);
}

char *
sluice_schema_hazard_css_class (SluiceHazards hazard)
{
  g_auto(GStrv) names = sluice_hazards_to_strv (hazard);

  if (names == NULL || names[0] == NULL)
    return g_strdup ("none");
  return g_strdelimit (g_strdup (names[0]), "_", '-');
}
