/* sluice-plan-format.c: how a plan's figures read on screen, the same in
 * the tree, the graph, the detail pane and the comparison
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "sluice-plan-format.h"

static const char * const heat_classes[SLUICE_PLAN_N_HEAT_LEVELS] = {
  "heat-0", "heat-1", "heat-2", "heat-3", "heat-4",
};

char *
sluice_plan_format_ms (double ms)
{
  if (ms < 0 || isnan (ms))
    return g_strdup ("—");

  if (ms == 0)
    /* Translators: a duration in milliseconds. */
    return g_strdup (_("0 ms"));
  if (ms < 0.01)
    return g_strdup (_("< 0.01 ms"));
  if (ms < 1)
    /* Translators: a duration in milliseconds, with three decimals. */
    return g_strdup_printf (_("%.3f ms"), ms);
  if (ms < 100)
    /* Translators: a duration in milliseconds, with one or two decimals. */
    return g_strdup_printf (ms < 10 ? _("%.2f ms") : _("%.1f ms"), ms);
  if (ms < 1000)
    /* Translators: a duration in whole milliseconds. */
    return g_strdup_printf (_("%.0f ms"), ms);
  if (ms < 60 * 1000)
    /* Translators: a duration in seconds, with two decimals. */
    return g_strdup_printf (_("%.2f s"), ms / 1000);

  {
    gint64 seconds = (gint64) round (ms / 1000);

    if (seconds < 3600)
      /* Translators: a duration in minutes and seconds. */
      return g_strdup_printf (_("%d min %d s"), (int) (seconds / 60), (int) (seconds % 60));
    /* Translators: a duration in hours and minutes. */
    return g_strdup_printf (_("%d h %d min"), (int) (seconds / 3600), (int) (seconds / 60 % 60));
  }
}

char *
sluice_plan_format_count (double count)
{
  g_autofree char *digits = NULL;
  GString *grouped;
  gsize length;

  if (count < 0 || isnan (count))
    return g_strdup ("—");

  /* Rows per loop can be fractional (PostgreSQL 18 prints two decimals). */
  if (count < 1000 && count != floor (count))
    return g_strdup_printf ("%.2f", count);

  digits = g_strdup_printf ("%.0f", round (count));
  length = strlen (digits);
  grouped = g_string_sized_new (length + length / 3);
  for (gsize i = 0; i < length; i++)
    {
      if (i > 0 && (length - i) % 3 == 0)
        /* Translators: the thousands separator in counts of rows (12,345). */
        g_string_append (grouped, C_("thousands separator", ","));
      g_string_append_c (grouped, digits[i]);
    }

  return g_string_free (grouped, FALSE);
}

char *
sluice_plan_format_count_short (double count)
{
  if (count < 0 || isnan (count))
    return g_strdup ("—");
  if (count < 10000)
    return sluice_plan_format_count (count);
  if (count < 1e6)
    /* Translators: a count in thousands ("12.3k rows"). */
    return g_strdup_printf (count < 1e5 ? _("%.1fk") : _("%.0fk"), count / 1e3);
  if (count < 1e9)
    /* Translators: a count in millions. */
    return g_strdup_printf (count < 1e8 ? _("%.1fM") : _("%.0fM"), count / 1e6);
  /* Translators: a count in billions. */
  return g_strdup_printf (_("%.1fG"), count / 1e9);
}

char *
sluice_plan_format_share (double share)
{
  if (share <= 0 || isnan (share))
    /* Translators: a share of the plan's time. */
    return g_strdup (_("0 %"));
  if (share < 0.001)
    return g_strdup (_("< 0.1 %"));
  /* Translators: a share of the plan's time, with one decimal. */
  return g_strdup_printf (_("%.1f %%"), MIN (share, 1.0) * 100);
}

char *
sluice_plan_format_misestimate (SluicePlanNode *node)
{
  double factor = sluice_plan_node_get_misestimate (node);
  SluicePlanEstimate estimate = sluice_plan_node_get_estimate (node);

  if (factor < 1.5 || (estimate != SLUICE_PLAN_ESTIMATE_UNDER && estimate != SLUICE_PLAN_ESTIMATE_OVER))
    return NULL;

  if (estimate == SLUICE_PLAN_ESTIMATE_UNDER)
    /* Translators: more rows came than the planner estimated, by this factor. */
    return g_strdup_printf (factor < 10 ? _("↑ %.1fx") : _("↑ %.0fx"), factor);
  /* Translators: fewer rows came than the planner estimated, by this factor. */
  return g_strdup_printf (factor < 10 ? _("↓ %.1fx") : _("↓ %.0fx"), factor);
}

char *
sluice_plan_format_buffers_short (const SluicePlanBuffers *buffers)
{
  g_autofree char *hit = NULL;
  g_autofree char *read = NULL;

  if (buffers == NULL || (buffers->shared_hit <= 0 && buffers->shared_read <= 0 &&
                          buffers->temp_read <= 0 && buffers->temp_written <= 0))
    return NULL;

  hit = sluice_plan_format_count_short (MAX (buffers->shared_hit, 0));
  read = sluice_plan_format_count_short (MAX (buffers->shared_read, 0));
  if (buffers->temp_read > 0 || buffers->temp_written > 0)
    {
      g_autofree char *temp = sluice_plan_format_count_short (buffers->temp_read + buffers->temp_written);

      /* Translators: shared blocks found in the cache / read, then
       * temporary blocks (spilled to disk). */
      return g_strdup_printf (_("%s / %s · %s temp"), hit, read, temp);
    }
  /* Translators: shared blocks found in the cache / read from disk. */
  return g_strdup_printf (_("%s / %s"), hit, read);
}

char *
sluice_plan_format_blocks (gint64 blocks)
{
  g_autofree char *size = g_format_size ((guint64) MAX (blocks, 0) * 8192);
  g_autofree char *count = sluice_plan_format_count ((double) MAX (blocks, 0));

  /* Translators: a number of 8 kB blocks, then their size ("1,024 blocks, 8.4 MB"). */
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s block, %s", "%s blocks, %s",
                                       (gulong) MIN (blocks, G_MAXLONG)),
                          count, size);
}

char *
sluice_plan_format_ratio (double ratio)
{
  if (ratio <= 0 || isnan (ratio) || isinf (ratio))
    return NULL;

  /* Within 5 % is noise from one run to the next. */
  if (ratio > 0.95 && ratio < 1.05)
    return g_strdup (_("no change"));
  if (ratio < 1)
    /* Translators: the plan after is this many times faster. */
    return g_strdup_printf (1 / ratio < 10 ? _("%.1fx faster") : _("%.0fx faster"), 1 / ratio);
  /* Translators: the plan after is this many times slower. */
  return g_strdup_printf (ratio < 10 ? _("%.1fx slower") : _("%.0fx slower"), ratio);
}

gboolean
sluice_plan_format_uses_time (SluicePlan *plan)
{
  return plan != NULL && sluice_plan_has_timing (plan) && sluice_plan_get_total_ms (plan) > 0;
}

static double
exclusive_cost (SluicePlanNode *node)
{
  GPtrArray *children = sluice_plan_node_get_children (node);
  double cost = sluice_plan_node_get_total_cost (node);

  for (guint i = 0; children != NULL && i < children->len; i++)
    cost -= sluice_plan_node_get_total_cost (g_ptr_array_index (children, i));

  return MAX (cost, 0);
}

double
sluice_plan_format_node_share (SluicePlan     *plan,
                               SluicePlanNode *node)
{
  double root_cost;

  if (plan == NULL || node == NULL)
    return 0;
  if (sluice_plan_format_uses_time (plan))
    return CLAMP (sluice_plan_node_get_share (node), 0, 1);

  root_cost = sluice_plan_node_get_total_cost (sluice_plan_get_root (plan));
  return root_cost > 0 ? CLAMP (exclusive_cost (node) / root_cost, 0, 1) : 0;
}

double
sluice_plan_format_node_weight (SluicePlan     *plan,
                                SluicePlanNode *node)
{
  if (sluice_plan_format_uses_time (plan))
    return MAX (sluice_plan_node_get_inclusive_ms (node), 0);
  return MAX (sluice_plan_node_get_total_cost (node), 0);
}

guint
sluice_plan_format_heat_level (double share)
{
  if (share >= 0.9)
    return 4;
  if (share >= 0.4)
    return 3;
  if (share >= 0.1)
    return 2;
  if (share >= 0.05)
    return 1;
  return 0;
}

const char *
sluice_plan_format_heat_class (guint level)
{
  return heat_classes[MIN (level, SLUICE_PLAN_N_HEAT_LEVELS - 1)];
}

void
sluice_plan_format_heat_colour (guint     level,
                                gboolean  dark,
                                GdkRGBA  *colour)
{
  /* GNOME's palette: blue for what costs little, then yellow, orange and
   * red as a node's share grows. */
  static const char * const light[SLUICE_PLAN_N_HEAT_LEVELS] = {
    "#b5cfee", "#f8e45c", "#ffbe6f", "#ff7800", "#e01b24",
  };
  static const char * const dark_variant[SLUICE_PLAN_N_HEAT_LEVELS] = {
    "#3b5f8a", "#c3a410", "#c6731a", "#e66100", "#c01c28",
  };

  level = MIN (level, SLUICE_PLAN_N_HEAT_LEVELS - 1);
  gdk_rgba_parse (colour, dark ? dark_variant[level] : light[level]);
}

void
sluice_plan_format_set_heat (GtkWidget *widget,
                             guint      level)
{
  level = MIN (level, SLUICE_PLAN_N_HEAT_LEVELS - 1);
  for (guint i = 0; i < SLUICE_PLAN_N_HEAT_LEVELS; i++)
    if (i != level)
      gtk_widget_remove_css_class (widget, heat_classes[i]);
  gtk_widget_add_css_class (widget, heat_classes[level]);
}

char *
sluice_plan_format_node_label (SluicePlanNode *node)
{
  const char *subplan = sluice_plan_node_get_subplan_name (node);
  g_autofree char *label = sluice_plan_node_dup_label (node);

  if (subplan == NULL || *subplan == '\0')
    return g_steal_pointer (&label);

  /* Translators: what a node is for (an InitPlan, CTE or SubPlan), then the node. */
  return g_strdup_printf (_("%s: %s"), subplan, label);
}
