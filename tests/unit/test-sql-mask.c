/* test-sql-mask.c: passwords taken out of SQL text before it is shown
 *
 * Hostile inputs: every quoting PostgreSQL knows, comments between the
 * keyword and its literal, several statements, text the scanner cannot
 * finish (pg_stat_activity cuts long queries), and words that look like
 * a password without being one.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>
#include <string.h>

#include "sluice.h"

typedef struct
{
  const char *name;
  const char *sql;
  const char *expected;   /* exactly; NULL: only the secrets must be gone */
  const char *secrets[3]; /* substrings that must not be left */
} MaskCase;

static const MaskCase cases[] = {
  { "plain", "CREATE ROLE app LOGIN PASSWORD 'hunter2'",
    "CREATE ROLE app LOGIN PASSWORD '********'", { "hunter2" } },
  { "lower-case", "alter role app password 'hunter2' valid until 'infinity'",
    "alter role app password '********' valid until 'infinity'", { "hunter2" } },
  { "encrypted", "ALTER ROLE app WITH ENCRYPTED PASSWORD 'it''s s3cret' CONNECTION LIMIT 3",
    "ALTER ROLE app WITH ENCRYPTED PASSWORD '********' CONNECTION LIMIT 3", { "s3cret" } },
  /* An escaped quote: a pattern that stops at the first quote leaks the rest. */
  { "e-string", "ALTER ROLE app PASSWORD E'se\\'cr\\\\et''x' VALID UNTIL '2030-01-01'",
    "ALTER ROLE app PASSWORD '********' VALID UNTIL '2030-01-01'", { "cr", "et" } },
  { "unicode-string", "ALTER ROLE app PASSWORD U&'d\\0061t\\+000061zz'",
    "ALTER ROLE app PASSWORD '********'", { "zz", "0061" } },
  /* The scanner gives a U&'' string an empty range: it ends at the next token. */
  { "unicode-uescape", "ALTER ROLE app PASSWORD u&'d!0061t''zz'  UESCAPE '!' LOGIN",
    "ALTER ROLE app PASSWORD '********'  UESCAPE '!' LOGIN", { "zz", "0061" } },
  { "unicode-comment", "ALTER ROLE app PASSWORD U&'zz1' /* 'not it' */;ALTER ROLE b PASSWORD U&'zz2'\n",
    "ALTER ROLE app PASSWORD '********' /* 'not it' */;ALTER ROLE b PASSWORD '********'\n", { "zz" } },
  { "national", "ALTER ROLE app PASSWORD N'zz3'", "ALTER ROLE app PASSWORD N'********'", { "zz" } },
  { "dollar", "CREATE USER u PASSWORD $$pa'ss word$$ LOGIN",
    "CREATE USER u PASSWORD '********' LOGIN", { "pa'ss" } },
  { "dollar-tag", "CREATE USER u PASSWORD $pw$a$$b'c$pw$ LOGIN",
    "CREATE USER u PASSWORD '********' LOGIN", { "a$$b" } },
  { "continued", "ALTER ROLE app PASSWORD 'first'\n  'second'",
    "ALTER ROLE app PASSWORD '********'", { "first", "second" } },
  { "comments-between", "ALTER ROLE app PASSWORD /* rotated /* nested */ today */ 'k1' LOGIN;\n"
                        "ALTER ROLE bob PASSWORD -- from the vault\n 'k2'",
    "ALTER ROLE app PASSWORD /* rotated /* nested */ today */ '********' LOGIN;\n"
    "ALTER ROLE bob PASSWORD -- from the vault\n '********'", { "k1", "k2" } },
  { "password-null", "ALTER ROLE app PASSWORD NULL", "ALTER ROLE app PASSWORD NULL", { NULL } },
  { "several", "CREATE ROLE a PASSWORD 'one1'; SELECT 'password' AS word, $$password$$;\n"
               "ALTER ROLE b PASSWORD 'two2'; CREATE ROLE c PASSWORD NULL",
    "CREATE ROLE a PASSWORD '********'; SELECT 'password' AS word, $$password$$;\n"
    "ALTER ROLE b PASSWORD '********'; CREATE ROLE c PASSWORD NULL", { "one1", "two2" } },
  { "fdw-options", "CREATE USER MAPPING FOR app SERVER remote OPTIONS (user 'app', password 'pw1', \"password\" 'pw2')",
    "CREATE USER MAPPING FOR app SERVER remote OPTIONS (user 'app', password '********', \"password\" '********')",
    { "pw1", "pw2" } },
  /* Words that only look like one. */
  { "no-password", "CREATE TABLE t (id int)", "CREATE TABLE t (id int)", { NULL } },
  { "identifier", "CREATE TABLE \"password\" (password_hash text DEFAULT 'keep me')",
    "CREATE TABLE \"password\" (password_hash text DEFAULT 'keep me')", { NULL } },
  { "column-named-password", "UPDATE users SET password = 'x' WHERE id = 1",
    "UPDATE users SET password = 'x' WHERE id = 1", { NULL } },
  { "in-a-literal", "INSERT INTO notes VALUES ('my password ''abc''')",
    "INSERT INTO notes VALUES ('my password ''abc''')", { NULL } },
  /* Cut short by track_activity_query_size: the scanner cannot finish. */
  { "unterminated", "ALTER ROLE app PASSWORD 'half-of-the-sec",
    "ALTER ROLE app PASSWORD '********'", { "half" } },
  { "unterminated-dollar", "ALTER ROLE app PASSWORD $x$half-of-the-sec",
    "ALTER ROLE app PASSWORD '********'", { "half" } },
  { "unterminated-comment", "ALTER ROLE app PASSWORD 'visible' /* cut",
    "ALTER ROLE app PASSWORD '********'", { "visible" } },
  /* An escape the scanner refuses further on: everything after the word goes. */
  { "bad-escape-later", "ALTER ROLE app PASSWORD 'pw3'; SELECT E'\\xff\\x00'",
    NULL, { "pw3" } },
};

static void
test_mask_case (gconstpointer data)
{
  const MaskCase *mask_case = data;
  g_autofree char *masked = sluice_sql_mask_passwords (mask_case->sql);

  g_test_message ("%s -> %s", mask_case->sql, masked);
  g_assert_nonnull (masked);
  if (mask_case->expected != NULL)
    g_assert_cmpstr (masked, ==, mask_case->expected);
  for (guint i = 0; i < G_N_ELEMENTS (mask_case->secrets) && mask_case->secrets[i] != NULL; i++)
    g_assert_null (strstr (masked, mask_case->secrets[i]));
}

static void
test_mask_null (void)
{
  g_assert_null (sluice_sql_mask_passwords (NULL));
}

/* The run event's statement, as the CLI prints it and the Migrate page
 * shows it, carries no password. */
static void
test_mask_run_event (void)
{
  g_autoptr(SluiceRunEvent) event = sluice_run_event_new (SLUICE_RUN_EVENT_STATEMENT_STARTED, "0003", "Statement 1 of 1");
  g_autofree char *line = NULL;

  sluice_run_event_set_statement (event, 1, 1, "CREATE ROLE reporting LOGIN PASSWORD E'c0rrect\\'horse'");
  line = sluice_run_event_to_line (event);
  g_assert_null (strstr (sluice_run_event_get_sql (event), "horse"));
  g_assert_nonnull (strstr (sluice_run_event_get_sql (event), SLUICE_SQL_MASKED_LITERAL));
  g_assert_null (strstr (line, "c0rrect"));
  g_assert_nonnull (strstr (line, "CREATE ROLE reporting LOGIN PASSWORD '********'"));
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sql-mask/null", test_mask_null);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/sql-mask/%s", cases[i].name);

      g_test_add_data_func (path, &cases[i], test_mask_case);
    }
  g_test_add_func ("/sql-mask/run-event", test_mask_run_event);

  return g_test_run ();
}
