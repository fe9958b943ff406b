/* sluice-conninfo-summary.c: where a profile points, in a few words
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "sluice.h"
#include "sluice-conninfo-summary.h"

/* keyword = value pairs; values may be single-quoted with backslash
 * escapes (libpq's "Keyword/Value Connection Strings"). */
static GHashTable *
parse_keyword_values (const char *text)
{
  GHashTable *params = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  const char *p = text;

  while (*p != '\0')
    {
      g_autoptr(GString) value = g_string_new (NULL);
      const char *key_start;
      char *key;

      while (g_ascii_isspace (*p))
        p++;
      if (*p == '\0')
        break;

      key_start = p;
      while (*p != '\0' && *p != '=' && !g_ascii_isspace (*p))
        p++;
      key = g_strndup (key_start, p - key_start);
      while (g_ascii_isspace (*p))
        p++;
      if (*p != '=')
        {
          g_free (key);
          break;
        }
      p++;
      while (g_ascii_isspace (*p))
        p++;

      if (*p == '\'')
        {
          for (p++; *p != '\0' && *p != '\''; p++)
            {
              if (*p == '\\' && p[1] != '\0')
                p++;
              g_string_append_c (value, *p);
            }
          if (*p == '\'')
            p++;
        }
      else
        {
          for (; *p != '\0' && !g_ascii_isspace (*p); p++)
            {
              if (*p == '\\' && p[1] != '\0')
                p++;
              g_string_append_c (value, *p);
            }
        }

      g_hash_table_replace (params, key, g_string_free (g_steal_pointer (&value), FALSE));
    }

  return params;
}

static void
insert_unescaped (GHashTable *params,
                  const char *key,
                  const char *start,
                  gsize       length)
{
  g_autofree char *raw = g_strndup (start, length);
  char *value = g_uri_unescape_string (raw, NULL);

  if (value != NULL && *value != '\0')
    g_hash_table_replace (params, g_strdup (key), value);
  else
    g_free (value);
}

/* postgres://[user[:password]@][host][:port][,...][/dbname][?key=value&...] */
static GHashTable *
parse_uri (const char *text)
{
  GHashTable *params = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  const char *rest = strstr (text, "://");
  const char *authority_end, *at, *query;

  if (rest == NULL)
    return params;
  rest += 3;

  authority_end = rest + strcspn (rest, "/?");
  for (at = authority_end; at > rest && at[-1] != '@'; at--)
    ;
  if (at > rest)
    rest = at;       /* the userinfo, password included, is skipped */

  if (*rest == '[')
    {
      const char *close = memchr (rest, ']', authority_end - rest);
      if (close != NULL)
        insert_unescaped (params, "host", rest + 1, close - rest - 1);
    }
  else
    {
      gsize host_length = MIN (strcspn (rest, ":,"), (gsize) (authority_end - rest));

      insert_unescaped (params, "host", rest, host_length);
      if (rest[host_length] == ':')
        insert_unescaped (params, "port", rest + host_length + 1,
                          MIN (strcspn (rest + host_length + 1, ","),
                               (gsize) (authority_end - rest - host_length - 1)));
    }

  if (*authority_end == '/')
    insert_unescaped (params, "dbname", authority_end + 1, strcspn (authority_end + 1, "?"));

  query = strchr (authority_end, '?');
  if (query != NULL)
    {
      g_auto(GStrv) pairs = g_strsplit (query + 1, "&", -1);

      for (guint i = 0; pairs[i] != NULL; i++)
        {
          const char *eq = strchr (pairs[i], '=');
          g_autofree char *key = NULL;

          if (eq == NULL)
            continue;
          key = g_strndup (pairs[i], eq - pairs[i]);
          if (g_str_equal (key, "host") || g_str_equal (key, "port") ||
              g_str_equal (key, "dbname") || g_str_equal (key, "service"))
            insert_unescaped (params, key, eq + 1, strlen (eq + 1));
        }
    }

  return params;
}

/* Where the server is: "db.example.com", "db.example.com:6432", or, for a
 * Unix socket directory (whose path says little), "local socket". */
static char *
describe_place (const char *host,
                const char *port)
{
  gboolean default_port = port == NULL || *port == '\0' || g_str_equal (port, "5432");

  if (host == NULL || *host == '\0' || host[0] == '/' || host[0] == '@')
    return default_port ? g_strdup (_("local socket"))
                        : g_strdup_printf (_("local socket, port %s"), port);

  return default_port ? g_strdup (host) : g_strdup_printf ("%s:%s", host, port);
}

static char *
summarize_params (GHashTable *params)
{
  const char *service = g_hash_table_lookup (params, "service");
  const char *dbname = g_hash_table_lookup (params, "dbname");
  const char *host = g_hash_table_lookup (params, "host");
  const char *port = g_hash_table_lookup (params, "port");
  g_autofree char *place = NULL;

  if (host == NULL)
    host = g_hash_table_lookup (params, "hostaddr");

  if (service != NULL && dbname == NULL && host == NULL)
    return g_strdup_printf (_("service “%s”"), service);

  place = describe_place (host, port);
  if (dbname != NULL && *dbname != '\0')
    /* Translators: a database name, then where its server is. */
    return g_strdup_printf (_("%s on %s"), dbname, place);

  return g_steal_pointer (&place);
}

char *
sluice_conninfo_summarize (const char *connection)
{
  g_autoptr(GHashTable) params = NULL;

  if (connection == NULL || *connection == '\0')
    return g_strdup (_("No connection set"));

  switch (sluice_connection_kind_for_text (connection))
    {
    case SLUICE_CONNECTION_KIND_SERVICE:
      return g_strdup_printf (_("service “%s”"), connection);
    case SLUICE_CONNECTION_KIND_URI:
      params = parse_uri (connection);
      break;
    case SLUICE_CONNECTION_KIND_CONNINFO:
    default:
      params = parse_keyword_values (connection);
      break;
    }

  return summarize_params (params);
}
