/* sluice-runner.c: a guided migration run, step by step
 *
 * The object: its construction for a migrate or a rollback, its signal,
 * its settings and the timeouts they make, the rehearsal it offers, and
 * what execution leaves to read.  Each step lives in a file of its own
 * (sluice-runner-private.h lists them): preflight, lint, backup
 * bookkeeping, execution (its driver, segments, watch, snapshots and the
 * rollback plan's re-check), verification, and the drop of the invalid
 * indexes a failed run left.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "sluice-runner-private.h"

/* What the lint may take lock_timeout as when the profile has none: the
 * issue's default for prod. */
#define PROD_DEFAULT_LOCK_TIMEOUT_MS 5000

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
  self->lock_timeout_ms = SLUICE_RUNNER_NOT_SET;
  self->statement_timeout_ms = SLUICE_RUNNER_NOT_SET;
  self->lock_retries = SLUICE_RUNNER_NOT_SET;
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

guint
_sluice_runner_effective_lock_timeout_ms (SluiceRunner *self)
{
  guint ms;

  if (self->lock_timeout_ms != SLUICE_RUNNER_NOT_SET)
    return self->lock_timeout_ms;

  ms = sluice_profile_get_lock_timeout_ms (self->profile);
  if (ms == 0 && sluice_profile_get_environment (self->profile) == SLUICE_ENVIRONMENT_PROD)
    ms = PROD_DEFAULT_LOCK_TIMEOUT_MS;
  return ms;
}

guint
_sluice_runner_effective_statement_timeout_ms (SluiceRunner *self)
{
  if (self->statement_timeout_ms != SLUICE_RUNNER_NOT_SET)
    return self->statement_timeout_ms;
  return sluice_profile_get_statement_timeout_ms (self->profile);
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

/* After execution */

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
