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
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "sluice-catalog.h"
#include "sluice-error.h"
#include "sluice-executor.h"
#include "sluice-history.h"
#include "sluice-history-writer.h"
#include "sluice-lock-mode.h"
#include "sluice-pg-client.h"
#include "sluice-rehearsal.h"
#include "sluice-run-monitor.h"
#include "sluice-sql.h"
#include "sluice-sql-mask.h"
#include "sluice-sql-quote.h"

/* Fast enough to catch the locks of a short CREATE INDEX CONCURRENTLY,
 * cheap on a local sandbox. */
#define PROBE_SAMPLE_INTERVAL_MS 5

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

struct _SluiceRehearsal
{
  GObject                parent_instance;

  SluiceConnection      *target;
  SluiceSandbox         *sandbox;
  GPtrArray             *migrations;
  SluiceMigrationFormat  history_format;
  gboolean               keep_database;

  char                  *database_name;
  GPtrArray             *statements;      /* SluiceRehearsalStatement */
  double                 duration_ms;
  gboolean               down_tested;
  SluiceDiff            *reversibility_diff;
  gboolean               busy;
};

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

/* A table of the probe database, as its own connection sees it. */
typedef struct
{
  char   *name;
  gint64  filenode;
} TableState;

static void
table_state_free (TableState *state)
{
  g_free (state->name);
  g_free (state);
}

/* One run of the rehearsal: the GTask's data. */
typedef struct
{
  SluiceRehearsal     *self;
  GCancellable        *cancellable;
  char                *probe_name;
  char                *work_dir;
  char                *dump_path;
  GSubprocessLauncher *launcher;      /* keeps the passfile while a program runs */
  GSubprocess         *subprocess;

  SluiceConnection    *admin;
  SluiceConnection    *runner;        /* the executor's, on the rehearsal database */
  SluiceConnection    *observer;      /* snapshots of the rehearsal database */
  SluiceConnection    *probe;         /* runs the statements one by one, on the twin */
  SluiceConnection    *probe_observer;
  SluiceRunMonitor    *monitor;
  SluiceExecutor      *executor;
  gboolean             created_database;
  gboolean             created_probe;
  SluiceCatalog       *pre;
  GError              *error;         /* the first failure, returned after cleaning up */
  gint64               run_started;

  /* The probe pass */
  guint                migration_index;
  GPtrArray           *split;         /* SluiceStatement of the current migration */
  guint                statement_index;
  gboolean             in_transaction;
  GHashTable          *tables_before; /* oid text -> TableState */
  GHashTable          *names_before;  /* qualified name -> oid text */
  GHashTable          *locks_before;  /* "oid mode" held by the transaction */
  GHashTable          *sampled;       /* qualified name -> SluiceLockMode, from the monitor */
  char                *running_sql;   /* the statement the probe's backend runs now */
} Job;

static void
job_free (Job *job)
{
  if (job->monitor != NULL)
    {
      sluice_run_monitor_stop (job->monitor);
      g_signal_handlers_disconnect_by_data (job->monitor, job);
    }
  if (job->subprocess != NULL)
    g_subprocess_force_exit (job->subprocess);
  g_clear_object (&job->subprocess);
  g_clear_object (&job->launcher);
  if (job->dump_path != NULL)
    g_unlink (job->dump_path);
  if (job->work_dir != NULL)
    g_rmdir (job->work_dir);
  g_free (job->dump_path);
  g_free (job->work_dir);
  g_free (job->probe_name);
  g_clear_object (&job->cancellable);
  g_clear_object (&job->admin);
  g_clear_object (&job->runner);
  g_clear_object (&job->observer);
  g_clear_object (&job->probe);
  g_clear_object (&job->probe_observer);
  g_clear_object (&job->monitor);
  g_clear_object (&job->executor);
  g_clear_object (&job->pre);
  g_clear_error (&job->error);
  g_clear_pointer (&job->split, g_ptr_array_unref);
  g_clear_pointer (&job->tables_before, g_hash_table_unref);
  g_clear_pointer (&job->names_before, g_hash_table_unref);
  g_clear_pointer (&job->locks_before, g_hash_table_unref);
  g_clear_pointer (&job->sampled, g_hash_table_unref);
  g_free (job->running_sql);
  g_free (job);
}

static Job *
job_of (GTask *task)
{
  return g_task_get_task_data (task);
}

static void
emit (SluiceRehearsal    *self,
      SluiceRunEventKind  kind,
      const char         *version,
      const char         *message)
{
  g_autoptr(SluiceRunEvent) event = sluice_run_event_new (kind, version, message);

  g_signal_emit (self, signals[EVENT], 0, event);
}

static void cleanup (GTask *task);

/* Keeps the first error and cleans up: the sandbox databases go even when
 * the rehearsal could not finish. */
static void
fail (GTask  *task,
      GError *error)
{
  Job *job = job_of (task);

  if (job->error == NULL)
    job->error = error;
  else
    g_error_free (error);
  cleanup (task);
}

static char *
sandbox_conninfo (Job        *job,
                  const char *dbname)
{
  return sluice_sandbox_dup_conninfo (job->self->sandbox, dbname);
}

static SluiceConnection *
new_sandbox_connection (Job        *job,
                        const char *dbname)
{
  g_autofree char *conninfo = sandbox_conninfo (job, dbname);

  return sluice_connection_new (conninfo, NULL);
}

/* Cleaning up ---------------------------------------------------------------- */

static void
finish (GTask *task)
{
  Job *job = job_of (task);

  job->self->busy = FALSE;
  if (job->error != NULL)
    g_task_return_error (task, g_steal_pointer (&job->error));
  else
    g_task_return_boolean (task, TRUE);
}

static void drop_next (GTask *task);

static void
on_dropped (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Job *job = job_of (task);
  g_autoptr(SluiceResult) rows = NULL;
  g_autoptr(GError) error = NULL;

  rows = sluice_connection_query_finish (SLUICE_CONNECTION (object), result, &error);
  if (rows == NULL)
    {
      g_autofree char *message = NULL;

      message = g_strdup_printf (_("A database of the rehearsal could not be dropped from the sandbox (%s); drop it by hand when convenient."),
                                 error->message);
      emit (job->self, SLUICE_RUN_EVENT_WARNING, NULL, message);
    }
  drop_next (task);
}

static void
drop_database (GTask      *task,
               const char *name)
{
  Job *job = job_of (task);
  g_autofree char *quoted = sluice_quote_identifier (name);
  g_autofree char *sql = g_strdup_printf ("DROP DATABASE IF EXISTS %s WITH (FORCE)", quoted);

  sluice_connection_query_async (job->admin, sql, NULL, 0, NULL, on_dropped, g_object_ref (task));
}

static void
drop_next (GTask *task)
{
  Job *job = job_of (task);
  SluiceRehearsal *self = job->self;

  if (job->created_probe)
    {
      job->created_probe = FALSE;
      drop_database (task, job->probe_name);
      return;
    }

  if (job->created_database && !self->keep_database)
    {
      job->created_database = FALSE;
      drop_database (task, self->database_name);
      return;
    }

  if (job->created_database && self->keep_database)
    {
      g_autofree char *message = NULL;

      message = g_strdup_printf (_("The rehearsal database %s is kept in the sandbox; drop it when you are done with it."),
                                 self->database_name);
      emit (self, SLUICE_RUN_EVENT_INFO, NULL, message);
      job->created_database = FALSE;
    }

  if (job->admin != NULL)
    sluice_connection_close (job->admin);
  finish (task);
}

static void
close_connection (SluiceConnection *connection)
{
  if (connection != NULL)
    sluice_connection_close (connection);
}

static void
cleanup (GTask *task)
{
  Job *job = job_of (task);

  if (job->monitor != NULL)
    sluice_run_monitor_stop (job->monitor);
  close_connection (job->runner);
  close_connection (job->observer);
  close_connection (job->probe);
  close_connection (job->probe_observer);

  if (job->admin == NULL || sluice_connection_get_state (job->admin) != SLUICE_CONNECTION_READY)
    {
      finish (task);
      return;
    }

  drop_next (task);
}

/* Reversibility ------------------------------------------------------------- */

static void
on_post_captured (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Job *job = job_of (task);
  SluiceRehearsal *self = job->self;
  g_autoptr(SluiceCatalog) post = NULL;
  g_autofree char *summary = NULL;
  g_autofree char *message = NULL;
  GError *error = NULL;

  post = sluice_catalog_capture_finish (result, &error);
  if (post == NULL)
    {
      g_prefix_error (&error, _("The schema after the down migrations could not be read: "));
      fail (task, error);
      return;
    }

  g_clear_object (&self->reversibility_diff);
  self->reversibility_diff = sluice_diff_new (job->pre, post, 0);
  if (sluice_diff_is_empty (self->reversibility_diff))
    {
      emit (self, SLUICE_RUN_EVENT_INFO, NULL,
            _("The down migrations brought the schema back to what it was before: the migrations are reversible."));
    }
  else
    {
      summary = sluice_diff_describe (self->reversibility_diff);
      message = g_strdup_printf (_("After the down migrations the schema is not what it was before (%s): the migrations are not reversible as written. Fix the down migrations before relying on a rollback."),
                                 summary);
      emit (self, SLUICE_RUN_EVENT_WARNING, NULL, message);
    }

  cleanup (task);
}

static void
capture_post (GTask *task)
{
  Job *job = job_of (task);

  sluice_catalog_capture_async (job->observer, NULL, job->cancellable,
                                on_post_captured, g_object_ref (task));
}

static void
on_down_done (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Job *job = job_of (task);
  g_auto(GStrv) done = NULL;
  GError *error = NULL;

  job->self->down_tested = TRUE;
  g_object_notify_by_pspec (G_OBJECT (job->self), properties[PROP_DOWN_TESTED]);

  if (!sluice_executor_run_finish (SLUICE_EXECUTOR (object), result, &done, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          fail (task, error);
          return;
        }

      /* Still compare the schema: it shows how far from reversible. */
      g_prefix_error (&error, _("A down migration failed in the rehearsal: "));
      job->error = error;
    }

  capture_post (task);
}

static gboolean
every_migration_has_down (SluiceRehearsal *self)
{
  for (guint i = 0; i < self->migrations->len; i++)
    {
      if (sluice_migration_get_down_sql (g_ptr_array_index (self->migrations, i)) == NULL)
        return FALSE;
    }

  return self->migrations->len > 0;
}

static void
on_executor_event (SluiceExecutor  *executor,
                   SluiceRunEvent  *event,
                   SluiceRehearsal *self)
{
  g_signal_emit (self, signals[EVENT], 0, event);
}

static SluiceExecutor *
new_executor (Job                *job,
              SluiceRunDirection  direction)
{
  SluiceExecuteOptions options;
  SluiceExecutor *executor;

  sluice_execute_options_init (&options);
  options.direction = direction;
  options.history_format = job->self->history_format;
  /* Nothing else uses the sandbox database: a lock wait is a bug to see. */
  options.lock_retries = 0;
  options.note = direction == SLUICE_RUN_UP ? "rehearsal" : "rehearsal (down)";

  executor = sluice_executor_new (job->runner, &options);
  g_signal_connect_object (executor, "event", G_CALLBACK (on_executor_event), job->self, 0);
  return executor;
}

static void
run_downs (GTask *task)
{
  Job *job = job_of (task);
  SluiceRehearsal *self = job->self;
  g_autoptr(GPtrArray) newest_first = NULL;

  if (!every_migration_has_down (self))
    {
      emit (self, SLUICE_RUN_EVENT_WARNING, NULL,
            _("Not every migration has a down migration, so reversibility was not tested; a rollback would need DDL generated from the snapshot."));
      cleanup (task);
      return;
    }

  emit (self, SLUICE_RUN_EVENT_STEP, NULL, _("Running the down migrations in the sandbox"));
  newest_first = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = self->migrations->len; i > 0; i--)
    g_ptr_array_add (newest_first, g_object_ref (g_ptr_array_index (self->migrations, i - 1)));

  g_clear_object (&job->executor);
  job->executor = new_executor (job, SLUICE_RUN_DOWN);
  sluice_executor_run_async (job->executor, newest_first, job->cancellable,
                             on_down_done, g_object_ref (task));
}

/* The real run, by the executor ----------------------------------------------- */

static void
on_up_done (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Job *job = job_of (task);
  g_auto(GStrv) done = NULL;
  GError *error = NULL;

  job->self->duration_ms = (g_get_monotonic_time () - job->run_started) / 1000.0;
  g_object_notify_by_pspec (G_OBJECT (job->self), properties[PROP_DURATION_MS]);

  if (!sluice_executor_run_finish (SLUICE_EXECUTOR (object), result, &done, &error))
    {
      g_prefix_error (&error, _("The migrations failed in the rehearsal, so they would fail on the target too; nothing was changed on the target: "));
      fail (task, error);
      return;
    }

  run_downs (task);
}

static void
run_executor (GTask *task)
{
  Job *job = job_of (task);

  emit (job->self, SLUICE_RUN_EVENT_STEP, NULL, _("Running the migrations in the sandbox as the real run will"));
  job->executor = new_executor (job, SLUICE_RUN_UP);
  job->run_started = g_get_monotonic_time ();
  sluice_executor_run_async (job->executor, job->self->migrations, job->cancellable,
                             on_up_done, g_object_ref (task));
}

/* The probe pass: each statement measured ------------------------------------ */

/* Run on the probe's own connection, so it sees its transaction's changes. */
static const char *const state_queries[] = {
  "SELECT c.oid::text, format('%I.%I', n.nspname, c.relname), c.relfilenode::int8"
  "  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
  " WHERE c.relkind IN ('r', 'p', 'm', 'f', 'v')"
  "   AND n.nspname NOT IN ('pg_catalog', 'information_schema')"
  "   AND n.nspname NOT LIKE 'pg\\_toast%'"
  "   AND n.nspname NOT LIKE 'pg\\_temp%'",
  "SELECT l.relation::text, l.mode"
  "  FROM pg_locks l"
  " WHERE l.pid = pg_backend_pid() AND l.granted AND l.locktype = 'relation'"
  "   AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())",
  NULL
};

static GHashTable *
read_tables (SluiceResult *result)
{
  GHashTable *tables = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                              (GDestroyNotify) table_state_free);

  for (int row = 0; row < sluice_result_get_n_rows (result); row++)
    {
      TableState *state = g_new0 (TableState, 1);

      state->name = g_strdup (sluice_result_get_value (result, row, 1));
      state->filenode = sluice_result_get_int64 (result, row, 2);
      g_hash_table_insert (tables, g_strdup (sluice_result_get_value (result, row, 0)), state);
    }

  return tables;
}

static char *
lock_key (const char *oid,
          const char *mode)
{
  return g_strdup_printf ("%s %s", oid, mode);
}

static void
merge_lock (GHashTable     *locks,
            const char     *name,
            SluiceLockMode  mode)
{
  SluiceLockMode current = GPOINTER_TO_INT (g_hash_table_lookup (locks, name));

  if (mode > current)
    g_hash_table_insert (locks, g_strdup (name), GINT_TO_POINTER (mode));
}

/* A lock the monitor saw the probe's backend hold or wait for while the
 * statement ran: the locks of a statement outside a transaction are gone
 * by the time it returns.  Only locks on tables that existed before the
 * statement count (a table it creates blocks nobody), and only the ones
 * the transaction did not hold already. */
static void
merge_sampled_lock (Job        *job,
                    const char *lock_type,
                    const char *mode_text,
                    const char *relation)
{
  g_autofree char *key = NULL;
  const char *oid = NULL;
  const char *name = NULL;
  SluiceLockMode mode;
  TableState *state;

  if (g_strcmp0 (lock_type, "relation") != 0 || relation == NULL
      || !sluice_lock_mode_from_string (mode_text, &mode))
    return;

  /* A relation the observer cannot see yet shows as its OID. */
  if ((state = g_hash_table_lookup (job->tables_before, relation)) != NULL)
    {
      oid = relation;
      name = state->name;
    }
  else if ((oid = g_hash_table_lookup (job->names_before, relation)) != NULL)
    name = relation;
  else
    return;

  key = lock_key (oid, mode_text);
  if (!g_hash_table_contains (job->locks_before, key))
    merge_lock (job->sampled, name, mode);
}

static void
on_probe_sample (SluiceRunMonitor *monitor,
                 SluiceRunSample  *sample,
                 Job              *job)
{
  const char *query = sluice_run_sample_get_query (sample);
  GPtrArray *held = sluice_run_sample_get_held (sample);
  GPtrArray *waits = sluice_run_sample_get_waits (sample);

  /* pg_stat_activity shows the statement (cut at track_activity_query_size)
   * while it runs: a sample of anything else is not this statement's. */
  if (job->running_sql == NULL || query == NULL || *query == '\0'
      || strncmp (job->running_sql, query, strlen (query)) != 0)
    return;

  for (guint i = 0; i < held->len; i++)
    {
      SluiceHeldLock *lock = g_ptr_array_index (held, i);

      merge_sampled_lock (job, lock->lock_type, lock->mode, lock->relation);
    }

  for (guint i = 0; i < waits->len; i++)
    {
      SluiceLockWait *wait = g_ptr_array_index (waits, i);

      merge_sampled_lock (job, sluice_lock_wait_get_lock_type (wait), sluice_lock_wait_get_mode (wait),
                          sluice_lock_wait_get_relation (wait));
    }
}

typedef struct
{
  const char     *name;
  SluiceLockMode  mode;
} NamedLock;

static int
compare_named_locks (gconstpointer a,
                     gconstpointer b)
{
  const NamedLock *la = a;
  const NamedLock *lb = b;

  if (la->mode != lb->mode)
    return la->mode > lb->mode ? -1 : 1;
  return g_strcmp0 (la->name, lb->name);
}

static GStrv
locks_to_strv (GHashTable *locks)
{
  g_autoptr(GArray) sorted = g_array_new (FALSE, FALSE, sizeof (NamedLock));
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_iter_init (&iter, locks);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      NamedLock lock = { key, GPOINTER_TO_INT (value) };

      g_array_append_val (sorted, lock);
    }
  g_array_sort (sorted, compare_named_locks);

  for (guint i = 0; i < sorted->len; i++)
    {
      NamedLock *lock = &g_array_index (sorted, NamedLock, i);

      g_autofree char *text = NULL;

      /* Translators: "ACCESS EXCLUSIVE on public.orders" */
      text = g_strdup_printf (_("%s on %s"), sluice_lock_mode_to_string (lock->mode), lock->name);
      g_strv_builder_add (builder, text);
    }

  return g_strv_builder_end (builder);
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

static GStrv
find_rewrites (GHashTable *before,
               GHashTable *after)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_iter_init (&iter, before);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      TableState *old_state = value;
      TableState *new_state = g_hash_table_lookup (after, key);

      if (old_state->filenode != 0 && new_state != NULL && new_state->filenode != 0
          && new_state->filenode != old_state->filenode)
        g_ptr_array_add (names, new_state->name);
    }

  g_ptr_array_sort (names, compare_names);
  for (guint i = 0; i < names->len; i++)
    g_strv_builder_add (builder, g_ptr_array_index (names, i));
  return g_strv_builder_end (builder);
}

static char *
describe_statement (const SluiceRehearsalStatement *statement,
                    guint                           count,
                    gboolean                        held_locks_before)
{
  g_autoptr(GString) text = g_string_new (NULL);

  /* Translators: "statement 2/5: " */
  g_string_append_printf (text, _("statement %u/%u: "), statement->index, count);
  if (statement->locks[0] != NULL)
    {
      g_autofree char *locks = g_strjoinv (", ", statement->locks);

      g_string_append_printf (text, _("took %s"), locks);
    }
  else if (held_locks_before)
    g_string_append (text, _("took no lock on an existing table that its transaction did not hold already"));
  else
    g_string_append (text, _("took no lock on an existing table"));

  if (statement->rewritten[0] != NULL)
    {
      g_autofree char *tables = g_strjoinv (", ", statement->rewritten);

      g_string_append_printf (text, _("; rewrote %s"), tables);
    }

  g_string_append_printf (text, _(" (%.0f ms)"), statement->duration_ms);
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void probe_next_statement (GTask *task);
static void probe_next_migration (GTask *task);

static SluiceMigration *
current_migration (Job *job)
{
  return g_ptr_array_index (job->self->migrations, job->migration_index);
}

static void
on_state_after (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Job *job = job_of (task);
  SluiceRehearsalStatement *statement;
  g_autoptr(GPtrArray) results = NULL;
  g_autoptr(GHashTable) tables_after = NULL;
  g_autofree char *message = NULL;
  SluiceResult *locks;
  GError *error = NULL;

  results = sluice_connection_pipeline_finish (SLUICE_CONNECTION (object), result, &error);
  if (results == NULL)
    {
      fail (task, error);
      return;
    }

  statement = g_ptr_array_index (job->self->statements, job->self->statements->len - 1);
  tables_after = read_tables (g_ptr_array_index (results, 0));

  /* New locks of the transaction: this statement's. */
  locks = g_ptr_array_index (results, 1);
  for (int row = 0; row < sluice_result_get_n_rows (locks); row++)
    {
      const char *oid = sluice_result_get_value (locks, row, 0);
      const char *mode_text = sluice_result_get_value (locks, row, 1);
      g_autofree char *key = lock_key (oid, mode_text);
      TableState *state = g_hash_table_lookup (job->tables_before, oid);
      TableState *renamed = g_hash_table_lookup (tables_after, oid);
      SluiceLockMode mode;

      if (state == NULL || g_hash_table_contains (job->locks_before, key)
          || !sluice_lock_mode_from_string (mode_text, &mode))
        continue;
      merge_lock (job->sampled, renamed != NULL ? renamed->name : state->name, mode);
    }

  statement->locks = locks_to_strv (job->sampled);
  statement->rewritten = find_rewrites (job->tables_before, tables_after);

  message = describe_statement (statement, job->split->len, g_hash_table_size (job->locks_before) > 0);
  emit (job->self, SLUICE_RUN_EVENT_INFO, statement->version, message);

  job->statement_index++;
  probe_next_statement (task);
}

static void
on_statement_run (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Job *job = job_of (task);
  SluiceStatement *split = g_ptr_array_index (job->split, job->statement_index);
  SluiceMigration *migration = current_migration (job);
  SluiceRehearsalStatement *statement;
  g_autoptr(SluiceResult) rows = NULL;
  GError *error = NULL;

  rows = sluice_connection_query_finish (SLUICE_CONNECTION (object), result, &error);
  g_clear_pointer (&job->running_sql, g_free);
  if (rows == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_prefix_error (&error, _("Statement %u of migration %s failed in the rehearsal, so it would fail on the target too; nothing was changed on the target: "),
                        job->statement_index + 1, sluice_migration_get_version (migration));
      fail (task, error);
      return;
    }

  statement = g_new0 (SluiceRehearsalStatement, 1);
  statement->version = g_strdup (sluice_migration_get_version (migration));
  statement->index = job->statement_index + 1;
  /* Shown and logged: a role's password is not. */
  statement->sql = sluice_sql_mask_passwords (split->text);
  statement->duration_ms = sluice_result_get_elapsed_us (rows) / 1000.0;
  g_ptr_array_add (job->self->statements, statement);

  sluice_connection_pipeline_async (job->probe, state_queries, job->cancellable,
                                    on_state_after, g_object_ref (task));
}

static void
on_state_before (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Job *job = job_of (task);
  SluiceStatement *split = g_ptr_array_index (job->split, job->statement_index);
  g_autoptr(GPtrArray) results = NULL;
  SluiceResult *locks;
  GHashTableIter iter;
  gpointer key, value;
  GError *error = NULL;

  results = sluice_connection_pipeline_finish (SLUICE_CONNECTION (object), result, &error);
  if (results == NULL)
    {
      fail (task, error);
      return;
    }

  g_clear_pointer (&job->tables_before, g_hash_table_unref);
  job->tables_before = read_tables (g_ptr_array_index (results, 0));
  g_hash_table_remove_all (job->names_before);
  g_hash_table_iter_init (&iter, job->tables_before);
  while (g_hash_table_iter_next (&iter, &key, &value))
    g_hash_table_insert (job->names_before, g_strdup (((TableState *) value)->name), g_strdup (key));

  g_hash_table_remove_all (job->locks_before);
  locks = g_ptr_array_index (results, 1);
  for (int row = 0; row < sluice_result_get_n_rows (locks); row++)
    {
      const char *oid = sluice_result_get_value (locks, row, 0);

      /* The catalogs our own queries read are no one's business. */
      if (g_hash_table_contains (job->tables_before, oid))
        g_hash_table_add (job->locks_before, lock_key (oid, sluice_result_get_value (locks, row, 1)));
    }

  g_hash_table_remove_all (job->sampled);
  g_free (job->running_sql);
  job->running_sql = g_strdup (split->text);
  sluice_connection_query_async (job->probe, split->text, NULL, 0, job->cancellable,
                                 on_statement_run, g_object_ref (task));
}

static void
on_transaction_command (GObject      *object,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Job *job = job_of (task);
  g_autoptr(SluiceResult) rows = NULL;
  GError *error = NULL;

  rows = sluice_connection_query_finish (SLUICE_CONNECTION (object), result, &error);
  if (rows == NULL)
    {
      fail (task, error);
      return;
    }

  if (job->statement_index < job->split->len)
    {
      probe_next_statement (task);
      return;
    }

  /* Committed: on to the next migration. */
  job->in_transaction = FALSE;
  job->migration_index++;
  probe_next_migration (task);
}

static void
probe_next_statement (GTask *task)
{
  Job *job = job_of (task);

  if (job->statement_index < job->split->len)
    {
      sluice_connection_pipeline_async (job->probe, state_queries, job->cancellable,
                                        on_state_before, g_object_ref (task));
      return;
    }

  if (job->in_transaction)
    {
      sluice_connection_query_async (job->probe, "COMMIT", NULL, 0, job->cancellable,
                                     on_transaction_command, g_object_ref (task));
      return;
    }

  job->migration_index++;
  probe_next_migration (task);
}

/* As the executor decides: one transaction unless the migration says no
 * or a statement cannot run in one. */
static gboolean
runs_in_transaction (SluiceMigration *migration,
                     GPtrArray       *split)
{
  if (!sluice_migration_get_transactional (migration))
    return FALSE;

  for (guint i = 0; i < split->len; i++)
    {
      SluiceStatement *statement = g_ptr_array_index (split, i);

      if (sluice_sql_needs_autocommit (statement->text))
        return FALSE;
    }

  return TRUE;
}

static void
probe_next_migration (GTask *task)
{
  Job *job = job_of (task);
  SluiceMigration *migration;
  const char *up_sql;
  GError *error = NULL;

  if (g_cancellable_set_error_if_cancelled (job->cancellable, &error))
    {
      fail (task, error);
      return;
    }

  if (job->migration_index >= job->self->migrations->len)
    {
      sluice_run_monitor_stop (job->monitor);
      run_executor (task);
      return;
    }

  migration = current_migration (job);
  g_clear_pointer (&job->split, g_ptr_array_unref);
  up_sql = sluice_migration_get_up_sql (migration);
  job->split = sluice_sql_split (up_sql != NULL ? up_sql : "",
                                 sluice_migration_get_up_line (migration), &error);
  if (job->split == NULL)
    {
      fail (task, error);
      return;
    }

  job->statement_index = 0;
  job->in_transaction = runs_in_transaction (migration, job->split) && job->split->len > 0;
  if (job->in_transaction)
    {
      sluice_connection_query_async (job->probe, "BEGIN", NULL, 0, job->cancellable,
                                     on_transaction_command, g_object_ref (task));
      return;
    }

  probe_next_statement (task);
}

static void
start_probe (GTask *task)
{
  Job *job = job_of (task);

  emit (job->self, SLUICE_RUN_EVENT_STEP, NULL, _("Measuring the locks and rewrites of each statement in the sandbox"));
  job->monitor = sluice_run_monitor_new (job->probe_observer,
                                         sluice_connection_get_backend_pid (job->probe),
                                         PROBE_SAMPLE_INTERVAL_MS);
  g_signal_connect (job->monitor, "sample", G_CALLBACK (on_probe_sample), job);
  sluice_run_monitor_start (job->monitor);
  job->migration_index = 0;
  probe_next_migration (task);
}

/* The pre-snapshot and the history tables ------------------------------------- */

static void
on_pre_captured (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Job *job = job_of (task);
  GError *error = NULL;

  job->pre = sluice_catalog_capture_finish (result, &error);
  if (job->pre == NULL)
    {
      g_prefix_error (&error, _("The schema of the rehearsal database could not be read: "));
      fail (task, error);
      return;
    }

  start_probe (task);
}

static void
on_history_ready (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Job *job = job_of (task);
  g_autoptr(GPtrArray) results = NULL;
  GError *error = NULL;

  results = sluice_connection_pipeline_finish (SLUICE_CONNECTION (object), result, &error);
  if (results == NULL)
    {
      g_prefix_error (&error, _("The history tables could not be created in the rehearsal database: "));
      fail (task, error);
      return;
    }

  sluice_catalog_capture_async (job->observer, NULL, job->cancellable,
                                on_pre_captured, g_object_ref (task));
}

/* The executor creates its history tables on the first run; creating them
 * first keeps them out of the reversibility diff (the downs remove rows,
 * not tables). */
static void
create_history_tables (GTask *task)
{
  Job *job = job_of (task);
  g_autoptr(GPtrArray) statements = NULL;
  g_autoptr(GPtrArray) tool_statements = NULL;
  g_autoptr(GPtrArray) sql = g_ptr_array_new ();
  GError *error = NULL;

  statements = sluice_sql_split (sluice_history_schema_sql (), 1, &error);
  if (statements == NULL)
    {
      fail (task, error);
      return;
    }
  tool_statements = sluice_history_writer_setup_statements (job->self->history_format, NULL, &error);
  if (tool_statements == NULL)
    {
      fail (task, error);
      return;
    }

  for (guint i = 0; i < statements->len; i++)
    g_ptr_array_add (sql, ((SluiceStatement *) g_ptr_array_index (statements, i))->text);
  for (guint i = 0; i < tool_statements->len; i++)
    g_ptr_array_add (sql, g_ptr_array_index (tool_statements, i));
  g_ptr_array_add (sql, NULL);

  /* pipeline_async copies nothing it does not need after sending. */
  g_object_set_data_full (G_OBJECT (task), "history-statements", g_ptr_array_ref (statements),
                          (GDestroyNotify) g_ptr_array_unref);
  g_object_set_data_full (G_OBJECT (task), "history-tool-statements", g_ptr_array_ref (tool_statements),
                          (GDestroyNotify) g_ptr_array_unref);
  sluice_connection_pipeline_async (job->runner, (const char * const *) sql->pdata, job->cancellable,
                                    on_history_ready, g_object_ref (task));
}

/* Connections ------------------------------------------------------------------- */

static void connect_next (GTask *task);

static SluiceConnection **
next_unconnected (Job         *job,
                  const char **dbname)
{
  SluiceConnection **slots[] = { &job->runner, &job->observer, &job->probe, &job->probe_observer };

  for (guint i = 0; i < G_N_ELEMENTS (slots); i++)
    {
      if (*slots[i] == NULL)
        {
          *dbname = i < 2 ? job->self->database_name : job->probe_name;
          return slots[i];
        }
    }

  return NULL;
}

static void
on_connected (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (!sluice_connection_connect_finish (SLUICE_CONNECTION (object), result, &error))
    {
      g_prefix_error (&error, _("Could not connect to the rehearsal database in the sandbox: "));
      fail (task, error);
      return;
    }

  connect_next (task);
}

static void
connect_next (GTask *task)
{
  Job *job = job_of (task);
  const char *dbname = NULL;
  SluiceConnection **slot = next_unconnected (job, &dbname);

  if (slot == NULL)
    {
      create_history_tables (task);
      return;
    }

  *slot = new_sandbox_connection (job, dbname);
  sluice_connection_connect_async (*slot, job->cancellable, on_connected, g_object_ref (task));
}

static void
on_probe_created (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Job *job = job_of (task);
  g_autoptr(SluiceResult) rows = NULL;
  GError *error = NULL;

  rows = sluice_connection_query_finish (SLUICE_CONNECTION (object), result, &error);
  if (rows == NULL)
    {
      g_prefix_error (&error, _("Could not copy the rehearsal database in the sandbox: "));
      fail (task, error);
      return;
    }

  job->created_probe = TRUE;
  connect_next (task);
}

/* A copy of the restored schema, made while nobody is connected to it. */
static void
create_probe_database (GTask *task)
{
  Job *job = job_of (task);
  g_autofree char *probe = sluice_quote_identifier (job->probe_name);
  g_autofree char *source = sluice_quote_identifier (job->self->database_name);
  g_autofree char *sql = g_strdup_printf ("CREATE DATABASE %s TEMPLATE %s", probe, source);

  sluice_connection_query_async (job->admin, sql, NULL, 0, job->cancellable,
                                 on_probe_created, g_object_ref (task));
}

/* Cloning the schema -------------------------------------------------------------- */

/* The program's error output, trimmed, for a message. */
static gboolean
program_succeeded (GSubprocess   *subprocess,
                   GAsyncResult  *result,
                   const char    *program,
                   GError       **error)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  if (!g_subprocess_communicate_utf8_finish (subprocess, result, &out, &err, error))
    return FALSE;

  if (g_subprocess_get_if_exited (subprocess) && g_subprocess_get_exit_status (subprocess) == 0)
    return TRUE;

  g_set_error (error, SLUICE_ERROR, SLUICE_ERROR_FAILED,
               /* Translators: "pg_dump failed: <its message>" */
               _("%s failed: %s"), program, err != NULL ? g_strstrip (err) : "");
  return FALSE;
}

static gboolean
spawn_program (Job             *job,
               SluicePgClient  *client,
               const char      *program,
               const char     **args,
               GError         **error)
{
  g_autofree char *path = sluice_pg_client_find_program (program, error);
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();

  if (path == NULL)
    return FALSE;

  g_ptr_array_add (argv, path);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (char *) args[i]);
  g_ptr_array_add (argv, NULL);

  g_clear_object (&job->launcher);
  g_clear_object (&job->subprocess);
  job->launcher = sluice_pg_client_new_launcher (client);
  job->subprocess = g_subprocess_launcher_spawnv (job->launcher, (const char * const *) argv->pdata, error);
  return job->subprocess != NULL;
}

static void copy_registry (GTask *task);

static void
on_restored (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Job *job = job_of (task);
  GError *error = NULL;

  if (!program_succeeded (G_SUBPROCESS (object), result, "psql", &error))
    {
      g_prefix_error (&error, _("The target's schema could not be restored in the sandbox: "));
      fail (task, error);
      return;
    }

  g_clear_object (&job->subprocess);
  g_clear_object (&job->launcher);
  copy_registry (task);
}

/* psql runs job->dump_path in the rehearsal database. */
static void
restore_dump (GTask               *task,
              GAsyncReadyCallback  callback)
{
  Job *job = job_of (task);
  g_autofree char *conninfo = sandbox_conninfo (job, job->self->database_name);
  g_autoptr(SluicePgClient) client = NULL;
  GError *error = NULL;
  const char *args[] = {
    "--no-psqlrc", "--quiet", "--no-password", "--set", "ON_ERROR_STOP=1",
    "--dbname", conninfo, "--file", job->dump_path, NULL
  };

  client = sluice_pg_client_new_for_conninfo (conninfo, NULL, &error);
  if (client == NULL || !spawn_program (job, client, "psql", args, &error))
    {
      fail (task, error);
      return;
    }

  g_subprocess_communicate_utf8_async (job->subprocess, NULL, job->cancellable,
                                       callback, g_object_ref (task));
}

/* Sqitch's registry: its rows, not only its tables ------------------------------ */

static void
on_registry_restored (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Job *job = job_of (task);
  GError *error = NULL;

  if (!program_succeeded (G_SUBPROCESS (object), result, "psql", &error))
    {
      g_prefix_error (&error, _("The target's Sqitch registry could not be copied to the sandbox: "));
      fail (task, error);
      return;
    }

  g_clear_object (&job->subprocess);
  g_clear_object (&job->launcher);
  create_probe_database (task);
}

static void
on_registry_dumped (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Job *job = job_of (task);
  GError *error = NULL;

  if (!program_succeeded (G_SUBPROCESS (object), result, "pg_dump", &error))
    {
      g_prefix_error (&error, _("The target's Sqitch registry could not be dumped: "));
      fail (task, error);
      return;
    }

  g_clear_object (&job->subprocess);
  g_clear_object (&job->launcher);
  restore_dump (task, on_registry_restored);
}

static void
on_registry_probed (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Job *job = job_of (task);
  g_autoptr(SluiceResult) rows = NULL;
  g_autoptr(SluicePgClient) client = NULL;
  GError *error = NULL;

  rows = sluice_connection_query_finish (SLUICE_CONNECTION (object), result, &error);
  if (rows == NULL)
    {
      g_prefix_error (&error, _("The target's Sqitch registry could not be read: "));
      fail (task, error);
      return;
    }

  /* No registry yet: the executor's setup creates an empty one, as the
   * target's first `sqitch deploy` would. */
  if (sluice_result_get_n_rows (rows) == 0)
    {
      create_probe_database (task);
      return;
    }

  client = sluice_pg_client_new (job->self->target, &error);
  if (client == NULL)
    {
      fail (task, error);
      return;
    }

  g_unlink (job->dump_path);
  g_free (job->dump_path);
  job->dump_path = g_build_filename (job->work_dir, "sqitch-registry.sql", NULL);

  {
    const char *args[] = {
      "--data-only", "--schema=sqitch", "--no-password", "--file", job->dump_path,
      "--dbname", sluice_pg_client_get_conninfo (client), NULL
    };

    if (!spawn_program (job, client, "pg_dump", args, &error))
      {
        fail (task, error);
        return;
      }
  }

  g_subprocess_communicate_utf8_async (job->subprocess, NULL, job->cancellable,
                                       on_registry_dumped, g_object_ref (task));
}

/* The sandbox copy is schema-only, but a Sqitch change that requires one
 * deployed before names it in sqitch.dependencies, whose dependency_id
 * must be a row of sqitch.changes (NOT NULL for a require, a foreign key):
 * without the target's registry rows the rehearsal would fail where the
 * real run does not.  The registry is small; the rows are copied as they
 * are, so the history writer stays exactly Sqitch's. */
static void
copy_registry (GTask *task)
{
  Job *job = job_of (task);

  if (job->self->history_format != SLUICE_MIGRATION_FORMAT_SQITCH)
    {
      create_probe_database (task);
      return;
    }

  sluice_connection_query_async (job->self->target,
                                 "SELECT 1 FROM pg_namespace WHERE nspname = 'sqitch'",
                                 NULL, 0, job->cancellable, on_registry_probed, g_object_ref (task));
}

static void
on_dumped (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Job *job = job_of (task);
  GError *error = NULL;

  if (!program_succeeded (G_SUBPROCESS (object), result, "pg_dump", &error))
    {
      g_prefix_error (&error, _("The target's schema could not be dumped: "));
      fail (task, error);
      return;
    }

  g_clear_object (&job->subprocess);
  g_clear_object (&job->launcher);
  restore_dump (task, on_restored);
}

static void
dump_schema (GTask *task)
{
  Job *job = job_of (task);
  g_autoptr(SluicePgClient) client = NULL;
  GError *error = NULL;

  client = sluice_pg_client_new (job->self->target, &error);
  if (client == NULL)
    {
      fail (task, error);
      return;
    }

  job->work_dir = g_dir_make_tmp ("sluice-rehearsal-XXXXXX", &error);
  if (job->work_dir == NULL)
    {
      fail (task, error);
      return;
    }
  job->dump_path = g_build_filename (job->work_dir, "schema.sql", NULL);

  {
    const char *args[] = {
      "--schema-only", "--no-password", "--file", job->dump_path,
      "--dbname", sluice_pg_client_get_conninfo (client), NULL
    };

    if (!spawn_program (job, client, "pg_dump", args, &error))
      {
        fail (task, error);
        return;
      }
  }

  g_subprocess_communicate_utf8_async (job->subprocess, NULL, job->cancellable,
                                       on_dumped, g_object_ref (task));
}

static void
on_roles_created (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GPtrArray) results = NULL;
  GError *error = NULL;

  results = sluice_connection_pipeline_finish (SLUICE_CONNECTION (object), result, &error);
  if (results == NULL)
    {
      g_prefix_error (&error, _("The roles the target's schema names could not be created in the sandbox: "));
      fail (task, error);
      return;
    }

  dump_schema (task);
}

static void
on_sandbox_roles_read (GObject      *object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Job *job = job_of (task);
  g_autoptr(SluiceResult) rows = NULL;
  g_autoptr(GHashTable) existing = NULL;
  g_autoptr(GPtrArray) statements = g_ptr_array_new_with_free_func (g_free);
  GStrv wanted = g_object_get_data (G_OBJECT (task), "target-roles");
  GError *error = NULL;

  rows = sluice_connection_query_finish (SLUICE_CONNECTION (object), result, &error);
  if (rows == NULL)
    {
      fail (task, error);
      return;
    }

  existing = g_hash_table_new (g_str_hash, g_str_equal);
  for (int row = 0; row < sluice_result_get_n_rows (rows); row++)
    g_hash_table_add (existing, (gpointer) sluice_result_get_value (rows, row, 0));

  for (guint i = 0; wanted != NULL && wanted[i] != NULL; i++)
    {
      g_autofree char *quoted = NULL;

      if (g_hash_table_contains (existing, wanted[i]))
        continue;
      quoted = sluice_quote_identifier (wanted[i]);
      g_ptr_array_add (statements, g_strdup_printf ("CREATE ROLE %s NOLOGIN", quoted));
    }

  if (statements->len == 0)
    {
      dump_schema (task);
      return;
    }

  g_ptr_array_add (statements, NULL);
  sluice_connection_pipeline_async (job->admin, (const char * const *) statements->pdata, job->cancellable,
                                    on_roles_created, g_object_ref (task));
}

/* The roles that own something in the target database or were granted
 * something there (pg_shdepend), its owner and the bootstrap superuser:
 * the roles its dump names. */
static const char target_roles_sql[] =
  "SELECT r.rolname FROM pg_roles r"
  " WHERE r.rolname !~ '^pg_'"
  "   AND (r.oid IN (SELECT d.refobjid FROM pg_shdepend d"
  "                   WHERE d.refclassid = 'pg_authid'::regclass"
  "                     AND d.dbid = (SELECT oid FROM pg_database WHERE datname = current_database()))"
  "        OR r.oid = (SELECT datdba FROM pg_database WHERE datname = current_database())"
  "        OR r.oid = 10)"
  " ORDER BY 1";

static void
on_target_roles_read (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Job *job = job_of (task);
  g_autoptr(SluiceResult) rows = NULL;
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  GError *error = NULL;

  rows = sluice_connection_query_finish (SLUICE_CONNECTION (object), result, &error);
  if (rows == NULL)
    {
      g_prefix_error (&error, _("The roles of the target could not be read: "));
      fail (task, error);
      return;
    }

  for (int row = 0; row < sluice_result_get_n_rows (rows); row++)
    g_strv_builder_add (builder, sluice_result_get_value (rows, row, 0));
  g_object_set_data_full (G_OBJECT (task), "target-roles", g_strv_builder_end (builder),
                          (GDestroyNotify) g_strfreev);

  sluice_connection_query_async (job->admin, "SELECT rolname FROM pg_roles", NULL, 0, job->cancellable,
                                 on_sandbox_roles_read, g_object_ref (task));
}

static void
on_database_created (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Job *job = job_of (task);
  g_autoptr(SluiceResult) rows = NULL;
  GError *error = NULL;

  rows = sluice_connection_query_finish (SLUICE_CONNECTION (object), result, &error);
  if (rows == NULL)
    {
      g_prefix_error (&error, _("Could not create the rehearsal database in the sandbox: "));
      fail (task, error);
      return;
    }

  job->created_database = TRUE;
  sluice_connection_query_async (job->self->target, target_roles_sql, NULL, 0, job->cancellable,
                                 on_target_roles_read, g_object_ref (task));
}

static void
on_admin_connected (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Job *job = job_of (task);
  g_autofree char *quoted = NULL;
  g_autofree char *sql = NULL;
  GError *error = NULL;

  if (!sluice_connection_connect_finish (SLUICE_CONNECTION (object), result, &error))
    {
      g_prefix_error (&error, _("Could not connect to the sandbox: "));
      fail (task, error);
      return;
    }

  quoted = sluice_quote_identifier (job->self->database_name);
  sql = g_strdup_printf ("CREATE DATABASE %s", quoted);
  sluice_connection_query_async (job->admin, sql, NULL, 0, job->cancellable,
                                 on_database_created, g_object_ref (task));
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
  Job *job;

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

  job = g_new0 (Job, 1);
  job->self = self;
  job->cancellable = cancellable != NULL ? g_object_ref (cancellable) : g_cancellable_new ();
  job->names_before = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  job->locks_before = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  job->sampled = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  job->tables_before = g_hash_table_new (g_str_hash, g_str_equal);
  g_task_set_task_data (task, job, (GDestroyNotify) job_free);

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
  emit (self, SLUICE_RUN_EVENT_STEP, NULL, message);

  job->admin = new_sandbox_connection (job, "postgres");
  sluice_connection_connect_async (job->admin, job->cancellable, on_admin_connected, g_object_ref (task));
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
