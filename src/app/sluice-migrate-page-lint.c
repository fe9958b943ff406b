/* sluice-migrate-page-lint.c: the lint step: every statement of the run
 * parsed and checked (in a thread), its findings listed, and the
 * acknowledgement that errors need on a profile where they block the run
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "sluice-migrate-page-private.h"

static const char *
severity_icon (SluiceLintSeverity severity,
               const char       **css_class)
{
  switch (severity)
    {
    case SLUICE_LINT_SEVERITY_ERROR:
      *css_class = "error";
      return "dialog-error-symbolic";
    case SLUICE_LINT_SEVERITY_WARNING:
      *css_class = "warning";
      return "dialog-warning-symbolic";
    case SLUICE_LINT_SEVERITY_INFO:
    case SLUICE_LINT_SEVERITY_OFF:
    default:
      *css_class = "dim-label";
      return "dialog-information-symbolic";
    }
}

static GtkWidget *
finding_row_new (SluiceLintFinding *finding)
{
  g_autofree char *where = g_strdup_printf ("%s:%u:%u", finding->file != NULL ? finding->file : "",
                                            finding->line, finding->column);
  g_autofree char *base = g_path_get_basename (where);
  const char *lock = finding->lock != SLUICE_LOCK_NONE ? sluice_lock_mode_to_string (finding->lock) : NULL;
  g_autoptr(GString) subtitle = g_string_new (NULL);
  const char *css_class;
  const char *icon = severity_icon (finding->severity, &css_class);

  g_string_append_printf (subtitle, "%s · %s", base, finding->rule);
  if (lock != NULL)
    g_string_append_printf (subtitle, " · %s", lock);
  if (finding->why != NULL)
    g_string_append_printf (subtitle, "\n%s", finding->why);
  if (finding->rewrite != NULL)
    g_string_append_printf (subtitle, "\n%s %s", _("Instead:"), finding->rewrite);

  return _sluice_migrate_page_row_new (finding->message, subtitle->str, icon, css_class);
}

static void
on_acknowledge_toggled (SluiceMigratePage *self)
{
  if (self->runner != NULL && gtk_check_button_get_active (self->lint_acknowledge))
    sluice_runner_acknowledge_lint (self->runner);
  _sluice_migrate_page_update_actions (self);
}

static void
show_lint (SluiceMigratePage *self,
           GPtrArray         *findings)
{
  gboolean blocks = sluice_runner_lint_blocks (self->runner);
  guint errors = 0;
  guint warnings = 0;
  g_autofree char *heading = NULL;

  _sluice_migrate_page_clear_list (self->lint_list);
  for (guint i = 0; findings != NULL && i < findings->len; i++)
    {
      SluiceLintFinding *finding = g_ptr_array_index (findings, i);

      if (finding->severity == SLUICE_LINT_SEVERITY_ERROR)
        errors++;
      else if (finding->severity == SLUICE_LINT_SEVERITY_WARNING)
        warnings++;
      gtk_list_box_append (self->lint_list, finding_row_new (finding));
    }

  if (findings == NULL || findings->len == 0)
    heading = g_strdup (_("The Lint Found Nothing"));
  else
    heading = g_strdup_printf (ngettext ("%u Finding", "%u Findings", findings->len), findings->len);
  gtk_label_set_label (self->lint_heading, heading);
  gtk_widget_set_visible (GTK_WIDGET (self->lint_list), findings != NULL && findings->len > 0);

  g_signal_handlers_block_by_func (self->lint_acknowledge, on_acknowledge_toggled, self);
  gtk_check_button_set_active (self->lint_acknowledge, FALSE);
  g_signal_handlers_unblock_by_func (self->lint_acknowledge, on_acknowledge_toggled, self);
  gtk_widget_set_visible (GTK_WIDGET (self->lint_acknowledge), blocks);

  /* Notes (info) are for reading; only warnings and errors mark the step. */
  _sluice_migrate_page_set_step_state (self, SLUICE_MIGRATE_STEP_LINT,
                                       errors + warnings > 0 ? SLUICE_STEP_STATE_WARNING : SLUICE_STEP_STATE_DONE);
  _sluice_migrate_page_set_buttons (self,
                                    blocks ? _("Errors block the run on this profile until they are acknowledged.")
                                           : _("Nothing was changed. Next: the backup."),
                                    NULL, NULL, _("C_ontinue to Backup"), "migrate.continue", FALSE);
  _sluice_migrate_page_show_step (self, SLUICE_MIGRATE_STEP_LINT);
}

/* Parsing every statement of many migrations takes a while: done in a
 * thread.  Nothing else touches the runner meanwhile (the page is busy,
 * and the lint step is shown only once it is done). */
static void
lint_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  GPtrArray *findings = sluice_runner_lint (SLUICE_RUNNER (source_object));

  g_task_return_pointer (task, findings != NULL ? g_ptr_array_ref (findings) : NULL,
                         (GDestroyNotify) g_ptr_array_unref);
}

static void
lint_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(SluiceMigrateOp) op = user_data;
  SluiceMigratePage *self = op->self;
  g_autoptr(GPtrArray) findings = g_task_propagate_pointer (G_TASK (result), NULL);

  if (!_sluice_migrate_op_is_current (op))
    return;
  _sluice_migrate_page_end_busy (self);
  _sluice_migrate_page_set_status (self, NULL);
  show_lint (self, findings);
}

void
_sluice_migrate_page_enter_lint (SluiceMigratePage *self)
{
  g_autoptr(GTask) task = g_task_new (self->runner, NULL, lint_cb, _sluice_migrate_op_new (self));

  g_task_set_source_tag (task, _sluice_migrate_page_enter_lint);
  _sluice_migrate_page_begin_busy (self, _("Linting every statement…"));
  /* It cannot be stopped half-way; it only parses. */
  gtk_widget_set_visible (self->cancel_button, FALSE);
  g_task_run_in_thread (task, lint_thread);
}

/* Called from the page's init (through _sluice_migrate_page_init_steps). */
void
_sluice_migrate_page_init_lint (SluiceMigratePage *self)
{
  g_signal_connect_object (self->lint_acknowledge, "toggled", G_CALLBACK (on_acknowledge_toggled), self,
                           G_CONNECT_SWAPPED);
}
