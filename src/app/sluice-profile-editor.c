/* sluice-profile-editor.c: the dialog that adds, edits and duplicates a profile
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>

#include "sluice-connection-test-row.h"
#include "sluice-error-text.h"
#include "sluice-guard-level-row.h"
#include "sluice-profile-editor.h"

struct _SluiceProfileEditor
{
  AdwWindow               parent_instance;

  SluiceProfileStore      *store;
  /* The profile edited in place, or NULL for a new one until it is saved. */
  SluiceProfile           *profile;
  /* A new profile not in the store yet (a copy when duplicating). */
  SluiceProfile           *draft;
  /* The profile a duplicate was made from, whose password the copy gets. */
  SluiceProfile           *duplicate_of;
  gboolean                duplicate;

  char                    *migration_folder;
  GtkFileChooserNative    *folder_chooser;

  GCancellable            *save_cancellable;

  /* What "busy" said last, to notify it only when it changes. */
  guint                   busy : 1;
  guint                   populating : 1;
  guint                   updating_guard : 1;
  /* Once the user picks a guard level it no longer follows the environment. */
  guint                   guard_chosen : 1;
  guint                   name_touched : 1;
  guint                   connection_touched : 1;
  guint                   valid : 1;

  /* Template children */
  AdwWindowTitle          *window_title;
  GtkButton               *save_button;
  GtkButton               *cancel_button;
  AdwToastOverlay         *toast_overlay;
  AdwPreferencesPage      *page;
  AdwEntryRow             *name_row;
  AdwComboRow             *environment_row;
  SluiceGuardLevelRow     *guard_row;
  AdwEntryRow             *connection_row;
  AdwActionRow            *connection_password_row;
  GtkButton               *move_password_button;
  AdwActionRow            *connection_kind_row;
  AdwPasswordEntryRow     *password_row;
  SluiceConnectionTestRow *test_row;
  AdwActionRow            *folder_row;
  GtkSpinButton           *lock_timeout_spin;
  GtkSpinButton           *statement_timeout_spin;
};

G_DEFINE_FINAL_TYPE (SluiceProfileEditor, sluice_profile_editor, ADW_TYPE_WINDOW)

enum {
  PROP_0,
  PROP_STORE,
  PROP_PROFILE,
  PROP_DUPLICATE,
  PROP_BUSY,
  N_PROPS
};

enum {
  SAVED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static const SluiceEnvironment environments[] = {
  SLUICE_ENVIRONMENT_SANDBOX,
  SLUICE_ENVIRONMENT_DEV,
  SLUICE_ENVIRONMENT_STAGING,
  SLUICE_ENVIRONMENT_PROD,
};

/* The values of a profile that the editor changes, kept so that a save that
 * fails can put the profile in memory back as it is on disk. */
typedef struct
{
  char              *name;
  SluiceEnvironment  environment;
  SluiceGuardLevel   guard;
  char              *connection;
  char              *migration_folder;
  guint              lock_timeout_ms;
  guint              statement_timeout_ms;
} ProfileValues;

static void
profile_values_clear (ProfileValues *values)
{
  g_clear_pointer (&values->name, g_free);
  g_clear_pointer (&values->connection, g_free);
  g_clear_pointer (&values->migration_folder, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (ProfileValues, profile_values_clear)

static void
profile_values_read (ProfileValues *values,
                     SluiceProfile *profile)
{
  values->name = g_strdup (sluice_profile_get_name (profile));
  values->environment = sluice_profile_get_environment (profile);
  values->guard = sluice_profile_get_guard (profile);
  values->connection = g_strdup (sluice_profile_get_connection (profile));
  values->migration_folder = g_strdup (sluice_profile_get_migration_folder (profile));
  values->lock_timeout_ms = sluice_profile_get_lock_timeout_ms (profile);
  values->statement_timeout_ms = sluice_profile_get_statement_timeout_ms (profile);
}

static void
profile_values_apply (const ProfileValues *values,
                      SluiceProfile       *profile)
{
  g_object_freeze_notify (G_OBJECT (profile));
  sluice_profile_set_name (profile, values->name);
  sluice_profile_set_environment (profile, values->environment);
  sluice_profile_set_guard (profile, values->guard);
  sluice_profile_set_connection (profile, values->connection);
  sluice_profile_set_migration_folder (profile, values->migration_folder);
  sluice_profile_set_lock_timeout_ms (profile, values->lock_timeout_ms);
  sluice_profile_set_statement_timeout_ms (profile, values->statement_timeout_ms);
  g_object_thaw_notify (G_OBJECT (profile));
}

static char *
dup_stripped_text (gpointer editable)
{
  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (editable))));
}

static guint
seconds_to_ms (GtkSpinButton *spin)
{
  return (guint) lround (gtk_spin_button_get_value (spin) * 1000.0);
}

static SluiceEnvironment
get_selected_environment (SluiceProfileEditor *self)
{
  guint selected = adw_combo_row_get_selected (self->environment_row);

  if (selected >= G_N_ELEMENTS (environments))
    return SLUICE_ENVIRONMENT_DEV;
  return environments[selected];
}

static void
select_environment (SluiceProfileEditor *self,
                    SluiceEnvironment    environment)
{
  for (guint i = 0; i < G_N_ELEMENTS (environments); i++)
    if (environments[i] == environment)
      adw_combo_row_set_selected (self->environment_row, i);
}

static void
select_guard (SluiceProfileEditor *self,
              SluiceGuardLevel     guard)
{
  self->updating_guard = TRUE;
  sluice_guard_level_row_set_guard (self->guard_row, guard);
  self->updating_guard = FALSE;
}

static void
read_values_from_widgets (SluiceProfileEditor *self,
                          ProfileValues       *values)
{
  values->name = dup_stripped_text (self->name_row);
  values->environment = get_selected_environment (self);
  values->guard = sluice_guard_level_row_get_guard (self->guard_row);
  values->connection = dup_stripped_text (self->connection_row);
  values->migration_folder = g_strdup (self->migration_folder);
  values->lock_timeout_ms = seconds_to_ms (self->lock_timeout_spin);
  values->statement_timeout_ms = seconds_to_ms (self->statement_timeout_spin);
}

gboolean
sluice_profile_editor_get_busy (SluiceProfileEditor *self)
{
  g_return_val_if_fail (SLUICE_IS_PROFILE_EDITOR (self), FALSE);

  /* The row is gone once the window was disposed. */
  return (self->test_row != NULL && sluice_connection_test_row_get_busy (self->test_row)) ||
         self->save_cancellable != NULL;
}

SluiceProfileStore *
sluice_profile_editor_get_store (SluiceProfileEditor *self)
{
  g_return_val_if_fail (SLUICE_IS_PROFILE_EDITOR (self), NULL);

  return self->store;
}

SluiceProfile *
sluice_profile_editor_get_profile (SluiceProfileEditor *self)
{
  g_return_val_if_fail (SLUICE_IS_PROFILE_EDITOR (self), NULL);

  return self->profile;
}

static void
update_busy (SluiceProfileEditor *self)
{
  gboolean busy = sluice_profile_editor_get_busy (self);

  if (busy == self->busy)
    return;

  self->busy = busy;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

/* The profile whose stored password stands in for an empty password field:
 * the one edited, or the one a duplicate was made from. */
static void
update_test_profile (SluiceProfileEditor *self)
{
  SluiceProfile *password_profile = self->profile != NULL ? self->profile : self->duplicate_of;

  /* A keyring answer can come in after the window was disposed. */
  if (self->test_row == NULL)
    return;

  sluice_connection_test_row_set_profile (self->test_row, password_profile);
}

static void
set_row_error (gpointer    row,
               const char *message)
{
  if (message != NULL)
    gtk_widget_add_css_class (GTK_WIDGET (row), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (row), "error");
  gtk_widget_set_tooltip_text (GTK_WIDGET (row), message);
}

static void
update_actions (SluiceProfileEditor *self)
{
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "editor.save",
                                 self->valid && self->save_cancellable == NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "editor.clear-folder",
                                 self->migration_folder != NULL);
}

/* The window was disposed (destroyed from outside: its parent closed, the
 * application quit) while a keyring call it started runs on. */
static gboolean
is_disposed (SluiceProfileEditor *self)
{
  return self->password_row == NULL;
}

static void
validate (SluiceProfileEditor *self)
{
  g_autofree char *name = dup_stripped_text (self->name_row);
  g_autofree char *connection = dup_stripped_text (self->connection_row);
  g_autofree char *name_error = NULL;
  const char *connection_error = NULL;
  gboolean has_password = sluice_profile_connection_has_password (connection);
  SluiceProfile *holder;

  holder = name[0] != '\0' ? sluice_profile_store_find_by_name (self->store, name) : NULL;

  if (name[0] == '\0')
    {
      /* An empty field is not an error until the user has typed in it. */
      if (self->name_touched)
        name_error = g_strdup (_("A profile needs a name"));
    }
  else if (holder != NULL && holder != self->profile)
    name_error = g_strdup_printf (_("Another profile is already called “%s”"), name);

  if (connection[0] == '\0' && self->connection_touched)
    connection_error = _("Type how to reach the server: a conninfo, a postgres:// URI or a service name");
  else if (has_password)
    connection_error = _("This connection holds a password, which Sluice never writes to its files: "
                         "move it to the Password field");

  set_row_error (self->name_row, name_error);
  set_row_error (self->connection_row, connection_error);
  gtk_widget_set_visible (GTK_WIDGET (self->connection_password_row), has_password);

  self->valid = name[0] != '\0' && name_error == NULL && connection[0] != '\0' && !has_password;
  update_actions (self);
}

static void
update_connection_kind (SluiceProfileEditor *self)
{
  g_autofree char *connection = dup_stripped_text (self->connection_row);
  const char *title;
  const char *subtitle = NULL;

  if (connection[0] == '\0')
    {
      title = _("How to reach the server");
      subtitle = _("A conninfo (host=db.example.com dbname=app), a postgres:// URI, or a service name from pg_service.conf");
    }
  else
    {
      switch (sluice_connection_kind_for_text (connection))
        {
        case SLUICE_CONNECTION_KIND_URI:
          title = _("Read as a PostgreSQL URI");
          break;

        case SLUICE_CONNECTION_KIND_SERVICE:
          title = _("Read as a service name");
          subtitle = _("libpq looks it up in $PGSERVICEFILE or ~/.pg_service.conf, then in the system’s pg_service.conf");
          break;

        case SLUICE_CONNECTION_KIND_CONNINFO:
        default:
          title = _("Read as a connection string (key=value pairs)");
          break;
        }
    }

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->connection_kind_row), title);
  adw_action_row_set_subtitle (self->connection_kind_row, subtitle);
}

static void
update_folder_row (SluiceProfileEditor *self)
{
  if (self->migration_folder != NULL)
    {
      g_autofree char *display = g_filename_display_name (self->migration_folder);
      adw_action_row_set_subtitle (self->folder_row, display);
    }
  else
    adw_action_row_set_subtitle (self->folder_row, _("None: choose the folder that holds this project’s migrations"));

  update_actions (self);
}

static void
update_title (SluiceProfileEditor *self)
{
  const char *title;

  if (self->profile != NULL)
    title = _("Edit Profile");
  else if (self->draft != NULL)
    title = _("Duplicate Profile");
  else
    title = _("New Profile");

  gtk_window_set_title (GTK_WINDOW (self), title);
  adw_window_title_set_title (self->window_title, title);
  adw_window_title_set_subtitle (self->window_title,
                                 self->profile != NULL ? sluice_profile_get_name (self->profile) : NULL);
}

/* Saving ----------------------------------------------------------------- */

static void
set_save_cancellable (SluiceProfileEditor *self,
                      GCancellable        *cancellable)
{
  g_set_object (&self->save_cancellable, cancellable);
  update_actions (self);
  update_busy (self);
}

static void
show_error_dialog (SluiceProfileEditor *self,
                   const char          *heading,
                   const char          *body)
{
  GtkWidget *dialog;

  dialog = adw_message_dialog_new (GTK_WINDOW (self), heading, body);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "close");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "close");
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
show_password_not_saved (SluiceProfileEditor *self,
                         const GError        *error)
{
  g_autofree char *reason = sluice_error_text_describe (error);
  g_autofree char *body = NULL;

  body = g_strdup_printf (_("The profile “%s” was saved, but its password was NOT saved.\n\n%s\n\n"
                            "Save again to retry, or empty the password field and let libpq "
                            "read ~/.pgpass."),
                          sluice_profile_get_name (self->profile), reason);
  show_error_dialog (self, _("Password Not Saved"), body);
}

static void
finish_saving (SluiceProfileEditor *self,
               gboolean             close)
{
  set_save_cancellable (self, NULL);
  if (close)
    gtk_window_destroy (GTK_WINDOW (self));
}

static void
on_password_stored (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(SluiceProfileEditor) self = user_data;
  g_autoptr(GError) error = NULL;
  gboolean stored;

  stored = sluice_secrets_store_finish (result, &error);

  /* Nothing left to show it in: the log says it. */
  if (is_disposed (self))
    {
      g_clear_object (&self->save_cancellable);
      if (!stored)
        g_warning ("The password of the profile \"%s\" was not saved: %s",
                   sluice_profile_get_name (self->profile), error->message);
      return;
    }

  if (!stored)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;

      finish_saving (self, FALSE);
      show_password_not_saved (self, error);
      return;
    }

  /* Stored: the field has done its job, and a second Save must not
   * store it again. */
  gtk_editable_set_text (GTK_EDITABLE (self->password_row), "");
  finish_saving (self, TRUE);
}

static void
store_password (SluiceProfileEditor *self,
                const char          *password)
{
  sluice_secrets_store_async (sluice_profile_get_id (self->profile),
                              sluice_profile_get_name (self->profile),
                              password,
                              self->save_cancellable,
                              on_password_stored,
                              g_object_ref (self));
}

static void
on_duplicate_password_looked_up (GObject      *object,
                                 GAsyncResult *result,
                                 gpointer      user_data)
{
  g_autoptr(SluiceProfileEditor) self = user_data;
  g_autoptr(GError) error = NULL;
  char *password;

  password = sluice_secrets_lookup_finish (result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  /* The copy asks for its password only once. */
  g_clear_object (&self->duplicate_of);
  update_test_profile (self);

  if (error != NULL)
    {
      if (is_disposed (self))
        {
          g_clear_object (&self->save_cancellable);
          g_warning ("The password of the profile \"%s\" was not copied: %s",
                     sluice_profile_get_name (self->profile), error->message);
          return;
        }

      finish_saving (self, FALSE);
      show_password_not_saved (self, error);
      return;
    }

  if (password == NULL)
    {
      if (is_disposed (self))
        g_clear_object (&self->save_cancellable);
      else
        finish_saving (self, TRUE);
      return;
    }

  /* Even with the window gone, the copy gets the password it was saved
   * with: on_password_stored() copes. */
  store_password (self, password);
  sluice_secure_free (password);
}

/* Applies the fields to the profile (adding a new one to the store) and
 * writes the store.  On failure the profile in memory is put back as it was,
 * and the fields keep what the user typed. */
static gboolean
apply_and_save_profile (SluiceProfileEditor  *self,
                        GError              **error)
{
  g_auto(ProfileValues) values = { 0 };
  g_auto(ProfileValues) before = { 0 };

  read_values_from_widgets (self, &values);

  if (self->profile != NULL)
    {
      /* Saving a profile that left the store would write nothing of it. */
      if (sluice_profile_store_find_by_id (self->store, sluice_profile_get_id (self->profile)) != self->profile)
        {
          g_set_error (error, SLUICE_ERROR, SLUICE_ERROR_NOT_FOUND,
                       _("The profile “%s” was removed while this window was open, so there is nothing to save it into."),
                       sluice_profile_get_name (self->profile));
          return FALSE;
        }

      profile_values_read (&before, self->profile);
      profile_values_apply (&values, self->profile);
      if (!sluice_profile_store_save (self->store, error))
        {
          profile_values_apply (&before, self->profile);
          return FALSE;
        }
      return TRUE;
    }

  if (self->draft == NULL)
    self->draft = sluice_profile_new (values.name, values.environment, values.connection);
  profile_values_apply (&values, self->draft);

  if (!sluice_profile_store_add (self->store, self->draft, error))
    return FALSE;

  if (!sluice_profile_store_save (self->store, error))
    {
      sluice_profile_store_remove (self->store, self->draft);
      return FALSE;
    }

  self->profile = g_steal_pointer (&self->draft);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROFILE]);
  update_title (self);
  update_test_profile (self);
  return TRUE;
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  SluiceProfileEditor *self = SLUICE_PROFILE_EDITOR (widget);
  g_autoptr(GCancellable) cancellable = NULL;
  g_autoptr(GError) error = NULL;
  const char *password;

  validate (self);
  if (!self->valid || self->save_cancellable != NULL)
    return;

  if (!apply_and_save_profile (self, &error))
    {
      g_autofree char *body = NULL;

      body = g_strdup_printf (_("%s\n\nYour changes are still in this window: save again once the problem is fixed."),
                              error->message);
      show_error_dialog (self, _("Profile Not Saved"), body);
      return;
    }

  g_signal_emit (self, signals[SAVED], 0, self->profile);

  cancellable = g_cancellable_new ();
  set_save_cancellable (self, cancellable);

  password = gtk_editable_get_text (GTK_EDITABLE (self->password_row));
  if (password[0] != '\0')
    store_password (self, password);
  else if (self->duplicate_of != NULL)
    sluice_secrets_lookup_async (sluice_profile_get_id (self->duplicate_of),
                                 cancellable,
                                 on_duplicate_password_looked_up,
                                 g_object_ref (self));
  else
    finish_saving (self, TRUE);
}

static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  gtk_window_close (GTK_WINDOW (widget));
}

/* The profile is saved; closing now would leave its password half-way to
 * the keyring, and the user would not learn whether it got there. */
static gboolean
sluice_profile_editor_close_request (GtkWindow *window)
{
  SluiceProfileEditor *self = SLUICE_PROFILE_EDITOR (window);

  if (self->save_cancellable != NULL)
    {
      adw_toast_overlay_add_toast (self->toast_overlay,
                                   adw_toast_new (_("Saving the password in the keyring: the window "
                                                    "closes once it is stored")));
      return TRUE;
    }

  return GTK_WINDOW_CLASS (sluice_profile_editor_parent_class)->close_request (window);
}

/* "host=db password=x" becomes "host=db" and a password in its field, to
 * be stored in the keyring on Save. */
static void
move_password_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  SluiceProfileEditor *self = SLUICE_PROFILE_EDITOR (widget);
  g_autofree char *connection = dup_stripped_text (self->connection_row);
  g_autofree char *stripped = NULL;
  char *password = NULL;

  stripped = sluice_profile_connection_strip_password (connection, &password);
  if (password != NULL)
    gtk_editable_set_text (GTK_EDITABLE (self->password_row), password);
  sluice_secure_free (password);
  /* The typed text holds it too. */
  sluice_secure_free (g_steal_pointer (&connection));

  gtk_editable_set_text (GTK_EDITABLE (self->connection_row), stripped);
  adw_toast_overlay_add_toast (self->toast_overlay,
                               adw_toast_new (_("The password is in the Password field now: "
                                                "Save stores it in your keyring")));
}

/* Migration folder ------------------------------------------------------- */

static void
set_migration_folder (SluiceProfileEditor *self,
                      const char          *path)
{
  if (g_strcmp0 (self->migration_folder, path) == 0)
    return;

  g_free (self->migration_folder);
  self->migration_folder = g_strdup (path);
  update_folder_row (self);
}

static void
on_folder_chooser_response (SluiceProfileEditor  *self,
                            int                   response,
                            GtkFileChooserNative *chooser)
{
  g_autoptr(GFile) folder = NULL;
  g_autofree char *path = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    {
      folder = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      path = folder != NULL ? g_file_get_path (folder) : NULL;

      if (path != NULL)
        set_migration_folder (self, path);
      else
        adw_toast_overlay_add_toast (self->toast_overlay,
                                     adw_toast_new (_("That folder is not on this computer: choose a local folder")));
    }

  gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (chooser));
  g_clear_object (&self->folder_chooser);
}

static void
choose_folder_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  SluiceProfileEditor *self = SLUICE_PROFILE_EDITOR (widget);

  if (self->folder_chooser != NULL)
    return;

  /* GtkFileChooserNative goes through the file chooser portal under
   * Flatpak, which grants access to just the chosen folder. */
  self->folder_chooser = gtk_file_chooser_native_new (_("Choose the Migration Folder"),
                                                      GTK_WINDOW (self),
                                                      GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER,
                                                      _("_Select"),
                                                      _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->folder_chooser), TRUE);

  if (self->migration_folder != NULL)
    {
      g_autoptr(GFile) current = g_file_new_for_path (self->migration_folder);
      g_autoptr(GFile) parent = g_file_get_parent (current);

      if (parent != NULL)
        gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (self->folder_chooser), parent, NULL);
    }

  g_signal_connect_object (self->folder_chooser, "response",
                           G_CALLBACK (on_folder_chooser_response), self,
                           G_CONNECT_SWAPPED);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->folder_chooser));
}

static void
clear_folder_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  set_migration_folder (SLUICE_PROFILE_EDITOR (widget), NULL);
}

/* Field signals ---------------------------------------------------------- */

static void
on_name_changed (SluiceProfileEditor *self)
{
  if (!self->populating)
    self->name_touched = TRUE;
  validate (self);
}

/* The test row forgets its result by itself: its "connection" is bound
 * to this field in the template. */
static void
on_connection_changed (SluiceProfileEditor *self)
{
  if (!self->populating)
    self->connection_touched = TRUE;
  update_connection_kind (self);
  validate (self);
}

/* Set, not bound: a binding would pass the password through GValue copies
 * that nobody wipes. */
static void
on_password_changed (SluiceProfileEditor *self)
{
  sluice_connection_test_row_set_password (self->test_row,
                                           gtk_editable_get_text (GTK_EDITABLE (self->password_row)));
}

static void
on_environment_selected (SluiceProfileEditor *self)
{
  if (!self->guard_chosen)
    select_guard (self, sluice_environment_default_guard (get_selected_environment (self)));
}

static void
on_guard_selected (SluiceProfileEditor *self)
{
  if (!self->updating_guard && !self->populating)
    self->guard_chosen = TRUE;
}

static void
on_test_busy_changed (SluiceProfileEditor *self)
{
  update_busy (self);
}

/* The row said "Type a connection first"; the field shows why, and gets
 * the keyboard. */
static void
on_test_connection_missing (SluiceProfileEditor *self)
{
  self->connection_touched = TRUE;
  validate (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->connection_row));
}

/* Construction ----------------------------------------------------------- */

static GListModel *
create_environment_model (void)
{
  GtkStringList *list = gtk_string_list_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (environments); i++)
    gtk_string_list_append (list, sluice_environment_get_label (environments[i]));
  return G_LIST_MODEL (list);
}

static void
populate (SluiceProfileEditor *self,
          SluiceProfile       *profile)
{
  SluiceEnvironment environment = sluice_profile_get_environment (profile);
  SluiceGuardLevel guard = sluice_profile_get_guard (profile);

  gtk_editable_set_text (GTK_EDITABLE (self->name_row), sluice_profile_get_name (profile));
  if (sluice_profile_get_connection (profile) != NULL)
    gtk_editable_set_text (GTK_EDITABLE (self->connection_row),
                           sluice_profile_get_connection (profile));
  self->guard_chosen = guard != sluice_environment_default_guard (environment);
  select_environment (self, environment);
  select_guard (self, guard);
  self->migration_folder = g_strdup (sluice_profile_get_migration_folder (profile));
  gtk_spin_button_set_value (self->lock_timeout_spin,
                             sluice_profile_get_lock_timeout_ms (profile) / 1000.0);
  gtk_spin_button_set_value (self->statement_timeout_spin,
                             sluice_profile_get_statement_timeout_ms (profile) / 1000.0);
}

static void
sluice_profile_editor_constructed (GObject *object)
{
  SluiceProfileEditor *self = (SluiceProfileEditor *)object;

  G_OBJECT_CLASS (sluice_profile_editor_parent_class)->constructed (object);

  g_return_if_fail (SLUICE_IS_PROFILE_STORE (self->store));

  if (self->duplicate && self->profile != NULL)
    {
      g_autofree char *base = NULL;
      g_autofree char *name = NULL;

      self->duplicate_of = g_steal_pointer (&self->profile);
      /* Translators: the name of a copy of the profile named %s. */
      base = g_strdup_printf (_("%s (copy)"), sluice_profile_get_name (self->duplicate_of));
      name = sluice_profile_store_dup_unique_name (self->store, base);
      self->draft = sluice_profile_duplicate (self->duplicate_of, name);
      populate (self, self->draft);
    }
  else if (self->profile != NULL)
    populate (self, self->profile);
  else
    {
      select_environment (self, SLUICE_ENVIRONMENT_DEV);
      select_guard (self, sluice_environment_default_guard (SLUICE_ENVIRONMENT_DEV));
    }

  self->populating = FALSE;

  update_title (self);
  update_test_profile (self);
  update_connection_kind (self);
  update_folder_row (self);
  validate (self);

  gtk_widget_grab_focus (GTK_WIDGET (self->name_row));
}

static void
sluice_profile_editor_dispose (GObject *object)
{
  SluiceProfileEditor *self = (SluiceProfileEditor *)object;

  /* Closing the window stops a running test.  A keyring write (or the
   * lookup of a duplicate's password) is not stopped: the profile is
   * saved already, and its password must follow.  Its callback holds the
   * window until then, and sees it was disposed. */
  if (self->test_row != NULL)
    sluice_connection_test_row_cancel (self->test_row);

  if (self->folder_chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->folder_chooser));
  g_clear_object (&self->folder_chooser);

  gtk_widget_dispose_template (GTK_WIDGET (self), SLUICE_TYPE_PROFILE_EDITOR);

  G_OBJECT_CLASS (sluice_profile_editor_parent_class)->dispose (object);
}

static void
sluice_profile_editor_finalize (GObject *object)
{
  SluiceProfileEditor *self = (SluiceProfileEditor *)object;

  g_clear_object (&self->save_cancellable);
  g_clear_object (&self->store);
  g_clear_object (&self->profile);
  g_clear_object (&self->draft);
  g_clear_object (&self->duplicate_of);
  g_clear_pointer (&self->migration_folder, g_free);

  G_OBJECT_CLASS (sluice_profile_editor_parent_class)->finalize (object);
}

static void
sluice_profile_editor_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  SluiceProfileEditor *self = SLUICE_PROFILE_EDITOR (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;

    case PROP_PROFILE:
      g_value_set_object (value, self->profile);
      break;

    case PROP_DUPLICATE:
      g_value_set_boolean (value, self->duplicate);
      break;

    case PROP_BUSY:
      g_value_set_boolean (value, sluice_profile_editor_get_busy (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sluice_profile_editor_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  SluiceProfileEditor *self = SLUICE_PROFILE_EDITOR (object);

  switch (prop_id)
    {
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;

    case PROP_PROFILE:
      self->profile = g_value_dup_object (value);
      break;

    case PROP_DUPLICATE:
      self->duplicate = g_value_get_boolean (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sluice_profile_editor_class_init (SluiceProfileEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->constructed = sluice_profile_editor_constructed;
  object_class->dispose = sluice_profile_editor_dispose;
  object_class->finalize = sluice_profile_editor_finalize;
  object_class->get_property = sluice_profile_editor_get_property;
  object_class->set_property = sluice_profile_editor_set_property;

  window_class->close_request = sluice_profile_editor_close_request;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL,
                         SLUICE_TYPE_PROFILE_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  properties[PROP_PROFILE] =
    g_param_spec_object ("profile", NULL, NULL,
                         SLUICE_TYPE_PROFILE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  properties[PROP_DUPLICATE] =
    g_param_spec_boolean ("duplicate", NULL, NULL,
                          FALSE,
                          G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL,
                          FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SAVED] =
    g_signal_new ("saved",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, SLUICE_TYPE_PROFILE);

  g_type_ensure (SLUICE_TYPE_CONNECTION_TEST_ROW);
  g_type_ensure (SLUICE_TYPE_GUARD_LEVEL_ROW);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ui/sluice-profile-editor.ui");
  gtk_widget_class_bind_template_child (widget_class, SluiceProfileEditor, window_title);
  gtk_widget_class_bind_template_child (widget_class, SluiceProfileEditor, save_button);
  gtk_widget_class_bind_template_child (widget_class, SluiceProfileEditor, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, SluiceProfileEditor, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, SluiceProfileEditor, page);
  gtk_widget_class_bind_template_child (widget_class, SluiceProfileEditor, name_row);
  gtk_widget_class_bind_template_child (widget_class, SluiceProfileEditor, environment_row);
  gtk_widget_class_bind_template_child (widget_class, SluiceProfileEditor, guard_row);
  gtk_widget_class_bind_template_child (widget_class, SluiceProfileEditor, connection_row);
  gtk_widget_class_bind_template_child (widget_class, SluiceProfileEditor, connection_password_row);
  gtk_widget_class_bind_template_child (widget_class, SluiceProfileEditor, move_password_button);
  gtk_widget_class_bind_template_child (widget_class, SluiceProfileEditor, connection_kind_row);
  gtk_widget_class_bind_template_child (widget_class, SluiceProfileEditor, password_row);
  gtk_widget_class_bind_template_child (widget_class, SluiceProfileEditor, test_row);
  gtk_widget_class_bind_template_child (widget_class, SluiceProfileEditor, folder_row);
  gtk_widget_class_bind_template_child (widget_class, SluiceProfileEditor, lock_timeout_spin);
  gtk_widget_class_bind_template_child (widget_class, SluiceProfileEditor, statement_timeout_spin);
  gtk_widget_class_bind_template_callback (widget_class, on_name_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_connection_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_environment_selected);
  gtk_widget_class_bind_template_callback (widget_class, on_password_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_guard_selected);
  gtk_widget_class_bind_template_callback (widget_class, on_test_busy_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_test_connection_missing);

  gtk_widget_class_install_action (widget_class, "editor.save", NULL, save_action);
  gtk_widget_class_install_action (widget_class, "editor.cancel", NULL, cancel_action);
  gtk_widget_class_install_action (widget_class, "editor.move-password", NULL, move_password_action);
  gtk_widget_class_install_action (widget_class, "editor.choose-folder", NULL, choose_folder_action);
  gtk_widget_class_install_action (widget_class, "editor.clear-folder", NULL, clear_folder_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "editor.cancel", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "editor.save", NULL);
}

static void
sluice_profile_editor_init (SluiceProfileEditor *self)
{
  g_autoptr(GListModel) environment_model = create_environment_model ();

  /* Until constructed() has filled the fields, changes are not the user's. */
  self->populating = TRUE;

  gtk_widget_init_template (GTK_WIDGET (self));

  /* The model is set before construct properties are applied, so that
   * populate() can select in it (the guard row has its own already). */
  adw_combo_row_set_model (self->environment_row, environment_model);
}

GtkWindow *
sluice_profile_editor_new (GtkWindow          *parent,
                           SluiceProfileStore *store,
                           SluiceProfile      *profile,
                           gboolean            duplicate)
{
  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (SLUICE_IS_PROFILE_STORE (store), NULL);
  g_return_val_if_fail (profile == NULL || SLUICE_IS_PROFILE (profile), NULL);
  g_return_val_if_fail (!duplicate || profile != NULL, NULL);

  return g_object_new (SLUICE_TYPE_PROFILE_EDITOR,
                       "transient-for", parent,
                       "store", store,
                       "profile", profile,
                       "duplicate", duplicate,
                       NULL);
}
