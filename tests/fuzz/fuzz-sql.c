/* fuzz-sql.c: any text through sluice_sql_split() and
 * sluice_sql_needs_autocommit()
 *
 * The split either fails with an error that names a line of the text, or
 * gives statements that are non-empty pieces of the text, in order, with
 * the line and column of where they are.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "sluice-error.h"
#include "sluice-sql.h"

int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);

#define FIRST_LINE 7

static void
fail (const char *what,
      const char *detail)
{
  g_printerr ("%s: %s\n", what, detail != NULL ? detail : "");
  abort ();
}

static void
make_criticals_fatal (void)
{
  static gsize done = 0;

  if (g_once_init_enter (&done))
    {
      g_log_set_always_fatal (G_LOG_FATAL_MASK | G_LOG_LEVEL_CRITICAL);
      g_once_init_leave (&done, 1);
    }
}

/* Line and column of @offset, counted apart from the splitter. */
static void
position_of (const char *text,
             gsize       offset,
             guint      *line,
             guint      *column)
{
  gsize line_start = 0;

  *line = FIRST_LINE;
  for (gsize i = 0; i < offset; i++)
    {
      if (text[i] == '\n')
        {
          (*line)++;
          line_start = i + 1;
        }
    }

  *column = offset - line_start + 1;
}

static void
check_statements (const char *sql,
                  GPtrArray  *statements)
{
  gsize length = strlen (sql);
  gsize previous_end = 0;

  for (guint i = 0; i < statements->len; i++)
    {
      const SluiceStatement *statement = g_ptr_array_index (statements, i);
      gsize text_length = strlen (statement->text);
      guint line, column;

      if (text_length == 0)
        fail ("an empty statement", NULL);

      if (statement->offset < previous_end || statement->offset + text_length > length)
        fail ("a statement out of order or out of the text", statement->text);

      if (memcmp (sql + statement->offset, statement->text, text_length) != 0)
        fail ("a statement that is not the text at its offset", statement->text);

      position_of (sql, statement->offset, &line, &column);
      if (line != statement->line || column != statement->column)
        fail ("a statement at the wrong line or column", statement->text);

      /* A piece of the text cannot start with blank space or a comment. */
      if (g_ascii_isspace (statement->text[0]) ||
          g_str_has_prefix (statement->text, "--") ||
          g_str_has_prefix (statement->text, "/*"))
        fail ("a statement starting with a blank or a comment", statement->text);

      previous_end = statement->offset + text_length;

      sluice_sql_needs_autocommit (statement->text);
    }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  /* libFuzzer may pass NULL with a size of 0. */
  g_autofree char *sql = size > 0 ? g_strndup ((const char *) data, size) : g_strdup ("");
  g_autoptr(GPtrArray) statements = NULL;
  g_autoptr(GError) error = NULL;

  make_criticals_fatal ();

  statements = sluice_sql_split (sql, FIRST_LINE, &error);

  if (statements != NULL)
    check_statements (sql, statements);
  else if (error == NULL || !g_error_matches (error, SLUICE_ERROR, SLUICE_ERROR_INVALID_INPUT) ||
           !g_str_has_prefix (error->message, "Line ") ||
           !g_utf8_validate (error->message, -1, NULL))
    fail ("a refused text must give an error naming the line", error != NULL ? error->message : NULL);

  sluice_sql_needs_autocommit (sql);

  return 0;
}
