/* sluice-migrate-page-backup.c: the backup step: the prompt (the folder,
 * the whole database or only the tables the migrations change), the
 * pg_dump with its progress, and skipping it, with the reason a guarded
 * profile needs
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "sluice-error-text.h"
#include "sluice-migrate-page-private.h"

static void
show_backup (SluiceMigratePage *self,
             GStrv              tables)
{
  SluiceProfile *profile = _sluice_migrate_page_get_profile (self);
  gboolean required = sluice_runner_backup_required (self->runner);
  g_autofree char *joined = tables != NULL && tables[0] != NULL ? g_strjoinv (", ", tables) : NULL;
  g_autofree char *subtitle = NULL;

  if (*gtk_editable_get_text (GTK_EDITABLE (self->backup_folder_row)) == '\0')
    {
      g_autofree char *folder = g_build_filename (g_get_user_data_dir (), "sluice", "backups",
                                                  sluice_profile_get_id (profile), NULL);

      gtk_editable_set_text (GTK_EDITABLE (self->backup_folder_row), folder);
    }

  gtk_label_set_label (self->backup_heading,
                       required ? _("Take a Backup Before Running") : _("Back Up Before Running?"));
  subtitle = joined != NULL
             ? g_strdup_printf (_("Off: only the tables the migrations write to or alter (%s)"), joined)
             : g_strdup (_("Off: only the tables the migrations write to or alter (none: they only create)"));
  adw_action_row_set_subtitle (self->backup_whole_row, subtitle);
  gtk_widget_set_visible (GTK_WIDGET (self->backup_progress), FALSE);
  gtk_label_set_label (self->backup_status,
                       required ? _("This profile is guarded: a run without a backup needs a reason, which is "
                                    "recorded in the run log.")
                                : _("pg_dump -Fc, verified with pg_restore --list. The file is never removed "
                                    "by Sluice."));

  _sluice_migrate_page_set_step_state (self, SLUICE_MIGRATE_STEP_BACKUP, SLUICE_STEP_STATE_ACTIVE);
  _sluice_migrate_page_set_buttons (self, NULL, _("_Skip Backup"), "migrate.skip-backup",
                                    _("_Take Backup"), "migrate.take-backup", FALSE);
  _sluice_migrate_page_show_step (self, SLUICE_MIGRATE_STEP_BACKUP);
}

/* The tables come from parsing every statement: done in a thread, over
 * the runner's migrations, which nothing changes meanwhile. */
static void
tables_touched_thread (GTask        *task,
                       gpointer      source_object,
                       gpointer      task_data,
                       GCancellable *cancellable)
{
  GStrv tables = sluice_backup_tables_touched (sluice_runner_get_migrations (SLUICE_RUNNER (source_object)));

  g_task_return_pointer (task, tables, (GDestroyNotify) g_strfreev);
}

static void
tables_touched_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(SluiceMigrateOp) op = user_data;
  SluiceMigratePage *self = op->self;
  g_auto(GStrv) tables = g_task_propagate_pointer (G_TASK (result), NULL);

  if (!_sluice_migrate_op_is_current (op))
    return;
  _sluice_migrate_page_end_busy (self);
  _sluice_migrate_page_set_status (self, NULL);
  show_backup (self, tables);
}

void
_sluice_migrate_page_enter_backup (SluiceMigratePage *self)
{
  g_autoptr(GTask) task = g_task_new (self->runner, NULL, tables_touched_cb, _sluice_migrate_op_new (self));

  g_task_set_source_tag (task, _sluice_migrate_page_enter_backup);
  _sluice_migrate_page_begin_busy (self, _("Finding the tables the migrations change…"));
  gtk_widget_set_visible (self->cancel_button, FALSE);
  g_task_run_in_thread (task, tables_touched_thread);
}

static void
on_backup_progress (SluiceMigratePage *self)
{
  double fraction = sluice_backup_get_fraction (self->backup);
  const char *status = sluice_backup_get_status (self->backup);

  if (fraction >= 0)
    gtk_progress_bar_set_fraction (self->backup_progress, fraction);
  else
    gtk_progress_bar_pulse (self->backup_progress);
  if (status != NULL)
    gtk_label_set_label (self->backup_status, status);
}

static void
backup_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(SluiceMigrateOp) op = user_data;
  SluiceMigratePage *self = op->self;
  g_autoptr(GError) error = NULL;
  gboolean done = sluice_backup_run_finish (SLUICE_BACKUP (object), result, &error);

  if (!_sluice_migrate_op_is_current (op))
    return;
  _sluice_migrate_page_end_busy (self);

  if (done)
    {
      g_autofree char *size = g_format_size (sluice_backup_get_size (self->backup));
      g_autofree char *text =
        g_strdup_printf (_("Saved and verified: %s (%s, %u entries in its table of contents; %s %s)."),
                         sluice_backup_get_path (self->backup), size,
                         sluice_backup_get_toc_entries (self->backup),
                         sluice_backup_get_pg_dump_path (self->backup),
                         sluice_backup_get_pg_dump_version (self->backup));

      sluice_runner_set_backup (self->runner, self->backup);
      self->backup_settled = TRUE;
      gtk_progress_bar_set_fraction (self->backup_progress, 1.0);
      gtk_label_set_label (self->backup_status, text);
      _sluice_migrate_page_set_status (self, NULL);
      _sluice_migrate_page_set_step_state (self, SLUICE_MIGRATE_STEP_BACKUP, SLUICE_STEP_STATE_DONE);
      _sluice_migrate_page_set_buttons (self, _sluice_migrate_page_is_rollback (self)
                                              ? _("Next: the run; a rollback has no rehearsal.")
                                              : _("Next: an optional rehearsal on a copy."),
                                        NULL, NULL, _("C_ontinue"), "migrate.continue", FALSE);
    }
  else
    {
      g_autofree char *message = sluice_error_text_describe (error);
      g_autofree char *text = _sluice_migrate_page_is_cancelled (error)
        ? g_strdup (_("Backup cancelled; the partial file was removed. Nothing was changed on the server."))
        : g_strdup_printf (_("The backup failed: %s Nothing was changed on the server; take it again or skip it "
                             "with a reason."), message);

      if (!_sluice_migrate_page_is_cancelled (error))
        _sluice_migrate_page_set_error (self, message);
      gtk_widget_set_visible (GTK_WIDGET (self->backup_progress), FALSE);
      gtk_label_set_label (self->backup_status, text);
      _sluice_migrate_page_set_status (self, NULL);
      _sluice_migrate_page_log_line (self,
                                     _sluice_migrate_page_is_cancelled (error) ? SLUICE_RUN_EVENT_INFO
                                                                               : SLUICE_RUN_EVENT_WARNING,
                                     text);
      _sluice_migrate_page_set_step_state (self, SLUICE_MIGRATE_STEP_BACKUP,
                                           _sluice_migrate_page_is_cancelled (error) ? SLUICE_STEP_STATE_ACTIVE
                                                                                     : SLUICE_STEP_STATE_FAILED);
      g_clear_object (&self->backup);
    }
  _sluice_migrate_page_update_actions (self);
}

/* pg_dump --version is a subprocess: asked off the UI thread. */
static void
check_versions_thread (GTask        *task,
                       gpointer      source_object,
                       gpointer      task_data,
                       GCancellable *cancellable)
{
  GError *error = NULL;
  char *warning = sluice_backup_check_versions (SLUICE_BACKUP (source_object), &error);

  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, warning, g_free);
}

static void
check_versions_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(SluiceMigrateOp) op = user_data;
  SluiceMigratePage *self = op->self;
  g_autoptr(GError) error = NULL;
  g_autofree char *warning = g_task_propagate_pointer (G_TASK (result), &error);

  if (!_sluice_migrate_op_is_current (op))
    return;

  if (error != NULL)
    {
      /* The dump itself says more; go on and let it. */
      _sluice_migrate_page_log_line (self, SLUICE_RUN_EVENT_WARNING, error->message);
    }
  if (warning != NULL)
    _sluice_migrate_page_log_line (self, SLUICE_RUN_EVENT_WARNING, warning);

  sluice_backup_run_async (self->backup, self->cancellable, backup_cb, g_steal_pointer (&op));
}

void
_sluice_migrate_page_take_backup_action (GtkWidget  *widget,
                                         const char *action_name,
                                         GVariant   *parameter)
{
  SluiceMigratePage *self = SLUICE_MIGRATE_PAGE (widget);
  const char *folder = gtk_editable_get_text (GTK_EDITABLE (self->backup_folder_row));
  gboolean whole = gtk_switch_get_active (self->backup_whole_switch);
  g_autoptr(GTask) task = NULL;

  if (*folder == '\0')
    {
      _sluice_migrate_page_show_message (self, _("No Folder for the Backup"),
                                         _("Type the folder the backup file goes to. Nothing was run."));
      return;
    }

  if (self->backup != NULL)
    g_signal_handlers_disconnect_by_data (self->backup, self);
  g_set_object (&self->backup, NULL);
  self->backup = sluice_runner_new_backup (self->runner, folder, whole);
  g_signal_connect_object (self->backup, "notify::fraction", G_CALLBACK (on_backup_progress), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->backup, "notify::status", G_CALLBACK (on_backup_progress), self,
                           G_CONNECT_SWAPPED);

  gtk_progress_bar_set_fraction (self->backup_progress, 0);
  gtk_widget_set_visible (GTK_WIDGET (self->backup_progress), TRUE);
  gtk_label_set_label (self->backup_status, _("Starting pg_dump…"));
  _sluice_migrate_page_new_cancellable (self);
  _sluice_migrate_page_begin_busy (self, _("Taking the backup with pg_dump…"));

  task = g_task_new (self->backup, self->cancellable, check_versions_cb, _sluice_migrate_op_new (self));
  g_task_set_source_tag (task, _sluice_migrate_page_take_backup_action);
  g_task_run_in_thread (task, check_versions_thread);
}

void
_sluice_migrate_page_skip_backup_action (GtkWidget  *widget,
                                         const char *action_name,
                                         GVariant   *parameter)
{
  SluiceMigratePage *self = SLUICE_MIGRATE_PAGE (widget);
  g_autofree char *reason = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->backup_reason_row)));

  g_strstrip (reason);
  if (sluice_runner_backup_required (self->runner) && *reason == '\0')
    {
      _sluice_migrate_page_show_message (self, _("A Reason Is Needed"),
                                         _("This profile is guarded: say why the run goes without a backup. "
                                           "The reason is recorded in the run log. Nothing was run."));
      return;
    }

  sluice_runner_skip_backup (self->runner, *reason != '\0' ? reason : NULL);
  self->backup_settled = TRUE;
  _sluice_migrate_page_set_step_state (self, SLUICE_MIGRATE_STEP_BACKUP, SLUICE_STEP_STATE_SKIPPED);
  _sluice_migrate_page_enter_rehearsal (self);
}

static void
on_reason_changed (SluiceMigratePage *self)
{
  _sluice_migrate_page_update_actions (self);
}

/* Called from the page's init (through _sluice_migrate_page_init_steps). */
void
_sluice_migrate_page_init_backup (SluiceMigratePage *self)
{
  g_signal_connect_object (self->backup_reason_row, "changed", G_CALLBACK (on_reason_changed), self,
                           G_CONNECT_SWAPPED);
}
