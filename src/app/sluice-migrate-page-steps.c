/* sluice-migrate-page-steps.c: the steps of a guided run as a whole:
 * which of the page's actions can be used now, going on from one step
 * to the next, stopping what runs, and the small helpers the steps share
 *
 * The steps run over a SluiceRunner (sluice-migrate-page-runner.c), each
 * in its own file: -preflight.c, -lint.c, -backup.c, -rehearsal.c,
 * -run.c, -verify.c and -verify-actions.c.  Each step shows its result
 * and waits for the person to go on; only "run" writes, and only after
 * the guard dialog (on prod, the database's name typed).  Every call that
 * reads or writes is asynchronous and goes through the page's one
 * cancellable: "Cancel" stops what runs now.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sluice-migrate-page-private.h"

/* Shared by the steps ---------------------------------------------------- */

gboolean
_sluice_migrate_page_is_cancelled (const GError *error)
{
  return g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

gboolean
_sluice_migrate_page_is_rollback (SluiceMigratePage *self)
{
  return self->plan != NULL;
}

const char *
_sluice_migrate_page_get_database (SluiceMigratePage *self)
{
  return self->connection != NULL ? sluice_connection_get_database (self->connection) : NULL;
}

gboolean
_sluice_migrate_page_sandbox_running (SluiceMigratePage *self)
{
  return self->sandbox != NULL && sluice_sandbox_get_state (self->sandbox) == SLUICE_SANDBOX_RUNNING;
}

static gboolean
backup_reason_given (SluiceMigratePage *self)
{
  g_autofree char *reason = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->backup_reason_row)));

  return *g_strstrip (reason) != '\0';
}

/* Actions ---------------------------------------------------------------- */

void
_sluice_migrate_page_update_actions (SluiceMigratePage *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  gboolean idle = self->busy == 0;
  gboolean has_runner = self->runner != NULL;
  SluiceMigrateStep step = self->step;
  gboolean can_continue = FALSE;
  g_auto(GStrv) tables = NULL;
  const char * const *invalid = NULL;

  if (self->disposed)
    return;

  if (has_runner && self->executed)
    {
      tables = sluice_runner_get_tables_to_analyze (self->runner);
      invalid = sluice_runner_get_invalid_indexes (self->runner);
    }

  switch (step)
    {
    case SLUICE_MIGRATE_STEP_PREFLIGHT:
      can_continue = self->preflight_passed;
      break;
    case SLUICE_MIGRATE_STEP_LINT:
      can_continue = has_runner && (!sluice_runner_lint_blocks (self->runner) ||
                                    gtk_check_button_get_active (self->lint_acknowledge));
      break;
    case SLUICE_MIGRATE_STEP_BACKUP:
      can_continue = self->backup_settled;
      break;
    case SLUICE_MIGRATE_STEP_REHEARSAL:
      can_continue = TRUE;
      break;
    case SLUICE_MIGRATE_STEP_PLAN:
    case SLUICE_MIGRATE_STEP_RUN:
    case SLUICE_MIGRATE_STEP_VERIFY:
    case SLUICE_MIGRATE_N_STEPS:
    default:
      break;
    }

  gtk_widget_action_set_enabled (widget, "migrate.reload", self->session != NULL && !self->executing);
  gtk_widget_action_set_enabled (widget, "migrate.migrate-mode", !self->executing);
  gtk_widget_action_set_enabled (widget, "migrate.start",
                                 idle && self->report != NULL && !self->executed &&
                                 (self->plan != NULL ||
                                  (self->rollback_target == NULL && _sluice_migrate_page_count_pending (self) > 0)));
  gtk_widget_action_set_enabled (widget, "migrate.continue", idle && has_runner && can_continue);
  gtk_widget_action_set_enabled (widget, "migrate.take-backup",
                                 idle && has_runner && step == SLUICE_MIGRATE_STEP_BACKUP && !self->backup_settled);
  gtk_widget_action_set_enabled (widget, "migrate.skip-backup",
                                 idle && has_runner && step == SLUICE_MIGRATE_STEP_BACKUP && !self->backup_settled &&
                                 (!sluice_runner_backup_required (self->runner) || backup_reason_given (self)));
  gtk_widget_action_set_enabled (widget, "migrate.rehearse",
                                 idle && has_runner && step == SLUICE_MIGRATE_STEP_REHEARSAL &&
                                 !_sluice_migrate_page_is_rollback (self) && !self->rehearsed &&
                                 _sluice_migrate_page_sandbox_running (self));
  gtk_widget_action_set_enabled (widget, "migrate.run",
                                 idle && has_runner && step == SLUICE_MIGRATE_STEP_RUN && !self->executed);
  gtk_widget_action_set_enabled (widget, "migrate.cancel", !idle);
  gtk_widget_action_set_enabled (widget, "migrate.analyze",
                                 idle && tables != NULL && tables[0] != NULL && !self->analyzed);
  gtk_widget_action_set_enabled (widget, "migrate.drop-invalid-indexes",
                                 idle && invalid != NULL && invalid[0] != NULL);
}

/* Going on, and stopping ------------------------------------------------- */

void
_sluice_migrate_page_enter_step (SluiceMigratePage *self,
                                 SluiceMigrateStep  step)
{
  switch (step)
    {
    case SLUICE_MIGRATE_STEP_LINT:
      _sluice_migrate_page_enter_lint (self);
      break;
    case SLUICE_MIGRATE_STEP_BACKUP:
      _sluice_migrate_page_enter_backup (self);
      break;
    case SLUICE_MIGRATE_STEP_REHEARSAL:
      _sluice_migrate_page_enter_rehearsal (self);
      break;
    case SLUICE_MIGRATE_STEP_RUN:
      _sluice_migrate_page_enter_run (self);
      break;
    case SLUICE_MIGRATE_STEP_PLAN:
      _sluice_migrate_page_show_plan (self);
      break;
    case SLUICE_MIGRATE_STEP_PREFLIGHT:
    case SLUICE_MIGRATE_STEP_VERIFY:
    case SLUICE_MIGRATE_N_STEPS:
    default:
      break;
    }
}

static void
continue_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  SluiceMigratePage *self = SLUICE_MIGRATE_PAGE (widget);

  switch (self->step)
    {
    case SLUICE_MIGRATE_STEP_LINT:
      if (self->step_states[SLUICE_MIGRATE_STEP_LINT] == SLUICE_STEP_STATE_ACTIVE)
        _sluice_migrate_page_set_step_state (self, SLUICE_MIGRATE_STEP_LINT, SLUICE_STEP_STATE_DONE);
      _sluice_migrate_page_enter_step (self, SLUICE_MIGRATE_STEP_BACKUP);
      break;
    case SLUICE_MIGRATE_STEP_REHEARSAL:
      if (!self->rehearsed && self->step_states[SLUICE_MIGRATE_STEP_REHEARSAL] == SLUICE_STEP_STATE_ACTIVE)
        _sluice_migrate_page_set_step_state (self, SLUICE_MIGRATE_STEP_REHEARSAL, SLUICE_STEP_STATE_SKIPPED);
      _sluice_migrate_page_enter_step (self, SLUICE_MIGRATE_STEP_RUN);
      break;
    case SLUICE_MIGRATE_STEP_PLAN:
    case SLUICE_MIGRATE_STEP_PREFLIGHT:
    case SLUICE_MIGRATE_STEP_BACKUP:
    case SLUICE_MIGRATE_STEP_RUN:
    case SLUICE_MIGRATE_STEP_VERIFY:
    case SLUICE_MIGRATE_N_STEPS:
    default:
      _sluice_migrate_page_enter_step (self, self->step + 1);
      break;
    }
}

static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  SluiceMigratePage *self = SLUICE_MIGRATE_PAGE (widget);

  /* Each operation's callback says what was (not) done. */
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
}

void
_sluice_migrate_page_class_steps_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "migrate.start", NULL, _sluice_migrate_page_start_action);
  gtk_widget_class_install_action (widget_class, "migrate.continue", NULL, continue_action);
  gtk_widget_class_install_action (widget_class, "migrate.take-backup", NULL, _sluice_migrate_page_take_backup_action);
  gtk_widget_class_install_action (widget_class, "migrate.skip-backup", NULL, _sluice_migrate_page_skip_backup_action);
  gtk_widget_class_install_action (widget_class, "migrate.rehearse", NULL, _sluice_migrate_page_rehearse_action);
  gtk_widget_class_install_action (widget_class, "migrate.run", NULL, _sluice_migrate_page_run_action);
  gtk_widget_class_install_action (widget_class, "migrate.cancel", NULL, cancel_action);
  gtk_widget_class_install_action (widget_class, "migrate.analyze", NULL, _sluice_migrate_page_analyze_action);
  gtk_widget_class_install_action (widget_class, "migrate.drop-invalid-indexes", NULL,
                                   _sluice_migrate_page_drop_invalid_indexes_action);
}

/* Called from the page's init, once its template children exist. */
void
_sluice_migrate_page_init_steps (SluiceMigratePage *self)
{
  _sluice_migrate_page_init_runner (self);
  _sluice_migrate_page_init_lint (self);
  _sluice_migrate_page_init_backup (self);
}
