/* test-sandbox.c: SluiceSandbox against the real PostgreSQL programs
 *
 * Runs under sluice-pg-harness like every pg test, but manages a second
 * sandbox of its own in its own temporary directory.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <ftw.h>
#include <locale.h>
#include <pwd.h>
#include <signal.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "sluice.h"
#include "sluice-demo-private.h"
#include "sluice-test-pg.h"

#define START_TIMEOUT_MS 120000

/* The sandbox most tests share, in the order they run: creating a cluster
 * costs seconds, so it is created once and then stopped, restarted ... */
static SluiceSandbox *sandbox;
static char *sandbox_dir;

static gboolean
start_and_wait (SluiceSandbox  *self,
                GCancellable   *cancellable,
                GError        **error)
{
  SluiceTestAsyncWait wait = { 0 };
  gboolean ok;

  sluice_sandbox_start_async (self, cancellable, sluice_test_store_result, &wait);
  sluice_test_wait_for (&wait.done, START_TIMEOUT_MS);
  ok = sluice_sandbox_start_finish (self, wait.result, error);
  g_object_unref (wait.result);
  return ok;
}

static gboolean
stop_and_wait (SluiceSandbox  *self,
               GError        **error)
{
  SluiceTestAsyncWait wait = { 0 };
  gboolean ok;

  sluice_sandbox_stop_async (self, NULL, sluice_test_store_result, &wait);
  sluice_test_wait_for (&wait.done, START_TIMEOUT_MS);
  ok = sluice_sandbox_stop_finish (self, wait.result, error);
  g_object_unref (wait.result);
  return ok;
}

static char *
query_sandbox (const char *dbname,
               const char *sql)
{
  g_autofree char *conninfo = sluice_sandbox_dup_conninfo (sandbox, dbname);

  return sluice_test_pg_query_value (conninfo, sql);
}

static pid_t
postmaster_pid (SluiceSandbox *self)
{
  g_autofree char *path = g_build_filename (sluice_sandbox_get_data_dir (self), "postmaster.pid", NULL);
  g_autofree char *contents = NULL;

  if (!g_file_get_contents (path, &contents, NULL, NULL))
    return 0;
  return (pid_t) g_ascii_strtoll (contents, NULL, 10);
}

/* Alive and not a zombie waiting for init to reap it. */
static gboolean
server_process_alive (pid_t pid)
{
  g_autofree char *stat_path = g_strdup_printf ("/proc/%d/stat", (int) pid);
  g_autofree char *stat = NULL;

  if (pid <= 0 || kill (pid, 0) != 0)
    return FALSE;
  if (!g_file_get_contents (stat_path, &stat, NULL, NULL))
    return FALSE;
  return strstr (stat, ") Z ") == NULL;
}

static gboolean
socket_exists (SluiceSandbox *self)
{
  g_autofree char *name = g_strdup_printf (".s.PGSQL.%u", sluice_sandbox_get_port (self));
  g_autofree char *path = g_build_filename (sluice_sandbox_get_socket_dir (self), name, NULL);

  return g_file_test (path, G_FILE_TEST_EXISTS);
}

/* pg_ctl stop -w returns once postmaster.pid is gone, which the server
 * removes a moment before its process ends. */
static gboolean
server_process_ends (pid_t pid)
{
  gint64 deadline = g_get_monotonic_time () + 10 * G_TIME_SPAN_SECOND;

  while (server_process_alive (pid))
    {
      if (g_get_monotonic_time () > deadline)
        return FALSE;
      g_usleep (10 * 1000);
    }
  return TRUE;
}

static void
on_progress (SluiceSandbox *self,
             GParamSpec    *pspec,
             GPtrArray     *lines)
{
  const char *progress = sluice_sandbox_get_progress (self);

  if (progress != NULL)
    g_ptr_array_add (lines, g_strdup (progress));
}

static gboolean
lines_contain (GPtrArray  *lines,
               const char *line)
{
  for (guint i = 0; i < lines->len; i++)
    if (g_strcmp0 (g_ptr_array_index (lines, i), line) == 0)
      return TRUE;
  return FALSE;
}

typedef struct
{
  gint64 last_us;
  gint64 max_gap_us;
  guint  ticks;
} Ticker;

static gboolean
on_tick (gpointer user_data)
{
  Ticker *ticker = user_data;
  gint64 now = g_get_monotonic_time ();

  if (ticker->last_us != 0)
    ticker->max_gap_us = MAX (ticker->max_gap_us, now - ticker->last_us);
  ticker->last_us = now;
  ticker->ticks++;
  return G_SOURCE_CONTINUE;
}

static int
remove_entry (const char        *path,
              const struct stat *st,
              int                type,
              struct FTW        *ftw)
{
  g_remove (path);
  return 0;
}

static void
remove_tree (const char *path)
{
  nftw (path, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}

/* From nothing to RUNNING, with the demo database, while the main loop
 * keeps turning. */
static void
test_create_and_start (void)
{
  g_autoptr(GPtrArray) progress = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_autofree char *demo = NULL;
  Ticker ticker = { 0 };
  gulong handler;
  guint tick_id;

  g_assert_cmpstr (sluice_sandbox_get_root_dir (sandbox), ==, sandbox_dir);
  g_assert_cmpint (sluice_sandbox_get_state (sandbox), ==, SLUICE_SANDBOX_MISSING);

  handler = g_signal_connect (sandbox, "notify::progress", G_CALLBACK (on_progress), progress);
  tick_id = g_timeout_add (10, on_tick, &ticker);

  g_assert_true (start_and_wait (sandbox, NULL, &error));
  g_assert_no_error (error);

  g_source_remove (tick_id);
  g_signal_handler_disconnect (sandbox, handler);

  g_test_message ("main loop during create+start: %u ticks, largest gap %.1f ms",
                  ticker.ticks, ticker.max_gap_us / 1000.0);
  g_assert_cmpuint (ticker.ticks, >=, 10);
  g_assert_cmpint (ticker.max_gap_us, <, 250 * G_TIME_SPAN_MILLISECOND);

  g_assert_cmpint (sluice_sandbox_get_state (sandbox), ==, SLUICE_SANDBOX_RUNNING);
  g_assert_null (sluice_sandbox_get_progress (sandbox));
  g_assert_true (lines_contain (progress, "Creating the cluster…"));
  g_assert_true (lines_contain (progress, "Starting the server…"));
  g_assert_true (lines_contain (progress, "Creating the demo database…"));

  demo = query_sandbox ("postgres", "SELECT datname FROM pg_database WHERE datname = 'sluice_demo'");
  g_assert_cmpstr (demo, ==, SLUICE_SANDBOX_DEMO_DATABASE);

  g_assert_true (g_str_has_prefix (sluice_sandbox_get_socket_dir (sandbox), sandbox_dir));
  g_assert_true (socket_exists (sandbox));
  g_assert_true (g_file_test (sluice_sandbox_get_log_path (sandbox), G_FILE_TEST_EXISTS));
}

/* A fresh sandbox's demo database has the first half of the demo folder
 * applied (8 of 16), recorded in Sluice's history. */
static void
test_demo_database_seeded (void)
{
  g_autofree char *count = query_sandbox (SLUICE_SANDBOX_DEMO_DATABASE,
                                          "SELECT count(*) FROM sluice.migrations");
  g_autofree char *last = query_sandbox (SLUICE_SANDBOX_DEMO_DATABASE,
                                         "SELECT max(version) FROM sluice.migrations");

  g_assert_cmpstr (count, ==, "8");
  g_assert_cmpstr (last, ==, "0008");
}

typedef struct
{
  gboolean   done;
  gboolean   ok;
  gboolean   created;
  GError    *error;
  GPtrArray *progress;
} PrepareWait;

static void
on_prepare_progress (const char *progress,
                     gpointer    user_data)
{
  PrepareWait *wait = user_data;

  g_ptr_array_add (wait->progress, g_strdup (progress));
}

static void
on_prepare_done (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  PrepareWait *wait = user_data;

  wait->ok = _sluice_demo_database_prepare_finish (result, &wait->created, &wait->error);
  wait->done = TRUE;
}

static void
prepare_demo_database (const char  *admin,
                       const char  *demo,
                       PrepareWait *wait)
{
  *wait = (PrepareWait) { .progress = g_ptr_array_new_with_free_func (g_free) };
  _sluice_demo_database_prepare_async (admin, demo, NULL, on_prepare_progress, wait,
                                       on_prepare_done, wait);
  sluice_test_wait_for (&wait->done, START_TIMEOUT_MS);
}

static void
prepare_wait_clear (PrepareWait *wait)
{
  g_clear_error (&wait->error);
  g_clear_pointer (&wait->progress, g_ptr_array_unref);
}

/* What the sandbox's start asks of sluice-demo.c, on the harness's own
 * server: create the demo database and seed it, once; a database that is
 * there already is left as it is; a server that cannot be reached fails
 * before anything was created. */
static void
test_demo_database_prepared_once (void)
{
  g_autofree char *admin = sluice_test_pg_admin_conninfo ();
  g_autofree char *demo = g_strconcat (admin, " dbname=" SLUICE_SANDBOX_DEMO_DATABASE, NULL);
  g_autofree char *count = NULL;
  g_autofree char *nowhere = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *empty_dir = g_dir_make_tmp ("sluice-sandbox-noserver-XXXXXX", &error);
  PrepareWait wait;

  g_assert_no_error (error);

  /* The harness's server is a sandbox too, with a demo database of its
   * own: set it aside meanwhile. */
  sluice_test_pg_exec (admin, "ALTER DATABASE " SLUICE_SANDBOX_DEMO_DATABASE " RENAME TO harness_demo");

  prepare_demo_database (admin, demo, &wait);
  g_assert_no_error (wait.error);
  g_assert_true (wait.ok);
  g_assert_true (wait.created);
  g_assert_cmpuint (wait.progress->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (wait.progress, 0), ==, "Applying the demo migrations…");
  count = sluice_test_pg_query_value (demo, "SELECT count(*) FROM sluice.migrations");
  g_assert_cmpstr (count, ==, "8");
  g_clear_pointer (&count, g_free);
  prepare_wait_clear (&wait);

  /* Not seeded twice: the history keeps what it had, one row less. */
  sluice_test_pg_exec (demo, "DELETE FROM sluice.migrations WHERE version = '0008'");
  prepare_demo_database (admin, demo, &wait);
  g_assert_no_error (wait.error);
  g_assert_true (wait.ok);
  g_assert_false (wait.created);
  g_assert_cmpuint (wait.progress->len, ==, 0);
  count = sluice_test_pg_query_value (demo, "SELECT count(*) FROM sluice.migrations");
  g_assert_cmpstr (count, ==, "7");
  prepare_wait_clear (&wait);

  sluice_test_pg_exec (admin, "DROP DATABASE " SLUICE_SANDBOX_DEMO_DATABASE);
  sluice_test_pg_exec (admin, "ALTER DATABASE harness_demo RENAME TO " SLUICE_SANDBOX_DEMO_DATABASE);

  nowhere = g_strdup_printf ("host=%s port=5432 dbname=postgres connect_timeout=5", empty_dir);
  prepare_demo_database (nowhere, nowhere, &wait);
  g_assert_false (wait.ok);
  g_assert_false (wait.created);
  g_assert_nonnull (wait.error);
  prepare_wait_clear (&wait);
  g_rmdir (empty_dir);
}

/* The server listens on the socket only: no TCP. */
static void
test_no_tcp (void)
{
  g_autofree char *listen = query_sandbox ("postgres", "SHOW listen_addresses");
  g_autofree char *sockets = query_sandbox ("postgres", "SHOW unix_socket_directories");

  g_assert_cmpstr (listen, ==, "");
  g_assert_nonnull (strstr (sockets, sluice_sandbox_get_socket_dir (sandbox)));
}

static void
test_runs_as_unprivileged_user (void)
{
  g_autofree char *data_directory = NULL;
  g_autofree char *proc_path = NULL;
  g_autofree char *pid_path = NULL;
  struct passwd *pw;
  struct stat st;

  if (geteuid () != 0)
    {
      g_test_skip ("only meaningful when the tests run as root");
      return;
    }

  pw = getpwnam (sluice_sandbox_get_os_user (sandbox));
  g_assert_nonnull (pw);
  g_assert_cmpuint (pw->pw_uid, !=, 0);

  pid_path = g_build_filename (sluice_sandbox_get_data_dir (sandbox), "postmaster.pid", NULL);
  g_assert_cmpint (g_stat (pid_path, &st), ==, 0);
  g_assert_cmpuint (st.st_uid, ==, pw->pw_uid);

  data_directory = query_sandbox ("postgres", "SELECT current_setting('data_directory')");
  g_assert_cmpint (g_stat (data_directory, &st), ==, 0);
  g_assert_cmpuint (st.st_uid, ==, pw->pw_uid);
  g_assert_cmpuint (st.st_mode & 0777, ==, 0700);

  /* The server process, not just its files.  (Not the backend that answered
   * a query: it exits with its connection, racing the stat.) */
  proc_path = g_strdup_printf ("/proc/%d", (int) postmaster_pid (sandbox));
  g_assert_cmpint (g_stat (proc_path, &st), ==, 0);
  g_assert_cmpuint (st.st_uid, ==, pw->pw_uid);
}

/* A second start while running completes at once, doing nothing. */
static void
test_start_when_running (void)
{
  g_autoptr(GPtrArray) progress = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  pid_t pid = postmaster_pid (sandbox);
  gulong handler;

  handler = g_signal_connect (sandbox, "notify::progress", G_CALLBACK (on_progress), progress);
  g_assert_true (start_and_wait (sandbox, NULL, &error));
  g_assert_no_error (error);
  g_signal_handler_disconnect (sandbox, handler);

  g_assert_cmpuint (progress->len, ==, 0);
  g_assert_cmpint (postmaster_pid (sandbox), ==, pid);
}

static void
test_stop_and_restart_keeps_data (void)
{
  g_autoptr(GPtrArray) progress = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_autofree char *demo = sluice_sandbox_dup_conninfo (sandbox, SLUICE_SANDBOX_DEMO_DATABASE);
  g_autofree char *kept = NULL;
  g_autofree char *created = NULL;
  pid_t old_pid;
  gint64 started_us;
  gint64 elapsed_us;
  gulong handler;

  sluice_test_pg_exec (demo, "CREATE TABLE kept (note text); INSERT INTO kept VALUES ('still here')");

  old_pid = postmaster_pid (sandbox);
  g_assert_true (server_process_alive (old_pid));

  g_assert_true (stop_and_wait (sandbox, &error));
  g_assert_no_error (error);
  g_assert_cmpint (sluice_sandbox_get_state (sandbox), ==, SLUICE_SANDBOX_STOPPED);
  g_assert_true (server_process_ends (old_pid));

  /* Stopping a stopped sandbox is not an error. */
  g_assert_true (stop_and_wait (sandbox, &error));
  g_assert_no_error (error);

  handler = g_signal_connect (sandbox, "notify::progress", G_CALLBACK (on_progress), progress);
  started_us = g_get_monotonic_time ();
  g_assert_true (start_and_wait (sandbox, NULL, &error));
  elapsed_us = g_get_monotonic_time () - started_us;
  g_signal_handler_disconnect (sandbox, handler);
  g_assert_no_error (error);

  g_test_message ("restart took %.0f ms", elapsed_us / 1000.0);
  g_assert_cmpint (sluice_sandbox_get_state (sandbox), ==, SLUICE_SANDBOX_RUNNING);
  /* No initdb the second time: that is what makes it quick. */
  g_assert_false (lines_contain (progress, "Creating the cluster…"));
  g_assert_true (lines_contain (progress, "Starting the server…"));

  kept = query_sandbox (SLUICE_SANDBOX_DEMO_DATABASE, "SELECT note FROM kept");
  g_assert_cmpstr (kept, ==, "still here");
  created = query_sandbox ("postgres", "SELECT count(*) FROM pg_database WHERE datname = 'sluice_demo'");
  g_assert_cmpstr (created, ==, "1");
}

typedef struct
{
  GCancellable *cancellable;
  const char   *at;
  guint         delay_ms;
} CancelAt;

static gboolean
on_cancel_delay (gpointer user_data)
{
  g_cancellable_cancel (user_data);
  return G_SOURCE_REMOVE;
}

static void
on_progress_cancel (SluiceSandbox *self,
                    GParamSpec    *pspec,
                    CancelAt      *cancel)
{
  if (g_strcmp0 (sluice_sandbox_get_progress (self), cancel->at) != 0)
    return;

  if (cancel->delay_ms == 0)
    g_cancellable_cancel (cancel->cancellable);
  else
    g_timeout_add_full (G_PRIORITY_DEFAULT, cancel->delay_ms, on_cancel_delay,
                        g_object_ref (cancel->cancellable), g_object_unref);
}

/* Cancelling while the server starts leaves no server running. */
static void
test_cancel_while_starting (void)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  CancelAt cancel = { cancellable, "Starting the server…", 0 };
  gulong handler;

  g_assert_true (stop_and_wait (sandbox, &error));
  g_assert_no_error (error);

  handler = g_signal_connect (sandbox, "notify::progress", G_CALLBACK (on_progress_cancel), &cancel);
  g_assert_false (start_and_wait (sandbox, cancellable, &error));
  g_signal_handler_disconnect (sandbox, handler);

  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpint (sluice_sandbox_get_state (sandbox), ==, SLUICE_SANDBOX_STOPPED);
  /* A server removes its pid file and socket as it stops. */
  g_assert_cmpint (postmaster_pid (sandbox), ==, 0);
  g_assert_false (socket_exists (sandbox));
  g_assert_null (sluice_sandbox_get_progress (sandbox));
}

/* A server that does not start is explained from the end of its log,
 * which pg_ctl appends to at every start: an old failure far above is not
 * read, and neither is the rest of a log that only grows. */
static void
test_failed_start_reads_log_tail (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *auto_conf = g_build_filename (sluice_sandbox_get_data_dir (sandbox),
                                                 "postgresql.auto.conf", NULL);
  const char *log_path = sluice_sandbox_get_log_path (sandbox);
  struct stat conf_before;
  FILE *file;

  g_assert_true (stop_and_wait (sandbox, &error));
  g_assert_no_error (error);

  /* Appended, so that the files keep the server user as their owner. */
  file = fopen (log_path, "a");
  g_assert_nonnull (file);
  fputs ("2020-01-01 00:00:00.000 UTC [1] FATAL:  an old failure, long fixed\n", file);
  for (guint i = 0; i < 16 * 1024; i++)
    fputs ("2020-01-01 00:00:00.000 UTC [1] LOG:  a line of an old run of the server\n", file);
  g_assert_cmpint (fclose (file), ==, 0);

  g_assert_cmpint (g_stat (auto_conf, &conf_before), ==, 0);
  file = fopen (auto_conf, "a");
  g_assert_nonnull (file);
  fputs ("no_such_setting_for_sluice = 1\n", file);
  g_assert_cmpint (fclose (file), ==, 0);

  g_assert_false (start_and_wait (sandbox, NULL, &error));
  g_assert_cmpint (truncate (auto_conf, conf_before.st_size), ==, 0);

  g_assert_error (error, SLUICE_ERROR, SLUICE_ERROR_TOOL);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "contains errors"));
  g_assert_null (strstr (error->message, "an old failure"));
  g_assert_cmpint (sluice_sandbox_get_state (sandbox), ==, SLUICE_SANDBOX_STOPPED);
}

/* Cancelling while initdb runs leaves no cluster behind. */
static void
test_cancel_while_creating (void)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("sluice-sandbox-cancel-XXXXXX", &error);
  g_autoptr(SluiceSandbox) fresh = NULL;
  CancelAt cancel = { cancellable, "Creating the cluster…", 100 };
  gulong handler;

  g_assert_no_error (error);
  fresh = sluice_sandbox_new (dir);

  handler = g_signal_connect (fresh, "notify::progress", G_CALLBACK (on_progress_cancel), &cancel);
  g_assert_false (start_and_wait (fresh, cancellable, &error));
  g_signal_handler_disconnect (fresh, handler);

  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpint (sluice_sandbox_get_state (fresh), ==, SLUICE_SANDBOX_MISSING);
  g_assert_cmpint (postmaster_pid (fresh), ==, 0);

  remove_tree (dir);
}

static void
test_socket_path_too_long (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *long_name = NULL;
  g_autofree char *dir = NULL;
  g_autoptr(SluiceSandbox) deep = NULL;

  long_name = g_strdup_printf ("sluice-sandbox-%d-%s", (int) getpid (), "deep-folder-name-"
                               "that-makes-the-socket-path-longer-than-unix-sockets-allow-"
                               "for-sure");
  dir = g_build_filename (g_get_tmp_dir (), long_name, NULL);
  deep = sluice_sandbox_new (dir);
  g_assert_cmpstr (sluice_sandbox_get_root_dir (deep), ==, dir);

  g_assert_false (start_and_wait (deep, NULL, &error));
  g_assert_error (error, SLUICE_ERROR, SLUICE_ERROR_INVALID_INPUT);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "107"));
  g_assert_nonnull (strstr (error->message, "Nothing was created"));

  g_assert_false (g_file_test (dir, G_FILE_TEST_EXISTS));
  g_assert_cmpint (sluice_sandbox_get_state (deep), ==, SLUICE_SANDBOX_MISSING);
}

/* A folder that holds something else is not taken over. */
static void
test_foreign_folder_refused (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("sluice-sandbox-foreign-XXXXXX", &error);
  g_autofree char *notes = NULL;
  g_autofree char *data_dir = NULL;
  g_autoptr(SluiceSandbox) foreign = NULL;
  struct stat before;
  struct stat after;

  g_assert_no_error (error);
  g_assert_cmpint (g_chmod (dir, 0755), ==, 0);
  notes = g_build_filename (dir, "notes.txt", NULL);
  g_file_set_contents (notes, "mine\n", -1, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_stat (dir, &before), ==, 0);

  foreign = sluice_sandbox_new (dir);
  g_assert_false (start_and_wait (foreign, NULL, &error));
  g_assert_error (error, SLUICE_ERROR, SLUICE_ERROR_INVALID_INPUT);

  g_assert_cmpint (g_stat (dir, &after), ==, 0);
  g_assert_cmpuint (after.st_uid, ==, before.st_uid);
  g_assert_cmpuint (after.st_mode, ==, before.st_mode);
  data_dir = g_build_filename (dir, "data", NULL);
  g_assert_false (g_file_test (data_dir, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (notes, G_FILE_TEST_EXISTS));

  remove_tree (dir);
}

static guint
count_sandbox_profiles (SluiceProfileStore *store)
{
  guint n_items = g_list_model_get_n_items (G_LIST_MODEL (store));
  guint count = 0;

  for (guint i = 0; i < n_items; i++)
    {
      g_autoptr(SluiceProfile) profile = g_list_model_get_item (G_LIST_MODEL (store), i);

      if (sluice_profile_get_environment (profile) == SLUICE_ENVIRONMENT_SANDBOX)
        count++;
    }
  return count;
}

static void
test_ensure_profile (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *config_dir = g_dir_make_tmp ("sluice-sandbox-config-XXXXXX", &error);
  g_autofree char *old_config_dir = g_strdup (g_getenv ("SLUICE_CONFIG_DIR"));
  g_autofree char *expected_conninfo = sluice_sandbox_dup_conninfo (sandbox, SLUICE_SANDBOX_DEMO_DATABASE);
  g_autofree char *version = NULL;
  g_autoptr(SluiceProfileStore) store = NULL;
  g_autoptr(SluiceProfileStore) reloaded = NULL;
  SluiceProfile *first;
  SluiceProfile *second;
  SluiceProfile *again;

  g_assert_no_error (error);
  g_setenv ("SLUICE_CONFIG_DIR", config_dir, TRUE);

  store = sluice_profile_store_new_default ();
  g_assert_true (g_str_has_prefix (sluice_profile_store_get_path (store), config_dir));
  g_assert_true (sluice_profile_store_load (store, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 0);

  first = sluice_sandbox_ensure_profile (sandbox, store, &error);
  g_assert_no_error (error);
  g_assert_nonnull (first);
  second = sluice_sandbox_ensure_profile (sandbox, store, &error);
  g_assert_no_error (error);
  g_assert_true (first == second);

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 1);
  g_assert_cmpuint (count_sandbox_profiles (store), ==, 1);
  g_assert_cmpstr (sluice_profile_get_name (first), ==, "Sandbox");
  g_assert_cmpint (sluice_profile_get_environment (first), ==, SLUICE_ENVIRONMENT_SANDBOX);
  g_assert_cmpstr (sluice_profile_get_connection (first), ==, expected_conninfo);
  g_assert_cmpstr (sluice_profile_get_migration_folder (first), ==, sluice_demo_dir ());

  /* The profile's connection reaches the demo database. */
  version = sluice_test_pg_query_value (sluice_profile_get_connection (first), "SELECT current_database()");
  g_assert_cmpstr (version, ==, SLUICE_SANDBOX_DEMO_DATABASE);

  /* It was saved: a fresh store reads it back, and ensuring again adds
   * nothing there either. */
  reloaded = sluice_profile_store_new_default ();
  g_assert_true (sluice_profile_store_load (reloaded, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (reloaded)), ==, 1);
  again = sluice_sandbox_ensure_profile (sandbox, reloaded, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (sluice_profile_get_id (again), ==, sluice_profile_get_id (first));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (reloaded)), ==, 1);

  if (old_config_dir != NULL)
    g_setenv ("SLUICE_CONFIG_DIR", old_config_dir, TRUE);
  else
    g_unsetenv ("SLUICE_CONFIG_DIR");
  remove_tree (config_dir);
}

static void
test_find_pg_bindir (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *bindir = sluice_find_pg_bindir (&error);
  g_autofree char *initdb = NULL;
  g_autofree char *missing = NULL;

  g_assert_no_error (error);
  g_assert_nonnull (bindir);
  initdb = g_build_filename (bindir, "initdb", NULL);
  g_assert_true (g_file_test (initdb, G_FILE_TEST_IS_EXECUTABLE));

  g_setenv ("SLUICE_PG_BINDIR", "/nonexistent/sluice/bin", TRUE);
  missing = sluice_find_pg_bindir (&error);
  g_unsetenv ("SLUICE_PG_BINDIR");
  g_assert_null (missing);
  g_assert_error (error, SLUICE_ERROR, SLUICE_ERROR_NOT_FOUND);
}

static void
test_demo_dir (void)
{
  /* The test environment points SLUICE_DEMO_DIR at the source tree. */
  g_assert_cmpstr (sluice_demo_dir (), ==, g_getenv ("SLUICE_DEMO_DIR"));
  g_assert_true (g_file_test (sluice_demo_dir (), G_FILE_TEST_IS_DIR));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  sandbox_dir = g_dir_make_tmp ("sluice-sandbox-test-XXXXXX", &error);
  g_assert_no_error (error);
  sandbox = sluice_sandbox_new (sandbox_dir);

  g_test_add_func ("/sandbox/find-pg-bindir", test_find_pg_bindir);
  g_test_add_func ("/sandbox/demo-dir", test_demo_dir);
  g_test_add_func ("/sandbox/socket-path-too-long", test_socket_path_too_long);
  g_test_add_func ("/sandbox/foreign-folder-refused", test_foreign_folder_refused);
  g_test_add_func ("/sandbox/create-and-start", test_create_and_start);
  g_test_add_func ("/sandbox/demo-database-seeded", test_demo_database_seeded);
  g_test_add_func ("/sandbox/demo-database-prepared-once", test_demo_database_prepared_once);
  g_test_add_func ("/sandbox/no-tcp", test_no_tcp);
  g_test_add_func ("/sandbox/runs-as-unprivileged-user", test_runs_as_unprivileged_user);
  g_test_add_func ("/sandbox/start-when-running", test_start_when_running);
  g_test_add_func ("/sandbox/ensure-profile", test_ensure_profile);
  g_test_add_func ("/sandbox/stop-and-restart-keeps-data", test_stop_and_restart_keeps_data);
  g_test_add_func ("/sandbox/cancel-while-starting", test_cancel_while_starting);
  g_test_add_func ("/sandbox/cancel-while-creating", test_cancel_while_creating);
  g_test_add_func ("/sandbox/failed-start-reads-log-tail", test_failed_start_reads_log_tail);

  status = g_test_run ();

  /* Whatever failed above, leave no server behind. */
  if (sluice_sandbox_get_state (sandbox) == SLUICE_SANDBOX_RUNNING)
    stop_and_wait (sandbox, NULL);
  g_clear_object (&sandbox);
  remove_tree (sandbox_dir);
  g_free (sandbox_dir);

  return status;
}
