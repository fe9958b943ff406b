/* sluice-window.c: the main window: profiles on the left, their pages on
 * the right
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "sluice-profile-row.h"
#include "sluice-window-private.h"

G_DEFINE_FINAL_TYPE (SluiceWindow, sluice_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_SELECTED_PROFILE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const char * const environment_classes[] = {
  "environment-sandbox", "environment-dev", "environment-staging", "environment-prod",
};

/* The sidebar ------------------------------------------------------------
 *
 * Profiles are grouped the way a change travels: the sandbox first, then
 * development, staging and production (the enum's order), by name within a
 * group. */

static int
compare_profiles (gconstpointer a,
                  gconstpointer b,
                  gpointer      user_data)
{
  SluiceProfile *first = (SluiceProfile *) a;
  SluiceProfile *second = (SluiceProfile *) b;
  SluiceEnvironment first_env = sluice_profile_get_environment (first);
  SluiceEnvironment second_env = sluice_profile_get_environment (second);
  g_autofree char *first_key = NULL;
  g_autofree char *second_key = NULL;

  if (first_env != second_env)
    return first_env < second_env ? -1 : 1;

  first_key = g_utf8_collate_key (sluice_profile_get_name (first), -1);
  second_key = g_utf8_collate_key (sluice_profile_get_name (second), -1);
  return strcmp (first_key, second_key);
}

static GtkWidget *
create_profile_row (gpointer item,
                    gpointer user_data)
{
  SluiceWindow *self = user_data;
  SluiceSession *session = sluice_application_get_session (self->application, item);

  return sluice_profile_row_new (session);
}

static SluiceEnvironment
row_environment (GtkListBoxRow *row)
{
  return sluice_profile_get_environment (sluice_profile_row_get_profile (SLUICE_PROFILE_ROW (row)));
}

static void
update_row_header (GtkListBoxRow *row,
                   GtkListBoxRow *before,
                   gpointer       user_data)
{
  SluiceEnvironment environment = row_environment (row);
  GtkWidget *header;

  if (before != NULL && row_environment (before) == environment)
    {
      gtk_list_box_row_set_header (row, NULL);
      return;
    }

  header = gtk_label_new (sluice_environment_get_label (environment));
  gtk_label_set_xalign (GTK_LABEL (header), 0);
  gtk_widget_add_css_class (header, "sidebar-section-title");
  if (before == NULL)
    gtk_widget_add_css_class (header, "first");
  gtk_list_box_row_set_header (row, header);
}

static guint
find_profile_position (SluiceWindow  *self,
                       SluiceProfile *profile)
{
  GListModel *model = G_LIST_MODEL (self->sorted_profiles);

  for (guint i = 0; profile != NULL && i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(SluiceProfile) item = g_list_model_get_item (model, i);

      if (item == profile)
        return i;
    }

  return GTK_INVALID_LIST_POSITION;
}

static void
select_row_of_selected_profile (SluiceWindow *self)
{
  guint position = find_profile_position (self, self->selected_profile);
  GtkListBoxRow *row;

  if (position == GTK_INVALID_LIST_POSITION)
    {
      gtk_list_box_unselect_all (self->sidebar_list);
      return;
    }

  row = gtk_list_box_get_row_at_index (self->sidebar_list, position);
  if (row != NULL && gtk_list_box_get_selected_row (self->sidebar_list) != row)
    gtk_list_box_select_row (self->sidebar_list, row);
}

/* The content header ----------------------------------------------------- */

static void
update_environment_look (SluiceWindow *self)
{
  SluiceProfile *profile = self->selected_profile;
  SluiceEnvironment environment;
  const char *badge = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (environment_classes); i++)
    gtk_widget_remove_css_class (GTK_WIDGET (self), environment_classes[i]);

  if (profile == NULL)
    {
      gtk_widget_set_visible (GTK_WIDGET (self->environment_badge), FALSE);
      return;
    }

  environment = sluice_profile_get_environment (profile);
  if (environment < G_N_ELEMENTS (environment_classes))
    gtk_widget_add_css_class (GTK_WIDGET (self), environment_classes[environment]);

  /* Words as well as colour: a colour alone says nothing to everyone. */
  if (environment == SLUICE_ENVIRONMENT_PROD)
    badge = _("PRODUCTION");
  else if (environment == SLUICE_ENVIRONMENT_STAGING)
    badge = _("STAGING");

  gtk_label_set_label (self->environment_badge, badge != NULL ? badge : "");
  gtk_widget_set_visible (GTK_WIDGET (self->environment_badge), badge != NULL);
}

static void
update_title (SluiceWindow *self)
{
  SluiceProfile *profile = self->selected_profile;
  g_autofree char *summary = NULL;
  g_autofree char *window_title = NULL;

  if (profile == NULL)
    {
      adw_view_switcher_title_set_title (self->switcher_title, _("Sluice"));
      adw_view_switcher_title_set_subtitle (self->switcher_title, NULL);
      gtk_window_set_title (GTK_WINDOW (self), _("Sluice"));
      return;
    }

  summary = sluice_conninfo_describe (sluice_profile_get_connection (profile));
  adw_view_switcher_title_set_title (self->switcher_title, sluice_profile_get_name (profile));
  adw_view_switcher_title_set_subtitle (self->switcher_title, summary);

  /* Translators: the window title: a profile name, then the application. */
  window_title = g_strdup_printf (_("%s — Sluice"), sluice_profile_get_name (profile));
  gtk_window_set_title (GTK_WINDOW (self), window_title);
}

static void
on_selected_profile_changed (SluiceWindow *self)
{
  update_title (self);
  update_environment_look (self);
}

static void
update_switcher (SluiceWindow *self)
{
  g_autoptr(GtkSelectionModel) pages = adw_view_stack_get_pages (self->view_stack);

  /* A switcher with a single button is noise: show the profile's name. */
  adw_view_switcher_title_set_view_switcher_enabled (self->switcher_title,
                                                     g_list_model_get_n_items (G_LIST_MODEL (pages)) > 1);
}

/* The empty page and the load error -------------------------------------- */

static void
update_empty_state (SluiceWindow *self)
{
  const GError *load_error = sluice_application_get_load_error (self->application);
  guint n_profiles = g_list_model_get_n_items (G_LIST_MODEL (self->store));
  g_autofree char *banner = NULL;

  gtk_widget_set_visible (self->empty_buttons, load_error == NULL);
  gtk_widget_set_visible (self->reload_button, load_error != NULL);

  if (load_error != NULL)
    {
      g_autofree char *escaped = g_markup_escape_text (load_error->message, -1);

      adw_status_page_set_icon_name (self->empty_page, "dialog-warning-symbolic");
      adw_status_page_set_title (self->empty_page, _("Profiles Could Not Be Read"));
      adw_status_page_set_description (self->empty_page, escaped);

      /* Translators: a bold heading, then why (it names the file and line). */
      banner = g_strdup_printf (_("<b>Profiles could not be read.</b> %s Until then, "
                                  "adding, editing and removing profiles is off."),
                                escaped);
    }
  else if (n_profiles == 0)
    {
      adw_status_page_set_icon_name (self->empty_page, "network-server-symbolic");
      adw_status_page_set_title (self->empty_page, _("No Profiles Yet"));
      adw_status_page_set_description (self->empty_page,
                                       _("Add a connection profile for each database you look after, "
                                         "or import the services of your pg_service.conf."));
    }
  else
    {
      adw_status_page_set_icon_name (self->empty_page, "network-server-symbolic");
      adw_status_page_set_title (self->empty_page, _("No Profile Selected"));
      adw_status_page_set_description (self->empty_page,
                                       _("Choose a profile on the left to see its database."));
    }

  gtk_label_set_markup (self->load_error_label, banner != NULL ? banner : "");
  gtk_revealer_set_reveal_child (self->load_error_revealer, load_error != NULL && n_profiles > 0);
  gtk_stack_set_visible_child_name (self->content_stack,
                                    self->selected_profile != NULL ? "profile" : "empty");
}

static void
on_load_error_changed (SluiceWindow *self)
{
  update_empty_state (self);
  _sluice_window_update_actions (self);
}

/* Selection -------------------------------------------------------------- */

static void
set_selected_profile (SluiceWindow  *self,
                      SluiceProfile *profile)
{
  SluiceSession *session = NULL;

  if (self->selected_profile == profile)
    return;

  g_set_object (&self->selected_profile, profile);
  g_signal_group_set_target (self->selected_signals, profile);

  if (profile != NULL)
    {
      session = sluice_application_get_session (self->application, profile);
      g_settings_set_string (self->settings, "last-profile", sluice_profile_get_id (profile));
    }

  sluice_overview_page_set_session (self->overview_page, session);
  sluice_history_page_set_session (self->history_page, session);
  sluice_matrix_page_set_session (self->matrix_page, session);
  sluice_plans_page_set_session (self->plans_page, session);
  sluice_indexes_page_set_session (self->indexes_page, session);
  sluice_activity_page_set_session (self->activity_page, session);
  sluice_schema_page_set_session (self->schema_page, session);
  sluice_migrate_page_set_session (self->migrate_page, session);
  on_selected_profile_changed (self);
  update_empty_state (self);
  _sluice_window_update_actions (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED_PROFILE]);
}

static void
on_sidebar_row_selected (GtkListBox    *list,
                         GtkListBoxRow *row,
                         SluiceWindow  *self)
{
  /* Rebuilding rows (after a sort change) unselects for a moment: the
   * selection is ours, and is put back once the rows are there again. */
  if (row == NULL)
    return;

  set_selected_profile (self, sluice_profile_row_get_profile (SLUICE_PROFILE_ROW (row)));
}

static void
on_sidebar_row_activated (GtkListBox    *list,
                          GtkListBoxRow *row,
                          SluiceWindow  *self)
{
  adw_leaflet_set_visible_child (self->leaflet, self->content_pane);
}

static void
on_back_clicked (SluiceWindow *self)
{
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
}

static SluiceProfile *
first_profile (SluiceWindow *self)
{
  g_autoptr(SluiceProfile) profile = NULL;

  if (g_list_model_get_n_items (G_LIST_MODEL (self->sorted_profiles)) == 0)
    return NULL;

  /* The store keeps the profile alive; callers take their own reference. */
  profile = g_list_model_get_item (G_LIST_MODEL (self->sorted_profiles), 0);
  return profile;
}

static void
on_sorted_items_changed (SluiceWindow *self)
{
  if (self->selected_profile != NULL &&
      find_profile_position (self, self->selected_profile) == GTK_INVALID_LIST_POSITION)
    {
      /* Reloading the file makes new objects: keep to the same profile. */
      SluiceProfile *same = sluice_profile_store_find_by_id (self->store,
                                                             sluice_profile_get_id (self->selected_profile));

      set_selected_profile (self, same != NULL ? same : first_profile (self));
    }
  else if (self->selected_profile == NULL)
    {
      /* The first profiles of an empty list (an import, the sandbox's). */
      set_selected_profile (self, first_profile (self));
    }

  select_row_of_selected_profile (self);
  update_empty_state (self);
}

/* Sorting keys change with edits: the model does not watch its items. */
static void
on_profile_sort_key_changed (SluiceWindow *self)
{
  gtk_sorter_changed (self->sorter, GTK_SORTER_CHANGE_DIFFERENT);
  gtk_list_box_invalidate_headers (self->sidebar_list);
}

static void
watch_profiles (SluiceWindow *self,
                guint         position,
                guint         added)
{
  for (guint i = position; i < position + added; i++)
    {
      g_autoptr(SluiceProfile) profile = g_list_model_get_item (G_LIST_MODEL (self->store), i);

      g_signal_connect_object (profile, "notify::name",
                               G_CALLBACK (on_profile_sort_key_changed), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (profile, "notify::environment",
                               G_CALLBACK (on_profile_sort_key_changed), self, G_CONNECT_SWAPPED);
    }
}

static void
on_store_items_changed (SluiceWindow *self,
                        guint         position,
                        guint         removed,
                        guint         added)
{
  watch_profiles (self, position, added);
}

/* Window state ----------------------------------------------------------- */

static void
restore_window_state (SluiceWindow *self)
{
  int width = g_settings_get_int (self->settings, "window-width");
  int height = g_settings_get_int (self->settings, "window-height");

  if (width > 0 && height > 0)
    gtk_window_set_default_size (GTK_WINDOW (self), width, height);
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));
}

static void
restore_last_profile (SluiceWindow *self)
{
  g_autofree char *last = g_settings_get_string (self->settings, "last-profile");
  SluiceProfile *profile = NULL;

  if (last != NULL && *last != '\0')
    profile = sluice_profile_store_find_by_id (self->store, last);
  if (profile == NULL)
    profile = first_profile (self);

  sluice_window_select_profile (self, profile);
}

static void
save_window_state (SluiceWindow *self)
{
  GtkWindow *window = GTK_WINDOW (self);
  int width, height;

  gtk_window_get_default_size (window, &width, &height);
  g_settings_set_int (self->settings, "window-width", width);
  g_settings_set_int (self->settings, "window-height", height);
  g_settings_set_boolean (self->settings, "window-maximized", gtk_window_is_maximized (window));
}

static void
on_close_during_run_response (AdwMessageDialog *dialog,
                              const char       *response,
                              SluiceWindow     *self)
{
  if (g_strcmp0 (response, "interrupt") != 0)
    return;
  /* Destroying the window interrupts the run (the Migrate page cancels
   * it); the application is held until the attempt is recorded. */
  save_window_state (self);
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
confirm_close_during_run (SluiceWindow *self)
{
  SluiceSession *session = sluice_migrate_page_get_session (self->migrate_page);
  SluiceProfile *profile = session != NULL ? sluice_session_get_profile (session) : NULL;
  g_autofree char *body = g_strdup_printf (_("A migration is running on “%s”: closing now interrupts it. A "
                                             "migration run in one transaction is rolled back whole; one run "
                                             "statement by statement keeps the statements already done. The "
                                             "history and the run log record the attempt."),
                                           profile != NULL ? sluice_profile_get_name (profile) : "");
  GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Interrupt the Running Migration?"), body);

  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "keep", _("_Keep Running"),
                                    "interrupt", _("_Interrupt and Close"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "interrupt",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "keep");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "keep");
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_close_during_run_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static gboolean
sluice_window_close_request (GtkWindow *window)
{
  SluiceWindow *self = SLUICE_WINDOW (window);

  /* Closing would interrupt a run that writes: asked first. */
  if (sluice_migrate_page_get_executing (self->migrate_page))
    {
      confirm_close_during_run (self);
      return TRUE;
    }

  save_window_state (self);

  return GTK_WINDOW_CLASS (sluice_window_parent_class)->close_request (window);
}

/* GObject ---------------------------------------------------------------- */

/* GtkWindow's "application" is not a construct property: it is set after
 * constructed(), so the window sets itself up when it arrives. */
static void
on_application_set (SluiceWindow *self)
{
  GtkApplication *application = gtk_window_get_application (GTK_WINDOW (self));

  if (self->application != NULL || application == NULL)
    return;

  g_return_if_fail (SLUICE_IS_APPLICATION (application));
  self->application = SLUICE_APPLICATION (application);

  self->settings = g_object_ref (sluice_application_get_settings (self->application));
  self->store = g_object_ref (sluice_application_get_store (self->application));

  self->sorter = GTK_SORTER (gtk_custom_sorter_new (compare_profiles, NULL, NULL));
  self->sorted_profiles = gtk_sort_list_model_new (g_object_ref (G_LIST_MODEL (self->store)),
                                                   g_object_ref (self->sorter));

  gtk_list_box_bind_model (self->sidebar_list, G_LIST_MODEL (self->sorted_profiles),
                           create_profile_row, self, NULL);
  gtk_list_box_set_header_func (self->sidebar_list, update_row_header, NULL, NULL);

  /* After bind_model's own handler, so the rows exist when we reselect. */
  g_signal_connect_object (self->sorted_profiles, "items-changed",
                           G_CALLBACK (on_sorted_items_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->store, "items-changed",
                           G_CALLBACK (on_store_items_changed), self, G_CONNECT_SWAPPED);
  watch_profiles (self, 0, g_list_model_get_n_items (G_LIST_MODEL (self->store)));

  g_signal_connect_object (self->application, "notify::load-error",
                           G_CALLBACK (on_load_error_changed), self, G_CONNECT_SWAPPED);

  sluice_history_page_set_sandbox (self->history_page,
                                   sluice_application_get_sandbox (self->application));
  sluice_matrix_page_set_application (self->matrix_page, self->application);
  sluice_overview_page_set_sandbox (self->overview_page,
                                    sluice_application_get_sandbox (self->application));
  sluice_migrate_page_set_sandbox (self->migrate_page,
                                   sluice_application_get_sandbox (self->application));

  update_switcher (self);
  restore_window_state (self);
  restore_last_profile (self);
  update_empty_state (self);
  _sluice_window_update_actions (self);
}

static void
sluice_window_dispose (GObject *object)
{
  SluiceWindow *self = SLUICE_WINDOW (object);

  if (self->selected_signals != NULL)
    g_signal_group_set_target (self->selected_signals, NULL);
  g_clear_object (&self->selected_signals);
  g_clear_object (&self->selected_profile);

  gtk_widget_dispose_template (GTK_WIDGET (self), SLUICE_TYPE_WINDOW);

  g_clear_object (&self->sorted_profiles);
  g_clear_object (&self->sorter);
  g_clear_object (&self->store);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (sluice_window_parent_class)->dispose (object);
}

static void
sluice_window_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  SluiceWindow *self = SLUICE_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SELECTED_PROFILE:
      g_value_set_object (value, self->selected_profile);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

/* From the History page: the Migrate page, in rollback mode, plans the way
 * back to a version and shows it; nothing runs before its checks. */
static void
rollback_to_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  SluiceWindow *self = SLUICE_WINDOW (widget);

  adw_view_stack_set_visible_child_name (self->view_stack, "migrate");
  sluice_migrate_page_start_rollback (self->migrate_page, g_variant_get_string (parameter, NULL));
}

static void
sluice_window_class_init (SluiceWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = sluice_window_dispose;
  object_class->get_property = sluice_window_get_property;

  window_class->close_request = sluice_window_close_request;

  properties[PROP_SELECTED_PROFILE] =
    g_param_spec_object ("selected-profile", NULL, NULL, SLUICE_TYPE_PROFILE,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (SLUICE_TYPE_OVERVIEW_PAGE);
  g_type_ensure (SLUICE_TYPE_HISTORY_PAGE);
  g_type_ensure (SLUICE_TYPE_MATRIX_PAGE);
  g_type_ensure (SLUICE_TYPE_PLANS_PAGE);
  g_type_ensure (SLUICE_TYPE_INDEXES_PAGE);
  g_type_ensure (SLUICE_TYPE_ACTIVITY_PAGE);
  g_type_ensure (SLUICE_TYPE_SCHEMA_PAGE);
  g_type_ensure (SLUICE_TYPE_MIGRATE_PAGE);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ui/sluice-window.ui");
  gtk_widget_class_bind_template_child (widget_class, SluiceWindow, leaflet);
  gtk_widget_class_bind_template_child (widget_class, SluiceWindow, sidebar_pane);
  gtk_widget_class_bind_template_child (widget_class, SluiceWindow, content_pane);
  gtk_widget_class_bind_template_child (widget_class, SluiceWindow, sidebar_list);
  gtk_widget_class_bind_template_child (widget_class, SluiceWindow, switcher_title);
  gtk_widget_class_bind_template_child (widget_class, SluiceWindow, environment_badge);
  gtk_widget_class_bind_template_child (widget_class, SluiceWindow, load_error_revealer);
  gtk_widget_class_bind_template_child (widget_class, SluiceWindow, load_error_label);
  gtk_widget_class_bind_template_child (widget_class, SluiceWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, SluiceWindow, content_stack);
  gtk_widget_class_bind_template_child (widget_class, SluiceWindow, empty_page);
  gtk_widget_class_bind_template_child (widget_class, SluiceWindow, empty_buttons);
  gtk_widget_class_bind_template_child (widget_class, SluiceWindow, reload_button);
  gtk_widget_class_bind_template_child (widget_class, SluiceWindow, view_stack);
  gtk_widget_class_bind_template_child (widget_class, SluiceWindow, overview_page);
  gtk_widget_class_bind_template_child (widget_class, SluiceWindow, history_page);
  gtk_widget_class_bind_template_child (widget_class, SluiceWindow, matrix_page);
  gtk_widget_class_bind_template_child (widget_class, SluiceWindow, plans_page);
  gtk_widget_class_bind_template_child (widget_class, SluiceWindow, indexes_page);
  gtk_widget_class_bind_template_child (widget_class, SluiceWindow, activity_page);
  gtk_widget_class_bind_template_child (widget_class, SluiceWindow, schema_page);
  gtk_widget_class_bind_template_child (widget_class, SluiceWindow, migrate_page);
  gtk_widget_class_bind_template_callback (widget_class, on_sidebar_row_selected);
  gtk_widget_class_bind_template_callback (widget_class, on_sidebar_row_activated);
  gtk_widget_class_bind_template_callback (widget_class, on_back_clicked);

  _sluice_window_class_actions_init (klass);
  gtk_widget_class_install_action (widget_class, "win.rollback-to", "s", rollback_to_action);
}

static void
sluice_window_init (SluiceWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  g_signal_connect (self, "notify::application", G_CALLBACK (on_application_set), NULL);

  self->selected_signals = g_signal_group_new (SLUICE_TYPE_PROFILE);
  g_signal_group_connect_swapped (self->selected_signals, "notify::name",
                                  G_CALLBACK (on_selected_profile_changed), self);
  g_signal_group_connect_swapped (self->selected_signals, "notify::connection",
                                  G_CALLBACK (on_selected_profile_changed), self);
  g_signal_group_connect_swapped (self->selected_signals, "notify::environment",
                                  G_CALLBACK (on_selected_profile_changed), self);
}

SluiceWindow *
sluice_window_new (SluiceApplication *application)
{
  g_return_val_if_fail (SLUICE_IS_APPLICATION (application), NULL);

  return g_object_new (SLUICE_TYPE_WINDOW, "application", application, NULL);
}

void
sluice_window_add_toast (SluiceWindow *self,
                         const char   *message)
{
  g_autofree char *escaped = NULL;
  AdwToast *toast;

  g_return_if_fail (SLUICE_IS_WINDOW (self));
  g_return_if_fail (message != NULL);

  /* Toast titles are markup; messages carry names and paths. */
  escaped = g_markup_escape_text (message, -1);
  toast = adw_toast_new (escaped);
  adw_toast_set_timeout (toast, 6);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

SluiceProfile *
sluice_window_get_selected_profile (SluiceWindow *self)
{
  g_return_val_if_fail (SLUICE_IS_WINDOW (self), NULL);
  return self->selected_profile;
}

void
sluice_window_select_profile (SluiceWindow  *self,
                              SluiceProfile *profile)
{
  g_return_if_fail (SLUICE_IS_WINDOW (self));
  g_return_if_fail (profile == NULL || SLUICE_IS_PROFILE (profile));

  set_selected_profile (self, profile);
  select_row_of_selected_profile (self);
}

SluiceOverviewPage *
sluice_window_get_overview_page (SluiceWindow *self)
{
  g_return_val_if_fail (SLUICE_IS_WINDOW (self), NULL);
  return self->overview_page;
}

SluiceHistoryPage *
sluice_window_get_history_page (SluiceWindow *self)
{
  g_return_val_if_fail (SLUICE_IS_WINDOW (self), NULL);
  return self->history_page;
}

SluiceMatrixPage *
sluice_window_get_matrix_page (SluiceWindow *self)
{
  g_return_val_if_fail (SLUICE_IS_WINDOW (self), NULL);
  return self->matrix_page;
}

SluicePlansPage *
sluice_window_get_plans_page (SluiceWindow *self)
{
  g_return_val_if_fail (SLUICE_IS_WINDOW (self), NULL);
  return self->plans_page;
}

SluiceIndexesPage *
sluice_window_get_indexes_page (SluiceWindow *self)
{
  g_return_val_if_fail (SLUICE_IS_WINDOW (self), NULL);
  return self->indexes_page;
}

SluiceActivityPage *
sluice_window_get_activity_page (SluiceWindow *self)
{
  g_return_val_if_fail (SLUICE_IS_WINDOW (self), NULL);
  return self->activity_page;
}

SluiceSchemaPage *
sluice_window_get_schema_page (SluiceWindow *self)
{
  g_return_val_if_fail (SLUICE_IS_WINDOW (self), NULL);
  return self->schema_page;
}

SluiceMigratePage *
sluice_window_get_migrate_page (SluiceWindow *self)
{
  g_return_val_if_fail (SLUICE_IS_WINDOW (self), NULL);
  return self->migrate_page;
}
