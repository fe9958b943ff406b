/* sluice-pg-harness.c: runs one program against a throwaway PostgreSQL
 *
 * sluice-pg-harness [--timeout=SECONDS] PROGRAM [ARGS...]
 *
 * Starts a SluiceSandbox in a fresh temporary directory (the server runs as
 * an unprivileged user when we are root), exports where it listens, runs
 * PROGRAM with our stdout and stderr (so TAP reaches meson), and always
 * stops the server and removes the directory (PROGRAM's TMPDIR is inside
 * it, so PROGRAM's scratch files go too): when PROGRAM fails or
 * crashes, when it outlives the watchdog, and when we get SIGTERM, SIGINT
 * or SIGHUP.  Exits with PROGRAM's status (128 + N when signal N killed it),
 * or 99 when the harness itself failed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <ftw.h>
#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib-unix.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "sluice-sandbox.h"

/* automake's "hard error": the test could not be run at all. */
#define EXIT_HARNESS_ERROR 99

/* Under meson's default 180 s for the pg suite, so that we, not meson,
 * stop the child: meson gives a killed test half a second to clean up. */
#define DEFAULT_TIMEOUT_S 170

/* After the watchdog's SIGTERM, how long the child has to exit. */
#define KILL_GRACE_S 5

typedef struct
{
  GMainLoop     *loop;
  SluiceSandbox *sandbox;
  GCancellable  *cancellable;
  GSubprocess   *child;
  char         **child_argv;
  char          *tmp_dir;
  guint          timeout_s;
  guint          watchdog_id;
  guint          kill_id;
  int            caught_signal;
  int            exit_status;
} Harness;

static void
say (const char *format,
     ...) G_GNUC_PRINTF (1, 2);

static void
say (const char *format,
     ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  fprintf (stderr, "sluice-pg-harness: %s\n", message);
}

static void
on_stopped (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  Harness *harness = user_data;
  g_autoptr(GError) error = NULL;

  if (!sluice_sandbox_stop_finish (SLUICE_SANDBOX (object), result, &error))
    {
      say ("%s", error->message);
      if (harness->exit_status == 0)
        harness->exit_status = EXIT_HARNESS_ERROR;
    }

  g_main_loop_quit (harness->loop);
}

static void
stop_server (Harness *harness)
{
  g_clear_handle_id (&harness->watchdog_id, g_source_remove);
  g_clear_handle_id (&harness->kill_id, g_source_remove);
  sluice_sandbox_stop_async (harness->sandbox, NULL, on_stopped, harness);
}

static void
on_child_exited (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  Harness *harness = user_data;
  GSubprocess *child = G_SUBPROCESS (object);

  /* Never fails without a cancellable. */
  g_subprocess_wait_finish (child, result, NULL);

  if (g_subprocess_get_if_exited (child))
    harness->exit_status = g_subprocess_get_exit_status (child);
  else if (g_subprocess_get_if_signaled (child))
    harness->exit_status = 128 + g_subprocess_get_term_sig (child);
  else
    harness->exit_status = EXIT_HARNESS_ERROR;

  g_clear_object (&harness->child);
  stop_server (harness);
}

static gboolean
on_kill_grace_over (gpointer user_data)
{
  Harness *harness = user_data;

  harness->kill_id = 0;
  if (harness->child != NULL)
    g_subprocess_force_exit (harness->child);
  return G_SOURCE_REMOVE;
}

static gboolean
on_watchdog (gpointer user_data)
{
  Harness *harness = user_data;

  harness->watchdog_id = 0;
  if (harness->child == NULL)
    return G_SOURCE_REMOVE;

  say ("%s still runs after %u s: stopping it", harness->child_argv[0], harness->timeout_s);
  g_subprocess_send_signal (harness->child, SIGTERM);
  harness->kill_id = g_timeout_add_seconds (KILL_GRACE_S, on_kill_grace_over, harness);
  return G_SOURCE_REMOVE;
}

static void
export_server (Harness             *harness,
               GSubprocessLauncher *launcher)
{
  g_autofree char *port = g_strdup_printf ("%u", sluice_sandbox_get_port (harness->sandbox));
  const char *host = sluice_sandbox_get_socket_dir (harness->sandbox);
  const char *user = sluice_sandbox_get_superuser (harness->sandbox);

  g_subprocess_launcher_setenv (launcher, "SLUICE_TEST_PGHOST", host, TRUE);
  g_subprocess_launcher_setenv (launcher, "SLUICE_TEST_PGPORT", port, TRUE);
  g_subprocess_launcher_setenv (launcher, "SLUICE_TEST_PGUSER", user, TRUE);
  g_subprocess_launcher_setenv (launcher, "PGHOST", host, TRUE);
  g_subprocess_launcher_setenv (launcher, "PGPORT", port, TRUE);
  g_subprocess_launcher_setenv (launcher, "PGUSER", user, TRUE);
  /* Whatever the child leaves in its temporary folders, even a server of
   * its own when it crashed, goes when we remove ours. */
  g_subprocess_launcher_setenv (launcher, "TMPDIR", harness->tmp_dir, TRUE);
}

static void
on_started (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  Harness *harness = user_data;
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GError) error = NULL;

  if (!sluice_sandbox_start_finish (SLUICE_SANDBOX (object), result, &error))
    {
      if (harness->caught_signal != 0)
        harness->exit_status = 128 + harness->caught_signal;
      else
        {
          say ("could not start PostgreSQL: %s", error->message);
          harness->exit_status = EXIT_HARNESS_ERROR;
        }
      /* A failed start leaves no server, but a stop costs nothing then. */
      stop_server (harness);
      return;
    }

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_INHERIT);
  export_server (harness, launcher);

  harness->child = g_subprocess_launcher_spawnv (launcher,
                                                 (const char * const *) harness->child_argv,
                                                 &error);
  if (harness->child == NULL)
    {
      say ("%s", error->message);
      harness->exit_status = EXIT_HARNESS_ERROR;
      stop_server (harness);
      return;
    }

  harness->watchdog_id = g_timeout_add_seconds (harness->timeout_s, on_watchdog, harness);
  g_subprocess_wait_async (harness->child, NULL, on_child_exited, harness);
}

typedef struct
{
  Harness *harness;
  int      signum;
} SignalWatch;

static gboolean
on_termination_signal (gpointer user_data)
{
  SignalWatch *watch = user_data;
  Harness *harness = watch->harness;

  harness->caught_signal = watch->signum;

  /* The child decides how to end; its exit then stops the server.  Before
   * it runs, cancelling the start stops a half-started server. */
  if (harness->child != NULL)
    g_subprocess_send_signal (harness->child, watch->signum);
  else
    g_cancellable_cancel (harness->cancellable);

  return G_SOURCE_CONTINUE;
}

static void
watch_signal (Harness *harness,
              int      signum)
{
  SignalWatch *watch = g_new0 (SignalWatch, 1);

  watch->harness = harness;
  watch->signum = signum;
  g_unix_signal_add_full (G_PRIORITY_HIGH, signum, on_termination_signal, watch, g_free);
}

static int
remove_entry (const char        *path,
              const struct stat *st,
              int                type,
              struct FTW        *ftw)
{
  if (g_remove (path) != 0)
    say ("could not remove %s: %s", path, g_strerror (errno));
  return 0;
}

static void
remove_tree (const char *path)
{
  nftw (path, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}

static gboolean
program_exists (const char *program)
{
  g_autofree char *path = NULL;

  if (strchr (program, '/') != NULL)
    return g_file_test (program, G_FILE_TEST_IS_EXECUTABLE);

  path = g_find_program_in_path (program);
  return path != NULL;
}

/* @text NULL: the default. */
static gboolean
parse_timeout (const char *text,
               guint      *timeout_s)
{
  guint64 value = DEFAULT_TIMEOUT_S;

  if (text != NULL && *text != '\0' &&
      !g_ascii_string_to_unsigned (text, 10, 1, G_MAXUINT, &value, NULL))
    return FALSE;
  *timeout_s = (guint) value;
  return TRUE;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *timeout_text = NULL;
  Harness harness = { 0 };
  const GOptionEntry entries[] = {
    { "timeout", 't', 0, G_OPTION_ARG_STRING, &timeout_text,
      "Stop PROGRAM after this many seconds (default 170, or $SLUICE_PG_HARNESS_TIMEOUT)",
      "SECONDS" },
    { NULL }
  };

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");

  context = g_option_context_new ("PROGRAM [ARGS...]");
  g_option_context_set_summary (context, "Runs PROGRAM against a throwaway PostgreSQL cluster.");
  g_option_context_add_main_entries (context, entries, NULL);
  /* Options after PROGRAM are PROGRAM's own. */
  g_option_context_set_strict_posix (context, TRUE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      say ("%s", error->message);
      return 2;
    }
  if (argc > 1 && g_strcmp0 (argv[1], "--") == 0)
    {
      argv++;
      argc--;
    }
  if (argc < 2)
    {
      say ("usage: sluice-pg-harness [--timeout=SECONDS] PROGRAM [ARGS...]");
      return 2;
    }

  /* Before spending seconds on a cluster: a test that failed to build is
   * the common case. */
  if (!program_exists (argv[1]))
    {
      say ("%s: no such program", argv[1]);
      return EXIT_HARNESS_ERROR;
    }

  if (timeout_text == NULL)
    timeout_text = g_strdup (g_getenv ("SLUICE_PG_HARNESS_TIMEOUT"));
  if (!parse_timeout (timeout_text, &harness.timeout_s))
    {
      say ("the timeout is a number of seconds, not “%s”", timeout_text);
      return 2;
    }
  harness.child_argv = &argv[1];

  /* From here on a signal must not leave anything behind. */
  harness.loop = g_main_loop_new (NULL, FALSE);
  harness.cancellable = g_cancellable_new ();
  watch_signal (&harness, SIGTERM);
  watch_signal (&harness, SIGINT);
  watch_signal (&harness, SIGHUP);

  harness.tmp_dir = g_dir_make_tmp ("sluice-pg-XXXXXX", &error);
  if (harness.tmp_dir == NULL)
    {
      say ("%s", error->message);
      return EXIT_HARNESS_ERROR;
    }

  harness.sandbox = sluice_sandbox_new (harness.tmp_dir);
  /* Relocated to the shared system folder: parallel runs would collide. */
  if (g_strcmp0 (sluice_sandbox_get_root_dir (harness.sandbox), harness.tmp_dir) != 0)
    {
      say ("user %s cannot reach %s; set TMPDIR to a folder it can reach",
           sluice_sandbox_get_os_user (harness.sandbox), harness.tmp_dir);
      g_object_unref (harness.sandbox);
      remove_tree (harness.tmp_dir);
      g_free (harness.tmp_dir);
      return EXIT_HARNESS_ERROR;
    }

  sluice_sandbox_start_async (harness.sandbox, harness.cancellable, on_started, &harness);
  g_main_loop_run (harness.loop);

  g_clear_object (&harness.sandbox);
  g_clear_object (&harness.cancellable);
  g_clear_pointer (&harness.loop, g_main_loop_unref);
  remove_tree (harness.tmp_dir);
  g_free (harness.tmp_dir);

  return harness.exit_status;
}
