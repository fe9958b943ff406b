/* sluice-conninfo.c: writing (and reading) libpq connection strings
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <libpq-fe.h>
#include <string.h>

#include "sluice-conninfo.h"
#include "sluice-types.h"

static gboolean
value_needs_quotes (const char *value)
{
  if (*value == '\0')
    return TRUE;

  for (const char *p = value; *p != '\0'; p++)
    {
      if (g_ascii_isspace (*p) || *p == '\'' || *p == '\\' || *p == '=')
        return TRUE;
    }

  return FALSE;
}

void
sluice_conninfo_append_value (GString    *conninfo,
                              const char *value)
{
  g_return_if_fail (conninfo != NULL);
  g_return_if_fail (value != NULL);

  if (!value_needs_quotes (value))
    {
      g_string_append (conninfo, value);
      return;
    }

  g_string_append_c (conninfo, '\'');
  for (const char *p = value; *p != '\0'; p++)
    {
      if (*p == '\'' || *p == '\\')
        g_string_append_c (conninfo, '\\');
      g_string_append_c (conninfo, *p);
    }
  g_string_append_c (conninfo, '\'');
}

/* Describing */

/* One server of the list: "db.example.com", "db.example.com:6432",
 * "[2001:db8::1]:6432", or, for a Unix socket directory (whose path says
 * little), "local socket". */
static char *
describe_server (const char *host,
                 const char *port)
{
  gboolean default_port = port == NULL || port[0] == '\0' || strcmp (port, "5432") == 0;

  if (host == NULL || host[0] == '\0' || host[0] == '/' || host[0] == '@')
    return default_port ? g_strdup (_("local socket"))
                        : g_strdup_printf (_("local socket, port %s"), port);

  if (default_port)
    return g_strdup (host);
  if (strchr (host, ':') != NULL)
    return g_strdup_printf ("[%s]:%s", host, port);
  return g_strdup_printf ("%s:%s", host, port);
}

static const char *
nth_or_null (char * const *list,
             guint         n)
{
  return list != NULL && n < g_strv_length ((char **) list) ? list[n] : NULL;
}

/* libpq's comma-separated lists: the i-th host goes with the i-th
 * hostaddr and port, and a single port serves every host. */
static char *
describe_servers (const char *host,
                  const char *hostaddr,
                  const char *port)
{
  g_auto(GStrv) hosts = host != NULL && host[0] != '\0' ? g_strsplit (host, ",", -1) : NULL;
  g_auto(GStrv) hostaddrs = hostaddr != NULL && hostaddr[0] != '\0' ? g_strsplit (hostaddr, ",", -1) : NULL;
  g_auto(GStrv) ports = port != NULL && port[0] != '\0' ? g_strsplit (port, ",", -1) : NULL;
  guint n = MAX (1, MAX (hosts != NULL ? g_strv_length (hosts) : 0,
                         hostaddrs != NULL ? g_strv_length (hostaddrs) : 0));
  g_autoptr(GString) servers = g_string_new (NULL);

  for (guint i = 0; i < n; i++)
    {
      const char *name = nth_or_null (hosts, i);
      const char *this_port = ports != NULL && g_strv_length (ports) == 1 ? ports[0] : nth_or_null (ports, i);
      g_autofree char *server = NULL;

      /* A hostaddr is where a host name would be looked up. */
      if (name == NULL || name[0] == '\0')
        name = nth_or_null (hostaddrs, i);
      server = describe_server (name, this_port);

      if (servers->len > 0)
        /* Translators: between two servers of a list, "db1, db2:6432". */
        g_string_append (servers, _(", "));
      g_string_append (servers, server);
    }

  return g_string_free (g_steal_pointer (&servers), FALSE);
}

char *
sluice_conninfo_describe (const char *connection)
{
  PQconninfoOption *options;
  const char *service = NULL, *dbname = NULL, *host = NULL, *hostaddr = NULL, *port = NULL;
  g_autofree char *servers = NULL;
  char *description;

  if (connection == NULL || connection[0] == '\0')
    return g_strdup (_("No connection set"));

  if (sluice_connection_kind_for_text (connection) == SLUICE_CONNECTION_KIND_SERVICE)
    return g_strdup_printf (_("service “%s”"), connection);

  options = PQconninfoParse (connection, NULL);
  if (options == NULL)
    return g_strdup (_("Not a connection libpq can read"));

  /* The password is never read here, so it cannot show. */
  for (PQconninfoOption *option = options; option->keyword != NULL; option++)
    {
      if (option->val == NULL)
        continue;

      if (strcmp (option->keyword, "service") == 0)
        service = option->val;
      else if (strcmp (option->keyword, "dbname") == 0)
        dbname = option->val;
      else if (strcmp (option->keyword, "host") == 0)
        host = option->val;
      else if (strcmp (option->keyword, "hostaddr") == 0)
        hostaddr = option->val;
      else if (strcmp (option->keyword, "port") == 0)
        port = option->val;
    }

  if (service != NULL && dbname == NULL && host == NULL && hostaddr == NULL)
    description = g_strdup_printf (_("service “%s”"), service);
  else
    {
      servers = describe_servers (host, hostaddr, port);
      if (dbname != NULL && dbname[0] != '\0')
        /* Translators: a database name, then where its server is. */
        description = g_strdup_printf (_("%s on %s"), dbname, servers);
      else
        description = g_steal_pointer (&servers);
    }

  PQconninfoFree (options);

  return description;
}
