/* sluice-history-summary.c: the top of the History page: where the
 * database is, what waits, the last change, whose history was read, the
 * folder's problems and the timeline
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n-lib.h>
#include <string.h>

#include "sluice-history-format.h"
#include "sluice-history-page-private.h"
#include "sluice-history-summary.h"

struct _SluiceHistorySummary
{
  GtkWidget              parent_instance;

  /* What is shown, between show() and clear(). */
  SluiceMigrationFolder *folder;
  SluiceHistory         *history;
  SluiceStatusReport    *report;

  GtkWidget             *content;
  GtkLabel              *current_label;
  GtkLabel              *current_detail;
  GtkLabel              *pending_label;
  GtkLabel              *pending_detail;
  GtkLabel              *last_change_label;
  GtkLabel              *last_change_detail;
  GtkLabel              *tool_label;
  GtkLabel              *tool_detail;
  GtkListBox            *problems_list;
  AdwExpanderRow        *problems_row;
  GPtrArray             *problem_rows;
  GtkLabel              *chart_caption;
  GtkBox                *legend_box;
  SluiceDurationChart   *chart;
};

G_DEFINE_FINAL_TYPE (SluiceHistorySummary, sluice_history_summary, GTK_TYPE_WIDGET)

/* The cards --------------------------------------------------------------- */

static guint
count_needing_attention (SluiceStatusReport *report)
{
  return sluice_status_report_count (report, SLUICE_STATUS_DRIFT) +
         sluice_status_report_count (report, SLUICE_STATUS_FAILED) +
         sluice_status_report_count (report, SLUICE_STATUS_MISSING) +
         sluice_status_report_count (report, SLUICE_STATUS_OUT_OF_ORDER);
}

static void
fill_current (SluiceHistorySummary *self)
{
  const char *current = sluice_status_report_get_current_version (self->report);
  SluiceStatusItem *item = _sluice_history_page_find_item (self->report, current);

  gtk_label_set_label (self->current_label, current != NULL ? current : _("None"));
  if (current == NULL)
    gtk_label_set_label (self->current_detail, _("Nothing applied yet"));
  else
    gtk_label_set_label (self->current_detail,
                         item != NULL && sluice_status_item_get_name (item) != NULL
                         ? sluice_status_item_get_name (item) : "");
}

static void
fill_pending (SluiceHistorySummary *self)
{
  guint pending = sluice_status_report_get_pending_count (self->report);
  guint attention = count_needing_attention (self->report);
  g_autofree char *count = g_strdup_printf ("%u", pending);
  g_autofree char *detail = NULL;

  gtk_label_set_label (self->pending_label, count);

  if (attention > 0)
    detail = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u applied migration needs attention",
                                           "%u applied migrations need attention", attention),
                              attention);
  else if (pending == 0)
    detail = g_strdup (_("Up to date with the folder"));
  else
    detail = g_strdup (g_dngettext (GETTEXT_PACKAGE, "Migration to apply", "Migrations to apply", pending));

  gtk_label_set_label (self->pending_detail, detail);
  if (attention > 0)
    gtk_widget_add_css_class (GTK_WIDGET (self->pending_detail), "warning");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->pending_detail), "warning");
  gtk_widget_set_visible (GTK_WIDGET (self->pending_detail), TRUE);
}

static void
fill_last_change (SluiceHistorySummary *self)
{
  SluiceHistoryEntry *entry = sluice_status_report_get_last_change (self->report);
  GDateTime *when = entry != NULL ? sluice_history_entry_get_applied_at (entry) : NULL;
  const char *who = entry != NULL ? sluice_history_entry_get_applied_by (entry) : NULL;
  g_autofree char *relative = NULL;
  g_autofree char *detail = NULL;
  g_autofree char *exact = NULL;

  if (entry == NULL)
    {
      gtk_label_set_label (self->last_change_label, _("Never"));
      gtk_label_set_label (self->last_change_detail, _("No migration has run here"));
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->last_change_label), NULL);
      return;
    }

  relative = when != NULL ? sluice_format_relative_date (when) : g_strdup (_("Unknown"));
  if (who != NULL)
    /* Translators: a migration's version, then the role that applied it. */
    detail = g_strdup_printf (_("%s by %s"), sluice_history_entry_get_version (entry), who);
  else
    detail = g_strdup (sluice_history_entry_get_version (entry));

  exact = sluice_format_date_time (when);
  gtk_label_set_label (self->last_change_label, relative);
  gtk_label_set_label (self->last_change_detail, detail);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->last_change_label), exact);
}

static void
fill_tool (SluiceHistorySummary *self)
{
  SluiceHistoryTool tool = sluice_history_get_tool (self->history);
  GArray *found = sluice_history_get_tools_found (self->history);
  const char *table = sluice_format_history_table (tool);
  g_autoptr(GString) others = g_string_new (NULL);
  g_autofree char *detail = NULL;
  g_autofree char *tooltip = NULL;

  gtk_label_set_label (self->tool_label, sluice_format_history_tool (tool));

  if (table != NULL)
    /* Translators: the history table read, then the folder's format. */
    detail = g_strdup_printf (_("%s · %s format"), table,
                              sluice_migration_format_to_string (sluice_migration_folder_get_format (self->folder)));
  else
    detail = g_strdup (_("No history table in this database"));
  gtk_label_set_label (self->tool_detail, detail);

  /* Another tool's table beside it: say which was read and which was not. */
  for (guint i = 0; found != NULL && i < found->len; i++)
    {
      SluiceHistoryTool other = g_array_index (found, SluiceHistoryTool, i);

      if (other == tool)
        continue;
      if (others->len > 0)
        g_string_append (others, ", ");
      g_string_append (others, sluice_format_history_tool (other));
    }

  if (others->len > 0)
    tooltip = g_strdup_printf (_("Also found the history of %s; the one matching the folder’s format was read."),
                               others->str);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->tool_label), tooltip);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->tool_detail), tooltip != NULL ? tooltip : detail);
}

static char *
describe_problem_location (SluiceHistorySummary      *self,
                           const SluiceFolderProblem *problem)
{
  const char *folder = sluice_migration_folder_get_path (self->folder);
  const char *path = problem->path != NULL ? problem->path : "";
  gsize folder_length = folder != NULL ? strlen (folder) : 0;

  /* Inside the folder, the file's own name says enough. */
  if (folder_length > 0 && g_str_has_prefix (path, folder) && path[folder_length] == G_DIR_SEPARATOR)
    path += folder_length + 1;

  if (problem->line > 0)
    return g_strdup_printf ("%s:%u", path, problem->line);
  return g_strdup (path);
}

static void
fill_problems (SluiceHistorySummary *self)
{
  GPtrArray *problems = sluice_migration_folder_get_problems (self->folder);
  guint n_problems = problems != NULL ? problems->len : 0;
  g_autofree char *title = NULL;

  for (guint i = 0; i < self->problem_rows->len; i++)
    adw_expander_row_remove (self->problems_row, g_ptr_array_index (self->problem_rows, i));
  g_ptr_array_set_size (self->problem_rows, 0);

  gtk_widget_set_visible (GTK_WIDGET (self->problems_list), n_problems > 0);
  if (n_problems == 0)
    return;

  title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                        "%u file of the folder could not be read fully",
                                        "%u files of the folder could not be read fully",
                                        n_problems),
                           n_problems);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->problems_row), title);

  for (guint i = 0; i < n_problems; i++)
    {
      const SluiceFolderProblem *problem = g_ptr_array_index (problems, i);
      g_autofree char *location = describe_problem_location (self, problem);
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), location);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), problem->message);
      adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);
      gtk_widget_set_tooltip_text (row, problem->path);
      gtk_widget_add_css_class (row, "problem-row");
      adw_expander_row_add_row (self->problems_row, row);
      g_ptr_array_add (self->problem_rows, row);
    }
}

static GtkWidget *
create_legend_entry (SluiceMigrationStatus status)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *dot = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  GtkWidget *label = gtk_label_new (sluice_status_short_label (status));

  gtk_widget_set_valign (dot, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (dot, "legend-dot");
  gtk_widget_add_css_class (dot, sluice_status_css_class (status));
  gtk_widget_add_css_class (label, "caption");
  gtk_box_append (GTK_BOX (box), dot);
  gtk_box_append (GTK_BOX (box), label);
  return box;
}

static void
fill_chart (SluiceHistorySummary *self)
{
  static const SluiceMigrationStatus drawn[] = {
    SLUICE_STATUS_APPLIED, SLUICE_STATUS_DRIFT, SLUICE_STATUS_OUT_OF_ORDER,
    SLUICE_STATUS_FAILED, SLUICE_STATUS_MISSING,
  };

  sluice_duration_chart_set_model (self->chart, sluice_status_report_get_items (self->report));

  _sluice_history_page_clear_children (GTK_WIDGET (self->legend_box));
  for (guint i = 0; i < G_N_ELEMENTS (drawn); i++)
    if (sluice_status_report_count (self->report, drawn[i]) > 0)
      gtk_box_append (self->legend_box, create_legend_entry (drawn[i]));

  if (sluice_duration_chart_get_n_bars (self->chart) == 0)
    gtk_label_set_label (self->chart_caption, "");
  else if (sluice_duration_chart_get_log_scale (self->chart))
    gtk_label_set_label (self->chart_caption, _("How long each migration took, in the order applied (logarithmic scale)"));
  else
    gtk_label_set_label (self->chart_caption, _("How long each migration took, in the order applied"));
}

/* GObject ----------------------------------------------------------------- */

static void
sluice_history_summary_dispose (GObject *object)
{
  SluiceHistorySummary *self = SLUICE_HISTORY_SUMMARY (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), SLUICE_TYPE_HISTORY_SUMMARY);

  g_clear_object (&self->report);
  g_clear_object (&self->folder);
  g_clear_object (&self->history);
  g_clear_pointer (&self->problem_rows, g_ptr_array_unref);

  G_OBJECT_CLASS (sluice_history_summary_parent_class)->dispose (object);
}

static void
sluice_history_summary_class_init (SluiceHistorySummaryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sluice_history_summary_dispose;

  g_type_ensure (SLUICE_TYPE_DURATION_CHART);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ui/sluice-history-summary.ui");
  gtk_widget_class_bind_template_child (widget_class, SluiceHistorySummary, content);
  gtk_widget_class_bind_template_child (widget_class, SluiceHistorySummary, current_label);
  gtk_widget_class_bind_template_child (widget_class, SluiceHistorySummary, current_detail);
  gtk_widget_class_bind_template_child (widget_class, SluiceHistorySummary, pending_label);
  gtk_widget_class_bind_template_child (widget_class, SluiceHistorySummary, pending_detail);
  gtk_widget_class_bind_template_child (widget_class, SluiceHistorySummary, last_change_label);
  gtk_widget_class_bind_template_child (widget_class, SluiceHistorySummary, last_change_detail);
  gtk_widget_class_bind_template_child (widget_class, SluiceHistorySummary, tool_label);
  gtk_widget_class_bind_template_child (widget_class, SluiceHistorySummary, tool_detail);
  gtk_widget_class_bind_template_child (widget_class, SluiceHistorySummary, problems_list);
  gtk_widget_class_bind_template_child (widget_class, SluiceHistorySummary, problems_row);
  gtk_widget_class_bind_template_child (widget_class, SluiceHistorySummary, chart_caption);
  gtk_widget_class_bind_template_child (widget_class, SluiceHistorySummary, legend_box);
  gtk_widget_class_bind_template_child (widget_class, SluiceHistorySummary, chart);
}

static void
sluice_history_summary_init (SluiceHistorySummary *self)
{
  self->problem_rows = g_ptr_array_new ();

  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
sluice_history_summary_new (void)
{
  return g_object_new (SLUICE_TYPE_HISTORY_SUMMARY, NULL);
}

void
sluice_history_summary_show (SluiceHistorySummary  *self,
                             SluiceMigrationFolder *folder,
                             SluiceHistory         *history,
                             SluiceStatusReport    *report)
{
  g_return_if_fail (SLUICE_IS_HISTORY_SUMMARY (self));
  g_return_if_fail (SLUICE_IS_MIGRATION_FOLDER (folder));
  g_return_if_fail (SLUICE_IS_HISTORY (history));
  g_return_if_fail (SLUICE_IS_STATUS_REPORT (report));

  g_set_object (&self->folder, folder);
  g_set_object (&self->history, history);
  g_set_object (&self->report, report);

  fill_current (self);
  fill_pending (self);
  fill_last_change (self);
  fill_tool (self);
  fill_problems (self);
  fill_chart (self);
}

void
sluice_history_summary_clear (SluiceHistorySummary *self)
{
  g_return_if_fail (SLUICE_IS_HISTORY_SUMMARY (self));

  sluice_duration_chart_set_model (self->chart, NULL);
  g_clear_object (&self->folder);
  g_clear_object (&self->history);
  g_clear_object (&self->report);
}

SluiceDurationChart *
sluice_history_summary_get_chart (SluiceHistorySummary *self)
{
  g_return_val_if_fail (SLUICE_IS_HISTORY_SUMMARY (self), NULL);
  return self->chart;
}
