/* test-error.c: the error domains, SQLSTATE packing and server error fields
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gio/gio.h>

#include "sluice-error.h"
#include "sluice-pg-tool.h"

/* What PostgreSQL's MAKE_SQLSTATE computes, written out independently. */
static int
reference_code (const char *s)
{
  return ((s[0] - '0') & 0x3F) +
         (((s[1] - '0') & 0x3F) << 6) +
         (((s[2] - '0') & 0x3F) << 12) +
         (((s[3] - '0') & 0x3F) << 18) +
         (((s[4] - '0') & 0x3F) << 24);
}

static void
test_sqlstate_to_code (void)
{
  static const char * const states[] = {
    "42P01", "23505", "57014", "40001", "22012", "XX000", "0A000", "P0001", "57P01",
  };

  for (guint i = 0; i < G_N_ELEMENTS (states); i++)
    {
      int code = sluice_sqlstate_to_code (states[i]);

      g_assert_cmpint (code, ==, reference_code (states[i]));
      g_assert_cmpint (code, !=, 0);
    }

  /* Known values of PostgreSQL's ERRCODE_ macros. */
  g_assert_cmpint (sluice_sqlstate_to_code ("00000"), ==, 0);
  g_assert_cmpint (sluice_sqlstate_to_code ("42601"), ==, 16801924);   /* ERRCODE_SYNTAX_ERROR */
  g_assert_cmpint (sluice_sqlstate_to_code ("XX000"), ==, 2600);       /* ERRCODE_INTERNAL_ERROR */

  /* Distinct states give distinct codes. */
  g_assert_cmpint (sluice_sqlstate_to_code ("42P01"), !=, sluice_sqlstate_to_code ("42P02"));
  g_assert_cmpint (sluice_sqlstate_to_code ("23505"), !=, sluice_sqlstate_to_code ("32505"));
}

static void
test_sqlstate_hostile (void)
{
  static const char * const bad[] = {
    "", "4", "42P0", "42P011", "42p01", "42 01", "42-01", "42P0\n", "\xc3\xa9" "42P",
    "ÄÖÜ42", "42P01 ", " 42P01", "%s%s%", "\x7f\x7f\x7f\x7f\x7f",
  };

  g_assert_cmpint (sluice_sqlstate_to_code (NULL), ==, SLUICE_SERVER_ERROR_UNKNOWN);
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    g_assert_cmpint (sluice_sqlstate_to_code (bad[i]), ==, SLUICE_SERVER_ERROR_UNKNOWN);
}

static void
test_round_trip (void)
{
  g_autoptr(GError) error = NULL;

  sluice_set_server_error (&error, "42P01", "relation \"nope\" does not exist",
                           "the detail", "the hint");
  g_assert_error (error, SLUICE_SERVER_ERROR, sluice_sqlstate_to_code ("42P01"));
  g_assert_cmpstr (error->message, ==, "relation \"nope\" does not exist");
  g_assert_cmpstr (sluice_server_error_get_sqlstate (error), ==, "42P01");
  g_assert_cmpstr (sluice_server_error_get_detail (error), ==, "the detail");
  g_assert_cmpstr (sluice_server_error_get_hint (error), ==, "the hint");
  g_assert_true (sluice_server_error_matches (error, "42P01"));
  g_assert_false (sluice_server_error_matches (error, "42P02"));
  g_assert_false (sluice_server_error_matches (error, NULL));
}

/* The fields travel with the error through copies and GTask. */
static void
test_copy_and_propagate (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) copy = NULL;
  g_autoptr(GError) propagated = NULL;
  g_autoptr(GTask) task = NULL;

  sluice_set_server_error (&error, "23505", "duplicate key", "Key (id)=(1) already exists.", NULL);
  copy = g_error_copy (error);
  g_clear_error (&error);

  g_assert_cmpstr (sluice_server_error_get_sqlstate (copy), ==, "23505");
  g_assert_cmpstr (sluice_server_error_get_detail (copy), ==, "Key (id)=(1) already exists.");
  g_assert_null (sluice_server_error_get_hint (copy));

  task = g_task_new (NULL, NULL, NULL, NULL);
  g_task_return_error (task, g_steal_pointer (&copy));
  g_assert_false (g_task_propagate_boolean (task, &propagated));
  g_assert_true (sluice_server_error_matches (propagated, "23505"));
  g_assert_cmpstr (sluice_server_error_get_detail (propagated), ==, "Key (id)=(1) already exists.");
}

static void
test_hostile_fields (void)
{
  g_autoptr(GError) no_state = NULL;
  g_autoptr(GError) short_state = NULL;
  g_autoptr(GError) odd_state = NULL;
  g_autoptr(GError) empty = NULL;

  /* libpq's own errors have no SQLSTATE at all. */
  sluice_set_server_error (&no_state, NULL, "lost synchronization with server", NULL, NULL);
  g_assert_error (no_state, SLUICE_SERVER_ERROR, SLUICE_SERVER_ERROR_UNKNOWN);
  g_assert_null (sluice_server_error_get_sqlstate (no_state));
  g_assert_false (sluice_server_error_matches (no_state, "00000"));

  sluice_set_server_error (&short_state, "42", "short", "", "");
  g_assert_error (short_state, SLUICE_SERVER_ERROR, SLUICE_SERVER_ERROR_UNKNOWN);
  g_assert_null (sluice_server_error_get_sqlstate (short_state));
  g_assert_false (sluice_server_error_matches (short_state, "42"));
  /* Empty detail and hint read back as absent. */
  g_assert_null (sluice_server_error_get_detail (short_state));
  g_assert_null (sluice_server_error_get_hint (short_state));

  sluice_set_server_error (&odd_state, "4;'P0", "odd", "d\"e'tail %s %n", "h\xc3\xafnt");
  g_assert_error (odd_state, SLUICE_SERVER_ERROR, SLUICE_SERVER_ERROR_UNKNOWN);
  g_assert_null (sluice_server_error_get_sqlstate (odd_state));
  g_assert_cmpstr (sluice_server_error_get_detail (odd_state), ==, "d\"e'tail %s %n");
  g_assert_cmpstr (sluice_server_error_get_hint (odd_state), ==, "h\xc3\xafnt");

  /* A message is always there for a person to read. */
  sluice_set_server_error (&empty, "XX000", NULL, NULL, NULL);
  g_assert_nonnull (empty->message);
  g_assert_cmpstr (empty->message, !=, "");
  g_assert_cmpstr (sluice_server_error_get_sqlstate (empty), ==, "XX000");
}

static void
test_null_destination (void)
{
  /* Must not crash nor leak (checked under valgrind/ASan). */
  sluice_set_server_error (NULL, "42P01", "ignored", "detail", "hint");
}

static void
test_not_a_server_error (void)
{
  g_autoptr(GError) io = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED, "cancelled");
  g_autoptr(GError) own = g_error_new_literal (SLUICE_ERROR, SLUICE_ERROR_CONNECTION, "lost");

  g_assert_null (sluice_server_error_get_sqlstate (NULL));
  g_assert_null (sluice_server_error_get_detail (NULL));
  g_assert_null (sluice_server_error_get_hint (NULL));
  g_assert_false (sluice_server_error_matches (NULL, "42P01"));

  g_assert_null (sluice_server_error_get_sqlstate (io));
  g_assert_null (sluice_server_error_get_detail (own));
  g_assert_null (sluice_server_error_get_hint (own));
  g_assert_false (sluice_server_error_matches (own, "42P01"));

  g_assert_cmpuint (SLUICE_ERROR, !=, SLUICE_SERVER_ERROR);
  g_assert_cmpstr (g_quark_to_string (SLUICE_ERROR), ==, "sluice-error-quark");
}

static void
test_set_twice_warns (void)
{
  if (g_test_subprocess ())
    {
      g_autoptr(GError) error = NULL;

      sluice_set_server_error (&error, "42P01", "first", NULL, NULL);
      sluice_set_server_error (&error, "42P02", "second", NULL, NULL);
      g_assert_cmpstr (error->message, ==, "first");
      return;
    }

  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_failed ();
  g_test_trap_assert_stderr ("*set over the top of a previous GError*");
}

/* Messages of libpq, programs and logs, made one line. */
static void
test_tidy_message (void)
{
  static const struct {
    const char *text;
    const char *tidy;
  } cases[] = {
    { "connection to server on socket \"/tmp/.s.PGSQL.5432\" failed: No such file or directory\n"
      "\tIs the server running locally and accepting connections on that socket?\n",
      "connection to server on socket \"/tmp/.s.PGSQL.5432\" failed: No such file or directory "
      "Is the server running locally and accepting connections on that socket?" },
    { "  one  \r\n\r\n\n  two.\n", "one two." },
    { "key:\tvalue", "key: value" },
    { "\n\n \t\n", "" },
    { "", "" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *tidy = sluice_error_tidy_message (cases[i].text);

      g_assert_cmpstr (tidy, ==, cases[i].tidy);
    }

  {
    g_autofree char *none = sluice_error_tidy_message (NULL);

    g_assert_cmpstr (none, ==, "");
  }
}

/* The last lines of a program's output, on one line. */
static void
test_summarize_output (void)
{
  const char *output = "initdb: starting\n\n  first problem  \n\tsecond problem\n\nthird problem\n\n";
  g_autofree char *last_two = sluice_pg_tool_summarize_output (output, 2);
  g_autofree char *all = sluice_pg_tool_summarize_output (output, 10);
  g_autofree char *none = sluice_pg_tool_summarize_output (output, 0);
  g_autofree char *null = sluice_pg_tool_summarize_output (NULL, 3);

  g_assert_cmpstr (last_two, ==, "second problem third problem");
  g_assert_cmpstr (all, ==, "initdb: starting first problem second problem third problem");
  g_assert_cmpstr (none, ==, "");
  g_assert_cmpstr (null, ==, "");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/error/sqlstate/to-code", test_sqlstate_to_code);
  g_test_add_func ("/error/sqlstate/hostile", test_sqlstate_hostile);
  g_test_add_func ("/error/server/round-trip", test_round_trip);
  g_test_add_func ("/error/server/copy-and-propagate", test_copy_and_propagate);
  g_test_add_func ("/error/server/hostile-fields", test_hostile_fields);
  g_test_add_func ("/error/server/null-destination", test_null_destination);
  g_test_add_func ("/error/server/not-a-server-error", test_not_a_server_error);
  g_test_add_func ("/error/server/set-twice-warns", test_set_twice_warns);
  g_test_add_func ("/error/tidy-message", test_tidy_message);
  g_test_add_func ("/error/summarize-output", test_summarize_output);

  return g_test_run ();
}
