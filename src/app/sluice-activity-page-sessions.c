/* sluice-activity-page-sessions.c: the columns of the Activity page's
 * sessions: their cells (process with its expander, role, state pills,
 * wait, durations, query) and the column view they make up
 *
 * Separate because the factories are self-contained: they read one
 * SluiceSessionInfo of a tree row, and nothing else of the page.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "sluice-activity-page-private.h"
#include "sluice-health-format.h"
#include "sluice-page-util.h"

static SluiceSessionInfo *
row_session (GtkListItem *list_item)
{
  GtkTreeListRow *row = gtk_list_item_get_item (list_item);

  /* gtk_tree_list_row_get_item() is transfer full; the row keeps its
   * item alive while the list item is bound. */
  g_autoptr(SluiceSessionInfo) info = gtk_tree_list_row_get_item (row);

  return info;
}

static void
setup_session_cell (GtkSignalListItemFactory *factory,
                    GtkListItem              *list_item)
{
  SluiceActivitySessionColumn column = sluice_page_factory_column (factory);
  GtkWidget *child;

  switch (column)
    {
    case SESSION_PID:
      {
        GtkWidget *expander = gtk_tree_expander_new ();
        GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
        GtkWidget *icon = gtk_image_new_from_icon_name ("changes-prevent-symbolic");

        gtk_widget_add_css_class (icon, "blocking-icon");
        gtk_widget_set_tooltip_text (icon, _("Blocks other sessions"));
        gtk_box_append (GTK_BOX (box), sluice_page_text_cell_new (TRUE, FALSE));
        gtk_box_append (GTK_BOX (box), icon);
        gtk_tree_expander_set_child (GTK_TREE_EXPANDER (expander), box);
        child = expander;
      }
      break;

    case SESSION_STATE:
      child = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 4);
      gtk_box_append (GTK_BOX (child), sluice_activity_state_pill_new ());
      {
        GtkWidget *blocks = gtk_label_new (NULL);

        gtk_widget_add_css_class (blocks, "state-pill");
        gtk_widget_add_css_class (blocks, "blocking");
        gtk_widget_set_valign (blocks, GTK_ALIGN_CENTER);
        gtk_box_append (GTK_BOX (child), blocks);
      }
      break;

    case SESSION_TRANSACTION:
    case SESSION_QUERY_TIME:
      child = sluice_page_text_cell_new (TRUE, FALSE);
      break;

    case SESSION_QUERY:
      child = sluice_page_text_cell_new (FALSE, TRUE);
      break;

    default:
      child = sluice_page_text_cell_new (FALSE, FALSE);
      if (column == SESSION_WAIT)
        gtk_widget_add_css_class (child, "dim-label");
      break;
    }

  gtk_list_item_set_child (list_item, child);
}

gboolean
_sluice_activity_page_is_running (SluiceSessionInfo *info)
{
  const char *state = sluice_session_info_get_state (info);

  return g_strcmp0 (state, "active") == 0 || g_strcmp0 (state, "fastpath function call") == 0;
}

static void
bind_session_cell (GtkSignalListItemFactory *factory,
                   GtkListItem              *list_item,
                   SluiceActivityPage       *self)
{
  SluiceActivitySessionColumn column = sluice_page_factory_column (factory);
  GtkWidget *child = gtk_list_item_get_child (list_item);
  SluiceSessionInfo *info = row_session (list_item);
  g_autofree char *text = NULL;
  g_autofree char *tooltip = NULL;

  switch (column)
    {
    case SESSION_PID:
      {
        GtkWidget *box = gtk_tree_expander_get_child (GTK_TREE_EXPANDER (child));

        gtk_tree_expander_set_list_row (GTK_TREE_EXPANDER (child), gtk_list_item_get_item (list_item));
        text = g_strdup_printf ("%d", sluice_session_info_get_pid (info));
        sluice_page_set_text_cell (gtk_widget_get_first_child (box), text, NULL);
        gtk_widget_set_visible (gtk_widget_get_last_child (box), sluice_session_info_get_blocking (info));
      }
      return;

    case SESSION_USER:
      sluice_page_set_text_cell (child, sluice_page_or_dash (sluice_session_info_get_user (info)), sluice_session_info_get_application (info));
      return;

    case SESSION_DATABASE:
      sluice_page_set_text_cell (child, sluice_page_or_dash (sluice_session_info_get_database (info)), NULL);
      return;

    case SESSION_STATE:
      {
        GtkWidget *blocks = gtk_widget_get_last_child (child);
        guint n_blocked = g_list_model_get_n_items (sluice_session_info_get_children (info));

        sluice_activity_state_pill_set (gtk_widget_get_first_child (child), info);
        if (n_blocked > 0)
          {
            text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Blocks %u", "Blocks %u", n_blocked), n_blocked);
            gtk_label_set_label (GTK_LABEL (blocks), text);
          }
        gtk_widget_set_visible (blocks, n_blocked > 0);
      }
      return;

    case SESSION_WAIT:
      text = sluice_session_info_dup_wait_text (info);
      /* An idle session waits for its client to send something: true, and
       * not worth a column's attention. */
      if (g_strcmp0 (sluice_session_info_get_wait_event_type (info), "Client") == 0 &&
          !_sluice_activity_page_is_running (info))
        sluice_page_set_text_cell (child, "—", text);
      else
        sluice_page_set_text_cell (child, sluice_page_or_dash (text), text);
      return;

    case SESSION_TRANSACTION:
      text = sluice_format_seconds (sluice_session_info_get_xact_seconds (info));
      break;

    case SESSION_QUERY_TIME:
      /* An idle session's query is its last one: how long ago it ran says
       * nothing about how long it took. */
      text = _sluice_activity_page_is_running (info) || sluice_session_info_get_blocked (info)
             ? sluice_format_seconds (sluice_session_info_get_query_seconds (info))
             : g_strdup ("—");
      break;

    case SESSION_QUERY:
      text = sluice_format_query_line (sluice_session_info_get_query (info));
      tooltip = g_strdup (sluice_session_info_get_query (info));
      break;

    default:
      g_assert_not_reached ();
    }

  sluice_page_set_text_cell (child, text, tooltip);
}

void
_sluice_activity_page_setup_sessions_view (SluiceActivityPage *self)
{
  GtkColumnView *view = self->sessions_view;
  GCallback setup = G_CALLBACK (setup_session_cell);
  GCallback bind = G_CALLBACK (bind_session_cell);
  GtkColumnViewColumn *state;

  sluice_activity_append_column (view, _("Process"), SESSION_PID, 130, setup, bind, self, sluice_activity_compare_sessions);
  sluice_activity_append_column (view, _("Role"), SESSION_USER, 96, setup, bind, self, sluice_activity_compare_sessions);
  sluice_activity_append_column (view, _("Database"), SESSION_DATABASE, 110, setup, bind, self, sluice_activity_compare_sessions);
  state = sluice_activity_append_column (view, _("State"), SESSION_STATE, 196, setup, bind, self, sluice_activity_compare_sessions);
  sluice_activity_append_column (view, _("Waiting For"), SESSION_WAIT, 150, setup, bind, self, sluice_activity_compare_sessions);
  sluice_activity_append_column (view, _("Transaction"), SESSION_TRANSACTION, 100, setup, bind, self, sluice_activity_compare_sessions);
  sluice_activity_append_column (view, _("Query Time"), SESSION_QUERY_TIME, 96, setup, bind, self, sluice_activity_compare_sessions);
  sluice_activity_append_column (view, _("Query"), SESSION_QUERY, -1, setup, bind, self, sluice_activity_compare_sessions);

  /* Who blocks others, then who runs, then who holds a transaction open. */
  gtk_column_view_sort_by_column (view, state, GTK_SORT_DESCENDING);
}
