/* sluice-plans-page-plan.c: the plan the Plans page shows: its summary
 * (execution, planning, JIT, triggers, where it came from) and its
 * warnings, and every plan shown joining the session's runs
 *
 * Separate from where a plan comes from (sluice-plans-page-run.c,
 * sluice-plans-page-io.c) and from the views of it
 * (sluice-plans-page-views.c).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n-lib.h>

#include "sluice-plan-advice.h"
#include "sluice-plan-format.h"
#include "sluice-plan-run.h"
#include "sluice-plans-page-private.h"

/* How many warnings are listed whole before the list scrolls. */
#define MAX_UNSCROLLED_WARNINGS 2

/* Showing a plan ----------------------------------------------------------- */

static void
show_figure (GtkLabel   *label,
             const char *text,
             const char *tooltip)
{
  gtk_label_set_label (label, text);
  gtk_widget_set_tooltip_text (GTK_WIDGET (label), tooltip);
}

static void
show_summary (SluicePlansPage *self)
{
  SluicePlan *plan = self->plan;
  const SluicePlanJit *jit = sluice_plan_get_jit (plan);
  GPtrArray *triggers = sluice_plan_get_triggers (plan);
  g_autofree char *execution = sluice_plan_format_ms (sluice_plan_get_execution_ms (plan));
  g_autofree char *planning = sluice_plan_format_ms (sluice_plan_get_planning_ms (plan));
  g_autofree char *nodes = g_strdup_printf ("%u", sluice_plan_get_n_nodes (plan));
  g_autofree char *source = NULL;
  g_autofree char *captured = NULL;
  const char *format = sluice_plan_get_source_format (plan) == SLUICE_PLAN_FORMAT_JSON ? "JSON" : _("text");

  show_figure (self->execution_value, execution,
               sluice_plan_has_actuals (plan) ? NULL : _("No execution: EXPLAIN ran without ANALYZE"));
  show_figure (self->planning_value, planning, NULL);
  show_figure (self->nodes_value, nodes, NULL);

  if (jit != NULL)
    {
      g_autofree char *total = sluice_plan_format_ms (jit->total_ms);
      /* Translators: a tooltip of the JIT figure. */
      g_autofree char *count = sluice_plan_format_count ((double) jit->functions);
      g_autofree char *tooltip = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                               "%s function compiled",
                                                               "%s functions compiled",
                                                               (gulong) CLAMP (jit->functions, 0, G_MAXLONG)),
                                                  count);

      show_figure (self->jit_value, total, tooltip);
    }
  else
    {
      show_figure (self->jit_value, "—", _("No JIT compilation"));
    }

  if (triggers != NULL && triggers->len > 0)
    {
      g_autofree char *total = sluice_plan_format_ms (sluice_plan_get_trigger_ms (plan));
      g_autoptr(GString) tooltip = g_string_new (NULL);

      for (guint i = 0; i < triggers->len; i++)
        {
          SluicePlanTrigger *trigger = g_ptr_array_index (triggers, i);
          g_autofree char *time = sluice_plan_format_ms (trigger->time_ms);

          /* Translators: a trigger, its time and the number of calls. */
          g_string_append_printf (tooltip, _("%s%s: %s in %.0f calls"),
                                  i > 0 ? "\n" : "", trigger->name, time, trigger->calls);
        }
      show_figure (self->triggers_value, total, tooltip->str);
    }
  else
    {
      show_figure (self->triggers_value, "—", _("No triggers fired"));
    }

  gtk_widget_set_visible (GTK_WIDGET (self->rolled_back_label), sluice_plan_get_rolled_back (plan));

  if (sluice_plan_get_captured_at (plan) != NULL)
    {
      g_autoptr(GDateTime) local = g_date_time_to_local (sluice_plan_get_captured_at (plan));

      captured = g_date_time_format (local, "%H:%M:%S");
    }
  if (sluice_plan_get_server_version (plan) > 0 && captured != NULL)
    /* Translators: how the plan was read, the server version, the time it was captured. */
    source = g_strdup_printf (_("%s · PostgreSQL %d.%d · %s"), format,
                              sluice_plan_get_server_version (plan) / 10000,
                              sluice_plan_get_server_version (plan) % 100, captured);
  else
    /* Translators: how the plan was read ("JSON" or "text"). */
    source = g_strdup_printf (_("Read from %s"), format);
  gtk_label_set_label (self->source_label, source);
}

static GtkWidget *
create_warning_row (SluicePlansPage   *self,
                    SluicePlanWarning *warning,
                    guint              index)
{
  SluicePlanNode *node = sluice_plan_get_node (self->plan, warning->node);
  g_autofree char *label = node != NULL ? sluice_plan_format_node_label (node) : NULL;
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *icon = gtk_image_new_from_icon_name ("dialog-warning-symbolic");
  GtkWidget *arrow = gtk_image_new_from_icon_name ("go-next-symbolic");

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), warning->message);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), label != NULL ? label : "");
  adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 0);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  gtk_widget_set_tooltip_text (row, _("Select the node this is about"));
  gtk_widget_add_css_class (icon, "warning");
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), arrow);
  g_object_set_data (G_OBJECT (row), "warning-index", GUINT_TO_POINTER (index));
  g_object_set_data_full (G_OBJECT (row), "warning-rule", g_strdup (warning->rule), g_free);
  return row;
}

/* A few warnings are listed whole, in the page; more scroll in a fixed
 * height, so that the plan keeps its room.  (A GtkScrolledWindow measures
 * wrapped rows at their unwrapped width, and would clip the few.) */
static void
place_warnings_list (SluicePlansPage *self)
{
  GtkWidget *list = GTK_WIDGET (self->warnings_list);
  GtkWidget *box = gtk_widget_get_parent (self->warnings_scroller);
  gboolean scroll = self->warnings->len > MAX_UNSCROLLED_WARNINGS;
  GtkWidget *parent = gtk_widget_get_parent (list);

  g_object_ref (list);
  if (scroll && parent == box)
    {
      gtk_box_remove (GTK_BOX (box), list);
      gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (self->warnings_scroller), list);
    }
  else if (!scroll && parent != box)
    {
      gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (self->warnings_scroller), NULL);
      gtk_box_append (GTK_BOX (box), list);
    }
  g_object_unref (list);

  gtk_widget_set_visible (self->warnings_scroller, scroll);
  gtk_widget_set_visible (list, self->warnings->len > 0);
}

static void
show_warnings (SluicePlansPage *self)
{
  GtkWidget *child;
  g_autofree char *title = NULL;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->warnings_list))) != NULL)
    gtk_list_box_remove (self->warnings_list, child);

  g_clear_pointer (&self->warnings, g_ptr_array_unref);
  self->warnings = self->plan != NULL ? sluice_plan_advise (self->plan)
                                      : g_ptr_array_new_with_free_func ((GDestroyNotify) sluice_plan_warning_free);

  for (guint i = 0; i < self->warnings->len; i++)
    gtk_list_box_append (self->warnings_list, create_warning_row (self, g_ptr_array_index (self->warnings, i), i));

  if (self->warnings->len == 0)
    title = g_strdup (_("No warnings: estimates held, nothing spilled to disk"));
  else
    title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u Warning", "%u Warnings", self->warnings->len),
                             self->warnings->len);
  gtk_label_set_label (self->warnings_title, title);
  place_warnings_list (self);
}

static void
set_plan (SluicePlansPage *self,
          SluicePlan      *plan)
{
  g_autoptr(GPtrArray) top = NULL;

  if (!g_set_object (&self->plan, plan))
    return;

  g_clear_object (&self->selected_node);
  self->selecting = TRUE;
  sluice_plan_tree_set_plan (self->tree, plan);
  sluice_plan_flame_set_plan (self->flame, plan);
  sluice_plan_detail_set_plan (self->detail, plan);
  self->selecting = FALSE;

  if (plan == NULL)
    {
      gtk_stack_set_visible_child_name (self->results_stack, "empty");
      show_warnings (self);
    }
  else
    {
      show_summary (self);
      show_warnings (self);
      gtk_stack_set_visible_child_name (self->results_stack, "plan");

      /* Start where the time went: the node with the most of its own. */
      top = sluice_plan_get_top_nodes (plan, 1);
      _sluice_plans_page_select_node (self, top->len > 0 ? g_ptr_array_index (top, 0) : sluice_plan_get_root (plan));
    }

  _sluice_plans_page_update_actions (self);
  _sluice_plans_page_notify (self, PROP_PLAN);
  _sluice_plans_page_notify (self, PROP_SELECTED_NODE);
}

void
sluice_plans_page_show_plan (SluicePlansPage *self,
                             SluicePlan      *plan,
                             const char      *origin)
{
  g_autoptr(SluicePlanRun) run = NULL;

  g_return_if_fail (SLUICE_IS_PLANS_PAGE (self));
  g_return_if_fail (SLUICE_IS_PLAN (plan));

  run = sluice_plan_run_new (plan, origin, g_list_model_get_n_items (G_LIST_MODEL (self->runs)) + 1);
  g_list_store_append (self->runs, run);
  _sluice_plans_page_show_error (self, NULL);
  set_plan (self, plan);
}

SluicePlan *
sluice_plans_page_get_plan (SluicePlansPage *self)
{
  g_return_val_if_fail (SLUICE_IS_PLANS_PAGE (self), NULL);
  return self->plan;
}

GListModel *
sluice_plans_page_get_runs (SluicePlansPage *self)
{
  g_return_val_if_fail (SLUICE_IS_PLANS_PAGE (self), NULL);
  return G_LIST_MODEL (self->runs);
}

GPtrArray *
sluice_plans_page_get_warnings (SluicePlansPage *self)
{
  g_return_val_if_fail (SLUICE_IS_PLANS_PAGE (self), NULL);
  return self->warnings;
}

GtkListBox *
sluice_plans_page_get_warnings_list (SluicePlansPage *self)
{
  g_return_val_if_fail (SLUICE_IS_PLANS_PAGE (self), NULL);
  return self->warnings_list;
}
