/* sluice-migrate-page-steps.c: the steps of a guided run over a
 * SluiceRunner: preflight, lint, backup, rehearsal, run, verify
 *
 * Each step shows its result and waits for the person to go on; only
 * "run" writes, and only after the guard dialog (on prod, the database's
 * name typed).  Every call that reads or writes is asynchronous and goes
 * through the page's one cancellable: "Cancel" stops what runs now.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "sluice-error-text.h"
#include "sluice-guard-dialog.h"
#include "sluice-migrate-page-private.h"

static gboolean
is_cancelled (const GError *error)
{
  return g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

static gboolean
is_rollback (SluiceMigratePage *self)
{
  return self->plan != NULL;
}

static guint
count_migrations (SluiceMigratePage *self)
{
  GPtrArray *migrations = self->runner != NULL ? sluice_runner_get_migrations (self->runner) : NULL;

  return migrations != NULL ? migrations->len : 0;
}

static const char *
database_name (SluiceMigratePage *self)
{
  return self->connection != NULL ? sluice_connection_get_database (self->connection) : NULL;
}

static gboolean
sandbox_running (SluiceMigratePage *self)
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
                                 !is_rollback (self) && !self->rehearsed && sandbox_running (self));
  gtk_widget_action_set_enabled (widget, "migrate.run",
                                 idle && has_runner && step == SLUICE_MIGRATE_STEP_RUN && !self->executed);
  gtk_widget_action_set_enabled (widget, "migrate.cancel", !idle);
  gtk_widget_action_set_enabled (widget, "migrate.analyze",
                                 idle && tables != NULL && tables[0] != NULL && !self->analyzed);
  gtk_widget_action_set_enabled (widget, "migrate.drop-invalid-indexes",
                                 idle && invalid != NULL && invalid[0] != NULL);
}

/* The runner's events ---------------------------------------------------- */

static GtkWidget *
find_run_row (SluiceMigratePage *self,
              const char        *version)
{
  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->run_list));
       row != NULL;
       row = gtk_widget_get_next_sibling (row))
    if (version != NULL && g_strcmp0 (g_object_get_data (G_OBJECT (row), "version"), version) == 0)
      return row;
  return NULL;
}

static void
set_run_row (SluiceMigratePage *self,
             const char        *version,
             const char        *icon_name,
             const char        *css_class,
             const char        *subtitle)
{
  GtkWidget *row = find_run_row (self, version);
  GtkWidget *image;
  g_autofree char *escaped = NULL;

  if (row == NULL)
    return;

  image = g_object_get_data (G_OBJECT (row), "icon");
  gtk_image_set_from_icon_name (GTK_IMAGE (image), icon_name);
  gtk_widget_remove_css_class (image, "accent");
  gtk_widget_remove_css_class (image, "success");
  gtk_widget_remove_css_class (image, "error");
  gtk_widget_remove_css_class (image, "dim-label");
  if (css_class != NULL)
    gtk_widget_add_css_class (image, css_class);
  if (subtitle != NULL)
    {
      escaped = g_markup_escape_text (subtitle, -1);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), escaped);
    }
}

typedef struct
{
  SluiceMigratePage *self;
  SluiceRunEvent    *event;
} ThreadEvent;

/* The thread the widgets live in (set by _sluice_migrate_page_init_steps). */
static GThread *ui_thread;

static void show_runner_event (SluiceMigratePage *self,
                               SluiceRunEvent    *event);

static gboolean
show_thread_event (gpointer user_data)
{
  ThreadEvent *thread_event = user_data;

  if (!thread_event->self->disposed)
    show_runner_event (thread_event->self, thread_event->event);
  return G_SOURCE_REMOVE;
}

static void
thread_event_free (gpointer user_data)
{
  ThreadEvent *thread_event = user_data;

  g_object_unref (thread_event->self);
  g_object_unref (thread_event->event);
  g_free (thread_event);
}

/* The lint runs in a worker thread, and its events are emitted there:
 * they are shown from the UI thread. */
static void
on_runner_event (SluiceMigratePage *self,
                 SluiceRunEvent    *event)
{
  ThreadEvent *thread_event;

  if (g_thread_self () == ui_thread)
    {
      show_runner_event (self, event);
      return;
    }

  thread_event = g_new0 (ThreadEvent, 1);
  thread_event->self = g_object_ref (self);
  thread_event->event = g_object_ref (event);
  g_idle_add_full (G_PRIORITY_DEFAULT, show_thread_event, thread_event, thread_event_free);
}

static void
show_runner_event (SluiceMigratePage *self,
                   SluiceRunEvent    *event)
{
  const char *version = sluice_run_event_get_version (event);
  const char *message = sluice_run_event_get_message (event);

  _sluice_migrate_page_log_event (self, event);
  if (!self->executing)
    return;

  switch (sluice_run_event_get_kind (event))
    {
    case SLUICE_RUN_EVENT_MIGRATION_STARTED:
      set_run_row (self, version, "media-playback-start-symbolic", "accent", message);
      break;
    case SLUICE_RUN_EVENT_STATEMENT_STARTED:
      {
        g_autofree char *status = g_strdup_printf (_("%s: statement %u of %u"), version != NULL ? version : "",
                                                   sluice_run_event_get_statement_index (event),
                                                   sluice_run_event_get_statement_count (event));

        _sluice_migrate_page_set_status (self, status);
        gtk_revealer_set_reveal_child (self->waiting_revealer, FALSE);
      }
      break;
    case SLUICE_RUN_EVENT_WAITING:
    case SLUICE_RUN_EVENT_LOCK_RETRY:
      gtk_label_set_label (self->waiting_label, message);
      gtk_revealer_set_reveal_child (self->waiting_revealer, TRUE);
      break;
    case SLUICE_RUN_EVENT_PROGRESS:
      gtk_label_set_label (self->progress_label, message);
      if (sluice_run_event_get_fraction (event) >= 0)
        gtk_progress_bar_set_fraction (self->index_progress, sluice_run_event_get_fraction (event));
      else
        gtk_progress_bar_pulse (self->index_progress);
      gtk_revealer_set_reveal_child (self->progress_revealer, TRUE);
      break;
    case SLUICE_RUN_EVENT_STATEMENT_DONE:
      gtk_revealer_set_reveal_child (self->waiting_revealer, FALSE);
      gtk_revealer_set_reveal_child (self->progress_revealer, FALSE);
      break;
    case SLUICE_RUN_EVENT_MIGRATION_DONE:
      set_run_row (self, version, "emblem-ok-symbolic", "success", message);
      break;
    case SLUICE_RUN_EVENT_MIGRATION_FAILED:
      set_run_row (self, version, "dialog-error-symbolic", "error", message);
      break;
    case SLUICE_RUN_EVENT_STEP:
    case SLUICE_RUN_EVENT_INFO:
    case SLUICE_RUN_EVENT_WARNING:
    case SLUICE_RUN_EVENT_FINISHED:
    default:
      break;
    }
}

void
_sluice_migrate_page_drop_runner (SluiceMigratePage *self)
{
  if (self->runner != NULL)
    g_signal_handlers_disconnect_by_data (self->runner, self);
  if (self->backup != NULL)
    g_signal_handlers_disconnect_by_data (self->backup, self);
  g_clear_object (&self->runner);
  g_clear_object (&self->backup);
  g_clear_object (&self->rehearsal);
  self->executed = FALSE;
  self->executing = FALSE;
  self->run_cancelled = FALSE;
  self->preflight_passed = FALSE;
  self->backup_settled = FALSE;
  self->rehearsed = FALSE;
  self->analyzed = FALSE;
}

/* Preflight -------------------------------------------------------------- */

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
  else if (is_cancelled (error))
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

static void
new_runner (SluiceMigratePage *self)
{
  SluiceProfile *profile = _sluice_migrate_page_get_profile (self);

  _sluice_migrate_page_drop_runner (self);
  if (self->plan != NULL)
    self->runner = sluice_runner_new_rollback (profile, self->connection, self->folder, self->plan);
  else
    self->runner = sluice_runner_new_migrate (profile, self->connection, self->folder, NULL);
  g_signal_connect_object (self->runner, "event", G_CALLBACK (on_runner_event), self, G_CONNECT_SWAPPED);
}

static void
start_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  SluiceMigratePage *self = SLUICE_MIGRATE_PAGE (widget);
  g_autofree char *heading = NULL;

  new_runner (self);
  for (guint i = SLUICE_MIGRATE_STEP_PREFLIGHT; i < SLUICE_MIGRATE_N_STEPS; i++)
    _sluice_migrate_page_set_step_state (self, i, SLUICE_STEP_STATE_TODO);
  /* A rollback has no rehearsal (see enter_rehearsal): said from the start. */
  if (is_rollback (self))
    _sluice_migrate_page_set_step_state (self, SLUICE_MIGRATE_STEP_REHEARSAL, SLUICE_STEP_STATE_SKIPPED);
  _sluice_migrate_page_set_step_state (self, SLUICE_MIGRATE_STEP_PLAN, SLUICE_STEP_STATE_DONE);
  _sluice_migrate_page_set_step_state (self, SLUICE_MIGRATE_STEP_PREFLIGHT, SLUICE_STEP_STATE_ACTIVE);

  heading = g_strdup_printf (_("Checking “%s”…"), database_name (self));
  gtk_label_set_label (self->preflight_heading, heading);
  _sluice_migrate_page_clear_list (self->preflight_list);
  _sluice_migrate_page_set_buttons (self, _("Preflight only reads; nothing is changed."),
                                    NULL, NULL, _("C_ontinue to Lint"), "migrate.continue", FALSE);
  _sluice_migrate_page_show_step (self, SLUICE_MIGRATE_STEP_PREFLIGHT);

  _sluice_migrate_page_new_cancellable (self);
  _sluice_migrate_page_begin_busy (self, _("Checking the connection, privileges, history, sessions and locks…"));
  sluice_runner_preflight_async (self->runner, self->cancellable, preflight_cb, _sluice_migrate_op_new (self));
}

/* Lint ------------------------------------------------------------------- */

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

static void
enter_lint (SluiceMigratePage *self)
{
  g_autoptr(GTask) task = g_task_new (self->runner, NULL, lint_cb, _sluice_migrate_op_new (self));

  g_task_set_source_tag (task, enter_lint);
  _sluice_migrate_page_begin_busy (self, _("Linting every statement…"));
  /* It cannot be stopped half-way; it only parses. */
  gtk_widget_set_visible (self->cancel_button, FALSE);
  g_task_run_in_thread (task, lint_thread);
}

/* Backup ----------------------------------------------------------------- */

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

static void
enter_backup (SluiceMigratePage *self)
{
  g_autoptr(GTask) task = g_task_new (self->runner, NULL, tables_touched_cb, _sluice_migrate_op_new (self));

  g_task_set_source_tag (task, enter_backup);
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
      _sluice_migrate_page_set_buttons (self, is_rollback (self) ? _("Next: the run; a rollback has no rehearsal.")
                                                                 : _("Next: an optional rehearsal on a copy."),
                                        NULL, NULL, _("C_ontinue"), "migrate.continue", FALSE);
    }
  else
    {
      g_autofree char *message = sluice_error_text_describe (error);
      g_autofree char *text = is_cancelled (error)
        ? g_strdup (_("Backup cancelled; the partial file was removed. Nothing was changed on the server."))
        : g_strdup_printf (_("The backup failed: %s Nothing was changed on the server; take it again or skip it "
                             "with a reason."), message);

      if (!is_cancelled (error))
        _sluice_migrate_page_set_error (self, message);
      gtk_widget_set_visible (GTK_WIDGET (self->backup_progress), FALSE);
      gtk_label_set_label (self->backup_status, text);
      _sluice_migrate_page_set_status (self, NULL);
      _sluice_migrate_page_log_line (self, is_cancelled (error) ? SLUICE_RUN_EVENT_INFO : SLUICE_RUN_EVENT_WARNING,
                                     text);
      _sluice_migrate_page_set_step_state (self, SLUICE_MIGRATE_STEP_BACKUP,
                                           is_cancelled (error) ? SLUICE_STEP_STATE_ACTIVE
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

static void
take_backup_action (GtkWidget  *widget,
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
  g_task_set_source_tag (task, take_backup_action);
  g_task_run_in_thread (task, check_versions_thread);
}

static void enter_rehearsal (SluiceMigratePage *self);

static void
skip_backup_action (GtkWidget  *widget,
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
  enter_rehearsal (self);
}

static void
on_reason_changed (SluiceMigratePage *self)
{
  _sluice_migrate_page_update_actions (self);
}

/* Rehearsal -------------------------------------------------------------- */

static void enter_run (SluiceMigratePage *self);

static void
enter_rehearsal (SluiceMigratePage *self)
{
  /* A rehearsal runs the up SQL on a copy of the schema, where a
   * rollback's steps are applied already: there is nothing to rehearse. */
  if (is_rollback (self))
    {
      _sluice_migrate_page_set_step_state (self, SLUICE_MIGRATE_STEP_REHEARSAL, SLUICE_STEP_STATE_SKIPPED);
      enter_run (self);
      return;
    }

  gtk_label_set_label (self->rehearsal_heading, _("Rehearse on a Copy?"));
  if (sandbox_running (self))
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
  else if (is_cancelled (error))
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
                                       is_cancelled (error) ? SLUICE_STEP_STATE_ACTIVE : SLUICE_STEP_STATE_FAILED);
  _sluice_migrate_page_set_buttons (self, NULL, NULL, NULL, _("C_ontinue"), "migrate.continue", FALSE);
  _sluice_migrate_page_update_actions (self);
}

static void
rehearse_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  SluiceMigratePage *self = SLUICE_MIGRATE_PAGE (widget);

  g_clear_object (&self->rehearsal);
  if (self->runner == NULL || is_rollback (self) || !sandbox_running (self))
    return;
  self->rehearsal = sluice_runner_new_rehearsal (self->runner, self->sandbox);
  if (self->rehearsal == NULL)
    return;
  gtk_label_set_label (self->rehearsal_status, _("Cloning the schema into the sandbox…"));
  _sluice_migrate_page_new_cancellable (self);
  _sluice_migrate_page_begin_busy (self, _("Rehearsing on a copy in the sandbox…"));
  sluice_rehearsal_run_async (self->rehearsal, self->cancellable, rehearsal_cb, _sluice_migrate_op_new (self));
}

/* Run -------------------------------------------------------------------- */

static void
enter_run (SluiceMigratePage *self)
{
  GPtrArray *migrations = sluice_runner_get_migrations (self->runner);
  SluiceProfile *profile = _sluice_migrate_page_get_profile (self);
  guint n = count_migrations (self);
  gboolean typed = sluice_profile_get_guard (profile) == SLUICE_GUARD_STRICT ||
                   sluice_profile_get_environment (profile) == SLUICE_ENVIRONMENT_PROD;
  g_autofree char *heading = NULL;
  g_autofree char *label = NULL;

  heading = is_rollback (self)
    ? g_strdup_printf (ngettext ("Ready to Revert %u Migration on “%s”", "Ready to Revert %u Migrations on “%s”", n),
                       n, database_name (self))
    : g_strdup_printf (ngettext ("Ready to Apply %u Migration to “%s”", "Ready to Apply %u Migrations to “%s”", n),
                       n, database_name (self));
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

  label = is_rollback (self)
    ? g_strdup_printf (ngettext ("_Revert %u Migration…", "_Revert %u Migrations…", n), n)
    : g_strdup_printf (ngettext ("_Run %u Migration…", "_Run %u Migrations…", n), n);
  _sluice_migrate_page_set_step_state (self, SLUICE_MIGRATE_STEP_RUN, SLUICE_STEP_STATE_ACTIVE);
  _sluice_migrate_page_set_buttons (self,
                                    typed ? _("This profile is guarded: the database’s name must be typed to run.")
                                          : _("Each migration runs under lock_timeout; the log shows every statement."),
                                    NULL, NULL, label, "migrate.run", typed);
  _sluice_migrate_page_show_step (self, SLUICE_MIGRATE_STEP_RUN);
}

static void enter_verify (SluiceMigratePage *self,
                          const GError      *error);

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
  self->run_cancelled = !done && is_cancelled (error);
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
  enter_verify (self, done ? NULL : error);
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

  heading = is_rollback (self) ? g_strdup_printf (_("Reverting on “%s”…"), database_name (self))
                               : g_strdup_printf (_("Applying to “%s”…"), database_name (self));
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

  if (is_rollback (self))
    return g_strdup_printf (ngettext ("Reverts %u migration (%s to %s) with its down SQL.",
                                      "Reverts %u migrations (%s to %s) with their down SQL.", n),
                            n, first, last);
  return g_strdup_printf (ngettext ("Applies %u migration (%s to %s).",
                                    "Applies %u migrations (%s to %s).", n), n, first, last);
}

static void
run_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  SluiceMigratePage *self = SLUICE_MIGRATE_PAGE (widget);
  g_autofree char *text = run_action_text (self);

  _sluice_migrate_page_new_cancellable (self);
  _sluice_migrate_page_begin_busy (self, _("Waiting for the confirmation…"));
  sluice_guard_confirm_async (_sluice_migrate_page_get_window (self), _sluice_migrate_page_get_profile (self),
                              database_name (self), text, self->cancellable, guard_cb,
                              _sluice_migrate_op_new (self));
}

/* Verify ----------------------------------------------------------------- */

static void
fill_verify_list (SluiceMigratePage *self)
{
  g_auto(GStrv) undeclared = sluice_runner_get_undeclared_changes (self->runner);
  g_auto(GStrv) tables = sluice_runner_get_tables_to_analyze (self->runner);
  const char * const *invalid = sluice_runner_get_invalid_indexes (self->runner);
  const char * const *done = sluice_runner_get_done (self->runner);
  const char *failed = sluice_runner_get_failed_version (self->runner);
  GPtrArray *migrations = sluice_runner_get_migrations (self->runner);
  g_autoptr(GPtrArray) not_run = g_ptr_array_new ();

  /* The migrations the run never reached: after a failure, or a cancel
   * between two migrations (when nothing failed). */
  for (guint i = 0; migrations != NULL && i < migrations->len; i++)
    {
      const char *version = sluice_migration_get_version (g_ptr_array_index (migrations, i));

      if (g_strcmp0 (version, failed) != 0 &&
          (done == NULL || !g_strv_contains (done, version)))
        g_ptr_array_add (not_run, (gpointer) version);
    }

  _sluice_migrate_page_clear_list (self->verify_list);

  if (done != NULL && done[0] != NULL)
    {
      g_autofree char *joined = g_strjoinv (", ", (char **) done);
      guint n_done = g_strv_length ((char **) done);
      g_autofree char *title = is_rollback (self)
        ? g_strdup_printf (ngettext ("%u migration reverted", "%u migrations reverted", n_done), n_done)
        : g_strdup_printf (ngettext ("%u migration done", "%u migrations done", n_done), n_done);

      gtk_list_box_append (self->verify_list,
                           _sluice_migrate_page_row_new (title, joined, "emblem-ok-symbolic", "success"));
    }
  if (failed != NULL)
    {
      g_autofree char *title = is_rollback (self) ? g_strdup_printf (_("%s was not reverted"), failed)
                                                  : g_strdup_printf (_("%s was not applied"), failed);

      gtk_list_box_append (self->verify_list,
                           _sluice_migrate_page_row_new (title,
                                                         self->run_cancelled
                                                         ? _("The run was cancelled during it, so the history does "
                                                             "not record it as done; the message above says what "
                                                             "of it, if anything, remains.")
                                                         : _("It failed, so the history does not record it as "
                                                             "done; the message above says what of it, if "
                                                             "anything, remains."),
                                                         "dialog-error-symbolic", "error"));
    }
  if (not_run->len > 0)
    {
      g_autofree char *joined = NULL;
      g_autofree char *title = self->run_cancelled
        ? g_strdup_printf (ngettext ("%u migration not run: the run was cancelled",
                                     "%u migrations not run: the run was cancelled", not_run->len),
                           not_run->len)
        : g_strdup_printf (ngettext ("%u migration not run", "%u migrations not run", not_run->len),
                           not_run->len);

      g_ptr_array_add (not_run, NULL);
      joined = g_strjoinv (", ", (char **) not_run->pdata);
      gtk_list_box_append (self->verify_list,
                           _sluice_migrate_page_row_new (title, joined, "dialog-information-symbolic", NULL));
    }
  for (guint i = 0; undeclared != NULL && undeclared[i] != NULL; i++)
    {
      g_autofree char *title = g_strdup_printf (_("%s changed, but no statement names it"), undeclared[i]);

      gtk_list_box_append (self->verify_list,
                           _sluice_migrate_page_row_new (title, _("A trigger, an event trigger or a cascade did "
                                                                  "it: check it is meant."),
                                                         "dialog-warning-symbolic", "warning"));
    }
  for (guint i = 0; invalid != NULL && invalid[i] != NULL; i++)
    {
      g_autofree char *title = g_strdup_printf (_("Invalid index left by the failed build: %s"), invalid[i]);

      gtk_list_box_append (self->verify_list,
                           _sluice_migrate_page_row_new (title, _("It is kept up to date on every write but "
                                                                  "never used. Drop it, then build it again."),
                                                         "dialog-error-symbolic", "error"));
    }
  if (tables != NULL && tables[0] != NULL)
    {
      g_autofree char *joined = g_strjoinv (", ", tables);

      gtk_list_box_append (self->verify_list,
                           _sluice_migrate_page_row_new (self->analyzed ? _("Statistics updated with ANALYZE")
                                                                        : _("Statistics are out of date"),
                                                         joined, self->analyzed ? "emblem-ok-symbolic"
                                                                                : "dialog-information-symbolic",
                                                         self->analyzed ? "success" : NULL));
    }
  gtk_widget_set_visible (GTK_WIDGET (self->verify_list),
                          gtk_widget_get_first_child (GTK_WIDGET (self->verify_list)) != NULL);
}

static void
update_verify_buttons (SluiceMigratePage *self)
{
  g_auto(GStrv) tables = sluice_runner_get_tables_to_analyze (self->runner);
  const char * const *invalid = sluice_runner_get_invalid_indexes (self->runner);
  guint n_tables = tables != NULL ? g_strv_length (tables) : 0;
  g_autofree char *analyze = g_strdup_printf (ngettext ("_ANALYZE %u Table", "_ANALYZE %u Tables", n_tables),
                                              n_tables);
  gboolean offer_analyze = n_tables > 0 && !self->analyzed;
  /* After a rollback the target is the current version: planning it
   * again would find nothing to revert, so "Done" shows what is now
   * pending instead. */
  const char *done_action = is_rollback (self) ? "migrate.migrate-mode" : "migrate.reload";

  _sluice_migrate_page_set_buttons (self,
                                    offer_analyze ? _("The planner knows nothing yet of what the run changed.")
                                                  : _("Compared with the snapshot taken before the run."),
                                    invalid != NULL && invalid[0] != NULL ? _("_Drop Invalid Indexes…") : NULL,
                                    "migrate.drop-invalid-indexes",
                                    offer_analyze ? analyze : _("_Done"),
                                    offer_analyze ? "migrate.analyze" : done_action, FALSE);
}

static void
enter_verify (SluiceMigratePage *self,
              const GError      *error)
{
  const char *failed = sluice_runner_get_failed_version (self->runner);
  const char * const *done = sluice_runner_get_done (self->runner);
  g_autofree char *summary = sluice_runner_describe_changes (self->runner);
  g_autofree char *heading = NULL;
  g_autofree char *text = NULL;
  g_auto(GStrv) undeclared = sluice_runner_get_undeclared_changes (self->runner);

  if (error == NULL && is_rollback (self))
    heading = g_strdup_printf (_("Rolled Back to %s"), sluice_rollback_plan_get_target_version (self->plan));
  else if (error == NULL && done != NULL && done[0] != NULL)
    heading = g_strdup_printf (_("Migrated to %s"), done[g_strv_length ((char **) done) - 1]);
  else if (error == NULL)
    heading = g_strdup (_("Migrated"));
  else if (self->run_cancelled && failed != NULL)
    heading = g_strdup_printf (_("The Run Was Cancelled at %s"), failed);
  else if (self->run_cancelled)
    heading = g_strdup (_("The Run Was Cancelled"));
  else if (failed != NULL)
    heading = g_strdup_printf (_("The Run Stopped at %s"), failed);
  else
    heading = g_strdup (_("The Run Did Not Complete"));

  if (error != NULL)
    {
      g_autofree char *message = sluice_error_text_describe (error);

      _sluice_migrate_page_set_error (self, message);
      text = summary != NULL ? g_strdup_printf ("%s\n\n%s", message, summary) : g_strdup (message);
    }
  else
    text = g_strdup (summary != NULL ? summary : _("No snapshot was compared."));

  gtk_label_set_label (self->verify_heading, heading);
  gtk_label_set_label (self->verify_summary, text);
  fill_verify_list (self);
  update_verify_buttons (self);

  _sluice_migrate_page_set_step_state (self, SLUICE_MIGRATE_STEP_VERIFY,
                                       error != NULL ? SLUICE_STEP_STATE_FAILED :
                                       undeclared != NULL && undeclared[0] != NULL ? SLUICE_STEP_STATE_WARNING :
                                       SLUICE_STEP_STATE_DONE);
  _sluice_migrate_page_show_step (self, SLUICE_MIGRATE_STEP_VERIFY);
}

static void
analyze_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(SluiceMigrateOp) op = user_data;
  SluiceMigratePage *self = op->self;
  g_autoptr(GError) error = NULL;
  gboolean done = sluice_runner_analyze_finish (SLUICE_RUNNER (object), result, &error);

  if (!_sluice_migrate_op_is_current (op))
    return;
  _sluice_migrate_page_end_busy (self);

  if (done)
    {
      self->analyzed = TRUE;
      _sluice_migrate_page_set_status (self, _("ANALYZE done: the planner has fresh statistics."));
    }
  else if (is_cancelled (error))
    _sluice_migrate_page_set_status (self, _("ANALYZE cancelled; the statistics may be out of date still."));
  else
    {
      g_autofree char *message = sluice_error_text_describe (error);

      _sluice_migrate_page_set_error (self, message);
      _sluice_migrate_page_set_status (self, _("ANALYZE failed; the statistics may be out of date still."));
      _sluice_migrate_page_show_message (self, _("ANALYZE Failed"), message);
    }
  fill_verify_list (self);
  update_verify_buttons (self);
  _sluice_migrate_page_update_actions (self);
}

static void
analyze_guard_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(SluiceMigrateOp) op = user_data;
  SluiceMigratePage *self = op->self;
  g_autoptr(GError) error = NULL;
  gboolean confirmed = sluice_guard_confirm_finish (result, &error);

  if (!_sluice_migrate_op_is_current (op))
    return;
  if (!confirmed)
    {
      _sluice_migrate_page_end_busy (self);
      _sluice_migrate_page_set_status (self, _("ANALYZE not run: the confirmation was declined. Nothing was "
                                               "changed."));
      return;
    }
  _sluice_migrate_page_set_status (self, _("Running ANALYZE on the tables the run changed…"));
  sluice_runner_analyze_async (self->runner, self->cancellable, analyze_cb, g_steal_pointer (&op));
}

/* ANALYZE writes statistics and takes locks: on a guarded profile it is
 * confirmed like every other write. */
static void
analyze_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  SluiceMigratePage *self = SLUICE_MIGRATE_PAGE (widget);
  g_auto(GStrv) tables = sluice_runner_get_tables_to_analyze (self->runner);
  g_autofree char *joined = tables != NULL ? g_strjoinv (", ", tables) : g_strdup ("");
  g_autofree char *text = g_strdup_printf (_("Runs ANALYZE on %s."), joined);

  _sluice_migrate_page_new_cancellable (self);
  _sluice_migrate_page_begin_busy (self, _("Waiting for the confirmation…"));
  sluice_guard_confirm_async (_sluice_migrate_page_get_window (self), _sluice_migrate_page_get_profile (self),
                              database_name (self), text, self->cancellable, analyze_guard_cb,
                              _sluice_migrate_op_new (self));
}

static void
drop_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(SluiceMigrateOp) op = user_data;
  SluiceMigratePage *self = op->self;
  g_autoptr(GError) error = NULL;
  gboolean done = sluice_runner_drop_invalid_indexes_finish (SLUICE_RUNNER (object), result, &error);

  if (!_sluice_migrate_op_is_current (op))
    return;
  _sluice_migrate_page_end_busy (self);

  if (done)
    _sluice_migrate_page_set_status (self, _("The invalid indexes were dropped."));
  else if (is_cancelled (error))
    _sluice_migrate_page_set_status (self, _("Cancelled; the invalid indexes that were not dropped yet are "
                                             "listed below."));
  else
    {
      g_autofree char *message = sluice_error_text_describe (error);

      _sluice_migrate_page_set_error (self, message);
      _sluice_migrate_page_set_status (self, _("Could not drop the invalid indexes; those left are listed below."));
      _sluice_migrate_page_show_message (self, _("Could Not Drop the Invalid Indexes"), message);
    }
  fill_verify_list (self);
  update_verify_buttons (self);
  _sluice_migrate_page_update_actions (self);
}

static void
drop_guard_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(SluiceMigrateOp) op = user_data;
  SluiceMigratePage *self = op->self;
  g_autoptr(GError) error = NULL;
  gboolean confirmed = sluice_guard_confirm_finish (result, &error);

  if (!_sluice_migrate_op_is_current (op))
    return;
  if (!confirmed)
    {
      _sluice_migrate_page_end_busy (self);
      _sluice_migrate_page_set_status (self, _("Not dropped: the confirmation was declined. Nothing was changed."));
      return;
    }
  _sluice_migrate_page_set_status (self, _("Dropping the invalid indexes…"));
  sluice_runner_drop_invalid_indexes_async (self->runner, self->cancellable, drop_cb, g_steal_pointer (&op));
}

static void
drop_invalid_indexes_action (GtkWidget  *widget,
                             const char *action_name,
                             GVariant   *parameter)
{
  SluiceMigratePage *self = SLUICE_MIGRATE_PAGE (widget);
  const char * const *invalid = sluice_runner_get_invalid_indexes (self->runner);
  g_autofree char *joined = g_strjoinv (", ", (char **) invalid);
  g_autofree char *text = g_strdup_printf (_("Drops the invalid indexes %s with DROP INDEX CONCURRENTLY."), joined);

  _sluice_migrate_page_new_cancellable (self);
  _sluice_migrate_page_begin_busy (self, _("Waiting for the confirmation…"));
  sluice_guard_confirm_async (_sluice_migrate_page_get_window (self), _sluice_migrate_page_get_profile (self),
                              database_name (self), text, self->cancellable, drop_guard_cb,
                              _sluice_migrate_op_new (self));
}

/* Going on, and stopping ------------------------------------------------- */

void
_sluice_migrate_page_enter_step (SluiceMigratePage *self,
                                 SluiceMigrateStep  step)
{
  switch (step)
    {
    case SLUICE_MIGRATE_STEP_LINT:
      enter_lint (self);
      break;
    case SLUICE_MIGRATE_STEP_BACKUP:
      enter_backup (self);
      break;
    case SLUICE_MIGRATE_STEP_REHEARSAL:
      enter_rehearsal (self);
      break;
    case SLUICE_MIGRATE_STEP_RUN:
      enter_run (self);
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
  gtk_widget_class_install_action (widget_class, "migrate.start", NULL, start_action);
  gtk_widget_class_install_action (widget_class, "migrate.continue", NULL, continue_action);
  gtk_widget_class_install_action (widget_class, "migrate.take-backup", NULL, take_backup_action);
  gtk_widget_class_install_action (widget_class, "migrate.skip-backup", NULL, skip_backup_action);
  gtk_widget_class_install_action (widget_class, "migrate.rehearse", NULL, rehearse_action);
  gtk_widget_class_install_action (widget_class, "migrate.run", NULL, run_action);
  gtk_widget_class_install_action (widget_class, "migrate.cancel", NULL, cancel_action);
  gtk_widget_class_install_action (widget_class, "migrate.analyze", NULL, analyze_action);
  gtk_widget_class_install_action (widget_class, "migrate.drop-invalid-indexes", NULL, drop_invalid_indexes_action);
}

/* Called from the page's init, once its template children exist. */
void
_sluice_migrate_page_init_steps (SluiceMigratePage *self)
{
  ui_thread = g_thread_self ();
  g_signal_connect_object (self->lint_acknowledge, "toggled", G_CALLBACK (on_acknowledge_toggled), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->backup_reason_row, "changed", G_CALLBACK (on_reason_changed), self,
                           G_CONNECT_SWAPPED);
}
