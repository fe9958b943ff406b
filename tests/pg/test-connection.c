/* test-connection.c: SluiceConnection against a real server
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <arpa/inet.h>
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <libpq-fe.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "sluice-connection.h"
#include "sluice-error.h"
#include "sluice-test-pg.h"

#define WAIT_MS 30000

/* What an async call delivered. */
typedef struct
{
  gboolean      done;
  SluiceResult *result;
  GPtrArray    *results;
  GError       *error;
  gint64        finished_at;
  guint         index;
  GArray       *order;     /* shared: indexes in completion order */
} Outcome;

static void
outcome_clear (Outcome *outcome)
{
  g_clear_object (&outcome->result);
  g_clear_pointer (&outcome->results, g_ptr_array_unref);
  g_clear_error (&outcome->error);
}

static void
on_connected (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  Outcome *outcome = user_data;

  sluice_connection_connect_finish (SLUICE_CONNECTION (object), result, &outcome->error);
  outcome->finished_at = g_get_monotonic_time ();
  outcome->done = TRUE;
}

static void
on_query_done (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  Outcome *outcome = user_data;

  outcome->result = sluice_connection_query_finish (SLUICE_CONNECTION (object), result, &outcome->error);
  g_assert_true ((outcome->result == NULL) != (outcome->error == NULL));
  outcome->finished_at = g_get_monotonic_time ();
  if (outcome->order != NULL)
    g_array_append_val (outcome->order, outcome->index);
  outcome->done = TRUE;
}

static void
on_pipeline_done (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  Outcome *outcome = user_data;

  outcome->results = sluice_connection_pipeline_finish (SLUICE_CONNECTION (object), result, &outcome->error);
  g_assert_true ((outcome->results == NULL) != (outcome->error == NULL));
  outcome->finished_at = g_get_monotonic_time ();
  outcome->done = TRUE;
}

/* Fixtures ------------------------------------------------------------------ */

static const char *
env (const char *name)
{
  const char *value = g_getenv (name);

  g_assert_nonnull (value);
  return value;
}

/* The database name inside a conninfo that sluice_test_pg_new_database()
 * returned. */
static char *
dbname_of (const char *conninfo)
{
  PQconninfoOption *options = PQconninfoParse (conninfo, NULL);
  char *dbname = NULL;

  g_assert_nonnull (options);
  for (PQconninfoOption *option = options; option->keyword != NULL; option++)
    {
      if (strcmp (option->keyword, "dbname") == 0)
        dbname = g_strdup (option->val);
    }
  PQconninfoFree (options);
  g_assert_nonnull (dbname);

  return dbname;
}

/* A conninfo on the test cluster without an application_name. */
static char *
plain_conninfo (const char *dbname)
{
  return g_strdup_printf ("host='%s' port=%s user='%s' dbname='%s'",
                          env ("SLUICE_TEST_PGHOST"), env ("SLUICE_TEST_PGPORT"),
                          env ("SLUICE_TEST_PGUSER"), dbname);
}

static SluiceConnection *
connect_to (const char *conninfo)
{
  g_autoptr(SluiceConnection) connection = sluice_connection_new (conninfo, NULL);
  Outcome outcome = {0};

  sluice_connection_connect_async (connection, NULL, on_connected, &outcome);
  sluice_test_wait_for (&outcome.done, WAIT_MS);
  g_assert_no_error (outcome.error);
  g_assert_cmpint (sluice_connection_get_state (connection), ==, SLUICE_CONNECTION_READY);

  return g_steal_pointer (&connection);
}

static SluiceConnection *
connect_new_database (void)
{
  g_autofree char *conninfo = sluice_test_pg_new_database ();

  return connect_to (conninfo);
}

static SluiceResult *
query (SluiceConnection    *connection,
       const char          *sql,
       const char * const  *params,
       int                  n_params,
       GError             **error)
{
  Outcome outcome = {0};

  sluice_connection_query_async (connection, sql, params, n_params, NULL, on_query_done, &outcome);
  sluice_test_wait_for (&outcome.done, WAIT_MS);
  if (outcome.error != NULL)
    g_propagate_error (error, g_steal_pointer (&outcome.error));

  return outcome.result;
}

static void
query_ok (SluiceConnection *connection,
          const char       *sql)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SluiceResult) result = query (connection, sql, NULL, 0, &error);

  g_assert_no_error (error);
  g_assert_nonnull (result);
}

static char *
query_value (SluiceConnection *connection,
             const char       *sql)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SluiceResult) result = query (connection, sql, NULL, 0, &error);

  g_assert_no_error (error);
  g_assert_cmpint (sluice_result_get_n_rows (result), ==, 1);
  return g_strdup (sluice_result_get_value (result, 0, 0));
}

static void
assert_usable (SluiceConnection *connection)
{
  g_autofree char *value = query_value (connection, "SELECT 40 + 2");

  g_assert_cmpstr (value, ==, "42");
  g_assert_cmpint (sluice_connection_get_state (connection), ==, SLUICE_CONNECTION_READY);
}

/* A periodic source that records how regularly the main loop turns. */
typedef struct
{
  guint  id;
  guint  ticks;
  gint64 last;
  gint64 largest_gap;
} Ticker;

static gboolean
on_tick (gpointer user_data)
{
  Ticker *ticker = user_data;
  gint64 now = g_get_monotonic_time ();

  if (ticker->last != 0)
    ticker->largest_gap = MAX (ticker->largest_gap, now - ticker->last);
  ticker->last = now;
  ticker->ticks++;

  return G_SOURCE_CONTINUE;
}

static void
ticker_start (Ticker *ticker,
              guint   interval_ms)
{
  *ticker = (Ticker) {0};
  ticker->last = g_get_monotonic_time ();
  ticker->id = g_timeout_add (interval_ms, on_tick, ticker);
}

static void
ticker_stop (Ticker *ticker)
{
  g_clear_handle_id (&ticker->id, g_source_remove);
}

static void
record_state (SluiceConnection *connection,
              GParamSpec       *pspec,
              GArray           *states)
{
  SluiceConnectionState state = sluice_connection_get_state (connection);

  g_array_append_val (states, state);
}

/* Connecting ----------------------------------------------------------------- */

static void
test_connect_ok (void)
{
  g_autofree char *conninfo = sluice_test_pg_new_database ();
  g_autofree char *dbname = dbname_of (conninfo);
  g_autoptr(SluiceConnection) connection = sluice_connection_new (conninfo, NULL);
  g_autoptr(GArray) states = g_array_new (FALSE, FALSE, sizeof (SluiceConnectionState));
  g_autofree char *version = NULL;
  Outcome outcome = {0};
  Outcome again = {0};

  g_assert_cmpint (sluice_connection_get_state (connection), ==, SLUICE_CONNECTION_DISCONNECTED);
  g_assert_null (sluice_connection_get_error (connection));
  g_signal_connect (connection, "notify::state", G_CALLBACK (record_state), states);

  sluice_connection_connect_async (connection, NULL, on_connected, &outcome);
  g_assert_cmpint (sluice_connection_get_state (connection), ==, SLUICE_CONNECTION_CONNECTING);
  sluice_test_wait_for (&outcome.done, WAIT_MS);
  g_assert_no_error (outcome.error);

  g_assert_cmpuint (states->len, ==, 2);
  g_assert_cmpint (g_array_index (states, SluiceConnectionState, 0), ==, SLUICE_CONNECTION_CONNECTING);
  g_assert_cmpint (g_array_index (states, SluiceConnectionState, 1), ==, SLUICE_CONNECTION_READY);

  g_assert_cmpint (sluice_connection_get_server_version (connection), >=, 150000);
  version = g_strdup_printf ("%d.", sluice_connection_get_server_version (connection) / 10000);
  g_assert_true (g_str_has_prefix (sluice_connection_get_server_version_string (connection), version));
  g_assert_cmpstr (sluice_connection_get_database (connection), ==, dbname);
  g_assert_cmpstr (sluice_connection_get_user (connection), ==, env ("SLUICE_TEST_PGUSER"));
  g_assert_cmpstr (sluice_connection_get_host (connection), ==, env ("SLUICE_TEST_PGHOST"));
  g_assert_cmpint (sluice_connection_get_backend_pid (connection), >, 0);
  g_assert_null (sluice_connection_get_error (connection));

  /* The backend pid is the one the server reports. */
  {
    g_autofree char *pid = query_value (connection, "SELECT pg_backend_pid()");
    g_assert_cmpint (atoi (pid), ==, sluice_connection_get_backend_pid (connection));
  }

  /* Connecting twice is refused without harm. */
  sluice_connection_connect_async (connection, NULL, on_connected, &again);
  sluice_test_wait_for (&again.done, WAIT_MS);
  g_assert_error (again.error, SLUICE_ERROR, SLUICE_ERROR_BUSY);
  g_clear_error (&again.error);
  assert_usable (connection);

  g_signal_handlers_disconnect_by_func (connection, record_state, states);
  sluice_connection_close (connection);
  g_assert_cmpint (sluice_connection_get_state (connection), ==, SLUICE_CONNECTION_DISCONNECTED);
}

/* A conninfo, a URI and a service name all reach the server, and the
 * application name is "sluice" unless the connection names another. */
static void
test_connect_kinds (void)
{
  g_autofree char *conninfo = sluice_test_pg_new_database ();
  g_autofree char *dbname = dbname_of (conninfo);
  g_autofree char *plain = plain_conninfo (dbname);
  g_autofree char *host = g_uri_escape_string (env ("SLUICE_TEST_PGHOST"), NULL, FALSE);
  g_autofree char *uri = g_strdup_printf ("postgresql://%s@/%s?host=%s&port=%s",
                                          env ("SLUICE_TEST_PGUSER"), dbname, host,
                                          env ("SLUICE_TEST_PGPORT"));

  g_assert_cmpint (sluice_connection_kind_for_text (plain), ==, SLUICE_CONNECTION_KIND_CONNINFO);
  g_assert_cmpint (sluice_connection_kind_for_text (uri), ==, SLUICE_CONNECTION_KIND_URI);
  g_assert_cmpint (sluice_connection_kind_for_text ("sluice_test"), ==, SLUICE_CONNECTION_KIND_SERVICE);

  {
    g_autoptr(SluiceConnection) connection = connect_to (plain);
    g_autofree char *name = query_value (connection, "SELECT current_setting('application_name')");
    g_assert_cmpstr (name, ==, "sluice");
  }

  {
    g_autoptr(SluiceConnection) connection = connect_to (conninfo);
    g_autofree char *name = query_value (connection, "SELECT current_setting('application_name')");
    g_assert_cmpstr (name, ==, "sluice-tests");
  }

  {
    g_autoptr(SluiceConnection) connection = connect_to (uri);
    g_autofree char *db = query_value (connection, "SELECT current_database()");
    g_assert_cmpstr (db, ==, dbname);
    g_assert_cmpstr (sluice_connection_get_database (connection), ==, dbname);
  }

  /* main() wrote the service file. */
  {
    g_autoptr(SluiceConnection) connection = connect_to ("sluice_test");
    g_autofree char *name = query_value (connection, "SELECT current_setting('application_name')");
    g_autofree char *db = query_value (connection, "SELECT current_database()");
    g_assert_cmpstr (name, ==, "from-service");
    g_assert_cmpstr (db, ==, "postgres");
  }

  /* A password given apart from the text is passed on (trust ignores it). */
  {
    g_autoptr(SluiceConnection) connection = sluice_connection_new (plain, "s3cr'et \"pw\"");
    Outcome outcome = {0};

    sluice_connection_connect_async (connection, NULL, on_connected, &outcome);
    sluice_test_wait_for (&outcome.done, WAIT_MS);
    g_assert_no_error (outcome.error);
    assert_usable (connection);
  }
}

static void
assert_connect_fails (const char *conninfo,
                      const char *expected_in_message)
{
  g_autoptr(SluiceConnection) connection = sluice_connection_new (conninfo, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(SluiceResult) result = NULL;
  Outcome outcome = {0};
  Outcome queued = {0};

  sluice_connection_connect_async (connection, NULL, on_connected, &outcome);
  /* Queued while connecting: it must fail too, not hang. */
  sluice_connection_query_async (connection, "SELECT 1", NULL, 0, NULL, on_query_done, &queued);
  sluice_test_wait_for (&outcome.done, WAIT_MS);
  sluice_test_wait_for (&queued.done, WAIT_MS);

  g_test_message ("connect error: %s", outcome.error ? outcome.error->message : "(none)");
  g_assert_error (outcome.error, SLUICE_ERROR, SLUICE_ERROR_CONNECTION);
  g_assert_nonnull (strstr (outcome.error->message, "Could not connect to the server"));
  g_assert_nonnull (strstr (outcome.error->message, expected_in_message));
  g_assert_null (strchr (outcome.error->message, '\n'));
  g_assert_cmpint (sluice_connection_get_state (connection), ==, SLUICE_CONNECTION_FAILED);
  g_assert_nonnull (sluice_connection_get_error (connection));
  g_assert_cmpstr (sluice_connection_get_error (connection)->message, ==, outcome.error->message);

  g_assert_error (queued.error, SLUICE_ERROR, SLUICE_ERROR_CONNECTION);

  /* Later queries are refused at once. */
  result = query (connection, "SELECT 1", NULL, 0, &error);
  g_assert_null (result);
  g_assert_error (error, SLUICE_ERROR, SLUICE_ERROR_CONNECTION);

  outcome_clear (&outcome);
  outcome_clear (&queued);
}

static void
test_connect_wrong_database (void)
{
  g_autofree char *conninfo = plain_conninfo ("no_such_database_here");

  assert_connect_fails (conninfo, "no_such_database_here");
}

/* A port on the loopback that nothing listens on. */
static int
closed_port (void)
{
  struct sockaddr_in address = { .sin_family = AF_INET };
  socklen_t length = sizeof address;
  int fd = socket (AF_INET, SOCK_STREAM, 0);

  address.sin_addr.s_addr = htonl (INADDR_LOOPBACK);
  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (bind (fd, (struct sockaddr *) &address, sizeof address), ==, 0);
  g_assert_cmpint (getsockname (fd, (struct sockaddr *) &address, &length), ==, 0);
  close (fd);

  return ntohs (address.sin_port);
}

static void
test_connect_bad_host (void)
{
  g_autofree char *no_socket = g_strdup_printf ("host=/nonexistent/sluice-test port=%s user='%s' dbname=postgres",
                                                env ("SLUICE_TEST_PGPORT"), env ("SLUICE_TEST_PGUSER"));
  g_autofree char *refused = g_strdup_printf ("host=127.0.0.1 port=%d user='%s' dbname=postgres connect_timeout=5",
                                              closed_port (), env ("SLUICE_TEST_PGUSER"));

  assert_connect_fails (no_socket, "No such file or directory");
  assert_connect_fails (refused, "refused");
  assert_connect_fails ("host=localhost port=notanumber", "port");
  assert_connect_fails ("this_service_is_not_defined", "this_service_is_not_defined");
}

/* libpq honours connect_timeout only in its blocking calls; a server that
 * accepts the TCP connection and then says nothing must not leave us
 * CONNECTING for ever. */
static void
test_connect_timeout (void)
{
  struct sockaddr_in address = { .sin_family = AF_INET };
  socklen_t length = sizeof address;
  int fd = socket (AF_INET, SOCK_STREAM, 0);
  g_autofree char *conninfo = NULL;
  g_autoptr(SluiceConnection) connection = NULL;
  Outcome outcome = {0};
  gint64 started;

  address.sin_addr.s_addr = htonl (INADDR_LOOPBACK);
  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (bind (fd, (struct sockaddr *) &address, sizeof address), ==, 0);
  g_assert_cmpint (listen (fd, 4), ==, 0);
  g_assert_cmpint (getsockname (fd, (struct sockaddr *) &address, &length), ==, 0);

  conninfo = g_strdup_printf ("host=127.0.0.1 port=%d user=nobody dbname=nothing connect_timeout=2",
                              ntohs (address.sin_port));
  connection = sluice_connection_new (conninfo, NULL);
  started = g_get_monotonic_time ();
  sluice_connection_connect_async (connection, NULL, on_connected, &outcome);
  sluice_test_wait_for (&outcome.done, 10000);

  g_test_message ("silent server: %s, after %.1f s", outcome.error ? outcome.error->message : "(none)",
                  (outcome.finished_at - started) / (double) G_USEC_PER_SEC);
  g_assert_error (outcome.error, SLUICE_ERROR, SLUICE_ERROR_CONNECTION);
  g_assert_nonnull (strstr (outcome.error->message, "connect_timeout"));
  g_assert_cmpint (sluice_connection_get_state (connection), ==, SLUICE_CONNECTION_FAILED);

  close (fd);
  outcome_clear (&outcome);
}

static void
test_connect_cancel (void)
{
  g_autofree char *conninfo = sluice_test_pg_new_database ();
  g_autoptr(SluiceConnection) connection = sluice_connection_new (conninfo, NULL);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GCancellable) cancelled = g_cancellable_new ();
  Outcome outcome = {0};
  Outcome early = {0};
  Outcome later = {0};

  /* Already cancelled: nothing starts. */
  g_cancellable_cancel (cancelled);
  sluice_connection_connect_async (connection, cancelled, on_connected, &early);
  sluice_test_wait_for (&early.done, WAIT_MS);
  g_assert_error (early.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpint (sluice_connection_get_state (connection), ==, SLUICE_CONNECTION_DISCONNECTED);

  /* Cancelled while under way: the attempt is abandoned. */
  sluice_connection_connect_async (connection, cancellable, on_connected, &outcome);
  g_assert_cmpint (sluice_connection_get_state (connection), ==, SLUICE_CONNECTION_CONNECTING);
  g_cancellable_cancel (cancellable);
  sluice_test_wait_for (&outcome.done, WAIT_MS);
  g_assert_error (outcome.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpint (sluice_connection_get_state (connection), ==, SLUICE_CONNECTION_DISCONNECTED);
  g_assert_null (sluice_connection_get_error (connection));

  /* And the same object connects afterwards. */
  sluice_connection_connect_async (connection, NULL, on_connected, &later);
  sluice_test_wait_for (&later.done, WAIT_MS);
  g_assert_no_error (later.error);
  assert_usable (connection);

  outcome_clear (&early);
  outcome_clear (&outcome);
}

/* Queries ---------------------------------------------------------------------- */

static void
test_query_server_error (void)
{
  g_autoptr(SluiceConnection) connection = connect_new_database ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) missing = NULL;
  g_autoptr(GError) syntax = NULL;
  g_autoptr(SluiceResult) result = NULL;

  result = query (connection,
                  "DO $$ BEGIN RAISE EXCEPTION 'custom failure' USING "
                  "DETAIL = 'the detail', HINT = 'the hint', ERRCODE = '22012'; END $$",
                  NULL, 0, &error);
  g_assert_null (result);
  g_assert_error (error, SLUICE_SERVER_ERROR, sluice_sqlstate_to_code ("22012"));
  g_assert_cmpstr (error->message, ==, "custom failure");
  g_assert_cmpstr (sluice_server_error_get_sqlstate (error), ==, "22012");
  g_assert_cmpstr (sluice_server_error_get_detail (error), ==, "the detail");
  g_assert_cmpstr (sluice_server_error_get_hint (error), ==, "the hint");
  assert_usable (connection);

  result = query (connection, "SELECT * FROM no_such_table", NULL, 0, &missing);
  g_assert_null (result);
  g_assert_true (sluice_server_error_matches (missing, "42P01"));
  g_assert_nonnull (strstr (missing->message, "no_such_table"));
  g_assert_null (sluice_server_error_get_hint (missing));

  result = query (connection, "SELEKT 1", NULL, 0, &syntax);
  g_assert_true (sluice_server_error_matches (syntax, "42601"));

  /* Two statements in one parameterised query are refused by the server. */
  g_clear_error (&syntax);
  result = query (connection, "SELECT 1; SELECT 2", NULL, 0, &syntax);
  g_assert_true (sluice_server_error_matches (syntax, "42601"));

  assert_usable (connection);
}

static void
test_query_values (void)
{
  static const char * const hostile[] = {
    "it's \"quoted\" -- ; DROP TABLE t; \\ back\\slash $1 %s %n",
    "日本語 — ünïcödé ✓ 🐘",
    "",
    "line\nbreak\ttab",
  };
  g_autoptr(SluiceConnection) connection = connect_new_database ();
  g_autoptr(GError) error = NULL;
  g_autoptr(SluiceResult) result = NULL;
  g_autoptr(SluiceResult) empty = NULL;
  const char *params[] = { hostile[0], NULL, "41" };

  result = query (connection,
                  "SELECT $1::text AS a, $2::text AS b, NULL::int AS n, 42::int8 AS i, "
                  "true AS t, false AS f, $3::int + 1 AS p, -9000000000::int8 AS big",
                  params, G_N_ELEMENTS (params), &error);
  g_assert_no_error (error);
  g_assert_cmpint (sluice_result_get_n_rows (result), ==, 1);
  g_assert_cmpint (sluice_result_get_n_columns (result), ==, 8);
  g_assert_cmpstr (sluice_result_get_command_status (result), ==, "SELECT 1");
  g_assert_cmpint (sluice_result_get_elapsed_us (result), >, 0);

  g_assert_cmpstr (sluice_result_get_column_name (result, 0), ==, "a");
  g_assert_cmpstr (sluice_result_get_column_name (result, 7), ==, "big");
  g_assert_cmpint (sluice_result_get_column_index (result, "p"), ==, 6);
  g_assert_cmpint (sluice_result_get_column_index (result, "P"), ==, -1);
  g_assert_cmpint (sluice_result_get_column_index (result, "nope"), ==, -1);

  g_assert_cmpstr (sluice_result_get_value (result, 0, 0), ==, hostile[0]);
  g_assert_cmpstr (sluice_result_get_value_by_name (result, 0, "a"), ==, hostile[0]);
  g_assert_false (sluice_result_is_null (result, 0, 0));

  /* SQL NULL, from a parameter and from the query. */
  g_assert_null (sluice_result_get_value (result, 0, 1));
  g_assert_true (sluice_result_is_null (result, 0, 1));
  g_assert_null (sluice_result_get_value_by_name (result, 0, "n"));
  g_assert_true (sluice_result_is_null (result, 0, 2));
  g_assert_cmpint (sluice_result_get_int64 (result, 0, 2), ==, 0);
  g_assert_false (sluice_result_get_boolean (result, 0, 2));

  g_assert_cmpint (sluice_result_get_int64 (result, 0, 3), ==, 42);
  g_assert_true (sluice_result_get_boolean (result, 0, 4));
  g_assert_false (sluice_result_get_boolean (result, 0, 5));
  g_assert_cmpint (sluice_result_get_int64 (result, 0, 6), ==, 42);
  g_assert_cmpint (sluice_result_get_int64 (result, 0, 7), ==, G_GINT64_CONSTANT (-9000000000));
  /* Text that is not a number reads as 0. */
  g_assert_cmpint (sluice_result_get_int64 (result, 0, 0), ==, 0);

  /* Hostile text goes in as data and comes back byte for byte. */
  query_ok (connection, "CREATE TABLE t (id int PRIMARY KEY, name text)");
  for (guint i = 0; i < G_N_ELEMENTS (hostile); i++)
    {
      g_autofree char *id = g_strdup_printf ("%u", i);
      const char *insert[] = { id, hostile[i] };
      const char *select[] = { id };
      g_autoptr(SluiceResult) inserted = NULL;
      g_autoptr(SluiceResult) selected = NULL;

      inserted = query (connection, "INSERT INTO t VALUES ($1, $2)", insert, 2, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (sluice_result_get_command_status (inserted), ==, "INSERT 0 1");
      g_assert_cmpint (sluice_result_get_n_columns (inserted), ==, 0);

      selected = query (connection, "SELECT name, length(name) FROM t WHERE id = $1", select, 1, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (sluice_result_get_value (selected, 0, 0), ==, hostile[i]);
      g_assert_cmpint (sluice_result_get_int64 (selected, 0, 1), ==, g_utf8_strlen (hostile[i], -1));
    }
  {
    g_autofree char *count = query_value (connection, "SELECT count(*) FROM t");
    g_assert_cmpstr (count, ==, "4");
  }

  empty = query (connection, "SELECT 1 AS one WHERE false", NULL, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpint (sluice_result_get_n_rows (empty), ==, 0);
  g_assert_cmpint (sluice_result_get_n_columns (empty), ==, 1);
}

/* Out-of-range cells are programming errors: a critical, and NULL. */
static void
test_result_bounds (void)
{
  if (g_test_subprocess ())
    {
      g_autoptr(SluiceResult) result = sluice_result_new_take (PQmakeEmptyPGresult (NULL, PGRES_TUPLES_OK), 0);

      g_assert_cmpint (sluice_result_get_n_rows (result), ==, 0);
      g_assert_null (sluice_result_get_value (result, 0, 0));
      return;
    }

  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_failed ();
  g_test_trap_assert_stderr ("*CRITICAL*cell_is_valid*");
}

static void
test_query_queue_order (void)
{
  g_autoptr(SluiceConnection) connection = connect_new_database ();
  g_autoptr(GArray) order = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autofree char *logged = NULL;
  g_autoptr(GString) expected = g_string_new (NULL);
  Outcome outcomes[20] = {{0}};

  query_ok (connection, "CREATE TABLE log (id serial PRIMARY KEY, n int)");

  for (guint i = 0; i < G_N_ELEMENTS (outcomes); i++)
    {
      g_autofree char *n = g_strdup_printf ("%u", i);
      const char *params[] = { n };

      outcomes[i].index = i;
      outcomes[i].order = order;
      /* Every other one sleeps a little, so that a reordering would show. */
      sluice_connection_query_async (connection,
                                     i % 2 == 0 ? "INSERT INTO log (n) SELECT $1::int FROM pg_sleep(0.01)"
                                                : "INSERT INTO log (n) VALUES ($1)",
                                     params, 1, NULL, on_query_done, &outcomes[i]);
      g_string_append_printf (expected, "%s%u", i ? "," : "", i);
    }
  g_assert_cmpint (sluice_connection_get_state (connection), ==, SLUICE_CONNECTION_BUSY);

  sluice_test_wait_for (&outcomes[G_N_ELEMENTS (outcomes) - 1].done, WAIT_MS);
  for (guint i = 0; i < G_N_ELEMENTS (outcomes); i++)
    {
      g_assert_true (outcomes[i].done);
      g_assert_no_error (outcomes[i].error);
      g_assert_cmpuint (g_array_index (order, guint, i), ==, i);
      outcome_clear (&outcomes[i]);
    }
  g_assert_cmpint (sluice_connection_get_state (connection), ==, SLUICE_CONNECTION_READY);

  logged = query_value (connection, "SELECT string_agg(n::text, ',' ORDER BY id) FROM log");
  g_assert_cmpstr (logged, ==, expected->str);
}

/* Callbacks may call back into the connection: queue the next statement,
 * or close it under the feet of the statements still queued. */
typedef struct
{
  guint     remaining;
  guint     completed;
  gboolean  done;
  gboolean  close_at_end;
  GError   *error;
} Chain;

static void
on_chained (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  SluiceConnection *connection = SLUICE_CONNECTION (object);
  Chain *chain = user_data;
  g_autoptr(SluiceResult) rows = sluice_connection_query_finish (connection, result, &chain->error);

  if (rows == NULL)
    {
      chain->done = TRUE;
      return;
    }

  g_assert_cmpint (sluice_result_get_int64 (rows, 0, 0), ==, chain->completed);
  chain->completed++;
  if (chain->remaining-- > 0)
    {
      g_autofree char *n = g_strdup_printf ("%u", chain->completed);
      const char *params[] = { n };

      sluice_connection_query_async (connection, "SELECT $1::int", params, 1, NULL, on_chained, chain);
      return;
    }

  if (chain->close_at_end)
    sluice_connection_close (connection);
  chain->done = TRUE;
}

static void
test_query_reentrant (void)
{
  g_autoptr(SluiceConnection) connection = connect_new_database ();
  const char *zero[] = { "0" };
  Chain chain = { .remaining = 49, .close_at_end = TRUE };
  Outcome behind = {0};

  sluice_connection_query_async (connection, "SELECT $1::int", zero, 1, NULL, on_chained, &chain);
  sluice_test_wait_for (&chain.done, WAIT_MS);
  g_assert_no_error (chain.error);
  g_assert_cmpuint (chain.completed, ==, 50);
  g_assert_cmpint (sluice_connection_get_state (connection), ==, SLUICE_CONNECTION_DISCONNECTED);

  /* Closed from a callback while another statement waited in the queue. */
  {
    Chain first = { .remaining = 0, .close_at_end = TRUE };
    Outcome reconnected = {0};

    sluice_connection_connect_async (connection, NULL, on_connected, &reconnected);
    sluice_test_wait_for (&reconnected.done, WAIT_MS);
    g_assert_no_error (reconnected.error);

    sluice_connection_query_async (connection, "SELECT $1::int", zero, 1, NULL, on_chained, &first);
    sluice_connection_query_async (connection, "SELECT 2", NULL, 0, NULL, on_query_done, &behind);
    sluice_test_wait_for (&first.done, WAIT_MS);
    sluice_test_wait_for (&behind.done, WAIT_MS);
    g_assert_no_error (first.error);
    g_assert_error (behind.error, G_IO_ERROR, G_IO_ERROR_CLOSED);
  }

  outcome_clear (&behind);
}

static void
test_query_not_connected (void)
{
  g_autofree char *conninfo = sluice_test_pg_new_database ();
  g_autoptr(SluiceConnection) connection = sluice_connection_new (conninfo, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(SluiceResult) result = query (connection, "SELECT 1", NULL, 0, &error);
  const char *statements[] = { "SELECT 1", NULL };
  Outcome pipeline = {0};

  g_assert_null (result);
  g_assert_error (error, SLUICE_ERROR, SLUICE_ERROR_CONNECTION);

  sluice_connection_pipeline_async (connection, statements, NULL, on_pipeline_done, &pipeline);
  sluice_test_wait_for (&pipeline.done, WAIT_MS);
  g_assert_error (pipeline.error, SLUICE_ERROR, SLUICE_ERROR_CONNECTION);
  outcome_clear (&pipeline);
}

/* COPY with STDIN/STDOUT is refused cleanly, and the connection goes on. */
static void
test_query_copy_refused (void)
{
  g_autoptr(SluiceConnection) connection = connect_new_database ();
  g_autoptr(GError) out_error = NULL;
  g_autoptr(GError) in_error = NULL;
  g_autoptr(SluiceResult) result = NULL;
  g_autofree char *count = NULL;

  query_ok (connection, "CREATE TABLE c (n int)");

  result = query (connection, "COPY (SELECT generate_series(1, 20000)) TO STDOUT", NULL, 0, &out_error);
  g_assert_null (result);
  g_assert_error (out_error, SLUICE_ERROR, SLUICE_ERROR_INVALID_INPUT);
  assert_usable (connection);

  result = query (connection, "COPY c FROM STDIN", NULL, 0, &in_error);
  g_assert_null (result);
  g_assert_error (in_error, SLUICE_ERROR, SLUICE_ERROR_INVALID_INPUT);
  assert_usable (connection);

  count = query_value (connection, "SELECT count(*) FROM c");
  g_assert_cmpstr (count, ==, "0");
}

/* Pipelines -------------------------------------------------------------------------- */

static void
test_pipeline_results (void)
{
  const char *statements[] = {
    "CREATE TABLE p (id int PRIMARY KEY, v text)",
    "INSERT INTO p VALUES (1, 'a')",
    "INSERT INTO p VALUES (2, 'b'), (3, NULL)",
    "SELECT count(*) FROM p",
    "SELECT v FROM p ORDER BY id",
    "",
    NULL,
  };
  g_autoptr(SluiceConnection) connection = connect_new_database ();
  const char *no_statements[] = { NULL };
  Outcome outcome = {0};
  Outcome empty = {0};
  SluiceResult *rows;
  gint64 previous = 0;

  sluice_connection_pipeline_async (connection, statements, NULL, on_pipeline_done, &outcome);
  g_assert_cmpint (sluice_connection_get_state (connection), ==, SLUICE_CONNECTION_BUSY);
  sluice_test_wait_for (&outcome.done, WAIT_MS);
  g_assert_no_error (outcome.error);
  g_assert_cmpuint (outcome.results->len, ==, 6);

  g_assert_cmpstr (sluice_result_get_command_status (g_ptr_array_index (outcome.results, 0)), ==, "CREATE TABLE");
  g_assert_cmpstr (sluice_result_get_command_status (g_ptr_array_index (outcome.results, 1)), ==, "INSERT 0 1");
  g_assert_cmpstr (sluice_result_get_command_status (g_ptr_array_index (outcome.results, 2)), ==, "INSERT 0 2");
  g_assert_cmpint (sluice_result_get_int64 (g_ptr_array_index (outcome.results, 3), 0, 0), ==, 3);
  rows = g_ptr_array_index (outcome.results, 4);
  g_assert_cmpint (sluice_result_get_n_rows (rows), ==, 3);
  g_assert_cmpstr (sluice_result_get_value (rows, 0, 0), ==, "a");
  g_assert_null (sluice_result_get_value (rows, 2, 0));
  g_assert_cmpstr (sluice_result_get_command_status (g_ptr_array_index (outcome.results, 5)), ==, "");

  /* Each result's time runs from the one send to its own arrival. */
  for (guint i = 0; i < outcome.results->len; i++)
    {
      gint64 elapsed = sluice_result_get_elapsed_us (g_ptr_array_index (outcome.results, i));

      g_assert_cmpint (elapsed, >=, previous);
      previous = elapsed;
    }

  g_assert_cmpint (sluice_connection_get_state (connection), ==, SLUICE_CONNECTION_READY);
  assert_usable (connection);

  sluice_connection_pipeline_async (connection, no_statements, NULL, on_pipeline_done, &empty);
  sluice_test_wait_for (&empty.done, WAIT_MS);
  g_assert_no_error (empty.error);
  g_assert_cmpuint (empty.results->len, ==, 0);

  outcome_clear (&outcome);
  outcome_clear (&empty);
}

static void
test_pipeline_failure (void)
{
  const char *statements[] = {
    "CREATE TABLE q (id int)",
    "INSERT INTO q VALUES (1)",
    "SELECT * FROM missing_table",
    "INSERT INTO q VALUES (2)",
    "SELECT 1",
    NULL,
  };
  g_autoptr(SluiceConnection) connection = connect_new_database ();
  g_autofree char *exists = NULL;
  Outcome outcome = {0};
  Outcome after = {0};

  sluice_connection_pipeline_async (connection, statements, NULL, on_pipeline_done, &outcome);
  /* Queued behind the pipeline, which counts as one request. */
  sluice_connection_query_async (connection, "SELECT 'after'", NULL, 0, NULL, on_query_done, &after);
  sluice_test_wait_for (&outcome.done, WAIT_MS);
  g_assert_null (outcome.results);
  g_assert_true (sluice_server_error_matches (outcome.error, "42P01"));
  g_assert_nonnull (strstr (outcome.error->message, "missing_table"));
  g_assert_false (after.done);

  sluice_test_wait_for (&after.done, WAIT_MS);
  g_assert_no_error (after.error);
  g_assert_cmpstr (sluice_result_get_value (after.result, 0, 0), ==, "after");

  /* One Sync: the statements before the failure were rolled back too. */
  exists = query_value (connection, "SELECT to_regclass('q') IS NULL");
  g_assert_cmpstr (exists, ==, "t");
  assert_usable (connection);

  outcome_clear (&outcome);
  outcome_clear (&after);
}

/* The main loop keeps turning ---------------------------------------------------------- */

static void
test_loop_turns_during_slow_query (void)
{
  g_autoptr(SluiceConnection) connection = connect_new_database ();
  Outcome outcome = {0};
  Ticker ticker;

  ticker_start (&ticker, 5);
  sluice_connection_query_async (connection, "SELECT pg_sleep(1)", NULL, 0, NULL, on_query_done, &outcome);
  g_assert_cmpint (sluice_connection_get_state (connection), ==, SLUICE_CONNECTION_BUSY);
  sluice_test_wait_for (&outcome.done, WAIT_MS);
  ticker_stop (&ticker);

  g_test_message ("pg_sleep(1): %u ticks of 5 ms, largest gap %.1f ms",
                  ticker.ticks, ticker.largest_gap / 1000.0);
  g_assert_no_error (outcome.error);
  g_assert_cmpint (sluice_result_get_elapsed_us (outcome.result), >=, G_USEC_PER_SEC);
  /* 200 ticks fit in the second; a blocked loop would give 0 or 1.  The
   * floor proves the loop turned, not how fast: a loaded 2-core machine
   * can starve this process of the CPU for a long part of that second. */
  g_assert_cmpuint (ticker.ticks, >=, 10);
  assert_usable (connection);

  outcome_clear (&outcome);
}

static gboolean
cancel_later (gpointer user_data)
{
  g_cancellable_cancel (user_data);
  return G_SOURCE_REMOVE;
}

static void
test_loop_turns_during_cancel (void)
{
  g_autoptr(SluiceConnection) connection = connect_new_database ();
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  Outcome outcome = {0};
  gint64 started;
  Ticker ticker;

  ticker_start (&ticker, 5);
  started = g_get_monotonic_time ();
  sluice_connection_query_async (connection, "SELECT pg_sleep(30)", NULL, 0, cancellable, on_query_done, &outcome);
  g_timeout_add (200, cancel_later, cancellable);
  /* Fails the test at 10 s: the statement itself would take 30. */
  sluice_test_wait_for (&outcome.done, 10000);
  ticker_stop (&ticker);

  g_test_message ("cancel of pg_sleep(30) after 200 ms: answered after %.0f ms, %u ticks, largest gap %.1f ms",
                  (outcome.finished_at - started) / 1000.0, ticker.ticks, ticker.largest_gap / 1000.0);
  g_assert_error (outcome.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  /* The 200 ms before the cancel alone hold 40 ticks; a loop blocked in
   * PQcancel would give 0 or 1.  The floor proves the loop turned, with
   * room for a loaded machine that does not schedule us for a while. */
  g_assert_cmpuint (ticker.ticks, >=, 5);
  g_assert_cmpint (sluice_connection_get_state (connection), ==, SLUICE_CONNECTION_READY);
  assert_usable (connection);

  outcome_clear (&outcome);
}

/* A statement_timeout is the server's own 57014: an error, not a
 * cancellation of ours. */
static void
test_statement_timeout_is_not_cancel (void)
{
  g_autoptr(SluiceConnection) connection = connect_new_database ();
  g_autoptr(GError) error = NULL;
  g_autoptr(SluiceResult) result = NULL;

  query_ok (connection, "SET statement_timeout = '100ms'");
  result = query (connection, "SELECT pg_sleep(5)", NULL, 0, &error);
  g_assert_null (result);
  g_assert_true (sluice_server_error_matches (error, "57014"));
  assert_usable (connection);
}

static void
test_cancel_queued (void)
{
  g_autoptr(SluiceConnection) connection = connect_new_database ();
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GCancellable) cancelled = g_cancellable_new ();
  Outcome running = {0};
  Outcome queued = {0};
  Outcome early = {0};
  Outcome last = {0};

  sluice_connection_query_async (connection, "SELECT pg_sleep(0.5)", NULL, 0, NULL, on_query_done, &running);
  sluice_connection_query_async (connection, "SELECT 2", NULL, 0, cancellable, on_query_done, &queued);
  g_cancellable_cancel (cancelled);
  sluice_connection_query_async (connection, "SELECT 3", NULL, 0, cancelled, on_query_done, &early);
  sluice_connection_query_async (connection, "SELECT 4", NULL, 0, NULL, on_query_done, &last);
  g_cancellable_cancel (cancellable);

  sluice_test_wait_for (&queued.done, WAIT_MS);
  g_assert_error (queued.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_false (running.done);
  sluice_test_wait_for (&early.done, WAIT_MS);
  g_assert_error (early.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);

  sluice_test_wait_for (&last.done, WAIT_MS);
  g_assert_true (running.done);
  g_assert_no_error (running.error);
  g_assert_no_error (last.error);
  g_assert_cmpstr (sluice_result_get_value (last.result, 0, 0), ==, "4");

  outcome_clear (&running);
  outcome_clear (&queued);
  outcome_clear (&early);
  outcome_clear (&last);
}

/* A cancelled pipeline completes cancelled too. */
static void
test_cancel_pipeline (void)
{
  const char *statements[] = { "SELECT 1", "SELECT pg_sleep(30)", "SELECT 3", NULL };
  g_autoptr(SluiceConnection) connection = connect_new_database ();
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  Outcome outcome = {0};

  sluice_connection_pipeline_async (connection, statements, cancellable, on_pipeline_done, &outcome);
  g_timeout_add (200, cancel_later, cancellable);
  sluice_test_wait_for (&outcome.done, 10000);
  g_assert_error (outcome.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  assert_usable (connection);

  outcome_clear (&outcome);
}

/* The server goes away ------------------------------------------------------------------ */

static void
terminate_backend (SluiceConnection *killer,
                   int               pid)
{
  g_autofree char *pid_text = g_strdup_printf ("%d", pid);
  const char *params[] = { pid_text };
  g_autoptr(GError) error = NULL;
  g_autoptr(SluiceResult) result = NULL;

  result = query (killer, "SELECT pg_terminate_backend($1::int)", params, 1, &error);
  g_assert_no_error (error);
  g_assert_true (sluice_result_get_boolean (result, 0, 0));
}

static gboolean
on_sleep_started (gpointer user_data)
{
  gboolean *flag = user_data;

  *flag = TRUE;
  return G_SOURCE_REMOVE;
}

static void
test_lost_while_running (void)
{
  g_autofree char *conninfo = sluice_test_pg_new_database ();
  g_autoptr(SluiceConnection) victim = connect_to (conninfo);
  g_autoptr(SluiceConnection) killer = connect_to (conninfo);
  g_autoptr(GError) error = NULL;
  g_autoptr(SluiceResult) result = NULL;
  Outcome running = {0};
  Outcome queued = {0};
  Outcome reconnected = {0};
  gboolean sleeping = FALSE;

  sluice_connection_query_async (victim, "SELECT pg_sleep(30)", NULL, 0, NULL, on_query_done, &running);
  sluice_connection_query_async (victim, "SELECT 1", NULL, 0, NULL, on_query_done, &queued);
  g_timeout_add (200, on_sleep_started, &sleeping);
  sluice_test_wait_for (&sleeping, WAIT_MS);

  terminate_backend (killer, sluice_connection_get_backend_pid (victim));
  sluice_test_wait_for (&running.done, 10000);
  sluice_test_wait_for (&queued.done, 10000);

  g_test_message ("lost: %s", running.error ? running.error->message : "(none)");
  g_assert_error (running.error, SLUICE_ERROR, SLUICE_ERROR_CONNECTION);
  g_assert_nonnull (strstr (running.error->message, "lost"));
  g_assert_nonnull (strstr (running.error->message, "terminating connection due to administrator command"));
  g_assert_nonnull (strstr (running.error->message, "outcome is unknown"));
  g_assert_error (queued.error, SLUICE_ERROR, SLUICE_ERROR_CONNECTION);
  g_assert_nonnull (strstr (queued.error->message, "not run"));
  g_assert_cmpint (sluice_connection_get_state (victim), ==, SLUICE_CONNECTION_FAILED);
  g_assert_error (sluice_connection_get_error (victim), SLUICE_ERROR, SLUICE_ERROR_CONNECTION);

  result = query (victim, "SELECT 1", NULL, 0, &error);
  g_assert_null (result);
  g_assert_error (error, SLUICE_ERROR, SLUICE_ERROR_CONNECTION);

  /* A FAILED connection can be opened again. */
  sluice_connection_connect_async (victim, NULL, on_connected, &reconnected);
  sluice_test_wait_for (&reconnected.done, WAIT_MS);
  g_assert_no_error (reconnected.error);
  g_assert_null (sluice_connection_get_error (victim));
  assert_usable (victim);
  assert_usable (killer);

  outcome_clear (&running);
  outcome_clear (&queued);
}

static void
on_state_failed (SluiceConnection *connection,
                 GParamSpec       *pspec,
                 gboolean         *failed)
{
  if (sluice_connection_get_state (connection) == SLUICE_CONNECTION_FAILED)
    *failed = TRUE;
}

/* An idle connection notices too, without being asked anything. */
static void
test_lost_while_idle (void)
{
  g_autofree char *conninfo = sluice_test_pg_new_database ();
  g_autoptr(SluiceConnection) victim = connect_to (conninfo);
  g_autoptr(SluiceConnection) killer = connect_to (conninfo);
  gboolean failed = FALSE;

  g_signal_connect (victim, "notify::state", G_CALLBACK (on_state_failed), &failed);
  terminate_backend (killer, sluice_connection_get_backend_pid (victim));
  sluice_test_wait_for (&failed, 10000);
  g_assert_error (sluice_connection_get_error (victim), SLUICE_ERROR, SLUICE_ERROR_CONNECTION);
  g_test_message ("lost while idle: %s", sluice_connection_get_error (victim)->message);
  g_assert_nonnull (strstr (sluice_connection_get_error (victim)->message,
                            "terminating connection due to administrator command"));
  g_signal_handlers_disconnect_by_func (victim, on_state_failed, &failed);
}

/* Closing ------------------------------------------------------------------------------ */

static gboolean
backend_is_gone (SluiceConnection *observer,
                 int               pid)
{
  g_autofree char *pid_text = g_strdup_printf ("%d", pid);
  const char *params[] = { pid_text };
  g_autoptr(GError) error = NULL;
  g_autoptr(SluiceResult) result = NULL;

  result = query (observer, "SELECT count(*) FROM pg_stat_activity WHERE pid = $1::int", params, 1, &error);
  g_assert_no_error (error);
  return sluice_result_get_int64 (result, 0, 0) == 0;
}

static void
test_close_pending (void)
{
  g_autofree char *conninfo = sluice_test_pg_new_database ();
  g_autoptr(SluiceConnection) connection = connect_to (conninfo);
  g_autoptr(SluiceConnection) observer = connect_to (conninfo);
  const char *statements[] = { "SELECT 1", NULL };
  int pid = sluice_connection_get_backend_pid (connection);
  Outcome running = {0};
  Outcome queued = {0};
  Outcome pipeline = {0};
  gboolean gone = FALSE;

  sluice_connection_query_async (connection, "SELECT pg_sleep(20)", NULL, 0, NULL, on_query_done, &running);
  sluice_connection_query_async (connection, "SELECT 1", NULL, 0, NULL, on_query_done, &queued);
  sluice_connection_pipeline_async (connection, statements, NULL, on_pipeline_done, &pipeline);
  sluice_connection_close (connection);

  g_assert_cmpint (sluice_connection_get_state (connection), ==, SLUICE_CONNECTION_DISCONNECTED);
  sluice_test_wait_for (&running.done, WAIT_MS);
  sluice_test_wait_for (&queued.done, WAIT_MS);
  sluice_test_wait_for (&pipeline.done, WAIT_MS);
  g_assert_error (running.error, G_IO_ERROR, G_IO_ERROR_CLOSED);
  g_assert_error (queued.error, G_IO_ERROR, G_IO_ERROR_CLOSED);
  g_assert_error (pipeline.error, G_IO_ERROR, G_IO_ERROR_CLOSED);

  /* The statement was cancelled on the server, not left to run 20 s. */
  for (guint i = 0; i < 50 && !gone; i++)
    {
      gboolean waited = FALSE;

      gone = backend_is_gone (observer, pid);
      g_timeout_add (100, on_sleep_started, &waited);
      sluice_test_wait_for (&waited, WAIT_MS);
    }
  g_assert_true (gone);

  /* Closing twice is harmless. */
  sluice_connection_close (connection);

  outcome_clear (&running);
  outcome_clear (&queued);
  outcome_clear (&pipeline);
}

static void
test_dispose_pending (void)
{
  SluiceConnection *connection = connect_new_database ();
  GWeakRef weak;
  Outcome running = {0};
  Outcome queued = {0};

  sluice_connection_query_async (connection, "SELECT pg_sleep(20)", NULL, 0, NULL, on_query_done, &running);
  sluice_connection_query_async (connection, "SELECT 1", NULL, 0, NULL, on_query_done, &queued);
  g_weak_ref_init (&weak, connection);

  g_object_run_dispose (G_OBJECT (connection));
  sluice_test_wait_for (&running.done, WAIT_MS);
  sluice_test_wait_for (&queued.done, WAIT_MS);
  g_assert_error (running.error, G_IO_ERROR, G_IO_ERROR_CLOSED);
  g_assert_error (queued.error, G_IO_ERROR, G_IO_ERROR_CLOSED);

  g_object_unref (connection);
  /* Let the tasks' idle callbacks drop their references. */
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_null (g_weak_ref_get (&weak));
  g_weak_ref_clear (&weak);

  outcome_clear (&running);
  outcome_clear (&queued);
}

/* Notices ------------------------------------------------------------------------------- */

static void
on_notice (SluiceConnection *connection,
           const char       *severity,
           const char       *message,
           GPtrArray        *notices)
{
  g_ptr_array_add (notices, g_strdup_printf ("%s: %s", severity, message));
}

static void
test_notice (void)
{
  g_autoptr(SluiceConnection) connection = connect_new_database ();
  g_autoptr(GPtrArray) notices = g_ptr_array_new_with_free_func (g_free);

  g_signal_connect (connection, "notice", G_CALLBACK (on_notice), notices);
  query_ok (connection, "DO $$ BEGIN RAISE NOTICE 'hello %', 42; RAISE WARNING 'careful'; END $$");

  g_assert_cmpuint (notices->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (notices, 0), ==, "NOTICE: hello 42");
  g_assert_cmpstr (g_ptr_array_index (notices, 1), ==, "WARNING: careful");

  g_signal_handlers_disconnect_by_func (connection, on_notice, notices);
}

/* libpq reads PGSERVICEFILE from the environment, which must be set
 * before any thread exists. */
static char *
write_service_file (void)
{
  g_autofree char *dir = g_dir_make_tmp ("sluice-service-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "pg_service.conf", NULL);
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;

  text = g_strdup_printf ("[sluice_test]\nhost=%s\nport=%s\nuser=%s\ndbname=postgres\n"
                          "application_name=from-service\n",
                          env ("SLUICE_TEST_PGHOST"), env ("SLUICE_TEST_PGPORT"),
                          env ("SLUICE_TEST_PGUSER"));
  g_file_set_contents (path, text, -1, &error);
  g_assert_no_error (error);
  g_setenv ("PGSERVICEFILE", path, TRUE);

  return g_steal_pointer (&dir);
}

static void
remove_service_file (const char *dir)
{
  g_autofree char *path = g_build_filename (dir, "pg_service.conf", NULL);

  g_unlink (path);
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *service_dir = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);
  service_dir = write_service_file ();

  g_test_add_func ("/connection/connect/ok", test_connect_ok);
  g_test_add_func ("/connection/connect/kinds", test_connect_kinds);
  g_test_add_func ("/connection/connect/wrong-database", test_connect_wrong_database);
  g_test_add_func ("/connection/connect/bad-host", test_connect_bad_host);
  g_test_add_func ("/connection/connect/timeout", test_connect_timeout);
  g_test_add_func ("/connection/connect/cancel", test_connect_cancel);
  g_test_add_func ("/connection/query/server-error", test_query_server_error);
  g_test_add_func ("/connection/query/values", test_query_values);
  g_test_add_func ("/connection/query/result-bounds", test_result_bounds);
  g_test_add_func ("/connection/query/queue-order", test_query_queue_order);
  g_test_add_func ("/connection/query/reentrant", test_query_reentrant);
  g_test_add_func ("/connection/query/not-connected", test_query_not_connected);
  g_test_add_func ("/connection/query/copy-refused", test_query_copy_refused);
  g_test_add_func ("/connection/pipeline/results", test_pipeline_results);
  g_test_add_func ("/connection/pipeline/failure", test_pipeline_failure);
  g_test_add_func ("/connection/loop/slow-query", test_loop_turns_during_slow_query);
  g_test_add_func ("/connection/loop/cancel", test_loop_turns_during_cancel);
  g_test_add_func ("/connection/cancel/statement-timeout", test_statement_timeout_is_not_cancel);
  g_test_add_func ("/connection/cancel/queued", test_cancel_queued);
  g_test_add_func ("/connection/cancel/pipeline", test_cancel_pipeline);
  g_test_add_func ("/connection/lost/running", test_lost_while_running);
  g_test_add_func ("/connection/lost/idle", test_lost_while_idle);
  g_test_add_func ("/connection/close/pending", test_close_pending);
  g_test_add_func ("/connection/close/dispose", test_dispose_pending);
  g_test_add_func ("/connection/notice", test_notice);

  status = g_test_run ();
  remove_service_file (service_dir);

  return status;
}
