/* sluice-activity-page.c: what a profile's server is doing now: sessions
 * and who blocks whom; the other tabs are in sluice-activity-lists.c
 *
 * This file holds the GObject type: its properties, template, actions and
 * public API. Its parts share sluice-activity-page-private.h:
 * sluice-activity-page-load.c (reading the activity every few seconds),
 * -sessions.c (the columns), -tree.c (the blocking chains and "hide idle"),
 * -detail.c (the selected session), -summary.c and -actions.c (cancel,
 * terminate, copy).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n-lib.h>

#include "sluice-activity-lists.h"
#include "sluice-activity-page-private.h"
#include "sluice-page-util.h"
#include "sluice-session-detail.h"

G_DEFINE_FINAL_TYPE (SluiceActivityPage, sluice_activity_page, GTK_TYPE_WIDGET)

static GParamSpec *properties[N_PROPS];

void
_sluice_activity_page_notify (SluiceActivityPage *self,
                              guint               prop_id)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop_id]);
}

/* Small helpers ----------------------------------------------------------- */

SluiceProfile *
_sluice_activity_page_get_profile (SluiceActivityPage *self)
{
  return self->session != NULL ? sluice_session_get_profile (self->session) : NULL;
}

/* Signals ----------------------------------------------------------------- */

static void
on_pause_toggled (SluiceActivityPage *self)
{
  sluice_activity_page_set_paused (self, gtk_toggle_button_get_active (self->pause_button));
}

static void
on_section_changed (SluiceActivityPage *self)
{
  const char *section = gtk_stack_get_visible_child_name (self->section_stack);

  gtk_widget_set_visible (GTK_WIDGET (self->hide_idle_button), g_strcmp0 (section, "sessions") == 0);
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
  _sluice_activity_page_update_refresh_timer (self);
}

static void
sluice_activity_page_unmap (GtkWidget *widget)
{
  SluiceActivityPage *self = SLUICE_ACTIVITY_PAGE (widget);

  /* Nobody looks: no reads, and none left running. */
  _sluice_activity_page_cancel_load (self);
  if (self->session != NULL)
    self->dirty = TRUE;

  GTK_WIDGET_CLASS (sluice_activity_page_parent_class)->unmap (widget);

  _sluice_activity_page_update_refresh_timer (self);
}

static void
sluice_activity_page_dispose (GObject *object)
{
  SluiceActivityPage *self = SLUICE_ACTIVITY_PAGE (object);

  _sluice_activity_page_cancel_load (self);
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

  gtk_widget_class_install_action (widget_class, "activity.refresh", NULL, _sluice_activity_page_refresh_action);
  gtk_widget_class_install_action (widget_class, "activity.copy-query", NULL, _sluice_activity_page_copy_query_action);
  gtk_widget_class_install_action (widget_class, "activity.cancel-query", NULL,
                                   _sluice_activity_page_cancel_query_action);
  gtk_widget_class_install_action (widget_class, "activity.terminate", NULL, _sluice_activity_page_terminate_action);

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
  gtk_widget_class_bind_template_callback_full (widget_class, "on_hide_idle_toggled",
                                                G_CALLBACK (_sluice_activity_page_on_hide_idle_toggled));
  gtk_widget_class_bind_template_callback (widget_class, on_section_changed);
  gtk_widget_class_bind_template_callback_full (widget_class, "on_session_activated",
                                                G_CALLBACK (_sluice_activity_page_on_session_activated));
}

static void
sluice_activity_page_init (SluiceActivityPage *self)
{
  self->refresh_interval_ms = SLUICE_ACTIVITY_PAGE_DEFAULT_REFRESH_MS;

  gtk_widget_init_template (GTK_WIDGET (self));

  _sluice_activity_page_setup_sessions_view (self);
  _sluice_activity_page_setup_models (self);

  self->profile_signals = g_signal_group_new (SLUICE_TYPE_PROFILE);
  g_signal_group_connect_swapped (self->profile_signals, "notify::connection",
                                  G_CALLBACK (on_profile_connection_changed), self);

  on_section_changed (self);
  _sluice_activity_page_update_actions (self);
}

void
sluice_activity_page_reload (SluiceActivityPage *self)
{
  g_return_if_fail (SLUICE_IS_ACTIVITY_PAGE (self));

  _sluice_activity_page_load (self);
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
  _sluice_activity_page_cancel_load (self);
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
  _sluice_activity_page_set_selected_session (self, NULL);
  gtk_stack_set_visible_child_name (self->stack, "empty");

  g_signal_group_set_target (self->profile_signals, _sluice_activity_page_get_profile (self));
  sluice_activity_page_reload (self);
  _sluice_activity_page_update_refresh_timer (self);
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
    _sluice_activity_page_cancel_load (self);
  else if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    sluice_activity_page_reload (self);

  _sluice_activity_page_update_refresh_timer (self);
  _sluice_activity_page_update_updated_label (self);
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
  _sluice_activity_page_update_refresh_timer (self);
  _sluice_activity_page_update_updated_label (self);
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

  position = _sluice_activity_page_find_pid_row (self, pid);
  if (position == GTK_INVALID_LIST_POSITION && self->hide_idle)
    {
      gtk_toggle_button_set_active (self->hide_idle_button, FALSE);
      position = _sluice_activity_page_find_pid_row (self, pid);
    }
  if (position == GTK_INVALID_LIST_POSITION)
    return FALSE;

  gtk_single_selection_set_selected (self->sessions_selection, position);
  return self->selected_session != NULL && sluice_session_info_get_pid (self->selected_session) == pid;
}
