/* sluice-backup.c
 *
 * A run goes: find pg_dump and its version, count the tables to dump (the
 * denominator of the progress), run pg_dump -Fc --verbose into
 * "NAME.dump.partial" while reading its stderr line by line, then list
 * that file with pg_restore --list, and only once every table dumped is in
 * its table of contents rename it to "NAME.dump".  Whatever stops the run
 * before that (a cancel, a failure of either program) removes the partial
 * file, so a file with the final name is always a verified backup.
 *
 * sluice_backup_tables_touched() lives in sluice-backup-tables.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>

#include "sluice-backup.h"
#include "sluice-error.h"
#include "sluice-pg-client.h"
#include "sluice-pg-tool.h"

struct _SluiceBackup
{
  GObject           parent_instance;

  SluiceConnection *connection;
  char             *directory;
  GStrv             tables;          /* NULL: the whole database */
  char             *profile_name;

  double            fraction;
  char             *status;

  char             *path;
  guint64           size;
  guint             toc_entries;
  char             *pg_dump_path;
  char             *pg_dump_version;
  int               pg_dump_major;

  gboolean          running;
};

G_DEFINE_FINAL_TYPE (SluiceBackup, sluice_backup, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_CONNECTION,
  PROP_DIRECTORY,
  PROP_TABLES,
  PROP_PROFILE_NAME,
  PROP_FRACTION,
  PROP_STATUS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* The run in progress. */
typedef struct
{
  SluicePgClient   *client;
  GSubprocess      *subprocess;     /* the program running now */
  GDataInputStream *stderr_lines;
  GCancellable     *cancellable;
  gulong            cancelled_id;

  char             *partial_path;
  char             *final_path;

  guint             n_tables;       /* 0: not known */
  GPtrArray        *dumped;         /* "schema.name" as pg_dump reported them */
  GPtrArray        *error_lines;    /* what pg_dump said was wrong */
  GPtrArray        *other_lines;    /* the rest, for when it said nothing clear */
} RunData;

static void
run_data_free (RunData *data)
{
  if (data->cancelled_id != 0)
    g_cancellable_disconnect (data->cancellable, data->cancelled_id);
  /* Any path that did not reach the final rename leaves nothing behind. */
  if (data->partial_path != NULL)
    g_unlink (data->partial_path);
  g_clear_object (&data->cancellable);
  g_clear_object (&data->stderr_lines);
  g_clear_object (&data->subprocess);
  g_clear_pointer (&data->client, sluice_pg_client_free);
  g_free (data->partial_path);
  g_free (data->final_path);
  g_clear_pointer (&data->dumped, g_ptr_array_unref);
  g_clear_pointer (&data->error_lines, g_ptr_array_unref);
  g_clear_pointer (&data->other_lines, g_ptr_array_unref);
  g_free (data);
}

/* Progress ----------------------------------------------------------------- */

static void
set_status (SluiceBackup *self,
            const char   *status)
{
  if (g_strcmp0 (self->status, status) == 0)
    return;

  g_free (self->status);
  self->status = g_strdup (status);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATUS]);
}

static void
set_fraction (SluiceBackup *self,
              double        fraction)
{
  if (self->fraction == fraction)
    return;

  self->fraction = fraction;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FRACTION]);
}

/* Names -------------------------------------------------------------------- */

/* Letters, digits, '-' and '_' kept, anything else '_': the name must be
 * a plain file name whatever the database is called. */
static char *
sanitize_for_file_name (const char *text)
{
  GString *name = g_string_new (NULL);

  for (const char *p = text; *p != '\0'; p++)
    g_string_append_c (name, (g_ascii_isalnum (*p) || *p == '-' || *p == '_') ? *p : '_');

  return g_string_free (name, FALSE);
}

/* "shop-prod-20261121T144500Z.dump" in @directory, with "-2", "-3"... when
 * that name (or its partial file) is taken. */
static char *
choose_file_path (SluiceBackup *self)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *stamp = g_date_time_format (now, "%Y%m%dT%H%M%SZ");
  const char *database = sluice_connection_get_database (self->connection);
  g_autoptr(GString) base = g_string_new (NULL);
  g_autofree char *safe_database = sanitize_for_file_name (database != NULL ? database : "database");

  g_string_append (base, safe_database);
  if (self->profile_name != NULL && *self->profile_name != '\0')
    {
      g_autofree char *safe_profile = sanitize_for_file_name (self->profile_name);

      g_string_append_printf (base, "-%s", safe_profile);
    }
  g_string_append_printf (base, "-%s", stamp);

  for (guint n = 1; ; n++)
    {
      g_autofree char *name = n == 1 ? g_strdup_printf ("%s.dump", base->str)
                                     : g_strdup_printf ("%s-%u.dump", base->str, n);
      g_autofree char *path = g_build_filename (self->directory, name, NULL);
      g_autofree char *partial = g_strconcat (path, ".partial", NULL);

      if (!g_file_test (path, G_FILE_TEST_EXISTS) && !g_file_test (partial, G_FILE_TEST_EXISTS))
        return g_steal_pointer (&path);
    }
}

/* A -t pattern that matches exactly @table ("schema.name"): each part in
 * double quotes when needed, so that case, dots and wildcards are taken
 * literally. */
static gboolean
is_plain_identifier (const char *name)
{
  if (*name == '\0' || !(g_ascii_islower (*name) || *name == '_'))
    return FALSE;
  for (const char *p = name; *p != '\0'; p++)
    {
      if (!(g_ascii_islower (*p) || g_ascii_isdigit (*p) || *p == '_'))
        return FALSE;
    }
  return TRUE;
}

static char *
table_pattern (const char *table)
{
  const char *dot = strchr (table, '.');
  g_autofree char *schema = dot != NULL ? g_strndup (table, dot - table) : g_strdup ("public");
  const char *name = dot != NULL ? dot + 1 : table;
  GString *pattern = g_string_new (NULL);
  const char *parts[] = { schema, name };

  for (guint i = 0; i < G_N_ELEMENTS (parts); i++)
    {
      if (i > 0)
        g_string_append_c (pattern, '.');
      /* Bare when that reads the same: pg_dump's messages quote it. */
      if (is_plain_identifier (parts[i]))
        {
          g_string_append (pattern, parts[i]);
          continue;
        }
      g_string_append_c (pattern, '"');
      for (const char *p = parts[i]; *p != '\0'; p++)
        {
          if (*p == '"')
            g_string_append_c (pattern, '"');
          g_string_append_c (pattern, *p);
        }
      g_string_append_c (pattern, '"');
    }

  return g_string_free (pattern, FALSE);
}

/* Versions ----------------------------------------------------------------- */

static int
server_major (SluiceBackup *self)
{
  int version = 0;

  if (sluice_connection_get_state (self->connection) == SLUICE_CONNECTION_READY ||
      sluice_connection_get_state (self->connection) == SLUICE_CONNECTION_BUSY)
    version = sluice_connection_get_server_version (self->connection);

  return version / 10000;
}

static gboolean
find_pg_dump (SluiceBackup  *self,
              GError       **error)
{
  g_autofree char *path = NULL;
  g_autofree char *version = NULL;
  int major = 0;

  if (self->pg_dump_path != NULL)
    return TRUE;

  if ((path = sluice_pg_client_find_program ("pg_dump", error)) == NULL ||
      (version = sluice_pg_client_program_version (path, &major, error)) == NULL)
    return FALSE;

  self->pg_dump_path = g_steal_pointer (&path);
  self->pg_dump_version = g_steal_pointer (&version);
  self->pg_dump_major = major;
  return TRUE;
}

char *
sluice_backup_check_versions (SluiceBackup  *self,
                              GError       **error)
{
  int server;

  g_return_val_if_fail (SLUICE_IS_BACKUP (self), NULL);

  if (!find_pg_dump (self, error))
    return NULL;

  server = server_major (self);
  if (server == 0 || self->pg_dump_major >= server)
    return NULL;

  return g_strdup_printf (_("The newest pg_dump installed (%s, version %s) is older than the "
                            "server (%s): pg_dump would refuse to back it up. Nothing was run. "
                            "Install the PostgreSQL %d client programs (on Debian: apt install "
                            "postgresql-client-%d), or make the backup another way."),
                          self->pg_dump_path, self->pg_dump_version,
                          sluice_connection_get_server_version_string (self->connection),
                          server, server);
}

/* Running ------------------------------------------------------------------ */

/* Every way a run ends goes through here first: the caller may look for
 * the file (or start another run) as soon as its callback runs. */
static void
end_run (GTask *task)
{
  SluiceBackup *self = g_task_get_source_object (task);
  RunData *data = g_task_get_task_data (task);

  if (data->partial_path != NULL)
    {
      g_unlink (data->partial_path);
      g_clear_pointer (&data->partial_path, g_free);
    }
  self->running = FALSE;
}

static void
on_cancelled (GCancellable *cancellable,
              gpointer      user_data)
{
  RunData *data = user_data;

  /* Called on the thread that cancels, maybe while a program starts: the
   * program is killed by whoever sees the cancel first.  pg_dump and
   * pg_restore write nothing we keep, so SIGTERM is all they need. */
  if (data->subprocess != NULL)
    g_subprocess_send_signal (data->subprocess, SIGTERM);
}

static gboolean
return_if_cancelled (GTask *task)
{
  RunData *data = g_task_get_task_data (task);

  if (!g_cancellable_is_cancelled (data->cancellable))
    return FALSE;

  end_run (task);
  set_status (g_task_get_source_object (task),
              _("The backup was cancelled; its unfinished file was removed."));
  g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                           _("The backup was cancelled; its unfinished file was removed. "
                             "The database was not changed."));
  return TRUE;
}

static void
fail_run (GTask      *task,
          const char *what_failed)
{
  SluiceBackup *self = g_task_get_source_object (task);

  end_run (task);
  set_status (self, _("The backup failed; its unfinished file was removed."));
  g_task_return_new_error (task, SLUICE_ERROR, SLUICE_ERROR_TOOL,
                           _("The backup failed: %s. Its unfinished file was removed and the "
                             "database was not changed. Correct the cause and back up again, or "
                             "run without a backup and give the reason."), what_failed);
}

static void
finish_run (GTask *task)
{
  SluiceBackup *self = g_task_get_source_object (task);
  RunData *data = g_task_get_task_data (task);
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(GFile) file = NULL;
  g_autofree char *size_text = NULL;
  g_autofree char *status = NULL;

  if (g_rename (data->partial_path, data->final_path) != 0)
    {
      int saved_errno = errno;
      g_autofree char *reason = g_strdup_printf (_("%s could not be renamed to %s (%s)"),
                                                 data->partial_path, data->final_path,
                                                 g_strerror (saved_errno));

      fail_run (task, reason);
      return;
    }
  g_clear_pointer (&data->partial_path, g_free);

  file = g_file_new_for_path (data->final_path);
  info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_SIZE, G_FILE_QUERY_INFO_NONE, NULL, NULL);

  g_free (self->path);
  self->path = g_strdup (data->final_path);
  self->size = info != NULL ? (guint64) g_file_info_get_size (info) : 0;

  size_text = g_format_size (self->size);
  status = g_strdup_printf (_("Backup verified: %s (%s, %u entries), made with pg_dump %s."),
                            self->path, size_text, self->toc_entries, self->pg_dump_version);
  set_fraction (self, 1.0);
  set_status (self, status);

  end_run (task);
  g_task_return_boolean (task, TRUE);
}

/* pg_restore --list: one line per entry, "ID; OID OID TYPE SCHEMA NAME
 * OWNER", comments starting with ';'. */
static gboolean
toc_lists_table_data (const char *const *lines,
                      const char        *table)
{
  const char *dot = strchr (table, '.');
  g_autofree char *schema = dot != NULL ? g_strndup (table, dot - table) : g_strdup ("public");
  g_autofree char *needle = g_strdup_printf (" TABLE DATA %s %s ", schema, dot != NULL ? dot + 1 : table);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      if (strstr (lines[i], needle) != NULL)
        return TRUE;
    }
  return FALSE;
}

static void
on_restore_listed (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  GSubprocess *subprocess = G_SUBPROCESS (object);
  g_autoptr(GTask) task = user_data;
  SluiceBackup *self = g_task_get_source_object (task);
  RunData *data = g_task_get_task_data (task);
  g_autofree char *stdout_text = NULL;
  g_autofree char *stderr_text = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GError) error = NULL;
  guint entries = 0;

  if (!g_subprocess_communicate_utf8_finish (subprocess, result, &stdout_text, &stderr_text, &error))
    {
      if (return_if_cancelled (task))
        return;
      fail_run (task, error->message);
      return;
    }

  if (return_if_cancelled (task))
    return;

  if (!g_subprocess_get_if_exited (subprocess) || g_subprocess_get_exit_status (subprocess) != 0)
    {
      g_autofree char *said = sluice_pg_tool_summarize_output (stderr_text, 3);
      g_autofree char *reason = g_strdup_printf (_("pg_restore --list could not read the file it "
                                                   "wrote (%s)"), said);

      fail_run (task, reason);
      return;
    }

  lines = g_strsplit (stdout_text != NULL ? stdout_text : "", "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      if (lines[i][0] != '\0' && lines[i][0] != ';')
        entries++;
    }

  /* Every table asked for, and every table pg_dump said it dumped. */
  for (guint i = 0; self->tables != NULL && self->tables[i] != NULL; i++)
    g_ptr_array_add (data->dumped, g_strdup (self->tables[i]));

  for (guint i = 0; i < data->dumped->len; i++)
    {
      const char *table = g_ptr_array_index (data->dumped, i);

      if (!toc_lists_table_data ((const char * const *) lines, table))
        {
          g_autofree char *reason = g_strdup_printf (_("pg_restore --list does not show the data "
                                                       "of table %s in the file"), table);

          fail_run (task, reason);
          return;
        }
    }

  if (entries == 0)
    {
      fail_run (task, _("pg_restore --list shows an empty file"));
      return;
    }

  self->toc_entries = entries;
  finish_run (task);
}

static void
start_verification (GTask *task)
{
  SluiceBackup *self = g_task_get_source_object (task);
  RunData *data = g_task_get_task_data (task);
  g_autoptr(GSubprocessLauncher) launcher = sluice_pg_client_new_launcher (data->client);
  g_autofree char *pg_restore = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *status = NULL;
  const char *argv[4];

  g_clear_object (&data->subprocess);
  g_clear_object (&data->stderr_lines);

  pg_restore = sluice_pg_client_find_program ("pg_restore", &error);
  if (pg_restore == NULL)
    {
      fail_run (task, error->message);
      return;
    }

  status = g_strdup_printf (_("Verifying the backup with %s --list…"), pg_restore);
  set_status (self, status);

  argv[0] = pg_restore;
  argv[1] = "--list";
  argv[2] = data->partial_path;
  argv[3] = NULL;

  data->subprocess = g_subprocess_launcher_spawnv (launcher, argv, &error);
  if (data->subprocess == NULL)
    {
      fail_run (task, error->message);
      return;
    }
  /* A cancel that came while nothing ran. */
  if (g_cancellable_is_cancelled (data->cancellable))
    g_subprocess_send_signal (data->subprocess, SIGTERM);

  g_subprocess_communicate_utf8_async (data->subprocess, NULL, NULL,
                                       on_restore_listed, g_steal_pointer (&task));
}

static char *
describe_dump_failure (SluiceBackup *self,
                       RunData      *data)
{
  GPtrArray *lines = data->error_lines->len > 0 ? data->error_lines : data->other_lines;
  GSubprocess *subprocess = data->subprocess;
  g_autoptr(GString) said = g_string_new (NULL);
  guint first = lines->len > 4 ? lines->len - 4 : 0;

  for (guint i = first; i < lines->len; i++)
    {
      const char *line = g_ptr_array_index (lines, i);

      /* "pg_dump: error: " is said once, by our own sentence. */
      if (g_str_has_prefix (line, "pg_dump: error: "))
        line += strlen ("pg_dump: error: ");
      else if (g_str_has_prefix (line, "pg_dump: "))
        line += strlen ("pg_dump: ");
      if (said->len > 0)
        g_string_append_c (said, ' ');
      g_string_append (said, line);
    }

  if (said->len > 0)
    {
      g_autofree char *tidy = sluice_error_tidy_message (said->str);

      return g_strdup_printf (_("pg_dump said: %s"), tidy);
    }
  if (g_subprocess_get_if_signaled (subprocess))
    return g_strdup_printf (_("pg_dump was stopped by signal %d"), g_subprocess_get_term_sig (subprocess));
  return g_strdup_printf (_("pg_dump exited with status %d"), g_subprocess_get_exit_status (subprocess));
}

static void
on_dump_exited (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  GSubprocess *subprocess = G_SUBPROCESS (object);
  g_autoptr(GTask) task = user_data;
  SluiceBackup *self = g_task_get_source_object (task);
  RunData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  if (!g_subprocess_wait_finish (subprocess, result, &error))
    {
      fail_run (task, error->message);
      return;
    }

  if (return_if_cancelled (task))
    return;

  if (!g_subprocess_get_if_exited (subprocess) || g_subprocess_get_exit_status (subprocess) != 0)
    {
      g_autofree char *reason = describe_dump_failure (self, data);

      fail_run (task, reason);
      return;
    }

  start_verification (g_steal_pointer (&task));
}

/* "pg_dump: dumping contents of table "public.orders"" -> "public.orders" */
static char *
dumped_table_from_line (const char *line)
{
  static const char marker[] = "dumping contents of table \"";
  const char *start = strstr (line, marker);
  const char *end;

  if (start == NULL)
    return NULL;

  start += strlen (marker);
  end = strrchr (start, '"');
  if (end == NULL || end == start)
    return NULL;

  return g_strndup (start, end - start);
}

static gboolean
is_error_line (const char *line)
{
  /* pg_dump's own prefixes; lines without "pg_dump: " continue the
   * previous message (the server's DETAIL, for one). */
  return strstr (line, "error:") != NULL || strstr (line, "detail:") != NULL ||
         strstr (line, "hint:") != NULL || !g_str_has_prefix (line, "pg_dump: ");
}

static void
note_table_dumped (SluiceBackup *self,
                   RunData      *data,
                   char         *table)
{
  g_autofree char *status = NULL;

  g_ptr_array_add (data->dumped, table);

  if (data->n_tables > 0)
    {
      /* The last table is done only once the file is verified. */
      set_fraction (self, MIN (0.95, 0.95 * (data->dumped->len - 1) / data->n_tables));
      status = g_strdup_printf (_("Dumping table %s (%u of %u)…"),
                                table, data->dumped->len, MAX (data->n_tables, data->dumped->len));
    }
  else
    status = g_strdup_printf (_("Dumping table %s…"), table);

  set_status (self, status);
}

static void
on_stderr_line (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SluiceBackup *self = g_task_get_source_object (task);
  RunData *data = g_task_get_task_data (task);
  g_autofree char *line = NULL;
  g_autoptr(GError) error = NULL;
  char *table;

  line = g_data_input_stream_read_line_finish_utf8 (G_DATA_INPUT_STREAM (object), result, NULL, &error);

  if (line == NULL)
    {
      /* The end of pg_dump's output (or a line that was not UTF-8, which
       * is not worth failing a backup for): wait for it to exit. */
      g_subprocess_wait_async (data->subprocess, NULL, on_dump_exited, g_steal_pointer (&task));
      return;
    }

  g_strchomp (line);
  if ((table = dumped_table_from_line (line)) != NULL)
    note_table_dumped (self, data, table);
  /* libpq names the passfile the password came from: ours, gone by the
   * time anyone reads the message. */
  else if (*line != '\0' && !g_str_has_prefix (line, "password retrieved from file"))
    {
      GPtrArray *kept = is_error_line (line) ? data->error_lines : data->other_lines;

      g_ptr_array_add (kept, g_steal_pointer (&line));
      /* Only the end of the chatter can explain a failure. */
      if (kept == data->other_lines && kept->len > 16)
        g_ptr_array_remove_index (kept, 0);
    }

  g_data_input_stream_read_line_async (data->stderr_lines, G_PRIORITY_DEFAULT, NULL,
                                       on_stderr_line, g_steal_pointer (&task));
}

static void
start_dump (GTask *task)
{
  SluiceBackup *self = g_task_get_source_object (task);
  RunData *data = g_task_get_task_data (task);
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_autofree char *status = NULL;
  const char *conninfo;

  if (return_if_cancelled (task))
    return;

  data->client = sluice_pg_client_new (self->connection, &error);
  if (data->client == NULL)
    {
      fail_run (task, error->message);
      return;
    }

  g_ptr_array_add (argv, g_strdup (self->pg_dump_path));
  g_ptr_array_add (argv, g_strdup ("--format=custom"));
  g_ptr_array_add (argv, g_strdup ("--verbose"));
  /* Never wait for a password on a terminal nobody watches. */
  g_ptr_array_add (argv, g_strdup ("--no-password"));
  g_ptr_array_add (argv, g_strdup_printf ("--file=%s", data->partial_path));
  /* A table asked for that is not there fails the backup, rather than
   * leaving it out of it. */
  if (self->tables != NULL)
    g_ptr_array_add (argv, g_strdup ("--strict-names"));
  for (guint i = 0; self->tables != NULL && self->tables[i] != NULL; i++)
    {
      g_autofree char *pattern = table_pattern (self->tables[i]);

      g_ptr_array_add (argv, g_strdup_printf ("--table=%s", pattern));
    }
  conninfo = sluice_pg_client_get_conninfo (data->client);
  if (conninfo != NULL && *conninfo != '\0')
    g_ptr_array_add (argv, g_strdup_printf ("--dbname=%s", conninfo));
  g_ptr_array_add (argv, NULL);

  launcher = sluice_pg_client_new_launcher (data->client);
  /* The progress is read from pg_dump's verbose lines, which are
   * translated: this one run speaks English (LC_ALL would win over it). */
  if (g_subprocess_launcher_getenv (launcher, "LC_ALL") != NULL)
    {
      g_subprocess_launcher_setenv (launcher, "LC_CTYPE",
                                    g_subprocess_launcher_getenv (launcher, "LC_ALL"), TRUE);
      g_subprocess_launcher_unsetenv (launcher, "LC_ALL");
    }
  g_subprocess_launcher_setenv (launcher, "LC_MESSAGES", "C", TRUE);
  g_subprocess_launcher_unsetenv (launcher, "LANGUAGE");
  data->subprocess = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  if (data->subprocess == NULL)
    {
      fail_run (task, error->message);
      return;
    }
  if (g_cancellable_is_cancelled (data->cancellable))
    g_subprocess_send_signal (data->subprocess, SIGTERM);

  status = g_strdup_printf (_("Running %s (version %s)…"), self->pg_dump_path, self->pg_dump_version);
  set_status (self, status);

  data->stderr_lines = g_data_input_stream_new (g_subprocess_get_stderr_pipe (data->subprocess));
  g_data_input_stream_read_line_async (data->stderr_lines, G_PRIORITY_DEFAULT, NULL,
                                       on_stderr_line, g_steal_pointer (&task));
}

static void
on_tables_counted (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  RunData *data = g_task_get_task_data (task);
  g_autoptr(SluiceResult) counted = NULL;

  /* Without the count the progress is only unknown: not worth failing. */
  counted = sluice_connection_query_finish (SLUICE_CONNECTION (object), result, NULL);
  if (counted != NULL && sluice_result_get_n_rows (counted) == 1)
    data->n_tables = (guint) sluice_result_get_int64 (counted, 0, 0);

  start_dump (g_steal_pointer (&task));
}

/* The tables pg_dump dumps the data of: ordinary tables and partitions
 * outside the system schemas, not temporary, not members of an
 * extension. */
static const char count_tables_sql[] =
  "SELECT count(*) FROM pg_catalog.pg_class c "
  "JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
  "WHERE c.relkind = 'r' "
  "AND n.nspname NOT IN ('pg_catalog', 'information_schema') "
  "AND n.nspname NOT LIKE 'pg\\_toast%' AND n.nspname NOT LIKE 'pg\\_temp\\_%' "
  "AND c.relpersistence <> 't' "
  "AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend d "
  "                WHERE d.classid = 'pg_catalog.pg_class'::pg_catalog.regclass "
  "                AND d.objid = c.oid AND d.deptype = 'e')";

void
sluice_backup_run_async (SluiceBackup        *self,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  RunData *data;

  g_return_if_fail (SLUICE_IS_BACKUP (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sluice_backup_run_async);
  /* The partial file is removed before the task returns, even on cancel. */
  g_task_set_check_cancellable (task, FALSE);

  if (self->running)
    {
      g_task_return_new_error (task, SLUICE_ERROR, SLUICE_ERROR_BUSY,
                               _("This backup is already running. Nothing else was started."));
      return;
    }

  data = g_new0 (RunData, 1);
  data->dumped = g_ptr_array_new_with_free_func (g_free);
  data->error_lines = g_ptr_array_new_with_free_func (g_free);
  data->other_lines = g_ptr_array_new_with_free_func (g_free);
  data->cancellable = cancellable != NULL ? g_object_ref (cancellable) : g_cancellable_new ();
  g_task_set_task_data (task, data, (GDestroyNotify) run_data_free);

  self->running = TRUE;
  g_clear_pointer (&self->path, g_free);
  self->size = 0;
  self->toc_entries = 0;
  set_fraction (self, -1.0);
  set_status (self, _("Preparing the backup…"));

  if (!find_pg_dump (self, &error))
    {
      fail_run (task, error->message);
      return;
    }

  if (g_mkdir_with_parents (self->directory, 0700) != 0)
    {
      int saved_errno = errno;
      g_autofree char *reason = g_strdup_printf (_("the folder %s could not be created (%s)"),
                                                 self->directory, g_strerror (saved_errno));

      fail_run (task, reason);
      return;
    }

  data->final_path = choose_file_path (self);
  data->partial_path = g_strconcat (data->final_path, ".partial", NULL);
  data->cancelled_id = g_cancellable_connect (data->cancellable, G_CALLBACK (on_cancelled), data, NULL);

  if (self->tables != NULL)
    {
      data->n_tables = g_strv_length (self->tables);
      start_dump (g_steal_pointer (&task));
      return;
    }

  if (server_major (self) == 0)
    {
      start_dump (g_steal_pointer (&task));
      return;
    }

  sluice_connection_query_async (self->connection, count_tables_sql, NULL, 0, NULL,
                                 on_tables_counted, g_steal_pointer (&task));
}

gboolean
sluice_backup_run_finish (SluiceBackup  *self,
                          GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (SLUICE_IS_BACKUP (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == sluice_backup_run_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* The object --------------------------------------------------------------- */

SluiceBackup *
sluice_backup_new (SluiceConnection   *connection,
                   const char         *directory,
                   const char * const *tables)
{
  g_return_val_if_fail (SLUICE_IS_CONNECTION (connection), NULL);
  g_return_val_if_fail (directory != NULL, NULL);

  return g_object_new (SLUICE_TYPE_BACKUP,
                       "connection", connection,
                       "directory", directory,
                       "tables", tables,
                       NULL);
}

void
sluice_backup_set_profile_name (SluiceBackup *self,
                                const char   *profile_name)
{
  g_return_if_fail (SLUICE_IS_BACKUP (self));

  if (g_strcmp0 (self->profile_name, profile_name) == 0)
    return;

  g_free (self->profile_name);
  self->profile_name = g_strdup (profile_name);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROFILE_NAME]);
}

double
sluice_backup_get_fraction (SluiceBackup *self)
{
  g_return_val_if_fail (SLUICE_IS_BACKUP (self), -1.0);
  return self->fraction;
}

const char *
sluice_backup_get_status (SluiceBackup *self)
{
  g_return_val_if_fail (SLUICE_IS_BACKUP (self), NULL);
  return self->status;
}

const char *
sluice_backup_get_path (SluiceBackup *self)
{
  g_return_val_if_fail (SLUICE_IS_BACKUP (self), NULL);
  return self->path;
}

guint64
sluice_backup_get_size (SluiceBackup *self)
{
  g_return_val_if_fail (SLUICE_IS_BACKUP (self), 0);
  return self->size;
}

guint
sluice_backup_get_toc_entries (SluiceBackup *self)
{
  g_return_val_if_fail (SLUICE_IS_BACKUP (self), 0);
  return self->toc_entries;
}

const char *
sluice_backup_get_pg_dump_path (SluiceBackup *self)
{
  g_return_val_if_fail (SLUICE_IS_BACKUP (self), NULL);
  return self->pg_dump_path;
}

const char *
sluice_backup_get_pg_dump_version (SluiceBackup *self)
{
  g_return_val_if_fail (SLUICE_IS_BACKUP (self), NULL);
  return self->pg_dump_version;
}

static void
sluice_backup_finalize (GObject *object)
{
  SluiceBackup *self = SLUICE_BACKUP (object);

  g_clear_object (&self->connection);
  g_free (self->directory);
  g_strfreev (self->tables);
  g_free (self->profile_name);
  g_free (self->status);
  g_free (self->path);
  g_free (self->pg_dump_path);
  g_free (self->pg_dump_version);

  G_OBJECT_CLASS (sluice_backup_parent_class)->finalize (object);
}

static void
sluice_backup_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  SluiceBackup *self = SLUICE_BACKUP (object);

  switch (prop_id)
    {
    case PROP_CONNECTION:
      g_value_set_object (value, self->connection);
      break;
    case PROP_DIRECTORY:
      g_value_set_string (value, self->directory);
      break;
    case PROP_TABLES:
      g_value_set_boxed (value, self->tables);
      break;
    case PROP_PROFILE_NAME:
      g_value_set_string (value, self->profile_name);
      break;
    case PROP_FRACTION:
      g_value_set_double (value, self->fraction);
      break;
    case PROP_STATUS:
      g_value_set_string (value, self->status);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sluice_backup_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  SluiceBackup *self = SLUICE_BACKUP (object);

  switch (prop_id)
    {
    case PROP_CONNECTION:
      self->connection = g_value_dup_object (value);
      break;
    case PROP_DIRECTORY:
      self->directory = g_value_dup_string (value);
      break;
    case PROP_TABLES:
      self->tables = g_value_dup_boxed (value);
      break;
    case PROP_PROFILE_NAME:
      sluice_backup_set_profile_name (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sluice_backup_class_init (SluiceBackupClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = sluice_backup_finalize;
  object_class->get_property = sluice_backup_get_property;
  object_class->set_property = sluice_backup_set_property;

  properties[PROP_CONNECTION] =
    g_param_spec_object ("connection", NULL, NULL, SLUICE_TYPE_CONNECTION,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_DIRECTORY] =
    g_param_spec_string ("directory", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TABLES] =
    g_param_spec_boxed ("tables", NULL, NULL, G_TYPE_STRV,
                        G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PROFILE_NAME] =
    g_param_spec_string ("profile-name", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_FRACTION] =
    g_param_spec_double ("fraction", NULL, NULL, -1.0, 1.0, -1.0,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_STATUS] =
    g_param_spec_string ("status", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
sluice_backup_init (SluiceBackup *self)
{
  self->fraction = -1.0;
}
