/* sluice-migrate-page-rehearsal.c: the optional rehearsal step: the up
 * run on a copy of the schema in the sandbox, with the locks each
 * statement took, the tables it rewrote and whether the downs undo it;
 * skipped for a rollback
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "sluice-error-text.h"
#include "sluice-migrate-page-private.h"

void
_sluice_migrate_page_enter_rehearsal (SluiceMigratePage *self)
{
  /* A rehearsal runs the up SQL on a copy of the schema, where a
   * rollback's steps are applied already: there is nothing to rehearse. */
  if (_sluice_migrate_page_is_rollback (self))
    {
      _sluice_migrate_page_set_step_state (self, SLUICE_MIGRATE_STEP_REHEARSAL, SLUICE_STEP_STATE_SKIPPED);
      _sluice_migrate_page_enter_run (self);
      return;
    }

  gtk_label_set_label (self->rehearsal_heading, _("Rehearse on a Copy?"));
  if (_sluice_migrate_page_sandbox_running (self))
    gtk_label_set_label (self->rehearsal_status,
                         _("Clones the schema of the target into Sluice’s sandbox, runs the migrations there, "
                           "records the locks each statement takes and the tables it rewrites, then runs the "
                           "downs to check they undo it. Nothing is written to the target."));
  else
    gtk_label_set_label (self->rehearsal_status,
                         _("The sandbox is not running, so no rehearsal can be made now. Start it from the "
                           "sandbox profile, or go on without one."));
  gtk_widget_set_visible (GTK_WIDGET (self->rehearsal_list), FALSE);
  _sluice_migrate_page_set_step_state (self, SLUICE_MIGRATE_STEP_REHEARSAL, SLUICE_STEP_STATE_ACTIVE);
  _sluice_migrate_page_set_buttons (self, NULL, _("S_kip Rehearsal"), "migrate.continue",
                                    _("_Rehearse in the Sandbox"), "migrate.rehearse", FALSE);
  _sluice_migrate_page_show_step (self, SLUICE_MIGRATE_STEP_REHEARSAL);
}

static void
show_rehearsal (SluiceMigratePage *self)
{
  GPtrArray *statements = sluice_rehearsal_get_statements (self->rehearsal);
  SluiceDiff *reversibility = sluice_rehearsal_get_reversibility_diff (self->rehearsal);

  _sluice_migrate_page_clear_list (self->rehearsal_list);
  for (guint i = 0; statements != NULL && i < statements->len; i++)
    {
      SluiceRehearsalStatement *statement = g_ptr_array_index (statements, i);
      g_autofree char *title = g_strdup_printf (_("%s statement %u · %.0f ms"), statement->version,
                                                statement->index, statement->duration_ms);
      g_autofree char *first = g_strndup (statement->sql, strcspn (statement->sql, "\n"));
      g_autofree char *locks = statement->locks != NULL && statement->locks[0] != NULL
                               ? g_strjoinv ("; ", statement->locks) : g_strdup (_("no table lock"));
      g_autofree char *rewritten = statement->rewritten != NULL && statement->rewritten[0] != NULL
                                   ? g_strjoinv (", ", statement->rewritten) : NULL;
      g_autofree char *subtitle = rewritten != NULL
                                  ? g_strdup_printf (_("%s\n%s\nRewrites %s"), first, locks, rewritten)
                                  : g_strdup_printf ("%s\n%s", first, locks);

      gtk_list_box_append (self->rehearsal_list,
                           _sluice_migrate_page_row_new (title, subtitle,
                                                         rewritten != NULL ? "dialog-warning-symbolic"
                                                                           : "emblem-ok-symbolic",
                                                         rewritten != NULL ? "warning" : "success"));
    }
  if (!sluice_rehearsal_get_down_tested (self->rehearsal))
    gtk_list_box_append (self->rehearsal_list,
                         _sluice_migrate_page_row_new (_("Reversibility not tested"),
                                                       _("Not every migration has a down migration."),
                                                       "dialog-warning-symbolic", "warning"));
  else if (reversibility != NULL && sluice_diff_is_empty (reversibility))
    gtk_list_box_append (self->rehearsal_list,
                         _sluice_migrate_page_row_new (_("Reversible"),
                                                       _("After the downs, the catalog is what it was before."),
                                                       "emblem-ok-symbolic", "success"));
  else if (reversibility != NULL)
    {
      g_autofree char *left = sluice_diff_describe (reversibility);

      gtk_list_box_append (self->rehearsal_list,
                           _sluice_migrate_page_row_new (_("Not reversible"), left,
                                                         "dialog-error-symbolic", "error"));
    }
  gtk_widget_set_visible (GTK_WIDGET (self->rehearsal_list), TRUE);
}

static void
rehearsal_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(SluiceMigrateOp) op = user_data;
  SluiceMigratePage *self = op->self;
  g_autoptr(GError) error = NULL;
  gboolean done = sluice_rehearsal_run_finish (SLUICE_REHEARSAL (object), result, &error);
  g_autofree char *status = NULL;

  if (!_sluice_migrate_op_is_current (op))
    return;
  _sluice_migrate_page_end_busy (self);
  _sluice_migrate_page_set_status (self, NULL);

  self->rehearsed = done;
  show_rehearsal (self);
  if (done)
    status = g_strdup_printf (_("Rehearsed in %.1f s on a copy; nothing was written to the target."),
                              sluice_rehearsal_get_duration_ms (self->rehearsal) / 1000.0);
  else if (_sluice_migrate_page_is_cancelled (error))
    status = g_strdup (_("Rehearsal cancelled; nothing was written to the target."));
  else
    {
      g_autofree char *message = sluice_error_text_describe (error);

      status = g_strdup_printf (_("The rehearsal failed: %s Nothing was written to the target."), message);
      _sluice_migrate_page_set_error (self, message);
    }
  gtk_label_set_label (self->rehearsal_status, status);
  _sluice_migrate_page_set_step_state (self, SLUICE_MIGRATE_STEP_REHEARSAL,
                                       done ? SLUICE_STEP_STATE_DONE :
                                       _sluice_migrate_page_is_cancelled (error) ? SLUICE_STEP_STATE_ACTIVE :
                                       SLUICE_STEP_STATE_FAILED);
  _sluice_migrate_page_set_buttons (self, NULL, NULL, NULL, _("C_ontinue"), "migrate.continue", FALSE);
  _sluice_migrate_page_update_actions (self);
}

void
_sluice_migrate_page_rehearse_action (GtkWidget  *widget,
                                      const char *action_name,
                                      GVariant   *parameter)
{
  SluiceMigratePage *self = SLUICE_MIGRATE_PAGE (widget);

  g_clear_object (&self->rehearsal);
  if (self->runner == NULL || _sluice_migrate_page_is_rollback (self) ||
      !_sluice_migrate_page_sandbox_running (self))
    return;
  self->rehearsal = sluice_runner_new_rehearsal (self->runner, self->sandbox);
  if (self->rehearsal == NULL)
    return;
  gtk_label_set_label (self->rehearsal_status, _("Cloning the schema into the sandbox…"));
  _sluice_migrate_page_new_cancellable (self);
  _sluice_migrate_page_begin_busy (self, _("Rehearsing on a copy in the sandbox…"));
  sluice_rehearsal_run_async (self->rehearsal, self->cancellable, rehearsal_cb, _sluice_migrate_op_new (self));
}
