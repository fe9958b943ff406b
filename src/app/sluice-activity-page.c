/* sluice-activity-page.c: what a profile's server is doing now: sessions
 * and who blocks whom; the other tabs are in sluice-activity-lists.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n-lib.h>
#include <string.h>

#include "sluice-activity-page.h"
#include "sluice-activity-lists.h"
#include "sluice-error-text.h"
#include "sluice-health-format.h"
#include "sluice-page-util.h"
#include "sluice-session-detail.h"

typedef enum
{
  ACTION_CANCEL,
  ACTION_TERMINATE,
} SessionAction;

struct _SluiceActivityPage
{
  GtkWidget            parent_instance;

  SluiceSession       *session;
  SluiceConnection    *connection;
  SluiceActivity      *activity;
  SluiceSessionInfo   *selected_session;
  GError              *error;
  GCancellable        *cancellable;
  GCancellable        *action_cancellable;
  GSignalGroup        *profile_signals;
  GDateTime           *updated_at;
  guint                refresh_id;
  guint                refresh_interval_ms;
  guint                n_refreshes;
  int                  selected_pid;
  gboolean             loading;
  gboolean             dirty;
  gboolean             paused;
  gboolean             hide_idle;
  gboolean             updating;        /* the tree is being replaced */
  gboolean             action_running;

  /* Sessions: roots -> filter (hide idle) -> tree -> sort -> selection. */
  GListStore          *roots;
  GtkCustomFilter     *roots_filter;
  GtkTreeListModel    *tree;
  GtkSortListModel    *sessions_sort;
  GtkSingleSelection  *sessions_selection;

  GtkStack            *stack;
  GtkSpinner          *spinner;
  GtkLabel            *loading_title;
  AdwStatusPage       *error_page;
  GtkLabel            *error_label;
  GtkLabel            *summary_label;
  GtkLabel            *updated_label;
  GtkBox              *counts_box;
  GtkSpinner          *refresh_spinner;
  GtkToggleButton     *pause_button;
  GtkToggleButton     *hide_idle_button;
  GtkStack            *section_stack;
  GtkStackPage        *sessions_stack_page;
  GtkStackPage        *locks_stack_page;
  GtkStackPage        *long_stack_page;
  GtkStackPage        *statements_stack_page;
  GtkColumnView       *sessions_view;
  SluiceSessionDetail *session_detail;
  SluiceLocksList     *locks_list;
  SluiceLongTransactionsList *long_list;
  SluiceStatementsList *statements_list;
};

G_DEFINE_FINAL_TYPE (SluiceActivityPage, sluice_activity_page, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_SESSION,
  PROP_LOADING,
  PROP_ACTIVITY,
  PROP_PAUSED,
  PROP_SELECTED_SESSION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void start_load           (SluiceActivityPage *self);
static void update_refresh_timer (SluiceActivityPage *self);
static void update_actions       (SluiceActivityPage *self);

/* Small helpers ----------------------------------------------------------- */

static SluiceProfile *
get_profile (SluiceActivityPage *self)
{
  return self->session != NULL ? sluice_session_get_profile (self->session) : NULL;
}

/* States ------------------------------------------------------------------ */

static void
set_loading (SluiceActivityPage *self,
             gboolean            loading)
{
  gtk_spinner_set_spinning (self->spinner, loading);
  gtk_spinner_set_spinning (self->refresh_spinner, loading);
  if (self->loading == loading)
    return;
  self->loading = loading;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

static void
show_failure (SluiceActivityPage *self,
              const GError       *error,
              gboolean            while_connecting)
{
  SluiceProfile *profile = get_profile (self);
  g_autofree char *title = NULL;

  g_clear_error (&self->error);
  self->error = g_error_copy (error);

  if (while_connecting)
    title = g_strdup_printf (_("Could Not Connect to “%s”"), sluice_profile_get_name (profile));
  else
    title = g_strdup_printf (_("Could Not Read the Activity of “%s”"), sluice_profile_get_name (profile));

  sluice_page_show_failure (self->stack, self->error_page, self->error_label,
                            while_connecting ? "network-error-symbolic" : "dialog-warning-symbolic",
                            title,
                            _("Nothing was changed on the server. Sluice tries again every few "
                              "seconds while this page is open."),
                            error);
  set_loading (self, FALSE);
}

/* The sessions tree ------------------------------------------------------- */

static GListModel *
create_children (gpointer item,
                 gpointer user_data)
{
  GListModel *children = sluice_session_info_get_children (item);

  if (children == NULL || g_list_model_get_n_items (children) == 0)
    return NULL;
  return g_object_ref (children);
}

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

static gboolean
is_running (SluiceSessionInfo *info)
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
      if (g_strcmp0 (sluice_session_info_get_wait_event_type (info), "Client") == 0 && !is_running (info))
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
      text = is_running (info) || sluice_session_info_get_blocked (info)
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

static void
setup_sessions_view (SluiceActivityPage *self)
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

/* Showing a read ----------------------------------------------------------- */

/* A root is a session none of the listed sessions blocks: those it waits
 * for (if any) are not on the list (a prepared transaction, ...). */
static gboolean
is_root (SluiceActivity    *activity,
         SluiceSessionInfo *info)
{
  const int *pids;
  guint n_pids = 0;

  pids = sluice_session_info_get_blocked_by (info, &n_pids);
  for (guint i = 0; i < n_pids; i++)
    if (sluice_activity_find_session (activity, pids[i]) != NULL)
      return FALSE;
  return TRUE;
}

static gboolean
filter_root (gpointer item,
             gpointer user_data)
{
  SluiceActivityPage *self = user_data;
  const char *css;

  if (!self->hide_idle || sluice_session_info_get_blocking (item))
    return TRUE;

  css = sluice_session_state_css_class (item);
  return !g_str_equal (css, "idle") && !g_str_equal (css, "background");
}

static guint
find_pid_row (SluiceActivityPage *self,
              int                 pid)
{
  GListModel *rows = G_LIST_MODEL (self->sessions_sort);

  for (guint i = 0; i < g_list_model_get_n_items (rows); i++)
    {
      g_autoptr(GtkTreeListRow) row = g_list_model_get_item (rows, i);
      g_autoptr(SluiceSessionInfo) info = gtk_tree_list_row_get_item (row);

      if (sluice_session_info_get_pid (info) == pid)
        return i;
    }

  return GTK_INVALID_LIST_POSITION;
}

static void
set_selected_session (SluiceActivityPage *self,
                      SluiceSessionInfo  *info)
{
  if (info != NULL)
    self->selected_pid = sluice_session_info_get_pid (info);

  g_set_object (&self->selected_session, info);
  sluice_session_detail_set_session_info (self->session_detail, info);
  update_actions (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED_SESSION]);
}

static void
on_session_selection_changed (SluiceActivityPage *self)
{
  GtkTreeListRow *row;
  g_autoptr(SluiceSessionInfo) info = NULL;

  if (self->updating)
    return;

  row = gtk_single_selection_get_selected_item (self->sessions_selection);
  if (row != NULL)
    info = gtk_tree_list_row_get_item (row);
  if (info == NULL)
    self->selected_pid = 0;
  set_selected_session (self, info);
}

static void
restore_selection (SluiceActivityPage *self)
{
  int pid = self->selected_pid;
  guint position = pid != 0 ? find_pid_row (self, pid) : GTK_INVALID_LIST_POSITION;
  g_autoptr(SluiceSessionInfo) info = NULL;

  if (position == GTK_INVALID_LIST_POSITION)
    {
      gtk_single_selection_set_selected (self->sessions_selection, GTK_INVALID_LIST_POSITION);
      if (pid != 0 && self->activity != NULL && sluice_activity_find_session (self->activity, pid) == NULL)
        {
          /* It ended (perhaps terminated from here): say so, once. */
          g_clear_object (&self->selected_session);
          sluice_session_detail_show_gone (self->session_detail, pid);
          self->selected_pid = 0;
          update_actions (self);
          g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED_SESSION]);
        }
      else if (pid == 0)
        set_selected_session (self, NULL);
      return;
    }

  gtk_single_selection_set_selected (self->sessions_selection, position);
  info = gtk_tree_list_row_get_item (gtk_single_selection_get_selected_item (self->sessions_selection));
  set_selected_session (self, info);
}

static void
update_updated_label (SluiceActivityPage *self)
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

static void
fill_summary (SluiceActivityPage *self)
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

  update_updated_label (self);
}

static void
show_activity (SluiceActivityPage *self,
               SluiceConnection   *connection,
               SluiceActivity     *activity)
{
  GListModel *sessions = sluice_activity_get_sessions (activity);
  g_autoptr(GPtrArray) roots = g_ptr_array_new_with_free_func (g_object_unref);

  g_set_object (&self->activity, activity);
  g_set_object (&self->connection, connection);
  g_clear_error (&self->error);
  g_clear_pointer (&self->updated_at, g_date_time_unref);
  self->updated_at = g_date_time_new_now_utc ();
  self->n_refreshes++;

  for (guint i = 0; i < g_list_model_get_n_items (sessions); i++)
    {
      SluiceSessionInfo *info = g_list_model_get_item (sessions, i);

      if (is_root (activity, info))
        g_ptr_array_add (roots, info);
      else
        g_object_unref (info);
    }

  /* Replacing the rows unselects for a moment: the selection is ours,
   * by process id, and is put back once the rows are there again. */
  self->updating = TRUE;
  g_list_store_splice (self->roots, 0, g_list_model_get_n_items (G_LIST_MODEL (self->roots)),
                       roots->pdata, roots->len);
  self->updating = FALSE;
  restore_selection (self);

  sluice_locks_list_set_activity (self->locks_list, activity);
  sluice_long_transactions_list_set_activity (self->long_list, activity);
  sluice_statements_list_set_activity (self->statements_list, activity);
  fill_summary (self);

  gtk_stack_set_visible_child_name (self->stack, "activity");
  set_loading (self, FALSE);
  update_actions (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACTIVITY]);
}

/* Loading ----------------------------------------------------------------- */

static void
load_done (SluiceActivityPage *self,
           SluicePageLoadOp   *op)
{
  /* This read is over: the next tick may start another. */
  if (self->cancellable == op->cancellable)
    g_clear_object (&self->cancellable);
}

static void
activity_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(SluicePageLoadOp) op = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(SluiceActivity) activity = sluice_activity_load_finish (result, &error);

  if (g_cancellable_is_cancelled (op->cancellable))
    return;

  load_done (op->self, op);
  if (activity == NULL)
    show_failure (op->self, error, FALSE);
  else
    show_activity (op->self, op->connection, activity);
}

static void
connect_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(SluicePageLoadOp) op = user_data;
  g_autoptr(GError) error = NULL;
  SluiceConnection *connection;
  GCancellable *cancellable;

  op->connection = sluice_session_connect_finish (SLUICE_SESSION (object), result, &error);
  if (g_cancellable_is_cancelled (op->cancellable))
    return;

  if (op->connection == NULL)
    {
      load_done (op->self, op);
      show_failure (op->self, error, TRUE);
      return;
    }

  connection = op->connection;
  cancellable = op->cancellable;
  sluice_activity_load_async (connection, SLUICE_ACTIVITY_DEFAULT_LONG_TRANSACTION_SECONDS,
                              cancellable, activity_cb, g_steal_pointer (&op));
}

static void
cancel_load (SluiceActivityPage *self)
{
  sluice_page_cancel (&self->cancellable);
  set_loading (self, FALSE);
}

static void
start_load (SluiceActivityPage *self)
{
  const char *view = gtk_stack_get_visible_child_name (self->stack);

  cancel_load (self);

  /* Only the first read takes the whole page; later ones refresh in place
   * (or retry quietly behind the error). */
  if (g_strcmp0 (view, "activity") != 0 && g_strcmp0 (view, "failed") != 0)
    {
      g_autofree char *title = g_strdup_printf (_("Connecting to “%s”…"),
                                                sluice_profile_get_name (get_profile (self)));

      gtk_label_set_label (self->loading_title, title);
      gtk_stack_set_visible_child_name (self->stack, "loading");
    }

  self->cancellable = g_cancellable_new ();
  set_loading (self, TRUE);
  sluice_session_connect_async (self->session, self->cancellable, connect_cb,
                                sluice_page_load_op_new (self, self->cancellable));
}

static gboolean
on_refresh_tick (gpointer user_data)
{
  SluiceActivityPage *self = user_data;

  /* A slow server: let the read in flight finish rather than restart it. */
  if (self->cancellable == NULL)
    start_load (self);
  return G_SOURCE_CONTINUE;
}

static void
update_refresh_timer (SluiceActivityPage *self)
{
  gboolean should_run = self->session != NULL && !self->paused && gtk_widget_get_mapped (GTK_WIDGET (self));

  if (should_run && self->refresh_id == 0)
    self->refresh_id = g_timeout_add (self->refresh_interval_ms, on_refresh_tick, self);
  else if (!should_run && self->refresh_id != 0)
    g_clear_handle_id (&self->refresh_id, g_source_remove);
}

void
sluice_activity_page_reload (SluiceActivityPage *self)
{
  g_return_if_fail (SLUICE_IS_ACTIVITY_PAGE (self));

  if (self->session == NULL)
    {
      cancel_load (self);
      self->dirty = FALSE;
      gtk_stack_set_visible_child_name (self->stack, "empty");
      return;
    }

  if (!gtk_widget_get_mapped (GTK_WIDGET (self)))
    {
      cancel_load (self);
      self->dirty = TRUE;
      return;
    }

  self->dirty = FALSE;
  start_load (self);

  /* A read now: the next tick is a whole interval away. */
  if (self->refresh_id != 0)
    {
      g_clear_handle_id (&self->refresh_id, g_source_remove);
      update_refresh_timer (self);
    }
}

/* Actions ------------------------------------------------------------------ */

static void
update_actions (SluiceActivityPage *self)
{
  SluiceSessionInfo *info = self->selected_session;
  gboolean can_signal = info != NULL && self->connection != NULL && !self->action_running;
  const char *query = info != NULL ? sluice_session_info_get_query (info) : NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "activity.copy-query", query != NULL && *query != '\0');
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "activity.cancel-query",
                                 can_signal && (is_running (info) || sluice_session_info_get_blocked (info)));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "activity.terminate", can_signal);
}

static void
refresh_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  sluice_activity_page_reload (SLUICE_ACTIVITY_PAGE (widget));
}

static void
copy_query_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  SluiceActivityPage *self = SLUICE_ACTIVITY_PAGE (widget);
  g_autofree char *message = NULL;

  if (self->selected_session == NULL)
    return;

  sluice_copy_to_clipboard (widget, sluice_session_info_get_query (self->selected_session));
  message = g_strdup_printf (_("Copied the query of session %d"), sluice_session_info_get_pid (self->selected_session));
  sluice_widget_add_toast (widget, message);
}

typedef struct
{
  SluiceActivityPage *self;
  SluiceConnection   *connection;
  GCancellable       *cancellable;
  SessionAction       action;
  int                 pid;
} ActionOp;

static void
action_op_free (ActionOp *op)
{
  g_clear_object (&op->connection);
  g_clear_object (&op->cancellable);
  g_free (op);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ActionOp, action_op_free)

static void
session_action_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(ActionOp) op = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  SluiceActivityPage *self = op->self;
  gboolean done;

  if (op->action == ACTION_CANCEL)
    done = sluice_activity_cancel_backend_finish (result, &error);
  else
    done = sluice_activity_terminate_backend_finish (result, &error);

  if (g_cancellable_is_cancelled (op->cancellable))
    return;

  self->action_running = FALSE;
  update_actions (self);

  if (!done && g_error_matches (error, SLUICE_ERROR, SLUICE_ERROR_NOT_FOUND))
    message = g_strdup_printf (_("Session %d had already ended: nothing was done"), op->pid);
  else if (!done)
    {
      g_autofree char *reason = sluice_error_text_describe (error);

      if (op->action == ACTION_CANCEL)
        message = g_strdup_printf (_("The query of session %d was not cancelled: %s"), op->pid, reason);
      else
        message = g_strdup_printf (_("Session %d was not terminated: %s"), op->pid, reason);
    }
  else if (op->action == ACTION_CANCEL)
    message = g_strdup_printf (_("Asked session %d to cancel its query"), op->pid);
  else
    message = g_strdup_printf (_("Terminated session %d"), op->pid);

  sluice_widget_add_toast (GTK_WIDGET (self), message);
  sluice_activity_page_reload (self);
}

static void
guard_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(ActionOp) op = user_data;
  SluiceConnection *connection;
  GCancellable *cancellable;
  int pid;

  if (!sluice_page_guard_confirm_finish (result, op->cancellable, op->self, &op->self->action_running,
                                         (SluicePageUpdateFunc) update_actions))
    return;

  connection = op->connection;
  cancellable = op->cancellable;
  pid = op->pid;
  if (op->action == ACTION_CANCEL)
    sluice_activity_cancel_backend_async (connection, pid, cancellable, session_action_cb, g_steal_pointer (&op));
  else
    sluice_activity_terminate_backend_async (connection, pid, cancellable, session_action_cb, g_steal_pointer (&op));
}

static char *
describe_session (SluiceSessionInfo *info)
{
  const char *user = sluice_session_info_get_user (info);
  const char *state = sluice_session_state_label (info);

  if (user != NULL)
    /* Translators: a session: its process id, role and state, as in
     * "session 4242 (maria, Idle in Transaction)". */
    return g_strdup_printf (_("session %d (%s, %s)"), sluice_session_info_get_pid (info), user, state);
  return g_strdup_printf (_("session %d (%s)"), sluice_session_info_get_pid (info), state);
}

static void
run_session_action (SluiceActivityPage *self,
                    SessionAction       action)
{
  SluiceSessionInfo *info = self->selected_session;
  g_autofree char *who = NULL;
  g_autofree char *action_text = NULL;
  ActionOp *op;

  if (info == NULL || self->connection == NULL || self->action_running)
    return;

  who = describe_session (info);
  if (action == ACTION_CANCEL)
    action_text = g_strdup_printf (_("Cancels the running query of %s with pg_cancel_backend(). The session "
                                     "stays connected; a transaction it has open fails and must be rolled "
                                     "back."),
                                   who);
  else
    action_text = g_strdup_printf (_("Terminates %s with pg_terminate_backend(). Its client is disconnected "
                                     "and its open transaction, if any, is rolled back; sessions it blocks "
                                     "go on."),
                                   who);

  op = g_new0 (ActionOp, 1);
  op->self = self;
  op->connection = g_object_ref (self->connection);
  op->cancellable = sluice_page_ensure_cancellable (&self->action_cancellable);
  op->action = action;
  op->pid = sluice_session_info_get_pid (info);

  self->action_running = TRUE;
  update_actions (self);

  sluice_page_guard_confirm_async (GTK_WIDGET (self), get_profile (self), self->connection,
                                   action_text, op->cancellable, guard_cb, op);
}

static void
cancel_query_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  run_session_action (SLUICE_ACTIVITY_PAGE (widget), ACTION_CANCEL);
}

static void
terminate_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  run_session_action (SLUICE_ACTIVITY_PAGE (widget), ACTION_TERMINATE);
}

/* Signals ----------------------------------------------------------------- */

static void
on_pause_toggled (SluiceActivityPage *self)
{
  sluice_activity_page_set_paused (self, gtk_toggle_button_get_active (self->pause_button));
}

static void
on_hide_idle_toggled (SluiceActivityPage *self)
{
  self->hide_idle = gtk_toggle_button_get_active (self->hide_idle_button);

  self->updating = TRUE;
  gtk_filter_changed (GTK_FILTER (self->roots_filter),
                      self->hide_idle ? GTK_FILTER_CHANGE_MORE_STRICT : GTK_FILTER_CHANGE_LESS_STRICT);
  self->updating = FALSE;
  restore_selection (self);
}

static void
on_section_changed (SluiceActivityPage *self)
{
  const char *section = gtk_stack_get_visible_child_name (self->section_stack);

  gtk_widget_set_visible (GTK_WIDGET (self->hide_idle_button), g_strcmp0 (section, "sessions") == 0);
}

static void
show_session_of_row (SluiceActivityPage *self,
                     int                 pid)
{
  sluice_activity_page_set_section (self, "sessions");
  sluice_activity_page_select_pid (self, pid);
}

static void
on_session_activated (SluiceActivityPage *self,
                      int                 pid)
{
  show_session_of_row (self, pid);
}

static void
on_profile_connection_changed (SluiceActivityPage *self)
{
  sluice_activity_page_reload (self);
}

/* GObject ----------------------------------------------------------------- */

static void
sluice_activity_page_map (GtkWidget *widget)
{
  SluiceActivityPage *self = SLUICE_ACTIVITY_PAGE (widget);

  GTK_WIDGET_CLASS (sluice_activity_page_parent_class)->map (widget);

  /* Shown again: what is on screen is stale. */
  if (self->session != NULL && !self->paused)
    sluice_activity_page_reload (self);
  else if (self->dirty)
    sluice_activity_page_reload (self);
  update_refresh_timer (self);
}

static void
sluice_activity_page_unmap (GtkWidget *widget)
{
  SluiceActivityPage *self = SLUICE_ACTIVITY_PAGE (widget);

  /* Nobody looks: no reads, and none left running. */
  cancel_load (self);
  if (self->session != NULL)
    self->dirty = TRUE;

  GTK_WIDGET_CLASS (sluice_activity_page_parent_class)->unmap (widget);

  update_refresh_timer (self);
}

static void
sluice_activity_page_dispose (GObject *object)
{
  SluiceActivityPage *self = SLUICE_ACTIVITY_PAGE (object);

  cancel_load (self);
  g_clear_handle_id (&self->refresh_id, g_source_remove);
  sluice_page_cancel (&self->action_cancellable);

  if (self->profile_signals != NULL)
    g_signal_group_set_target (self->profile_signals, NULL);
  g_clear_object (&self->profile_signals);

  gtk_widget_dispose_template (GTK_WIDGET (self), SLUICE_TYPE_ACTIVITY_PAGE);

  g_clear_object (&self->sessions_selection);
  g_clear_object (&self->sessions_sort);
  g_clear_object (&self->tree);
  g_clear_object (&self->roots);
  g_clear_object (&self->roots_filter);
  g_clear_object (&self->selected_session);
  g_clear_object (&self->activity);
  g_clear_object (&self->connection);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (sluice_activity_page_parent_class)->dispose (object);
}

static void
sluice_activity_page_finalize (GObject *object)
{
  SluiceActivityPage *self = SLUICE_ACTIVITY_PAGE (object);

  g_clear_error (&self->error);
  g_clear_pointer (&self->updated_at, g_date_time_unref);

  G_OBJECT_CLASS (sluice_activity_page_parent_class)->finalize (object);
}

static void
sluice_activity_page_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  SluiceActivityPage *self = SLUICE_ACTIVITY_PAGE (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;
    case PROP_LOADING:
      g_value_set_boolean (value, self->loading);
      break;
    case PROP_ACTIVITY:
      g_value_set_object (value, self->activity);
      break;
    case PROP_PAUSED:
      g_value_set_boolean (value, self->paused);
      break;
    case PROP_SELECTED_SESSION:
      g_value_set_object (value, self->selected_session);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sluice_activity_page_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  SluiceActivityPage *self = SLUICE_ACTIVITY_PAGE (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      sluice_activity_page_set_session (self, g_value_get_object (value));
      break;
    case PROP_PAUSED:
      sluice_activity_page_set_paused (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sluice_activity_page_class_init (SluiceActivityPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sluice_activity_page_dispose;
  object_class->finalize = sluice_activity_page_finalize;
  object_class->get_property = sluice_activity_page_get_property;
  object_class->set_property = sluice_activity_page_set_property;

  widget_class->map = sluice_activity_page_map;
  widget_class->unmap = sluice_activity_page_unmap;

  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, SLUICE_TYPE_SESSION,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_ACTIVITY] =
    g_param_spec_object ("activity", NULL, NULL, SLUICE_TYPE_ACTIVITY,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_PAUSED] =
    g_param_spec_boolean ("paused", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SELECTED_SESSION] =
    g_param_spec_object ("selected-session", NULL, NULL, SLUICE_TYPE_SESSION_INFO,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_install_action (widget_class, "activity.refresh", NULL, refresh_action);
  gtk_widget_class_install_action (widget_class, "activity.copy-query", NULL, copy_query_action);
  gtk_widget_class_install_action (widget_class, "activity.cancel-query", NULL, cancel_query_action);
  gtk_widget_class_install_action (widget_class, "activity.terminate", NULL, terminate_action);

  g_type_ensure (SLUICE_TYPE_SESSION_DETAIL);
  g_type_ensure (SLUICE_TYPE_LOCKS_LIST);
  g_type_ensure (SLUICE_TYPE_LONG_TRANSACTIONS_LIST);
  g_type_ensure (SLUICE_TYPE_STATEMENTS_LIST);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ui/sluice-activity-page.ui");
  gtk_widget_class_bind_template_child (widget_class, SluiceActivityPage, stack);
  gtk_widget_class_bind_template_child (widget_class, SluiceActivityPage, spinner);
  gtk_widget_class_bind_template_child (widget_class, SluiceActivityPage, loading_title);
  gtk_widget_class_bind_template_child (widget_class, SluiceActivityPage, error_page);
  gtk_widget_class_bind_template_child (widget_class, SluiceActivityPage, error_label);
  gtk_widget_class_bind_template_child (widget_class, SluiceActivityPage, summary_label);
  gtk_widget_class_bind_template_child (widget_class, SluiceActivityPage, updated_label);
  gtk_widget_class_bind_template_child (widget_class, SluiceActivityPage, counts_box);
  gtk_widget_class_bind_template_child (widget_class, SluiceActivityPage, refresh_spinner);
  gtk_widget_class_bind_template_child (widget_class, SluiceActivityPage, pause_button);
  gtk_widget_class_bind_template_child (widget_class, SluiceActivityPage, hide_idle_button);
  gtk_widget_class_bind_template_child (widget_class, SluiceActivityPage, section_stack);
  gtk_widget_class_bind_template_child (widget_class, SluiceActivityPage, sessions_stack_page);
  gtk_widget_class_bind_template_child (widget_class, SluiceActivityPage, locks_stack_page);
  gtk_widget_class_bind_template_child (widget_class, SluiceActivityPage, long_stack_page);
  gtk_widget_class_bind_template_child (widget_class, SluiceActivityPage, statements_stack_page);
  gtk_widget_class_bind_template_child (widget_class, SluiceActivityPage, sessions_view);
  gtk_widget_class_bind_template_child (widget_class, SluiceActivityPage, session_detail);
  gtk_widget_class_bind_template_child (widget_class, SluiceActivityPage, locks_list);
  gtk_widget_class_bind_template_child (widget_class, SluiceActivityPage, long_list);
  gtk_widget_class_bind_template_child (widget_class, SluiceActivityPage, statements_list);
  gtk_widget_class_bind_template_callback (widget_class, on_pause_toggled);
  gtk_widget_class_bind_template_callback (widget_class, on_hide_idle_toggled);
  gtk_widget_class_bind_template_callback (widget_class, on_section_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_session_activated);
}

static void
setup_models (SluiceActivityPage *self)
{
  GtkFilterListModel *filtered;
  GtkSorter *row_sorter;

  self->roots = g_list_store_new (SLUICE_TYPE_SESSION_INFO);
  self->roots_filter = gtk_custom_filter_new (filter_root, self, NULL);
  filtered = gtk_filter_list_model_new (G_LIST_MODEL (g_object_ref (self->roots)),
                                        GTK_FILTER (g_object_ref (self->roots_filter)));
  /* Expanded from the start: a blocking chain is read at a glance. */
  self->tree = gtk_tree_list_model_new (G_LIST_MODEL (filtered), FALSE, TRUE, create_children, NULL, NULL);
  row_sorter = GTK_SORTER (gtk_tree_list_row_sorter_new (g_object_ref (gtk_column_view_get_sorter (self->sessions_view))));
  self->sessions_sort = gtk_sort_list_model_new (G_LIST_MODEL (g_object_ref (self->tree)), row_sorter);
  self->sessions_selection = gtk_single_selection_new (G_LIST_MODEL (g_object_ref (self->sessions_sort)));
  gtk_single_selection_set_autoselect (self->sessions_selection, FALSE);
  gtk_single_selection_set_can_unselect (self->sessions_selection, TRUE);
  gtk_column_view_set_model (self->sessions_view, GTK_SELECTION_MODEL (self->sessions_selection));
  g_signal_connect_object (self->sessions_selection, "notify::selected-item",
                           G_CALLBACK (on_session_selection_changed), self, G_CONNECT_SWAPPED);
}

static void
sluice_activity_page_init (SluiceActivityPage *self)
{
  self->refresh_interval_ms = SLUICE_ACTIVITY_PAGE_DEFAULT_REFRESH_MS;

  gtk_widget_init_template (GTK_WIDGET (self));

  setup_sessions_view (self);
  setup_models (self);

  self->profile_signals = g_signal_group_new (SLUICE_TYPE_PROFILE);
  g_signal_group_connect_swapped (self->profile_signals, "notify::connection",
                                  G_CALLBACK (on_profile_connection_changed), self);

  on_section_changed (self);
  update_actions (self);
}

GtkWidget *
sluice_activity_page_new (void)
{
  return g_object_new (SLUICE_TYPE_ACTIVITY_PAGE, NULL);
}

SluiceSession *
sluice_activity_page_get_session (SluiceActivityPage *self)
{
  g_return_val_if_fail (SLUICE_IS_ACTIVITY_PAGE (self), NULL);
  return self->session;
}

void
sluice_activity_page_set_session (SluiceActivityPage *self,
                                  SluiceSession      *session)
{
  g_return_if_fail (SLUICE_IS_ACTIVITY_PAGE (self));
  g_return_if_fail (session == NULL || SLUICE_IS_SESSION (session));

  if (!g_set_object (&self->session, session))
    return;

  /* Another profile: nothing of the last one may linger, shown or not. */
  cancel_load (self);
  sluice_page_cancel (&self->action_cancellable);
  self->action_running = FALSE;
  self->n_refreshes = 0;
  self->selected_pid = 0;
  g_clear_object (&self->activity);
  g_clear_object (&self->connection);
  g_clear_error (&self->error);
  self->updating = TRUE;
  g_list_store_remove_all (self->roots);
  sluice_locks_list_set_activity (self->locks_list, NULL);
  sluice_long_transactions_list_set_activity (self->long_list, NULL);
  sluice_statements_list_set_activity (self->statements_list, NULL);
  self->updating = FALSE;
  set_selected_session (self, NULL);
  gtk_stack_set_visible_child_name (self->stack, "empty");

  g_signal_group_set_target (self->profile_signals, get_profile (self));
  sluice_activity_page_reload (self);
  update_refresh_timer (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACTIVITY]);
}

gboolean
sluice_activity_page_get_loading (SluiceActivityPage *self)
{
  g_return_val_if_fail (SLUICE_IS_ACTIVITY_PAGE (self), FALSE);
  return self->loading;
}

const char *
sluice_activity_page_get_view (SluiceActivityPage *self)
{
  g_return_val_if_fail (SLUICE_IS_ACTIVITY_PAGE (self), NULL);
  return gtk_stack_get_visible_child_name (self->stack);
}

const GError *
sluice_activity_page_get_error (SluiceActivityPage *self)
{
  g_return_val_if_fail (SLUICE_IS_ACTIVITY_PAGE (self), NULL);
  return self->error;
}

SluiceActivity *
sluice_activity_page_get_activity (SluiceActivityPage *self)
{
  g_return_val_if_fail (SLUICE_IS_ACTIVITY_PAGE (self), NULL);
  return self->activity;
}

guint
sluice_activity_page_get_n_refreshes (SluiceActivityPage *self)
{
  g_return_val_if_fail (SLUICE_IS_ACTIVITY_PAGE (self), 0);
  return self->n_refreshes;
}

gboolean
sluice_activity_page_get_paused (SluiceActivityPage *self)
{
  g_return_val_if_fail (SLUICE_IS_ACTIVITY_PAGE (self), FALSE);
  return self->paused;
}

void
sluice_activity_page_set_paused (SluiceActivityPage *self,
                                 gboolean            paused)
{
  g_return_if_fail (SLUICE_IS_ACTIVITY_PAGE (self));

  paused = !!paused;
  if (self->paused == paused)
    return;

  self->paused = paused;
  gtk_toggle_button_set_active (self->pause_button, paused);
  gtk_button_set_icon_name (GTK_BUTTON (self->pause_button),
                            paused ? "media-playback-start-symbolic" : "media-playback-pause-symbolic");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->pause_button),
                               paused ? _("Resume Auto-Refresh") : _("Pause Auto-Refresh"));

  /* Paused means still: a read in flight would change the rows. */
  if (paused)
    cancel_load (self);
  else if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    sluice_activity_page_reload (self);

  update_refresh_timer (self);
  update_updated_label (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PAUSED]);
}

void
sluice_activity_page_set_refresh_interval (SluiceActivityPage *self,
                                           guint               interval_ms)
{
  g_return_if_fail (SLUICE_IS_ACTIVITY_PAGE (self));
  g_return_if_fail (interval_ms > 0);

  self->refresh_interval_ms = interval_ms;
  g_clear_handle_id (&self->refresh_id, g_source_remove);
  update_refresh_timer (self);
  update_updated_label (self);
}

const char *
sluice_activity_page_get_section (SluiceActivityPage *self)
{
  g_return_val_if_fail (SLUICE_IS_ACTIVITY_PAGE (self), NULL);
  return gtk_stack_get_visible_child_name (self->section_stack);
}

void
sluice_activity_page_set_section (SluiceActivityPage *self,
                                  const char         *section)
{
  g_return_if_fail (SLUICE_IS_ACTIVITY_PAGE (self));
  g_return_if_fail (section != NULL);

  gtk_stack_set_visible_child_name (self->section_stack, section);
}

GListModel *
sluice_activity_page_get_session_rows (SluiceActivityPage *self)
{
  g_return_val_if_fail (SLUICE_IS_ACTIVITY_PAGE (self), NULL);
  return G_LIST_MODEL (self->sessions_sort);
}

SluiceSessionInfo *
sluice_activity_page_get_selected_session (SluiceActivityPage *self)
{
  g_return_val_if_fail (SLUICE_IS_ACTIVITY_PAGE (self), NULL);
  return self->selected_session;
}

gboolean
sluice_activity_page_select_pid (SluiceActivityPage *self,
                                 int                 pid)
{
  guint position;

  g_return_val_if_fail (SLUICE_IS_ACTIVITY_PAGE (self), FALSE);

  position = find_pid_row (self, pid);
  if (position == GTK_INVALID_LIST_POSITION && self->hide_idle)
    {
      gtk_toggle_button_set_active (self->hide_idle_button, FALSE);
      position = find_pid_row (self, pid);
    }
  if (position == GTK_INVALID_LIST_POSITION)
    return FALSE;

  gtk_single_selection_set_selected (self->sessions_selection, position);
  return self->selected_session != NULL && sluice_session_info_get_pid (self->selected_session) == pid;
}
