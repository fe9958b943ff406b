/* test-session.c: a profile bound to its live connection, on a real server
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <libpq-fe.h>
#include <string.h>

#include "sluice.h"
#include "sluice-test-pg.h"

typedef struct
{
  guint             n_done;
  SluiceConnection *connections[2];
  GError           *errors[2];
} ConnectWait;

static void
store_connection (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  ConnectWait *wait = user_data;
  guint slot = wait->n_done++;

  wait->connections[slot] = sluice_session_connect_finish (SLUICE_SESSION (object), result,
                                                           &wait->errors[slot]);
}

static void
record_state (SluiceSession *session,
              GParamSpec    *pspec,
              GArray        *states)
{
  SluiceConnectionState state = sluice_session_get_state (session);

  if (states->len == 0 || g_array_index (states, SluiceConnectionState, states->len - 1) != state)
    g_array_append_val (states, state);
}

static gboolean
states_contain (GArray                *states,
                SluiceConnectionState  wanted)
{
  for (guint i = 0; i < states->len; i++)
    if (g_array_index (states, SluiceConnectionState, i) == wanted)
      return TRUE;
  return FALSE;
}

static void
wait_for_connects (ConnectWait *wait,
                   guint        n)
{
  gboolean all_done = FALSE;

  while (!all_done)
    {
      g_main_context_iteration (NULL, TRUE);
      all_done = wait->n_done >= n;
    }
}

static void
test_session_connects_once_for_concurrent_callers (void)
{
  g_autofree char *conninfo = sluice_test_pg_new_database ();
  g_autoptr(SluiceProfile) profile = sluice_profile_new ("dev", SLUICE_ENVIRONMENT_DEV, conninfo);
  g_autoptr(SluiceSession) session = sluice_session_new (profile);
  g_autoptr(GArray) states = g_array_new (FALSE, FALSE, sizeof (SluiceConnectionState));
  ConnectWait wait = { 0 };

  g_signal_connect (session, "notify::state", G_CALLBACK (record_state), states);
  g_assert_cmpint (sluice_session_get_state (session), ==, SLUICE_CONNECTION_DISCONNECTED);

  sluice_session_connect_async (session, NULL, store_connection, &wait);
  sluice_session_connect_async (session, NULL, store_connection, &wait);
  g_assert_cmpint (sluice_session_get_state (session), ==, SLUICE_CONNECTION_CONNECTING);
  wait_for_connects (&wait, 2);

  g_assert_no_error (wait.errors[0]);
  g_assert_no_error (wait.errors[1]);
  g_assert_true (wait.connections[0] == wait.connections[1]);
  g_assert_true (wait.connections[0] == sluice_session_get_connection (session));
  g_assert_cmpint (sluice_session_get_state (session), ==, SLUICE_CONNECTION_READY);
  g_assert_true (states_contain (states, SLUICE_CONNECTION_CONNECTING));
  g_assert_true (states_contain (states, SLUICE_CONNECTION_READY));
  g_assert_null (sluice_session_get_error_message (session));

  g_clear_object (&wait.connections[0]);
  g_clear_object (&wait.connections[1]);
}

static void
test_session_failure_keeps_message (void)
{
  g_autofree char *nowhere = g_dir_make_tmp ("sluice-no-server-XXXXXX", NULL);
  g_autofree char *conninfo = g_strdup_printf ("host=%s port=5432 dbname=nothing connect_timeout=5", nowhere);
  g_autoptr(SluiceProfile) profile = sluice_profile_new ("broken", SLUICE_ENVIRONMENT_DEV, conninfo);
  g_autoptr(SluiceSession) session = sluice_session_new (profile);
  ConnectWait wait = { 0 };

  sluice_session_connect_async (session, NULL, store_connection, &wait);
  wait_for_connects (&wait, 1);

  g_assert_null (wait.connections[0]);
  g_assert_error (wait.errors[0], SLUICE_ERROR, SLUICE_ERROR_CONNECTION);
  g_assert_cmpint (sluice_session_get_state (session), ==, SLUICE_CONNECTION_FAILED);
  g_assert_nonnull (sluice_session_get_error_message (session));
  g_assert_nonnull (strstr (sluice_session_get_error_message (session), nowhere));

  g_clear_error (&wait.errors[0]);
  g_rmdir (nowhere);
}

static char *
dbname_of (const char *conninfo)
{
  const char *start = strstr (conninfo, "dbname='") + strlen ("dbname='");

  return g_strndup (start, strcspn (start, "'"));
}

static void
test_session_profile_edit_disconnects (void)
{
  g_autofree char *conninfo = sluice_test_pg_new_database ();
  g_autofree char *other = sluice_test_pg_new_database ();
  g_autofree char *other_name = dbname_of (other);
  g_autoptr(SluiceProfile) profile = sluice_profile_new ("staging", SLUICE_ENVIRONMENT_STAGING, conninfo);
  g_autoptr(SluiceSession) session = sluice_session_new (profile);
  ConnectWait wait = { 0 };

  sluice_session_connect_async (session, NULL, store_connection, &wait);
  wait_for_connects (&wait, 1);
  g_assert_no_error (wait.errors[0]);
  g_clear_object (&wait.connections[0]);

  sluice_profile_set_connection (profile, other);
  g_assert_null (sluice_session_get_connection (session));
  g_assert_cmpint (sluice_session_get_state (session), ==, SLUICE_CONNECTION_DISCONNECTED);

  sluice_session_connect_async (session, NULL, store_connection, &wait);
  wait_for_connects (&wait, 2);
  g_assert_no_error (wait.errors[1]);
  g_assert_cmpstr (sluice_connection_get_database (wait.connections[1]), ==, other_name);
  g_clear_object (&wait.connections[1]);
}

static char *
show_setting (SluiceConnection *connection,
              const char       *name)
{
  g_autofree char *sql = g_strdup_printf ("SHOW %s", name);
  g_autoptr(SluiceResult) result = sluice_test_query (connection, sql);

  return g_strdup (sluice_result_get_value (result, 0, 0));
}

static SluiceConnection *
connect_session (SluiceSession *session)
{
  ConnectWait wait = { 0 };

  sluice_session_connect_async (session, NULL, store_connection, &wait);
  wait_for_connects (&wait, 1);
  g_assert_no_error (wait.errors[0]);
  return wait.connections[0];
}

static void
assert_setting (SluiceConnection *connection,
                const char       *name,
                const char       *expected)
{
  g_autofree char *value = show_setting (connection, name);

  g_assert_cmpstr (value, ==, expected);
}

/* The profile's timeouts reach the server as libpq options, after the
 * connection's own options, which stay. */
static void
test_session_applies_profile_timeouts (void)
{
  g_autofree char *conninfo = sluice_test_pg_new_database ();
  g_autofree char *with_options = g_strconcat (conninfo, " options='-c work_mem=7MB'", NULL);
  g_autoptr(SluiceProfile) profile = sluice_profile_new ("timed", SLUICE_ENVIRONMENT_PROD, with_options);
  g_autoptr(SluiceProfile) plain = sluice_profile_new ("plain", SLUICE_ENVIRONMENT_DEV, conninfo);
  g_autoptr(SluiceSession) session = NULL;
  g_autoptr(SluiceSession) plain_session = NULL;
  g_autoptr(SluiceConnection) connection = NULL;
  g_autoptr(SluiceConnection) plain_connection = NULL;

  sluice_profile_set_lock_timeout_ms (profile, 1500);
  sluice_profile_set_statement_timeout_ms (profile, 45000);
  session = sluice_session_new (profile);
  connection = connect_session (session);
  assert_setting (connection, "lock_timeout", "1500ms");
  assert_setting (connection, "statement_timeout", "45s");
  assert_setting (connection, "work_mem", "7MB");

  /* 0 sends nothing: the server's settings hold. */
  plain_session = sluice_session_new (plain);
  plain_connection = connect_session (plain_session);
  assert_setting (plain_connection, "lock_timeout", "0");
  assert_setting (plain_connection, "statement_timeout", "0");
}

/* A service's options come from pg_service.conf; they stay too. */
static void
test_session_timeouts_keep_service_options (void)
{
  g_autofree char *conninfo = sluice_test_pg_new_database ();
  g_autofree char *dir = g_dir_make_tmp ("sluice-service-XXXXXX", NULL);
  g_autofree char *service_file = g_build_filename (dir, "pg_service.conf", NULL);
  g_autoptr(GString) entry = g_string_new ("[timed_service]\n");
  g_autoptr(SluiceProfile) profile = sluice_profile_new ("service", SLUICE_ENVIRONMENT_PROD, "timed_service");
  g_autoptr(SluiceSession) session = NULL;
  g_autoptr(SluiceConnection) connection = NULL;
  g_autoptr(GError) error = NULL;
  PQconninfoOption *parsed = PQconninfoParse (conninfo, NULL);

  for (PQconninfoOption *option = parsed; option->keyword != NULL; option++)
    if (option->val != NULL)
      g_string_append_printf (entry, "%s=%s\n", option->keyword, option->val);
  PQconninfoFree (parsed);
  g_string_append (entry, "options=-c work_mem=9MB\n");
  g_assert_true (g_file_set_contents (service_file, entry->str, -1, &error));
  g_assert_no_error (error);
  g_setenv ("PGSERVICEFILE", service_file, TRUE);

  sluice_profile_set_lock_timeout_ms (profile, 2000);
  session = sluice_session_new (profile);
  connection = connect_session (session);
  assert_setting (connection, "lock_timeout", "2s");
  assert_setting (connection, "statement_timeout", "0");
  assert_setting (connection, "work_mem", "9MB");

  g_unsetenv ("PGSERVICEFILE");
  g_unlink (service_file);
  g_rmdir (dir);
}

/* Disconnecting while the keyring is asked answers the callers at once
 * with a cancellation, keeps no error, and the next connect starts afresh
 * instead of joining the attempt given up. */
static void
test_session_disconnect_during_lookup (void)
{
  g_autofree char *conninfo = sluice_test_pg_new_database ();
  g_autoptr(SluiceProfile) profile = sluice_profile_new ("dev", SLUICE_ENVIRONMENT_DEV, conninfo);
  g_autoptr(SluiceSession) session = sluice_session_new (profile);
  ConnectWait wait = { 0 };

  sluice_session_connect_async (session, NULL, store_connection, &wait);
  g_assert_cmpint (sluice_session_get_state (session), ==, SLUICE_CONNECTION_CONNECTING);
  sluice_session_disconnect (session);
  g_assert_cmpint (sluice_session_get_state (session), ==, SLUICE_CONNECTION_DISCONNECTED);

  /* At once: before the lookup of the first attempt had a chance to end. */
  sluice_session_connect_async (session, NULL, store_connection, &wait);
  wait_for_connects (&wait, 2);

  g_assert_null (wait.connections[0]);
  g_assert_error (wait.errors[0], G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_no_error (wait.errors[1]);
  g_assert_nonnull (wait.connections[1]);
  g_assert_true (wait.connections[1] == sluice_session_get_connection (session));

  /* Nothing late from the first attempt changes that. */
  for (guint i = 0; i < 20; i++)
    g_main_context_iteration (NULL, FALSE);
  g_assert_cmpint (sluice_session_get_state (session), ==, SLUICE_CONNECTION_READY);
  g_assert_null (sluice_session_get_error_message (session));

  g_clear_error (&wait.errors[0]);
  g_clear_object (&wait.connections[1]);
}

/* The same once the connection exists and is being opened. */
static void
test_session_disconnect_while_connecting (void)
{
  g_autofree char *conninfo = sluice_test_pg_new_database ();
  g_autoptr(SluiceProfile) profile = sluice_profile_new ("dev", SLUICE_ENVIRONMENT_DEV, conninfo);
  g_autoptr(SluiceSession) session = sluice_session_new (profile);
  g_autoptr(SluiceConnection) connecting = NULL;
  ConnectWait wait = { 0 };

  sluice_session_connect_async (session, NULL, store_connection, &wait);
  while (sluice_session_get_connection (session) == NULL && wait.n_done == 0)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (wait.n_done, ==, 0);
  connecting = g_object_ref (sluice_session_get_connection (session));
  g_assert_cmpint (sluice_connection_get_state (connecting), ==, SLUICE_CONNECTION_CONNECTING);

  sluice_session_disconnect (session);
  wait_for_connects (&wait, 1);
  g_assert_error (wait.errors[0], G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (sluice_session_get_connection (session));
  g_assert_cmpint (sluice_session_get_state (session), ==, SLUICE_CONNECTION_DISCONNECTED);
  g_assert_null (sluice_session_get_error_message (session));

  for (guint i = 0; i < 20; i++)
    g_main_context_iteration (NULL, FALSE);
  g_assert_null (sluice_session_get_error_message (session));
  g_assert_cmpint (sluice_connection_get_state (connecting), ==, SLUICE_CONNECTION_DISCONNECTED);

  sluice_session_connect_async (session, NULL, store_connection, &wait);
  wait_for_connects (&wait, 2);
  g_assert_no_error (wait.errors[1]);
  g_assert_cmpint (sluice_session_get_state (session), ==, SLUICE_CONNECTION_READY);

  g_clear_error (&wait.errors[0]);
  g_clear_object (&wait.connections[1]);
}

int
main (int   argc,
      char *argv[])
{
  /* No keyring in tests: the lookup must fall back to ~/.pgpass quietly. */
  g_unsetenv ("DBUS_SESSION_BUS_ADDRESS");
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/session/concurrent-connect", test_session_connects_once_for_concurrent_callers);
  g_test_add_func ("/session/failure", test_session_failure_keeps_message);
  g_test_add_func ("/session/profile-edit", test_session_profile_edit_disconnects);
  g_test_add_func ("/session/profile-timeouts", test_session_applies_profile_timeouts);
  g_test_add_func ("/session/service-options", test_session_timeouts_keep_service_options);
  g_test_add_func ("/session/disconnect-during-lookup", test_session_disconnect_during_lookup);
  g_test_add_func ("/session/disconnect-while-connecting", test_session_disconnect_while_connecting);

  return g_test_run ();
}
