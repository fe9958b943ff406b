/* sluice-rehearsal.c: running a migration on a copy before the real thing
 *
 * Two databases are cloned from the target's schema in the sandbox: the
 * rehearsal database, where SluiceExecutor runs the migrations exactly as
 * the real run will (history tables included) and then the downs; and a
 * twin made from it (CREATE DATABASE ... TEMPLATE) where the rehearsal
 * runs the same statements itself, one at a time, to measure each: on its
 * own connection it reads, between statements, the locks its transaction
 * holds and every table's relfilenode (a rewrite is visible there before
 * COMMIT, and nowhere else), while a SluiceRunMonitor samples the locks of
 * statements that run outside a transaction and release them as they end.
 *
 * This file holds the object, its properties, its "event" signal and the
 * public API; a run goes through the stages of the other
 * sluice-rehearsal-*.c files (sluice-rehearsal-private.h lists them).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "sluice-error.h"
#include "sluice-rehearsal-private.h"

void
sluice_rehearsal_statement_free (SluiceRehearsalStatement *statement)
{
  if (statement == NULL)
    return;

  g_free (statement->version);
  g_free (statement->sql);
  g_strfreev (statement->locks);
  g_strfreev (statement->rewritten);
  g_free (statement);
}

G_DEFINE_FINAL_TYPE (SluiceRehearsal, sluice_rehearsal, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_KEEP_DATABASE,
  PROP_DATABASE_NAME,
  PROP_DURATION_MS,
  PROP_DOWN_TESTED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  EVENT,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* Events and progress, for the stages ----------------------------------------- */

void
_sluice_rehearsal_emit_event (SluiceRehearsal *self,
                              SluiceRunEvent  *event)
{
  g_signal_emit (self, signals[EVENT], 0, event);
}

void
_sluice_rehearsal_emit (SluiceRehearsal    *self,
                        SluiceRunEventKind  kind,
                        const char         *version,
                        const char         *message)
{
  g_autoptr(SluiceRunEvent) event = sluice_run_event_new (kind, version, message);

  g_signal_emit (self, signals[EVENT], 0, event);
}

void
_sluice_rehearsal_set_duration_ms (SluiceRehearsal *self,
                                   double           duration_ms)
{
  self->duration_ms = duration_ms;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DURATION_MS]);
}

void
_sluice_rehearsal_set_down_tested (SluiceRehearsal *self,
                                   gboolean         down_tested)
{
  self->down_tested = down_tested;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DOWN_TESTED]);
}

/* The public API ------------------------------------------------------------------ */

SluiceRehearsal *
sluice_rehearsal_new (SluiceConnection      *target,
                      SluiceSandbox         *sandbox,
                      GPtrArray             *migrations,
                      SluiceMigrationFormat  history_format)
{
  SluiceRehearsal *self;

  g_return_val_if_fail (SLUICE_IS_CONNECTION (target), NULL);
  g_return_val_if_fail (SLUICE_IS_SANDBOX (sandbox), NULL);
  g_return_val_if_fail (migrations != NULL, NULL);

  self = g_object_new (SLUICE_TYPE_REHEARSAL, NULL);
  self->target = g_object_ref (target);
  self->sandbox = g_object_ref (sandbox);
  for (guint i = 0; i < migrations->len; i++)
    g_ptr_array_add (self->migrations, g_object_ref (g_ptr_array_index (migrations, i)));
  self->history_format = history_format;
  return self;
}

void
sluice_rehearsal_set_keep_database (SluiceRehearsal *self,
                                    gboolean         keep)
{
  g_return_if_fail (SLUICE_IS_REHEARSAL (self));

  keep = !!keep;
  if (self->keep_database == keep)
    return;
  self->keep_database = keep;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_KEEP_DATABASE]);
}

/* Unique enough for one sandbox, and readable in \l. */
static char *
new_database_name (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *stamp = g_date_time_format (now, "%Y%m%d_%H%M%S");

  return g_strdup_printf ("sluice_rehearsal_%s_%04x", stamp, g_random_int_range (0, 0x10000));
}

void
sluice_rehearsal_run_async (SluiceRehearsal     *self,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *message = NULL;
  SluiceRehearsalJob *job;

  g_return_if_fail (SLUICE_IS_REHEARSAL (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sluice_rehearsal_run_async);
  /* A cancelled rehearsal still drops its databases before it returns. */
  g_task_set_check_cancellable (task, FALSE);

  if (self->busy)
    {
      g_task_return_new_error (task, SLUICE_ERROR, SLUICE_ERROR_BUSY,
                               _("This rehearsal is already running; nothing else was started."));
      return;
    }

  if (sluice_sandbox_get_state (self->sandbox) != SLUICE_SANDBOX_RUNNING)
    {
      g_task_return_new_error (task, SLUICE_ERROR, SLUICE_ERROR_FAILED,
                               _("The sandbox is not running, so there is nowhere to rehearse; nothing was changed. Start the sandbox and try again."));
      return;
    }

  job = _sluice_rehearsal_job_new (self, cancellable);
  g_task_set_task_data (task, job, (GDestroyNotify) _sluice_rehearsal_job_free);

  self->busy = TRUE;
  g_ptr_array_set_size (self->statements, 0);
  self->duration_ms = 0;
  self->down_tested = FALSE;
  g_clear_object (&self->reversibility_diff);
  g_free (self->database_name);
  self->database_name = new_database_name ();
  job->probe_name = g_strdup_printf ("%s_probe", self->database_name);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DATABASE_NAME]);

  message = g_strdup_printf (_("Rehearsing in the sandbox database %s: the target's schema is copied there, nothing is written to the target"),
                             self->database_name);
  _sluice_rehearsal_emit (self, SLUICE_RUN_EVENT_STEP, NULL, message);

  _sluice_rehearsal_clone (task);
}

gboolean
sluice_rehearsal_run_finish (SluiceRehearsal  *self,
                             GAsyncResult     *result,
                             GError          **error)
{
  g_return_val_if_fail (SLUICE_IS_REHEARSAL (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == sluice_rehearsal_run_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

GPtrArray *
sluice_rehearsal_get_statements (SluiceRehearsal *self)
{
  g_return_val_if_fail (SLUICE_IS_REHEARSAL (self), NULL);
  return self->statements;
}

double
sluice_rehearsal_get_duration_ms (SluiceRehearsal *self)
{
  g_return_val_if_fail (SLUICE_IS_REHEARSAL (self), 0);
  return self->duration_ms;
}

gboolean
sluice_rehearsal_get_down_tested (SluiceRehearsal *self)
{
  g_return_val_if_fail (SLUICE_IS_REHEARSAL (self), FALSE);
  return self->down_tested;
}

SluiceDiff *
sluice_rehearsal_get_reversibility_diff (SluiceRehearsal *self)
{
  g_return_val_if_fail (SLUICE_IS_REHEARSAL (self), NULL);
  return self->reversibility_diff;
}

const char *
sluice_rehearsal_get_database_name (SluiceRehearsal *self)
{
  g_return_val_if_fail (SLUICE_IS_REHEARSAL (self), NULL);
  return self->database_name;
}

static void
sluice_rehearsal_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  SluiceRehearsal *self = SLUICE_REHEARSAL (object);

  switch (prop_id)
    {
    case PROP_KEEP_DATABASE:
      g_value_set_boolean (value, self->keep_database);
      break;
    case PROP_DATABASE_NAME:
      g_value_set_string (value, self->database_name);
      break;
    case PROP_DURATION_MS:
      g_value_set_double (value, self->duration_ms);
      break;
    case PROP_DOWN_TESTED:
      g_value_set_boolean (value, self->down_tested);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sluice_rehearsal_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  SluiceRehearsal *self = SLUICE_REHEARSAL (object);

  switch (prop_id)
    {
    case PROP_KEEP_DATABASE:
      sluice_rehearsal_set_keep_database (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sluice_rehearsal_finalize (GObject *object)
{
  SluiceRehearsal *self = SLUICE_REHEARSAL (object);

  g_clear_object (&self->target);
  g_clear_object (&self->sandbox);
  g_clear_pointer (&self->migrations, g_ptr_array_unref);
  g_clear_pointer (&self->database_name, g_free);
  g_clear_pointer (&self->statements, g_ptr_array_unref);
  g_clear_object (&self->reversibility_diff);

  G_OBJECT_CLASS (sluice_rehearsal_parent_class)->finalize (object);
}

#define RO (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY)

static void
sluice_rehearsal_class_init (SluiceRehearsalClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = sluice_rehearsal_get_property;
  object_class->set_property = sluice_rehearsal_set_property;
  object_class->finalize = sluice_rehearsal_finalize;

  properties[PROP_KEEP_DATABASE] =
    g_param_spec_boolean ("keep-database", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_DATABASE_NAME] = g_param_spec_string ("database-name", NULL, NULL, NULL, RO);
  properties[PROP_DURATION_MS] = g_param_spec_double ("duration-ms", NULL, NULL, 0, G_MAXDOUBLE, 0, RO);
  properties[PROP_DOWN_TESTED] = g_param_spec_boolean ("down-tested", NULL, NULL, FALSE, RO);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* SluiceRunEvent *event */
  signals[EVENT] = g_signal_new ("event", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                 0, NULL, NULL, NULL, G_TYPE_NONE, 1, SLUICE_TYPE_RUN_EVENT);
}

static void
sluice_rehearsal_init (SluiceRehearsal *self)
{
  self->migrations = g_ptr_array_new_with_free_func (g_object_unref);
  self->statements = g_ptr_array_new_with_free_func ((GDestroyNotify) sluice_rehearsal_statement_free);
}
