/* sluice-runner.c: a guided migration run, step by step
 *
 * The object, its settings, the lint and backup bookkeeping, and the
 * execution step: on a connection of the run's own, Sluice's advisory
 * lock, pre-snapshot, the executor watched by a run monitor on a second
 * connection, post-snapshot, then verification (sluice-runner-verify.c).
 * Preflight lives in sluice-runner-preflight.c.
 *
 * A migration without a down script gets a pre-snapshot of its own (the
 * run is cut into segments there, each with its own executor), because a
 * rollback plan reverts it with the DDL back to the schema just before
 * it ran.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "sluice-connection-private.h"
#include "sluice-error.h"
#include "sluice-run-monitor.h"
#include "sluice-runner-private.h"

#define NOT_SET G_MAXUINT
/* What the lint may take lock_timeout as when the profile has none: the
 * issue's default for prod. */
#define PROD_DEFAULT_LOCK_TIMEOUT_MS 5000
#define MONITOR_INTERVAL_MS 250
#define MONITOR_REPEAT_US (2 * G_USEC_PER_SEC)

G_DEFINE_FINAL_TYPE (SluiceRunner, sluice_runner, G_TYPE_OBJECT)

enum {
  EVENT,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

void
sluice_preflight_check_free (SluicePreflightCheck *check)
{
  if (check == NULL)
    return;
  g_free (check->id);
  g_free (check->title);
  g_free (check->message);
  g_free (check);
}

static void
sluice_runner_finalize (GObject *object)
{
  SluiceRunner *self = (SluiceRunner *)object;

  g_clear_object (&self->profile);
  g_clear_object (&self->connection);
  g_clear_object (&self->folder);
  g_clear_pointer (&self->target_version, g_free);
  g_clear_object (&self->plan);
  g_clear_pointer (&self->migrations, g_ptr_array_unref);
  g_clear_pointer (&self->checks, g_ptr_array_unref);
  g_clear_object (&self->status);
  g_clear_pointer (&self->relations, g_strfreev);
  g_clear_pointer (&self->findings, g_ptr_array_unref);
  g_clear_object (&self->backup);
  g_clear_pointer (&self->skip_reason, g_free);
  g_clear_object (&self->executor);
  g_clear_pointer (&self->done, g_strfreev);
  g_clear_pointer (&self->failed_version, g_free);
  g_clear_object (&self->before);
  g_clear_object (&self->after);
  g_clear_object (&self->diff);

  G_OBJECT_CLASS (sluice_runner_parent_class)->finalize (object);
}

static void
sluice_runner_class_init (SluiceRunnerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = sluice_runner_finalize;

  /**
   * SluiceRunner::event:
   * @event: a SluiceRunEvent
   *
   * One line of the run's log, from every step, as it happens.
   */
  signals[EVENT] =
    g_signal_new ("event",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, SLUICE_TYPE_RUN_EVENT);
}

static void
sluice_runner_init (SluiceRunner *self)
{
  self->migrations = g_ptr_array_new_with_free_func (g_object_unref);
  self->checks = g_ptr_array_new_with_free_func ((GDestroyNotify) sluice_preflight_check_free);
  self->lock_timeout_ms = NOT_SET;
  self->statement_timeout_ms = NOT_SET;
  self->lock_retries = NOT_SET;
  self->done = g_new0 (char *, 1);
}

/* Events */

void
_sluice_runner_emit_event (SluiceRunner   *self,
                           SluiceRunEvent *event)
{
  g_signal_emit (self, signals[EVENT], 0, event);
}

void
_sluice_runner_emit (SluiceRunner       *self,
                     SluiceRunEventKind  kind,
                     const char         *version,
                     const char         *message)
{
  g_autoptr(SluiceRunEvent) event = sluice_run_event_new (kind, version, message);

  _sluice_runner_emit_event (self, event);
}

const char *
_sluice_runner_migration_sql (SluiceRunner    *self,
                              SluiceMigration *migration)
{
  if (self->direction == SLUICE_RUN_DOWN)
    return sluice_migration_get_down_sql (migration);
  return sluice_migration_get_up_sql (migration);
}

/* Construction */

static SluiceRunner *
runner_new (SluiceRunDirection     direction,
            SluiceProfile         *profile,
            SluiceConnection      *connection,
            SluiceMigrationFolder *folder)
{
  SluiceRunner *self;

  g_return_val_if_fail (SLUICE_IS_PROFILE (profile), NULL);
  g_return_val_if_fail (SLUICE_IS_CONNECTION (connection), NULL);
  g_return_val_if_fail (SLUICE_IS_MIGRATION_FOLDER (folder), NULL);

  self = g_object_new (SLUICE_TYPE_RUNNER, NULL);
  self->direction = direction;
  self->profile = g_object_ref (profile);
  self->connection = g_object_ref (connection);
  self->folder = g_object_ref (folder);
  return self;
}

SluiceRunner *
sluice_runner_new_migrate (SluiceProfile         *profile,
                           SluiceConnection      *connection,
                           SluiceMigrationFolder *folder,
                           const char            *target_version)
{
  SluiceRunner *self = runner_new (SLUICE_RUN_UP, profile, connection, folder);
  GListModel *migrations;
  guint n;

  if (self == NULL)
    return NULL;

  if (target_version != NULL && *target_version != '\0')
    self->target_version = g_strdup (target_version);

  /* Until preflight tells which are pending: every migration up to the
   * target, so that lint has something to read before. */
  migrations = sluice_migration_folder_get_migrations (folder);
  n = g_list_model_get_n_items (migrations);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SluiceMigration) migration = g_list_model_get_item (migrations, i);

      if (self->target_version != NULL &&
          sluice_migration_get_kind (migration) == SLUICE_MIGRATION_VERSIONED &&
          sluice_version_compare (sluice_migration_get_version (migration), self->target_version) > 0)
        continue;
      g_ptr_array_add (self->migrations, g_steal_pointer (&migration));
    }

  return self;
}

SluiceRunner *
sluice_runner_new_rollback (SluiceProfile         *profile,
                            SluiceConnection      *connection,
                            SluiceMigrationFolder *folder,
                            SluiceRollbackPlan    *plan)
{
  SluiceRunner *self;
  GPtrArray *steps;

  g_return_val_if_fail (SLUICE_IS_ROLLBACK_PLAN (plan), NULL);

  self = runner_new (SLUICE_RUN_DOWN, profile, connection, folder);
  if (self == NULL)
    return NULL;

  self->plan = g_object_ref (plan);
  self->target_version = g_strdup (sluice_rollback_plan_get_target_version (plan));

  steps = sluice_rollback_plan_get_steps (plan);
  for (guint i = 0; steps != NULL && i < steps->len; i++)
    g_ptr_array_add (self->migrations, g_object_ref (g_ptr_array_index (steps, i)));

  return self;
}

SluiceRunDirection
sluice_runner_get_direction (SluiceRunner *self)
{
  g_return_val_if_fail (SLUICE_IS_RUNNER (self), SLUICE_RUN_UP);
  return self->direction;
}

SluiceProfile *
sluice_runner_get_profile (SluiceRunner *self)
{
  g_return_val_if_fail (SLUICE_IS_RUNNER (self), NULL);
  return self->profile;
}

GPtrArray *
sluice_runner_get_migrations (SluiceRunner *self)
{
  g_return_val_if_fail (SLUICE_IS_RUNNER (self), NULL);
  return self->migrations;
}

/* Settings */

void
sluice_runner_set_lock_timeout_ms (SluiceRunner *self,
                                   guint         ms)
{
  g_return_if_fail (SLUICE_IS_RUNNER (self));
  self->lock_timeout_ms = ms;
}

void
sluice_runner_set_statement_timeout_ms (SluiceRunner *self,
                                        guint         ms)
{
  g_return_if_fail (SLUICE_IS_RUNNER (self));
  self->statement_timeout_ms = ms;
}

void
sluice_runner_set_lock_retries (SluiceRunner *self,
                                guint         retries)
{
  g_return_if_fail (SLUICE_IS_RUNNER (self));
  self->lock_retries = retries;
}

static gboolean
is_prod (SluiceRunner *self)
{
  return sluice_profile_get_environment (self->profile) == SLUICE_ENVIRONMENT_PROD ||
         sluice_profile_get_guard (self->profile) == SLUICE_GUARD_STRICT;
}

static guint
effective_lock_timeout_ms (SluiceRunner *self)
{
  guint ms;

  if (self->lock_timeout_ms != NOT_SET)
    return self->lock_timeout_ms;

  ms = sluice_profile_get_lock_timeout_ms (self->profile);
  if (ms == 0 && sluice_profile_get_environment (self->profile) == SLUICE_ENVIRONMENT_PROD)
    ms = PROD_DEFAULT_LOCK_TIMEOUT_MS;
  return ms;
}

static guint
effective_statement_timeout_ms (SluiceRunner *self)
{
  if (self->statement_timeout_ms != NOT_SET)
    return self->statement_timeout_ms;
  return sluice_profile_get_statement_timeout_ms (self->profile);
}

/* Lint */

/* The line where @text starts in the file at @path; 0 when it is not there. */
static guint
line_of_text (const char *path,
              const char *text)
{
  g_autofree char *contents = NULL;
  const char *found;
  guint line = 1;

  if (!g_file_get_contents (path, &contents, NULL, NULL))
    return 0;
  found = strstr (contents, text);
  if (found == NULL)
    return 0;
  for (const char *p = contents; p < found; p++)
    if (*p == '\n')
      line++;
  return line;
}

static GPtrArray *
lint_migration (SluiceRunner    *self,
                SluiceLint      *lint,
                SluiceMigration *migration)
{
  const char * const *files;
  SluiceLintSource source = { 0 };
  const char *sql;

  if (self->direction == SLUICE_RUN_UP)
    return sluice_lint_check_migration (lint, migration);

  /* A down script: its own file when it has one (the second file), else
   * the up file's; the position of the down text in it is not known. */
  sql = sluice_migration_get_down_sql (migration);
  if (sql == NULL)
    return g_ptr_array_new_with_free_func ((GDestroyNotify) sluice_lint_finding_free);

  files = sluice_migration_get_files (migration);
  if (files != NULL && files[0] != NULL)
    {
      source.file = files[1] != NULL ? files[1] : files[0];
      source.first_line = line_of_text (source.file, sql);
      /* Not found where it was read from: no position is better than a wrong one. */
      if (source.first_line == 0)
        source.file = NULL;
    }
  source.transactional = sluice_migration_get_transactional (migration);
  return sluice_lint_check_sql (lint, sql, &source);
}

static void
emit_lint_summary (SluiceRunner *self)
{
  guint n_errors = 0;
  guint n_warnings = 0;
  g_autofree char *summary = NULL;
  g_autofree char *errors = NULL;
  g_autofree char *warnings = NULL;

  for (guint i = 0; i < self->findings->len; i++)
    {
      const SluiceLintFinding *finding = g_ptr_array_index (self->findings, i);
      g_autofree char *line = NULL;

      if (finding->severity == SLUICE_LINT_SEVERITY_ERROR)
        n_errors++;
      else if (finding->severity == SLUICE_LINT_SEVERITY_WARNING)
        n_warnings++;
      else
        continue;

      line = g_strdup_printf ("%s:%u:%u %s [%s] %s",
                              finding->file != NULL ? finding->file : "-",
                              finding->line, finding->column,
                              sluice_lint_severity_to_string (finding->severity),
                              finding->rule, finding->message);
      _sluice_runner_emit (self, SLUICE_RUN_EVENT_WARNING, NULL, line);
    }

  errors = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u error", "%u errors", n_errors), n_errors);
  warnings = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u warning", "%u warnings", n_warnings), n_warnings);
  /* Translators: the first part counts errors, the second warnings */
  summary = g_strdup_printf (_("Lint: %s, %s."), errors, warnings);
  _sluice_runner_emit (self, SLUICE_RUN_EVENT_INFO, NULL, summary);
}

GPtrArray *
sluice_runner_lint (SluiceRunner *self)
{
  g_autoptr(SluiceLintConfig) config = NULL;
  g_autoptr(SluiceLint) lint = NULL;
  int server_version;

  g_return_val_if_fail (SLUICE_IS_RUNNER (self), NULL);

  config = sluice_lint_config_new_for_profile (self->profile);
  server_version = sluice_connection_get_server_version (self->connection);
  if (server_version > 0)
    sluice_lint_config_set_server_version (config, (guint) server_version);
  sluice_lint_config_set_runner_sets_lock_timeout (config, effective_lock_timeout_ms (self) > 0);
  lint = sluice_lint_new (config);

  g_clear_pointer (&self->findings, g_ptr_array_unref);
  self->findings = g_ptr_array_new_with_free_func ((GDestroyNotify) sluice_lint_finding_free);
  self->lint_acknowledged = FALSE;

  _sluice_runner_emit (self, SLUICE_RUN_EVENT_STEP, NULL, _("Lint"));
  for (guint i = 0; i < self->migrations->len; i++)
    {
      g_autoptr(GPtrArray) findings = lint_migration (self, lint, g_ptr_array_index (self->migrations, i));

      for (guint j = 0; j < findings->len; j++)
        g_ptr_array_add (self->findings, g_steal_pointer (&g_ptr_array_index (findings, j)));
      g_ptr_array_set_free_func (findings, NULL);
    }
  emit_lint_summary (self);

  return self->findings;
}

gboolean
sluice_runner_lint_blocks (SluiceRunner *self)
{
  g_return_val_if_fail (SLUICE_IS_RUNNER (self), FALSE);

  if (self->findings == NULL)
    sluice_runner_lint (self);

  /* RELAXED: the findings are read, nothing blocks. */
  if (sluice_profile_get_guard (self->profile) == SLUICE_GUARD_RELAXED)
    return FALSE;
  if (self->lint_acknowledged)
    return FALSE;
  return sluice_lint_findings_get_max_severity (self->findings) == SLUICE_LINT_SEVERITY_ERROR;
}

void
sluice_runner_acknowledge_lint (SluiceRunner *self)
{
  g_return_if_fail (SLUICE_IS_RUNNER (self));

  if (self->findings == NULL)
    sluice_runner_lint (self);
  self->lint_acknowledged = TRUE;
  _sluice_runner_emit (self, SLUICE_RUN_EVENT_WARNING, NULL,
                       _("The lint's errors were acknowledged: the run may go on."));
}

/* Backup */

gboolean
sluice_runner_backup_required (SluiceRunner *self)
{
  g_return_val_if_fail (SLUICE_IS_RUNNER (self), FALSE);
  return is_prod (self);
}

SluiceBackup *
sluice_runner_new_backup (SluiceRunner *self,
                          const char   *directory,
                          gboolean      whole_database)
{
  g_auto(GStrv) tables = NULL;

  g_return_val_if_fail (SLUICE_IS_RUNNER (self), NULL);
  g_return_val_if_fail (directory != NULL, NULL);

  if (!whole_database)
    {
      if (self->direction == SLUICE_RUN_UP)
        tables = sluice_backup_tables_touched (self->migrations);
      else
        tables = g_strdupv (self->relations);

      /* Nothing to back up table by table (only new tables): the whole
       * database is small then, and a dump with no table is refused. */
      if (tables != NULL && tables[0] == NULL)
        g_clear_pointer (&tables, g_strfreev);
    }

  return sluice_backup_new (self->connection, directory, (const char * const *) tables);
}

void
sluice_runner_set_backup (SluiceRunner *self,
                          SluiceBackup *backup)
{
  g_autofree char *message = NULL;

  g_return_if_fail (SLUICE_IS_RUNNER (self));
  g_return_if_fail (SLUICE_IS_BACKUP (backup));

  g_set_object (&self->backup, backup);
  g_clear_pointer (&self->skip_reason, g_free);

  message = g_strdup_printf (_("Backup taken: %s."), sluice_backup_get_path (backup));
  _sluice_runner_emit (self, SLUICE_RUN_EVENT_INFO, NULL, message);
}

void
sluice_runner_skip_backup (SluiceRunner *self,
                           const char   *reason)
{
  g_autofree char *message = NULL;

  g_return_if_fail (SLUICE_IS_RUNNER (self));

  g_clear_object (&self->backup);
  g_free (self->skip_reason);
  self->skip_reason = reason != NULL ? g_strstrip (g_strdup (reason)) : NULL;

  if (self->skip_reason != NULL && *self->skip_reason != '\0')
    {
      message = g_strdup_printf (_("No backup taken: %s"), self->skip_reason);
      _sluice_runner_emit (self, SLUICE_RUN_EVENT_WARNING, NULL, message);
    }
}

/* What goes to sluice.run_log.note: where the backup is, or why there is
 * none. */
static char *
run_note (SluiceRunner *self)
{
  if (self->backup != NULL && sluice_backup_get_path (self->backup) != NULL)
    return g_strdup_printf ("backup: %s", sluice_backup_get_path (self->backup));
  if (self->skip_reason != NULL && *self->skip_reason != '\0')
    return g_strdup_printf ("no backup: %s", self->skip_reason);
  return NULL;
}

/* Rehearsal */

static void
forward_event (GObject        *source,
               SluiceRunEvent *event,
               SluiceRunner   *self)
{
  _sluice_runner_emit_event (self, event);
}

SluiceRehearsal *
sluice_runner_new_rehearsal (SluiceRunner  *self,
                             SluiceSandbox *sandbox)
{
  SluiceRehearsal *rehearsal;

  g_return_val_if_fail (SLUICE_IS_RUNNER (self), NULL);
  g_return_val_if_fail (SLUICE_IS_SANDBOX (sandbox), NULL);

  /* A rehearsal restores the schema as it is and runs the steps' up SQL
   * on it: a rollback's steps are applied there already, so it could
   * only fail.  Nothing to rehearse; the caller hides the step. */
  if (self->direction == SLUICE_RUN_DOWN)
    return NULL;

  rehearsal = sluice_rehearsal_new (self->connection, sandbox, self->migrations,
                                    sluice_migration_folder_get_format (self->folder));
  g_signal_connect_object (rehearsal, "event", G_CALLBACK (forward_event), self, 0);
  return rehearsal;
}

/* Execution */

typedef struct
{
  SluiceRunner     *self;          /* owned by the task */
  GCancellable     *cancellable;
  char             *note;
  SluiceConnection *run;           /* the run's own: lock, snapshots, executor */
  SluiceConnection *observer;
  SluiceRunMonitor *monitor;
  char             *last_sample;   /* the monitor's last sentence, not repeated */
  SluiceRunEventKind last_sample_kind;
  gint64            last_sample_time;
  GError           *run_error;     /* the executor's */
  char             *lock_key;      /* sluice_executor_advisory_key(), as text */
  gboolean          locked;        /* the runner holds the advisory lock */
  guint             next;          /* the first migration of the next segment */
  GPtrArray        *segment;       /* SluiceMigration, the one running */
  GPtrArray        *done;          /* char *: versions done, over all segments */
  GFile            *snapshot;      /* the snapshot being saved */
} ExecuteData;

static void on_monitor_sample (SluiceRunMonitor *monitor, SluiceRunSample *sample, GTask *task);
static void on_monitor_failed (SluiceRunMonitor *monitor, const GError *error, GTask *task);

static void
execute_data_free (ExecuteData *data)
{
  if (data->monitor != NULL)
    {
      g_signal_handlers_disconnect_matched (data->monitor, G_SIGNAL_MATCH_FUNC, 0, 0, NULL,
                                            on_monitor_sample, NULL);
      g_signal_handlers_disconnect_matched (data->monitor, G_SIGNAL_MATCH_FUNC, 0, 0, NULL,
                                            on_monitor_failed, NULL);
      sluice_run_monitor_stop (data->monitor);
    }
  g_clear_object (&data->monitor);
  if (data->observer != NULL)
    sluice_connection_close (data->observer);
  g_clear_object (&data->observer);
  if (data->run != NULL)
    sluice_connection_close (data->run);
  g_clear_object (&data->run);
  g_clear_object (&data->cancellable);
  g_clear_pointer (&data->note, g_free);
  g_clear_pointer (&data->last_sample, g_free);
  g_clear_error (&data->run_error);
  g_clear_pointer (&data->lock_key, g_free);
  g_clear_pointer (&data->segment, g_ptr_array_unref);
  g_clear_pointer (&data->done, g_ptr_array_unref);
  g_clear_object (&data->snapshot);
  g_free (data);
}

/* A new connection (not connected) to the same server and database as
 * @connection, with the same credentials and settings. */
static SluiceConnection *
connection_like (SluiceConnection *connection)
{
  return sluice_connection_new_full (_sluice_connection_get_text (connection),
                                     _sluice_connection_get_password (connection),
                                     connection->options);
}

/* The run's connection goes when the run ends, however it ends. */
static void
close_run_connection (ExecuteData *data)
{
  if (data->run != NULL)
    sluice_connection_close (data->run);
}

static gboolean
check_guards (SluiceRunner  *self,
              GError       **error)
{
  if (!self->preflight_done)
    {
      g_set_error (error, SLUICE_ERROR, SLUICE_ERROR_FAILED,
                   _("Preflight has not been run: nothing was run. Run the checks first."));
      return FALSE;
    }
  if (!self->preflight_ok)
    {
      g_set_error (error, SLUICE_ERROR, SLUICE_ERROR_FAILED,
                   _("A preflight check failed: nothing was run. Fix what it reports, then run the checks again."));
      return FALSE;
    }
  if (sluice_runner_lint_blocks (self))
    {
      g_set_error (error, SLUICE_ERROR, SLUICE_ERROR_FAILED,
                   _("The lint found errors that block this profile's runs: nothing was run. "
                     "Fix the statements, silence a rule with “-- sluice:ignore RULE”, or acknowledge the findings."));
      return FALSE;
    }
  if (sluice_runner_backup_required (self) && self->backup == NULL &&
      (self->skip_reason == NULL || *self->skip_reason == '\0'))
    {
      g_set_error (error, SLUICE_ERROR, SLUICE_ERROR_FAILED,
                   _("This profile needs a backup before a run: nothing was run. "
                     "Take one, or give the reason for skipping it."));
      return FALSE;
    }
  return TRUE;
}

static const char *
first_version (SluiceRunner *self)
{
  return sluice_migration_get_version (g_ptr_array_index (self->migrations, 0));
}

/* "20261121-140207-before-0003.json" in the profile's snapshot folder. */
static GFile *
snapshot_file (SluiceRunner *self,
               const char   *when,
               const char   *version)
{
  g_autoptr(GFile) folder = sluice_catalog_folder_for_profile (sluice_profile_get_id (self->profile));
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *stamp = g_date_time_format (now, "%Y%m%d-%H%M%S");
  g_autofree char *safe_version = g_strdup (version);
  g_autofree char *name = NULL;

  g_strcanon (safe_version, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._-", '_');
  /* A rollback plan takes "*-before-V.json" for the schema before V was
   * applied: a down run's snapshots must not pass for one. */
  if (self->direction == SLUICE_RUN_DOWN)
    name = g_strdup_printf ("%s-%s-revert-%s.json", stamp, when, safe_version);
  else
    name = g_strdup_printf ("%s-%s-%s.json", stamp, when, safe_version);
  return g_file_get_child (folder, name);
}

/* Sluice's own tables are not the migration's doing. */
static const char * const excluded_schemas[] = { "sluice", NULL };

static void execute_after_snapshot (GObject *source, GAsyncResult *result, gpointer user_data);
static void execute_after_run      (GObject *source, GAsyncResult *result, gpointer user_data);
static void execute_after_observer (GObject *source, GAsyncResult *result, gpointer user_data);
static void run_next_segment       (GTask *task);
static void after_run_connected    (GObject *source, GAsyncResult *result, gpointer user_data);
static void finish_runs            (GTask *task);

/* Sets the snapshot's metadata, then saves it on a worker thread (a big
 * schema's file is several MB: the main context must not wait on it);
 * @callback gets @task, and calls report_snapshot_saved().  Nothing
 * changes @catalog until then. */
static void
save_snapshot_async (GTask               *task,
                     SluiceCatalog       *catalog,
                     const char          *when,
                     const char          *version,
                     const char          *current_version,
                     GAsyncReadyCallback  callback)
{
  ExecuteData *data = g_task_get_task_data (task);
  SluiceRunner *self = data->self;
  g_autofree char *label = g_strdup_printf ("%s %s", when, version);

  g_clear_object (&data->snapshot);
  data->snapshot = snapshot_file (self, when, version);

  sluice_catalog_set_profile (catalog, sluice_profile_get_id (self->profile),
                              sluice_profile_get_name (self->profile));
  sluice_catalog_set_migration_version (catalog, current_version);
  sluice_catalog_set_label (catalog, label);

  /* Not the run's cancellable: a snapshot is worth keeping even then. */
  sluice_catalog_save_file_async (catalog, data->snapshot, NULL, callback, task);
}

static void
report_snapshot_saved (GTask         *task,
                       SluiceCatalog *catalog,
                       GAsyncResult  *result)
{
  ExecuteData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  if (sluice_catalog_save_file_finish (catalog, result, &error))
    {
      g_autofree char *path = g_file_get_path (data->snapshot);
      g_autofree char *message = g_strdup_printf (_("Schema snapshot saved: %s."), path);

      _sluice_runner_emit (data->self, SLUICE_RUN_EVENT_INFO, NULL, message);
    }
  else
    {
      g_autofree char *message = g_strdup_printf (_("The schema snapshot could not be saved (%s); the run goes on."),
                                                  error->message);

      _sluice_runner_emit (data->self, SLUICE_RUN_EVENT_WARNING, NULL, message);
    }
}

static void
on_monitor_sample (SluiceRunMonitor *monitor,
                   SluiceRunSample  *sample,
                   GTask            *task)
{
  ExecuteData *data = g_task_get_task_data (task);
  g_autofree char *text = sluice_run_sample_describe (sample);
  double fraction = sluice_run_sample_get_index_fraction (sample);
  SluiceRunEventKind kind = fraction >= 0 ? SLUICE_RUN_EVENT_PROGRESS : SLUICE_RUN_EVENT_WAITING;
  gint64 now = g_get_monotonic_time ();
  g_autoptr(SluiceRunEvent) event = NULL;

  if (text == NULL || g_strcmp0 (text, data->last_sample) == 0)
    return;

  /* A wait's sentence changes with every sample (its seconds count up):
   * a new line when the run starts waiting or building, then one every
   * few seconds, so that a long wait does not flood the log. */
  if (data->last_sample != NULL && kind == data->last_sample_kind &&
      now - data->last_sample_time < MONITOR_REPEAT_US)
    return;

  g_free (data->last_sample);
  data->last_sample = g_strdup (text);
  data->last_sample_kind = kind;
  data->last_sample_time = now;

  event = sluice_run_event_new (kind, NULL, text);
  if (fraction >= 0)
    sluice_run_event_set_fraction (event, fraction);
  _sluice_runner_emit_event (data->self, event);
}

static void
on_monitor_failed (SluiceRunMonitor *monitor,
                   const GError     *error,
                   GTask            *task)
{
  ExecuteData *data = g_task_get_task_data (task);

  _sluice_runner_emit (data->self, SLUICE_RUN_EVENT_WARNING, NULL,
                       _("The run's locks and progress can no longer be watched; the run itself goes on."));
}

static void
on_executor_event (SluiceExecutor *executor,
                   SluiceRunEvent *event,
                   SluiceRunner   *self)
{
  /* The executor's own "finished" is not the run's: verification follows. */
  if (sluice_run_event_get_kind (event) == SLUICE_RUN_EVENT_FINISHED)
    return;
  _sluice_runner_emit_event (self, event);
}

static void
start_executor (GTask *task)
{
  ExecuteData *data = g_task_get_task_data (task);
  SluiceRunner *self = data->self;
  SluiceExecuteOptions options;
  g_autofree char *settings = NULL;
  g_autofree char *lock_text = NULL;
  g_autofree char *statement_text = NULL;
  guint lock_ms = effective_lock_timeout_ms (self);
  guint statement_ms = effective_statement_timeout_ms (self);

  sluice_execute_options_init (&options);
  options.direction = self->direction;
  options.history_format = sluice_migration_folder_get_format (self->folder);
  options.project = sluice_migration_folder_get_project (self->folder);
  options.lock_timeout_ms = lock_ms;
  options.statement_timeout_ms = statement_ms;
  if (self->lock_retries != NOT_SET)
    options.lock_retries = self->lock_retries;
  options.note = data->note;

  lock_text = lock_ms > 0 ? g_strdup_printf ("%u ms", lock_ms) : g_strdup (_("the server's"));
  statement_text = statement_ms > 0 ? g_strdup_printf ("%u ms", statement_ms) : g_strdup (_("the server's"));
  settings = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           "lock_timeout = %s, statement_timeout = %s, up to %u retry after a lock timeout.",
                                           "lock_timeout = %s, statement_timeout = %s, up to %u retries after a lock timeout.",
                                           options.lock_retries),
                              lock_text, statement_text, options.lock_retries);
  if (self->executor == NULL)
    _sluice_runner_emit (self, SLUICE_RUN_EVENT_INFO, NULL, settings);

  g_clear_object (&self->executor);
  self->executor = sluice_executor_new (data->run, &options);
  g_signal_connect_object (self->executor, "event", G_CALLBACK (on_executor_event), self, 0);

  /* The executor names its own step ("Applying migrations"). */
  sluice_executor_run_async (self->executor, data->segment, data->cancellable,
                             execute_after_run, task);
}

static void
execute_after_observer (GObject      *source,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  ExecuteData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  if (sluice_connection_connect_finish (SLUICE_CONNECTION (source), result, &error))
    {
      data->monitor = sluice_run_monitor_new (data->observer,
                                              sluice_connection_get_backend_pid (data->run),
                                              MONITOR_INTERVAL_MS);
      g_signal_connect (data->monitor, "sample", G_CALLBACK (on_monitor_sample), task);
      g_signal_connect (data->monitor, "failed", G_CALLBACK (on_monitor_failed), task);
      sluice_run_monitor_start (data->monitor);
    }
  else
    {
      g_autofree char *message = g_strdup_printf (_("The run's locks and progress cannot be watched (%s); the run goes on."),
                                                  error->message);

      _sluice_runner_emit (data->self, SLUICE_RUN_EVENT_WARNING, NULL, message);
      g_clear_object (&data->observer);
    }

  run_next_segment (g_steal_pointer (&task));
}

/* The monitor watches from a second connection to the same server and
 * database, with the same credentials. */
static void
start_monitor_then_executor (GTask *task)
{
  ExecuteData *data = g_task_get_task_data (task);

  data->observer = connection_like (data->self->connection);
  sluice_connection_connect_async (data->observer, data->cancellable,
                                   execute_after_observer, task);
}

/* Segments.  A rollback plan reverts a migration without a down script
 * with the DDL back to "*-before-V.json", the schema just before V ran:
 * so each such migration starts a segment of its own, with its own
 * pre-snapshot, run by its own executor.  The runner holds Sluice's
 * advisory lock across all segments (session locks stack: each
 * executor's take and release leave the runner's), so that no other run
 * slips in between. */
static gboolean
starts_segment (SluiceRunner *self,
                guint         index)
{
  SluiceMigration *migration = g_ptr_array_index (self->migrations, index);

  return index == 0 ||
         (self->direction == SLUICE_RUN_UP && sluice_migration_get_down_sql (migration) == NULL);
}

static void
segment_before_saved (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  GTask *task = user_data;

  report_snapshot_saved (task, SLUICE_CATALOG (source), result);
  start_executor (task);
}

static void
segment_after_snapshot (GObject      *source,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  ExecuteData *data = g_task_get_task_data (task);
  SluiceRunner *self = data->self;
  SluiceMigration *first = g_ptr_array_index (data->segment, 0);
  g_autoptr(SluiceCatalog) catalog = NULL;
  g_autoptr(GError) error = NULL;

  catalog = sluice_catalog_capture_finish (result, &error);
  if (catalog == NULL)
    {
      g_set_error (&data->run_error, SLUICE_ERROR, SLUICE_ERROR_FAILED,
                   _("The schema could not be read before migration %s (%s): it was not run, "
                     "nor anything after it."),
                   sluice_migration_get_version (first), error->message);
      finish_runs (g_steal_pointer (&task));
      return;
    }

  if (self->before == NULL)
    self->before = g_object_ref (catalog);

  /* The version current at that point: the last one this run applied,
   * else the history's. */
  save_snapshot_async (g_steal_pointer (&task), catalog, "before", sluice_migration_get_version (first),
                       self->direction == SLUICE_RUN_UP && data->done->len > 0
                         ? g_ptr_array_index (data->done, data->done->len - 1)
                         : self->status != NULL ? sluice_status_report_get_current_version (self->status) : NULL,
                       segment_before_saved);
}

static void
run_next_segment (GTask *task)
{
  ExecuteData *data = g_task_get_task_data (task);
  SluiceRunner *self = data->self;
  guint end;

  if (data->next >= self->migrations->len)
    {
      finish_runs (task);
      return;
    }

  if (g_cancellable_set_error_if_cancelled (data->cancellable, &data->run_error))
    {
      finish_runs (task);
      return;
    }

  for (end = data->next + 1; end < self->migrations->len && !starts_segment (self, end); end++)
    ;

  g_clear_pointer (&data->segment, g_ptr_array_unref);
  data->segment = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = data->next; i < end; i++)
    g_ptr_array_add (data->segment, g_object_ref (g_ptr_array_index (self->migrations, i)));
  data->next = end;

  _sluice_runner_emit (self, SLUICE_RUN_EVENT_STEP, NULL,
                       self->before == NULL ? _("Reading the schema before the run")
                                            : _("Reading the schema before the next migration"));
  sluice_catalog_capture_async (data->run, excluded_schemas, data->cancellable,
                                segment_after_snapshot, task);
}

static void
execute_after_run (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  ExecuteData *data = g_task_get_task_data (task);
  SluiceRunner *self = data->self;
  g_auto(GStrv) done = NULL;

  sluice_executor_run_finish (self->executor, result, &done, &data->run_error);

  for (guint i = 0; done != NULL && done[i] != NULL; i++)
    g_ptr_array_add (data->done, g_strdup (done[i]));
  g_free (self->failed_version);
  self->failed_version = g_strdup (sluice_executor_get_failed_version (self->executor));

  if (data->run_error != NULL)
    finish_runs (g_steal_pointer (&task));
  else
    run_next_segment (g_steal_pointer (&task));
}

static void
after_unlock (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SluiceRunner *self = g_task_get_source_object (task);
  ExecuteData *data = g_task_get_task_data (task);
  g_autoptr(SluiceResult) rows = NULL;
  g_autoptr(GError) error = NULL;

  /* The lock goes with the session anyway: a failure here is only said. */
  rows = sluice_connection_query_finish (SLUICE_CONNECTION (source), result, &error);
  if (rows == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("Sluice's advisory lock could not be released (%s); "
                                                    "it goes when this connection closes."),
                                                  error->message);

      _sluice_runner_emit (self, SLUICE_RUN_EVENT_WARNING, NULL, message);
    }

  if (sluice_connection_get_state (data->run) != SLUICE_CONNECTION_READY)
    {
      execute_after_snapshot (NULL, NULL, g_steal_pointer (&task));
      return;
    }

  _sluice_runner_emit (self, SLUICE_RUN_EVENT_STEP, NULL, _("Verifying"));
  sluice_catalog_capture_async (data->run, excluded_schemas, NULL,
                                execute_after_snapshot, g_steal_pointer (&task));
}

/* Every segment ran, or one stopped: let go of the lock, then verify. */
static void
finish_runs (GTask *task)
{
  ExecuteData *data = g_task_get_task_data (task);
  SluiceRunner *self = data->self;
  const char *params[] = { data->lock_key };

  g_strfreev (self->done);
  self->done = g_new0 (char *, data->done->len + 1);
  for (guint i = 0; i < data->done->len; i++)
    self->done[i] = g_strdup (g_ptr_array_index (data->done, i));

  if (data->monitor != NULL)
    sluice_run_monitor_stop (data->monitor);
  if (data->observer != NULL)
    sluice_connection_close (data->observer);

  /* A lost connection cannot be read again: verification says so. */
  if (sluice_connection_get_state (data->run) != SLUICE_CONNECTION_READY)
    {
      _sluice_runner_emit (self, SLUICE_RUN_EVENT_WARNING, NULL,
                           _("The connection was lost: the schema was not read after the run, so it is not verified. "
                             "Reconnect and look at the history and the run log."));
      execute_after_snapshot (NULL, NULL, task);
      return;
    }

  if (!data->locked)
    {
      after_unlock (NULL, NULL, task);
      return;
    }

  data->locked = FALSE;
  sluice_connection_query_async (data->run, "SELECT pg_advisory_unlock($1::bigint)",
                                 params, 1, NULL, after_unlock, task);
}

/* A rollback refused under the lock: the lock goes, nothing was run. */
static void
after_refusal_unlock (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  ExecuteData *data = g_task_get_task_data (task);
  SluiceRunner *self = data->self;
  g_autoptr(SluiceResult) rows = NULL;

  /* A failure to unlock is no news: the lock goes with the session. */
  rows = sluice_connection_query_finish (SLUICE_CONNECTION (source), result, NULL);

  close_run_connection (data);
  self->running = FALSE;
  _sluice_runner_emit (self, SLUICE_RUN_EVENT_FINISHED, NULL, data->run_error->message);
  g_task_return_error (task, g_steal_pointer (&data->run_error));
}

static void
refuse_locked (GTask *task)
{
  ExecuteData *data = g_task_get_task_data (task);
  const char *params[] = { data->lock_key };

  data->locked = FALSE;
  sluice_connection_query_async (data->run, "SELECT pg_advisory_unlock($1::bigint)",
                                 params, 1, NULL, after_refusal_unlock, task);
}

static void
recheck_plan_done (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  GTask *task = user_data;
  ExecuteData *data = g_task_get_task_data (task);
  SluiceRunner *self = data->self;
  g_autoptr(SluiceHistory) history = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *stale = NULL;

  history = sluice_history_read_finish (result, &error);
  if (history == NULL)
    {
      g_set_error (&data->run_error, SLUICE_ERROR, SLUICE_ERROR_FAILED,
                   _("The history could not be read again before the rollback (%s): nothing was run."),
                   error->message);
      refuse_locked (task);
      return;
    }

  g_clear_object (&self->status);
  self->status = sluice_status_report_new (self->folder, history);
  stale = _sluice_runner_describe_stale_plan (self);
  if (stale != NULL)
    {
      g_set_error_literal (&data->run_error, SLUICE_ERROR, SLUICE_ERROR_FAILED, stale);
      refuse_locked (task);
      return;
    }

  start_monitor_then_executor (task);
}

/* Minutes may pass between preflight and the run (backup, rehearsal):
 * under the lock, so that no other Sluice run slips in, the rollback
 * plan is checked again against the history as it is now. */
static void
recheck_plan (GTask *task)
{
  ExecuteData *data = g_task_get_task_data (task);
  SluiceRunner *self = data->self;

  sluice_history_read_full_async (data->run,
                                  sluice_migration_folder_get_format (self->folder),
                                  sluice_migration_folder_get_project (self->folder),
                                  data->cancellable, recheck_plan_done, task);
}

static void
after_lock (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  ExecuteData *data = g_task_get_task_data (task);
  SluiceRunner *self = data->self;
  g_autoptr(SluiceResult) rows = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;

  rows = sluice_connection_query_finish (SLUICE_CONNECTION (source), result, &error);
  if (rows != NULL && sluice_result_get_boolean (rows, 0, 0))
    {
      data->locked = TRUE;
      if (self->direction == SLUICE_RUN_DOWN)
        recheck_plan (g_steal_pointer (&task));
      else
        start_monitor_then_executor (g_steal_pointer (&task));
      return;
    }

  if (rows != NULL)
    message = g_strdup_printf (_("Another Sluice run (pid %s) is under way on this database: nothing was run. "
                                 "Wait for it to finish."),
                               sluice_result_get_value (rows, 0, 1) != NULL ? sluice_result_get_value (rows, 0, 1) : "?");
  else
    message = g_strdup_printf (_("Sluice's advisory lock could not be taken (%s): nothing was run."), error->message);

  close_run_connection (data);
  self->running = FALSE;
  _sluice_runner_emit (self, SLUICE_RUN_EVENT_FINISHED, NULL, message);
  g_task_return_new_error (task, SLUICE_ERROR, SLUICE_ERROR_BUSY, "%s", message);
}

/* The end of every run, verified or not. */
static void
finish_execute (GTask *task)
{
  ExecuteData *data = g_task_get_task_data (task);
  SluiceRunner *self = data->self;
  guint n_done = g_strv_length (self->done);
  g_autofree char *summary = NULL;

  close_run_connection (data);
  self->running = FALSE;

  if (data->run_error != NULL)
    {
      summary = g_strdup_printf (_("The run stopped: %s"), data->run_error->message);
      _sluice_runner_emit (self, SLUICE_RUN_EVENT_FINISHED, self->failed_version, summary);
      g_task_return_error (task, g_steal_pointer (&data->run_error));
      g_object_unref (task);
      return;
    }

  summary = g_strdup_printf (self->direction == SLUICE_RUN_UP
                               ? g_dngettext (GETTEXT_PACKAGE, "Done: %u migration applied.",
                                              "Done: %u migrations applied.", n_done)
                               : g_dngettext (GETTEXT_PACKAGE, "Done: %u migration reverted.",
                                              "Done: %u migrations reverted.", n_done),
                             n_done);
  _sluice_runner_emit (self, SLUICE_RUN_EVENT_FINISHED, NULL, summary);
  g_task_return_boolean (task, TRUE);
  g_object_unref (task);
}

static void
execute_after_verify (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  _sluice_runner_verify_finish (SLUICE_RUNNER (source), result);
  finish_execute (user_data);
}

static void
execute_after_saved (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  GTask *task = user_data;
  ExecuteData *data = g_task_get_task_data (task);

  report_snapshot_saved (task, SLUICE_CATALOG (source), result);
  _sluice_runner_verify_async (data->self, execute_after_verify, task);
}

static void
execute_after_snapshot (GObject      *source,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  GTask *task = user_data;
  ExecuteData *data = g_task_get_task_data (task);
  SluiceRunner *self = data->self;
  g_autoptr(GError) error = NULL;
  guint n_done = g_strv_length (self->done);

  if (result != NULL)
    {
      self->after = sluice_catalog_capture_finish (result, &error);
      if (self->after == NULL)
        {
          g_autofree char *message = g_strdup_printf (_("The schema could not be read after the run (%s): "
                                                        "the changes are not verified."),
                                                      error->message);

          _sluice_runner_emit (self, SLUICE_RUN_EVENT_WARNING, NULL, message);
        }
      else
        {
          const char *last = n_done > 0 ? self->done[n_done - 1] : first_version (self);
          const char *current = self->direction == SLUICE_RUN_UP
                                  ? (n_done > 0 ? self->done[n_done - 1] : NULL)
                                  : NULL;

          save_snapshot_async (task, self->after, "after", last, current, execute_after_saved);
          return;
        }
    }

  finish_execute (task);
}

void
sluice_runner_execute_async (SluiceRunner        *self,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  ExecuteData *data;

  g_return_if_fail (SLUICE_IS_RUNNER (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sluice_runner_execute_async);

  if (self->running)
    {
      g_task_return_new_error (task, SLUICE_ERROR, SLUICE_ERROR_BUSY,
                               _("This run is already under way."));
      return;
    }

  if (!check_guards (self, &error))
    {
      _sluice_runner_emit (self, SLUICE_RUN_EVENT_FINISHED, NULL, error->message);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  g_clear_pointer (&self->failed_version, g_free);
  g_strfreev (self->done);
  self->done = g_new0 (char *, 1);
  g_clear_object (&self->before);
  g_clear_object (&self->after);
  g_clear_object (&self->diff);

  if (self->migrations->len == 0)
    {
      _sluice_runner_emit (self, SLUICE_RUN_EVENT_FINISHED, NULL,
                           self->direction == SLUICE_RUN_UP ? _("Nothing to apply: the database is up to date.")
                                                            : _("Nothing to revert."));
      g_task_return_boolean (task, TRUE);
      return;
    }

  data = g_new0 (ExecuteData, 1);
  data->self = self;
  data->cancellable = cancellable != NULL ? g_object_ref (cancellable) : NULL;
  data->note = run_note (self);

  data->lock_key = g_strdup_printf ("%" G_GINT64_FORMAT, sluice_executor_advisory_key ());
  data->done = g_ptr_array_new_with_free_func (g_free);
  g_task_set_task_data (task, data, (GDestroyNotify) execute_data_free);

  /* The run has a connection of its own: the caller's is shared with
   * the rest of the session (pages polling on it), whose queries must
   * not land inside the run's transactions, under its lock_timeout, or
   * wait behind a blocked statement. */
  self->running = TRUE;
  data->run = connection_like (self->connection);
  sluice_connection_connect_async (data->run, cancellable, after_run_connected, g_steal_pointer (&task));
}

static void
after_run_connected (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  ExecuteData *data = g_task_get_task_data (task);
  SluiceRunner *self = data->self;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;

  if (!sluice_connection_connect_finish (SLUICE_CONNECTION (source), result, &error))
    {
      message = g_strdup_printf (_("The run's connection could not be opened (%s): nothing was run. "
                                   "Check that the server is reachable, then try again."),
                                 error->message);
      close_run_connection (data);
      self->running = FALSE;
      _sluice_runner_emit (self, SLUICE_RUN_EVENT_FINISHED, NULL, message);
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED, "%s", message);
      else
        g_task_return_new_error (task, SLUICE_ERROR, SLUICE_ERROR_CONNECTION, "%s", message);
      return;
    }

  sluice_connection_query_async (data->run,
                                 "SELECT pg_try_advisory_lock($1::bigint),"
                                 "       (SELECT string_agg(pid::text, ', ' ORDER BY pid) FROM pg_locks"
                                 "         WHERE locktype = 'advisory' AND granted AND objsubid = 1"
                                 "           AND database = (SELECT oid FROM pg_database WHERE datname = current_database())"
                                 "           AND (classid::int8 << 32 | objid::int8) = $1::int8"
                                 "           AND pid <> pg_backend_pid())",
                                 (const char * const []) { data->lock_key }, 1, data->cancellable,
                                 after_lock, g_steal_pointer (&task));
}

gboolean
sluice_runner_execute_finish (SluiceRunner  *self,
                              GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (SLUICE_IS_RUNNER (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == sluice_runner_execute_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

const char * const *
sluice_runner_get_done (SluiceRunner *self)
{
  g_return_val_if_fail (SLUICE_IS_RUNNER (self), NULL);
  return (const char * const *) self->done;
}

const char *
sluice_runner_get_failed_version (SluiceRunner *self)
{
  g_return_val_if_fail (SLUICE_IS_RUNNER (self), NULL);
  return self->failed_version;
}

const char * const *
sluice_runner_get_invalid_indexes (SluiceRunner *self)
{
  static const char * const none[] = { NULL };

  g_return_val_if_fail (SLUICE_IS_RUNNER (self), NULL);

  if (self->executor == NULL)
    return none;
  return sluice_executor_get_invalid_indexes (self->executor);
}

static void
drop_invalid_indexes_done (GObject      *source,
                           GAsyncResult *result,
                           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  gboolean ok;

  ok = sluice_executor_drop_invalid_indexes_finish (SLUICE_EXECUTOR (source), result, &error);

  /* Opened again for the drop only (the run's connection closed when the
   * run ended): it goes now too. */
  if (GPOINTER_TO_INT (g_task_get_task_data (task)))
    sluice_connection_close (sluice_executor_get_connection (SLUICE_EXECUTOR (source)));

  if (ok)
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
drop_after_reconnect (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SluiceRunner *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;

  if (!sluice_connection_connect_finish (SLUICE_CONNECTION (source), result, &error))
    {
      sluice_connection_close (SLUICE_CONNECTION (source));
      g_task_return_new_error (task, SLUICE_ERROR, SLUICE_ERROR_CONNECTION,
                               _("No connection could be opened to drop the invalid indexes (%s): "
                                 "none was dropped. Check that the server is reachable, then try again."),
                               error->message);
      return;
    }

  sluice_executor_drop_invalid_indexes_async (self->executor, g_task_get_cancellable (task),
                                              drop_invalid_indexes_done, g_steal_pointer (&task));
}

void
sluice_runner_drop_invalid_indexes_async (SluiceRunner        *self,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  SluiceConnection *connection;

  g_return_if_fail (SLUICE_IS_RUNNER (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sluice_runner_drop_invalid_indexes_async);

  if (self->executor == NULL)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }

  if (self->running)
    {
      g_task_return_new_error (task, SLUICE_ERROR, SLUICE_ERROR_BUSY,
                               _("The run is still under way: no index was dropped. Wait for it to finish."));
      return;
    }

  /* The executor's connection is the run's, closed when the run ended:
   * opened again for the drop, never the session's shared one. */
  connection = sluice_executor_get_connection (self->executor);
  if (sluice_connection_get_state (connection) != SLUICE_CONNECTION_READY)
    {
      g_task_set_task_data (task, GINT_TO_POINTER (TRUE), NULL);
      sluice_connection_connect_async (connection, cancellable, drop_after_reconnect, g_steal_pointer (&task));
      return;
    }

  sluice_executor_drop_invalid_indexes_async (self->executor, cancellable,
                                              drop_invalid_indexes_done, g_steal_pointer (&task));
}

gboolean
sluice_runner_drop_invalid_indexes_finish (SluiceRunner  *self,
                                           GAsyncResult  *result,
                                           GError       **error)
{
  g_return_val_if_fail (SLUICE_IS_RUNNER (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
