/* sluice-activity-lists.c: the Activity page's secondary tabs: locks not
 * granted, long-running transactions and top statements
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n-lib.h>

#include "sluice-activity-lists.h"
#include "sluice-health-format.h"
#include "sluice-page-util.h"

typedef enum
{
  LOCK_PID,
  LOCK_TYPE,
  LOCK_MODE,
  LOCK_TARGET,
  LOCK_WAITING,
  LOCK_BLOCKED_BY,
  LOCK_QUERY,
} LockColumn;

typedef enum
{
  LONG_PID,
  LONG_USER,
  LONG_DATABASE,
  LONG_STATE,
  LONG_OPEN_FOR,
  LONG_QUERY,
} LongColumn;

typedef enum
{
  STATEMENT_QUERY,
  STATEMENT_CALLS,
  STATEMENT_TOTAL,
  STATEMENT_MEAN,
  STATEMENT_ROWS,
} StatementColumn;

struct _SluiceLocksList
{
  GtkWidget           parent_instance;

  GtkSortListModel   *sort;
  GtkSingleSelection *selection;

  GtkStack           *stack;
  GtkColumnView      *view;
};

struct _SluiceLongTransactionsList
{
  GtkWidget           parent_instance;

  GtkSortListModel   *sort;
  GtkSingleSelection *selection;

  GtkStack           *stack;
  GtkColumnView      *view;
  AdwStatusPage      *no_long_page;
};

struct _SluiceStatementsList
{
  GtkWidget           parent_instance;

  SluiceActivity     *activity;
  GtkSortListModel   *sort;
  GtkNoSelection     *selection;

  GtkStack           *stack;
  GtkToggleButton    *by_total_button;
  GtkToggleButton    *by_mean_button;
  GtkColumnView      *view;
  AdwActionRow       *row;
};

G_DEFINE_FINAL_TYPE (SluiceLocksList, sluice_locks_list, GTK_TYPE_WIDGET)
G_DEFINE_FINAL_TYPE (SluiceLongTransactionsList, sluice_long_transactions_list, GTK_TYPE_WIDGET)
G_DEFINE_FINAL_TYPE (SluiceStatementsList, sluice_statements_list, GTK_TYPE_WIDGET)

enum {
  SESSION_ACTIVATED,
  N_SIGNALS
};

static guint locks_signals[N_SIGNALS];
static guint long_signals[N_SIGNALS];

/* Shared with the sessions tree -------------------------------------------- */

GtkWidget *
sluice_activity_state_pill_new (void)
{
  GtkWidget *pill = gtk_label_new (NULL);

  gtk_widget_add_css_class (pill, "state-pill");
  gtk_widget_set_valign (pill, GTK_ALIGN_CENTER);
  return pill;
}

void
sluice_activity_state_pill_set (GtkWidget         *pill,
                                SluiceSessionInfo *info)
{
  gtk_label_set_label (GTK_LABEL (pill), sluice_session_state_label (info));
  gtk_widget_set_css_classes (pill, (const char *[]) { "state-pill", sluice_session_state_css_class (info), NULL });
  gtk_widget_set_tooltip_text (pill, sluice_session_info_get_state (info));
}

/* A column: its id and a compare function over the row's items. */
GtkColumnViewColumn *
sluice_activity_append_column (GtkColumnView    *view,
                               const char       *title,
                               int               id,
                               int               fixed_width,
                               GCallback         setup,
                               GCallback         bind,
                               gpointer          bind_data,
                               GCompareDataFunc  compare)
{
  GtkListItemFactory *factory = sluice_page_column_factory_new (id, setup, bind, NULL, bind_data);
  g_autoptr(GtkSorter) sorter = NULL;

  if (compare != NULL)
    sorter = GTK_SORTER (gtk_custom_sorter_new (compare, GINT_TO_POINTER (id), NULL));
  return sluice_page_append_column (view, title, factory, sorter, fixed_width);
}

static int
state_severity (SluiceSessionInfo *info)
{
  const char *css = sluice_session_state_css_class (info);

  if (sluice_session_info_get_blocking (info))
    return 6;
  if (g_str_equal (css, "blocked"))
    return 5;
  if (g_str_equal (css, "active"))
    return 4;
  if (g_str_equal (css, "idle-in-transaction"))
    return 3;
  if (g_str_equal (css, "other"))
    return 2;
  if (g_str_equal (css, "idle"))
    return 1;
  return 0;
}

int
sluice_activity_compare_sessions (gconstpointer a,
                                  gconstpointer b,
                                  gpointer      user_data)
{
  SluiceActivitySessionColumn column = GPOINTER_TO_INT (user_data);
  SluiceSessionInfo *first = (SluiceSessionInfo *) a;
  SluiceSessionInfo *second = (SluiceSessionInfo *) b;
  g_autofree char *first_text = NULL;
  g_autofree char *second_text = NULL;
  int result = 0;

  switch (column)
    {
    case SESSION_PID:
      break;
    case SESSION_USER:
      result = g_strcmp0 (sluice_session_info_get_user (first), sluice_session_info_get_user (second));
      break;
    case SESSION_DATABASE:
      result = g_strcmp0 (sluice_session_info_get_database (first), sluice_session_info_get_database (second));
      break;
    case SESSION_STATE:
      result = state_severity (first) - state_severity (second);
      if (result == 0)
        result = sluice_page_compare_doubles (sluice_session_info_get_xact_seconds (first),
                                  sluice_session_info_get_xact_seconds (second));
      break;
    case SESSION_WAIT:
      first_text = sluice_session_info_dup_wait_text (first);
      second_text = sluice_session_info_dup_wait_text (second);
      result = g_strcmp0 (first_text, second_text);
      break;
    case SESSION_TRANSACTION:
      result = sluice_page_compare_doubles (sluice_session_info_get_xact_seconds (first),
                                sluice_session_info_get_xact_seconds (second));
      break;
    case SESSION_QUERY_TIME:
      result = sluice_page_compare_doubles (sluice_session_info_get_query_seconds (first),
                                sluice_session_info_get_query_seconds (second));
      break;
    case SESSION_QUERY:
      result = g_strcmp0 (sluice_session_info_get_query (first), sluice_session_info_get_query (second));
      break;
    default:
      g_assert_not_reached ();
    }

  if (result == 0)
    result = sluice_session_info_get_pid (first) - sluice_session_info_get_pid (second);
  return sluice_page_to_ordering (result);
}

/* Cells of the three lists ------------------------------------------------ */

static void
setup_plain_cell (GtkSignalListItemFactory *factory,
                  GtkListItem              *list_item)
{
  gboolean query = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (factory), "query"));
  gboolean numeric = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (factory), "numeric"));
  gboolean pill = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (factory), "pill"));

  gtk_list_item_set_child (list_item, pill ? sluice_activity_state_pill_new () : sluice_page_text_cell_new (numeric, query));
}

static GtkColumnViewColumn *
append_plain_column (GtkColumnView      *view,
                     const char         *title,
                     int                 id,
                     int                 width,
                     GCallback           bind,
                     gpointer            self,
                     GCompareDataFunc    compare,
                     gboolean            numeric,
                     gboolean            query)
{
  GtkColumnViewColumn *column = sluice_activity_append_column (view, title, id, width, G_CALLBACK (setup_plain_cell),
                                               bind, self, compare);
  GtkListItemFactory *factory = gtk_column_view_column_get_factory (column);

  g_object_set_data (G_OBJECT (factory), "numeric", GINT_TO_POINTER (numeric));
  g_object_set_data (G_OBJECT (factory), "query", GINT_TO_POINTER (query));
  return column;
}

/* Locks not granted -------------------------------------------------------- */

static char *
format_pid_list (const int *pids,
                 guint      n_pids)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < n_pids; i++)
    g_string_append_printf (text, "%s%d", i > 0 ? ", " : "", pids[i]);
  return n_pids > 0 ? g_string_free (g_steal_pointer (&text), FALSE) : g_strdup ("—");
}

static void
bind_lock_cell (GtkSignalListItemFactory *factory,
                GtkListItem              *list_item,
                gpointer                  user_data)
{
  SluiceLockWait *lock = gtk_list_item_get_item (list_item);
  GtkWidget *child = gtk_list_item_get_child (list_item);
  g_autofree char *text = NULL;
  const int *pids;
  guint n_pids = 0;

  switch ((LockColumn) sluice_page_factory_column (factory))
    {
    case LOCK_PID:
      text = g_strdup_printf ("%d", sluice_lock_wait_get_pid (lock));
      break;
    case LOCK_TYPE:
      text = g_strdup (sluice_lock_wait_get_lock_type (lock));
      break;
    case LOCK_MODE:
      text = g_strdup (sluice_lock_wait_get_mode (lock));
      break;
    case LOCK_TARGET:
      text = g_strdup (sluice_page_or_dash (sluice_lock_wait_get_target (lock)));
      break;
    case LOCK_WAITING:
      text = sluice_format_seconds (sluice_lock_wait_get_wait_seconds (lock));
      break;
    case LOCK_BLOCKED_BY:
      pids = sluice_lock_wait_get_blocked_by (lock, &n_pids);
      text = format_pid_list (pids, n_pids);
      break;
    case LOCK_QUERY:
      text = sluice_format_query_line (sluice_lock_wait_get_query (lock));
      sluice_page_set_text_cell (child, text, sluice_lock_wait_get_query (lock));
      return;
    default:
      g_assert_not_reached ();
    }

  sluice_page_set_text_cell (child, text, NULL);
}

static int
compare_locks (gconstpointer a,
               gconstpointer b,
               gpointer      user_data)
{
  SluiceLockWait *first = (SluiceLockWait *) a;
  SluiceLockWait *second = (SluiceLockWait *) b;
  int result = 0;

  switch ((LockColumn) GPOINTER_TO_INT (user_data))
    {
    case LOCK_PID:
      break;
    case LOCK_TYPE:
      result = g_strcmp0 (sluice_lock_wait_get_lock_type (first), sluice_lock_wait_get_lock_type (second));
      break;
    case LOCK_MODE:
      result = g_strcmp0 (sluice_lock_wait_get_mode (first), sluice_lock_wait_get_mode (second));
      break;
    case LOCK_TARGET:
      result = g_strcmp0 (sluice_lock_wait_get_target (first), sluice_lock_wait_get_target (second));
      break;
    case LOCK_WAITING:
      result = sluice_page_compare_doubles (sluice_lock_wait_get_wait_seconds (first), sluice_lock_wait_get_wait_seconds (second));
      break;
    case LOCK_BLOCKED_BY:
    case LOCK_QUERY:
      result = g_strcmp0 (sluice_lock_wait_get_query (first), sluice_lock_wait_get_query (second));
      break;
    default:
      g_assert_not_reached ();
    }

  if (result == 0)
    result = sluice_lock_wait_get_pid (first) - sluice_lock_wait_get_pid (second);
  return sluice_page_to_ordering (result);
}

static void
setup_locks_view (SluiceLocksList *self)
{
  GtkColumnView *view = self->view;
  GCallback bind = G_CALLBACK (bind_lock_cell);
  GtkColumnViewColumn *waiting;

  append_plain_column (view, _("Process"), LOCK_PID, 90, bind, self, compare_locks, TRUE, FALSE);
  append_plain_column (view, _("Lock"), LOCK_TYPE, 120, bind, self, compare_locks, FALSE, FALSE);
  append_plain_column (view, _("Mode"), LOCK_MODE, 160, bind, self, compare_locks, FALSE, FALSE);
  append_plain_column (view, _("On"), LOCK_TARGET, 180, bind, self, compare_locks, FALSE, FALSE);
  waiting = append_plain_column (view, _("Waiting"), LOCK_WAITING, 96, bind, self, compare_locks, TRUE, FALSE);
  append_plain_column (view, _("Blocked By"), LOCK_BLOCKED_BY, 110, bind, self, compare_locks, FALSE, FALSE);
  append_plain_column (view, _("Query"), LOCK_QUERY, -1, bind, self, compare_locks, FALSE, TRUE);
  gtk_column_view_sort_by_column (view, waiting, GTK_SORT_DESCENDING);
}

static void
on_locks_activate (SluiceLocksList *self,
                   guint            position)
{
  g_autoptr(SluiceLockWait) lock = g_list_model_get_item (G_LIST_MODEL (self->sort), position);

  if (lock != NULL)
    g_signal_emit (self, locks_signals[SESSION_ACTIVATED], 0, sluice_lock_wait_get_pid (lock));
}

static void
sluice_locks_list_dispose (GObject *object)
{
  SluiceLocksList *self = SLUICE_LOCKS_LIST (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), SLUICE_TYPE_LOCKS_LIST);
  g_clear_object (&self->selection);
  g_clear_object (&self->sort);

  G_OBJECT_CLASS (sluice_locks_list_parent_class)->dispose (object);
}

static void
sluice_locks_list_class_init (SluiceLocksListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sluice_locks_list_dispose;

  /* A row was activated: show that process among the sessions. */
  locks_signals[SESSION_ACTIVATED] =
    g_signal_new ("session-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ui/sluice-locks-list.ui");
  gtk_widget_class_bind_template_child (widget_class, SluiceLocksList, stack);
  gtk_widget_class_bind_template_child (widget_class, SluiceLocksList, view);
  gtk_widget_class_bind_template_callback_full (widget_class, "on_activate", G_CALLBACK (on_locks_activate));
}

static void
sluice_locks_list_init (SluiceLocksList *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  setup_locks_view (self);
  self->sort = gtk_sort_list_model_new (NULL, g_object_ref (gtk_column_view_get_sorter (self->view)));
  self->selection = gtk_single_selection_new (G_LIST_MODEL (g_object_ref (self->sort)));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_column_view_set_model (self->view, GTK_SELECTION_MODEL (self->selection));
}

void
sluice_locks_list_set_activity (SluiceLocksList *self,
                                SluiceActivity  *activity)
{
  GListModel *locks;

  g_return_if_fail (SLUICE_IS_LOCKS_LIST (self));
  g_return_if_fail (activity == NULL || SLUICE_IS_ACTIVITY (activity));

  if (activity == NULL)
    {
      gtk_sort_list_model_set_model (self->sort, NULL);
      return;
    }

  locks = sluice_activity_get_locks_waiting (activity);
  gtk_sort_list_model_set_model (self->sort, locks);
  gtk_stack_set_visible_child_name (self->stack, g_list_model_get_n_items (locks) > 0 ? "list" : "none");
}

/* Long transactions -------------------------------------------------------- */

static void
bind_long_cell (GtkSignalListItemFactory *factory,
                GtkListItem              *list_item,
                gpointer                  user_data)
{
  SluiceSessionInfo *info = gtk_list_item_get_item (list_item);
  GtkWidget *child = gtk_list_item_get_child (list_item);
  g_autofree char *text = NULL;

  switch ((LongColumn) sluice_page_factory_column (factory))
    {
    case LONG_PID:
      text = g_strdup_printf ("%d", sluice_session_info_get_pid (info));
      break;
    case LONG_USER:
      text = g_strdup (sluice_page_or_dash (sluice_session_info_get_user (info)));
      break;
    case LONG_DATABASE:
      text = g_strdup (sluice_page_or_dash (sluice_session_info_get_database (info)));
      break;
    case LONG_STATE:
      sluice_activity_state_pill_set (child, info);
      return;
    case LONG_OPEN_FOR:
      text = sluice_format_seconds (sluice_session_info_get_xact_seconds (info));
      break;
    case LONG_QUERY:
      text = sluice_format_query_line (sluice_session_info_get_query (info));
      sluice_page_set_text_cell (child, text, sluice_session_info_get_query (info));
      return;
    default:
      g_assert_not_reached ();
    }

  sluice_page_set_text_cell (child, text, NULL);
}

static int
compare_long (gconstpointer a,
              gconstpointer b,
              gpointer      user_data)
{
  static const SluiceActivitySessionColumn as_session[] = {
    SESSION_PID, SESSION_USER, SESSION_DATABASE, SESSION_STATE, SESSION_TRANSACTION, SESSION_QUERY,
  };
  LongColumn column = GPOINTER_TO_INT (user_data);

  return sluice_activity_compare_sessions (a, b, GINT_TO_POINTER (as_session[column]));
}

static void
setup_long_view (SluiceLongTransactionsList *self)
{
  GtkColumnView *view = self->view;
  GCallback bind = G_CALLBACK (bind_long_cell);
  GtkColumnViewColumn *open_for;
  GtkColumnViewColumn *state;

  append_plain_column (view, _("Process"), LONG_PID, 90, bind, self, compare_long, TRUE, FALSE);
  append_plain_column (view, _("Role"), LONG_USER, 110, bind, self, compare_long, FALSE, FALSE);
  append_plain_column (view, _("Database"), LONG_DATABASE, 120, bind, self, compare_long, FALSE, FALSE);
  state = append_plain_column (view, _("State"), LONG_STATE, 170, bind, self, compare_long, FALSE, FALSE);
  g_object_set_data (G_OBJECT (gtk_column_view_column_get_factory (state)), "pill", GINT_TO_POINTER (TRUE));
  open_for = append_plain_column (view, _("Open For"), LONG_OPEN_FOR, 110, bind, self, compare_long, TRUE, FALSE);
  append_plain_column (view, _("Query"), LONG_QUERY, -1, bind, self, compare_long, FALSE, TRUE);
  gtk_column_view_sort_by_column (view, open_for, GTK_SORT_DESCENDING);
}

static void
on_long_activate (SluiceLongTransactionsList *self,
                  guint                       position)
{
  g_autoptr(SluiceSessionInfo) info = g_list_model_get_item (G_LIST_MODEL (self->sort), position);

  if (info != NULL)
    g_signal_emit (self, long_signals[SESSION_ACTIVATED], 0, sluice_session_info_get_pid (info));
}

static void
sluice_long_transactions_list_dispose (GObject *object)
{
  SluiceLongTransactionsList *self = SLUICE_LONG_TRANSACTIONS_LIST (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), SLUICE_TYPE_LONG_TRANSACTIONS_LIST);
  g_clear_object (&self->selection);
  g_clear_object (&self->sort);

  G_OBJECT_CLASS (sluice_long_transactions_list_parent_class)->dispose (object);
}

static void
sluice_long_transactions_list_class_init (SluiceLongTransactionsListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sluice_long_transactions_list_dispose;

  /* A row was activated: show that process among the sessions. */
  long_signals[SESSION_ACTIVATED] =
    g_signal_new ("session-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ui/sluice-long-transactions-list.ui");
  gtk_widget_class_bind_template_child (widget_class, SluiceLongTransactionsList, stack);
  gtk_widget_class_bind_template_child (widget_class, SluiceLongTransactionsList, view);
  gtk_widget_class_bind_template_child (widget_class, SluiceLongTransactionsList, no_long_page);
  gtk_widget_class_bind_template_callback_full (widget_class, "on_activate", G_CALLBACK (on_long_activate));
}

static void
sluice_long_transactions_list_init (SluiceLongTransactionsList *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  setup_long_view (self);
  self->sort = gtk_sort_list_model_new (NULL, g_object_ref (gtk_column_view_get_sorter (self->view)));
  self->selection = gtk_single_selection_new (G_LIST_MODEL (g_object_ref (self->sort)));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_column_view_set_model (self->view, GTK_SELECTION_MODEL (self->selection));
}

void
sluice_long_transactions_list_set_activity (SluiceLongTransactionsList *self,
                                            SluiceActivity             *activity)
{
  GListModel *long_transactions;
  g_autofree char *long_description = NULL;
  g_autofree char *threshold = NULL;

  g_return_if_fail (SLUICE_IS_LONG_TRANSACTIONS_LIST (self));
  g_return_if_fail (activity == NULL || SLUICE_IS_ACTIVITY (activity));

  if (activity == NULL)
    {
      gtk_sort_list_model_set_model (self->sort, NULL);
      return;
    }

  long_transactions = sluice_activity_get_long_transactions (activity);
  gtk_sort_list_model_set_model (self->sort, long_transactions);
  gtk_stack_set_visible_child_name (self->stack,
                                    g_list_model_get_n_items (long_transactions) > 0 ? "list" : "none");

  threshold = sluice_format_seconds (sluice_activity_get_long_transaction_seconds (activity));
  long_description = g_strdup_printf (_("No transaction has been open for %s or more."), threshold);
  adw_status_page_set_description (self->no_long_page, long_description);
}

/* Top statements ----------------------------------------------------------- */

static void
bind_statement_cell (GtkSignalListItemFactory *factory,
                     GtkListItem              *list_item,
                     gpointer                  user_data)
{
  SluiceStatementStat *stat = gtk_list_item_get_item (list_item);
  GtkWidget *child = gtk_list_item_get_child (list_item);
  g_autofree char *text = NULL;

  switch ((StatementColumn) sluice_page_factory_column (factory))
    {
    case STATEMENT_QUERY:
      text = sluice_format_query_line (sluice_statement_stat_get_query (stat));
      sluice_page_set_text_cell (child, text, sluice_statement_stat_get_query (stat));
      return;
    case STATEMENT_CALLS:
      text = sluice_format_count (sluice_statement_stat_get_calls (stat));
      break;
    case STATEMENT_TOTAL:
      text = sluice_format_milliseconds (sluice_statement_stat_get_total_ms (stat));
      break;
    case STATEMENT_MEAN:
      text = sluice_format_milliseconds (sluice_statement_stat_get_mean_ms (stat));
      break;
    case STATEMENT_ROWS:
      text = sluice_format_count (sluice_statement_stat_get_rows (stat));
      break;
    default:
      g_assert_not_reached ();
    }

  sluice_page_set_text_cell (child, text, NULL);
}

static int
compare_statements (gconstpointer a,
                    gconstpointer b,
                    gpointer      user_data)
{
  SluiceStatementStat *first = (SluiceStatementStat *) a;
  SluiceStatementStat *second = (SluiceStatementStat *) b;
  int result = 0;

  switch ((StatementColumn) GPOINTER_TO_INT (user_data))
    {
    case STATEMENT_QUERY:
      result = g_strcmp0 (sluice_statement_stat_get_query (first), sluice_statement_stat_get_query (second));
      break;
    case STATEMENT_CALLS:
      result = sluice_page_compare_doubles (sluice_statement_stat_get_calls (first), sluice_statement_stat_get_calls (second));
      break;
    case STATEMENT_TOTAL:
      result = sluice_page_compare_doubles (sluice_statement_stat_get_total_ms (first), sluice_statement_stat_get_total_ms (second));
      break;
    case STATEMENT_MEAN:
      result = sluice_page_compare_doubles (sluice_statement_stat_get_mean_ms (first), sluice_statement_stat_get_mean_ms (second));
      break;
    case STATEMENT_ROWS:
      result = sluice_page_compare_doubles (sluice_statement_stat_get_rows (first), sluice_statement_stat_get_rows (second));
      break;
    default:
      g_assert_not_reached ();
    }

  return sluice_page_to_ordering (result);
}

static void
setup_statements_view (SluiceStatementsList *self)
{
  GtkColumnView *view = self->view;
  GCallback bind = G_CALLBACK (bind_statement_cell);

  append_plain_column (view, _("Statement"), STATEMENT_QUERY, -1, bind, self, compare_statements, FALSE, TRUE);
  append_plain_column (view, _("Calls"), STATEMENT_CALLS, 100, bind, self, compare_statements, TRUE, FALSE);
  append_plain_column (view, _("Total Time"), STATEMENT_TOTAL, 110, bind, self, compare_statements, TRUE, FALSE);
  append_plain_column (view, _("Mean Time"), STATEMENT_MEAN, 110, bind, self, compare_statements, TRUE, FALSE);
  append_plain_column (view, _("Rows"), STATEMENT_ROWS, 100, bind, self, compare_statements, TRUE, FALSE);
}

static void
fill_statements (SluiceStatementsList *self)
{
  const char *error = sluice_activity_get_statements_error (self->activity);
  GListModel *statements;

  if (!sluice_activity_get_has_statements (self->activity) || error != NULL)
    {
      gtk_sort_list_model_set_model (self->sort, NULL);
      if (error != NULL)
        {
          adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->row),
                                         _("pg_stat_statements is installed, but could not be read"));
          adw_action_row_set_subtitle (self->row, error);
        }
      else
        {
          adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->row),
                                         _("pg_stat_statements is not installed in this database"));
          adw_action_row_set_subtitle (self->row,
                                       _("To see the statements that take the most time: add "
                                         "pg_stat_statements to shared_preload_libraries in "
                                         "postgresql.conf, restart the server, then run “CREATE "
                                         "EXTENSION pg_stat_statements;” in this database. Sluice "
                                         "changed nothing."));
        }
      gtk_stack_set_visible_child_name (self->stack, "unavailable");
      return;
    }

  statements = gtk_toggle_button_get_active (self->by_mean_button)
               ? sluice_activity_get_top_by_mean (self->activity)
               : sluice_activity_get_top_by_total (self->activity);
  gtk_sort_list_model_set_model (self->sort, statements);
  gtk_stack_set_visible_child_name (self->stack, "list");
}

static void
on_statements_order_toggled (SluiceStatementsList *self)
{
  if (self->activity != NULL)
    fill_statements (self);
}

static void
sluice_statements_list_dispose (GObject *object)
{
  SluiceStatementsList *self = SLUICE_STATEMENTS_LIST (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), SLUICE_TYPE_STATEMENTS_LIST);
  g_clear_object (&self->selection);
  g_clear_object (&self->sort);
  g_clear_object (&self->activity);

  G_OBJECT_CLASS (sluice_statements_list_parent_class)->dispose (object);
}

static void
sluice_statements_list_class_init (SluiceStatementsListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sluice_statements_list_dispose;

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ui/sluice-statements-list.ui");
  gtk_widget_class_bind_template_child (widget_class, SluiceStatementsList, stack);
  gtk_widget_class_bind_template_child (widget_class, SluiceStatementsList, by_total_button);
  gtk_widget_class_bind_template_child (widget_class, SluiceStatementsList, by_mean_button);
  gtk_widget_class_bind_template_child (widget_class, SluiceStatementsList, view);
  gtk_widget_class_bind_template_child (widget_class, SluiceStatementsList, row);
  gtk_widget_class_bind_template_callback (widget_class, on_statements_order_toggled);
}

static void
sluice_statements_list_init (SluiceStatementsList *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  setup_statements_view (self);
  self->sort = gtk_sort_list_model_new (NULL, g_object_ref (gtk_column_view_get_sorter (self->view)));
  self->selection = gtk_no_selection_new (G_LIST_MODEL (g_object_ref (self->sort)));
  gtk_column_view_set_model (self->view, GTK_SELECTION_MODEL (self->selection));
}

void
sluice_statements_list_set_activity (SluiceStatementsList *self,
                                     SluiceActivity       *activity)
{
  g_return_if_fail (SLUICE_IS_STATEMENTS_LIST (self));
  g_return_if_fail (activity == NULL || SLUICE_IS_ACTIVITY (activity));

  g_set_object (&self->activity, activity);
  if (activity != NULL)
    fill_statements (self);
  else
    gtk_sort_list_model_set_model (self->sort, NULL);
}
