/* sluice-migrate-page-preflight.c: the first step of a run, started by
 * "migrate.start": a new runner, then its checks, which only read (the
 * connection, privileges, the history, sessions and locks), each shown
 * with how it went
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "sluice-error-text.h"
#include "sluice-migrate-page-private.h"

static void
show_checks (SluiceMigratePage *self)
{
  GPtrArray *checks = sluice_runner_get_checks (self->runner);

  _sluice_migrate_page_clear_list (self->preflight_list);
  for (guint i = 0; checks != NULL && i < checks->len; i++)
    {
      SluicePreflightCheck *check = g_ptr_array_index (checks, i);
      const char *icon = "emblem-ok-symbolic";
      const char *css_class = "success";

      if (check->state == SLUICE_CHECK_WARNING)
        icon = "dialog-warning-symbolic", css_class = "warning";
      else if (check->state == SLUICE_CHECK_ERROR)
        icon = "dialog-error-symbolic", css_class = "error";
      gtk_list_box_append (self->preflight_list,
                           _sluice_migrate_page_row_new (check->title, check->message, icon, css_class));
    }
}

static SluiceStepState
checks_state (SluiceMigratePage *self)
{
  GPtrArray *checks = sluice_runner_get_checks (self->runner);
  SluiceStepState state = SLUICE_STEP_STATE_DONE;

  for (guint i = 0; checks != NULL && i < checks->len; i++)
    {
      SluicePreflightCheck *check = g_ptr_array_index (checks, i);

      if (check->state == SLUICE_CHECK_ERROR)
        return SLUICE_STEP_STATE_FAILED;
      if (check->state == SLUICE_CHECK_WARNING)
        state = SLUICE_STEP_STATE_WARNING;
    }
  return state;
}

static void
preflight_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(SluiceMigrateOp) op = user_data;
  SluiceMigratePage *self = op->self;
  g_autoptr(GError) error = NULL;
  gboolean passed = sluice_runner_preflight_finish (SLUICE_RUNNER (object), result, &error);

  if (!_sluice_migrate_op_is_current (op))
    return;

  _sluice_migrate_page_end_busy (self);
  show_checks (self);
  self->preflight_passed = passed;

  if (passed)
    {
      _sluice_migrate_page_set_status (self, NULL);
      gtk_label_set_label (self->preflight_heading, _("Preflight Passed"));
      _sluice_migrate_page_set_step_state (self, SLUICE_MIGRATE_STEP_PREFLIGHT, checks_state (self));
      _sluice_migrate_page_set_buttons (self, _("Nothing was changed. Next: the lint of every statement."),
                                        NULL, NULL, _("C_ontinue to Lint"), "migrate.continue", FALSE);
    }
  else if (_sluice_migrate_page_is_cancelled (error))
    {
      _sluice_migrate_page_set_status (self, _("Cancelled; nothing was changed on the server."));
      gtk_label_set_label (self->preflight_heading, _("Preflight Cancelled"));
      _sluice_migrate_page_set_step_state (self, SLUICE_MIGRATE_STEP_PREFLIGHT, SLUICE_STEP_STATE_TODO);
      _sluice_migrate_page_set_buttons (self, NULL, NULL, NULL, _("_Check Again"), "migrate.start", FALSE);
    }
  else
    {
      g_autofree char *message = error != NULL ? sluice_error_text_describe (error) : NULL;

      _sluice_migrate_page_set_error (self, message);
      _sluice_migrate_page_set_status (self, message);
      gtk_label_set_label (self->preflight_heading, _("Preflight Found a Problem"));
      _sluice_migrate_page_set_step_state (self, SLUICE_MIGRATE_STEP_PREFLIGHT, SLUICE_STEP_STATE_FAILED);
      _sluice_migrate_page_set_buttons (self,
                                        _("Nothing was run. Fix what the checks in red say, then check again."),
                                        NULL, NULL, _("_Check Again"), "migrate.start", FALSE);
    }
  _sluice_migrate_page_update_actions (self);
}

void
_sluice_migrate_page_start_action (GtkWidget  *widget,
                                   const char *action_name,
                                   GVariant   *parameter)
{
  SluiceMigratePage *self = SLUICE_MIGRATE_PAGE (widget);
  g_autofree char *heading = NULL;

  _sluice_migrate_page_new_runner (self);
  for (guint i = SLUICE_MIGRATE_STEP_PREFLIGHT; i < SLUICE_MIGRATE_N_STEPS; i++)
    _sluice_migrate_page_set_step_state (self, i, SLUICE_STEP_STATE_TODO);
  /* A rollback has no rehearsal (see _sluice_migrate_page_enter_rehearsal): said from the start. */
  if (_sluice_migrate_page_is_rollback (self))
    _sluice_migrate_page_set_step_state (self, SLUICE_MIGRATE_STEP_REHEARSAL, SLUICE_STEP_STATE_SKIPPED);
  _sluice_migrate_page_set_step_state (self, SLUICE_MIGRATE_STEP_PLAN, SLUICE_STEP_STATE_DONE);
  _sluice_migrate_page_set_step_state (self, SLUICE_MIGRATE_STEP_PREFLIGHT, SLUICE_STEP_STATE_ACTIVE);

  heading = g_strdup_printf (_("Checking “%s”…"), _sluice_migrate_page_get_database (self));
  gtk_label_set_label (self->preflight_heading, heading);
  _sluice_migrate_page_clear_list (self->preflight_list);
  _sluice_migrate_page_set_buttons (self, _("Preflight only reads; nothing is changed."),
                                    NULL, NULL, _("C_ontinue to Lint"), "migrate.continue", FALSE);
  _sluice_migrate_page_show_step (self, SLUICE_MIGRATE_STEP_PREFLIGHT);

  _sluice_migrate_page_new_cancellable (self);
  _sluice_migrate_page_begin_busy (self, _("Checking the connection, privileges, history, sessions and locks…"));
  sluice_runner_preflight_async (self->runner, self->cancellable, preflight_cb, _sluice_migrate_op_new (self));
}
