/* sluice-pg-tool.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <signal.h>
#include <stdlib.h>

#include <glib/gi18n-lib.h>

#include "sluice-error.h"
#include "sluice-pg-tool.h"

/* Finding the programs */

static gboolean
bindir_has_server_tools (const char *dir)
{
  static const char * const tools[] = { "initdb", "pg_ctl", "postgres" };

  for (guint i = 0; i < G_N_ELEMENTS (tools); i++)
    {
      g_autofree char *path = g_build_filename (dir, tools[i], NULL);

      if (!g_file_test (path, G_FILE_TEST_IS_EXECUTABLE))
        return FALSE;
    }
  return TRUE;
}

static char *
find_bindir_in_path (void)
{
  g_autofree char *initdb = g_find_program_in_path ("initdb");
  g_autofree char *resolved = NULL;
  g_autofree char *dir = NULL;

  if (initdb == NULL)
    return NULL;

  dir = g_path_get_dirname (initdb);
  if (bindir_has_server_tools (dir))
    return g_steal_pointer (&dir);

  /* A symlink into the real bin directory, as distributions sometimes ship. */
  resolved = realpath (initdb, NULL);
  if (resolved == NULL)
    return NULL;

  g_free (dir);
  dir = g_path_get_dirname (resolved);
  if (bindir_has_server_tools (dir))
    return g_steal_pointer (&dir);
  return NULL;
}

static char *
find_newest_debian_bindir (void)
{
  const char *versions_dir = "/usr/lib/postgresql";
  g_autoptr(GDir) dir = g_dir_open (versions_dir, 0, NULL);
  g_autofree char *best = NULL;
  gint64 best_version = -1;
  const char *name;

  if (dir == NULL)
    return NULL;

  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *bindir = NULL;
      char *end = NULL;
      gint64 version = g_ascii_strtoll (name, &end, 10);

      /* "15", and also "9.6" from old installations. */
      if (end == name || version <= best_version)
        continue;

      bindir = g_build_filename (versions_dir, name, "bin", NULL);
      if (!bindir_has_server_tools (bindir))
        continue;

      best_version = version;
      g_free (best);
      best = g_steal_pointer (&bindir);
    }

  return g_steal_pointer (&best);
}

char *
sluice_find_pg_bindir (GError **error)
{
  const char *from_env = g_getenv ("SLUICE_PG_BINDIR");
  char *bindir;

  if (from_env != NULL && *from_env != '\0')
    {
      if (bindir_has_server_tools (from_env))
        return g_strdup (from_env);

      g_set_error (error, SLUICE_ERROR, SLUICE_ERROR_NOT_FOUND,
                   _("SLUICE_PG_BINDIR is “%s”, but that folder does not hold initdb, pg_ctl "
                     "and postgres. Nothing was started. Point it at PostgreSQL's bin folder."),
                   from_env);
      return NULL;
    }

  if ((bindir = find_bindir_in_path ()) != NULL ||
      (bindir = find_newest_debian_bindir ()) != NULL)
    return bindir;

  g_set_error (error, SLUICE_ERROR, SLUICE_ERROR_NOT_FOUND,
               _("The PostgreSQL server programs (initdb, pg_ctl) were not found in PATH or "
                 "/usr/lib/postgresql. Nothing was started. Install the PostgreSQL server "
                 "(on Debian: apt install postgresql) or set SLUICE_PG_BINDIR."));
  return NULL;
}

/* Running them */

char *
sluice_pg_tool_summarize_output (const char *text,
                                 guint       max_lines)
{
  g_auto(GStrv) lines = NULL;
  g_autofree char *last_lines = NULL;
  guint first;
  guint n_kept = 0;

  if (text == NULL)
    return g_strdup ("");

  lines = g_strsplit_set (text, "\r\n", -1);
  first = g_strv_length (lines);

  /* Back from the end, up to @max_lines lines that say something. */
  while (first > 0 && n_kept < max_lines)
    {
      first--;
      if (*g_strstrip (lines[first]) != '\0')
        n_kept++;
    }

  last_lines = g_strjoinv ("\n", lines + first);
  return sluice_error_tidy_message (last_lines);
}

typedef struct
{
  GSubprocess  *subprocess;
  GCancellable *cancellable;
  gulong        cancelled_id;
} ToolRun;

static void
tool_run_free (ToolRun *run)
{
  if (run->cancelled_id != 0)
    g_cancellable_disconnect (run->cancellable, run->cancelled_id);
  g_clear_object (&run->cancellable);
  g_clear_object (&run->subprocess);
  g_free (run);
}

static void
on_tool_cancelled (GCancellable *cancellable,
                   gpointer      user_data)
{
  GSubprocess *subprocess = user_data;

  /* initdb removes what it created when it receives SIGTERM. */
  g_subprocess_send_signal (subprocess, SIGTERM);
}

static void
on_tool_communicated (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  GSubprocess *subprocess = G_SUBPROCESS (object);
  g_autoptr(GTask) task = user_data;
  g_autoptr(GBytes) stdout_bytes = NULL;
  g_autoptr(GBytes) stderr_bytes = NULL;
  g_autofree char *output = NULL;
  g_autoptr(GError) error = NULL;

  if (!g_subprocess_communicate_finish (subprocess, result, &stdout_bytes, &stderr_bytes, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (g_subprocess_get_if_exited (subprocess) && g_subprocess_get_exit_status (subprocess) == 0)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }

  if (stderr_bytes != NULL && g_bytes_get_size (stderr_bytes) > 0)
    {
      g_autofree char *text = g_utf8_make_valid (g_bytes_get_data (stderr_bytes, NULL),
                                                 g_bytes_get_size (stderr_bytes));
      output = sluice_pg_tool_summarize_output (text, 3);
    }

  if (output == NULL || *output == '\0')
    {
      g_free (output);
      if (g_subprocess_get_if_signaled (subprocess))
        output = g_strdup_printf (_("it was stopped by signal %d"),
                                  g_subprocess_get_term_sig (subprocess));
      else
        output = g_strdup_printf (_("it exited with status %d"),
                                  g_subprocess_get_exit_status (subprocess));
    }

  g_task_return_new_error (task, SLUICE_ERROR, SLUICE_ERROR_TOOL, "%s", output);
}

void
sluice_pg_tool_run_async (const char * const     *argv,
                          const char             *cwd,
                          const SluiceServerUser *user,
                          GCancellable           *cancellable,
                          GAsyncReadyCallback     callback,
                          gpointer                user_data)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  ToolRun *run;

  g_return_if_fail (argv != NULL && argv[0] != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  /* The task does not watch @cancellable: a cancel ends the program, and
   * the run reports once it has exited. */
  task = g_task_new (NULL, NULL, callback, user_data);
  g_task_set_source_tag (task, sluice_pg_tool_run_async);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                        G_SUBPROCESS_FLAGS_STDERR_PIPE);
  if (cwd != NULL)
    g_subprocess_launcher_set_cwd (launcher, cwd);
  /* The child setup runs within spawnv() below, so @user need not outlive
   * this call. */
  if (user != NULL)
    g_subprocess_launcher_set_child_setup (launcher, sluice_server_user_child_setup,
                                           (gpointer) user, NULL);

  run = g_new0 (ToolRun, 1);
  g_task_set_task_data (task, run, (GDestroyNotify) tool_run_free);

  run->subprocess = g_subprocess_launcher_spawnv (launcher, argv, &error);
  if (run->subprocess == NULL)
    {
      g_task_return_new_error (task, SLUICE_ERROR, SLUICE_ERROR_TOOL, "%s", error->message);
      return;
    }

  if (cancellable != NULL)
    {
      run->cancellable = g_object_ref (cancellable);
      run->cancelled_id = g_cancellable_connect (cancellable, G_CALLBACK (on_tool_cancelled),
                                                 run->subprocess, NULL);
    }

  g_subprocess_communicate_async (run->subprocess, NULL, NULL,
                                  on_tool_communicated, g_steal_pointer (&task));
}

gboolean
sluice_pg_tool_run_finish (GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == sluice_pg_tool_run_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
