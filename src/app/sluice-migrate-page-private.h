/* sluice-migrate-page-private.h: what the Migrate page
 * (sluice-migrate-page.c) shares with its parts: the plan
 * (sluice-migrate-page-plan.c), the steps of the run as a whole
 * (sluice-migrate-page-steps.c), its runner (-runner.c), each step
 * (-preflight.c, -lint.c, -backup.c, -rehearsal.c, -run.c, -verify.c,
 * -verify-actions.c) and the live log (sluice-migrate-page-log.c)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "sluice-migrate-page.h"

G_BEGIN_DECLS

typedef enum
{
  SLUICE_MIGRATE_STEP_PLAN,
  SLUICE_MIGRATE_STEP_PREFLIGHT,
  SLUICE_MIGRATE_STEP_LINT,
  SLUICE_MIGRATE_STEP_BACKUP,
  SLUICE_MIGRATE_STEP_REHEARSAL,
  SLUICE_MIGRATE_STEP_RUN,
  SLUICE_MIGRATE_STEP_VERIFY,
  SLUICE_MIGRATE_N_STEPS
} SluiceMigrateStep;

typedef enum
{
  SLUICE_STEP_STATE_TODO,
  SLUICE_STEP_STATE_ACTIVE,
  SLUICE_STEP_STATE_DONE,
  SLUICE_STEP_STATE_WARNING,
  SLUICE_STEP_STATE_FAILED,
  SLUICE_STEP_STATE_SKIPPED,
} SluiceStepState;

struct _SluiceMigratePage
{
  GtkWidget              parent_instance;

  SluiceSession         *session;
  SluiceSession         *pending_session;   /* chosen during a run: shown after it */
  gboolean               session_pending;
  GApplication          *held_application;  /* held while a run writes */
  SluiceSandbox         *sandbox;
  SluiceConnection      *connection;
  SluiceMigrationFolder *folder;
  SluiceHistory         *history;
  SluiceStatusReport    *report;
  SluiceRollbackPlan    *plan;
  SluiceRunner          *runner;
  SluiceBackup          *backup;
  SluiceRehearsal       *rehearsal;
  GListStore            *log;
  GCancellable          *cancellable;       /* the operation in flight */
  char                  *error;
  char                  *rollback_target;   /* NULL: an up run */
  guint                  generation;        /* bumped when what is shown is dropped */
  guint                  busy;
  gboolean               dirty;
  gboolean               disposed;
  gboolean               executed;
  gboolean               executing;
  gboolean               run_cancelled;
  gboolean               preflight_passed;
  gboolean               backup_settled;
  gboolean               rehearsed;
  gboolean               analyzed;
  SluiceMigrateStep      step;
  SluiceStepState        step_states[SLUICE_MIGRATE_N_STEPS];
  GtkWidget             *step_rows[SLUICE_MIGRATE_N_STEPS];
  guint                  scroll_idle;

  /* Header */
  GtkLabel              *title_label;
  GtkLabel              *status_label;
  GtkSpinner            *spinner;
  GtkWidget             *cancel_button;
  GtkWidget             *mode_button;

  /* Page states */
  GtkStack              *main_stack;
  GtkLabel              *loading_label;
  AdwStatusPage         *error_page;
  GtkLabel              *error_label;
  GtkBox                *steps_box;
  GtkStack              *step_stack;
  GtkLabel              *hint_label;
  GtkButton             *secondary_button;
  GtkButton             *primary_button;

  /* Plan */
  GtkLabel              *plan_heading;
  GtkLabel              *plan_description;
  GtkLabel              *plan_warning;
  GtkListBox            *plan_list;

  /* Preflight */
  GtkLabel              *preflight_heading;
  GtkListBox            *preflight_list;

  /* Lint */
  GtkLabel              *lint_heading;
  GtkListBox            *lint_list;
  GtkCheckButton        *lint_acknowledge;

  /* Backup */
  GtkLabel              *backup_heading;
  AdwEntryRow           *backup_folder_row;
  GtkSwitch             *backup_whole_switch;
  AdwActionRow          *backup_whole_row;
  AdwEntryRow           *backup_reason_row;
  GtkProgressBar        *backup_progress;
  GtkLabel              *backup_status;

  /* Rehearsal */
  GtkLabel              *rehearsal_heading;
  GtkLabel              *rehearsal_status;
  GtkListBox            *rehearsal_list;

  /* Run */
  GtkLabel              *run_heading;
  GtkListBox            *run_list;
  GtkRevealer           *waiting_revealer;
  GtkLabel              *waiting_label;
  GtkRevealer           *progress_revealer;
  GtkProgressBar        *index_progress;
  GtkLabel              *progress_label;

  /* Verify */
  GtkLabel              *verify_heading;
  GtkLabel              *verify_summary;
  GtkListBox            *verify_list;

  /* Log */
  GtkListView           *log_view;
  GtkScrolledWindow     *log_scroller;
  GtkWidget             *log_empty_label;
};

enum {
  PROP_0,
  PROP_SESSION,
  PROP_SANDBOX,
  PROP_STEP,
  PROP_BUSY,
  PROP_DIRECTION,
  N_PROPS
};

/* An asynchronous operation of the page: it holds the page, and is
 * stale once the page was disposed or moved on to another profile. */
typedef struct
{
  SluiceMigratePage *self;
  guint              generation;
} SluiceMigrateOp;

SluiceMigrateOp   *_sluice_migrate_op_new                (SluiceMigratePage *self);
void               _sluice_migrate_op_free               (SluiceMigrateOp   *op);
gboolean           _sluice_migrate_op_is_current         (SluiceMigrateOp   *op);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SluiceMigrateOp, _sluice_migrate_op_free)

/* The page (sluice-migrate-page.c) */
void               _sluice_migrate_page_notify           (SluiceMigratePage *self,
                                                          guint              prop_id);
SluiceProfile     *_sluice_migrate_page_get_profile      (SluiceMigratePage *self);
GtkWindow         *_sluice_migrate_page_get_window       (SluiceMigratePage *self);
void               _sluice_migrate_page_set_status       (SluiceMigratePage *self,
                                                          const char        *status);
void               _sluice_migrate_page_set_error        (SluiceMigratePage *self,
                                                          const char        *message);
void               _sluice_migrate_page_begin_busy       (SluiceMigratePage *self,
                                                          const char        *status);
void               _sluice_migrate_page_end_busy         (SluiceMigratePage *self);
GCancellable      *_sluice_migrate_page_new_cancellable  (SluiceMigratePage *self);
void               _sluice_migrate_page_show_step        (SluiceMigratePage *self,
                                                          SluiceMigrateStep  step);
void               _sluice_migrate_page_set_step_state   (SluiceMigratePage *self,
                                                          SluiceMigrateStep  step,
                                                          SluiceStepState    state);
void               _sluice_migrate_page_set_buttons      (SluiceMigratePage *self,
                                                          const char        *hint,
                                                          const char        *secondary_label,
                                                          const char        *secondary_action,
                                                          const char        *primary_label,
                                                          const char        *primary_action,
                                                          gboolean           destructive);
void               _sluice_migrate_page_update_actions   (SluiceMigratePage *self);
void               _sluice_migrate_page_clear_list       (GtkListBox        *list);
GtkWidget         *_sluice_migrate_page_row_new          (const char        *title,
                                                          const char        *subtitle,
                                                          const char        *icon_name,
                                                          const char        *css_class);
void               _sluice_migrate_page_show_message     (SluiceMigratePage *self,
                                                          const char        *heading,
                                                          const char        *body);

/* The plan (sluice-migrate-page-plan.c) */
void               _sluice_migrate_page_show_plan        (SluiceMigratePage *self);
void               _sluice_migrate_page_plan_rollback    (SluiceMigratePage *self);
guint              _sluice_migrate_page_count_pending    (SluiceMigratePage *self);

/* The steps as a whole (sluice-migrate-page-steps.c) */
void               _sluice_migrate_page_class_steps_init (GtkWidgetClass    *widget_class);
void               _sluice_migrate_page_init_steps       (SluiceMigratePage *self);
void               _sluice_migrate_page_enter_step       (SluiceMigratePage *self,
                                                          SluiceMigrateStep  step);
gboolean           _sluice_migrate_page_is_cancelled     (const GError      *error);
gboolean           _sluice_migrate_page_is_rollback      (SluiceMigratePage *self);
const char        *_sluice_migrate_page_get_database     (SluiceMigratePage *self);
gboolean           _sluice_migrate_page_sandbox_running  (SluiceMigratePage *self);

/* The runner and its events (sluice-migrate-page-runner.c) */
void               _sluice_migrate_page_init_runner      (SluiceMigratePage *self);
void               _sluice_migrate_page_new_runner       (SluiceMigratePage *self);
void               _sluice_migrate_page_drop_runner      (SluiceMigratePage *self);

/* Preflight (sluice-migrate-page-preflight.c): "migrate.start" */
void               _sluice_migrate_page_start_action     (GtkWidget         *widget,
                                                          const char        *action_name,
                                                          GVariant          *parameter);

/* Lint (sluice-migrate-page-lint.c) */
void               _sluice_migrate_page_init_lint        (SluiceMigratePage *self);
void               _sluice_migrate_page_enter_lint       (SluiceMigratePage *self);

/* Backup (sluice-migrate-page-backup.c) */
void               _sluice_migrate_page_init_backup      (SluiceMigratePage *self);
void               _sluice_migrate_page_enter_backup     (SluiceMigratePage *self);
void               _sluice_migrate_page_take_backup_action (GtkWidget         *widget,
                                                            const char        *action_name,
                                                            GVariant          *parameter);
void               _sluice_migrate_page_skip_backup_action (GtkWidget         *widget,
                                                            const char        *action_name,
                                                            GVariant          *parameter);

/* Rehearsal (sluice-migrate-page-rehearsal.c) */
void               _sluice_migrate_page_enter_rehearsal  (SluiceMigratePage *self);
void               _sluice_migrate_page_rehearse_action  (GtkWidget         *widget,
                                                          const char        *action_name,
                                                          GVariant          *parameter);

/* Run (sluice-migrate-page-run.c) */
void               _sluice_migrate_page_enter_run        (SluiceMigratePage *self);
void               _sluice_migrate_page_run_action       (GtkWidget         *widget,
                                                          const char        *action_name,
                                                          GVariant          *parameter);

/* Verify (sluice-migrate-page-verify.c, -verify-actions.c) */
void               _sluice_migrate_page_enter_verify     (SluiceMigratePage *self,
                                                          const GError      *error);
void               _sluice_migrate_page_refresh_verify   (SluiceMigratePage *self);
void               _sluice_migrate_page_analyze_action   (GtkWidget         *widget,
                                                          const char        *action_name,
                                                          GVariant          *parameter);
void               _sluice_migrate_page_drop_invalid_indexes_action (GtkWidget         *widget,
                                                                     const char        *action_name,
                                                                     GVariant          *parameter);

/* The live log (sluice-migrate-page-log.c) */
void               _sluice_migrate_page_init_log         (SluiceMigratePage *self);
void               _sluice_migrate_page_log_event        (SluiceMigratePage *self,
                                                          SluiceRunEvent    *event);
void               _sluice_migrate_page_log_line         (SluiceMigratePage *self,
                                                          SluiceRunEventKind kind,
                                                          const char        *message);

G_END_DECLS
