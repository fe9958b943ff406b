/* sluice-guard-dialog.c: the one place where a write to a guarded profile
 * is confirmed
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "sluice-guard-dialog.h"

#define RESPONSE_CANCEL  "cancel"
#define RESPONSE_PROCEED "proceed"

struct _SluiceGuardDialog
{
  AdwMessageDialog  parent_instance;

  SluiceProfile    *profile;
  SluiceGuardLevel  guard;
  char             *database;
  char             *action_text;

  GtkWidget        *entry;
};

G_DEFINE_FINAL_TYPE (SluiceGuardDialog, sluice_guard_dialog, ADW_TYPE_MESSAGE_DIALOG)

/* Every write to prod asks for the database's name to be typed: the
 * profile's guard level may be lowered in the editor, but not below
 * STRICT on prod. */
static SluiceGuardLevel
effective_guard (SluiceProfile *profile)
{
  if (sluice_profile_get_environment (profile) == SLUICE_ENVIRONMENT_PROD)
    return SLUICE_GUARD_STRICT;
  return sluice_profile_get_guard (profile);
}

enum {
  PROP_0,
  PROP_PROFILE,
  PROP_DATABASE,
  PROP_ACTION_TEXT,
  PROP_CAN_PROCEED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* The name typed must be the name, exactly: PostgreSQL names are case
 * sensitive, and a prod database is no place for "close enough". */
static gboolean
typed_name_matches (SluiceGuardDialog *self)
{
  if (self->entry == NULL)
    return TRUE;

  return g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (self->entry)), self->database) == 0;
}

static void
update_can_proceed (SluiceGuardDialog *self)
{
  gboolean can_proceed = typed_name_matches (self);

  if (can_proceed == adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (self), RESPONSE_PROCEED))
    return;

  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (self), RESPONSE_PROCEED, can_proceed);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_PROCEED]);
}

static void
on_entry_changed (SluiceGuardDialog *self)
{
  gboolean matches = typed_name_matches (self);
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->entry));

  /* Red only once the text can no longer become the name. */
  if (!matches && *text != '\0' && !g_str_has_prefix (self->database, text))
    gtk_widget_add_css_class (self->entry, "error");
  else
    gtk_widget_remove_css_class (self->entry, "error");

  update_can_proceed (self);
}

static void
on_entry_activate (SluiceGuardDialog *self)
{
  /* Enter goes ahead only when Proceed could be clicked.  Unlike a click,
   * adw_message_dialog_response() leaves the dialog open: close it as a
   * click does, without a second ("close") response. */
  if (!typed_name_matches (self))
    return;

  g_object_ref (self);
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (self), RESPONSE_PROCEED);
  gtk_window_destroy (GTK_WINDOW (self));
  g_object_unref (self);
}

static char *
build_body (SluiceGuardDialog *self)
{
  SluiceEnvironment environment = sluice_profile_get_environment (self->profile);
  g_autofree char *action = g_markup_escape_text (self->action_text != NULL ? self->action_text : "", -1);
  g_autofree char *name = g_markup_escape_text (sluice_profile_get_name (self->profile), -1);
  g_autofree char *where = NULL;
  const char *env_label = sluice_environment_get_label (environment);

  if (self->database != NULL)
    {
      g_autofree char *database = g_markup_escape_text (self->database, -1);

      /* Translators: the environment (“Production”), the profile's name,
       * then the database's name.  Pango markup. */
      where = g_strdup_printf (_("It runs on <b>%s</b> profile “%s”, in the database <b>%s</b>."),
                               env_label, name, database);
    }
  else
    {
      /* Translators: the environment (“Production”), then the profile's
       * name.  Pango markup. */
      where = g_strdup_printf (_("It runs on <b>%s</b> profile “%s”."), env_label, name);
    }

  if (self->guard == SLUICE_GUARD_STRICT)
    return g_strdup_printf ("%s\n\n%s %s", action, where,
                            _("Nothing is changed until you type the database name and proceed."));

  return g_strdup_printf ("%s\n\n%s %s", action, where, _("Nothing is changed until you proceed."));
}

static GtkWidget *
create_entry (SluiceGuardDialog *self)
{
  GtkWidget *entry = gtk_entry_new ();

  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), _("Database name"));
  gtk_entry_set_input_hints (GTK_ENTRY (entry), GTK_INPUT_HINT_NO_SPELLCHECK | GTK_INPUT_HINT_NO_EMOJI);
  gtk_widget_add_css_class (entry, "guard-entry");
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Database name"),
                                  -1);
  g_signal_connect_object (entry, "changed", G_CALLBACK (on_entry_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (entry, "activate", G_CALLBACK (on_entry_activate), self, G_CONNECT_SWAPPED);
  return entry;
}

static void
sluice_guard_dialog_constructed (GObject *object)
{
  SluiceGuardDialog *self = SLUICE_GUARD_DIALOG (object);
  AdwMessageDialog *dialog = ADW_MESSAGE_DIALOG (self);
  g_autofree char *heading = NULL;
  g_autofree char *body = NULL;

  G_OBJECT_CLASS (sluice_guard_dialog_parent_class)->constructed (object);

  g_assert (SLUICE_IS_PROFILE (self->profile));

  self->guard = effective_guard (self->profile);
  /* Nothing to type is no guard at all: ask for the profile's name. */
  if (self->guard == SLUICE_GUARD_STRICT && (self->database == NULL || *self->database == '\0'))
    {
      g_free (self->database);
      self->database = g_strdup (sluice_profile_get_name (self->profile));
    }

  /* Translators: the heading of the confirmation before a write; the
   * profile's name. */
  heading = g_strdup_printf (_("Write to “%s”?"), sluice_profile_get_name (self->profile));
  body = build_body (self);
  adw_message_dialog_set_heading (dialog, heading);
  adw_message_dialog_set_body_use_markup (dialog, TRUE);
  adw_message_dialog_set_body (dialog, body);

  adw_message_dialog_add_responses (dialog,
                                    RESPONSE_CANCEL, _("_Cancel"),
                                    RESPONSE_PROCEED, _("_Proceed"),
                                    NULL);
  adw_message_dialog_set_response_appearance (dialog, RESPONSE_PROCEED, ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (dialog, RESPONSE_CANCEL);
  adw_message_dialog_set_close_response (dialog, RESPONSE_CANCEL);

  if (self->guard == SLUICE_GUARD_STRICT)
    {
      self->entry = create_entry (self);
      adw_message_dialog_set_extra_child (dialog, self->entry);
      adw_message_dialog_set_response_enabled (dialog, RESPONSE_PROCEED, FALSE);
    }

  gtk_widget_add_css_class (GTK_WIDGET (self), "guard-dialog");
  gtk_widget_add_css_class (GTK_WIDGET (self), sluice_environment_to_string (sluice_profile_get_environment (self->profile)));
}

static void
sluice_guard_dialog_map (GtkWidget *widget)
{
  SluiceGuardDialog *self = SLUICE_GUARD_DIALOG (widget);

  GTK_WIDGET_CLASS (sluice_guard_dialog_parent_class)->map (widget);

  /* Typing is what is asked: start there, not on a button. */
  if (self->entry != NULL)
    gtk_widget_grab_focus (self->entry);
}

static void
sluice_guard_dialog_finalize (GObject *object)
{
  SluiceGuardDialog *self = SLUICE_GUARD_DIALOG (object);

  g_clear_object (&self->profile);
  g_clear_pointer (&self->database, g_free);
  g_clear_pointer (&self->action_text, g_free);

  G_OBJECT_CLASS (sluice_guard_dialog_parent_class)->finalize (object);
}

static void
sluice_guard_dialog_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  SluiceGuardDialog *self = SLUICE_GUARD_DIALOG (object);

  switch (prop_id)
    {
    case PROP_PROFILE:
      g_value_set_object (value, self->profile);
      break;
    case PROP_DATABASE:
      g_value_set_string (value, self->database);
      break;
    case PROP_ACTION_TEXT:
      g_value_set_string (value, self->action_text);
      break;
    case PROP_CAN_PROCEED:
      g_value_set_boolean (value, sluice_guard_dialog_get_can_proceed (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sluice_guard_dialog_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  SluiceGuardDialog *self = SLUICE_GUARD_DIALOG (object);

  switch (prop_id)
    {
    case PROP_PROFILE:
      self->profile = g_value_dup_object (value);
      break;
    case PROP_DATABASE:
      self->database = g_value_dup_string (value);
      break;
    case PROP_ACTION_TEXT:
      self->action_text = g_value_dup_string (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sluice_guard_dialog_class_init (SluiceGuardDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = sluice_guard_dialog_constructed;
  object_class->finalize = sluice_guard_dialog_finalize;
  object_class->get_property = sluice_guard_dialog_get_property;
  object_class->set_property = sluice_guard_dialog_set_property;

  widget_class->map = sluice_guard_dialog_map;

  properties[PROP_PROFILE] =
    g_param_spec_object ("profile", NULL, NULL, SLUICE_TYPE_PROFILE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_DATABASE] =
    g_param_spec_string ("database", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ACTION_TEXT] =
    g_param_spec_string ("action-text", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CAN_PROCEED] =
    g_param_spec_boolean ("can-proceed", NULL, NULL, TRUE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
sluice_guard_dialog_init (SluiceGuardDialog *self)
{
}

GtkWidget *
sluice_guard_dialog_new (GtkWindow     *parent,
                         SluiceProfile *profile,
                         const char    *database,
                         const char    *action_text)
{
  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (SLUICE_IS_PROFILE (profile), NULL);

  return g_object_new (SLUICE_TYPE_GUARD_DIALOG,
                       "transient-for", parent,
                       "modal", TRUE,
                       "destroy-with-parent", TRUE,
                       "profile", profile,
                       "database", database,
                       "action-text", action_text,
                       NULL);
}

SluiceProfile *
sluice_guard_dialog_get_profile (SluiceGuardDialog *self)
{
  g_return_val_if_fail (SLUICE_IS_GUARD_DIALOG (self), NULL);
  return self->profile;
}

const char *
sluice_guard_dialog_get_required_text (SluiceGuardDialog *self)
{
  g_return_val_if_fail (SLUICE_IS_GUARD_DIALOG (self), NULL);
  return self->entry != NULL ? self->database : NULL;
}

GtkEditable *
sluice_guard_dialog_get_entry (SluiceGuardDialog *self)
{
  g_return_val_if_fail (SLUICE_IS_GUARD_DIALOG (self), NULL);
  return self->entry != NULL ? GTK_EDITABLE (self->entry) : NULL;
}

gboolean
sluice_guard_dialog_get_can_proceed (SluiceGuardDialog *self)
{
  g_return_val_if_fail (SLUICE_IS_GUARD_DIALOG (self), FALSE);
  return adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (self), RESPONSE_PROCEED);
}

/* The async confirmation -------------------------------------------------- *
 *
 * The dialog owns the Confirm.  It completes the task exactly once: on a
 * response (a button, Enter, Escape, closing the window), when the dialog
 * goes away without one (its parent closed), or when the caller cancels. */

typedef struct
{
  GTask        *task;
  GCancellable *cancellable;
  gulong        cancelled_id;
} Confirm;

static void
confirm_complete (Confirm  *confirm,
                  gboolean  proceed)
{
  g_autoptr(GTask) task = g_steal_pointer (&confirm->task);

  if (task == NULL)
    return;

  if (proceed)
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                             _("The action was not confirmed: nothing was changed"));
}

static void
confirm_free (Confirm *confirm)
{
  /* g_cancellable_disconnect() waits for a running handler: by now none
   * runs (the handler only queues an idle). */
  if (confirm->cancelled_id != 0)
    g_cancellable_disconnect (confirm->cancellable, confirm->cancelled_id);
  confirm_complete (confirm, FALSE);
  g_clear_object (&confirm->cancellable);
  g_free (confirm);
}

static void
on_confirm_response (SluiceGuardDialog *dialog,
                     const char        *response,
                     Confirm           *confirm)
{
  /* Proceed can only be clicked when enabled, but Enter or a caller may
   * respond by id: check again. */
  confirm_complete (confirm, g_strcmp0 (response, RESPONSE_PROCEED) == 0 &&
                             sluice_guard_dialog_get_can_proceed (dialog));
}

static void
on_confirm_destroy (SluiceGuardDialog *dialog,
                    Confirm           *confirm)
{
  confirm_complete (confirm, FALSE);
}

static gboolean
close_cancelled_dialog (gpointer user_data)
{
  GtkWindow *dialog = user_data;

  gtk_window_close (dialog);
  return G_SOURCE_REMOVE;
}

static void
on_confirm_cancelled (GCancellable *cancellable,
                      GtkWidget    *dialog)
{
  /* May run in another thread; the dialog is closed on its own. */
  g_idle_add_full (G_PRIORITY_DEFAULT, close_cancelled_dialog, g_object_ref (dialog), g_object_unref);
}

void
sluice_guard_confirm_async (GtkWindow           *parent,
                            SluiceProfile       *profile,
                            const char          *database,
                            const char          *action_text,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  GtkWidget *dialog;
  Confirm *confirm;

  g_return_if_fail (parent == NULL || GTK_IS_WINDOW (parent));
  g_return_if_fail (SLUICE_IS_PROFILE (profile));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, sluice_guard_confirm_async);

  if (g_task_return_error_if_cancelled (task))
    return;

  if (effective_guard (profile) == SLUICE_GUARD_RELAXED)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }

  dialog = sluice_guard_dialog_new (parent, profile, database, action_text);

  confirm = g_new0 (Confirm, 1);
  confirm->task = g_steal_pointer (&task);
  g_object_set_data_full (G_OBJECT (dialog), "sluice-guard-confirm", confirm, (GDestroyNotify) confirm_free);
  g_signal_connect (dialog, "response", G_CALLBACK (on_confirm_response), confirm);
  g_signal_connect (dialog, "destroy", G_CALLBACK (on_confirm_destroy), confirm);
  if (cancellable != NULL)
    {
      confirm->cancellable = g_object_ref (cancellable);
      confirm->cancelled_id = g_cancellable_connect (cancellable, G_CALLBACK (on_confirm_cancelled),
                                                     dialog, NULL);
    }

  gtk_window_present (GTK_WINDOW (dialog));
}

gboolean
sluice_guard_confirm_finish (GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == sluice_guard_confirm_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
