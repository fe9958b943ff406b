/* sluice-migrate-page-run.c: the run step, the only one that writes:
 * the migrations listed, the guard's confirmation, then the run itself,
 * during which the application is held until the run is recorded
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "sluice-guard-dialog.h"
#include "sluice-migrate-page-private.h"

static guint
count_migrations (SluiceMigratePage *self)
{
  GPtrArray *migrations = self->runner != NULL ? sluice_runner_get_migrations (self->runner) : NULL;

  return migrations != NULL ? migrations->len : 0;
}

void
_sluice_migrate_page_enter_run (SluiceMigratePage *self)
{
  GPtrArray *migrations = sluice_runner_get_migrations (self->runner);
  SluiceProfile *profile = _sluice_migrate_page_get_profile (self);
  guint n = count_migrations (self);
  gboolean typed = sluice_profile_get_guard (profile) == SLUICE_GUARD_STRICT ||
                   sluice_profile_get_environment (profile) == SLUICE_ENVIRONMENT_PROD;
  g_autofree char *heading = NULL;
  g_autofree char *label = NULL;

  heading = _sluice_migrate_page_is_rollback (self)
    ? g_strdup_printf (ngettext ("Ready to Revert %u Migration on “%s”", "Ready to Revert %u Migrations on “%s”", n),
                       n, _sluice_migrate_page_get_database (self))
    : g_strdup_printf (ngettext ("Ready to Apply %u Migration to “%s”", "Ready to Apply %u Migrations to “%s”", n),
                       n, _sluice_migrate_page_get_database (self));
  gtk_label_set_label (self->run_heading, heading);
  gtk_revealer_set_reveal_child (self->waiting_revealer, FALSE);
  gtk_revealer_set_reveal_child (self->progress_revealer, FALSE);

  _sluice_migrate_page_clear_list (self->run_list);
  for (guint i = 0; migrations != NULL && i < migrations->len; i++)
    {
      SluiceMigration *migration = g_ptr_array_index (migrations, i);
      g_autofree char *title = g_strdup_printf ("%s  %s", sluice_migration_get_version (migration),
                                                sluice_migration_get_name (migration));
      GtkWidget *row = _sluice_migrate_page_row_new (title, _("Not run yet"), NULL, NULL);
      GtkWidget *image = gtk_image_new_from_icon_name ("radio-symbolic");

      gtk_widget_add_css_class (image, "dim-label");
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), image);
      g_object_set_data_full (G_OBJECT (row), "version", g_strdup (sluice_migration_get_version (migration)), g_free);
      g_object_set_data (G_OBJECT (row), "icon", image);
      gtk_list_box_append (self->run_list, row);
    }

  label = _sluice_migrate_page_is_rollback (self)
    ? g_strdup_printf (ngettext ("_Revert %u Migration…", "_Revert %u Migrations…", n), n)
    : g_strdup_printf (ngettext ("_Run %u Migration…", "_Run %u Migrations…", n), n);
  _sluice_migrate_page_set_step_state (self, SLUICE_MIGRATE_STEP_RUN, SLUICE_STEP_STATE_ACTIVE);
  _sluice_migrate_page_set_buttons (self,
                                    typed ? _("This profile is guarded: the database’s name must be typed to run.")
                                          : _("Each migration runs under lock_timeout; the log shows every statement."),
                                    NULL, NULL, label, "migrate.run", typed);
  _sluice_migrate_page_show_step (self, SLUICE_MIGRATE_STEP_RUN);
}

static void
execute_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(SluiceMigrateOp) op = user_data;
  SluiceMigratePage *self = op->self;
  g_autoptr(GError) error = NULL;
  gboolean done = sluice_runner_execute_finish (SLUICE_RUNNER (object), result, &error);

  /* The run is recorded now: the application may end (even after the
   * window was closed and this page disposed). */
  if (self->held_application != NULL)
    {
      g_application_release (self->held_application);
      g_clear_object (&self->held_application);
    }

  if (!_sluice_migrate_op_is_current (op))
    return;

  self->executing = FALSE;
  self->executed = TRUE;
  self->run_cancelled = !done && _sluice_migrate_page_is_cancelled (error);
  _sluice_migrate_page_end_busy (self);
  if (self->session_pending && self->pending_session != NULL)
    {
      g_autofree char *status =
        g_strdup_printf (_("“%s” was chosen during the run: it is shown once you leave this result."),
                         sluice_profile_get_name (sluice_session_get_profile (self->pending_session)));

      _sluice_migrate_page_set_status (self, status);
    }
  else if (self->session_pending)
    _sluice_migrate_page_set_status (self, _("Another profile was chosen during the run: it is shown once you "
                                             "leave this result."));
  else
    _sluice_migrate_page_set_status (self, NULL);
  gtk_revealer_set_reveal_child (self->waiting_revealer, FALSE);
  gtk_revealer_set_reveal_child (self->progress_revealer, FALSE);
  _sluice_migrate_page_set_step_state (self, SLUICE_MIGRATE_STEP_RUN,
                                       done ? SLUICE_STEP_STATE_DONE : SLUICE_STEP_STATE_FAILED);
  _sluice_migrate_page_enter_verify (self, done ? NULL : error);
}

static void
guard_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(SluiceMigrateOp) op = user_data;
  SluiceMigratePage *self = op->self;
  g_autoptr(GError) error = NULL;
  gboolean confirmed = sluice_guard_confirm_finish (result, &error);
  g_autofree char *heading = NULL;

  if (!_sluice_migrate_op_is_current (op))
    return;
  _sluice_migrate_page_end_busy (self);

  if (!confirmed)
    {
      _sluice_migrate_page_set_status (self, _("Not run: the confirmation was declined. Nothing was changed."));
      return;
    }

  heading = _sluice_migrate_page_is_rollback (self)
    ? g_strdup_printf (_("Reverting on “%s”…"), _sluice_migrate_page_get_database (self))
    : g_strdup_printf (_("Applying to “%s”…"), _sluice_migrate_page_get_database (self));
  gtk_label_set_label (self->run_heading, heading);
  self->executing = TRUE;
  /* Until the run is recorded (execute_cb), the application lives on,
   * even when its last window was closed. */
  {
    GtkWindow *window = _sluice_migrate_page_get_window (self);
    GtkApplication *application = window != NULL ? gtk_window_get_application (window) : NULL;

    if (application != NULL && self->held_application == NULL)
      {
        self->held_application = g_object_ref (G_APPLICATION (application));
        g_application_hold (self->held_application);
      }
  }
  _sluice_migrate_page_set_buttons (self, _("Cancel interrupts the statement running now: a migration run in one "
                                            "transaction is rolled back whole; one run statement by statement "
                                            "keeps the statements already done. The log and the history say "
                                            "exactly what was done."),
                                    NULL, NULL, NULL, NULL, FALSE);
  _sluice_migrate_page_new_cancellable (self);
  _sluice_migrate_page_begin_busy (self, _("Running…"));
  sluice_runner_execute_async (self->runner, self->cancellable, execute_cb, g_steal_pointer (&op));
}

static char *
run_action_text (SluiceMigratePage *self)
{
  GPtrArray *migrations = sluice_runner_get_migrations (self->runner);
  guint n = count_migrations (self);
  const char *first = n > 0 ? sluice_migration_get_version (g_ptr_array_index (migrations, 0)) : "";
  const char *last = n > 0 ? sluice_migration_get_version (g_ptr_array_index (migrations, n - 1)) : "";

  if (_sluice_migrate_page_is_rollback (self))
    return g_strdup_printf (ngettext ("Reverts %u migration (%s to %s) with its down SQL.",
                                      "Reverts %u migrations (%s to %s) with their down SQL.", n),
                            n, first, last);
  return g_strdup_printf (ngettext ("Applies %u migration (%s to %s).",
                                    "Applies %u migrations (%s to %s).", n), n, first, last);
}

void
_sluice_migrate_page_run_action (GtkWidget  *widget,
                                 const char *action_name,
                                 GVariant   *parameter)
{
  SluiceMigratePage *self = SLUICE_MIGRATE_PAGE (widget);
  g_autofree char *text = run_action_text (self);

  _sluice_migrate_page_new_cancellable (self);
  _sluice_migrate_page_begin_busy (self, _("Waiting for the confirmation…"));
  sluice_guard_confirm_async (_sluice_migrate_page_get_window (self), _sluice_migrate_page_get_profile (self),
                              _sluice_migrate_page_get_database (self), text, self->cancellable, guard_cb,
                              _sluice_migrate_op_new (self));
}
