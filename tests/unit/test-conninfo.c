/* test-conninfo.c: conninfo values as libpq reads them back
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <libpq-fe.h>
#include <string.h>

#include "sluice-conninfo.h"

/* What libpq reads as @keyword's value in @conninfo. */
static char *
parsed_value (const char *conninfo,
              const char *keyword)
{
  g_autofree char *message = NULL;
  char *errmsg = NULL;
  PQconninfoOption *options = PQconninfoParse (conninfo, &errmsg);
  char *value = NULL;

  if (options == NULL)
    {
      message = g_strdup (errmsg);
      PQfreemem (errmsg);
      g_error ("libpq could not read %s: %s", conninfo, message);
    }

  for (PQconninfoOption *option = options; option->keyword != NULL; option++)
    {
      if (strcmp (option->keyword, keyword) == 0)
        value = g_strdup (option->val);
    }
  PQconninfoFree (options);
  return value;
}

static void
test_append_value (void)
{
  static const struct {
    const char *value;
    const char *written;
  } cases[] = {
    { "/run/sluice/sandbox", "/run/sluice/sandbox" },
    { "shop", "shop" },
    { "odd name", "'odd name'" },
    { "k=v", "'k=v'" },
    { "it's", "'it\\'s'" },
    { "back\\slash", "'back\\\\slash'" },
    { "tab\there", "'tab\there'" },
    { "", "''" },
    { "postgres://not-a-uri", "postgres://not-a-uri" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GString) conninfo = g_string_new ("dbname=");
      g_autofree char *read_back = NULL;

      sluice_conninfo_append_value (conninfo, cases[i].value);
      g_assert_cmpstr (conninfo->str + strlen ("dbname="), ==, cases[i].written);

      /* Followed by another keyword, so that the value's end is tested too. */
      g_string_append (conninfo, " port=5432");
      read_back = parsed_value (conninfo->str, "dbname");
      g_assert_cmpstr (read_back, ==, cases[i].value);
    }
}

/* Describing: the few words the sidebar and the header say about where a
 * profile points (moved here from the app), and that a password never
 * shows. */
static void
check_description (const char *connection,
                   const char *expected)
{
  g_autofree char *description = sluice_conninfo_describe (connection);

  g_test_message ("%s", connection != NULL ? connection : "(null)");
  g_assert_cmpstr (description, ==, expected);
  g_assert_null (strstr (description, "secret"));
}

static void
test_describe_conninfo (void)
{
  check_description ("host=db.example.com dbname=billing", "billing on db.example.com");
  check_description ("host=db.example.com port=6432 dbname=billing user=app password=secret",
                     "billing on db.example.com:6432");
  check_description ("dbname = 'my db' host='/var/run/postgresql'", "my db on local socket");
  check_description ("host=/tmp/sandbox/run port=54321 dbname=sluice_demo",
                     "sluice_demo on local socket, port 54321");
  check_description ("dbname='it\\'s' password='se cret'", "it's on local socket");
  check_description ("host=replica.internal", "replica.internal");
  check_description ("service=billing", "service “billing”");
  check_description ("service=billing dbname=other", "other on local socket");

  /* Host lists, with one port for all or one each, and hostaddr. */
  check_description ("host=db1,db2 port=5432,6432 dbname=billing", "billing on db1, db2:6432");
  check_description ("host=db1,db2 port=6432 dbname=billing", "billing on db1:6432, db2:6432");
  check_description ("hostaddr=10.0.0.5 port=6432 dbname=billing", "billing on 10.0.0.5:6432");
  check_description ("host=db.example.com hostaddr=10.0.0.5 dbname=billing", "billing on db.example.com");

  /* Text libpq cannot read says so, and nothing of what it holds. */
  check_description ("host=db password=secret nonsense", "Not a connection libpq can read");
}

static void
test_describe_uri (void)
{
  check_description ("postgres://app:secret@db.example.com/billing", "billing on db.example.com");
  check_description ("postgresql://db.example.com:6432/billing?sslmode=require", "billing on db.example.com:6432");
  check_description ("postgresql://[2001:db8::1]/billing", "billing on 2001:db8::1");
  check_description ("postgresql://[2001:db8::1]:6432/billing", "billing on [2001:db8::1]:6432");
  check_description ("postgresql:///sluice_demo?host=%2Ftmp%2Fsandbox&port=54321",
                     "sluice_demo on local socket, port 54321");
  check_description ("postgresql://app:secret@", "local socket");
  check_description ("postgresql://db1:5432,db2:6432/billing?password=secret", "billing on db1, db2:6432");
  /* A parameter wins over the path, as in libpq. */
  check_description ("postgresql://db.example.com/billing?dbname=other&host=replica", "other on replica");
}

static void
test_describe_service (void)
{
  check_description ("billing-prod", "service “billing-prod”");
  check_description ("", "No connection set");
  check_description (NULL, "No connection set");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/conninfo/append-value", test_append_value);
  g_test_add_func ("/conninfo/describe/conninfo", test_describe_conninfo);
  g_test_add_func ("/conninfo/describe/uri", test_describe_uri);
  g_test_add_func ("/conninfo/describe/service", test_describe_service);

  return g_test_run ();
}
