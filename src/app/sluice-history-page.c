/* sluice-history-page.c: a profile's migrations, what its database applied,
 * when, by whom and how long it took
 *
 * The page reads the folder and the history, joins them, and hands the
 * report to its parts: SluiceHistorySummary (the cards and the timeline),
 * SluiceMigrationList and SluiceMigrationDetail.  It keeps them on one
 * migration: choosing it in the list or the chart shows it in both and in
 * the detail pane.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n-lib.h>

#include "sluice-duration-chart.h"
#include "sluice-error-text.h"
#include "sluice-history-page.h"
#include "sluice-history-page-private.h"
#include "sluice-history-summary.h"
#include "sluice-migration-detail.h"
#include "sluice-migration-list.h"

typedef enum
{
  FAILED_CONNECTING,
  FAILED_READING_FOLDER,
  FAILED_READING_HISTORY,
} FailedWhile;

struct _SluiceHistoryPage
{
  GtkWidget              parent_instance;

  SluiceSession         *session;
  SluiceSandbox         *sandbox;
  SluiceMigrationFolder *folder;
  SluiceHistory         *history;
  SluiceStatusReport    *report;
  SluiceStatusItem      *selected_item;
  GError                *error;
  GCancellable          *cancellable;
  GSignalGroup          *profile_signals;
  GSignalGroup          *sandbox_signals;
  gboolean               loading;
  gboolean               dirty;
  gboolean               waiting_for_sandbox;

  GtkStack              *stack;
  GtkSpinner            *spinner;
  GtkLabel              *loading_title;
  GtkLabel              *loading_detail;
  AdwStatusPage         *error_page;
  GtkLabel              *error_label;
  SluiceHistorySummary  *summary;
  SluiceMigrationList   *migration_list;
  SluiceMigrationDetail *migration_detail;
  GtkLabel              *rollback_hint;
};

G_DEFINE_FINAL_TYPE (SluiceHistoryPage, sluice_history_page, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_SESSION,
  PROP_SANDBOX,
  PROP_LOADING,
  PROP_REPORT,
  PROP_SELECTED_ITEM,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void select_item (SluiceHistoryPage *self,
                         SluiceStatusItem  *item);
static void update_rollback (SluiceHistoryPage *self);

/* Small helpers ----------------------------------------------------------- */

static SluiceProfile *
get_profile (SluiceHistoryPage *self)
{
  return self->session != NULL ? sluice_session_get_profile (self->session) : NULL;
}

static const char *
get_folder_path (SluiceHistoryPage *self)
{
  SluiceProfile *profile = get_profile (self);
  const char *folder = profile != NULL ? sluice_profile_get_migration_folder (profile) : NULL;

  return folder != NULL && *folder != '\0' ? folder : NULL;
}

static SluiceSandboxState
get_sandbox_state (SluiceHistoryPage *self)
{
  SluiceSandboxState state = SLUICE_SANDBOX_MISSING;

  if (self->sandbox != NULL)
    g_object_get (self->sandbox, "state", &state, NULL);
  return state;
}

static gboolean
sandbox_is_starting (SluiceHistoryPage *self)
{
  SluiceProfile *profile = get_profile (self);

  return self->sandbox != NULL && profile != NULL &&
         sluice_profile_get_environment (profile) == SLUICE_ENVIRONMENT_SANDBOX &&
         get_sandbox_state (self) == SLUICE_SANDBOX_STARTING;
}

void
_sluice_history_page_clear_children (GtkWidget *parent)
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

SluiceStatusItem *
_sluice_history_page_find_item (SluiceStatusReport *report,
                                const char         *version)
{
  GListModel *items;

  if (report == NULL || version == NULL)
    return NULL;

  items = sluice_status_report_get_items (report);
  for (guint i = 0; i < g_list_model_get_n_items (items); i++)
    {
      g_autoptr(SluiceStatusItem) item = g_list_model_get_item (items, i);

      if (g_strcmp0 (sluice_status_item_get_version (item), version) == 0)
        return item;  /* the report keeps it alive */
    }

  return NULL;
}

/* States ------------------------------------------------------------------ */

static void
set_loading (SluiceHistoryPage *self,
             gboolean           loading)
{
  gtk_spinner_set_spinning (self->spinner, loading);
  if (self->loading == loading)
    return;
  self->loading = loading;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

static void
show_loading (SluiceHistoryPage *self,
              const char        *title,
              const char        *detail)
{
  gtk_label_set_label (self->loading_title, title);
  gtk_label_set_label (self->loading_detail, detail != NULL ? detail : "");
  gtk_widget_set_visible (GTK_WIDGET (self->loading_detail), detail != NULL && *detail != '\0');
  gtk_stack_set_visible_child_name (self->stack, "loading");
  set_loading (self, TRUE);
}

static void
show_failure (SluiceHistoryPage *self,
              const GError      *error,
              FailedWhile        failed_while)
{
  SluiceProfile *profile = get_profile (self);
  g_autofree char *title = NULL;
  g_autofree char *message = sluice_error_text_describe (error);
  const char *description;
  const char *icon;

  g_clear_error (&self->error);
  self->error = g_error_copy (error);

  switch (failed_while)
    {
    case FAILED_READING_FOLDER:
      icon = "folder-symbolic";
      title = g_strdup (_("Could Not Read the Migration Folder"));
      description = _("Nothing was changed in the folder or on the server. Check that the folder "
                      "exists and can be read, or choose another in the profile’s settings.");
      break;
    case FAILED_READING_HISTORY:
      icon = "dialog-warning-symbolic";
      title = g_strdup_printf (_("Could Not Read the History of “%s”"), sluice_profile_get_name (profile));
      description = _("Nothing was changed on the server. Check that the profile’s role may read "
                      "the history table, then try again.");
      break;
    case FAILED_CONNECTING:
    default:
      icon = "network-error-symbolic";
      title = g_strdup_printf (_("Could Not Connect to “%s”"), sluice_profile_get_name (profile));
      description = _("Nothing was changed on the server. Check the profile’s connection "
                      "settings, then try again.");
      break;
    }

  adw_status_page_set_icon_name (self->error_page, icon);
  adw_status_page_set_title (self->error_page, title);
  adw_status_page_set_description (self->error_page, description);
  gtk_label_set_label (self->error_label, message);
  gtk_stack_set_visible_child_name (self->stack, "failed");
  set_loading (self, FALSE);
}

/* Selection: the list, the chart and the detail follow each other ------ */

static SluiceDurationChart *
get_chart (SluiceHistoryPage *self)
{
  return sluice_history_summary_get_chart (self->summary);
}

static void
set_selected_item (SluiceHistoryPage *self,
                   SluiceStatusItem  *item)
{
  if (!g_set_object (&self->selected_item, item))
    return;

  sluice_migration_detail_set_item (self->migration_detail, item);
  sluice_duration_chart_set_selected_item (get_chart (self), item);
  update_rollback (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED_ITEM]);
}

/* Rolling back to the selected version ------------------------------------ */

/* Only an applied version can be gone back to, and only when something
 * was applied after it: what runs is planned, shown and checked by the
 * Migrate page before anything is reverted. */
static gboolean
can_roll_back_to (SluiceHistoryPage *self,
                  SluiceStatusItem  *item)
{
  const char *current;

  if (item == NULL || self->report == NULL)
    return FALSE;
  /* Applied here (its file edited since, or gone, does not change that);
   * a failed attempt is no version to go back to. */
  if (sluice_status_item_get_entry (item) == NULL ||
      sluice_status_item_get_status (item) == SLUICE_STATUS_FAILED)
    return FALSE;

  current = sluice_status_report_get_current_version (self->report);
  return current != NULL && sluice_version_compare (sluice_status_item_get_version (item), current) < 0;
}

static void
update_rollback (SluiceHistoryPage *self)
{
  SluiceStatusItem *item = self->selected_item;
  gboolean possible = can_roll_back_to (self, item);
  const char *hint = NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "history.rollback-to-selected", possible);

  if (item == NULL)
    hint = "";
  else if (possible)
    hint = _("Shows the plan back to this version, with its data-loss warnings, before anything runs.");
  else if (sluice_status_item_get_entry (item) != NULL &&
           sluice_status_item_get_status (item) != SLUICE_STATUS_FAILED)
    hint = _("This is the current version: there is nothing to roll back.");
  else
    hint = _("Only a version applied here can be rolled back to.");
  gtk_label_set_label (self->rollback_hint, hint);
}

static void
rollback_to_selected_action (GtkWidget  *widget,
                             const char *action_name,
                             GVariant   *parameter)
{
  SluiceHistoryPage *self = SLUICE_HISTORY_PAGE (widget);

  if (!can_roll_back_to (self, self->selected_item))
    return;

  /* The window owns the pages: it shows the Migrate page in rollback mode. */
  gtk_widget_activate_action (widget, "win.rollback-to", "s",
                              sluice_status_item_get_version (self->selected_item));
}

static void
on_list_selection_changed (SluiceHistoryPage *self)
{
  set_selected_item (self, sluice_migration_list_get_selected_item (self->migration_list));
}

static void
on_chart_selection_changed (SluiceHistoryPage *self)
{
  SluiceStatusItem *item = sluice_duration_chart_get_selected_item (get_chart (self));

  if (item != NULL && item != self->selected_item)
    select_item (self, item);
}

static void
select_item (SluiceHistoryPage *self,
             SluiceStatusItem  *item)
{
  /* The list's selection changing selects it everywhere else. */
  sluice_migration_list_select_item (self->migration_list, item);
  if (item == NULL)
    set_selected_item (self, NULL);
}

/* Showing a report -------------------------------------------------------- */

static void
clear_results (SluiceHistoryPage *self)
{
  set_selected_item (self, NULL);
  sluice_migration_list_set_model (self->migration_list, NULL);
  sluice_history_summary_clear (self->summary);
  sluice_migration_detail_set_history (self->migration_detail, NULL);
  g_clear_object (&self->folder);
  g_clear_object (&self->history);
  g_clear_error (&self->error);
  if (self->report != NULL)
    {
      g_clear_object (&self->report);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REPORT]);
    }
}

static void
show_report (SluiceHistoryPage     *self,
             SluiceMigrationFolder *folder,
             SluiceHistory         *history)
{
  g_autofree char *keep_version = NULL;

  if (self->selected_item != NULL)
    keep_version = g_strdup (sluice_status_item_get_version (self->selected_item));

  clear_results (self);
  self->folder = g_object_ref (folder);
  self->history = g_object_ref (history);
  self->report = sluice_status_report_new (folder, history);

  sluice_history_summary_show (self->summary, folder, history, self->report);
  sluice_migration_detail_set_history (self->migration_detail, history);
  sluice_migration_detail_set_stats_source (self->migration_detail,
                                            sluice_session_get_connection (self->session),
                                            sluice_profile_get_id (get_profile (self)));
  sluice_migration_list_set_model (self->migration_list, sluice_status_report_get_items (self->report));

  /* A refresh keeps the migration one was looking at. */
  if (keep_version != NULL)
    sluice_history_page_select_version (self, keep_version);

  gtk_stack_set_visible_child_name (self->stack, "history");
  set_loading (self, FALSE);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REPORT]);
}

/* Loading: the folder and the history at the same time ------------------- */

typedef struct
{
  SluiceHistoryPage     *self;
  GCancellable          *cancellable;
  SluiceConnection      *connection;
  SluiceMigrationFolder *folder;
  SluiceHistory         *history;
  GError                *connect_error;
  GError                *folder_error;
  GError                *history_error;
  guint                  pending;
  gboolean               reread;
} Load;

static void
load_clear (Load *load)
{
  g_clear_object (&load->cancellable);
  g_clear_object (&load->connection);
  g_clear_object (&load->folder);
  g_clear_object (&load->history);
  g_clear_error (&load->connect_error);
  g_clear_error (&load->folder_error);
  g_clear_error (&load->history_error);
}

static Load *
load_ref (Load *load)
{
  return g_rc_box_acquire (load);
}

static void
load_unref (Load *load)
{
  g_rc_box_release_full (load, (GDestroyNotify) load_clear);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Load, load_unref)

static void history_cb (GObject      *object,
                        GAsyncResult *result,
                        gpointer      user_data);

/* The folder's tool, when its table is there but another tool's was read
 * (two tools' tables in one database, with no folder format to choose by
 * while both were still loading). */
static gboolean
needs_reread (Load *load)
{
  SluiceMigrationFormat format = sluice_migration_folder_get_format (load->folder);
  GArray *found = sluice_history_get_tools_found (load->history);

  if (load->reread || sluice_history_tool_get_format (sluice_history_get_tool (load->history)) == format)
    return FALSE;

  for (guint i = 0; found != NULL && i < found->len; i++)
    if (sluice_history_tool_get_format (g_array_index (found, SluiceHistoryTool, i)) == format)
      return TRUE;

  return FALSE;
}

static void
load_step_done (Load *load)
{
  SluiceHistoryPage *self = load->self;

  g_assert (load->pending > 0);
  if (--load->pending > 0 || g_cancellable_is_cancelled (load->cancellable))
    return;

  if (load->connect_error != NULL)
    show_failure (self, load->connect_error, FAILED_CONNECTING);
  else if (load->folder_error != NULL)
    show_failure (self, load->folder_error, FAILED_READING_FOLDER);
  else if (load->history_error != NULL)
    show_failure (self, load->history_error, FAILED_READING_HISTORY);
  else if (needs_reread (load))
    {
      load->reread = TRUE;
      load->pending++;
      g_clear_object (&load->history);
      sluice_history_read_async (load->connection, sluice_migration_folder_get_format (load->folder),
                                 load->cancellable, history_cb, load_ref (load));
    }
  else
    show_report (self, load->folder, load->history);
}

static void
folder_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(Load) load = user_data;

  load->folder = sluice_migration_folder_load_finish (result, &load->folder_error);
  load_step_done (load);
}

static void
history_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(Load) load = user_data;

  load->history = sluice_history_read_finish (result, &load->history_error);
  load_step_done (load);
}

static void
connect_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(Load) load = user_data;
  SluiceConnection *connection;
  GCancellable *cancellable;

  load->connection = sluice_session_connect_finish (SLUICE_SESSION (object), result, &load->connect_error);
  if (load->connection == NULL || g_cancellable_is_cancelled (load->cancellable))
    {
      load_step_done (load);
      return;
    }

  show_loading (load->self, _("Reading the Migration History…"), get_folder_path (load->self));

  /* The folder may still be loading: read with no preference, and again
   * in the rare case that the folder's own tool was passed over. */
  connection = load->connection;
  cancellable = load->cancellable;
  sluice_history_read_async (connection, SLUICE_MIGRATION_FORMAT_AUTO,
                             cancellable, history_cb, g_steal_pointer (&load));
}

static void
cancel_load (SluiceHistoryPage *self)
{
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
}

static void
start_load (SluiceHistoryPage *self,
            const char        *folder)
{
  g_autofree char *title = g_strdup_printf (_("Connecting to “%s”…"),
                                            sluice_profile_get_name (get_profile (self)));
  Load *load = g_rc_box_new0 (Load);

  self->cancellable = g_cancellable_new ();
  load->self = self;
  load->cancellable = g_object_ref (self->cancellable);
  load->pending = 2;

  show_loading (self, title, folder);

  sluice_migration_folder_load_async (folder, SLUICE_MIGRATION_FORMAT_AUTO, load->cancellable,
                                      folder_cb, load_ref (load));
  sluice_session_connect_async (self->session, load->cancellable, connect_cb, load);
}

void
sluice_history_page_reload (SluiceHistoryPage *self)
{
  const char *folder;

  g_return_if_fail (SLUICE_IS_HISTORY_PAGE (self));

  cancel_load (self);
  self->waiting_for_sandbox = FALSE;

  if (self->session == NULL)
    {
      clear_results (self);
      self->dirty = FALSE;
      gtk_stack_set_visible_child_name (self->stack, "empty");
      set_loading (self, FALSE);
      return;
    }

  /* Hidden pages read when they are shown: not every profile's history on
   * every click in the sidebar. */
  if (!gtk_widget_get_mapped (GTK_WIDGET (self)))
    {
      self->dirty = TRUE;
      set_loading (self, FALSE);
      return;
    }

  self->dirty = FALSE;
  folder = get_folder_path (self);
  if (folder == NULL)
    {
      clear_results (self);
      gtk_stack_set_visible_child_name (self->stack, "no-folder");
      set_loading (self, FALSE);
      return;
    }

  if (sandbox_is_starting (self))
    {
      const char *progress = sluice_sandbox_get_progress (self->sandbox);

      self->waiting_for_sandbox = TRUE;
      show_loading (self, _("Starting the Sandbox…"),
                    progress != NULL ? progress : _("Sluice is starting its local PostgreSQL."));
      return;
    }

  start_load (self, folder);
}

static void
on_retry_clicked (SluiceHistoryPage *self)
{
  sluice_history_page_reload (self);
}

static void
on_profile_changed (SluiceHistoryPage *self)
{
  sluice_history_page_reload (self);
}

static void
on_sandbox_state_changed (SluiceHistoryPage *self)
{
  if (self->waiting_for_sandbox && !sandbox_is_starting (self))
    sluice_history_page_reload (self);
}

/* GObject ----------------------------------------------------------------- */

static void
sluice_history_page_map (GtkWidget *widget)
{
  SluiceHistoryPage *self = SLUICE_HISTORY_PAGE (widget);

  GTK_WIDGET_CLASS (sluice_history_page_parent_class)->map (widget);

  if (self->dirty)
    sluice_history_page_reload (self);
}

static void
sluice_history_page_dispose (GObject *object)
{
  SluiceHistoryPage *self = SLUICE_HISTORY_PAGE (object);

  cancel_load (self);
  if (self->profile_signals != NULL)
    g_signal_group_set_target (self->profile_signals, NULL);
  if (self->sandbox_signals != NULL)
    g_signal_group_set_target (self->sandbox_signals, NULL);
  g_clear_object (&self->profile_signals);
  g_clear_object (&self->sandbox_signals);

  gtk_widget_dispose_template (GTK_WIDGET (self), SLUICE_TYPE_HISTORY_PAGE);

  g_clear_object (&self->selected_item);
  g_clear_object (&self->report);
  g_clear_object (&self->folder);
  g_clear_object (&self->history);
  g_clear_object (&self->session);
  g_clear_object (&self->sandbox);

  G_OBJECT_CLASS (sluice_history_page_parent_class)->dispose (object);
}

static void
sluice_history_page_finalize (GObject *object)
{
  SluiceHistoryPage *self = SLUICE_HISTORY_PAGE (object);

  g_clear_error (&self->error);

  G_OBJECT_CLASS (sluice_history_page_parent_class)->finalize (object);
}

static void
sluice_history_page_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  SluiceHistoryPage *self = SLUICE_HISTORY_PAGE (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;
    case PROP_SANDBOX:
      g_value_set_object (value, self->sandbox);
      break;
    case PROP_LOADING:
      g_value_set_boolean (value, self->loading);
      break;
    case PROP_REPORT:
      g_value_set_object (value, self->report);
      break;
    case PROP_SELECTED_ITEM:
      g_value_set_object (value, self->selected_item);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sluice_history_page_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  SluiceHistoryPage *self = SLUICE_HISTORY_PAGE (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      sluice_history_page_set_session (self, g_value_get_object (value));
      break;
    case PROP_SANDBOX:
      sluice_history_page_set_sandbox (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sluice_history_page_class_init (SluiceHistoryPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sluice_history_page_dispose;
  object_class->finalize = sluice_history_page_finalize;
  object_class->get_property = sluice_history_page_get_property;
  object_class->set_property = sluice_history_page_set_property;

  widget_class->map = sluice_history_page_map;

  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, SLUICE_TYPE_SESSION,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SANDBOX] =
    g_param_spec_object ("sandbox", NULL, NULL, SLUICE_TYPE_SANDBOX,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_REPORT] =
    g_param_spec_object ("report", NULL, NULL, SLUICE_TYPE_STATUS_REPORT,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_SELECTED_ITEM] =
    g_param_spec_object ("selected-item", NULL, NULL, SLUICE_TYPE_STATUS_ITEM,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (SLUICE_TYPE_HISTORY_SUMMARY);
  g_type_ensure (SLUICE_TYPE_MIGRATION_LIST);
  g_type_ensure (SLUICE_TYPE_MIGRATION_DETAIL);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ui/sluice-history-page.ui");
  gtk_widget_class_bind_template_child (widget_class, SluiceHistoryPage, stack);
  gtk_widget_class_bind_template_child (widget_class, SluiceHistoryPage, spinner);
  gtk_widget_class_bind_template_child (widget_class, SluiceHistoryPage, loading_title);
  gtk_widget_class_bind_template_child (widget_class, SluiceHistoryPage, loading_detail);
  gtk_widget_class_bind_template_child (widget_class, SluiceHistoryPage, error_page);
  gtk_widget_class_bind_template_child (widget_class, SluiceHistoryPage, error_label);
  gtk_widget_class_bind_template_child (widget_class, SluiceHistoryPage, summary);
  gtk_widget_class_bind_template_child (widget_class, SluiceHistoryPage, migration_list);
  gtk_widget_class_bind_template_child (widget_class, SluiceHistoryPage, migration_detail);
  gtk_widget_class_bind_template_child (widget_class, SluiceHistoryPage, rollback_hint);
  gtk_widget_class_bind_template_callback (widget_class, on_retry_clicked);

  gtk_widget_class_install_action (widget_class, "history.rollback-to-selected", NULL,
                                   rollback_to_selected_action);
}

static void
sluice_history_page_init (SluiceHistoryPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  g_signal_connect_object (self->migration_list, "notify::selected-item",
                           G_CALLBACK (on_list_selection_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (get_chart (self), "notify::selected-item",
                           G_CALLBACK (on_chart_selection_changed), self, G_CONNECT_SWAPPED);
  update_rollback (self);

  self->profile_signals = g_signal_group_new (SLUICE_TYPE_PROFILE);
  g_signal_group_connect_swapped (self->profile_signals, "notify::connection",
                                  G_CALLBACK (on_profile_changed), self);
  g_signal_group_connect_swapped (self->profile_signals, "notify::migration-folder",
                                  G_CALLBACK (on_profile_changed), self);

  self->sandbox_signals = g_signal_group_new (SLUICE_TYPE_SANDBOX);
  g_signal_group_connect_swapped (self->sandbox_signals, "notify::state",
                                  G_CALLBACK (on_sandbox_state_changed), self);
}

GtkWidget *
sluice_history_page_new (void)
{
  return g_object_new (SLUICE_TYPE_HISTORY_PAGE, NULL);
}

SluiceSession *
sluice_history_page_get_session (SluiceHistoryPage *self)
{
  g_return_val_if_fail (SLUICE_IS_HISTORY_PAGE (self), NULL);
  return self->session;
}

void
sluice_history_page_set_session (SluiceHistoryPage *self,
                                 SluiceSession     *session)
{
  g_return_if_fail (SLUICE_IS_HISTORY_PAGE (self));
  g_return_if_fail (session == NULL || SLUICE_IS_SESSION (session));

  if (!g_set_object (&self->session, session))
    return;

  /* Another profile: nothing of the last one may linger, shown or not. */
  cancel_load (self);
  clear_results (self);
  gtk_stack_set_visible_child_name (self->stack, "empty");

  g_signal_group_set_target (self->profile_signals, get_profile (self));
  sluice_history_page_reload (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION]);
}

SluiceSandbox *
sluice_history_page_get_sandbox (SluiceHistoryPage *self)
{
  g_return_val_if_fail (SLUICE_IS_HISTORY_PAGE (self), NULL);
  return self->sandbox;
}

void
sluice_history_page_set_sandbox (SluiceHistoryPage *self,
                                 SluiceSandbox     *sandbox)
{
  g_return_if_fail (SLUICE_IS_HISTORY_PAGE (self));
  g_return_if_fail (sandbox == NULL || SLUICE_IS_SANDBOX (sandbox));

  if (!g_set_object (&self->sandbox, sandbox))
    return;

  g_signal_group_set_target (self->sandbox_signals, sandbox);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SANDBOX]);
}

gboolean
sluice_history_page_get_loading (SluiceHistoryPage *self)
{
  g_return_val_if_fail (SLUICE_IS_HISTORY_PAGE (self), FALSE);
  return self->loading;
}

const char *
sluice_history_page_get_view (SluiceHistoryPage *self)
{
  g_return_val_if_fail (SLUICE_IS_HISTORY_PAGE (self), NULL);
  return gtk_stack_get_visible_child_name (self->stack);
}

const GError *
sluice_history_page_get_error (SluiceHistoryPage *self)
{
  g_return_val_if_fail (SLUICE_IS_HISTORY_PAGE (self), NULL);
  return self->error;
}

SluiceStatusReport *
sluice_history_page_get_report (SluiceHistoryPage *self)
{
  g_return_val_if_fail (SLUICE_IS_HISTORY_PAGE (self), NULL);
  return self->report;
}

SluiceMigrationFolder *
sluice_history_page_get_folder (SluiceHistoryPage *self)
{
  g_return_val_if_fail (SLUICE_IS_HISTORY_PAGE (self), NULL);
  return self->folder;
}

SluiceHistory *
sluice_history_page_get_history (SluiceHistoryPage *self)
{
  g_return_val_if_fail (SLUICE_IS_HISTORY_PAGE (self), NULL);
  return self->history;
}

GListModel *
sluice_history_page_get_visible_items (SluiceHistoryPage *self)
{
  g_return_val_if_fail (SLUICE_IS_HISTORY_PAGE (self), NULL);
  return sluice_migration_list_get_visible_items (self->migration_list);
}

SluiceStatusItem *
sluice_history_page_get_selected_item (SluiceHistoryPage *self)
{
  g_return_val_if_fail (SLUICE_IS_HISTORY_PAGE (self), NULL);
  return self->selected_item;
}

gboolean
sluice_history_page_select_version (SluiceHistoryPage *self,
                                    const char        *version)
{
  SluiceStatusItem *item;

  g_return_val_if_fail (SLUICE_IS_HISTORY_PAGE (self), FALSE);
  g_return_val_if_fail (version != NULL, FALSE);

  item = _sluice_history_page_find_item (self->report, version);
  if (item == NULL)
    return FALSE;

  select_item (self, item);
  return self->selected_item == item;
}
