/* sluice-rehearsal-probe.c: what each statement does, measured
 *
 * The probe pass, on the twin of the rehearsal database: the rehearsal
 * runs each statement of the pending migrations itself, one at a time, in
 * the transaction mode the executor would use.  Between statements, on
 * the probe's own connection (so inside its transaction), it reads every
 * table's relfilenode (a rewrite shows there before COMMIT, and nowhere
 * else) and the locks the transaction holds; while a statement runs, a
 * SluiceRunMonitor on a second connection samples the locks of its
 * backend (a statement outside a transaction releases them as it ends).
 * Each statement becomes a SluiceRehearsalStatement and an event.  Apart
 * from the executor's run because it is not one: it is the rehearsal's
 * own instrument, with its own connections and bookkeeping.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "sluice-lock-mode.h"
#include "sluice-rehearsal-private.h"
#include "sluice-sql.h"
#include "sluice-sql-mask.h"

/* Fast enough to catch the locks of a short CREATE INDEX CONCURRENTLY,
 * cheap on a local sandbox. */
#define PROBE_SAMPLE_INTERVAL_MS 5

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
merge_sampled_lock (SluiceRehearsalJob *job,
                    const char         *lock_type,
                    const char         *mode_text,
                    const char         *relation)
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
on_probe_sample (SluiceRunMonitor   *monitor,
                 SluiceRunSample    *sample,
                 SluiceRehearsalJob *job)
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
current_migration (SluiceRehearsalJob *job)
{
  return g_ptr_array_index (job->self->migrations, job->migration_index);
}

static void
on_state_after (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SluiceRehearsalJob *job = g_task_get_task_data (task);
  SluiceRehearsalStatement *statement;
  g_autoptr(GPtrArray) results = NULL;
  g_autoptr(GHashTable) tables_after = NULL;
  g_autofree char *message = NULL;
  SluiceResult *locks;
  GError *error = NULL;

  results = sluice_connection_pipeline_finish (SLUICE_CONNECTION (object), result, &error);
  if (results == NULL)
    {
      _sluice_rehearsal_fail (task, error);
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
  _sluice_rehearsal_emit (job->self, SLUICE_RUN_EVENT_INFO, statement->version, message);

  job->statement_index++;
  probe_next_statement (task);
}

static void
on_statement_run (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SluiceRehearsalJob *job = g_task_get_task_data (task);
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
      _sluice_rehearsal_fail (task, error);
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
  SluiceRehearsalJob *job = g_task_get_task_data (task);
  SluiceStatement *split = g_ptr_array_index (job->split, job->statement_index);
  g_autoptr(GPtrArray) results = NULL;
  SluiceResult *locks;
  GHashTableIter iter;
  gpointer key, value;
  GError *error = NULL;

  results = sluice_connection_pipeline_finish (SLUICE_CONNECTION (object), result, &error);
  if (results == NULL)
    {
      _sluice_rehearsal_fail (task, error);
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
  SluiceRehearsalJob *job = g_task_get_task_data (task);
  g_autoptr(SluiceResult) rows = NULL;
  GError *error = NULL;

  rows = sluice_connection_query_finish (SLUICE_CONNECTION (object), result, &error);
  if (rows == NULL)
    {
      _sluice_rehearsal_fail (task, error);
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
  SluiceRehearsalJob *job = g_task_get_task_data (task);

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
  SluiceRehearsalJob *job = g_task_get_task_data (task);
  SluiceMigration *migration;
  const char *up_sql;
  GError *error = NULL;

  if (g_cancellable_set_error_if_cancelled (job->cancellable, &error))
    {
      _sluice_rehearsal_fail (task, error);
      return;
    }

  if (job->migration_index >= job->self->migrations->len)
    {
      sluice_run_monitor_stop (job->monitor);
      _sluice_rehearsal_run_executor (task);
      return;
    }

  migration = current_migration (job);
  g_clear_pointer (&job->split, g_ptr_array_unref);
  up_sql = sluice_migration_get_up_sql (migration);
  job->split = sluice_sql_split (up_sql != NULL ? up_sql : "",
                                 sluice_migration_get_up_line (migration), &error);
  if (job->split == NULL)
    {
      _sluice_rehearsal_fail (task, error);
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

void
_sluice_rehearsal_start_probe (GTask *task)
{
  SluiceRehearsalJob *job = g_task_get_task_data (task);

  _sluice_rehearsal_emit (job->self, SLUICE_RUN_EVENT_STEP, NULL, _("Measuring the locks and rewrites of each statement in the sandbox"));
  job->monitor = sluice_run_monitor_new (job->probe_observer,
                                         sluice_connection_get_backend_pid (job->probe),
                                         PROBE_SAMPLE_INTERVAL_MS);
  g_signal_connect (job->monitor, "sample", G_CALLBACK (on_probe_sample), job);
  sluice_run_monitor_start (job->monitor);
  job->migration_index = 0;
  probe_next_migration (task);
}
