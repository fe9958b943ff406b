/* test-activity.c: sessions, the blocking tree, locks and cancel/terminate
 * against a real server, with real sessions blocking each other
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <libpq-fe.h>
#include <string.h>

#include "sluice.h"
#include "sluice-test-pg.h"

static SluiceActivity *
load_activity (SluiceConnection *connection,
               guint             long_seconds)
{
  g_autoptr(GError) error = NULL;
  SluiceActivity *activity;
  SluiceTestAsyncWait wait = { 0 };

  sluice_activity_load_async (connection, long_seconds, NULL, sluice_test_store_result, &wait);
  sluice_test_wait_for (&wait.done, 30000);
  activity = sluice_activity_load_finish (wait.result, &error);
  g_object_unref (wait.result);
  g_assert_no_error (error);
  g_assert_nonnull (activity);
  return activity;
}

/* A session of its own, held by plain libpq, as another application's. */
static PGconn *
open_session (const char *conninfo,
              const char *application)
{
  g_autofree char *with_name = g_strdup_printf ("%s application_name=%s", conninfo, application);

  return sluice_test_pg_session_open (with_name);
}

/* Sends @sql without waiting: it is going to block. */
static void
session_send (PGconn     *conn,
              const char *sql)
{
  g_assert_cmpint (PQsendQuery (conn, sql), ==, 1);
}

/* The SQLSTATE of the result of what session_send() sent, or "" on success. */
static char *
session_finish (PGconn *conn)
{
  char *sqlstate = g_strdup ("");
  PGresult *result;

  while ((result = PQgetResult (conn)) != NULL)
    {
      if (PQresultStatus (result) == PGRES_FATAL_ERROR)
        {
          g_free (sqlstate);
          sqlstate = g_strdup (PQresultErrorField (result, PG_DIAG_SQLSTATE));
        }
      PQclear (result);
    }

  return sqlstate;
}

static int
pid_at (GListModel *model,
        guint       position)
{
  g_autoptr(SluiceSessionInfo) info = g_list_model_get_item (model, position);

  return sluice_session_info_get_pid (info);
}

static gboolean
lock_list_has (SluiceActivity *activity,
               int             pid)
{
  GListModel *locks = sluice_activity_get_locks_waiting (activity);

  for (guint i = 0; i < g_list_model_get_n_items (locks); i++)
    {
      g_autoptr(SluiceLockWait) lock = g_list_model_get_item (locks, i);

      if (sluice_lock_wait_get_pid (lock) == pid)
        return TRUE;
    }

  return FALSE;
}

/* Loads until @pid is seen waiting for a lock. */
static SluiceActivity *
load_until_waiting (SluiceConnection *connection,
                    int               pid)
{
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  for (;;)
    {
      SluiceActivity *activity = load_activity (connection, 0);
      SluiceSessionInfo *session = sluice_activity_find_session (activity, pid);

      if (session != NULL && sluice_session_info_get_blocked (session) && lock_list_has (activity, pid))
        return activity;

      g_object_unref (activity);
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_usleep (50000);
    }
}

static void
test_blocking_chain (void)
{
  g_autofree char *conninfo = sluice_test_pg_new_database ();
  g_autoptr(SluiceConnection) connection = NULL;
  g_autoptr(SluiceActivity) activity = NULL;
  g_autoptr(SluiceActivity) patient = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *c_outcome = NULL;
  g_autofree char *b_outcome = NULL;
  SluiceSessionInfo *a_info;
  SluiceSessionInfo *b_info;
  SluiceSessionInfo *c_info;
  SluiceSessionInfo *d_info;
  GListModel *roots;
  GListModel *a_children;
  GListModel *b_children;
  const int *pids;
  guint n_pids;
  SluiceTestAsyncWait wait = { 0 };
  PGconn *a;
  PGconn *b;
  PGconn *c;
  PGconn *d;
  int a_pid, b_pid, c_pid, d_pid;

  sluice_test_pg_exec (conninfo,
                       "CREATE TABLE seats (id int PRIMARY KEY, holder text);"
                       "INSERT INTO seats VALUES (1, NULL), (2, NULL)");

  /* A holds row 1; B holds row 2 and waits for row 1 (A); C waits for
   * row 2 (B).  Three sessions, a chain A > B > C. */
  a = open_session (conninfo, "chain-a");
  b = open_session (conninfo, "chain-b");
  c = open_session (conninfo, "chain-c");
  a_pid = PQbackendPID (a);
  b_pid = PQbackendPID (b);
  c_pid = PQbackendPID (c);

  sluice_test_pg_session_exec (a, "BEGIN; UPDATE seats SET holder = 'a' WHERE id = 1");
  sluice_test_pg_session_exec (b, "BEGIN; UPDATE seats SET holder = 'b' WHERE id = 2");
  session_send (b, "UPDATE seats SET holder = 'b' WHERE id = 1");
  session_send (c, "UPDATE seats SET holder = 'c' WHERE id = 2");
  /* D's last statement carries a password (it fails: no such role, and
   * no role is made); pg_stat_activity keeps its text as sent. */
  d = open_session (conninfo, "chain-d");
  d_pid = PQbackendPID (d);
  PQclear (PQexec (d, "ALTER ROLE sluice_no_such_role PASSWORD 'hunter2'"));

  connection = sluice_test_pg_connect (conninfo);
  g_object_unref (load_until_waiting (connection, b_pid));
  activity = load_until_waiting (connection, c_pid);

  a_info = sluice_activity_find_session (activity, a_pid);
  b_info = sluice_activity_find_session (activity, b_pid);
  c_info = sluice_activity_find_session (activity, c_pid);
  g_assert_nonnull (a_info);
  g_assert_nonnull (b_info);
  g_assert_nonnull (c_info);

  /* The session asking is not listed. */
  g_assert_null (sluice_activity_find_session (activity, sluice_connection_get_backend_pid (connection)));

  g_assert_cmpstr (sluice_session_info_get_application (a_info), ==, "chain-a");
  g_assert_cmpstr (sluice_session_info_get_state (a_info), ==, "idle in transaction");
  g_assert_cmpstr (sluice_session_info_get_state (c_info), ==, "active");
  g_assert_cmpstr (sluice_session_info_get_wait_event_type (c_info), ==, "Lock");
  g_assert_cmpstr (sluice_session_info_get_wait_event (c_info), ==, "transactionid");
  g_assert_cmpstr (sluice_session_info_get_query (c_info), ==, "UPDATE seats SET holder = 'c' WHERE id = 2");
  /* A password is never shown. */
  d_info = sluice_activity_find_session (activity, d_pid);
  g_assert_nonnull (d_info);
  g_assert_cmpstr (sluice_session_info_get_query (d_info), ==,
                   "ALTER ROLE sluice_no_such_role PASSWORD " SLUICE_SQL_MASKED_LITERAL);
  g_assert_nonnull (sluice_session_info_get_xact_start (a_info));
  g_assert_cmpfloat (sluice_session_info_get_xact_seconds (a_info), >=, 0);
  g_assert_cmpstr (sluice_session_info_get_client (a_info), ==, "local");

  /* blocked_by as pg_blocking_pids() says. */
  g_assert_false (sluice_session_info_get_blocked (a_info));
  pids = sluice_session_info_get_blocked_by (b_info, &n_pids);
  g_assert_cmpuint (n_pids, ==, 1);
  g_assert_cmpint (pids[0], ==, a_pid);
  pids = sluice_session_info_get_blocked_by (c_info, &n_pids);
  g_assert_cmpuint (n_pids, ==, 1);
  g_assert_cmpint (pids[0], ==, b_pid);

  /* The tree: A > B > C. */
  roots = sluice_activity_get_blocking_roots (activity);
  g_assert_cmpuint (g_list_model_get_n_items (roots), ==, 1);
  g_assert_cmpint (pid_at (roots, 0), ==, a_pid);
  a_children = sluice_session_info_get_children (a_info);
  g_assert_cmpuint (g_list_model_get_n_items (a_children), ==, 1);
  g_assert_cmpint (pid_at (a_children, 0), ==, b_pid);
  b_children = sluice_session_info_get_children (b_info);
  g_assert_cmpuint (g_list_model_get_n_items (b_children), ==, 1);
  g_assert_cmpint (pid_at (b_children, 0), ==, c_pid);
  g_assert_cmpuint (g_list_model_get_n_items (sluice_session_info_get_children (c_info)), ==, 0);
  g_assert_true (sluice_session_info_get_blocking (a_info));
  g_assert_true (sluice_session_info_get_blocking (b_info));
  g_assert_false (sluice_session_info_get_blocking (c_info));

  /* Locks not granted: B and C, each on the other's transaction. */
  g_assert_true (lock_list_has (activity, b_pid));
  g_assert_true (lock_list_has (activity, c_pid));

  /* Long transactions: with a threshold of 0 s A and B are long; with an
   * hour, none. */
  g_assert_cmpuint (g_list_model_get_n_items (sluice_activity_get_long_transactions (activity)), >=, 2);
  patient = load_activity (connection, 3600);
  g_assert_cmpuint (g_list_model_get_n_items (sluice_activity_get_long_transactions (patient)), ==, 0);

  /* Cancel C: its statement fails with query_canceled; B still waits. */
  sluice_activity_cancel_backend_async (connection, c_pid, NULL, sluice_test_store_result, &wait);
  sluice_test_wait_for (&wait.done, 30000);
  g_assert_true (sluice_activity_cancel_backend_finish (wait.result, &error));
  g_assert_no_error (error);
  g_clear_object (&wait.result);
  c_outcome = session_finish (c);
  g_assert_cmpstr (c_outcome, ==, "57014");

  /* Terminate A: its transaction ends, so B gets row 1. */
  wait.done = FALSE;
  sluice_activity_terminate_backend_async (connection, a_pid, NULL, sluice_test_store_result, &wait);
  sluice_test_wait_for (&wait.done, 30000);
  g_assert_true (sluice_activity_terminate_backend_finish (wait.result, &error));
  g_assert_no_error (error);
  g_clear_object (&wait.result);
  b_outcome = session_finish (b);
  g_assert_cmpstr (b_outcome, ==, "");
  sluice_test_pg_session_exec (b, "ROLLBACK");

  PQfinish (a);
  PQfinish (b);
  PQfinish (c);
  PQfinish (d);
}

static void
test_signal_gone_session (void)
{
  g_autofree char *conninfo = sluice_test_pg_new_database ();
  g_autoptr(SluiceConnection) connection = sluice_test_pg_connect (conninfo);
  g_autoptr(GError) error = NULL;
  SluiceTestAsyncWait wait = { 0 };
  PGconn *gone = open_session (conninfo, "gone");
  int pid = PQbackendPID (gone);
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  PQfinish (gone);
  /* Wait until the server has really let it go. */
  for (;;)
    {
      g_autoptr(SluiceActivity) activity = load_activity (connection, 300);

      if (sluice_activity_find_session (activity, pid) == NULL)
        break;
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_usleep (50000);
    }

  sluice_activity_cancel_backend_async (connection, pid, NULL, sluice_test_store_result, &wait);
  sluice_test_wait_for (&wait.done, 30000);
  g_assert_false (sluice_activity_cancel_backend_finish (wait.result, &error));
  g_assert_error (error, SLUICE_ERROR, SLUICE_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "Nothing was changed"));
  g_clear_object (&wait.result);
}

static void
test_statements (void)
{
  g_autofree char *conninfo = sluice_test_pg_new_database ();
  g_autoptr(SluiceConnection) connection = NULL;
  g_autoptr(SluiceActivity) without = NULL;
  g_autoptr(SluiceActivity) with = NULL;

  connection = sluice_test_pg_connect (conninfo);
  without = load_activity (connection, 300);
  g_assert_false (sluice_activity_get_has_statements (without));
  g_assert_null (sluice_activity_get_statements_error (without));
  g_assert_cmpuint (g_list_model_get_n_items (sluice_activity_get_top_by_total (without)), ==, 0);

  sluice_test_pg_exec (conninfo, "CREATE EXTENSION pg_stat_statements");
  with = load_activity (connection, 300);
  g_assert_true (sluice_activity_get_has_statements (with));

  if (sluice_activity_get_statements_error (with) != NULL)
    {
      /* Installed but not in shared_preload_libraries (how the harness
       * starts its cluster): the rest of the page still loads. */
      g_test_message ("%s", sluice_activity_get_statements_error (with));
      g_assert_nonnull (strstr (sluice_activity_get_statements_error (with), "shared_preload_libraries"));
      g_assert_cmpuint (g_list_model_get_n_items (sluice_activity_get_top_by_total (with)), ==, 0);
    }
  else
    {
      GListModel *by_total = sluice_activity_get_top_by_total (with);
      GListModel *by_mean = sluice_activity_get_top_by_mean (with);

      g_assert_cmpuint (g_list_model_get_n_items (by_total), >, 0);
      g_assert_cmpuint (g_list_model_get_n_items (by_total), <=, SLUICE_ACTIVITY_TOP_STATEMENTS);
      g_assert_cmpuint (g_list_model_get_n_items (by_mean), >, 0);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/activity/blocking-chain", test_blocking_chain);
  g_test_add_func ("/activity/signal-gone-session", test_signal_gone_session);
  g_test_add_func ("/activity/pg-stat-statements", test_statements);

  return g_test_run ();
}
