/* sluice-application.c: the application, owner of the profiles, the sandbox
 * and one session per profile
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <glib-unix.h>
#include <signal.h>
#include <gtksourceview/gtksource.h>

#include "sluice-application.h"
#include "sluice-preferences-window.h"
#include "sluice-window.h"

/* pg_ctl stop -m fast takes well under a second; past this the user is not
 * kept waiting for a server that does not answer. */
#define SANDBOX_STOP_TIMEOUT_SECONDS 10

struct _SluiceApplication
{
  AdwApplication      parent_instance;

  GSettings          *settings;
  SluiceProfileStore *store;
  SluiceSandbox      *sandbox;
  GHashTable         *sessions;          /* profile id -> SluiceSession */
  GError             *load_error;

  GCancellable       *sandbox_cancellable;
  guint               stop_timeout_id;
  guint               sigint_source;
  guint               sigterm_source;
  guint               holding_for_sandbox : 1;
  guint               started_sandbox : 1;
  guint               exiting : 1;
};

G_DEFINE_FINAL_TYPE (SluiceApplication, sluice_application, ADW_TYPE_APPLICATION)

enum {
  PROP_0,
  PROP_LOAD_ERROR,
  PROP_SANDBOX_BUSY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
show_toast (SluiceApplication *self,
            const char        *message)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  if (SLUICE_IS_WINDOW (window))
    sluice_window_add_toast (SLUICE_WINDOW (window), message);
  else
    g_message ("%s", message);
}

static void
set_load_error (SluiceApplication *self,
                const GError      *error)
{
  if (self->load_error == NULL && error == NULL)
    return;

  g_clear_error (&self->load_error);
  if (error != NULL)
    self->load_error = g_error_copy (error);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOAD_ERROR]);
}

/* One session per profile: created as profiles appear, closed and dropped
 * as they go, so a removed profile leaves no connection behind. */
static void
sync_sessions (SluiceApplication *self)
{
  g_autoptr(GHashTable) present = g_hash_table_new (g_str_hash, g_str_equal);
  GListModel *model = G_LIST_MODEL (self->store);
  GHashTableIter iter;
  gpointer key, value;

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(SluiceProfile) profile = g_list_model_get_item (model, i);

      g_hash_table_add (present, (gpointer) sluice_profile_get_id (profile));
      sluice_application_get_session (self, profile);
    }

  g_hash_table_iter_init (&iter, self->sessions);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      if (!g_hash_table_contains (present, key))
        {
          sluice_session_disconnect (value);
          g_hash_table_iter_remove (&iter);
        }
    }
}

static void
on_store_items_changed (SluiceApplication *self)
{
  sync_sessions (self);
}

static void
load_profiles (SluiceApplication *self)
{
  g_autoptr(GError) error = NULL;

  if (!sluice_profile_store_load (self->store, &error))
    {
      /* Shown in the window; the log keeps it for a bug report. */
      g_message ("%s", error->message);
      set_load_error (self, error);
      return;
    }

  set_load_error (self, NULL);
}

static void
ensure_sandbox_profile (SluiceApplication *self)
{
  g_autoptr(GError) error = NULL;

  /* A store that failed to load refuses to save: adding a profile now would
   * only fail, and the user's file is what matters first. */
  if (self->load_error != NULL)
    return;

  if (sluice_sandbox_ensure_profile (self->sandbox, self->store, &error) == NULL)
    g_warning ("The sandbox profile could not be added: %s", error->message);
}

static void
apply_style_variant (SluiceApplication *self)
{
  g_autofree char *variant = g_settings_get_string (self->settings, "style-variant");
  AdwColorScheme scheme = ADW_COLOR_SCHEME_DEFAULT;

  if (g_strcmp0 (variant, "light") == 0)
    scheme = ADW_COLOR_SCHEME_FORCE_LIGHT;
  else if (g_strcmp0 (variant, "dark") == 0)
    scheme = ADW_COLOR_SCHEME_FORCE_DARK;

  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), scheme);
}

/* Sandbox lifetime --------------------------------------------------------
 *
 * While Sluice has a start or a stop of the sandbox in flight, or a server
 * it started and must stop on quit, it holds the application: closing the
 * last window then stops the server before the process ends, without the
 * window waiting on it. */

static void
hold_for_sandbox (SluiceApplication *self)
{
  if (self->holding_for_sandbox)
    return;
  self->holding_for_sandbox = TRUE;
  g_application_hold (G_APPLICATION (self));
}

static void
release_for_sandbox (SluiceApplication *self)
{
  g_clear_handle_id (&self->stop_timeout_id, g_source_remove);
  if (!self->holding_for_sandbox)
    return;
  self->holding_for_sandbox = FALSE;
  g_application_release (G_APPLICATION (self));
}

static void
set_sandbox_cancellable (SluiceApplication *self,
                         GCancellable      *cancellable)
{
  if (g_set_object (&self->sandbox_cancellable, cancellable))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SANDBOX_BUSY]);
}

static gboolean
on_stop_timeout (gpointer user_data)
{
  SluiceApplication *self = user_data;

  self->stop_timeout_id = 0;
  g_warning ("The sandbox did not stop within %d seconds; Sluice quits without waiting. "
             "Stop it with “sluice-cli sandbox stop”.", SANDBOX_STOP_TIMEOUT_SECONDS);
  if (self->sandbox_cancellable != NULL)
    g_cancellable_cancel (self->sandbox_cancellable);
  release_for_sandbox (self);
  return G_SOURCE_REMOVE;
}

static void
stop_sandbox_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(SluiceApplication) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!sluice_sandbox_stop_finish (SLUICE_SANDBOX (object), result, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_warning ("The sandbox could not be stopped: %s", error->message);

  self->started_sandbox = FALSE;
  set_sandbox_cancellable (self, NULL);
  release_for_sandbox (self);
}

static void
stop_sandbox_on_exit (SluiceApplication *self)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();

  set_sandbox_cancellable (self, cancellable);
  self->stop_timeout_id = g_timeout_add_seconds (SANDBOX_STOP_TIMEOUT_SECONDS, on_stop_timeout, self);
  sluice_sandbox_stop_async (self->sandbox, cancellable, stop_sandbox_cb, g_object_ref (self));
}

/* Called once the last window is gone: what is left is the sandbox. */
static void
begin_exit (SluiceApplication *self)
{
  if (self->exiting)
    return;
  self->exiting = TRUE;

  if (self->sandbox_cancellable != NULL)
    {
      /* A start half-way: cancelling it leaves no server running, and its
       * callback lets the application go. */
      g_cancellable_cancel (self->sandbox_cancellable);
      return;
    }

  if (self->started_sandbox &&
      g_settings_get_boolean (self->settings, "stop-sandbox-on-quit"))
    {
      stop_sandbox_on_exit (self);
      return;
    }

  release_for_sandbox (self);
}

static void
start_sandbox_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(SluiceApplication) self = user_data;
  g_autoptr(GError) error = NULL;
  gboolean started;

  started = sluice_sandbox_start_finish (SLUICE_SANDBOX (object), result, &error);
  set_sandbox_cancellable (self, NULL);

  if (!started)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_autofree char *message =
            g_strdup_printf (_("The sandbox did not start: %s. No other profile was affected; "
                               "its log is in %s."),
                             error->message, sluice_sandbox_get_log_path (self->sandbox));
          show_toast (self, message);
        }
      release_for_sandbox (self);
      return;
    }

  self->started_sandbox = TRUE;

  if (self->exiting)
    {
      self->exiting = FALSE;
      begin_exit (self);
    }
  else if (!g_settings_get_boolean (self->settings, "stop-sandbox-on-quit"))
    release_for_sandbox (self);
}

static void
start_sandbox (SluiceApplication *self)
{
  g_autoptr(GCancellable) cancellable = NULL;

  if (self->sandbox_cancellable != NULL || self->exiting)
    return;

  /* Already running (another Sluice, or sluice-cli): not ours to stop. */
  if (sluice_sandbox_get_state (self->sandbox) == SLUICE_SANDBOX_RUNNING)
    return;

  cancellable = g_cancellable_new ();
  set_sandbox_cancellable (self, cancellable);
  hold_for_sandbox (self);
  sluice_sandbox_start_async (self->sandbox, cancellable, start_sandbox_cb, g_object_ref (self));
}

/* Actions ---------------------------------------------------------------- */

static void
quit_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  SluiceApplication *self = user_data;
  g_autoptr(GList) windows = g_list_copy (gtk_application_get_windows (GTK_APPLICATION (self)));

  /* Closing (not destroying) lets each window save its state. */
  for (const GList *l = windows; l != NULL; l = l->next)
    gtk_window_close (l->data);

  /* A window that asks first (a migration running in it) stays until
   * answered; quitting now would cut the run off before it is recorded. */
  if (gtk_application_get_windows (GTK_APPLICATION (self)) != NULL)
    return;

  begin_exit (self);
  if (!self->holding_for_sandbox)
    g_application_quit (G_APPLICATION (self));
}

/* Ctrl+C in the terminal that started Sluice, or a session logout, quits
 * the way the Quit action does, so a sandbox Sluice started is stopped
 * cleanly instead of being left running. */
static gboolean
on_quit_signal (gpointer user_data)
{
  g_action_group_activate_action (G_ACTION_GROUP (user_data), "quit", NULL);
  return G_SOURCE_CONTINUE;
}

static char *
dup_debug_info (SluiceApplication *self)
{
  return g_strdup_printf ("Sluice %s\n"
                          "GLib %u.%u.%u\nGTK %u.%u.%u\nlibadwaita %u.%u.%u\n"
                          "Profiles: %s\nSandbox: %s\n",
                          PACKAGE_VERSION,
                          glib_major_version, glib_minor_version, glib_micro_version,
                          gtk_get_major_version (), gtk_get_minor_version (), gtk_get_micro_version (),
                          adw_get_major_version (), adw_get_minor_version (), adw_get_micro_version (),
                          sluice_profile_store_get_path (self->store),
                          sluice_sandbox_get_root_dir (self->sandbox));
}

static void
about_action (GSimpleAction *action,
              GVariant      *parameter,
              gpointer       user_data)
{
  SluiceApplication *self = user_data;
  static const char *developers[] = { "The Sluice Authors https://github.com/sluice/sluice", NULL };
  g_autofree char *debug_info = dup_debug_info (self);
  GtkWidget *about;

  about = g_object_new (ADW_TYPE_ABOUT_WINDOW,
                        "transient-for", gtk_application_get_active_window (GTK_APPLICATION (self)),
                        "application-name", _("Sluice"),
                        "application-icon", APP_ID,
                        "developer-name", _("The Sluice Authors"),
                        "version", PACKAGE_VERSION,
                        "comments", _("Guarded schema migrations for PostgreSQL: "
                                      "see what each environment has applied, rehearse "
                                      "a change on a sandbox, run it with locks in check, "
                                      "and roll it back with one click."),
                        "website", "https://github.com/sluice/sluice",
                        "issue-url", "https://github.com/sluice/sluice/issues",
                        "developers", developers,
                        "copyright", _("© 2026 The Sluice Authors"),
                        "license-type", GTK_LICENSE_GPL_3_0,
                        /* Translators: put your names here, one per line. */
                        "translator-credits", _("translator-credits"),
                        "debug-info", debug_info,
                        NULL);
  gtk_window_present (GTK_WINDOW (about));
}

static void
preferences_action (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  SluiceApplication *self = user_data;
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));

  gtk_window_present (sluice_preferences_window_new (parent));
}

static void
start_sandbox_action (GSimpleAction *action,
                      GVariant      *parameter,
                      gpointer       user_data)
{
  start_sandbox (SLUICE_APPLICATION (user_data));
}

static void
reload_profiles_action (GSimpleAction *action,
                        GVariant      *parameter,
                        gpointer       user_data)
{
  sluice_application_reload_profiles (SLUICE_APPLICATION (user_data));
}

static const GActionEntry app_actions[] = {
  { "quit", quit_action },
  { "about", about_action },
  { "preferences", preferences_action },
  { "start-sandbox", start_sandbox_action },
  { "reload-profiles", reload_profiles_action },
};

static void
setup_accels (SluiceApplication *self)
{
  static const struct {
    const char *action;
    const char *accels[3];
  } accels[] = {
    { "app.quit", { "<Control>q", NULL } },
    { "app.preferences", { "<Control>comma", NULL } },
    { "win.add-profile", { "<Control>n", NULL } },
    { "win.refresh", { "F5", "<Control>r", NULL } },
    { "win.show-help-overlay", { "<Control>question", NULL } },
  };

  for (guint i = 0; i < G_N_ELEMENTS (accels); i++)
    gtk_application_set_accels_for_action (GTK_APPLICATION (self),
                                           accels[i].action, accels[i].accels);
}

/* GApplication ----------------------------------------------------------- */

static void
sluice_application_startup (GApplication *application)
{
  SluiceApplication *self = SLUICE_APPLICATION (application);

  G_APPLICATION_CLASS (sluice_application_parent_class)->startup (application);

  /* The History page shows SQL with GtkSourceView; idempotent. */
  gtk_source_init ();

  g_set_application_name (_("Sluice"));
  gtk_window_set_default_icon_name (APP_ID);

  self->settings = g_settings_new (APP_ID);
  g_signal_connect_object (self->settings, "changed::style-variant",
                           G_CALLBACK (apply_style_variant), self, G_CONNECT_SWAPPED);
  apply_style_variant (self);

  g_action_map_add_action_entries (G_ACTION_MAP (self), app_actions,
                                   G_N_ELEMENTS (app_actions), self);
  setup_accels (self);
  self->sigint_source = g_unix_signal_add (SIGINT, on_quit_signal, self);
  self->sigterm_source = g_unix_signal_add (SIGTERM, on_quit_signal, self);

  self->store = sluice_profile_store_new_default ();
  g_signal_connect_object (self->store, "items-changed",
                           G_CALLBACK (on_store_items_changed), self, G_CONNECT_SWAPPED);
  load_profiles (self);

  self->sandbox = sluice_sandbox_new_default ();
  ensure_sandbox_profile (self);

  if (g_settings_get_boolean (self->settings, "start-sandbox"))
    start_sandbox (self);
}

static void
sluice_application_activate (GApplication *application)
{
  SluiceApplication *self = SLUICE_APPLICATION (application);
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  if (window == NULL)
    window = GTK_WINDOW (sluice_window_new (self));

  gtk_window_present (window);
}

static void
sluice_application_shutdown (GApplication *application)
{
  SluiceApplication *self = SLUICE_APPLICATION (application);
  GHashTableIter iter;
  gpointer value;

  g_clear_handle_id (&self->sigint_source, g_source_remove);
  g_clear_handle_id (&self->sigterm_source, g_source_remove);

  g_hash_table_iter_init (&iter, self->sessions);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    sluice_session_disconnect (value);

  G_APPLICATION_CLASS (sluice_application_parent_class)->shutdown (application);
}

static void
sluice_application_window_removed (GtkApplication *application,
                                   GtkWindow      *window)
{
  SluiceApplication *self = SLUICE_APPLICATION (application);

  GTK_APPLICATION_CLASS (sluice_application_parent_class)->window_removed (application, window);

  if (gtk_application_get_windows (application) == NULL)
    begin_exit (self);
}

static void
sluice_application_dispose (GObject *object)
{
  SluiceApplication *self = SLUICE_APPLICATION (object);

  g_clear_handle_id (&self->stop_timeout_id, g_source_remove);
  if (self->sandbox_cancellable != NULL)
    g_cancellable_cancel (self->sandbox_cancellable);
  g_clear_object (&self->sandbox_cancellable);
  g_clear_pointer (&self->sessions, g_hash_table_unref);
  g_clear_object (&self->sandbox);
  g_clear_object (&self->store);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (sluice_application_parent_class)->dispose (object);
}

static void
sluice_application_finalize (GObject *object)
{
  SluiceApplication *self = SLUICE_APPLICATION (object);

  g_clear_error (&self->load_error);

  G_OBJECT_CLASS (sluice_application_parent_class)->finalize (object);
}

static void
sluice_application_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  SluiceApplication *self = SLUICE_APPLICATION (object);

  switch (prop_id)
    {
    case PROP_LOAD_ERROR:
      g_value_set_boxed (value, self->load_error);
      break;
    case PROP_SANDBOX_BUSY:
      g_value_set_boolean (value, sluice_application_get_sandbox_busy (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sluice_application_class_init (SluiceApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *application_class = G_APPLICATION_CLASS (klass);
  GtkApplicationClass *gtk_application_class = GTK_APPLICATION_CLASS (klass);

  object_class->dispose = sluice_application_dispose;
  object_class->finalize = sluice_application_finalize;
  object_class->get_property = sluice_application_get_property;

  application_class->startup = sluice_application_startup;
  application_class->activate = sluice_application_activate;
  application_class->shutdown = sluice_application_shutdown;

  gtk_application_class->window_removed = sluice_application_window_removed;

  properties[PROP_LOAD_ERROR] =
    g_param_spec_boxed ("load-error", NULL, NULL, G_TYPE_ERROR,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_SANDBOX_BUSY] =
    g_param_spec_boolean ("sandbox-busy", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
sluice_application_init (SluiceApplication *self)
{
  self->sessions = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
}

SluiceApplication *
sluice_application_new (void)
{
  return g_object_new (SLUICE_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_DEFAULT_FLAGS,
                       "resource-base-path", RESOURCE_PREFIX,
                       NULL);
}

GSettings *
sluice_application_get_settings (SluiceApplication *self)
{
  g_return_val_if_fail (SLUICE_IS_APPLICATION (self), NULL);
  return self->settings;
}

SluiceProfileStore *
sluice_application_get_store (SluiceApplication *self)
{
  g_return_val_if_fail (SLUICE_IS_APPLICATION (self), NULL);
  return self->store;
}

SluiceSandbox *
sluice_application_get_sandbox (SluiceApplication *self)
{
  g_return_val_if_fail (SLUICE_IS_APPLICATION (self), NULL);
  return self->sandbox;
}

const GError *
sluice_application_get_load_error (SluiceApplication *self)
{
  g_return_val_if_fail (SLUICE_IS_APPLICATION (self), NULL);
  return self->load_error;
}

gboolean
sluice_application_get_sandbox_busy (SluiceApplication *self)
{
  g_return_val_if_fail (SLUICE_IS_APPLICATION (self), FALSE);
  return self->sandbox_cancellable != NULL;
}

SluiceSession *
sluice_application_get_session (SluiceApplication *self,
                                SluiceProfile     *profile)
{
  const char *id;
  SluiceSession *session;

  g_return_val_if_fail (SLUICE_IS_APPLICATION (self), NULL);
  g_return_val_if_fail (SLUICE_IS_PROFILE (profile), NULL);

  id = sluice_profile_get_id (profile);
  session = g_hash_table_lookup (self->sessions, id);

  /* Reloading the file makes new profile objects with the same ids. */
  if (session != NULL && sluice_session_get_profile (session) != profile)
    {
      sluice_session_disconnect (session);
      g_hash_table_remove (self->sessions, id);
      session = NULL;
    }

  if (session == NULL)
    {
      session = sluice_session_new (profile);
      g_hash_table_insert (self->sessions, g_strdup (id), session);
    }

  return session;
}

gboolean
sluice_application_reload_profiles (SluiceApplication *self)
{
  g_return_val_if_fail (SLUICE_IS_APPLICATION (self), FALSE);

  load_profiles (self);
  ensure_sandbox_profile (self);
  return self->load_error == NULL;
}
