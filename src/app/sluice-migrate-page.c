/* sluice-migrate-page.c: the guided run of a profile's migrations, up to
 * the newest or back to a version, step by step
 *
 * This file holds the widget, what it reads before anything can be
 * planned (the folder, the connection, the history) and what its parts
 * share; the parts are sluice-migrate-page-plan.c (the pending
 * migrations, or the rollback plan), -steps.c (moving between the steps
 * and their actions), -runner.c (the SluiceRunner and its events), one
 * file a step (-preflight.c, -lint.c, -backup.c, -rehearsal.c, -run.c,
 * -verify.c and -verify-actions.c) and -log.c (the live log of
 * SluiceRunEvents).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n-lib.h>

#include "sluice-error-text.h"
#include "sluice-migrate-page-private.h"

G_DEFINE_FINAL_TYPE (SluiceMigratePage, sluice_migrate_page, GTK_TYPE_WIDGET)

static GParamSpec *properties[N_PROPS];

static const char * const step_names[SLUICE_MIGRATE_N_STEPS] = {
  "plan", "preflight", "lint", "backup", "rehearsal", "run", "verify",
};

static const char * const step_titles[SLUICE_MIGRATE_N_STEPS] = {
  N_("Plan"), N_("Preflight"), N_("Lint"), N_("Backup"), N_("Rehearsal"), N_("Run"), N_("Verify"),
};

void
_sluice_migrate_page_notify (SluiceMigratePage *self,
                             guint              prop_id)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop_id]);
}

/* Operations ------------------------------------------------------------- */

SluiceMigrateOp *
_sluice_migrate_op_new (SluiceMigratePage *self)
{
  SluiceMigrateOp *op = g_new0 (SluiceMigrateOp, 1);

  op->self = g_object_ref (self);
  op->generation = self->generation;
  return op;
}

void
_sluice_migrate_op_free (SluiceMigrateOp *op)
{
  g_clear_object (&op->self);
  g_free (op);
}

gboolean
_sluice_migrate_op_is_current (SluiceMigrateOp *op)
{
  return !op->self->disposed && op->generation == op->self->generation;
}

/* Small helpers ---------------------------------------------------------- */

SluiceProfile *
_sluice_migrate_page_get_profile (SluiceMigratePage *self)
{
  return self->session != NULL ? sluice_session_get_profile (self->session) : NULL;
}

GtkWindow *
_sluice_migrate_page_get_window (SluiceMigratePage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  return GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;
}

static const char *
get_folder_path (SluiceMigratePage *self)
{
  SluiceProfile *profile = _sluice_migrate_page_get_profile (self);
  const char *folder = profile != NULL ? sluice_profile_get_migration_folder (profile) : NULL;

  return folder != NULL && *folder != '\0' ? folder : NULL;
}

void
_sluice_migrate_page_set_status (SluiceMigratePage *self,
                                 const char        *status)
{
  gtk_label_set_label (self->status_label, status != NULL ? status : "");
}

void
_sluice_migrate_page_set_error (SluiceMigratePage *self,
                                const char        *message)
{
  g_free (self->error);
  self->error = g_strdup (message);
}

GCancellable *
_sluice_migrate_page_new_cancellable (SluiceMigratePage *self)
{
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  return self->cancellable;
}

void
_sluice_migrate_page_begin_busy (SluiceMigratePage *self,
                                 const char        *status)
{
  self->busy++;
  _sluice_migrate_page_set_status (self, status);
  gtk_spinner_set_spinning (self->spinner, TRUE);
  gtk_widget_set_visible (self->cancel_button, TRUE);
  _sluice_migrate_page_update_actions (self);
  if (self->busy == 1)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

void
_sluice_migrate_page_end_busy (SluiceMigratePage *self)
{
  g_return_if_fail (self->busy > 0);

  if (--self->busy > 0)
    return;
  gtk_spinner_set_spinning (self->spinner, FALSE);
  gtk_widget_set_visible (self->cancel_button, FALSE);
  _sluice_migrate_page_update_actions (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

void
_sluice_migrate_page_clear_list (GtkListBox *list)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (list))) != NULL)
    gtk_list_box_remove (list, child);
}

/* A row of a boxed list: a title, a subtitle that wraps, and an icon
 * saying how it went. */
GtkWidget *
_sluice_migrate_page_row_new (const char *title,
                              const char *subtitle,
                              const char *icon_name,
                              const char *css_class)
{
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *escaped_title = g_markup_escape_text (title != NULL ? title : "", -1);
  g_autofree char *escaped_subtitle = g_markup_escape_text (subtitle != NULL ? subtitle : "", -1);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), escaped_title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), escaped_subtitle);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);
  adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 0);
  if (icon_name != NULL)
    {
      GtkWidget *image = gtk_image_new_from_icon_name (icon_name);

      if (css_class != NULL)
        gtk_widget_add_css_class (image, css_class);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), image);
    }
  return row;
}

/* An error that leaves what is shown in place: said in a dialog. */
void
_sluice_migrate_page_show_message (SluiceMigratePage *self,
                                   const char        *heading,
                                   const char        *body)
{
  GtkWidget *dialog = adw_message_dialog_new (_sluice_migrate_page_get_window (self), heading, body);

  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "close");
  gtk_window_present (GTK_WINDOW (dialog));
}

/* The assistant's steps -------------------------------------------------- */

static const char *
step_state_icon (SluiceStepState state,
                 const char    **css_class)
{
  *css_class = NULL;
  switch (state)
    {
    case SLUICE_STEP_STATE_ACTIVE:
      *css_class = "accent";
      return "media-playback-start-symbolic";
    case SLUICE_STEP_STATE_DONE:
      *css_class = "success";
      return "emblem-ok-symbolic";
    case SLUICE_STEP_STATE_WARNING:
      *css_class = "warning";
      return "dialog-warning-symbolic";
    case SLUICE_STEP_STATE_FAILED:
      *css_class = "error";
      return "dialog-error-symbolic";
    case SLUICE_STEP_STATE_SKIPPED:
      *css_class = "dim-label";
      return "media-skip-forward-symbolic";
    case SLUICE_STEP_STATE_TODO:
    default:
      *css_class = "dim-label";
      return "radio-symbolic";
    }
}

static void
update_step_row (SluiceMigratePage *self,
                 SluiceMigrateStep  step)
{
  GtkWidget *row = self->step_rows[step];
  GtkWidget *image = gtk_widget_get_first_child (row);
  GtkWidget *label = gtk_widget_get_next_sibling (image);
  static const char *classes[] = { "accent", "success", "warning", "error", "dim-label" };
  const char *css_class;
  const char *icon = step_state_icon (self->step_states[step], &css_class);

  for (guint i = 0; i < G_N_ELEMENTS (classes); i++)
    gtk_widget_remove_css_class (image, classes[i]);
  gtk_image_set_from_icon_name (GTK_IMAGE (image), icon);
  if (css_class != NULL)
    gtk_widget_add_css_class (image, css_class);

  if (step == self->step)
    {
      gtk_widget_add_css_class (label, "heading");
      gtk_widget_remove_css_class (label, "dim-label");
    }
  else
    {
      gtk_widget_remove_css_class (label, "heading");
      if (self->step_states[step] == SLUICE_STEP_STATE_TODO)
        gtk_widget_add_css_class (label, "dim-label");
      else
        gtk_widget_remove_css_class (label, "dim-label");
    }
}

static void
build_step_rows (SluiceMigratePage *self)
{
  for (guint i = 0; i < SLUICE_MIGRATE_N_STEPS; i++)
    {
      GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 10);
      GtkWidget *image = gtk_image_new ();
      g_autofree char *number = g_strdup_printf ("%u. %s", i + 1, _(step_titles[i]));
      GtkWidget *label = gtk_label_new (number);

      gtk_widget_set_margin_top (row, 6);
      gtk_widget_set_margin_bottom (row, 6);
      gtk_widget_set_margin_start (row, 6);
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_box_append (GTK_BOX (row), image);
      gtk_box_append (GTK_BOX (row), label);
      gtk_box_append (self->steps_box, row);
      self->step_rows[i] = row;
      update_step_row (self, i);
    }
}

void
_sluice_migrate_page_set_step_state (SluiceMigratePage *self,
                                     SluiceMigrateStep  step,
                                     SluiceStepState    state)
{
  self->step_states[step] = state;
  update_step_row (self, step);
}

void
_sluice_migrate_page_show_step (SluiceMigratePage *self,
                                SluiceMigrateStep  step)
{
  SluiceMigrateStep before = self->step;

  self->step = step;
  gtk_stack_set_visible_child_name (self->main_stack, "assistant");
  gtk_stack_set_visible_child_name (self->step_stack, step_names[step]);
  update_step_row (self, before);
  update_step_row (self, step);
  _sluice_migrate_page_update_actions (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STEP]);
}

static void
reset_steps (SluiceMigratePage *self)
{
  for (guint i = 0; i < SLUICE_MIGRATE_N_STEPS; i++)
    self->step_states[i] = SLUICE_STEP_STATE_TODO;
  self->step = SLUICE_MIGRATE_STEP_PLAN;
  for (guint i = 0; i < SLUICE_MIGRATE_N_STEPS; i++)
    update_step_row (self, i);
}

void
_sluice_migrate_page_set_buttons (SluiceMigratePage *self,
                                  const char        *hint,
                                  const char        *secondary_label,
                                  const char        *secondary_action,
                                  const char        *primary_label,
                                  const char        *primary_action,
                                  gboolean           destructive)
{
  gtk_label_set_label (self->hint_label, hint != NULL ? hint : "");

  gtk_widget_set_visible (GTK_WIDGET (self->secondary_button), secondary_label != NULL);
  if (secondary_label != NULL)
    {
      gtk_button_set_label (self->secondary_button, secondary_label);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (self->secondary_button), secondary_action);
    }

  gtk_widget_set_visible (GTK_WIDGET (self->primary_button), primary_label != NULL);
  if (primary_label != NULL)
    {
      gtk_button_set_label (self->primary_button, primary_label);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (self->primary_button), primary_action);
    }
  if (destructive)
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->primary_button), "suggested-action");
      gtk_widget_add_css_class (GTK_WIDGET (self->primary_button), "destructive-action");
    }
  else
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->primary_button), "destructive-action");
      gtk_widget_add_css_class (GTK_WIDGET (self->primary_button), "suggested-action");
    }
}

static void
update_title (SluiceMigratePage *self)
{
  SluiceProfile *profile = _sluice_migrate_page_get_profile (self);
  g_autofree char *title = NULL;

  if (profile == NULL)
    title = g_strdup ("");
  else if (self->rollback_target != NULL)
    title = g_strdup_printf (_("Roll “%s” Back to %s"), sluice_profile_get_name (profile),
                             self->rollback_target);
  else
    title = g_strdup_printf (_("Migrate “%s”"), sluice_profile_get_name (profile));
  gtk_label_set_label (self->title_label, title);
  gtk_widget_set_visible (self->mode_button, self->rollback_target != NULL);
}

/* Reading the folder and the history ------------------------------------- */

static void
show_failure (SluiceMigratePage *self,
              const char        *title,
              const char        *description,
              const GError      *error)
{
  g_autofree char *message = sluice_error_text_describe (error);

  _sluice_migrate_page_set_error (self, message);
  adw_status_page_set_title (self->error_page, title);
  adw_status_page_set_description (self->error_page, description);
  gtk_label_set_label (self->error_label, message);
  gtk_stack_set_visible_child_name (self->main_stack, "failed");
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STEP]);
}

static void
history_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(SluiceMigrateOp) op = user_data;
  SluiceMigratePage *self = op->self;
  g_autoptr(GError) error = NULL;
  g_autoptr(SluiceHistory) history = sluice_history_read_finish (result, &error);

  if (!_sluice_migrate_op_is_current (op))
    return;
  _sluice_migrate_page_end_busy (self);

  if (history == NULL)
    {
      show_failure (self, _("Could Not Read the Migration History"),
                    _("Nothing was run. Check that the profile’s role may read the history table, then try again."),
                    error);
      return;
    }

  self->history = g_steal_pointer (&history);
  self->report = sluice_status_report_new (self->folder, self->history);
  _sluice_migrate_page_set_status (self, NULL);

  if (self->rollback_target != NULL)
    _sluice_migrate_page_plan_rollback (self);
  else
    _sluice_migrate_page_show_plan (self);
}

static void
connect_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(SluiceMigrateOp) op = user_data;
  SluiceMigratePage *self = op->self;
  g_autoptr(GError) error = NULL;
  SluiceConnection *connection = sluice_session_connect_finish (SLUICE_SESSION (object), result, &error);

  if (!_sluice_migrate_op_is_current (op))
    return;

  if (connection == NULL)
    {
      g_autofree char *title = g_strdup_printf (_("Could Not Connect to “%s”"),
                                                sluice_profile_get_name (_sluice_migrate_page_get_profile (self)));

      _sluice_migrate_page_end_busy (self);
      show_failure (self, title,
                    _("Nothing was run. Check the profile’s connection settings, then try again."), error);
      return;
    }

  g_set_object (&self->connection, connection);
  gtk_label_set_label (self->loading_label, _("Reading the Migration History…"));
  sluice_history_read_async (connection, sluice_migration_folder_get_format (self->folder),
                             self->cancellable, history_cb, g_steal_pointer (&op));
}

static void
folder_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(SluiceMigrateOp) op = user_data;
  SluiceMigratePage *self = op->self;
  g_autoptr(GError) error = NULL;
  g_autoptr(SluiceMigrationFolder) folder = sluice_migration_folder_load_finish (result, &error);

  if (!_sluice_migrate_op_is_current (op))
    return;

  if (folder == NULL)
    {
      _sluice_migrate_page_end_busy (self);
      show_failure (self, _("Could Not Read the Migration Folder"),
                    _("Nothing was run. Check that the folder exists and can be read, or choose another "
                      "in the profile’s settings."), error);
      return;
    }

  self->folder = g_steal_pointer (&folder);
  gtk_label_set_label (self->loading_label, _("Connecting…"));
  sluice_session_connect_async (self->session, self->cancellable, connect_cb, g_steal_pointer (&op));
}

/* Drops what was read and planned; the page's operations in flight are
 * cancelled and their results ignored. */
static void
clear_results (SluiceMigratePage *self)
{
  self->generation++;
  /* A run in progress finishes on its own, into the history and the run
   * log: stopping it because another profile was chosen would leave a
   * migration half-done for no reason. */
  if (self->cancellable != NULL && !self->executing)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->busy > 0)
    {
      self->busy = 0;
      gtk_spinner_set_spinning (self->spinner, FALSE);
      gtk_widget_set_visible (self->cancel_button, FALSE);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
    }

  _sluice_migrate_page_drop_runner (self);
  g_clear_object (&self->plan);
  g_clear_object (&self->report);
  g_clear_object (&self->history);
  g_clear_object (&self->folder);
  g_clear_object (&self->connection);
  g_clear_pointer (&self->error, g_free);
  g_list_store_remove_all (self->log);
  /* A folder or a reason typed for one profile is not another's. */
  gtk_editable_set_text (GTK_EDITABLE (self->backup_folder_row), "");
  gtk_editable_set_text (GTK_EDITABLE (self->backup_reason_row), "");
  reset_steps (self);
  _sluice_migrate_page_set_status (self, NULL);
}

/* The profile chosen in the window during a run (see
 * sluice_migrate_page_set_session()) replaces the run's once it is over.
 * Returns whether the session changed. */
static gboolean
take_pending_session (SluiceMigratePage *self)
{
  g_autoptr(SluiceSession) pending = NULL;

  if (!self->session_pending || self->executing)
    return FALSE;

  pending = g_steal_pointer (&self->pending_session);
  self->session_pending = FALSE;
  if (!g_set_object (&self->session, pending))
    return FALSE;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION]);
  return TRUE;
}

void
sluice_migrate_page_reload (SluiceMigratePage *self)
{
  SluiceMigrateOp *op;
  const char *folder;

  g_return_if_fail (SLUICE_IS_MIGRATE_PAGE (self));

  /* A run that writes is never dropped from view, nor left uncancellable. */
  if (self->executing)
    return;

  /* The profile chosen during the run, now that it is over: a rollback
   * chosen for the last profile is not this one's. */
  if (take_pending_session (self))
    {
      g_clear_pointer (&self->rollback_target, g_free);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DIRECTION]);
    }

  clear_results (self);
  update_title (self);

  if (self->session == NULL)
    {
      self->dirty = FALSE;
      gtk_stack_set_visible_child_name (self->main_stack, "empty");
      _sluice_migrate_page_update_actions (self);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STEP]);
      return;
    }

  /* Hidden pages read when they are shown. */
  if (!gtk_widget_get_mapped (GTK_WIDGET (self)))
    {
      self->dirty = TRUE;
      return;
    }
  self->dirty = FALSE;

  folder = get_folder_path (self);
  if (folder == NULL)
    {
      gtk_stack_set_visible_child_name (self->main_stack, "no-folder");
      _sluice_migrate_page_update_actions (self);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STEP]);
      return;
    }

  _sluice_migrate_page_new_cancellable (self);
  gtk_label_set_label (self->loading_label, _("Reading the Migration Folder…"));
  gtk_stack_set_visible_child_name (self->main_stack, "loading");
  _sluice_migrate_page_begin_busy (self, folder);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STEP]);

  op = _sluice_migrate_op_new (self);
  sluice_migration_folder_load_async (folder, SLUICE_MIGRATION_FORMAT_AUTO, self->cancellable,
                                      folder_cb, op);
}

/* A run that writes is never dropped from view for another plan of the
 * same profile: it is said, and nothing else happens. */
static gboolean
run_under_way (SluiceMigratePage *self)
{
  if (!self->executing)
    return FALSE;
  _sluice_migrate_page_show_message (self, _("A Run Is Under Way"),
                                     _("Wait for the run shown in the Migrate page to finish (or cancel it "
                                       "there); nothing else was started."));
  return TRUE;
}

/* Actions ---------------------------------------------------------------- */

static void
reload_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  sluice_migrate_page_reload (SLUICE_MIGRATE_PAGE (widget));
}

static void
migrate_mode_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  sluice_migrate_page_start_migrate (SLUICE_MIGRATE_PAGE (widget));
}

/* GObject ---------------------------------------------------------------- */

static void
sluice_migrate_page_map (GtkWidget *widget)
{
  SluiceMigratePage *self = SLUICE_MIGRATE_PAGE (widget);

  GTK_WIDGET_CLASS (sluice_migrate_page_parent_class)->map (widget);

  if (self->dirty)
    sluice_migrate_page_reload (self);
}

static void
sluice_migrate_page_dispose (GObject *object)
{
  SluiceMigratePage *self = SLUICE_MIGRATE_PAGE (object);
  GtkWidget *child;

  self->disposed = TRUE;
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_handle_id (&self->scroll_idle, g_source_remove);
  _sluice_migrate_page_drop_runner (self);

  gtk_widget_dispose_template (GTK_WIDGET (self), SLUICE_TYPE_MIGRATE_PAGE);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  g_clear_object (&self->plan);
  g_clear_object (&self->report);
  g_clear_object (&self->history);
  g_clear_object (&self->folder);
  g_clear_object (&self->connection);
  g_clear_object (&self->session);
  g_clear_object (&self->pending_session);
  g_clear_object (&self->sandbox);
  g_clear_object (&self->log);

  G_OBJECT_CLASS (sluice_migrate_page_parent_class)->dispose (object);
}

static void
sluice_migrate_page_finalize (GObject *object)
{
  SluiceMigratePage *self = SLUICE_MIGRATE_PAGE (object);

  g_free (self->error);
  g_free (self->rollback_target);

  G_OBJECT_CLASS (sluice_migrate_page_parent_class)->finalize (object);
}

static void
sluice_migrate_page_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  SluiceMigratePage *self = SLUICE_MIGRATE_PAGE (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;
    case PROP_SANDBOX:
      g_value_set_object (value, self->sandbox);
      break;
    case PROP_STEP:
      g_value_set_string (value, sluice_migrate_page_get_step (self));
      break;
    case PROP_BUSY:
      g_value_set_boolean (value, self->busy > 0);
      break;
    case PROP_DIRECTION:
      g_value_set_int (value, sluice_migrate_page_get_direction (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sluice_migrate_page_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  SluiceMigratePage *self = SLUICE_MIGRATE_PAGE (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      sluice_migrate_page_set_session (self, g_value_get_object (value));
      break;
    case PROP_SANDBOX:
      sluice_migrate_page_set_sandbox (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sluice_migrate_page_class_init (SluiceMigratePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sluice_migrate_page_dispose;
  object_class->finalize = sluice_migrate_page_finalize;
  object_class->get_property = sluice_migrate_page_get_property;
  object_class->set_property = sluice_migrate_page_set_property;

  widget_class->map = sluice_migrate_page_map;

  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, SLUICE_TYPE_SESSION,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SANDBOX] =
    g_param_spec_object ("sandbox", NULL, NULL, SLUICE_TYPE_SANDBOX,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_STEP] =
    g_param_spec_string ("step", NULL, NULL, "empty",
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_DIRECTION] =
    g_param_spec_int ("direction", NULL, NULL, 0, G_MAXINT, SLUICE_RUN_UP,
                      G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_install_action (widget_class, "migrate.reload", NULL, reload_action);
  gtk_widget_class_install_action (widget_class, "migrate.migrate-mode", NULL, migrate_mode_action);
  _sluice_migrate_page_class_steps_init (widget_class);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ui/sluice-migrate-page.ui");
#define BIND(name) gtk_widget_class_bind_template_child (widget_class, SluiceMigratePage, name)
  BIND (title_label);
  BIND (status_label);
  BIND (spinner);
  BIND (cancel_button);
  BIND (mode_button);
  BIND (main_stack);
  BIND (loading_label);
  BIND (error_page);
  BIND (error_label);
  BIND (steps_box);
  BIND (step_stack);
  BIND (hint_label);
  BIND (secondary_button);
  BIND (primary_button);
  BIND (plan_heading);
  BIND (plan_description);
  BIND (plan_warning);
  BIND (plan_list);
  BIND (preflight_heading);
  BIND (preflight_list);
  BIND (lint_heading);
  BIND (lint_list);
  BIND (lint_acknowledge);
  BIND (backup_heading);
  BIND (backup_folder_row);
  BIND (backup_whole_switch);
  BIND (backup_whole_row);
  BIND (backup_reason_row);
  BIND (backup_progress);
  BIND (backup_status);
  BIND (rehearsal_heading);
  BIND (rehearsal_status);
  BIND (rehearsal_list);
  BIND (run_heading);
  BIND (run_list);
  BIND (waiting_revealer);
  BIND (waiting_label);
  BIND (progress_revealer);
  BIND (index_progress);
  BIND (progress_label);
  BIND (verify_heading);
  BIND (verify_summary);
  BIND (verify_list);
  BIND (log_view);
  BIND (log_scroller);
  BIND (log_empty_label);
#undef BIND
}

static void
sluice_migrate_page_init (SluiceMigratePage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->log = g_list_store_new (SLUICE_TYPE_RUN_EVENT);
  build_step_rows (self);
  _sluice_migrate_page_init_log (self);
  _sluice_migrate_page_init_steps (self);
  gtk_widget_set_visible (self->cancel_button, FALSE);
  gtk_stack_set_visible_child_name (self->main_stack, "empty");
  update_title (self);
  _sluice_migrate_page_update_actions (self);
}

GtkWidget *
sluice_migrate_page_new (void)
{
  return g_object_new (SLUICE_TYPE_MIGRATE_PAGE, NULL);
}

SluiceSession *
sluice_migrate_page_get_session (SluiceMigratePage *self)
{
  g_return_val_if_fail (SLUICE_IS_MIGRATE_PAGE (self), NULL);
  return self->session;
}

void
sluice_migrate_page_set_session (SluiceMigratePage *self,
                                 SluiceSession     *session)
{
  g_return_if_fail (SLUICE_IS_MIGRATE_PAGE (self));
  g_return_if_fail (session == NULL || SLUICE_IS_SESSION (session));

  /* A run that writes stays on screen, cancellable, until it ends and
   * its result was seen: the profile chosen meanwhile is shown when the
   * person leaves the result (see sluice_migrate_page_reload()). */
  if (self->executing && session != self->session)
    {
      g_set_object (&self->pending_session, session);
      self->session_pending = TRUE;
      return;
    }
  g_clear_object (&self->pending_session);
  self->session_pending = FALSE;

  if (!g_set_object (&self->session, session))
    return;

  /* Another profile: its run is another run; a rollback chosen for the
   * last profile is not this one's. */
  g_clear_pointer (&self->rollback_target, g_free);
  sluice_migrate_page_reload (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DIRECTION]);
}

SluiceSandbox *
sluice_migrate_page_get_sandbox (SluiceMigratePage *self)
{
  g_return_val_if_fail (SLUICE_IS_MIGRATE_PAGE (self), NULL);
  return self->sandbox;
}

void
sluice_migrate_page_set_sandbox (SluiceMigratePage *self,
                                 SluiceSandbox     *sandbox)
{
  g_return_if_fail (SLUICE_IS_MIGRATE_PAGE (self));
  g_return_if_fail (sandbox == NULL || SLUICE_IS_SANDBOX (sandbox));

  if (g_set_object (&self->sandbox, sandbox))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SANDBOX]);
}

void
sluice_migrate_page_start_rollback (SluiceMigratePage *self,
                                    const char        *target_version)
{
  g_return_if_fail (SLUICE_IS_MIGRATE_PAGE (self));
  g_return_if_fail (target_version != NULL);

  if (run_under_way (self))
    return;
  /* Asked for the profile chosen in the window, which may have been
   * chosen during the run just shown. */
  take_pending_session (self);
  g_free (self->rollback_target);
  self->rollback_target = g_strdup (target_version);
  sluice_migrate_page_reload (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DIRECTION]);
}

void
sluice_migrate_page_start_migrate (SluiceMigratePage *self)
{
  g_return_if_fail (SLUICE_IS_MIGRATE_PAGE (self));

  if (run_under_way (self))
    return;
  g_clear_pointer (&self->rollback_target, g_free);
  sluice_migrate_page_reload (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DIRECTION]);
}

SluiceRunDirection
sluice_migrate_page_get_direction (SluiceMigratePage *self)
{
  g_return_val_if_fail (SLUICE_IS_MIGRATE_PAGE (self), SLUICE_RUN_UP);
  return self->rollback_target != NULL ? SLUICE_RUN_DOWN : SLUICE_RUN_UP;
}

const char *
sluice_migrate_page_get_step (SluiceMigratePage *self)
{
  const char *state;

  g_return_val_if_fail (SLUICE_IS_MIGRATE_PAGE (self), NULL);

  state = gtk_stack_get_visible_child_name (self->main_stack);
  if (g_strcmp0 (state, "assistant") == 0)
    return step_names[self->step];
  return state;
}

gboolean
sluice_migrate_page_get_executing (SluiceMigratePage *self)
{
  g_return_val_if_fail (SLUICE_IS_MIGRATE_PAGE (self), FALSE);
  return self->executing;
}

gboolean
sluice_migrate_page_get_busy (SluiceMigratePage *self)
{
  g_return_val_if_fail (SLUICE_IS_MIGRATE_PAGE (self), FALSE);
  return self->busy > 0;
}

const char *
sluice_migrate_page_get_error (SluiceMigratePage *self)
{
  g_return_val_if_fail (SLUICE_IS_MIGRATE_PAGE (self), NULL);
  return self->error;
}

SluiceStatusReport *
sluice_migrate_page_get_report (SluiceMigratePage *self)
{
  g_return_val_if_fail (SLUICE_IS_MIGRATE_PAGE (self), NULL);
  return self->report;
}

SluiceRollbackPlan *
sluice_migrate_page_get_rollback_plan (SluiceMigratePage *self)
{
  g_return_val_if_fail (SLUICE_IS_MIGRATE_PAGE (self), NULL);
  return self->plan;
}

SluiceRunner *
sluice_migrate_page_get_runner (SluiceMigratePage *self)
{
  g_return_val_if_fail (SLUICE_IS_MIGRATE_PAGE (self), NULL);
  return self->runner;
}

GListModel *
sluice_migrate_page_get_log (SluiceMigratePage *self)
{
  g_return_val_if_fail (SLUICE_IS_MIGRATE_PAGE (self), NULL);
  return G_LIST_MODEL (self->log);
}

void
sluice_migrate_page_set_backup_folder (SluiceMigratePage *self,
                                       const char        *folder)
{
  g_return_if_fail (SLUICE_IS_MIGRATE_PAGE (self));
  gtk_editable_set_text (GTK_EDITABLE (self->backup_folder_row), folder != NULL ? folder : "");
}

void
sluice_migrate_page_set_skip_reason (SluiceMigratePage *self,
                                     const char        *reason)
{
  g_return_if_fail (SLUICE_IS_MIGRATE_PAGE (self));
  gtk_editable_set_text (GTK_EDITABLE (self->backup_reason_row), reason != NULL ? reason : "");
}
