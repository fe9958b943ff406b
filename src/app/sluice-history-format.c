/* sluice-history-format.c: how migration history reads on screen, the same
 * on the History page, its chart and the environment matrix
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "sluice-history-format.h"

char *
sluice_format_duration_ms (gint64 ms)
{
  if (ms < 0)
    return g_strdup ("—");

  if (ms < 1000)
    /* Translators: a duration in milliseconds. */
    return g_strdup_printf (_("%d ms"), (int) ms);

  if (ms < 10 * 1000 && ms % 1000 != 0)
    /* Translators: a duration in seconds, with one decimal. */
    return g_strdup_printf (_("%.1f s"), ms / 1000.0);

  if (ms < 60 * 1000)
    return g_strdup_printf (_("%d s"), (int) ((ms + 500) / 1000));

  if (ms < 60 * 60 * 1000)
    {
      int seconds = (int) ((ms + 500) / 1000);

      if (seconds % 60 == 0)
        /* Translators: a duration in whole minutes. */
        return g_strdup_printf (_("%d min"), seconds / 60);
      /* Translators: a duration in minutes and seconds. */
      return g_strdup_printf (_("%d min %d s"), seconds / 60, seconds % 60);
    }

  /* Translators: a duration in hours and minutes. */
  return g_strdup_printf (_("%d h %d min"), (int) (ms / 3600000), (int) (ms / 60000 % 60));
}

char *
sluice_format_date_time (GDateTime *when)
{
  g_autoptr(GDateTime) local = NULL;

  if (when == NULL)
    return g_strdup ("—");

  local = g_date_time_to_local (when);
  /* Translators: a date and time, as g_date_time_format() takes it. */
  return g_date_time_format (local, _("%-d %b %Y, %H:%M"));
}

char *
sluice_format_date (GDateTime *when)
{
  g_autoptr(GDateTime) local = NULL;

  if (when == NULL)
    return g_strdup ("—");

  local = g_date_time_to_local (when);
  /* Translators: a date, as g_date_time_format() takes it. */
  return g_date_time_format (local, _("%-d %b %Y"));
}

char *
sluice_format_relative_date (GDateTime *when)
{
  g_autoptr(GDateTime) local = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) today = NULL;
  g_autoptr(GDateTime) that_day = NULL;
  int days;

  if (when == NULL)
    return g_strdup ("—");

  local = g_date_time_to_local (when);
  today = g_date_time_new_local (g_date_time_get_year (now), g_date_time_get_month (now),
                                 g_date_time_get_day_of_month (now), 0, 0, 0);
  that_day = g_date_time_new_local (g_date_time_get_year (local), g_date_time_get_month (local),
                                    g_date_time_get_day_of_month (local), 0, 0, 0);
  /* Whole calendar days, rounded: a day with a daylight saving change is
   * 23 or 25 hours long. */
  days = (int) ((g_date_time_difference (today, that_day) + G_TIME_SPAN_HOUR * 12) / G_TIME_SPAN_DAY);

  if (days <= 0)
    return g_date_time_format (local, _("Today, %H:%M"));
  if (days == 1)
    return g_date_time_format (local, _("Yesterday, %H:%M"));
  if (days < 7)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d day ago", "%d days ago", days), days);

  return sluice_format_date (when);
}

const char *
sluice_status_short_label (SluiceMigrationStatus status)
{
  switch (status)
    {
    case SLUICE_STATUS_APPLIED:
      return _("Applied");
    case SLUICE_STATUS_PENDING:
      return _("Pending");
    case SLUICE_STATUS_MISSING:
      /* Translators: a status: applied, but its file is gone. */
      return _("Missing");
    case SLUICE_STATUS_DRIFT:
      /* Translators: a status: the file was edited after it was applied. */
      return _("Drift");
    case SLUICE_STATUS_FAILED:
      return _("Failed");
    case SLUICE_STATUS_OUT_OF_ORDER:
      return _("Out of Order");
    default:
      return _("Unknown");
    }
}

const char *
sluice_status_css_class (SluiceMigrationStatus status)
{
  switch (status)
    {
    case SLUICE_STATUS_APPLIED:
      return "applied";
    case SLUICE_STATUS_PENDING:
      return "pending";
    case SLUICE_STATUS_MISSING:
      return "missing";
    case SLUICE_STATUS_DRIFT:
      return "drift";
    case SLUICE_STATUS_FAILED:
      return "failed";
    case SLUICE_STATUS_OUT_OF_ORDER:
      return "out-of-order";
    default:
      return "unknown";
    }
}

void
sluice_status_colour (SluiceMigrationStatus  status,
                      GdkRGBA               *colour)
{
  /* The GNOME palette: blue for what is as it should be, amber for an edit
   * after the fact, red for a failure, purple for an order surprise, brown
   * for a file that is gone. */
  const char *spec;

  switch (status)
    {
    case SLUICE_STATUS_APPLIED:
      spec = "#3584e4";
      break;
    case SLUICE_STATUS_DRIFT:
      spec = "#e5a50a";
      break;
    case SLUICE_STATUS_FAILED:
      spec = "#e01b24";
      break;
    case SLUICE_STATUS_OUT_OF_ORDER:
      spec = "#9141ac";
      break;
    case SLUICE_STATUS_MISSING:
      spec = "#986a44";
      break;
    case SLUICE_STATUS_PENDING:
    default:
      spec = "#9a9996";
      break;
    }

  gdk_rgba_parse (colour, spec);
}

GtkWidget *
sluice_status_pill_new (void)
{
  GtkWidget *pill = gtk_label_new (NULL);

  gtk_widget_add_css_class (pill, "status-pill");
  gtk_widget_set_halign (pill, GTK_ALIGN_START);
  gtk_widget_set_valign (pill, GTK_ALIGN_CENTER);
  return pill;
}

void
sluice_status_pill_set_status (GtkWidget             *pill,
                               SluiceMigrationStatus  status)
{
  g_return_if_fail (GTK_IS_LABEL (pill));

  gtk_label_set_label (GTK_LABEL (pill), sluice_status_short_label (status));
  gtk_widget_set_tooltip_text (pill, sluice_migration_status_get_label (status));
  gtk_widget_set_css_classes (pill, (const char *[]) { "status-pill",
                                                       sluice_status_css_class (status),
                                                       NULL });
}

const char *
sluice_format_history_tool (SluiceHistoryTool tool)
{
  switch (tool)
    {
    case SLUICE_HISTORY_TOOL_NONE:
      return _("None Yet");
    case SLUICE_HISTORY_TOOL_SLUICE:
      return "Sluice";
    case SLUICE_HISTORY_TOOL_DRIZZLE:
      return "Drizzle";
    case SLUICE_HISTORY_TOOL_DBMATE:
      return "dbmate";
    case SLUICE_HISTORY_TOOL_GOLANG_MIGRATE:
      return "golang-migrate";
    case SLUICE_HISTORY_TOOL_RAILS:
      return "Rails";
    case SLUICE_HISTORY_TOOL_HAND_ROLLED:
      return _("Hand-Rolled Runner");
    case SLUICE_HISTORY_TOOL_FLYWAY:
      return "Flyway";
    case SLUICE_HISTORY_TOOL_SQITCH:
      return "Sqitch";
    case SLUICE_HISTORY_TOOL_PRISMA:
      return "Prisma";
    default:
      return _("Unknown");
    }
}

const char *
sluice_format_history_table (SluiceHistoryTool tool)
{
  switch (tool)
    {
    case SLUICE_HISTORY_TOOL_SLUICE:
      return "sluice.migrations";
    case SLUICE_HISTORY_TOOL_DRIZZLE:
      return "drizzle.__drizzle_migrations";
    case SLUICE_HISTORY_TOOL_DBMATE:
    case SLUICE_HISTORY_TOOL_GOLANG_MIGRATE:
    case SLUICE_HISTORY_TOOL_RAILS:
    case SLUICE_HISTORY_TOOL_HAND_ROLLED:
      return "schema_migrations";
    case SLUICE_HISTORY_TOOL_FLYWAY:
      return "flyway_schema_history";
    case SLUICE_HISTORY_TOOL_SQITCH:
      return "sqitch.changes";
    case SLUICE_HISTORY_TOOL_PRISMA:
      return "_prisma_migrations";
    case SLUICE_HISTORY_TOOL_NONE:
    default:
      return NULL;
    }
}
