/* test-executor-util.c: what test-executor and test-executor-faults share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "test-executor-util.h"

SluiceMigration *
executor_test_migration (const char *version,
                         const char *name,
                         const char *up_sql,
                         const char *down_sql,
                         gboolean    transactional)
{
  SluiceMigration *migration = sluice_migration_new (SLUICE_MIGRATION_FORMAT_SLUICE, version, name);

  sluice_migration_set_up_sql (migration, up_sql, 1);
  if (down_sql != NULL)
    sluice_migration_set_down_sql (migration, down_sql);
  sluice_migration_set_transactional (migration, transactional);
  sluice_migration_set_checksum (migration, "c0ffee");
  return migration;
}

void
executor_log_init (ExecutorLog *log)
{
  memset (log, 0, sizeof *log);
  log->events = g_ptr_array_new_with_free_func (g_object_unref);
}

void
executor_log_clear (ExecutorLog *log)
{
  g_clear_pointer (&log->events, g_ptr_array_unref);
}

guint
executor_log_count (ExecutorLog        *log,
                    SluiceRunEventKind  kind)
{
  guint count = 0;

  for (guint i = 0; i < log->events->len; i++)
    if (sluice_run_event_get_kind (g_ptr_array_index (log->events, i)) == kind)
      count++;
  return count;
}

char *
executor_log_kinds (ExecutorLog *log)
{
  GString *kinds = g_string_new (NULL);

  for (guint i = 0; i < log->events->len; i++)
    {
      SluiceRunEvent *event = g_ptr_array_index (log->events, i);

      g_string_append_printf (kinds, "%s%s", i > 0 ? " " : "",
                              sluice_run_event_kind_to_string (sluice_run_event_get_kind (event)));
    }
  return g_string_free (kinds, FALSE);
}

static void
on_event (SluiceExecutor *executor,
          SluiceRunEvent *event,
          gpointer        user_data)
{
  ExecutorLog *log = user_data;
  g_autofree char *line = sluice_run_event_to_line (event);

  g_test_message ("%s", line);
  if (log == NULL)
    return;

  if (log->hook != NULL)
    log->hook (event, log->hook_data);
  g_ptr_array_add (log->events, g_object_ref (event));
}

gboolean
executor_test_run (SluiceExecutor  *executor,
                   GPtrArray       *migrations,
                   ExecutorLog     *log,
                   GStrv           *done,
                   GError         **error)
{
  SluiceTestAsyncWait wait = { 0 };
  gulong handler;
  gboolean ok;

  handler = g_signal_connect (executor, "event", G_CALLBACK (on_event), log);
  sluice_executor_run_async (executor, migrations, NULL, sluice_test_store_result, &wait);
  sluice_test_wait_for (&wait.done, 60000);
  ok = sluice_executor_run_finish (executor, wait.result, done, error);
  g_object_unref (wait.result);
  g_signal_handler_disconnect (executor, handler);
  return ok;
}

char *
executor_test_relation (const char *conninfo,
                        const char *name)
{
  g_autofree char *sql = g_strdup_printf ("SELECT to_regclass('public.%s')::text", name);

  return sluice_test_pg_query_value (conninfo, sql);
}

void
executor_test_assert_relation (const char *conninfo,
                               const char *name,
                               gboolean    exists)
{
  g_autofree char *found = executor_test_relation (conninfo, name);

  if (exists)
    g_assert_cmpstr (found, ==, name);
  else
    g_assert_null (found);
}

void
executor_test_assert_advisory_lock_free (const char *conninfo)
{
  g_autofree char *locks = sluice_test_pg_query_value (conninfo,
                                                       "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory'");

  g_assert_cmpstr (locks, ==, "0");
}
