/* sluice-cli-ping.c: sluice-cli ping -p PROFILE | -c CONNINFO [--json]
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "sluice-cli.h"

typedef struct
{
  char   *version;      /* "15.4", without the distributor's suffix */
  int     version_num;  /* 150004 */
  double  round_trip_ms;
  char   *host;
  char   *port;
  char   *database;
  char   *user;
} PingReport;

static void
ping_report_clear (PingReport *report)
{
  g_clear_pointer (&report->version, g_free);
  g_clear_pointer (&report->host, g_free);
  g_clear_pointer (&report->port, g_free);
  g_clear_pointer (&report->database, g_free);
  g_clear_pointer (&report->user, g_free);
}

static const char *
or_empty (const char *text)
{
  return text != NULL ? text : "";
}

static SluiceResult *
run_query (SluiceConnection  *connection,
           const char        *sql,
           GError           **error)
{
  g_autoptr(GAsyncResult) result = NULL;
  SluiceResult *rows;
  SluiceCliAsync async;

  sluice_cli_async_init (&async);
  sluice_connection_query_async (connection, sql, NULL, 0, NULL, sluice_cli_async_done, &async);
  result = sluice_cli_async_wait (&async);
  rows = sluice_connection_query_finish (connection, result, error);
  sluice_cli_async_clear (&async);

  return rows;
}

static gboolean
ping (SluiceConnection  *connection,
      PingReport        *report,
      GError           **error)
{
  g_autoptr(SluiceResult) one = NULL;
  g_autoptr(SluiceResult) port = NULL;
  const char *version = sluice_connection_get_server_version_string (connection);
  gint64 started_us;
  gint64 elapsed_us;

  /* The round trip of the smallest statement there is, on the open
   * connection: what the network and the server add to every query. */
  started_us = g_get_monotonic_time ();
  one = run_query (connection, "SELECT 1", error);
  elapsed_us = g_get_monotonic_time () - started_us;
  if (one == NULL)
    return FALSE;
  if (sluice_result_get_elapsed_us (one) > 0)
    elapsed_us = sluice_result_get_elapsed_us (one);

  /* The connection knows its host but not its port (a service or the
   * defaults may have chosen it); the server knows. */
  port = run_query (connection, "SELECT pg_catalog.current_setting('port')", error);
  if (port == NULL)
    return FALSE;

  report->version = g_strndup (version != NULL ? version : "",
                               version != NULL ? strcspn (version, " ") : 0);
  report->version_num = sluice_connection_get_server_version (connection);
  report->round_trip_ms = elapsed_us / 1000.0;
  report->host = g_strdup (or_empty (sluice_connection_get_host (connection)));
  report->port = g_strdup (or_empty (sluice_result_get_value (port, 0, 0)));
  report->database = g_strdup (or_empty (sluice_connection_get_database (connection)));
  report->user = g_strdup (or_empty (sluice_connection_get_user (connection)));

  return TRUE;
}

static void
print_report_json (const PingReport *report)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "server_version");
  json_builder_add_string_value (builder, report->version);
  json_builder_set_member_name (builder, "server_version_num");
  json_builder_add_int_value (builder, report->version_num);
  json_builder_set_member_name (builder, "round_trip_ms");
  json_builder_add_double_value (builder, report->round_trip_ms);
  json_builder_set_member_name (builder, "database");
  json_builder_add_string_value (builder, report->database);
  json_builder_set_member_name (builder, "user");
  json_builder_add_string_value (builder, report->user);
  json_builder_set_member_name (builder, "host");
  json_builder_add_string_value (builder, report->host);
  json_builder_set_member_name (builder, "port");
  json_builder_add_int_value (builder, g_ascii_strtoll (report->port, NULL, 10));
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  sluice_cli_print_json (root);
}

int
sluice_cli_ping_main (int    argc,
                      char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(SluiceCliDatabase) database = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *profile_name = NULL;
  g_autofree char *conninfo = NULL;
  SluiceCliExit exit_code;
  PingReport report = { 0 };
  gboolean json = FALSE;
  const GOptionEntry entries[] = {
    { "profile", 'p', 0, G_OPTION_ARG_STRING, &profile_name,
      N_("The profile to connect with"), N_("PROFILE") },
    { "connection", 'c', 0, G_OPTION_ARG_STRING, &conninfo,
      N_("A libpq connection string or postgres:// URI"), N_("CONNINFO") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print one JSON document"), NULL },
    { NULL }
  };

  context = sluice_cli_option_context_new ("ping", NULL,
                                           _("Connects, then prints the server's version and the "
                                             "round-trip time of a SELECT 1."),
                                           entries);
  if (!sluice_cli_parse_options (context, &argc, &argv))
    return SLUICE_CLI_EXIT_USAGE;

  if (argc > 1)
    {
      sluice_cli_print_error (_("ping takes no arguments, but “%s” was given; name the database "
                                "with -p PROFILE or -c CONNINFO."),
                              argv[1]);
      return SLUICE_CLI_EXIT_USAGE;
    }

  database = sluice_cli_connect (profile_name, conninfo, &exit_code);
  if (database == NULL)
    return exit_code;

  if (!ping (database->connection, &report, &error))
    return sluice_cli_fail (error);

  if (json)
    print_report_json (&report);
  else
    /* e.g. "PostgreSQL 15.4 at /run/postgresql:5432 db app, round trip 0.12 ms" */
    printf (_("PostgreSQL %s at %s:%s db %s, round trip %.2f ms\n"),
            report.version, report.host, report.port, report.database, report.round_trip_ms);

  ping_report_clear (&report);
  return SLUICE_CLI_EXIT_SUCCESS;
}
