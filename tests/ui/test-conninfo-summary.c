/* test-conninfo-summary.c: the few words the sidebar says about where a
 * profile points, and that a password never shows
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>
#include <string.h>

#include "sluice-conninfo-summary.h"

static void
check (const char *connection,
       const char *expected)
{
  g_autofree char *summary = sluice_conninfo_summarize (connection);

  g_assert_cmpstr (summary, ==, expected);
  g_assert_null (strstr (summary, "secret"));
}

static void
test_conninfo (void)
{
  check ("host=db.example.com dbname=billing", "billing on db.example.com");
  check ("host=db.example.com port=6432 dbname=billing user=app password=secret",
         "billing on db.example.com:6432");
  check ("dbname = 'my db' host='/var/run/postgresql'", "my db on local socket");
  check ("host=/tmp/sandbox/run port=54321 dbname=sluice_demo",
         "sluice_demo on local socket, port 54321");
  check ("dbname='it\\'s' password='se cret'", "it's on local socket");
  check ("host=replica.internal", "replica.internal");
  check ("service=billing", "service “billing”");
}

static void
test_uri (void)
{
  check ("postgres://app:secret@db.example.com/billing", "billing on db.example.com");
  check ("postgresql://db.example.com:6432/billing?sslmode=require", "billing on db.example.com:6432");
  check ("postgresql://[2001:db8::1]/billing", "billing on 2001:db8::1");
  check ("postgresql:///sluice_demo?host=%2Ftmp%2Fsandbox&port=54321",
         "sluice_demo on local socket, port 54321");
  check ("postgresql://app:secret@", "local socket");
}

static void
test_service (void)
{
  check ("billing-prod", "service “billing-prod”");
  check ("", "No connection set");
  check (NULL, "No connection set");
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/conninfo-summary/conninfo", test_conninfo);
  g_test_add_func ("/conninfo-summary/uri", test_uri);
  g_test_add_func ("/conninfo-summary/service", test_service);

  return g_test_run ();
}
