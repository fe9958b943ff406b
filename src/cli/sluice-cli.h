/* sluice-cli.h: what the subcommands of sluice-cli share (private)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "sluice.h"

G_BEGIN_DECLS

/* The exit codes are part of the CLI contract (DESIGN.md). */
typedef enum
{
  SLUICE_CLI_EXIT_SUCCESS = 0,
  SLUICE_CLI_EXIT_FAILURE = 1,
  SLUICE_CLI_EXIT_USAGE   = 2,
} SluiceCliExit;

/* Each subcommand gets argv from its own name on ("ping", "-c", ...). */
int             sluice_cli_profiles_main      (int              argc,
                                               char           **argv);
int             sluice_cli_ping_main          (int              argc,
                                               char           **argv);
int             sluice_cli_sandbox_main       (int              argc,
                                               char           **argv);
int             sluice_cli_status_main        (int              argc,
                                               char           **argv);
int             sluice_cli_history_main       (int              argc,
                                               char           **argv);
int             sluice_cli_new_main           (int              argc,
                                               char           **argv);
int             sluice_cli_indexes_main       (int              argc,
                                               char           **argv);
int             sluice_cli_activity_main      (int              argc,
                                               char           **argv);
int             sluice_cli_plan_main          (int              argc,
                                               char           **argv);
int             sluice_cli_explain_main       (int              argc,
                                               char           **argv);
int             sluice_cli_lint_main          (int              argc,
                                               char           **argv);
int             sluice_cli_snapshot_main      (int              argc,
                                               char           **argv);
int             sluice_cli_diff_main          (int              argc,
                                               char           **argv);
int             sluice_cli_migrate_main       (int              argc,
                                               char           **argv);
int             sluice_cli_rollback_main      (int              argc,
                                               char           **argv);
int             sluice_cli_rehearse_main      (int              argc,
                                               char           **argv);

/* Prints "sluice-cli: MESSAGE" on stderr as one line, whatever newlines
 * MESSAGE holds (libpq's messages have several). */
void            sluice_cli_print_error        (const char      *format,
                                               ...) G_GNUC_PRINTF (1, 2);
/* Prints @error and returns the exit code it calls for: USAGE for input
 * that is malformed, FAILURE otherwise. */
SluiceCliExit   sluice_cli_fail               (const GError    *error);

/* A GOptionContext for "sluice-cli COMMAND", translated, with --help. */
GOptionContext *sluice_cli_option_context_new (const char      *command,
                                               const char      *parameters,
                                               const char      *summary,
                                               const GOptionEntry *entries);
/* Parses, printing a usage error on failure. */
gboolean        sluice_cli_parse_options      (GOptionContext  *context,
                                               int             *argc,
                                               char          ***argv);

/* How many terminal columns @text (UTF-8) takes: two for each wide
 * (East Asian) character, none for combining marks and other zero-width
 * ones, one for the rest.  Tables pad their cells by it, so that a
 * profile named "本番" or a translated header keeps the columns aligned. */
guint           sluice_cli_display_width      (const char      *text);

/* Prints @root as one JSON document on stdout. */
void            sluice_cli_print_json         (JsonNode        *root);

/* Running async calls of libsluice on a GMainLoop. */
typedef struct
{
  GMainLoop    *loop;
  GAsyncResult *result;
} SluiceCliAsync;

void            sluice_cli_async_init         (SluiceCliAsync  *async);
void            sluice_cli_async_clear        (SluiceCliAsync  *async);
/* The GAsyncReadyCallback to pass, with the SluiceCliAsync as user data. */
void            sluice_cli_async_done         (GObject         *object,
                                               GAsyncResult    *result,
                                               gpointer         user_data);
/* Runs the loop until the call completes; returns its result (full). */
GAsyncResult   *sluice_cli_async_wait         (SluiceCliAsync  *async);

/* The user's profiles, loaded. */
SluiceProfileStore *sluice_cli_load_profiles  (GError         **error);

/* The database that -p PROFILE or -c CONNINFO names, connected.  The session
 * (for -p) owns the connection, so both are kept together. */
typedef struct
{
  SluiceSession    *session;
  SluiceConnection *connection;
} SluiceCliDatabase;

void               sluice_cli_database_free   (SluiceCliDatabase *database);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SluiceCliDatabase, sluice_cli_database_free)

/* Connects to the one of @profile_name and @conninfo that is set.  Both
 * set, neither, an unknown profile or a conninfo libpq cannot parse are
 * SLUICE_ERROR_INVALID_INPUT (exit 2); a failure to connect is the
 * connection's own error. */
SluiceCliDatabase *sluice_cli_open_database   (const char      *profile_name,
                                               const char      *conninfo,
                                               GError         **error);
/* As sluice_cli_open_database(), but on failure prints the error and
 * returns NULL with *@exit_code set. */
SluiceCliDatabase *sluice_cli_connect         (const char      *profile_name,
                                               const char      *conninfo,
                                               SluiceCliExit   *exit_code);

G_END_DECLS
