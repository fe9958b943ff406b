/* sluice-sandbox.c: the sandbox cluster's folders, settings and start/stop
 *
 * Running the programs is sluice-pg-tool.c's, the user they run as when we
 * are root is sluice-server-user.c's, and the demo project, the demo
 * database (created and seeded as the server first starts) and the
 * sandbox's profile are sluice-demo.c's.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/types.h>
#include <sys/un.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "sluice-conninfo.h"
#include "sluice-demo-private.h"
#include "sluice-error.h"
#include "sluice-pg-tool.h"
#include "sluice-sandbox.h"
#include "sluice-server-user.h"

/* Each sandbox has its own socket directory and never listens on TCP, so
 * the well-known port cannot clash with another cluster. */
#define SANDBOX_PORT 5432

/* Where the cluster goes when Sluice runs as root and the server's user
 * cannot reach the requested folder (root's home is usually 0700). */
#define SANDBOX_SYSTEM_ROOT "/var/lib/sluice/sandbox"

/* Rewritten before every start, so a moved sandbox still finds its socket
 * directory; postgresql.conf includes it. */
#define SANDBOX_CONF_NAME "sluice-sandbox.conf"

struct _SluiceSandbox
{
  GObject            parent_instance;

  char              *requested_root_dir;
  char              *root_dir;
  char              *data_dir;
  char              *socket_dir;
  char              *log_path;
  char              *superuser;
  char              *os_user;
  guint              port;

  /* Set when Sluice runs as root: the programs then run as os_user. */
  SluiceServerUser  *server_user;
  /* Why os_user cannot be used (no such user), reported by start. */
  GError            *user_error;

  SluiceSandboxState state;
  char              *progress;
  gboolean           busy;
};

G_DEFINE_FINAL_TYPE (SluiceSandbox, sluice_sandbox, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ROOT_DIR,
  PROP_STATE,
  PROP_PROGRESS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
set_progress (SluiceSandbox *self,
              const char    *progress)
{
  if (g_strcmp0 (self->progress, progress) == 0)
    return;

  g_free (self->progress);
  self->progress = g_strdup (progress);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROGRESS]);
}

static void
set_state (SluiceSandbox      *self,
           SluiceSandboxState  state)
{
  if (self->state == state)
    return;

  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

/* The pid in the first line of postmaster.pid, or 0. */
static pid_t
read_postmaster_pid (SluiceSandbox *self)
{
  g_autofree char *pid_path = g_build_filename (self->data_dir, "postmaster.pid", NULL);
  g_autofree char *contents = NULL;
  gint64 pid;

  if (!g_file_get_contents (pid_path, &contents, NULL, NULL))
    return 0;

  pid = g_ascii_strtoll (contents, NULL, 10);
  if (pid <= 0 || pid > G_MAXINT)
    return 0;
  return (pid_t) pid;
}

static gboolean
process_is_alive (pid_t pid)
{
  g_autofree char *stat_path = NULL;
  g_autofree char *stat = NULL;
  const char *after_name;

  /* EPERM: the process exists but belongs to another user. */
  if (pid <= 0 || (kill (pid, 0) != 0 && errno != EPERM))
    return FALSE;

  /* A server that exited but that nobody reaped yet (pg_ctl leaves it to
   * init) still answers kill(); on Linux, /proc says it is a zombie. */
  stat_path = g_strdup_printf ("/proc/%d/stat", (int) pid);
  if (g_file_get_contents (stat_path, &stat, NULL, NULL) &&
      (after_name = strrchr (stat, ')')) != NULL)
    return !g_str_has_prefix (after_name, ") Z");

  return TRUE;
}

static SluiceSandboxState
read_state_from_disk (SluiceSandbox *self)
{
  g_autofree char *version_path = g_build_filename (self->data_dir, "PG_VERSION", NULL);

  if (!g_file_test (version_path, G_FILE_TEST_EXISTS))
    return SLUICE_SANDBOX_MISSING;
  if (process_is_alive (read_postmaster_pid (self)))
    return SLUICE_SANDBOX_RUNNING;
  return SLUICE_SANDBOX_STOPPED;
}

static void
refresh_state (SluiceSandbox *self)
{
  if (!self->busy)
    set_state (self, read_state_from_disk (self));
}

static void
resolve_server_user (SluiceSandbox *self)
{
  const char *name = sluice_server_user_default_name ();

  self->os_user = g_strdup (name);
  self->server_user = sluice_server_user_lookup (name, &self->user_error);
}

static void
sluice_sandbox_constructed (GObject *object)
{
  SluiceSandbox *self = SLUICE_SANDBOX (object);

  G_OBJECT_CLASS (sluice_sandbox_parent_class)->constructed (object);

  self->superuser = g_strdup (g_get_user_name ());
  self->root_dir = g_canonicalize_filename (self->requested_root_dir, NULL);
  self->port = SANDBOX_PORT;

  if (geteuid () == 0)
    {
      resolve_server_user (self);

      if (self->server_user != NULL &&
          !sluice_server_user_can_reach (self->server_user, self->root_dir))
        {
          g_debug ("User %s cannot reach %s; the sandbox lives in %s",
                   self->os_user, self->root_dir, SANDBOX_SYSTEM_ROOT);
          g_free (self->root_dir);
          self->root_dir = g_strdup (SANDBOX_SYSTEM_ROOT);
        }
    }
  else
    {
      self->os_user = g_strdup (g_get_user_name ());
    }

  self->data_dir = g_build_filename (self->root_dir, "data", NULL);
  self->socket_dir = g_build_filename (self->root_dir, "run", NULL);
  self->log_path = g_build_filename (self->root_dir, "server.log", NULL);
  self->state = read_state_from_disk (self);
}

static void
sluice_sandbox_finalize (GObject *object)
{
  SluiceSandbox *self = SLUICE_SANDBOX (object);

  g_clear_pointer (&self->requested_root_dir, g_free);
  g_clear_pointer (&self->root_dir, g_free);
  g_clear_pointer (&self->data_dir, g_free);
  g_clear_pointer (&self->socket_dir, g_free);
  g_clear_pointer (&self->log_path, g_free);
  g_clear_pointer (&self->superuser, g_free);
  g_clear_pointer (&self->os_user, g_free);
  g_clear_pointer (&self->server_user, sluice_server_user_free);
  g_clear_pointer (&self->progress, g_free);
  g_clear_error (&self->user_error);

  G_OBJECT_CLASS (sluice_sandbox_parent_class)->finalize (object);
}

static void
sluice_sandbox_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  SluiceSandbox *self = SLUICE_SANDBOX (object);

  switch (prop_id)
    {
    case PROP_ROOT_DIR:
      g_value_set_string (value, self->root_dir);
      break;

    case PROP_STATE:
      g_value_set_enum (value, sluice_sandbox_get_state (self));
      break;

    case PROP_PROGRESS:
      g_value_set_string (value, self->progress);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sluice_sandbox_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  SluiceSandbox *self = SLUICE_SANDBOX (object);

  switch (prop_id)
    {
    case PROP_ROOT_DIR:
      self->requested_root_dir = g_value_dup_string (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sluice_sandbox_class_init (SluiceSandboxClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = sluice_sandbox_constructed;
  object_class->finalize = sluice_sandbox_finalize;
  object_class->get_property = sluice_sandbox_get_property;
  object_class->set_property = sluice_sandbox_set_property;

  /* Reads back the folder in use, which differs from the one given when
   * running as root relocated it. */
  properties[PROP_ROOT_DIR] =
    g_param_spec_string ("root-dir", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL,
                       SLUICE_TYPE_SANDBOX_STATE,
                       SLUICE_SANDBOX_MISSING,
                       (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_PROGRESS] =
    g_param_spec_string ("progress", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
sluice_sandbox_init (SluiceSandbox *self)
{
}

SluiceSandbox *
sluice_sandbox_new (const char *root_dir)
{
  g_return_val_if_fail (root_dir != NULL, NULL);

  return g_object_new (SLUICE_TYPE_SANDBOX,
                       "root-dir", root_dir,
                       NULL);
}

SluiceSandbox *
sluice_sandbox_new_default (void)
{
  g_autofree char *root_dir = g_build_filename (g_get_user_data_dir (), "sluice", "sandbox", NULL);

  return sluice_sandbox_new (root_dir);
}

const char *
sluice_sandbox_get_root_dir (SluiceSandbox *self)
{
  g_return_val_if_fail (SLUICE_IS_SANDBOX (self), NULL);

  return self->root_dir;
}

const char *
sluice_sandbox_get_data_dir (SluiceSandbox *self)
{
  g_return_val_if_fail (SLUICE_IS_SANDBOX (self), NULL);

  return self->data_dir;
}

const char *
sluice_sandbox_get_socket_dir (SluiceSandbox *self)
{
  g_return_val_if_fail (SLUICE_IS_SANDBOX (self), NULL);

  return self->socket_dir;
}

const char *
sluice_sandbox_get_log_path (SluiceSandbox *self)
{
  g_return_val_if_fail (SLUICE_IS_SANDBOX (self), NULL);

  return self->log_path;
}

guint
sluice_sandbox_get_port (SluiceSandbox *self)
{
  g_return_val_if_fail (SLUICE_IS_SANDBOX (self), 0);

  return self->port;
}

const char *
sluice_sandbox_get_superuser (SluiceSandbox *self)
{
  g_return_val_if_fail (SLUICE_IS_SANDBOX (self), NULL);

  return self->superuser;
}

const char *
sluice_sandbox_get_os_user (SluiceSandbox *self)
{
  g_return_val_if_fail (SLUICE_IS_SANDBOX (self), NULL);

  return self->os_user;
}

char *
sluice_sandbox_dup_conninfo (SluiceSandbox *self,
                             const char    *dbname)
{
  GString *conninfo;

  g_return_val_if_fail (SLUICE_IS_SANDBOX (self), NULL);
  g_return_val_if_fail (dbname != NULL, NULL);

  /* Quoted only where needed, so that it stays readable in the profile list. */
  conninfo = g_string_new ("host=");
  sluice_conninfo_append_value (conninfo, self->socket_dir);
  g_string_append_printf (conninfo, " port=%u user=", self->port);
  sluice_conninfo_append_value (conninfo, self->superuser);
  g_string_append (conninfo, " dbname=");
  sluice_conninfo_append_value (conninfo, dbname);

  return g_string_free (conninfo, FALSE);
}

SluiceSandboxState
sluice_sandbox_get_state (SluiceSandbox *self)
{
  g_return_val_if_fail (SLUICE_IS_SANDBOX (self), SLUICE_SANDBOX_MISSING);

  refresh_state (self);
  return self->state;
}

const char *
sluice_sandbox_get_progress (SluiceSandbox *self)
{
  g_return_val_if_fail (SLUICE_IS_SANDBOX (self), NULL);

  return self->progress;
}

/* Running the PostgreSQL programs */

/* Runs @argv as the server's user, in our root folder: the caller's working
 * directory may be closed to the server's user.  See
 * sluice_pg_tool_run_async() for what @cancellable does. */
static void
run_tool_async (SluiceSandbox       *self,
                const char * const  *argv,
                GCancellable        *cancellable,
                GAsyncReadyCallback  callback,
                gpointer             user_data)
{
  sluice_pg_tool_run_async (argv, self->root_dir, self->server_user, cancellable,
                            callback, user_data);
}

/* pg_ctl appends to the log at every start, so it only grows; the reason
 * a start failed is at its end. */
#define SERVER_LOG_TAIL_BYTES (64 * 1024)

/* The last SERVER_LOG_TAIL_BYTES of @path, from the first whole line. */
static char *
read_log_tail (const char *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFileInputStream) stream = NULL;
  g_autoptr(GFileInfo) info = NULL;
  g_autofree char *buffer = NULL;
  const char *start;
  goffset size;
  gsize n_read = 0;

  stream = g_file_read (file, NULL, NULL);
  if (stream == NULL)
    return NULL;

  info = g_file_input_stream_query_info (stream, G_FILE_ATTRIBUTE_STANDARD_SIZE, NULL, NULL);
  if (info == NULL)
    return NULL;

  size = g_file_info_get_size (info);
  if (size > SERVER_LOG_TAIL_BYTES &&
      !g_seekable_seek (G_SEEKABLE (stream), size - SERVER_LOG_TAIL_BYTES, G_SEEK_SET, NULL, NULL))
    return NULL;

  buffer = g_malloc (SERVER_LOG_TAIL_BYTES);
  if (!g_input_stream_read_all (G_INPUT_STREAM (stream), buffer, SERVER_LOG_TAIL_BYTES,
                                &n_read, NULL, NULL))
    return NULL;

  /* Begun in the middle of a line, maybe of a character: skip to the next. */
  start = buffer;
  if (size > SERVER_LOG_TAIL_BYTES)
    {
      const char *newline = memchr (buffer, '\n', n_read);

      start = newline != NULL ? newline + 1 : buffer + n_read;
    }

  return g_utf8_make_valid (start, buffer + n_read - start);
}

/* The lines of the server log that say why it stopped or did not start. */
static char *
summarize_server_log (SluiceSandbox *self)
{
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GString) reasons = g_string_new (NULL);

  contents = read_log_tail (self->log_path);
  if (contents == NULL)
    return NULL;

  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      if (strstr (lines[i], "FATAL:") == NULL && strstr (lines[i], "PANIC:") == NULL)
        continue;
      if (reasons->len > 0)
        g_string_append_c (reasons, ' ');
      g_string_append (reasons, g_strstrip (lines[i]));
    }

  if (reasons->len == 0)
    return sluice_pg_tool_summarize_output (contents, 2);
  return g_string_free (g_steal_pointer (&reasons), FALSE);
}

static char *
build_tool_path (const char *bindir,
                 const char *program)
{
  return g_build_filename (bindir, program, NULL);
}

/* Preparing the folders */

static gboolean
ensure_directory (SluiceSandbox  *self,
                  const char     *path,
                  GError        **error)
{
  if (g_mkdir (path, 0700) != 0 && errno != EEXIST)
    {
      int saved_errno = errno;

      g_set_error (error, SLUICE_ERROR, SLUICE_ERROR_FAILED,
                   _("Could not create the folder “%s”: %s. The sandbox was not started."),
                   path, g_strerror (saved_errno));
      return FALSE;
    }

  if (self->server_user != NULL &&
      chown (path, sluice_server_user_get_uid (self->server_user),
             sluice_server_user_get_gid (self->server_user)) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, SLUICE_ERROR, SLUICE_ERROR_FAILED,
                   _("Could not hand the folder “%s” to the user “%s”: %s. The sandbox was not "
                     "started."),
                   path, self->os_user, g_strerror (saved_errno));
      return FALSE;
    }

  /* The socket lives in here, and trust authentication is only safe while
   * nobody else can reach it. */
  if (g_chmod (path, 0700) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, SLUICE_ERROR, SLUICE_ERROR_FAILED,
                   _("Could not restrict the folder “%s” to its owner: %s. The sandbox was not "
                     "started."),
                   path, g_strerror (saved_errno));
      return FALSE;
    }

  return TRUE;
}

/* The root folder is handed to the server's user and closed to everyone
 * else, so it must be ours: missing, empty, or holding a sandbox already.
 * Pointing the sandbox at, say, a home folder must not take it over. */
static gboolean
root_dir_is_ours (SluiceSandbox  *self,
                  GError        **error)
{
  g_autoptr(GDir) dir = g_dir_open (self->root_dir, 0, NULL);
  const char *name;

  if (dir == NULL)
    return TRUE;

  while ((name = g_dir_read_name (dir)) != NULL)
    {
      if (g_str_equal (name, "data") || g_str_equal (name, "run") ||
          g_str_equal (name, "server.log"))
        return TRUE;
    }

  g_dir_rewind (dir);
  if (g_dir_read_name (dir) == NULL)
    return TRUE;

  g_set_error (error, SLUICE_ERROR, SLUICE_ERROR_INVALID_INPUT,
               _("The folder “%s” holds other files, and the sandbox needs a folder of its "
                 "own. Nothing was created. Choose an empty or new folder."),
               self->root_dir);
  return FALSE;
}

static gboolean
prepare_directories (SluiceSandbox  *self,
                     GError        **error)
{
  g_autofree char *parent = g_path_get_dirname (self->root_dir);

  if (!root_dir_is_ours (self, error))
    return FALSE;

  /* Ancestors stay 0755 so that the server's user can reach the root. */
  if (g_mkdir_with_parents (parent, 0755) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, SLUICE_ERROR, SLUICE_ERROR_FAILED,
                   _("Could not create the folder “%s”: %s. The sandbox was not started."),
                   parent, g_strerror (saved_errno));
      return FALSE;
    }

  return ensure_directory (self, self->root_dir, error) &&
         ensure_directory (self, self->socket_dir, error);
}

static gboolean
check_socket_path (SluiceSandbox  *self,
                   GError        **error)
{
  g_autofree char *socket_path = g_strdup_printf ("%s/.s.PGSQL.%u", self->socket_dir, self->port);
  gsize max_length = sizeof (((struct sockaddr_un *) NULL)->sun_path) - 1;
  gsize length = strlen (socket_path);

  if (length <= max_length)
    return TRUE;

  g_set_error (error, SLUICE_ERROR, SLUICE_ERROR_INVALID_INPUT,
               _("The sandbox cannot live in “%s”: its server socket “%s” would be %zu "
                 "bytes long, and Unix sockets allow at most %zu. Nothing was created. "
                 "Choose a shorter folder."),
               self->root_dir, socket_path, length, max_length);
  return FALSE;
}

/* A value for postgresql.conf: single-quoted, quotes doubled. */
static void
append_conf_string (GString    *conf,
                    const char *value)
{
  g_string_append_c (conf, '\'');
  for (const char *p = value; *p != '\0'; p++)
    {
      if (*p == '\'')
        g_string_append_c (conf, '\'');
      g_string_append_c (conf, *p);
    }
  g_string_append_c (conf, '\'');
}

static gboolean
write_server_file (SluiceSandbox  *self,
                   const char     *path,
                   const char     *contents,
                   GError        **error)
{
  if (!g_file_set_contents_full (path, contents, -1, G_FILE_SET_CONTENTS_CONSISTENT, 0600, error))
    return FALSE;

  if (self->server_user != NULL &&
      chown (path, sluice_server_user_get_uid (self->server_user),
             sluice_server_user_get_gid (self->server_user)) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved_errno),
                   "%s: %s", path, g_strerror (saved_errno));
      return FALSE;
    }

  return TRUE;
}

/* Writes the settings that make the sandbox private (Unix socket only, in
 * our own folder) and makes postgresql.conf include them, last, so that they
 * win over anything above. */
static gboolean
write_server_config (SluiceSandbox  *self,
                     GError        **error)
{
  g_autofree char *conf_path = g_build_filename (self->data_dir, SANDBOX_CONF_NAME, NULL);
  g_autofree char *main_conf_path = g_build_filename (self->data_dir, "postgresql.conf", NULL);
  g_autofree char *main_conf = NULL;
  g_autoptr(GString) conf = g_string_new (NULL);
  g_autoptr(GString) socket_list = g_string_new ("\"");

  /* unix_socket_directories is a comma-separated list in which a name with
   * commas or spaces is double-quoted, inner quotes doubled. */
  for (const char *p = self->socket_dir; *p != '\0'; p++)
    {
      if (*p == '"')
        g_string_append_c (socket_list, '"');
      g_string_append_c (socket_list, *p);
    }
  g_string_append_c (socket_list, '"');

  g_string_append (conf,
                   "# Written by Sluice before every start of the sandbox; edits here are lost.\n"
                   "# The sandbox listens on its own Unix socket only, never on TCP.\n"
                   "listen_addresses = ''\n"
                   "unix_socket_directories = ");
  append_conf_string (conf, socket_list->str);
  g_string_append_printf (conf,
                          "\nunix_socket_permissions = 0700\n"
                          "port = %u\n"
                          "# A throwaway cluster: an OS crash may lose the last commits, never\n"
                          "# corrupt the data, and every commit is faster.\n"
                          "synchronous_commit = off\n",
                          self->port);

  if (!write_server_file (self, conf_path, conf->str, error))
    return FALSE;

  if (!g_file_get_contents (main_conf_path, &main_conf, NULL, error))
    return FALSE;

  if (strstr (main_conf, "include = '" SANDBOX_CONF_NAME "'") == NULL)
    {
      g_autofree char *updated =
        g_strconcat (main_conf,
                     "\n# Added by Sluice: the sandbox's own settings.\n"
                     "include = '" SANDBOX_CONF_NAME "'\n",
                     NULL);

      if (!write_server_file (self, main_conf_path, updated, error))
        return FALSE;
    }

  return TRUE;
}

/* Starting */

typedef struct
{
  char             *bindir;
  /* The error to report once a half-started server has been stopped. */
  GError           *error;
} StartData;

static void
start_data_free (StartData *data)
{
  g_clear_pointer (&data->bindir, g_free);
  g_clear_error (&data->error);
  g_free (data);
}

static void
finish_busy (SluiceSandbox *self)
{
  self->busy = FALSE;
  set_progress (self, NULL);
  refresh_state (self);
}

static void
run_pg_ctl_stop_async (SluiceSandbox       *self,
                       const char          *bindir,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  g_autofree char *pg_ctl = build_tool_path (bindir, "pg_ctl");
  const char *argv[] = { pg_ctl, "stop", "-D", self->data_dir, "-m", "fast", "-w", "-s", NULL };

  /* Stopping is never cancelled: a half-stopped server is worse than a
   * stop that takes a second. */
  run_tool_async (self, argv, NULL, callback, user_data);
}

static void
on_aborted_start_stopped (GObject      *object,
                          GAsyncResult *result,
                          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SluiceSandbox *self = g_task_get_source_object (task);
  StartData *data = g_task_get_task_data (task);
  g_autoptr(GError) stop_error = NULL;
  GError *error = g_steal_pointer (&data->error);

  if (!sluice_pg_tool_run_finish (result, &stop_error))
    {
      /* Keep the original reason first: it is the one that matters. */
      char *message = g_strdup_printf (_("%s The server could not be stopped and may still be "
                                         "running: %s"),
                                       error->message, stop_error->message);

      g_free (error->message);
      error->message = message;
    }

  finish_busy (self);
  g_task_return_error (task, error);
}

/* Reports @error (taken), first stopping the server if the failed or
 * cancelled start left one running. */
static void
abort_start (GTask  *task,
             GError *error)
{
  SluiceSandbox *self = g_task_get_source_object (task);
  StartData *data = g_task_get_task_data (task);

  if (process_is_alive (read_postmaster_pid (self)))
    {
      data->error = error;
      set_progress (self, _("Stopping the server…"));
      run_pg_ctl_stop_async (self, data->bindir, on_aborted_start_stopped, g_object_ref (task));
      return;
    }

  finish_busy (self);
  g_task_return_error (task, error);
}

static GError *
new_cancelled_error (void)
{
  return g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED,
                              _("Starting the sandbox was cancelled; no server was left running."));
}

static void
complete_start (GTask *task)
{
  SluiceSandbox *self = g_task_get_source_object (task);

  /* A cancel that came as the last step finished still means "no server". */
  if (g_cancellable_is_cancelled (g_task_get_cancellable (task)))
    {
      abort_start (task, new_cancelled_error ());
      return;
    }

  finish_busy (self);
  g_task_return_boolean (task, TRUE);
}

static GError *
new_demo_database_error (SluiceSandbox *self,
                         const GError  *error)
{
  return g_error_new (SLUICE_ERROR, SLUICE_ERROR_FAILED,
                      _("The sandbox server started, but the demo database “%s” could not be "
                        "created: %s. The server was stopped again; the cluster in “%s” is "
                        "kept."),
                      SLUICE_SANDBOX_DEMO_DATABASE, error->message, self->root_dir);
}

static void
on_demo_database_ready (GObject      *object,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SluiceSandbox *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;
  gboolean created = FALSE;

  if (_sluice_demo_database_prepare_finish (result, &created, &error))
    {
      complete_start (task);
      return;
    }

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      abort_start (task, new_cancelled_error ());
      return;
    }

  if (!created)
    {
      abort_start (task, new_demo_database_error (self, error));
      return;
    }

  /* The server and the database are fine: keep them running, and say
   * what the History page will be missing. */
  finish_busy (self);
  g_task_return_new_error (task, SLUICE_ERROR, SLUICE_ERROR_FAILED,
                           _("The sandbox is running and its demo database “%s” was created, "
                             "but the demo migrations could not all be applied: %s"),
                           SLUICE_SANDBOX_DEMO_DATABASE, error->message);
}

static void
report_demo_progress (const char *progress,
                      gpointer    user_data)
{
  set_progress (SLUICE_SANDBOX (user_data), progress);
}

/* The demo database is created (and, when new, seeded) by sluice-demo.c;
 * the start task keeps the sandbox alive meanwhile. */
static void
create_demo_database (GTask *task)
{
  SluiceSandbox *self = g_task_get_source_object (task);
  g_autofree char *admin_conninfo = sluice_sandbox_dup_conninfo (self, "postgres");
  g_autofree char *demo_conninfo = sluice_sandbox_dup_conninfo (self, SLUICE_SANDBOX_DEMO_DATABASE);

  set_progress (self, _("Creating the demo database…"));
  _sluice_demo_database_prepare_async (admin_conninfo, demo_conninfo, g_task_get_cancellable (task),
                                       report_demo_progress, self,
                                       on_demo_database_ready, g_object_ref (task));
}

static void
on_server_started (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SluiceSandbox *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;

  if (!sluice_pg_tool_run_finish (result, &error))
    {
      g_autofree char *reason = summarize_server_log (self);

      abort_start (task, g_error_new (SLUICE_ERROR, SLUICE_ERROR_TOOL,
                                      _("The sandbox cluster in “%s” exists, but its server did "
                                        "not start: %s Nothing else was changed; the full log is "
                                        "in “%s”."),
                                      self->root_dir,
                                      reason != NULL && *reason != '\0' ? reason : error->message,
                                      self->log_path));
      return;
    }

  /* pg_ctl was left to finish even when cancelled: killing it half-way could
   * orphan a postmaster that pg_ctl stop would not yet see. */
  if (g_cancellable_is_cancelled (g_task_get_cancellable (task)))
    {
      abort_start (task, new_cancelled_error ());
      return;
    }

  create_demo_database (task);
}

static void
start_server (GTask *task)
{
  SluiceSandbox *self = g_task_get_source_object (task);
  StartData *data = g_task_get_task_data (task);
  g_autofree char *pg_ctl = build_tool_path (data->bindir, "pg_ctl");
  const char *argv[] = { pg_ctl, "start", "-D", self->data_dir, "-l", self->log_path,
                         "-w", "-s", NULL };
  g_autoptr(GError) error = NULL;

  if (!write_server_config (self, &error))
    {
      abort_start (task, g_error_new (SLUICE_ERROR, SLUICE_ERROR_FAILED,
                                      _("Could not write the sandbox's settings: %s. The "
                                        "cluster in “%s” was not started."),
                                      error->message, self->root_dir));
      return;
    }

  set_progress (self, _("Starting the server…"));
  run_tool_async (self, argv, NULL, on_server_started, g_object_ref (task));
}

static void
on_cluster_created (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SluiceSandbox *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;

  if (!sluice_pg_tool_run_finish (result, &error))
    {
      if (g_cancellable_is_cancelled (g_task_get_cancellable (task)))
        abort_start (task, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                                _("Creating the sandbox was cancelled; no "
                                                  "cluster was created.")));
      else
        abort_start (task, g_error_new (SLUICE_ERROR, SLUICE_ERROR_TOOL,
                                        _("initdb could not create the sandbox cluster: %s "
                                          "No cluster was created in “%s”."),
                                        error->message, self->root_dir));
      return;
    }

  if (g_cancellable_is_cancelled (g_task_get_cancellable (task)))
    {
      abort_start (task, new_cancelled_error ());
      return;
    }

  start_server (task);
}

static void
create_cluster (GTask *task)
{
  SluiceSandbox *self = g_task_get_source_object (task);
  StartData *data = g_task_get_task_data (task);
  g_autofree char *initdb = build_tool_path (data->bindir, "initdb");
  g_autofree char *user_option = g_strconcat ("--username=", self->superuser, NULL);
  /* --no-sync: a throwaway cluster does not need initdb's fsync of every
   * file, which takes seconds on slow disks. */
  const char *argv[] = { initdb, "-D", self->data_dir, user_option, "--auth=trust",
                         "--encoding=UTF8", "--locale=C.UTF-8", "--no-sync", NULL };

  set_progress (self, _("Creating the cluster…"));
  run_tool_async (self, argv, g_task_get_cancellable (task),
                  on_cluster_created, g_object_ref (task));
}

void
sluice_sandbox_start_async (SluiceSandbox       *self,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  SluiceSandboxState state;
  StartData *data;

  g_return_if_fail (SLUICE_IS_SANDBOX (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sluice_sandbox_start_async);
  /* We decide ourselves what a cancel means: it must stop the server. */
  g_task_set_check_cancellable (task, FALSE);

  if (self->busy)
    {
      g_task_return_new_error (task, SLUICE_ERROR, SLUICE_ERROR_BUSY,
                               _("The sandbox is already starting or stopping."));
      return;
    }

  state = sluice_sandbox_get_state (self);
  if (state == SLUICE_SANDBOX_RUNNING)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }

  if (g_task_return_error_if_cancelled (task))
    return;

  data = g_new0 (StartData, 1);
  g_task_set_task_data (task, data, (GDestroyNotify) start_data_free);

  if (self->user_error != NULL)
    {
      g_task_return_error (task, g_error_copy (self->user_error));
      return;
    }

  if (!check_socket_path (self, &error) ||
      !(data->bindir = sluice_find_pg_bindir (&error)) ||
      !prepare_directories (self, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  self->busy = TRUE;
  set_state (self, SLUICE_SANDBOX_STARTING);

  if (state == SLUICE_SANDBOX_MISSING)
    create_cluster (task);
  else
    start_server (task);
}

gboolean
sluice_sandbox_start_finish (SluiceSandbox  *self,
                             GAsyncResult   *result,
                             GError        **error)
{
  g_return_val_if_fail (SLUICE_IS_SANDBOX (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == sluice_sandbox_start_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Stopping */

static void
on_server_stopped (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SluiceSandbox *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;

  finish_busy (self);

  if (!sluice_pg_tool_run_finish (result, &error))
    {
      g_task_return_new_error (task, SLUICE_ERROR, SLUICE_ERROR_TOOL,
                               _("pg_ctl could not stop the sandbox server: %s The server may "
                                 "still be running; its log is in “%s”."),
                               error->message, self->log_path);
      return;
    }

  g_task_return_boolean (task, TRUE);
}

void
sluice_sandbox_stop_async (SluiceSandbox       *self,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *bindir = NULL;

  g_return_if_fail (SLUICE_IS_SANDBOX (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sluice_sandbox_stop_async);
  /* Once pg_ctl stop runs it is seen through: see run_pg_ctl_stop_async(). */
  g_task_set_check_cancellable (task, FALSE);

  if (self->busy)
    {
      g_task_return_new_error (task, SLUICE_ERROR, SLUICE_ERROR_BUSY,
                               _("The sandbox is already starting or stopping."));
      return;
    }

  if (sluice_sandbox_get_state (self) != SLUICE_SANDBOX_RUNNING)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }

  if (g_task_return_error_if_cancelled (task))
    return;

  if (!(bindir = sluice_find_pg_bindir (&error)))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  self->busy = TRUE;
  set_state (self, SLUICE_SANDBOX_STOPPING);
  set_progress (self, _("Stopping the server…"));
  run_pg_ctl_stop_async (self, bindir, on_server_stopped, g_steal_pointer (&task));
}

gboolean
sluice_sandbox_stop_finish (SluiceSandbox  *self,
                            GAsyncResult   *result,
                            GError        **error)
{
  g_return_val_if_fail (SLUICE_IS_SANDBOX (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == sluice_sandbox_stop_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
