/* sluice-health-format.c: how index, table and session figures read on
 * screen, the same on the Indexes and Activity pages
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "sluice-health-format.h"

char *
sluice_format_count (gint64 count)
{
  if (count < 0)
    return g_strdup ("—");

  return g_strdup_printf ("%'" G_GINT64_FORMAT, count);
}

char *
sluice_format_count_short (gint64 count)
{
  if (count < 0)
    return g_strdup ("—");
  if (count < 10000)
    return sluice_format_count (count);
  if (count < 1000000)
    /* Translators: a count in thousands, as in "12 k". */
    return g_strdup_printf (_("%.0f k"), count / 1000.0);
  if (count < 1000000000)
    /* Translators: a count in millions, as in "3.4 M". */
    return g_strdup_printf (_("%.1f M"), count / 1000000.0);
  /* Translators: a count in billions, as in "1.2 G". */
  return g_strdup_printf (_("%.1f G"), count / 1000000000.0);
}

char *
sluice_format_seconds (double seconds)
{
  gint64 whole;

  if (seconds < 0 || !isfinite (seconds))
    return g_strdup ("—");

  if (seconds < 10)
    /* Translators: a duration in seconds, with one decimal. */
    return g_strdup_printf (_("%.1f s"), seconds);

  whole = (gint64) (seconds + 0.5);
  if (whole < 60)
    /* Translators: a duration in seconds. */
    return g_strdup_printf (_("%d s"), (int) whole);
  if (whole < 3600)
    /* Translators: a duration in minutes and seconds. */
    return g_strdup_printf (_("%d min %d s"), (int) (whole / 60), (int) (whole % 60));
  if (whole < 86400)
    /* Translators: a duration in hours and minutes. */
    return g_strdup_printf (_("%d h %d min"), (int) (whole / 3600), (int) (whole / 60 % 60));

  /* Translators: a duration in days and hours. */
  return g_strdup_printf (_("%d d %d h"), (int) (whole / 86400), (int) (whole / 3600 % 24));
}

char *
sluice_format_time_ago (GDateTime  *when,
                        const char *never_text)
{
  g_autoptr(GDateTime) now = NULL;
  gint64 seconds;

  if (when == NULL)
    return g_strdup (never_text != NULL ? never_text : "—");

  now = g_date_time_new_now_utc ();
  seconds = g_date_time_difference (now, when) / G_TIME_SPAN_SECOND;

  if (seconds < 60)
    return g_strdup (_("just now"));
  if (seconds < 3600)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d min ago", "%d min ago", seconds / 60),
                            (int) (seconds / 60));
  if (seconds < 86400)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d hour ago", "%d hours ago", seconds / 3600),
                            (int) (seconds / 3600));

  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d day ago", "%d days ago", seconds / 86400),
                          (int) (seconds / 86400));
}

char *
sluice_format_milliseconds (double ms)
{
  if (ms < 0 || !isfinite (ms))
    return g_strdup ("—");
  if (ms < 1)
    /* Translators: a duration in milliseconds, with two decimals. */
    return g_strdup_printf (_("%.2f ms"), ms);
  if (ms < 1000)
    /* Translators: a duration in milliseconds. */
    return g_strdup_printf (_("%.0f ms"), ms);
  return sluice_format_seconds (ms / 1000);
}

char *
sluice_format_query_line (const char *query)
{
  g_autoptr(GString) line = g_string_new (NULL);
  gboolean in_space = FALSE;

  for (const char *p = query != NULL ? query : ""; *p != '\0'; p++)
    {
      if (g_ascii_isspace (*p))
        {
          in_space = line->len > 0;
          continue;
        }
      if (in_space)
        g_string_append_c (line, ' ');
      in_space = FALSE;
      g_string_append_c (line, *p);
    }

  return g_string_free (g_steal_pointer (&line), FALSE);
}

char *
sluice_format_rate (double per_minute)
{
  if (per_minute <= 0 || !isfinite (per_minute))
    return g_strdup ("0");
  if (per_minute < 10)
    return g_strdup_printf ("%.1f", per_minute);
  if (per_minute < 10000)
    return g_strdup_printf ("%.0f", per_minute);
  /* Translators: a rate in thousands, as in "12 k". */
  return g_strdup_printf (_("%.0f k"), per_minute / 1000);
}

/* Flags ------------------------------------------------------------------- */

static const SluiceIndexFlags flags_by_severity[] = {
  SLUICE_INDEX_FLAG_INVALID,
  SLUICE_INDEX_FLAG_DUPLICATE,
  SLUICE_INDEX_FLAG_REDUNDANT,
  SLUICE_INDEX_FLAG_UNUSED,
  SLUICE_INDEX_FLAG_BLOATED,
};

const SluiceIndexFlags *
sluice_index_flags_by_severity (guint *n_flags)
{
  *n_flags = G_N_ELEMENTS (flags_by_severity);
  return flags_by_severity;
}

guint
sluice_index_flags_severity (SluiceIndexFlags flags)
{
  guint severity = 0;

  /* Each flag outweighs every less serious one together. */
  for (guint i = 0; i < G_N_ELEMENTS (flags_by_severity); i++)
    if (flags & flags_by_severity[i])
      severity |= 1u << (G_N_ELEMENTS (flags_by_severity) - 1 - i);

  return severity;
}

const char *
sluice_index_flag_css_class (SluiceIndexFlags flag)
{
  const char *name = sluice_index_flag_to_string (flag);

  return name != NULL ? name : "unknown";
}

GtkWidget *
sluice_index_flag_pill_new (SluiceIndexFlags  flag,
                            const char       *explanation)
{
  GtkWidget *pill = gtk_label_new (sluice_index_flag_get_label (flag));

  gtk_widget_add_css_class (pill, "flag-pill");
  gtk_widget_add_css_class (pill, sluice_index_flag_css_class (flag));
  gtk_widget_set_valign (pill, GTK_ALIGN_CENTER);
  if (explanation != NULL)
    gtk_widget_set_tooltip_text (pill, explanation);
  return pill;
}

/* Sessions ---------------------------------------------------------------- */

const char *
sluice_session_state_css_class (SluiceSessionInfo *session)
{
  const char *state = sluice_session_info_get_state (session);

  if (sluice_session_info_get_blocked (session))
    return "blocked";
  if (state == NULL)
    return "background";
  if (g_str_equal (state, "active"))
    return "active";
  if (g_str_equal (state, "idle"))
    return "idle";
  if (g_str_has_prefix (state, "idle in transaction"))
    return "idle-in-transaction";
  return "other";
}

const char *
sluice_session_state_label (SluiceSessionInfo *session)
{
  const char *state = sluice_session_info_get_state (session);

  if (sluice_session_info_get_blocked (session))
    /* Translators: a session state: waiting for a lock another session holds. */
    return _("Blocked");
  if (state == NULL)
    /* Translators: a session state: a server process, not a client's session. */
    return _("Background");
  if (g_str_equal (state, "active"))
    return _("Active");
  if (g_str_equal (state, "idle"))
    return _("Idle");
  if (g_str_equal (state, "idle in transaction"))
    return _("Idle in Transaction");
  if (g_str_equal (state, "idle in transaction (aborted)"))
    return _("Idle in Failed Transaction");
  if (g_str_equal (state, "fastpath function call"))
    return _("Fast-Path Call");
  if (g_str_equal (state, "disabled"))
    /* Translators: a session state: track_activities is off. */
    return _("Not Tracked");
  return state;
}

/* Widgets ----------------------------------------------------------------- */

void
sluice_copy_to_clipboard (GtkWidget  *widget,
                          const char *text)
{
  g_return_if_fail (GTK_IS_WIDGET (widget));
  g_return_if_fail (text != NULL);

  gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), text);
}

static AdwToast *
add_toast (GtkWidget  *widget,
           const char *message,
           guint       timeout)
{
  GtkWidget *overlay = gtk_widget_get_ancestor (widget, ADW_TYPE_TOAST_OVERLAY);
  g_autofree char *escaped = NULL;
  AdwToast *toast;

  if (overlay == NULL)
    {
      g_message ("%s", message);
      return NULL;
    }

  /* Toast titles are markup; messages carry names of indexes and tables. */
  escaped = g_markup_escape_text (message, -1);
  toast = adw_toast_new (escaped);
  adw_toast_set_timeout (toast, timeout);
  adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), g_object_ref (toast));
  return toast;
}

void
sluice_widget_add_toast (GtkWidget  *widget,
                         const char *message)
{
  g_autoptr(AdwToast) toast = add_toast (widget, message, 6);
}

AdwToast *
sluice_widget_add_progress_toast (GtkWidget  *widget,
                                  const char *message)
{
  return add_toast (widget, message, 0);
}

GtkWidget *
sluice_facts_new (void)
{
  GtkWidget *grid = gtk_grid_new ();

  gtk_grid_set_column_spacing (GTK_GRID (grid), 18);
  gtk_grid_set_row_spacing (GTK_GRID (grid), 6);
  gtk_widget_add_css_class (grid, "facts");
  return grid;
}

void
sluice_facts_add (GtkWidget  *facts,
                  const char *name,
                  const char *value,
                  gboolean    warn)
{
  GtkWidget *name_label;
  GtkWidget *value_label;
  int row = 0;

  g_return_if_fail (GTK_IS_GRID (facts));

  for (GtkWidget *child = gtk_widget_get_first_child (facts); child != NULL; child = gtk_widget_get_next_sibling (child))
    row++;
  row /= 2;

  name_label = gtk_label_new (name);
  gtk_label_set_xalign (GTK_LABEL (name_label), 0);
  gtk_label_set_yalign (GTK_LABEL (name_label), 0);
  gtk_widget_set_valign (name_label, GTK_ALIGN_START);
  gtk_widget_add_css_class (name_label, "dim-label");

  value_label = gtk_label_new (value != NULL && *value != '\0' ? value : "—");
  gtk_label_set_xalign (GTK_LABEL (value_label), 1);
  gtk_label_set_selectable (GTK_LABEL (value_label), TRUE);
  gtk_widget_set_hexpand (value_label, TRUE);
  gtk_widget_set_halign (value_label, GTK_ALIGN_END);
  gtk_widget_add_css_class (value_label, "numeric");
  if (warn)
    gtk_widget_add_css_class (value_label, "warning");

  gtk_grid_attach (GTK_GRID (facts), name_label, 0, row, 1, 1);
  gtk_grid_attach (GTK_GRID (facts), value_label, 1, row, 1, 1);
}

void
sluice_widget_remove_children (GtkWidget *parent)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (parent)) != NULL)
    {
      if (GTK_IS_LIST_BOX (parent))
        gtk_list_box_remove (GTK_LIST_BOX (parent), child);
      else if (GTK_IS_BOX (parent))
        gtk_box_remove (GTK_BOX (parent), child);
      else
        gtk_widget_unparent (child);
    }
}
