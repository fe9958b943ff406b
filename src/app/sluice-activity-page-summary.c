/* sluice-activity-page-summary.c: the summary above the Activity page's
 * tabs: how many sessions and how many run, a pill per kind of trouble
 * (blocked, locks not granted, idle in transaction, long), the tabs' titles
 * and when the activity was read
 *
 * Separate because it is filled from a read alone, and its "read at" line
 * also follows the pause and the interval.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "sluice-activity-page-private.h"
#include "sluice-health-format.h"
#include "sluice-page-util.h"

void
_sluice_activity_page_update_updated_label (SluiceActivityPage *self)
{
  g_autoptr(GDateTime) local = NULL;
  g_autofree char *time = NULL;
  g_autofree char *text = NULL;

  if (self->updated_at == NULL)
    {
      gtk_label_set_label (self->updated_label, "");
      return;
    }

  local = g_date_time_to_local (self->updated_at);
  time = g_date_time_format (local, "%H:%M:%S");
  if (self->paused)
    /* Translators: when the activity was last read, with auto-refresh paused. */
    text = g_strdup_printf (_("Read at %s · auto-refresh paused"), time);
  else
    /* Translators: when the activity was last read, then how often it is read. */
    text = g_strdup_printf (_("Read at %s · every %u s while shown"), time,
                            MAX (1, self->refresh_interval_ms / 1000));
  gtk_label_set_label (self->updated_label, text);
}

void
_sluice_activity_page_fill_summary (SluiceActivityPage *self)
{
  GListModel *sessions = sluice_activity_get_sessions (self->activity);
  guint n_sessions = g_list_model_get_n_items (sessions);
  guint n_locks = g_list_model_get_n_items (sluice_activity_get_locks_waiting (self->activity));
  guint n_long = g_list_model_get_n_items (sluice_activity_get_long_transactions (self->activity));
  guint n_active = 0, n_blocked = 0, n_idle_in_xact = 0;
  g_autofree char *sessions_text = NULL;
  g_autofree char *active_text = NULL;
  g_autofree char *summary = NULL;
  g_autofree char *sessions_title = NULL;
  g_autofree char *locks_title = NULL;
  g_autofree char *long_title = NULL;

  for (guint i = 0; i < n_sessions; i++)
    {
      g_autoptr(SluiceSessionInfo) info = g_list_model_get_item (sessions, i);
      const char *css = sluice_session_state_css_class (info);

      n_blocked += sluice_session_info_get_blocked (info);
      n_active += g_str_equal (css, "active");
      n_idle_in_xact += g_str_equal (css, "idle-in-transaction");
    }

  sessions_text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u session", "%u sessions", n_sessions), n_sessions);
  active_text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u active", "%u active", n_active), n_active);
  /* Translators: how many sessions, then how many of them run a query. */
  summary = g_strdup_printf (_("%s · %s"), sessions_text, active_text);
  gtk_label_set_label (self->summary_label, summary);

  sluice_widget_remove_children (GTK_WIDGET (self->counts_box));
  if (n_blocked > 0)
    {
      g_autofree char *text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u Blocked", "%u Blocked",
                                                            n_blocked), n_blocked);
      gtk_box_append (self->counts_box, sluice_page_count_pill_new (text, "state-pill", "blocked"));
    }
  if (n_locks > 0)
    {
      g_autofree char *text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u Lock Not Granted",
                                                            "%u Locks Not Granted", n_locks), n_locks);
      gtk_box_append (self->counts_box, sluice_page_count_pill_new (text, "state-pill", "waiting"));
    }
  if (n_idle_in_xact > 0)
    {
      g_autofree char *text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u Idle in Transaction",
                                                            "%u Idle in Transaction", n_idle_in_xact),
                                               n_idle_in_xact);
      gtk_box_append (self->counts_box, sluice_page_count_pill_new (text, "state-pill", "idle-in-transaction"));
    }
  if (n_long > 0)
    {
      g_autofree char *text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u Long Transaction",
                                                            "%u Long Transactions", n_long), n_long);
      gtk_box_append (self->counts_box, sluice_page_count_pill_new (text, "state-pill", "long"));
    }

  /* Translators: a tab title and how many items it holds. */
  sessions_title = g_strdup_printf (_("%s (%u)"), _("Sessions"), n_sessions);
  locks_title = g_strdup_printf (_("%s (%u)"), _("Locks Not Granted"), n_locks);
  long_title = g_strdup_printf (_("%s (%u)"), _("Long Transactions"), n_long);
  gtk_stack_page_set_title (self->sessions_stack_page, sessions_title);
  gtk_stack_page_set_title (self->locks_stack_page, locks_title);
  gtk_stack_page_set_title (self->long_stack_page, long_title);
  gtk_stack_page_set_needs_attention (self->locks_stack_page, n_locks > 0);
  gtk_stack_page_set_needs_attention (self->long_stack_page, n_long > 0);

  _sluice_activity_page_update_updated_label (self);
}
