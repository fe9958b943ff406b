/* sluice-window-actions.c: the win.* actions of the main window
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "sluice-profile-editor.h"
#include "sluice-window-private.h"

static void
toast_printf (SluiceWindow *self,
              const char   *format,
              ...) G_GNUC_PRINTF (2, 3);

static void
toast_printf (SluiceWindow *self,
              const char   *format,
              ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  sluice_window_add_toast (self, message);
}

/* Add, edit, duplicate --------------------------------------------------- */

static void
on_editor_saved (SluiceWindow  *self,
                 SluiceProfile *profile)
{
  if (profile != NULL)
    sluice_window_select_profile (self, profile);
}

static void
open_editor (SluiceWindow  *self,
             SluiceProfile *profile,
             gboolean       duplicate)
{
  GtkWindow *editor = sluice_profile_editor_new (GTK_WINDOW (self), self->store, profile, duplicate);

  /* A new or duplicated profile is the one the user wants to look at. */
  if (profile == NULL || duplicate)
    g_signal_connect_object (editor, "saved", G_CALLBACK (on_editor_saved), self, G_CONNECT_SWAPPED);

  gtk_window_present (editor);
}

static void
add_profile_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  open_editor (SLUICE_WINDOW (widget), NULL, FALSE);
}

static void
edit_profile_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  SluiceWindow *self = SLUICE_WINDOW (widget);

  if (self->selected_profile != NULL)
    open_editor (self, self->selected_profile, FALSE);
}

static void
duplicate_profile_action (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  SluiceWindow *self = SLUICE_WINDOW (widget);

  if (self->selected_profile != NULL)
    open_editor (self, self->selected_profile, TRUE);
}

/* Remove ----------------------------------------------------------------- */

static void
clear_password_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(SluiceWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!sluice_secrets_clear_finish (result, &error))
    toast_printf (self, _("The profile was removed, but its password is still in the keyring: %s"),
                  error->message);
}

static guint
find_store_position (SluiceWindow  *self,
                     SluiceProfile *profile)
{
  GListModel *model = G_LIST_MODEL (self->store);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(SluiceProfile) item = g_list_model_get_item (model, i);

      if (item == profile)
        return i;
    }

  return GTK_INVALID_LIST_POSITION;
}

/* The store's "items-changed" makes the window watch each profile added
 * for its sort keys; the handlers of its first time in the store are
 * still there (the window stays alive, and so does the profile).  By now
 * the selection has moved off it, so the window's handlers on it are those
 * alone. */
static void
forget_profile_handlers (SluiceWindow  *self,
                         SluiceProfile *profile)
{
  g_signal_handlers_disconnect_matched (profile,
                                        G_SIGNAL_MATCH_ID | G_SIGNAL_MATCH_DATA,
                                        g_signal_lookup ("notify", G_TYPE_OBJECT), 0,
                                        NULL, NULL, self);
}

static void
remove_profile (SluiceWindow  *self,
                SluiceProfile *profile)
{
  g_autoptr(SluiceProfile) kept = g_object_ref (profile);
  g_autoptr(GError) error = NULL;
  guint position = find_store_position (self, kept);

  if (position == GTK_INVALID_LIST_POSITION)
    return;

  sluice_profile_store_remove (self->store, kept);
  if (!sluice_profile_store_save (self->store, &error))
    {
      /* What is on disk still has it: show it again, where it was, rather
       * than lie. */
      forget_profile_handlers (self, kept);
      sluice_profile_store_insert (self->store, position, kept, NULL);
      sluice_window_select_profile (self, kept);
      toast_printf (self, _("“%s” was not removed: %s"), sluice_profile_get_name (kept), error->message);
      return;
    }

  sluice_secrets_clear_async (sluice_profile_get_id (kept), NULL,
                              clear_password_cb, g_object_ref (self));
  toast_printf (self, _("Removed “%s”"), sluice_profile_get_name (kept));
}

static void
on_remove_response (AdwMessageDialog *dialog,
                    const char       *response,
                    SluiceWindow     *self)
{
  SluiceProfile *profile = g_object_get_data (G_OBJECT (dialog), "profile");

  if (g_strcmp0 (response, "remove") == 0)
    remove_profile (self, profile);
}

static void
remove_profile_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  SluiceWindow *self = SLUICE_WINDOW (widget);
  SluiceProfile *profile = self->selected_profile;
  g_autofree char *heading = NULL;
  GtkWidget *dialog;

  if (profile == NULL)
    return;

  heading = g_strdup_printf (_("Remove “%s”?"), sluice_profile_get_name (profile));
  dialog = adw_message_dialog_new (GTK_WINDOW (self), heading,
                                   _("The profile and its saved password are removed from Sluice. "
                                     "The database itself is not touched: nothing on the server "
                                     "changes."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "remove", _("_Remove"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "remove",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");

  g_object_set_data_full (G_OBJECT (dialog), "profile", g_object_ref (profile), g_object_unref);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_remove_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Import ----------------------------------------------------------------- */

static void
remove_imported (SluiceWindow *self,
                 guint         first,
                 guint         n_imported)
{
  g_autoptr(GPtrArray) imported = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = first; i < first + n_imported; i++)
    {
      SluiceProfile *profile = g_list_model_get_item (G_LIST_MODEL (self->store), i);

      if (profile != NULL)
        g_ptr_array_add (imported, profile);
    }

  for (guint i = 0; i < imported->len; i++)
    sluice_profile_store_remove (self->store, g_ptr_array_index (imported, i));
}

static void
import_pg_service_action (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  SluiceWindow *self = SLUICE_WINDOW (widget);
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) service_files = sluice_pg_service_default_paths ();
  guint n_before = g_list_model_get_n_items (G_LIST_MODEL (self->store));
  int imported;

  if (service_files[0] == NULL)
    {
      sluice_window_add_toast (self, _("Nothing to import: there is no pg_service.conf (neither "
                                       "~/.pg_service.conf, $PGSERVICEFILE nor the system’s). "
                                       "No profile was added."));
      return;
    }

  imported = sluice_profile_store_import_pg_service (self->store, NULL, &error);
  if (imported < 0)
    {
      toast_printf (self, _("Nothing was imported: %s"), error->message);
      return;
    }

  if (imported == 0)
    {
      sluice_window_add_toast (self, _("Nothing to import: every service in pg_service.conf "
                                       "already has a profile"));
      return;
    }

  if (!sluice_profile_store_save (self->store, &error))
    {
      /* The import appended them: take exactly those out again, or the next
       * save of anything would write them. */
      remove_imported (self, n_before, (guint) imported);
      toast_printf (self, _("Nothing was imported: %s"), error->message);
      return;
    }

  toast_printf (self, g_dngettext (GETTEXT_PACKAGE, "Imported %d profile", "Imported %d profiles",
                                   imported),
                imported);
}

/* Connect, refresh, select ----------------------------------------------- */

static void
connect_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  SluiceWindow *self = SLUICE_WINDOW (widget);
  SluiceSession *session = sluice_overview_page_get_session (self->overview_page);

  if (session == NULL)
    return;

  /* Already up: nothing to do; otherwise the page connects and reads. */
  if (sluice_session_get_state (session) == SLUICE_CONNECTION_READY ||
      sluice_session_get_state (session) == SLUICE_CONNECTION_BUSY)
    return;

  sluice_overview_page_reload (self->overview_page);
}

static void
refresh_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  SluiceWindow *self = SLUICE_WINDOW (widget);

  sluice_overview_page_reload (self->overview_page);
  /* Hidden pages only note it, and read when they are shown. */
  sluice_history_page_reload (self->history_page);
  sluice_matrix_page_reload (self->matrix_page);
  sluice_indexes_page_reload (self->indexes_page);
  sluice_activity_page_reload (self->activity_page);
  sluice_schema_page_reload (self->schema_page);
}

static void
select_profile_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  SluiceWindow *self = SLUICE_WINDOW (widget);
  const char *id = g_variant_get_string (parameter, NULL);
  SluiceProfile *profile = sluice_profile_store_find_by_id (self->store, id);

  if (profile == NULL)
    {
      g_debug ("No profile with id %s", id);
      return;
    }

  sluice_window_select_profile (self, profile);
}

void
_sluice_window_update_actions (SluiceWindow *self)
{
  gboolean selected = self->selected_profile != NULL;
  /* A store that failed to load refuses to save: say so once, in the
   * banner, rather than let every edit fail on its own. */
  gboolean writable = sluice_application_get_load_error (self->application) == NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.add-profile", writable);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.import-pg-service", writable);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.edit-profile", selected && writable);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.duplicate-profile", selected && writable);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.remove-profile", selected && writable);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.connect", selected);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.refresh", selected);
}

void
_sluice_window_class_actions_init (SluiceWindowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_install_action (widget_class, "win.add-profile", NULL, add_profile_action);
  gtk_widget_class_install_action (widget_class, "win.edit-profile", NULL, edit_profile_action);
  gtk_widget_class_install_action (widget_class, "win.duplicate-profile", NULL, duplicate_profile_action);
  gtk_widget_class_install_action (widget_class, "win.remove-profile", NULL, remove_profile_action);
  gtk_widget_class_install_action (widget_class, "win.import-pg-service", NULL, import_pg_service_action);
  gtk_widget_class_install_action (widget_class, "win.connect", NULL, connect_action);
  gtk_widget_class_install_action (widget_class, "win.refresh", NULL, refresh_action);
  gtk_widget_class_install_action (widget_class, "win.select-profile", "s", select_profile_action);
}
