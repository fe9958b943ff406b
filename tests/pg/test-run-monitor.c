/* test-run-monitor.c: SluiceRunMonitor watching a real backend
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <libpq-fe.h>
#include <locale.h>
#include <string.h>

#include "sluice.h"
#include "sluice-test-pg.h"

typedef struct
{
  GPtrArray *samples;
  guint      failures;
  GError    *error;
  gboolean   waiting_seen;
  gboolean   building_seen;
  gboolean   query_done;
} Watch;

static void
on_sample (SluiceRunMonitor *monitor,
           SluiceRunSample  *sample,
           Watch            *watch)
{
  const char *phase = sluice_run_sample_get_index_phase (sample);

  g_assert_true (sample == sluice_run_monitor_get_last_sample (monitor));
  g_ptr_array_add (watch->samples, g_object_ref (sample));
  if (sluice_run_sample_get_waits (sample)->len > 0)
    watch->waiting_seen = TRUE;
  if (phase != NULL && g_str_has_prefix (phase, "building index"))
    watch->building_seen = TRUE;
}

static void
on_failed (SluiceRunMonitor *monitor,
           const GError     *error,
           Watch            *watch)
{
  watch->failures++;
  g_clear_error (&watch->error);
  watch->error = g_error_copy (error);
}

static void
watch_init (Watch            *watch,
            SluiceRunMonitor *monitor)
{
  memset (watch, 0, sizeof *watch);
  watch->samples = g_ptr_array_new_with_free_func (g_object_unref);
  g_signal_connect (monitor, "sample", G_CALLBACK (on_sample), watch);
  g_signal_connect (monitor, "failed", G_CALLBACK (on_failed), watch);
}

static void
watch_clear (Watch *watch)
{
  g_clear_pointer (&watch->samples, g_ptr_array_unref);
  g_clear_error (&watch->error);
}

static void
on_query_done (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  Watch *watch = user_data;
  g_autoptr(SluiceResult) rows = NULL;
  g_autoptr(GError) error = NULL;

  rows = sluice_connection_query_finish (SLUICE_CONNECTION (object), result, &error);
  g_assert_no_error (error);
  watch->query_done = TRUE;
}

/* The watched backend waits for a lock that another session holds: the
 * sample names the lock, the table and the blocker, and says it is idle in
 * a transaction. */
static void
test_lock_wait_names_blocker (void)
{
  g_autofree char *conninfo = sluice_test_pg_new_database ();
  g_autoptr(SluiceConnection) watched = NULL;
  g_autoptr(SluiceConnection) observer = NULL;
  g_autoptr(SluiceRunMonitor) monitor = NULL;
  g_autofree char *description = NULL;
  g_autofree char *blocker_text = NULL;
  SluiceRunSample *sample = NULL;
  SluiceLockWait *wait;
  const int *pids;
  guint n_pids;
  PGconn *holder;
  Watch watch;

  sluice_test_pg_exec (conninfo, "CREATE TABLE orders (id int PRIMARY KEY, total numeric)");
  holder = sluice_test_pg_session_open (conninfo);
  sluice_test_pg_session_exec (holder, "BEGIN");
  sluice_test_pg_session_exec (holder, "SELECT count(*) FROM orders");

  watched = sluice_test_pg_connect (conninfo);
  observer = sluice_test_pg_connect (conninfo);
  monitor = sluice_run_monitor_new (observer, sluice_connection_get_backend_pid (watched), 20);
  watch_init (&watch, monitor);
  g_assert_false (sluice_run_monitor_is_running (monitor));
  g_assert_null (sluice_run_monitor_get_last_sample (monitor));

  sluice_connection_query_async (watched, "ALTER TABLE orders ADD COLUMN note text",
                                 NULL, 0, NULL, on_query_done, &watch);
  sluice_run_monitor_start (monitor);
  g_assert_true (sluice_run_monitor_is_running (monitor));
  sluice_test_wait_for (&watch.waiting_seen, 20000);

  for (guint i = 0; i < watch.samples->len && sample == NULL; i++)
    if (sluice_run_sample_get_waits (g_ptr_array_index (watch.samples, i))->len > 0)
      sample = g_ptr_array_index (watch.samples, i);
  g_assert_nonnull (sample);
  g_assert_cmpint (sluice_run_sample_get_pid (sample), ==, sluice_connection_get_backend_pid (watched));
  g_assert_nonnull (strstr (sluice_run_sample_get_query (sample), "ALTER TABLE orders"));
  g_assert_null (sluice_run_sample_get_index_phase (sample));
  g_assert_cmpfloat (sluice_run_sample_get_index_fraction (sample), ==, -1);

  wait = g_ptr_array_index (sluice_run_sample_get_waits (sample), 0);
  g_assert_cmpstr (sluice_lock_wait_get_lock_type (wait), ==, "relation");
  g_assert_cmpstr (sluice_lock_wait_get_mode (wait), ==, "AccessExclusiveLock");
  g_assert_cmpstr (sluice_lock_wait_get_relation (wait), ==, "public.orders");
  g_assert_cmpfloat (sluice_lock_wait_get_wait_seconds (wait), >=, 0);
  pids = sluice_lock_wait_get_blocked_by (wait, &n_pids);
  g_assert_cmpuint (n_pids, ==, 1);
  g_assert_cmpint (pids[0], ==, PQbackendPID (holder));

  description = sluice_run_sample_describe (sample);
  g_test_message ("%s", description);
  blocker_text = g_strdup_printf ("held by pid %d (idle in transaction for ", PQbackendPID (holder));
  g_assert_nonnull (strstr (description, "waiting for ACCESS EXCLUSIVE on public.orders"));
  g_assert_nonnull (strstr (description, blocker_text));

  /* While it waits it holds nothing on the table yet. */
  for (guint i = 0; i < sluice_run_sample_get_held (sample)->len; i++)
    {
      SluiceHeldLock *lock = g_ptr_array_index (sluice_run_sample_get_held (sample), i);

      g_assert_false (g_strcmp0 (lock->relation, "public.orders") == 0
                      && g_strcmp0 (lock->mode, "AccessExclusiveLock") == 0);
    }

  /* The blocker goes: the statement completes, and samples go on, now
   * with nothing to wait for. */
  sluice_test_pg_session_exec (holder, "COMMIT");
  sluice_test_wait_for (&watch.query_done, 20000);
  {
    guint seen = watch.samples->len;
    g_autofree char *idle = NULL;

    while (watch.samples->len < seen + 2)
      g_main_context_iteration (NULL, TRUE);
    idle = sluice_run_sample_describe (sluice_run_monitor_get_last_sample (monitor));
    g_assert_null (idle);
  }

  sluice_run_monitor_stop (monitor);
  g_assert_false (sluice_run_monitor_is_running (monitor));
  {
    guint seen = watch.samples->len;

    /* Stopped means no more samples, even of a query already sent. */
    for (int i = 0; i < 20; i++)
      {
        g_usleep (5000);
        while (g_main_context_iteration (NULL, FALSE))
          ;
      }
    g_assert_cmpuint (watch.samples->len, ==, seen);
  }
  g_assert_cmpuint (watch.failures, ==, 0);

  PQfinish (holder);
  watch_clear (&watch);
}

/* A CREATE INDEX CONCURRENTLY on a table big enough to take a while:
 * first it waits for a writer's transaction (the phase says so, and the
 * index is named), then builds, and the samples show how far. */
static void
test_index_build_progress (void)
{
  g_autofree char *conninfo = sluice_test_pg_new_database ();
  g_autoptr(SluiceConnection) watched = NULL;
  g_autoptr(SluiceConnection) observer = NULL;
  g_autoptr(SluiceRunMonitor) monitor = NULL;
  g_autofree char *description = NULL;
  SluiceRunSample *waiting = NULL;
  gboolean fraction_seen = FALSE;
  PGconn *writer;
  Watch watch;

  sluice_test_pg_exec (conninfo,
                       "CREATE TABLE events AS"
                       " SELECT g AS id, md5(g::text) AS payload FROM generate_series(1, 400000) g");
  writer = sluice_test_pg_session_open (conninfo);
  sluice_test_pg_session_exec (writer, "BEGIN");
  sluice_test_pg_session_exec (writer, "INSERT INTO events VALUES (0, 'x')");

  watched = sluice_test_pg_connect (conninfo);
  observer = sluice_test_pg_connect (conninfo);
  monitor = sluice_run_monitor_new (observer, sluice_connection_get_backend_pid (watched), 5);
  watch_init (&watch, monitor);
  sluice_connection_query_async (watched,
                                 "CREATE INDEX CONCURRENTLY events_payload_idx ON events (payload)",
                                 NULL, 0, NULL, on_query_done, &watch);
  sluice_run_monitor_start (monitor);

  /* Waiting for the writer: the progress view says so. */
  while (waiting == NULL)
    {
      SluiceRunSample *last;

      g_main_context_iteration (NULL, TRUE);
      last = sluice_run_monitor_get_last_sample (monitor);
      if (last != NULL && sluice_run_sample_get_index_phase (last) != NULL
          && g_str_has_prefix (sluice_run_sample_get_index_phase (last), "waiting for writers"))
        waiting = g_object_ref (last);
    }
  g_assert_cmpstr (sluice_run_sample_get_index_relation (waiting), ==, "public.events_payload_idx");
  g_assert_cmpfloat (sluice_run_sample_get_index_fraction (waiting), >=, 0);
  g_assert_cmpfloat (sluice_run_sample_get_index_fraction (waiting), <=, 1);
  description = sluice_run_sample_describe (waiting);
  g_test_message ("%s", description);
  g_assert_nonnull (strstr (description, "building public.events_payload_idx: waiting for writers"));

  sluice_test_pg_session_exec (writer, "COMMIT");
  sluice_test_wait_for (&watch.query_done, 60000);
  sluice_run_monitor_stop (monitor);

  g_assert_true (watch.building_seen);
  for (guint i = 0; i < watch.samples->len; i++)
    {
      SluiceRunSample *sample = g_ptr_array_index (watch.samples, i);
      const char *phase = sluice_run_sample_get_index_phase (sample);

      if (phase != NULL && g_str_has_prefix (phase, "building index"))
        {
          double fraction = sluice_run_sample_get_index_fraction (sample);

          g_assert_cmpfloat (fraction, >=, 0);
          g_assert_cmpfloat (fraction, <=, 1);
          if (fraction > 0)
            fraction_seen = TRUE;
        }
    }
  g_test_message ("%u samples", watch.samples->len);
  g_assert_true (fraction_seen);
  g_assert_cmpuint (watch.failures, ==, 0);

  g_object_unref (waiting);
  PQfinish (writer);
  watch_clear (&watch);
}

/* The observer's connection ends (the server terminated it): "failed"
 * says so once, the monitor stops, and the watched session is untouched. */
static void
test_observer_lost (void)
{
  g_autofree char *conninfo = sluice_test_pg_new_database ();
  g_autoptr(SluiceConnection) watched = NULL;
  g_autoptr(SluiceConnection) observer = NULL;
  g_autoptr(SluiceRunMonitor) monitor = NULL;
  g_autofree char *sql = NULL;
  gboolean stopped = FALSE;
  Watch watch;

  watched = sluice_test_pg_connect (conninfo);
  observer = sluice_test_pg_connect (conninfo);
  monitor = sluice_run_monitor_new (observer, sluice_connection_get_backend_pid (watched), 20);
  watch_init (&watch, monitor);
  sluice_run_monitor_start (monitor);
  while (watch.samples->len < 1)
    g_main_context_iteration (NULL, TRUE);

  sql = g_strdup_printf ("SELECT pg_terminate_backend(%d)", sluice_connection_get_backend_pid (observer));
  sluice_test_pg_exec (conninfo, sql);
  while (!stopped)
    {
      g_main_context_iteration (NULL, TRUE);
      stopped = !sluice_run_monitor_is_running (monitor);
    }

  g_assert_cmpuint (watch.failures, ==, 1);
  g_assert_nonnull (watch.error);
  g_test_message ("%s", watch.error->message);
  g_assert_true (g_str_has_prefix (watch.error->message, "Stopped watching the run's locks and progress: "));

  /* The watched session still works. */
  sluice_connection_query_async (watched, "SELECT 1", NULL, 0, NULL, on_query_done, &watch);
  sluice_test_wait_for (&watch.query_done, 20000);
  g_assert_cmpuint (watch.failures, ==, 1);
  watch_clear (&watch);
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "C");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/run-monitor/lock-wait-names-blocker", test_lock_wait_names_blocker);
  g_test_add_func ("/run-monitor/index-build-progress", test_index_build_progress);
  g_test_add_func ("/run-monitor/observer-lost", test_observer_lost);

  return g_test_run ();
}
