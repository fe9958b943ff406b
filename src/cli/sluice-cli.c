/* sluice-cli.c: the command line twin of Sluice; dispatch and what the
 * subcommands share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <libpq-fe.h>
#include <locale.h>
#include <stdio.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "sluice-cli.h"

typedef struct
{
  const char *name;
  int       (*main) (int argc, char **argv);
  const char *summary;
} Command;

static const Command commands[] = {
  { "profiles", sluice_cli_profiles_main, N_("List the connection profiles") },
  { "ping",     sluice_cli_ping_main,     N_("Connect and print the server version and round-trip time") },
  { "sandbox",  sluice_cli_sandbox_main,  N_("Start, stop or show the local sandbox cluster") },
  { "status",   sluice_cli_status_main,   N_("Show each migration of a folder as applied, pending, missing or drifted") },
  { "history",  sluice_cli_history_main,  N_("Print the migration history a database records") },
  { "new",      sluice_cli_new_main,      N_("Write an empty migration in Sluice's format") },
  { "indexes",  sluice_cli_indexes_main,  N_("List the indexes with their scans, size and flags (unused, duplicate, invalid, ...)") },
  { "activity", sluice_cli_activity_main, N_("Show the sessions, who blocks whom, the locks waited for and long transactions") },
  { "plan",     sluice_cli_plan_main,     N_("Summarise a saved or pasted EXPLAIN plan: total time, slowest nodes, warnings") },
  { "explain",  sluice_cli_explain_main,  N_("Run EXPLAIN on a database and summarise the plan") },
  { "snapshot", sluice_cli_snapshot_main, N_("Save every object of a database's schemas to a snapshot file") },
  { "diff",     sluice_cli_diff_main,     N_("Compare two schemas (snapshot files, profiles or conninfos); --sql prints the DDL") },
  { "lint",     sluice_cli_lint_main,     N_("Say what each statement of migration files locks, rewrites or loses, and the safe way") },
  { "migrate",  sluice_cli_migrate_main,  N_("Apply pending migrations with preflight checks, lint, backup, lock timeouts and verification") },
  { "rollback", sluice_cli_rollback_main, N_("Revert migrations back to a version (--to V), behind the same guards") },
  { "rehearse", sluice_cli_rehearse_main, N_("Run pending migrations on a sandbox copy: locks taken, rewrites, reversibility") },
};

/* Errors */

void
sluice_cli_print_error (const char *format,
                        ...)
{
  g_autofree char *message = NULL;
  g_autofree char *line = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  line = sluice_error_tidy_message (message);
  fprintf (stderr, "sluice-cli: %s\n", line);
}

SluiceCliExit
sluice_cli_fail (const GError *error)
{
  sluice_cli_print_error ("%s", error->message);

  if (g_error_matches (error, SLUICE_ERROR, SLUICE_ERROR_INVALID_INPUT) ||
      error->domain == G_OPTION_ERROR)
    return SLUICE_CLI_EXIT_USAGE;
  return SLUICE_CLI_EXIT_FAILURE;
}

/* Options */

GOptionContext *
sluice_cli_option_context_new (const char         *command,
                               const char         *parameters,
                               const char         *summary,
                               const GOptionEntry *entries)
{
  GOptionContext *context = g_option_context_new (parameters);

  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_set_summary (context, summary);
  if (entries != NULL)
    g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);

  return context;
}

gboolean
sluice_cli_parse_options (GOptionContext   *context,
                          int              *argc,
                          char           ***argv)
{
  g_autoptr(GError) error = NULL;

  if (g_option_context_parse (context, argc, argv, &error))
    return TRUE;

  sluice_cli_print_error (_("%s: %s (see “sluice-cli %s --help”)"),
                          (*argv)[0], error->message, (*argv)[0]);
  return FALSE;
}

guint
sluice_cli_display_width (const char *text)
{
  const char *end = text + strlen (text);
  guint width = 0;

  for (const char *p = text; p < end;)
    {
      gunichar c = g_utf8_get_char_validated (p, end - p);

      /* A byte that is no UTF-8 shows as one replacement character. */
      if (c == (gunichar) -1 || c == (gunichar) -2)
        {
          width++;
          p++;
          continue;
        }

      if (g_unichar_iswide (c))
        width += 2;
      else if (!g_unichar_iszerowidth (c))
        width++;
      p = g_utf8_next_char (p);
    }

  return width;
}

void
sluice_cli_print_json (JsonNode *root)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autofree char *text = NULL;

  json_generator_set_pretty (generator, TRUE);
  json_generator_set_indent (generator, 2);
  json_generator_set_root (generator, root);
  text = json_generator_to_data (generator, NULL);

  fputs (text, stdout);
  fputc ('\n', stdout);
}

/* Async calls */

void
sluice_cli_async_init (SluiceCliAsync *async)
{
  async->loop = g_main_loop_new (NULL, FALSE);
  async->result = NULL;
}

void
sluice_cli_async_clear (SluiceCliAsync *async)
{
  g_clear_pointer (&async->loop, g_main_loop_unref);
  g_clear_object (&async->result);
}

void
sluice_cli_async_done (GObject      *object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  SluiceCliAsync *async = user_data;

  g_set_object (&async->result, result);
  g_main_loop_quit (async->loop);
}

GAsyncResult *
sluice_cli_async_wait (SluiceCliAsync *async)
{
  /* The callback may already have run when the call completed at once. */
  if (async->result == NULL)
    g_main_loop_run (async->loop);

  return g_steal_pointer (&async->result);
}

/* Profiles and databases */

SluiceProfileStore *
sluice_cli_load_profiles (GError **error)
{
  g_autoptr(SluiceProfileStore) store = sluice_profile_store_new_default ();

  if (!sluice_profile_store_load (store, error))
    return NULL;
  return g_steal_pointer (&store);
}

void
sluice_cli_database_free (SluiceCliDatabase *database)
{
  if (database->session != NULL)
    sluice_session_disconnect (database->session);
  else if (database->connection != NULL)
    sluice_connection_close (database->connection);

  g_clear_object (&database->connection);
  g_clear_object (&database->session);
  g_free (database);
}

/* A conninfo or URI that libpq cannot parse is an input error (exit 2),
 * not a failure to connect.  The text itself is not echoed: it may hold a
 * password. */
static gboolean
check_conninfo (const char  *conninfo,
                GError     **error)
{
  PQconninfoOption *options;
  char *message = NULL;

  if (sluice_connection_kind_for_text (conninfo) == SLUICE_CONNECTION_KIND_SERVICE)
    return TRUE;

  options = PQconninfoParse (conninfo, &message);
  if (options != NULL)
    {
      PQconninfoFree (options);
      return TRUE;
    }

  g_set_error (error, SLUICE_ERROR, SLUICE_ERROR_INVALID_INPUT,
               _("The connection string given with -c is not valid: %s. Nothing was run."),
               message != NULL ? g_strstrip (message) : _("out of memory"));
  PQfreemem (message);
  return FALSE;
}

static SluiceProfile *
find_profile (SluiceProfileStore  *store,
              const char          *name,
              GError             **error)
{
  SluiceProfile *profile = sluice_profile_store_find_by_name (store, name);

  if (profile == NULL)
    profile = sluice_profile_store_find_by_id (store, name);

  if (profile == NULL)
    g_set_error (error, SLUICE_ERROR, SLUICE_ERROR_INVALID_INPUT,
                 _("There is no profile named “%s” in %s. Nothing was run. "
                   "“sluice-cli profiles” lists the profiles."),
                 name, sluice_profile_store_get_path (store));

  return profile;
}

static gboolean
connect_profile (SluiceCliDatabase  *database,
                 const char         *profile_name,
                 GError            **error)
{
  g_autoptr(SluiceProfileStore) store = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  SluiceProfile *profile;
  SluiceCliAsync async;

  if (!(store = sluice_cli_load_profiles (error)) ||
      !(profile = find_profile (store, profile_name, error)))
    return FALSE;

  /* Through a session, so that a password kept in the keyring is used. */
  database->session = sluice_session_new (profile);

  sluice_cli_async_init (&async);
  sluice_session_connect_async (database->session, NULL, sluice_cli_async_done, &async);
  result = sluice_cli_async_wait (&async);
  database->connection = sluice_session_connect_finish (database->session, result, error);
  sluice_cli_async_clear (&async);

  return database->connection != NULL;
}

static gboolean
connect_conninfo (SluiceCliDatabase  *database,
                  const char         *conninfo,
                  GError            **error)
{
  g_autoptr(GAsyncResult) result = NULL;
  SluiceCliAsync async;
  gboolean connected;

  if (!check_conninfo (conninfo, error))
    return FALSE;

  database->connection = sluice_connection_new (conninfo, NULL);

  sluice_cli_async_init (&async);
  sluice_connection_connect_async (database->connection, NULL, sluice_cli_async_done, &async);
  result = sluice_cli_async_wait (&async);
  connected = sluice_connection_connect_finish (database->connection, result, error);
  sluice_cli_async_clear (&async);

  return connected;
}

SluiceCliDatabase *
sluice_cli_open_database (const char  *profile_name,
                          const char  *conninfo,
                          GError     **error)
{
  g_autoptr(SluiceCliDatabase) database = NULL;
  gboolean connected;

  if (profile_name != NULL && conninfo != NULL)
    {
      g_set_error_literal (error, SLUICE_ERROR, SLUICE_ERROR_INVALID_INPUT,
                           _("Give either -p PROFILE or -c CONNINFO, not both."));
      return NULL;
    }
  if (profile_name == NULL && conninfo == NULL)
    {
      g_set_error_literal (error, SLUICE_ERROR, SLUICE_ERROR_INVALID_INPUT,
                           _("Name the database with -p PROFILE or -c CONNINFO."));
      return NULL;
    }

  database = g_new0 (SluiceCliDatabase, 1);
  if (profile_name != NULL)
    connected = connect_profile (database, profile_name, error);
  else
    connected = connect_conninfo (database, conninfo, error);

  return connected ? g_steal_pointer (&database) : NULL;
}

SluiceCliDatabase *
sluice_cli_connect (const char    *profile_name,
                    const char    *conninfo,
                    SluiceCliExit *exit_code)
{
  g_autoptr(GError) error = NULL;
  SluiceCliDatabase *database = sluice_cli_open_database (profile_name, conninfo, &error);

  /* Both input errors (exit 2) and failures to connect (exit 1). */
  *exit_code = database != NULL ? SLUICE_CLI_EXIT_SUCCESS : sluice_cli_fail (error);
  return database;
}

/* Dispatch */

static void
print_usage (FILE *stream)
{
  fprintf (stream, "%s\n\n", _("Usage: sluice-cli [--version] COMMAND [OPTIONS]"));
  fprintf (stream, "%s\n", _("Commands:"));
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    fprintf (stream, "  %-10s %s\n", commands[i].name, _(commands[i].summary));
  fprintf (stream, "\n%s\n", _("Wherever a command takes a database, give -p PROFILE or -c CONNINFO. "
                               "“sluice-cli COMMAND --help” shows a command's options."));
}

int
main (int   argc,
      char *argv[])
{
  const char *name;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  g_set_prgname ("sluice-cli");

  if (argc < 2)
    {
      sluice_cli_print_error (_("No command given; “sluice-cli --help” lists the commands."));
      return SLUICE_CLI_EXIT_USAGE;
    }

  name = argv[1];

  if (g_str_equal (name, "--version"))
    {
      printf ("sluice-cli %s\n", PACKAGE_VERSION);
      return SLUICE_CLI_EXIT_SUCCESS;
    }

  if (g_str_equal (name, "--help") || g_str_equal (name, "-h") || g_str_equal (name, "help"))
    {
      print_usage (stdout);
      return SLUICE_CLI_EXIT_SUCCESS;
    }

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      if (g_str_equal (name, commands[i].name))
        return commands[i].main (argc - 1, argv + 1);
    }

  if (name[0] == '-')
    sluice_cli_print_error (_("Unknown option “%s”; “sluice-cli --help” lists what there is."), name);
  else
    sluice_cli_print_error (_("Unknown command “%s”; “sluice-cli --help” lists the commands."), name);
  return SLUICE_CLI_EXIT_USAGE;
}
