/* test-sql.c: statements split by PostgreSQL's scanner, and those that need
 * autocommit
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gio/gio.h>
#include <pg_query.h>
#include <string.h>

#include "sluice-error.h"
#include "sluice-sql.h"

typedef struct
{
  const char *text;
  guint       line;
  guint       column;
} Expected;

static GPtrArray *
split_ok (const char *sql,
          guint       first_line)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *statements = sluice_sql_split (sql, first_line, &error);

  g_assert_no_error (error);
  g_assert_nonnull (statements);
  return statements;
}

static void
assert_statements (const char     *sql,
                   guint           first_line,
                   const Expected *expected,
                   guint           n_expected)
{
  g_autoptr(GPtrArray) statements = split_ok (sql, first_line);

  g_assert_cmpuint (statements->len, ==, n_expected);

  for (guint i = 0; i < n_expected; i++)
    {
      const SluiceStatement *statement = g_ptr_array_index (statements, i);

      g_assert_cmpstr (statement->text, ==, expected[i].text);
      g_assert_cmpuint (statement->line, ==, expected[i].line);
      g_assert_cmpuint (statement->column, ==, expected[i].column);
      /* The offset points at the statement's text in the script. */
      g_assert_cmpint (strncmp (sql + statement->offset, statement->text, strlen (statement->text)), ==, 0);
    }
}

static void
test_simple (void)
{
  static const Expected expected[] = {
    { "SELECT 1", 1, 1 },
    { "SELECT 2", 1, 11 },
    { "SELECT 3", 3, 3 },
  };

  assert_statements ("SELECT 1; SELECT 2;\n\n  SELECT 3\n", 1, expected, G_N_ELEMENTS (expected));
}

static void
test_first_line_offset (void)
{
  static const Expected expected[] = {
    { "CREATE TABLE t (id int)", 11, 1 },
    { "DROP TABLE t", 13, 5 },
  };

  assert_statements ("CREATE TABLE t (id int);\n\n    DROP TABLE t;\n", 11, expected, G_N_ELEMENTS (expected));
}

static void
test_dollar_quotes (void)
{
  static const Expected expected[] = {
    { "CREATE FUNCTION f() RETURNS int LANGUAGE plpgsql AS $$\n"
      "BEGIN\n"
      "  PERFORM 1; RETURN 2;\n"
      "END;\n"
      "$$", 1, 1 },
    { "CREATE FUNCTION g() RETURNS text LANGUAGE sql AS $body$ SELECT 'a;b' || $$;$$ $body$", 6, 1 },
    { "SELECT $tag$ $$ ; $notend$ ; $tag$", 7, 1 },
  };

  assert_statements ("CREATE FUNCTION f() RETURNS int LANGUAGE plpgsql AS $$\n"
                     "BEGIN\n"
                     "  PERFORM 1; RETURN 2;\n"
                     "END;\n"
                     "$$;\n"
                     "CREATE FUNCTION g() RETURNS text LANGUAGE sql AS $body$ SELECT 'a;b' || $$;$$ $body$;\n"
                     "SELECT $tag$ $$ ; $notend$ ; $tag$;\n",
                     1, expected, G_N_ELEMENTS (expected));
}

static void
test_escape_strings (void)
{
  static const Expected expected[] = {
    { "INSERT INTO t VALUES (E'it\\'s; fine', 'a'';b')", 1, 1 },
    { "SELECT E'\\\\'", 1, 49 },
    { "SELECT 'x'", 2, 1 },
  };

  /* E'\'' holds a quote; E'\\' ends after the backslash; 'a'';b' doubles it. */
  assert_statements ("INSERT INTO t VALUES (E'it\\'s; fine', 'a'';b'); SELECT E'\\\\';\n"
                     "SELECT 'x';",
                     1, expected, G_N_ELEMENTS (expected));
}

static void
test_nested_comments (void)
{
  static const Expected expected[] = {
    { "SELECT 1", 4, 1 },
    { "SELECT 2 /* inner; */ + 3", 5, 1 },
  };

  assert_statements ("/* outer /* inner; still inside */\n"
                     "   still a comment; */\n"
                     "-- a line comment;\n"
                     "SELECT 1; -- after\n"
                     "SELECT 2 /* inner; */ + 3 -- trailing\n"
                     ";\n"
                     "/* only a comment */ ;;\n",
                     1, expected, G_N_ELEMENTS (expected));
}

static void
test_begin_atomic (void)
{
  static const Expected expected[] = {
    { "CREATE FUNCTION total(a int, b int) RETURNS int\n"
      "LANGUAGE sql\n"
      "BEGIN ATOMIC\n"
      "  SELECT CASE WHEN a > b THEN a ELSE b END;\n"
      "  SELECT a + b;\n"
      "END", 1, 1 },
    { "CREATE PROCEDURE p() LANGUAGE sql begin atomic insert into t values (1); end", 7, 1 },
    { "SELECT 'end'", 8, 1 },
    /* BEGIN as a transaction statement is no body. */
    { "BEGIN", 9, 1 },
    { "COMMIT", 9, 8 },
  };

  assert_statements ("CREATE FUNCTION total(a int, b int) RETURNS int\n"
                     "LANGUAGE sql\n"
                     "BEGIN ATOMIC\n"
                     "  SELECT CASE WHEN a > b THEN a ELSE b END;\n"
                     "  SELECT a + b;\n"
                     "END;\n"
                     "CREATE PROCEDURE p() LANGUAGE sql begin atomic insert into t values (1); end;\n"
                     "SELECT 'end';\n"
                     "BEGIN; COMMIT;\n",
                     1, expected, G_N_ELEMENTS (expected));
}

static void
test_create_rule (void)
{
  static const Expected expected[] = {
    { "CREATE RULE r AS ON INSERT TO a DO ALSO (INSERT INTO b VALUES (1); INSERT INTO c VALUES (2))", 1, 1 },
    { "SELECT 9", 1, 95 },
  };

  assert_statements ("CREATE RULE r AS ON INSERT TO a DO ALSO (INSERT INTO b VALUES (1); INSERT INTO c VALUES (2)); SELECT 9;",
                     1, expected, G_N_ELEMENTS (expected));
}

/* No psql: backslash commands are not SQL, and the split does not make
 * them so; text after the last semicolon is a statement too. */
static void
test_psql_free (void)
{
  static const Expected expected[] = {
    { "SELECT 1", 1, 1 },
    { "UPDATE t SET a = 'C:\\path;x' WHERE b IS NULL", 2, 1 },
  };

  assert_statements ("SELECT 1;\nUPDATE t SET a = 'C:\\path;x' WHERE b IS NULL", 1, expected, G_N_ELEMENTS (expected));
}

static void
test_crlf_and_utf8 (void)
{
  static const Expected expected[] = {
    { "INSERT INTO t VALUES ('é')", 1, 1 },
    { "SELECT 'ü'", 2, 4 },
  };

  /* Columns count bytes: 'é' is two. */
  assert_statements ("INSERT INTO t VALUES ('é');\r\n\t  SELECT 'ü';\r\n", 1, expected, G_N_ELEMENTS (expected));
}

static void
test_empty (void)
{
  const char *texts[] = { "", "   \n\t", ";;;", "-- just a comment\n", "/* a */ ; -- b\n;" };

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      g_autoptr(GPtrArray) statements = split_ok (texts[i], 1);

      g_assert_cmpuint (statements->len, ==, 0);
    }
}

static void
assert_unterminated (const char *sql,
                     guint       first_line,
                     guint       line,
                     const char *what)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) statements = sluice_sql_split (sql, first_line, &error);
  g_autofree char *prefix = g_strdup_printf ("Line %u: ", line);

  g_assert_null (statements);
  g_assert_error (error, SLUICE_ERROR, SLUICE_ERROR_INVALID_INPUT);
  g_assert_true (g_str_has_prefix (error->message, prefix));
  g_assert_nonnull (strstr (error->message, what));
}

static void
test_unterminated (void)
{
  assert_unterminated ("SELECT 1;\n\nCREATE FUNCTION f() RETURNS int AS $$\nBEGIN\n  RETURN 1;\nEND;\n", 1, 3, "$$");
  assert_unterminated ("SELECT 1;\nSELECT $body$ x;\n", 20, 21, "dollar-quoted");
  assert_unterminated ("SELECT 1;\n/* /* */ still open;\n", 1, 2, "/*");
  assert_unterminated ("SELECT 1,\n  'abc;\n", 1, 2, "quoted string");
  assert_unterminated ("SELECT \"col;\n", 5, 5, "quoted identifier");
  assert_unterminated ("SELECT E'\\", 1, 1, "quoted string");
  /* Not a scanner error, but one the scanner gives without a place. */
  assert_unterminated ("SELECT 1;\nSELECT E'\\\xf7\\';\n", 1, 2, "UTF-8");
  /* An escape that makes a NUL byte: the scanner says where only by
   * failing, so the splitter finds the line itself. */
  assert_unterminated ("SELECT 1;\nSELECT 2;\nSELECT 'a',\n  E'x\\0y';\nSELECT 3;\n", 10, 13, "0x00");
  assert_unterminated ("SELECT E'first\nsecond \\xff';\n", 1, 2, "UTF8");
}

static void
test_needs_autocommit (void)
{
  static const struct {
    const char *sql;
    gboolean    needs;
  } cases[] = {
    { "CREATE INDEX CONCURRENTLY i ON t (a)", TRUE },
    { "CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS i ON t (a)", TRUE },
    { "CREATE INDEX i ON t (a)", FALSE },
    { "DROP INDEX CONCURRENTLY i", TRUE },
    { "DROP INDEX i", FALSE },
    { "REINDEX INDEX CONCURRENTLY i", TRUE },
    { "REINDEX (VERBOSE, CONCURRENTLY) TABLE t", TRUE },
    { "REINDEX (CONCURRENTLY false) TABLE t", FALSE },
    { "REINDEX TABLE t", FALSE },
    { "REINDEX DATABASE d", TRUE },
    { "VACUUM t", TRUE },
    { "VACUUM (ANALYZE) t", TRUE },
    { "ANALYZE t", FALSE },
    { "ALTER SYSTEM SET work_mem = '64MB'", TRUE },
    { "CREATE DATABASE d", TRUE },
    { "DROP DATABASE d", TRUE },
    { "CREATE TABLESPACE s LOCATION '/x'", TRUE },
    { "ALTER DATABASE d SET TABLESPACE s", TRUE },
    { "ALTER DATABASE d SET work_mem = '1MB'", FALSE },
    { "ALTER TABLE p DETACH PARTITION c CONCURRENTLY", TRUE },
    { "ALTER TABLE p DETACH PARTITION c", FALSE },
    { "CREATE SUBSCRIPTION s CONNECTION 'x' PUBLICATION p", TRUE },
    { "CREATE SUBSCRIPTION s CONNECTION 'x' PUBLICATION p WITH (create_slot = false)", FALSE },
    { "CREATE SUBSCRIPTION s CONNECTION 'x' PUBLICATION p WITH (connect = false)", FALSE },
    { "ALTER SUBSCRIPTION s REFRESH PUBLICATION", TRUE },
    { "ALTER SUBSCRIPTION s SET PUBLICATION p WITH (refresh = false)", FALSE },
    { "COMMIT PREPARED 'x'", TRUE },
    /* Transactional since PostgreSQL 12. */
    { "ALTER TYPE mood ADD VALUE 'meh'", FALSE },
    { "CREATE TABLE t (id int)", FALSE },
    { "SELECT 1; VACUUM t", TRUE },
    { "not sql at all", FALSE },
    { "", FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      if (sluice_sql_needs_autocommit (cases[i].sql) != cases[i].needs)
        g_error ("“%s” should%s need autocommit", cases[i].sql, cases[i].needs ? "" : " not");
    }
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sql/split/simple", test_simple);
  g_test_add_func ("/sql/split/first-line", test_first_line_offset);
  g_test_add_func ("/sql/split/dollar-quotes", test_dollar_quotes);
  g_test_add_func ("/sql/split/escape-strings", test_escape_strings);
  g_test_add_func ("/sql/split/nested-comments", test_nested_comments);
  g_test_add_func ("/sql/split/begin-atomic", test_begin_atomic);
  g_test_add_func ("/sql/split/create-rule", test_create_rule);
  g_test_add_func ("/sql/split/psql-free", test_psql_free);
  g_test_add_func ("/sql/split/crlf-utf8", test_crlf_and_utf8);
  g_test_add_func ("/sql/split/empty", test_empty);
  g_test_add_func ("/sql/split/unterminated", test_unterminated);
  g_test_add_func ("/sql/needs-autocommit", test_needs_autocommit);

  status = g_test_run ();
  pg_query_exit ();
  return status;
}
