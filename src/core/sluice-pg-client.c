/* sluice-pg-client.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <libpq-fe.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sluice-connection-private.h"
#include "sluice-conninfo.h"
#include "sluice-error.h"
#include "sluice-pg-client.h"
#include "sluice-types.h"

/* The passfile is shared by the client and every launcher it made, so it
 * stays on disk while any of them may still start a program, and goes
 * with the last of them. */
typedef struct
{
  char *directory;
  char *path;
} Passfile;

struct _SluicePgClient
{
  char     *conninfo;
  Passfile *passfile;   /* NULL when there is no password to hand over */
};

/* The passfile ------------------------------------------------------------- */

static void
passfile_clear (Passfile *passfile)
{
  if (passfile->path != NULL)
    g_unlink (passfile->path);
  if (passfile->directory != NULL)
    g_rmdir (passfile->directory);
  g_free (passfile->path);
  g_free (passfile->directory);
}

static void
passfile_unref (Passfile *passfile)
{
  g_atomic_rc_box_release_full (passfile, (GDestroyNotify) passfile_clear);
}

/* A field of a .pgpass line: ':' and '\' are escaped with a backslash. */
static void
append_passfile_field (GString    *line,
                       const char *value)
{
  for (const char *p = value; *p != '\0'; p++)
    {
      if (*p == ':' || *p == '\\')
        g_string_append_c (line, '\\');
      g_string_append_c (line, *p);
    }
}

static gboolean
write_all (int          fd,
           const char  *data,
           gsize        length,
           GError     **error)
{
  while (length > 0)
    {
      gssize written = write (fd, data, length);

      if (written < 0)
        {
          int saved_errno = errno;

          if (saved_errno == EINTR)
            continue;
          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                       "%s", g_strerror (saved_errno));
          return FALSE;
        }
      data += written;
      length -= written;
    }
  return TRUE;
}

/* A passfile that gives @password for any server, database and user: the
 * programs run with it reach only the conninfo they are given.  It lives
 * in a directory of its own (0700) in the user's runtime dir, mode 0600,
 * as libpq demands. */
static Passfile *
passfile_new (const char  *password,
              GError     **error)
{
  g_autoptr(GString) line = g_string_new ("*:*:*:*:");
  g_autofree char *template = NULL;
  Passfile *passfile;
  int fd;

  passfile = g_atomic_rc_box_new0 (Passfile);

  template = g_build_filename (g_get_user_runtime_dir (), "sluice-pgpass-XXXXXX", NULL);
  if (g_mkdir_with_parents (g_get_user_runtime_dir (), 0700) != 0 ||
      g_mkdtemp_full (template, 0700) == NULL)
    {
      int saved_errno = errno;

      g_set_error (error, SLUICE_ERROR, SLUICE_ERROR_FAILED,
                   _("Could not create a private folder in %s for the password of the PostgreSQL "
                     "programs: %s. Nothing was run. Check that the folder is writable."),
                   g_get_user_runtime_dir (), g_strerror (saved_errno));
      passfile_unref (passfile);
      return NULL;
    }
  passfile->directory = g_steal_pointer (&template);
  passfile->path = g_build_filename (passfile->directory, "pgpass", NULL);

  append_passfile_field (line, password);
  g_string_append_c (line, '\n');

  fd = g_open (passfile->path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0 || !write_all (fd, line->str, line->len, NULL))
    {
      int saved_errno = errno;

      if (fd >= 0)
        close (fd);
      g_set_error (error, SLUICE_ERROR, SLUICE_ERROR_FAILED,
                   _("Could not write the private password file %s: %s. Nothing was run. "
                     "Check that the folder is writable."),
                   passfile->path, g_strerror (saved_errno));
      passfile_unref (passfile);
      explicit_bzero (line->str, line->len);
      return NULL;
    }
  close (fd);
  explicit_bzero (line->str, line->len);

  return passfile;
}

/* The conninfo ------------------------------------------------------------- */

/* Keywords never passed on: secrets (they go to the passfile, or nowhere),
 * and what would make the program pick another server, another passfile,
 * or re-read a service file whose values are already resolved here. */
static gboolean
is_left_out (const char *keyword)
{
  static const char * const left_out[] = {
    "password", "sslpassword", "passfile", "service",
    "fallback_application_name", "target_session_attrs",
  };

  for (guint i = 0; i < G_N_ELEMENTS (left_out); i++)
    {
      if (strcmp (keyword, left_out[i]) == 0)
        return TRUE;
    }
  return FALSE;
}

static void
append_keyword (GString    *conninfo,
                const char *keyword,
                const char *value)
{
  if (value == NULL || *value == '\0')
    return;

  if (conninfo->len > 0)
    g_string_append_c (conninfo, ' ');
  g_string_append_printf (conninfo, "%s=", keyword);
  sluice_conninfo_append_value (conninfo, value);
}

/* The live connection's own values: the host and port it reached (not the
 * list it was given, so the program talks to the same server), its
 * database and user, and every other setting it was made with. */
static char *
conninfo_for_pgconn (PGconn *conn)
{
  g_autoptr(GString) conninfo = g_string_new (NULL);
  PQconninfoOption *options = PQconninfo (conn);

  for (PQconninfoOption *option = options; option != NULL && option->keyword != NULL; option++)
    {
      const char *value = option->val;

      if (is_left_out (option->keyword))
        continue;
      /* A compiled-in default needs no saying (a program built with an
       * older libpq may not even know the keyword), unless the
       * environment, which the program inherits, would say otherwise. */
      if (value != NULL && option->compiled != NULL && strcmp (value, option->compiled) == 0 &&
          (option->envvar == NULL || g_getenv (option->envvar) == NULL))
        continue;

      if (strcmp (option->keyword, "host") == 0)
        value = PQhost (conn);
      else if (strcmp (option->keyword, "port") == 0)
        value = PQport (conn);
      else if (strcmp (option->keyword, "hostaddr") == 0)
        value = (value != NULL && *value != '\0') ? PQhostaddr (conn) : NULL;
      else if (strcmp (option->keyword, "dbname") == 0)
        value = PQdb (conn);
      else if (strcmp (option->keyword, "user") == 0)
        value = PQuser (conn);

      append_keyword (conninfo, option->keyword, value);
    }
  PQconninfoFree (options);

  return g_string_free (g_steal_pointer (&conninfo), FALSE);
}

/* A conninfo or URI as given, rewritten as keywords without its password
 * (moved to @password when there is none already). */
static char *
conninfo_for_text (const char  *text,
                   char       **password,
                   GError     **error)
{
  g_autoptr(GString) conninfo = g_string_new (NULL);
  char *parse_error = NULL;
  PQconninfoOption *options;

  if (text == NULL || *text == '\0')
    return g_strdup ("");

  if (sluice_connection_kind_for_text (text) == SLUICE_CONNECTION_KIND_SERVICE)
    {
      append_keyword (conninfo, "service", text);
      return g_string_free (g_steal_pointer (&conninfo), FALSE);
    }

  options = PQconninfoParse (text, &parse_error);
  if (options == NULL)
    {
      g_autofree char *tidy = sluice_error_tidy_message (parse_error);

      if (parse_error != NULL)
        PQfreemem (parse_error);
      g_set_error (error, SLUICE_ERROR, SLUICE_ERROR_INVALID_INPUT,
                   _("The connection could not be read: %s. Nothing was run. Correct the "
                     "connection in its profile."), tidy);
      return NULL;
    }

  for (PQconninfoOption *option = options; option->keyword != NULL; option++)
    {
      if (option->val == NULL)
        continue;
      if (strcmp (option->keyword, "password") == 0)
        {
          if (*password == NULL)
            *password = g_strdup (option->val);
          continue;
        }
      /* A service named in the text is kept: its values are not resolved here. */
      if (strcmp (option->keyword, "service") != 0 && is_left_out (option->keyword))
        continue;
      append_keyword (conninfo, option->keyword, option->val);
    }
  PQconninfoFree (options);

  return g_string_free (g_steal_pointer (&conninfo), FALSE);
}

/* The client --------------------------------------------------------------- */

SluicePgClient *
sluice_pg_client_new_for_conninfo (const char  *conninfo,
                                   const char  *password,
                                   GError     **error)
{
  g_autoptr(SluicePgClient) client = g_new0 (SluicePgClient, 1);
  g_autofree char *from_text = NULL;

  g_return_val_if_fail (conninfo != NULL, NULL);

  if (password != NULL)
    from_text = g_strdup (password);

  client->conninfo = conninfo_for_text (conninfo, &from_text, error);
  if (client->conninfo == NULL)
    return NULL;

  if (from_text != NULL)
    {
      client->passfile = passfile_new (from_text, error);
      explicit_bzero (from_text, strlen (from_text));
      if (client->passfile == NULL)
        return NULL;
    }

  return g_steal_pointer (&client);
}

SluicePgClient *
sluice_pg_client_new (SluiceConnection  *connection,
                      GError           **error)
{
  g_autoptr(SluicePgClient) client = NULL;
  PGconn *conn;
  const char *password;

  g_return_val_if_fail (SLUICE_IS_CONNECTION (connection), NULL);

  conn = _sluice_connection_get_pgconn (connection);
  if (conn == NULL)
    return sluice_pg_client_new_for_conninfo (_sluice_connection_get_text (connection) != NULL
                                                ? _sluice_connection_get_text (connection) : "",
                                              _sluice_connection_get_password (connection),
                                              error);

  client = g_new0 (SluicePgClient, 1);
  client->conninfo = conninfo_for_pgconn (conn);

  /* The password libpq really used: ours, PGPASSWORD's or ~/.pgpass's
   * (that one would be hidden by our PGPASSFILE otherwise). */
  password = PQpass (conn);
  if (password != NULL && *password != '\0')
    {
      client->passfile = passfile_new (password, error);
      if (client->passfile == NULL)
        return NULL;
    }

  return g_steal_pointer (&client);
}

void
sluice_pg_client_free (SluicePgClient *client)
{
  if (client == NULL)
    return;

  g_free (client->conninfo);
  g_clear_pointer (&client->passfile, passfile_unref);
  g_free (client);
}

const char *
sluice_pg_client_get_conninfo (SluicePgClient *client)
{
  g_return_val_if_fail (client != NULL, NULL);

  return client->conninfo;
}

GSubprocessLauncher *
sluice_pg_client_new_launcher (SluicePgClient *client)
{
  GSubprocessLauncher *launcher;

  g_return_val_if_fail (client != NULL, NULL);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                        G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_subprocess_launcher_setenv (launcher, "PGAPPNAME", "sluice", TRUE);

  if (client->passfile != NULL)
    {
      /* PGPASSWORD would win over the passfile. */
      g_subprocess_launcher_unsetenv (launcher, "PGPASSWORD");
      g_subprocess_launcher_setenv (launcher, "PGPASSFILE", client->passfile->path, TRUE);
      g_object_set_data_full (G_OBJECT (launcher), "sluice-pg-client-passfile",
                              g_atomic_rc_box_acquire (client->passfile),
                              (GDestroyNotify) passfile_unref);
    }

  return launcher;
}

/* The programs ------------------------------------------------------------- */

static char *
find_in_newest_major (const char *program)
{
  const char *versions_dir = "/usr/lib/postgresql";
  g_autoptr(GDir) dir = g_dir_open (versions_dir, 0, NULL);
  g_autofree char *best = NULL;
  gint64 best_major = -1;
  const char *name;

  if (dir == NULL)
    return NULL;

  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = NULL;
      char *end = NULL;
      gint64 major = g_ascii_strtoll (name, &end, 10);

      if (end == name || major <= best_major)
        continue;

      path = g_build_filename (versions_dir, name, "bin", program, NULL);
      if (!g_file_test (path, G_FILE_TEST_IS_EXECUTABLE))
        continue;

      best_major = major;
      g_free (best);
      best = g_steal_pointer (&path);
    }

  return g_steal_pointer (&best);
}

char *
sluice_pg_client_find_program (const char  *program,
                               GError     **error)
{
  char *path;

  g_return_val_if_fail (program != NULL, NULL);

  if ((path = find_in_newest_major (program)) != NULL ||
      (path = g_find_program_in_path (program)) != NULL)
    return path;

  g_set_error (error, SLUICE_ERROR, SLUICE_ERROR_NOT_FOUND,
               _("The PostgreSQL program %s was not found in /usr/lib/postgresql or PATH. "
                 "Nothing was run. Install PostgreSQL's client programs (on Debian: apt install "
                 "postgresql-client)."), program);
  return NULL;
}

/* "15.8" out of "pg_dump (PostgreSQL) 15.8 (Debian 15.8-0+deb12u1)". */
static char *
parse_version (const char *output)
{
  const char *start = strstr (output, "(PostgreSQL)");
  const char *end;

  if (start == NULL)
    return NULL;

  start += strlen ("(PostgreSQL)");
  while (*start == ' ')
    start++;

  end = start;
  while (*end != '\0' && !g_ascii_isspace (*end))
    end++;

  if (end == start || !g_ascii_isdigit (*start))
    return NULL;
  return g_strndup (start, end - start);
}

char *
sluice_pg_client_program_version (const char  *path,
                                  int         *major,
                                  GError     **error)
{
  g_autoptr(GSubprocess) subprocess = NULL;
  g_autofree char *stdout_text = NULL;
  g_autoptr(GError) local_error = NULL;
  char *version;

  g_return_val_if_fail (path != NULL, NULL);

  subprocess = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_SILENCE,
                                 &local_error, path, "--version", NULL);
  if (subprocess == NULL ||
      !g_subprocess_communicate_utf8 (subprocess, NULL, NULL, &stdout_text, NULL, &local_error))
    {
      g_set_error (error, SLUICE_ERROR, SLUICE_ERROR_TOOL,
                   _("Could not run %s --version: %s. Nothing was run. Check the PostgreSQL "
                     "installation."), path, local_error->message);
      return NULL;
    }

  version = stdout_text != NULL ? parse_version (stdout_text) : NULL;
  if (version == NULL)
    {
      g_autofree char *tidy = sluice_error_tidy_message (stdout_text);

      g_set_error (error, SLUICE_ERROR, SLUICE_ERROR_TOOL,
                   _("%s --version printed “%s”, which does not tell a PostgreSQL version. "
                     "Nothing was run. Check that it is PostgreSQL's program."), path, tidy);
      return NULL;
    }

  if (major != NULL)
    *major = atoi (version);
  return version;
}
