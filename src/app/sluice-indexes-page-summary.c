/* sluice-indexes-page-summary.c: the summary above the Indexes page's tabs:
 * how many indexes and their size, since when the statistics count, a pill
 * per finding, and the tabs' titles
 *
 * Separate because it is filled once per report, from the report alone.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "sluice-health-format.h"
#include "sluice-indexes-page-private.h"
#include "sluice-page-util.h"

static char *
format_stats_since (SluiceHealth *health)
{
  GDateTime *reset = sluice_health_get_stats_reset (health);
  g_autoptr(GDateTime) local = NULL;
  g_autofree char *when = NULL;

  if (reset == NULL)
    return sluice_health_dup_stats_reset_text (health);

  local = g_date_time_to_local (reset);
  /* Translators: a date and time, as g_date_time_format() takes it. */
  when = g_date_time_format (local, _("%-d %b %Y, %H:%M"));
  if (sluice_health_get_stats_reset_is_server_start (health))
    /* Translators: when the server started; its statistics were never reset. */
    return g_strdup_printf (_("Statistics since the server started, %s"), when);
  /* Translators: when the statistics were last reset. */
  return g_strdup_printf (_("Statistics since their reset, %s"), when);
}

void
_sluice_indexes_page_fill_summary (SluiceIndexesPage *self)
{
  GListModel *indexes = sluice_health_get_indexes (self->health);
  GListModel *foreign_keys = sluice_health_get_unindexed_foreign_keys (self->health);
  guint n_indexes = g_list_model_get_n_items (indexes);
  guint n_foreign_keys = g_list_model_get_n_items (foreign_keys);
  g_autofree char *reset = sluice_health_dup_stats_reset_text (self->health);
  g_autofree char *since = NULL;
  g_autofree char *size_text = NULL;
  g_autofree char *count_text = NULL;
  g_autofree char *summary = NULL;
  g_autofree char *indexes_title = NULL;
  g_autofree char *tables_title = NULL;
  g_autofree char *fk_title = NULL;
  const SluiceIndexFlags *flags;
  guint n_flags;
  gint64 total = 0;

  for (guint i = 0; i < n_indexes; i++)
    {
      g_autoptr(SluiceIndexInfo) index = g_list_model_get_item (indexes, i);

      total += sluice_index_info_get_size_bytes (index);
    }

  size_text = g_format_size (total);
  count_text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u index", "%u indexes", n_indexes), n_indexes);
  /* Translators: how many indexes, then their total size. */
  summary = g_strdup_printf (_("%s · %s on disk"), count_text, size_text);
  gtk_label_set_label (self->summary_label, summary);
  /* Short, beside the findings; the full sentence in the tooltip. */
  since = format_stats_since (self->health);
  gtk_label_set_label (self->stats_reset_label, since);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->stats_reset_label), reset);

  sluice_widget_remove_children (GTK_WIDGET (self->flag_counts_box));
  flags = sluice_index_flags_by_severity (&n_flags);
  for (guint i = 0; i < n_flags; i++)
    {
      guint count = sluice_health_count_flagged (self->health, flags[i]);
      g_autofree char *text = NULL;
      GtkWidget *pill;

      if (count == 0)
        continue;

      /* Translators: a count of indexes and the label of a finding, as in "2 Unused". */
      text = g_strdup_printf (_("%u %s"), count, sluice_index_flag_get_label (flags[i]));
      pill = sluice_index_flag_pill_new (flags[i], NULL);
      gtk_label_set_label (GTK_LABEL (pill), text);
      gtk_widget_add_css_class (pill, "count");
      gtk_box_append (self->flag_counts_box, pill);
    }

  if (n_foreign_keys > 0)
    {
      g_autofree char *text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u Unindexed Foreign Key",
                                                            "%u Unindexed Foreign Keys", n_foreign_keys),
                                               n_foreign_keys);

      gtk_box_append (self->flag_counts_box, sluice_page_count_pill_new (text, "flag-pill", "foreign-key"));
    }

  /* Translators: a tab title and how many items it holds. */
  indexes_title = g_strdup_printf (_("%s (%u)"), _("Indexes"), n_indexes);
  tables_title = g_strdup_printf (_("%s (%u)"), _("Tables"),
                                  g_list_model_get_n_items (sluice_health_get_tables (self->health)));
  fk_title = g_strdup_printf (_("%s (%u)"), _("Unindexed Foreign Keys"), n_foreign_keys);
  gtk_stack_page_set_title (self->indexes_stack_page, indexes_title);
  gtk_stack_page_set_title (self->tables_stack_page, tables_title);
  gtk_stack_page_set_title (self->foreign_keys_stack_page, fk_title);
  gtk_stack_page_set_needs_attention (self->foreign_keys_stack_page, n_foreign_keys > 0);
}
