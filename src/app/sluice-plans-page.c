/* sluice-plans-page.c: EXPLAIN a statement on the profile's database, or
 * read a plan from elsewhere, and see where its time goes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n-lib.h>
#include <gtksourceview/gtksource.h>

#include "sluice-error-text.h"
#include "sluice-guard-dialog.h"
#include "sluice-plan-advice.h"
#include "sluice-plan-explain.h"
#include "sluice-plan-format.h"
#include "sluice-plan-io.h"
#include "sluice-plan-run.h"
#include "sluice-plans-page.h"
#include "sluice-window.h"

/* What a writing statement is checked again after typing stops. */
#define NOTICE_DELAY_MS 250
/* How many warnings are listed whole before the list scrolls. */
#define MAX_UNSCROLLED_WARNINGS 2
/* A version new enough to offer every option while validating SQL. */
#define ANY_SERVER_VERSION 999999

struct _SluicePlansPage
{
  GtkWidget              parent_instance;

  SluiceSession         *session;
  SluicePlan            *plan;
  SluicePlanNode        *selected_node;
  GListStore            *runs;
  GPtrArray             *warnings;
  GCancellable          *run_cancellable;
  GCancellable          *io_cancellable;
  GSignalGroup          *profile_signals;
  char                  *notice;
  char                  *error;
  char                  *last_paste;
  int                    server_version;
  guint                  notice_source;
  gboolean               running;
  gboolean               selecting;
  gboolean               version_wanted;

  GtkSourceView         *editor;
  GtkWidget             *options_box;
  GtkCheckButton        *analyze_check;
  GtkCheckButton        *buffers_check;
  GtkCheckButton        *verbose_check;
  GtkCheckButton        *settings_check;
  GtkCheckButton        *wal_check;
  GtkCheckButton        *timing_check;
  GtkCheckButton        *serialize_check;
  GtkCheckButton        *memory_check;
  GtkSpinner            *spinner;
  GtkLabel              *status_label;
  GtkRevealer           *notice_revealer;
  GtkLabel              *notice_label;
  GtkRevealer           *error_revealer;
  GtkLabel              *error_label;
  GtkStack              *results_stack;
  GtkLabel              *execution_value;
  GtkLabel              *planning_value;
  GtkLabel              *jit_value;
  GtkLabel              *triggers_value;
  GtkLabel              *nodes_value;
  GtkLabel              *rolled_back_label;
  GtkLabel              *source_label;
  GtkLabel              *warnings_title;
  GtkWidget             *warnings_scroller;
  GtkListBox            *warnings_list;
  GtkStack              *views_stack;
  GtkStack              *nodes_stack;
  SluicePlanTree        *tree;
  SluicePlanFlame       *flame;
  SluicePlanDetail      *detail;
  SluicePlanCompareView *compare_view;
};

G_DEFINE_FINAL_TYPE (SluicePlansPage, sluice_plans_page, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_SESSION,
  PROP_PLAN,
  PROP_RUNNING,
  PROP_SELECTED_NODE,
  PROP_VIEW,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void update_actions (SluicePlansPage *self);

/* Small helpers ------------------------------------------------------------ */

static SluiceProfile *
get_profile (SluicePlansPage *self)
{
  return self->session != NULL ? sluice_session_get_profile (self->session) : NULL;
}

static GtkWindow *
get_window (SluicePlansPage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  return GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;
}

static void
add_toast (SluicePlansPage *self,
           const char      *message)
{
  GtkWindow *window = get_window (self);

  if (SLUICE_IS_WINDOW (window))
    sluice_window_add_toast (SLUICE_WINDOW (window), message);
}

static void
set_status (SluicePlansPage *self,
            const char      *status)
{
  gtk_label_set_label (self->status_label, status != NULL ? status : "");
}

static void
show_error (SluicePlansPage *self,
            const char      *message)
{
  g_free (self->error);
  self->error = g_strdup (message);
  gtk_label_set_label (self->error_label, message != NULL ? message : "");
  gtk_revealer_set_reveal_child (self->error_revealer, message != NULL);
}

static void
on_error_dismissed (SluicePlansPage *self)
{
  show_error (self, NULL);
}

static void
set_running (SluicePlansPage *self,
             gboolean         running)
{
  gtk_spinner_set_spinning (self->spinner, running);
  if (self->running == running)
    return;

  self->running = running;
  update_actions (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
}

static char *
get_editor_text (SluicePlansPage *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->editor));
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

static gboolean
check_active (GtkCheckButton *check)
{
  return gtk_check_button_get_active (check) && gtk_widget_get_visible (GTK_WIDGET (check));
}

/* Options ------------------------------------------------------------------ */

static void
update_option_visibility (SluicePlansPage *self)
{
  int version = self->server_version;

  /* Unknown (not connected yet): offer what PostgreSQL 13 to 16 have. */
  gtk_widget_set_visible (GTK_WIDGET (self->settings_check), version == 0 || version >= 120000);
  gtk_widget_set_visible (GTK_WIDGET (self->wal_check), version == 0 || version >= 130000);
  gtk_widget_set_visible (GTK_WIDGET (self->serialize_check), version >= 170000);
  gtk_widget_set_visible (GTK_WIDGET (self->memory_check), version >= 170000);
}

static void
set_server_version (SluicePlansPage *self,
                    int              version)
{
  if (self->server_version == version)
    return;
  self->server_version = version;
  update_option_visibility (self);
}

/* The notice under the editor ---------------------------------------------- */

static char *
build_notice (SluicePlansPage *self)
{
  g_autofree char *sql = get_editor_text (self);
  SluiceProfile *profile = get_profile (self);
  SluiceGuardLevel guard = profile != NULL ? sluice_profile_get_guard (profile) : SLUICE_GUARD_RELAXED;
  const char *guard_text = "";

  g_strstrip (sql);
  if (*sql == '\0' || !gtk_check_button_get_active (self->analyze_check) || !sluice_plan_statement_writes (sql))
    return NULL;

  if (guard == SLUICE_GUARD_STRICT)
    guard_text = _(" On this profile Sluice first asks for the database’s name to be typed.");
  else if (guard == SLUICE_GUARD_CONFIRM)
    guard_text = _(" On this profile Sluice asks before it runs.");

  /* Translators: the second %s is one of the two sentences above, or nothing. */
  return g_strdup_printf (_("This statement writes. ANALYZE runs it for real, inside a transaction that "
                            "Sluice rolls back: nothing it writes is kept, but it takes its locks and "
                            "fires its triggers while it runs.%s"),
                          guard_text);
}

static void
update_notice (SluicePlansPage *self)
{
  g_clear_handle_id (&self->notice_source, g_source_remove);
  g_free (self->notice);
  self->notice = build_notice (self);

  if (self->notice != NULL)
    gtk_label_set_label (self->notice_label, self->notice);
  gtk_revealer_set_reveal_child (self->notice_revealer, self->notice != NULL);
}

static gboolean
on_notice_timeout (gpointer user_data)
{
  SluicePlansPage *self = user_data;

  self->notice_source = 0;
  update_notice (self);
  return G_SOURCE_REMOVE;
}

static void
on_editor_changed (SluicePlansPage *self)
{
  /* Parsing on every key is cheap, but a pasted script is not: wait for a
   * pause in the typing. */
  g_clear_handle_id (&self->notice_source, g_source_remove);
  self->notice_source = g_timeout_add (NOTICE_DELAY_MS, on_notice_timeout, self);
  update_actions (self);
}

/* Selection: the tree, the graph, the detail and the warnings -------------- */

static void
select_node (SluicePlansPage *self,
             SluicePlanNode  *node)
{
  if (self->selecting || !g_set_object (&self->selected_node, node))
    return;

  self->selecting = TRUE;
  sluice_plan_tree_set_selected_node (self->tree, node);
  sluice_plan_flame_set_selected_node (self->flame, node);
  sluice_plan_detail_set_node (self->detail, node);
  self->selecting = FALSE;

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED_NODE]);
}

static void
on_tree_selection_changed (SluicePlansPage *self)
{
  SluicePlanNode *node = sluice_plan_tree_get_selected_node (self->tree);

  if (node != NULL)
    select_node (self, node);
}

static void
on_flame_selection_changed (SluicePlansPage *self)
{
  SluicePlanNode *node = sluice_plan_flame_get_selected_node (self->flame);

  if (node != NULL)
    select_node (self, node);
}

static void
on_warning_activated (SluicePlansPage *self,
                      GtkListBoxRow   *row)
{
  guint index = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (row), "warning-index"));
  SluicePlanWarning *warning;

  if (self->plan == NULL || self->warnings == NULL || index >= self->warnings->len)
    return;

  warning = g_ptr_array_index (self->warnings, index);
  if (g_strcmp0 (sluice_plans_page_get_view (self), "compare") == 0)
    sluice_plans_page_set_view (self, "tree");
  select_node (self, sluice_plan_get_node (self->plan, warning->node));
}

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
      select_node (self, top->len > 0 ? g_ptr_array_index (top, 0) : sluice_plan_get_root (plan));
    }

  update_actions (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PLAN]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED_NODE]);
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
  show_error (self, NULL);
  set_plan (self, plan);
}

/* Running EXPLAIN ---------------------------------------------------------- */

typedef struct
{
  SluicePlansPage      *self;
  GCancellable         *cancellable;
  SluiceConnection     *connection;
  SluiceExplainOptions *options;
  char                 *sql;
  char                 *profile_name;
} Run;

static void
run_free (Run *run)
{
  g_clear_object (&run->self);
  g_clear_object (&run->cancellable);
  g_clear_object (&run->connection);
  g_clear_pointer (&run->options, sluice_explain_options_free);
  g_free (run->sql);
  g_free (run->profile_name);
  g_free (run);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Run, run_free)

/* Whether @run is still the page's: a newer run, another profile or the
 * page going away leave its results unshown. */
static gboolean
run_is_current (Run *run)
{
  return !g_cancellable_is_cancelled (run->cancellable) && run->self->run_cancellable == run->cancellable;
}

static void
finish_run (Run *run)
{
  if (run->self->run_cancellable == run->cancellable)
    {
      g_clear_object (&run->self->run_cancellable);
      set_running (run->self, FALSE);
    }
}

static void
explain_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(Run) run = user_data;
  SluicePlansPage *self = run->self;
  g_autoptr(GError) error = NULL;
  g_autoptr(SluicePlan) plan = sluice_plan_explain_finish (result, &error);
  gboolean cancelled_by_person = g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) &&
                                 self->run_cancellable == run->cancellable;

  if (!run_is_current (run) && !cancelled_by_person)
    return;

  finish_run (run);
  if (plan == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          set_status (self, _("Cancelled: the statement was stopped on the server and rolled back; nothing was changed."));
        }
      else
        {
          g_autofree char *details = sluice_error_text_describe (error);
          g_autofree char *message = NULL;

          /* Translators: why EXPLAIN failed (the server's words) follows. */
          message = g_strdup_printf (_("EXPLAIN failed, and nothing was changed: it ran inside a transaction "
                                       "that was rolled back. Correct the statement and run it again.\n%s"),
                                     details);
          show_error (self, message);
          set_status (self, NULL);
        }
      return;
    }

  set_status (self, sluice_plan_get_rolled_back (plan)
                    ? _("Ran inside a transaction that was rolled back: nothing was kept.")
                    : NULL);
  sluice_plans_page_show_plan (self, plan, run->profile_name);
}

static void
start_explain (Run *run)
{
  g_autofree char *status = NULL;

  if (run->options->analyze)
    /* Translators: the profile's name. */
    status = g_strdup_printf (_("Running EXPLAIN ANALYZE on “%s”…"), run->profile_name);
  else
    status = g_strdup_printf (_("Planning on “%s”…"), run->profile_name);
  set_status (run->self, status);

  sluice_plan_explain_async (run->connection, run->sql, run->options, run->cancellable,
                             explain_cb, run);
}

static void
guard_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  Run *run = user_data;
  g_autoptr(GError) error = NULL;

  if (!sluice_guard_confirm_finish (result, &error))
    {
      if (run_is_current (run))
        {
          finish_run (run);
          set_status (run->self, NULL);
          show_error (run->self,
                      _("EXPLAIN ANALYZE was not run: it was not confirmed, and nothing was sent to the "
                        "server. Turn ANALYZE off to see the plan without running the statement."));
        }
      run_free (run);
      return;
    }

  if (!run_is_current (run))
    {
      run_free (run);
      return;
    }

  start_explain (run);
}

static void
connect_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  Run *run = user_data;
  SluicePlansPage *self = run->self;
  g_autoptr(GError) error = NULL;
  SluiceConnection *connection = sluice_session_connect_finish (SLUICE_SESSION (object), result, &error);

  if (!run_is_current (run))
    {
      g_clear_object (&connection);
      run_free (run);
      return;
    }

  if (connection == NULL)
    {
      g_autofree char *details = sluice_error_text_describe (error);
      /* Translators: the profile's name, then why the connection failed. */
      g_autofree char *message = g_strdup_printf (_("Could not connect to “%s”; nothing was run. Check the "
                                                    "profile’s connection settings, then try again.\n%s"),
                                                  run->profile_name, details);

      finish_run (run);
      set_status (self, NULL);
      show_error (self, message);
      run_free (run);
      return;
    }

  run->connection = connection;
  set_server_version (self, sluice_connection_get_server_version (connection));

  if (run->options->analyze && sluice_plan_statement_writes (run->sql))
    {
      set_status (self, _("Waiting for confirmation…"));
      sluice_guard_confirm_async (get_window (self), sluice_session_get_profile (self->session),
                                  sluice_connection_get_database (connection),
                                  _("Runs EXPLAIN ANALYZE of a statement that writes. Sluice runs it inside a "
                                    "transaction and rolls it back, so nothing it writes is kept; while it "
                                    "runs it takes its locks and fires its triggers."),
                                  run->cancellable, guard_cb, run);
      return;
    }

  start_explain (run);
}

static void
run_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  SluicePlansPage *self = SLUICE_PLANS_PAGE (widget);
  g_autofree char *sql = get_editor_text (self);
  g_autoptr(SluiceExplainOptions) options = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *validated = NULL;
  Run *run;

  if (self->session == NULL || self->running)
    return;

  g_strstrip (sql);
  if (*sql == '\0')
    {
      show_error (self, _("There is no statement to explain: type one in the editor first."));
      return;
    }

  /* One statement, and not an EXPLAIN already: said before connecting. */
  options = sluice_plans_page_get_options (self);
  validated = sluice_plan_build_explain_sql (sql, options, ANY_SERVER_VERSION, NULL, &error);
  if (validated == NULL)
    {
      /* Translators: why the statement cannot be explained follows. */
      g_autofree char *message = g_strdup_printf (_("Nothing was run. %s"), error->message);

      show_error (self, message);
      return;
    }

  show_error (self, NULL);
  update_notice (self);

  g_cancellable_cancel (self->run_cancellable);
  g_clear_object (&self->run_cancellable);
  self->run_cancellable = g_cancellable_new ();

  run = g_new0 (Run, 1);
  run->self = g_object_ref (self);
  run->cancellable = g_object_ref (self->run_cancellable);
  run->options = g_steal_pointer (&options);
  run->sql = g_steal_pointer (&sql);
  run->profile_name = g_strdup (sluice_profile_get_name (get_profile (self)));

  set_running (self, TRUE);
  set_status (self, _("Connecting…"));
  sluice_session_connect_async (self->session, run->cancellable, connect_cb, run);
}

static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  SluicePlansPage *self = SLUICE_PLANS_PAGE (widget);

  if (self->run_cancellable == NULL)
    return;

  /* explain_cb() still reports it; the statement is cancelled on the
   * server and its transaction rolled back by SluiceConnection. */
  g_cancellable_cancel (self->run_cancellable);
  set_status (self, _("Cancelling…"));
}

/* Learning the server version ----------------------------------------------- */

static void
version_connect_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(SluicePlansPage) self = user_data;
  g_autoptr(SluiceConnection) connection = sluice_session_connect_finish (SLUICE_SESSION (object), result, NULL);

  /* A failure is said when a run fails; here it only leaves the options
   * as they are. */
  if (connection != NULL && SLUICE_SESSION (object) == self->session)
    set_server_version (self, sluice_connection_get_server_version (connection));
}

static void
learn_server_version (SluicePlansPage *self)
{
  if (self->session == NULL || !gtk_widget_get_mapped (GTK_WIDGET (self)))
    {
      self->version_wanted = self->session != NULL;
      return;
    }

  self->version_wanted = FALSE;
  sluice_session_connect_async (self->session, self->io_cancellable, version_connect_cb, g_object_ref (self));
}

/* Pasting, opening and saving ---------------------------------------------- */

static void
parse_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(SluicePlansPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(SluicePlan) plan = sluice_plan_io_parse_finish (result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  set_status (self, NULL);
  if (plan == NULL)
    {
      /* Translators: why the pasted text could not be read follows. */
      g_autofree char *message = g_strdup_printf (_("The pasted text was not shown: it is not a plan Sluice can "
                                                    "read. Paste the whole output of EXPLAIN, in JSON or as psql "
                                                    "prints it.\n%s"),
                                                  error->message);

      show_error (self, message);
      return;
    }

  sluice_plans_page_show_plan (self, plan, _("Pasted"));
}

static void
import_text (SluicePlansPage *self,
             const char      *text)
{
  g_free (self->last_paste);
  self->last_paste = g_strdup (text);
  set_status (self, _("Reading the plan…"));
  sluice_plan_io_parse_async (text, self->io_cancellable, parse_cb, g_object_ref (self));
}

static void
on_paste_response (AdwMessageDialog *dialog,
                   const char       *response,
                   SluicePlansPage  *self)
{
  GtkTextView *view = g_object_get_data (G_OBJECT (dialog), "text-view");
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (view);
  g_autofree char *text = NULL;
  GtkTextIter start, end;

  if (g_strcmp0 (response, "show") != 0)
    return;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  if (*g_strstrip (text) == '\0')
    return;

  import_text (self, text);
}

static void
paste_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  SluicePlansPage *self = SLUICE_PLANS_PAGE (widget);
  GtkWidget *dialog;
  GtkWidget *scroller;
  GtkWidget *view;

  dialog = adw_message_dialog_new (get_window (self), _("Paste a Plan"),
                                   _("Paste the output of EXPLAIN: JSON (FORMAT JSON), the text psql prints "
                                     "(with or without its QUERY PLAN header and + marks), or a plan Sluice saved."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "show", _("_Show Plan"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "show", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "show");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");

  view = gtk_text_view_new ();
  gtk_text_view_set_monospace (GTK_TEXT_VIEW (view), TRUE);
  gtk_text_view_set_wrap_mode (GTK_TEXT_VIEW (view), GTK_WRAP_NONE);
  gtk_text_view_set_top_margin (GTK_TEXT_VIEW (view), 6);
  gtk_text_view_set_left_margin (GTK_TEXT_VIEW (view), 6);
  gtk_accessible_update_property (GTK_ACCESSIBLE (view), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Plan"), -1);
  /* The text of a paste that could not be read, to correct it. */
  if (self->last_paste != NULL && self->error != NULL)
    gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (view)), self->last_paste, -1);

  scroller = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_min_content_width (GTK_SCROLLED_WINDOW (scroller), 560);
  gtk_scrolled_window_set_min_content_height (GTK_SCROLLED_WINDOW (scroller), 300);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), view);
  gtk_widget_add_css_class (scroller, "card");
  gtk_widget_add_css_class (dialog, "plan-paste-dialog");
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), scroller);
  g_object_set_data (G_OBJECT (dialog), "text-view", view);

  g_signal_connect_object (dialog, "response", G_CALLBACK (on_paste_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (view);
}

typedef struct
{
  SluicePlansPage *self;
  char            *name;
} FileOp;

static void
file_op_free (FileOp *op)
{
  g_clear_object (&op->self);
  g_free (op->name);
  g_free (op);
}

static void
load_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  FileOp *op = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(SluicePlan) plan = sluice_plan_io_load_finish (result, &error);

  if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      set_status (op->self, NULL);
      if (plan != NULL)
        {
          sluice_plans_page_show_plan (op->self, plan, op->name);
        }
      else
        {
          /* Translators: a file name, then why it could not be read. */
          g_autofree char *message = g_strdup_printf (_("“%s” was not opened: %s"), op->name, error->message);

          show_error (op->self, message);
        }
    }

  file_op_free (op);
}

static void
on_open_response (GtkNativeDialog *chooser,
                  int              response,
                  SluicePlansPage *self)
{
  g_autoptr(GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  g_object_unref (chooser);
  if (file != NULL)
    sluice_plans_page_open_file (self, file);
}

static void
open_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  SluicePlansPage *self = SLUICE_PLANS_PAGE (widget);
  GtkFileChooserNative *chooser;

  chooser = gtk_file_chooser_native_new (_("Open a Plan"), get_window (self), GTK_FILE_CHOOSER_ACTION_OPEN,
                                         _("_Open"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  sluice_plan_io_add_filters (GTK_FILE_CHOOSER (chooser));
  g_signal_connect_object (chooser, "response", G_CALLBACK (on_open_response), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
save_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  FileOp *op = user_data;
  g_autoptr(GError) error = NULL;

  if (sluice_plan_io_save_finish (result, &error))
    {
      /* Translators: the file name the plan was saved to. */
      g_autofree char *message = g_strdup_printf (_("Plan saved to “%s”"), op->name);

      set_status (op->self, message);
      add_toast (op->self, message);
    }
  else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      /* Translators: a file name, then why it could not be written. */
      g_autofree char *message = g_strdup_printf (_("The plan was not saved to “%s”: %s. Choose another "
                                                    "folder, or check that this one can be written."),
                                                  op->name, error->message);

      set_status (op->self, NULL);
      show_error (op->self, message);
    }

  file_op_free (op);
}

static void
on_save_response (GtkNativeDialog *chooser,
                  int              response,
                  SluicePlansPage *self)
{
  g_autoptr(GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  g_object_unref (chooser);
  if (file != NULL)
    sluice_plans_page_save_file (self, file);
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  SluicePlansPage *self = SLUICE_PLANS_PAGE (widget);
  GtkFileChooserNative *chooser;
  g_autofree char *name = NULL;

  if (self->plan == NULL)
    return;

  chooser = gtk_file_chooser_native_new (_("Save the Plan"), get_window (self), GTK_FILE_CHOOSER_ACTION_SAVE,
                                         _("_Save"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  name = sluice_plan_io_suggest_name (self->plan);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  g_signal_connect_object (chooser, "response", G_CALLBACK (on_save_response), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/* Views --------------------------------------------------------------------- */

static void
apply_view (SluicePlansPage *self,
            const char      *view)
{
  if (g_strcmp0 (view, "compare") == 0)
    {
      gtk_stack_set_visible_child_name (self->views_stack, "compare");
      return;
    }

  gtk_stack_set_visible_child_name (self->views_stack, "nodes");
  gtk_stack_set_visible_child_name (self->nodes_stack, g_strcmp0 (view, "graph") == 0 ? "graph" : "tree");
}

static void
update_actions (SluicePlansPage *self)
{
  GtkWidget *widget = GTK_WIDGET (self);

  gtk_widget_action_set_enabled (widget, "plans.run", self->session != NULL && !self->running);
  gtk_widget_action_set_enabled (widget, "plans.cancel", self->running);
  gtk_widget_action_set_enabled (widget, "plans.save", self->plan != NULL);
}

/* The session --------------------------------------------------------------- */

static void
on_profile_changed (SluicePlansPage *self)
{
  update_notice (self);
}

static void
sluice_plans_page_map (GtkWidget *widget)
{
  SluicePlansPage *self = SLUICE_PLANS_PAGE (widget);

  GTK_WIDGET_CLASS (sluice_plans_page_parent_class)->map (widget);

  if (self->version_wanted)
    learn_server_version (self);
}

/* Style ---------------------------------------------------------------------- */

static void
update_style_scheme (SluicePlansPage *self)
{
  GtkSourceStyleSchemeManager *schemes = gtk_source_style_scheme_manager_get_default ();
  gboolean dark = adw_style_manager_get_dark (adw_style_manager_get_default ());
  GtkSourceBuffer *buffer = GTK_SOURCE_BUFFER (gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->editor)));

  gtk_source_buffer_set_style_scheme (buffer, gtk_source_style_scheme_manager_get_scheme (schemes, dark ? "Adwaita-dark" : "Adwaita"));
}

static void
setup_editor (SluicePlansPage *self)
{
  GtkSourceLanguageManager *languages = gtk_source_language_manager_get_default ();
  GtkSourceBuffer *buffer = GTK_SOURCE_BUFFER (gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->editor)));

  gtk_source_buffer_set_language (buffer, gtk_source_language_manager_get_language (languages, "sql"));
  gtk_source_buffer_set_highlight_syntax (buffer, TRUE);
  g_signal_connect_object (buffer, "changed", G_CALLBACK (on_editor_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (adw_style_manager_get_default (), "notify::dark",
                           G_CALLBACK (update_style_scheme), self, G_CONNECT_SWAPPED);
  update_style_scheme (self);
}

static void
setup_shortcuts (SluicePlansPage *self)
{
  GtkEventController *controller = gtk_shortcut_controller_new ();

  /* In the capture phase: the editor would take Ctrl+Enter as a newline. */
  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (controller),
                                        gtk_shortcut_new (gtk_alternative_trigger_new (gtk_keyval_trigger_new (GDK_KEY_Return, GDK_CONTROL_MASK),
                                                                                       gtk_keyval_trigger_new (GDK_KEY_KP_Enter, GDK_CONTROL_MASK)),
                                                          gtk_named_action_new ("plans.run")));
  gtk_widget_add_controller (GTK_WIDGET (self), controller);
}

static void
on_option_toggled (SluicePlansPage *self)
{
  update_notice (self);
}

static void
setup_options (SluicePlansPage *self)
{
  g_autoptr(SluiceExplainOptions) defaults = sluice_explain_options_new ();
  GtkCheckButton *needs_analyze[] = { self->wal_check, self->timing_check, self->serialize_check };

  sluice_plans_page_set_options (self, defaults);
  for (guint i = 0; i < G_N_ELEMENTS (needs_analyze); i++)
    g_object_bind_property (self->analyze_check, "active", needs_analyze[i], "sensitive", G_BINDING_SYNC_CREATE);
  g_signal_connect_object (self->analyze_check, "toggled", G_CALLBACK (on_option_toggled), self, G_CONNECT_SWAPPED);
  update_option_visibility (self);
}

/* GObject ------------------------------------------------------------------- */

static void
sluice_plans_page_dispose (GObject *object)
{
  SluicePlansPage *self = SLUICE_PLANS_PAGE (object);
  GtkWidget *child;

  g_cancellable_cancel (self->run_cancellable);
  g_cancellable_cancel (self->io_cancellable);
  g_clear_handle_id (&self->notice_source, g_source_remove);
  if (self->profile_signals != NULL)
    g_signal_group_set_target (self->profile_signals, NULL);
  g_clear_object (&self->profile_signals);

  gtk_widget_dispose_template (GTK_WIDGET (self), SLUICE_TYPE_PLANS_PAGE);
  /* The template's root is not a bound child: unparent what is left. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  g_clear_object (&self->run_cancellable);
  g_clear_object (&self->io_cancellable);
  g_clear_object (&self->selected_node);
  g_clear_object (&self->plan);
  g_clear_object (&self->runs);
  g_clear_object (&self->session);
  g_clear_pointer (&self->warnings, g_ptr_array_unref);

  G_OBJECT_CLASS (sluice_plans_page_parent_class)->dispose (object);
}

static void
sluice_plans_page_finalize (GObject *object)
{
  SluicePlansPage *self = SLUICE_PLANS_PAGE (object);

  g_free (self->notice);
  g_free (self->error);
  g_free (self->last_paste);

  G_OBJECT_CLASS (sluice_plans_page_parent_class)->finalize (object);
}

static void
sluice_plans_page_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  SluicePlansPage *self = SLUICE_PLANS_PAGE (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;
    case PROP_PLAN:
      g_value_set_object (value, self->plan);
      break;
    case PROP_RUNNING:
      g_value_set_boolean (value, self->running);
      break;
    case PROP_SELECTED_NODE:
      g_value_set_object (value, self->selected_node);
      break;
    case PROP_VIEW:
      g_value_set_string (value, sluice_plans_page_get_view (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sluice_plans_page_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  SluicePlansPage *self = SLUICE_PLANS_PAGE (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      sluice_plans_page_set_session (self, g_value_get_object (value));
      break;
    case PROP_SELECTED_NODE:
      sluice_plans_page_select_node (self, g_value_get_object (value));
      break;
    case PROP_VIEW:
      sluice_plans_page_set_view (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sluice_plans_page_class_init (SluicePlansPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sluice_plans_page_dispose;
  object_class->finalize = sluice_plans_page_finalize;
  object_class->get_property = sluice_plans_page_get_property;
  object_class->set_property = sluice_plans_page_set_property;

  widget_class->map = sluice_plans_page_map;

  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, SLUICE_TYPE_SESSION,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PLAN] =
    g_param_spec_object ("plan", NULL, NULL, SLUICE_TYPE_PLAN,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_RUNNING] =
    g_param_spec_boolean ("running", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_SELECTED_NODE] =
    g_param_spec_object ("selected-node", NULL, NULL, SLUICE_TYPE_PLAN_NODE,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_VIEW] =
    g_param_spec_string ("view", NULL, NULL, "tree",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_install_action (widget_class, "plans.run", NULL, run_action);
  gtk_widget_class_install_action (widget_class, "plans.cancel", NULL, cancel_action);
  gtk_widget_class_install_action (widget_class, "plans.paste", NULL, paste_action);
  gtk_widget_class_install_action (widget_class, "plans.open", NULL, open_action);
  gtk_widget_class_install_action (widget_class, "plans.save", NULL, save_action);
  /* Stateful: the Tree, Graph and Compare toggles show which is on. */
  gtk_widget_class_install_property_action (widget_class, "plans.view", "view");

  g_type_ensure (GTK_SOURCE_TYPE_VIEW);
  g_type_ensure (SLUICE_TYPE_PLAN_TREE);
  g_type_ensure (SLUICE_TYPE_PLAN_FLAME);
  g_type_ensure (SLUICE_TYPE_PLAN_DETAIL);
  g_type_ensure (SLUICE_TYPE_PLAN_COMPARE_VIEW);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ui/sluice-plans-page.ui");
  gtk_widget_class_bind_template_child (widget_class, SluicePlansPage, editor);
  gtk_widget_class_bind_template_child (widget_class, SluicePlansPage, options_box);
  gtk_widget_class_bind_template_child (widget_class, SluicePlansPage, analyze_check);
  gtk_widget_class_bind_template_child (widget_class, SluicePlansPage, buffers_check);
  gtk_widget_class_bind_template_child (widget_class, SluicePlansPage, verbose_check);
  gtk_widget_class_bind_template_child (widget_class, SluicePlansPage, settings_check);
  gtk_widget_class_bind_template_child (widget_class, SluicePlansPage, wal_check);
  gtk_widget_class_bind_template_child (widget_class, SluicePlansPage, timing_check);
  gtk_widget_class_bind_template_child (widget_class, SluicePlansPage, serialize_check);
  gtk_widget_class_bind_template_child (widget_class, SluicePlansPage, memory_check);
  gtk_widget_class_bind_template_child (widget_class, SluicePlansPage, spinner);
  gtk_widget_class_bind_template_child (widget_class, SluicePlansPage, status_label);
  gtk_widget_class_bind_template_child (widget_class, SluicePlansPage, notice_revealer);
  gtk_widget_class_bind_template_child (widget_class, SluicePlansPage, notice_label);
  gtk_widget_class_bind_template_child (widget_class, SluicePlansPage, error_revealer);
  gtk_widget_class_bind_template_child (widget_class, SluicePlansPage, error_label);
  gtk_widget_class_bind_template_child (widget_class, SluicePlansPage, results_stack);
  gtk_widget_class_bind_template_child (widget_class, SluicePlansPage, execution_value);
  gtk_widget_class_bind_template_child (widget_class, SluicePlansPage, planning_value);
  gtk_widget_class_bind_template_child (widget_class, SluicePlansPage, jit_value);
  gtk_widget_class_bind_template_child (widget_class, SluicePlansPage, triggers_value);
  gtk_widget_class_bind_template_child (widget_class, SluicePlansPage, nodes_value);
  gtk_widget_class_bind_template_child (widget_class, SluicePlansPage, rolled_back_label);
  gtk_widget_class_bind_template_child (widget_class, SluicePlansPage, source_label);
  gtk_widget_class_bind_template_child (widget_class, SluicePlansPage, warnings_title);
  gtk_widget_class_bind_template_child (widget_class, SluicePlansPage, warnings_scroller);
  gtk_widget_class_bind_template_child (widget_class, SluicePlansPage, warnings_list);
  gtk_widget_class_bind_template_child (widget_class, SluicePlansPage, views_stack);
  gtk_widget_class_bind_template_child (widget_class, SluicePlansPage, nodes_stack);
  gtk_widget_class_bind_template_child (widget_class, SluicePlansPage, tree);
  gtk_widget_class_bind_template_child (widget_class, SluicePlansPage, flame);
  gtk_widget_class_bind_template_child (widget_class, SluicePlansPage, detail);
  gtk_widget_class_bind_template_child (widget_class, SluicePlansPage, compare_view);
  gtk_widget_class_bind_template_callback (widget_class, on_error_dismissed);
  gtk_widget_class_bind_template_callback (widget_class, on_warning_activated);
}

static void
sluice_plans_page_init (SluicePlansPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->runs = g_list_store_new (SLUICE_TYPE_PLAN_RUN);
  self->io_cancellable = g_cancellable_new ();
  self->warnings = g_ptr_array_new_with_free_func ((GDestroyNotify) sluice_plan_warning_free);

  setup_editor (self);
  setup_options (self);
  setup_shortcuts (self);

  sluice_plan_compare_view_set_runs (self->compare_view, self->runs);
  g_signal_connect_object (self->tree, "notify::selected-node",
                           G_CALLBACK (on_tree_selection_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->flame, "notify::selected-node",
                           G_CALLBACK (on_flame_selection_changed), self, G_CONNECT_SWAPPED);

  self->profile_signals = g_signal_group_new (SLUICE_TYPE_PROFILE);
  g_signal_group_connect_swapped (self->profile_signals, "notify::guard",
                                  G_CALLBACK (on_profile_changed), self);

  gtk_widget_set_visible (GTK_WIDGET (self->rolled_back_label), FALSE);
  apply_view (self, "tree");
  update_actions (self);
}

GtkWidget *
sluice_plans_page_new (void)
{
  return g_object_new (SLUICE_TYPE_PLANS_PAGE, NULL);
}

SluiceSession *
sluice_plans_page_get_session (SluicePlansPage *self)
{
  g_return_val_if_fail (SLUICE_IS_PLANS_PAGE (self), NULL);
  return self->session;
}

void
sluice_plans_page_set_session (SluicePlansPage *self,
                               SluiceSession   *session)
{
  g_return_if_fail (SLUICE_IS_PLANS_PAGE (self));
  g_return_if_fail (session == NULL || SLUICE_IS_SESSION (session));

  if (!g_set_object (&self->session, session))
    return;

  /* A run on the last profile is not shown on this one's page. */
  if (self->run_cancellable != NULL)
    {
      g_cancellable_cancel (self->run_cancellable);
      g_clear_object (&self->run_cancellable);
      set_running (self, FALSE);
      set_status (self, NULL);
    }

  g_signal_group_set_target (self->profile_signals, get_profile (self));
  set_server_version (self, 0);
  learn_server_version (self);
  update_notice (self);
  update_actions (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION]);
}

char *
sluice_plans_page_dup_sql (SluicePlansPage *self)
{
  g_return_val_if_fail (SLUICE_IS_PLANS_PAGE (self), NULL);
  return get_editor_text (self);
}

void
sluice_plans_page_set_sql (SluicePlansPage *self,
                           const char      *sql)
{
  g_return_if_fail (SLUICE_IS_PLANS_PAGE (self));

  gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->editor)), sql != NULL ? sql : "", -1);
  update_notice (self);
}

SluiceExplainOptions *
sluice_plans_page_get_options (SluicePlansPage *self)
{
  SluiceExplainOptions *options;
  SluiceProfile *profile;

  g_return_val_if_fail (SLUICE_IS_PLANS_PAGE (self), NULL);

  options = sluice_explain_options_new ();
  options->analyze = gtk_check_button_get_active (self->analyze_check);
  options->buffers = gtk_check_button_get_active (self->buffers_check);
  options->verbose = gtk_check_button_get_active (self->verbose_check);
  options->settings = check_active (self->settings_check);
  options->wal = options->analyze && check_active (self->wal_check);
  options->timing = !options->analyze || gtk_check_button_get_active (self->timing_check);
  options->serialize = options->analyze && check_active (self->serialize_check);
  options->memory = check_active (self->memory_check);

  profile = get_profile (self);
  options->statement_timeout_ms = profile != NULL ? sluice_profile_get_statement_timeout_ms (profile) : 0;
  return options;
}

void
sluice_plans_page_set_options (SluicePlansPage            *self,
                               const SluiceExplainOptions *options)
{
  g_return_if_fail (SLUICE_IS_PLANS_PAGE (self));
  g_return_if_fail (options != NULL);

  gtk_check_button_set_active (self->analyze_check, options->analyze);
  gtk_check_button_set_active (self->buffers_check, options->buffers);
  gtk_check_button_set_active (self->verbose_check, options->verbose);
  gtk_check_button_set_active (self->settings_check, options->settings);
  gtk_check_button_set_active (self->wal_check, options->wal);
  gtk_check_button_set_active (self->timing_check, options->timing);
  gtk_check_button_set_active (self->serialize_check, options->serialize);
  gtk_check_button_set_active (self->memory_check, options->memory);
  update_notice (self);
}

int
sluice_plans_page_get_server_version (SluicePlansPage *self)
{
  g_return_val_if_fail (SLUICE_IS_PLANS_PAGE (self), 0);
  return self->server_version;
}

gboolean
sluice_plans_page_get_running (SluicePlansPage *self)
{
  g_return_val_if_fail (SLUICE_IS_PLANS_PAGE (self), FALSE);
  return self->running;
}

const char *
sluice_plans_page_get_notice (SluicePlansPage *self)
{
  g_return_val_if_fail (SLUICE_IS_PLANS_PAGE (self), NULL);
  return self->notice;
}

const char *
sluice_plans_page_get_error (SluicePlansPage *self)
{
  g_return_val_if_fail (SLUICE_IS_PLANS_PAGE (self), NULL);
  return self->error;
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

SluicePlanNode *
sluice_plans_page_get_selected_node (SluicePlansPage *self)
{
  g_return_val_if_fail (SLUICE_IS_PLANS_PAGE (self), NULL);
  return self->selected_node;
}

void
sluice_plans_page_select_node (SluicePlansPage *self,
                               SluicePlanNode  *node)
{
  g_return_if_fail (SLUICE_IS_PLANS_PAGE (self));
  g_return_if_fail (node == NULL || SLUICE_IS_PLAN_NODE (node));

  select_node (self, node);
}

const char *
sluice_plans_page_get_view (SluicePlansPage *self)
{
  g_return_val_if_fail (SLUICE_IS_PLANS_PAGE (self), NULL);

  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->views_stack), "compare") == 0)
    return "compare";
  return gtk_stack_get_visible_child_name (self->nodes_stack);
}

void
sluice_plans_page_set_view (SluicePlansPage *self,
                            const char      *view)
{
  g_return_if_fail (SLUICE_IS_PLANS_PAGE (self));
  g_return_if_fail (view != NULL);

  if (g_strcmp0 (view, "tree") != 0 && g_strcmp0 (view, "graph") != 0 && g_strcmp0 (view, "compare") != 0)
    return;

  if (g_strcmp0 (sluice_plans_page_get_view (self), view) == 0)
    return;

  apply_view (self, view);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VIEW]);
}

SluicePlanTree *
sluice_plans_page_get_tree (SluicePlansPage *self)
{
  g_return_val_if_fail (SLUICE_IS_PLANS_PAGE (self), NULL);
  return self->tree;
}

SluicePlanFlame *
sluice_plans_page_get_flame (SluicePlansPage *self)
{
  g_return_val_if_fail (SLUICE_IS_PLANS_PAGE (self), NULL);
  return self->flame;
}

SluicePlanDetail *
sluice_plans_page_get_detail (SluicePlansPage *self)
{
  g_return_val_if_fail (SLUICE_IS_PLANS_PAGE (self), NULL);
  return self->detail;
}

SluicePlanCompareView *
sluice_plans_page_get_compare_view (SluicePlansPage *self)
{
  g_return_val_if_fail (SLUICE_IS_PLANS_PAGE (self), NULL);
  return self->compare_view;
}

GtkListBox *
sluice_plans_page_get_warnings_list (SluicePlansPage *self)
{
  g_return_val_if_fail (SLUICE_IS_PLANS_PAGE (self), NULL);
  return self->warnings_list;
}

void
sluice_plans_page_open_file (SluicePlansPage *self,
                             GFile           *file)
{
  FileOp *op;

  g_return_if_fail (SLUICE_IS_PLANS_PAGE (self));
  g_return_if_fail (G_IS_FILE (file));

  op = g_new0 (FileOp, 1);
  op->self = g_object_ref (self);
  op->name = g_file_get_basename (file);
  set_status (self, _("Reading the plan…"));
  sluice_plan_io_load_async (file, self->io_cancellable, load_cb, op);
}

void
sluice_plans_page_save_file (SluicePlansPage *self,
                             GFile           *file)
{
  FileOp *op;

  g_return_if_fail (SLUICE_IS_PLANS_PAGE (self));
  g_return_if_fail (G_IS_FILE (file));

  if (self->plan == NULL)
    return;

  op = g_new0 (FileOp, 1);
  op->self = g_object_ref (self);
  op->name = g_file_get_basename (file);
  sluice_plan_io_save_async (self->plan, file, self->io_cancellable, save_cb, op);
}
