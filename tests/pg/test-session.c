/* test-session.c: a profile bound to its live connection, on a real server
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
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

  return g_test_run ();
}
