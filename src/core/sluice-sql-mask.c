/* sluice-sql-mask.c: passwords taken out of SQL text before it is shown
 *
 * A migration may create a role with its password, and the session that
 * blocks a run may be setting one: the statement text reaches the run
 * log (the CLI's output, the Migrate page) and the monitor's samples.
 * The house rule is that a password is never written to a log, so the
 * literal after PASSWORD is replaced before the text goes anywhere.
 *
 * PostgreSQL's scanner (libpg_query's pg_query_scan) finds the tokens:
 * quoting rules (E'' escapes, doubled quotes, dollar quotes with tags,
 * comments nested inside comments) are its business, never a regular
 * expression's.  The tokens are told apart by their text, as in
 * sluice-sql.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <pg_query.h>
#include <pg_query/pg_query.pb-c.h>
#include <string.h>

#include "sluice-sql-mask.h"

#define PASSWORD_WORD "password"
#define PASSWORD_LENGTH (sizeof PASSWORD_WORD - 1)

typedef struct
{
  gsize    start;
  gsize    end;
  gboolean keyword;
} Token;

/* The first "password" in @sql, in any case; NULL when there is none. */
static const char *
find_password_word (const char *sql)
{
  for (const char *p = sql; *p != '\0'; p++)
    if (g_ascii_strncasecmp (p, PASSWORD_WORD, PASSWORD_LENGTH) == 0)
      return p;
  return NULL;
}

/* What cannot be scanned is cut at the first mention of a password. */
static char *
mask_after_first_mention (const char *sql)
{
  const char *found = find_password_word (sql);
  gsize kept;

  if (found == NULL)
    return g_strdup (sql);

  kept = (gsize) (found - sql) + PASSWORD_LENGTH;
  return g_strdup_printf ("%.*s " SLUICE_SQL_MASKED_LITERAL, (int) kept, sql);
}

/* The tokens of @sql, or NULL when the scanner fails or gives a range
 * outside the text. */
static GArray *
scan_tokens (const char *sql,
             gsize       length)
{
  g_autoptr(GArray) tokens = NULL;
  PgQueryScanResult scan = pg_query_scan (sql);
  PgQuery__ScanResult *result = NULL;

  if (scan.error == NULL)
    result = pg_query__scan_result__unpack (NULL, scan.pbuf.len, (const uint8_t *) scan.pbuf.data);
  pg_query_free_scan_result (scan);
  if (result == NULL)
    return NULL;

  tokens = g_array_sized_new (FALSE, FALSE, sizeof (Token), result->n_tokens);
  for (size_t i = 0; i < result->n_tokens; i++)
    {
      const PgQuery__ScanToken *scanned = result->tokens[i];
      Token token;

      if (scanned->start < 0 || scanned->start > scanned->end || (gsize) scanned->end > length)
        {
          g_clear_pointer (&tokens, g_array_unref);
          break;
        }
      token.start = (gsize) scanned->start;
      token.end = (gsize) scanned->end;
      token.keyword = scanned->keyword_kind != PG_QUERY__KEYWORD_KIND__NO_KEYWORD;
      g_array_append_val (tokens, token);
    }

  pg_query__scan_result__free_unpacked (result, NULL);
  return g_steal_pointer (&tokens);
}

static gsize
token_length (const Token *token)
{
  return token->end - token->start;
}

static gboolean
is_comment (const char  *sql,
            const Token *token)
{
  return token_length (token) >= 2 &&
         ((sql[token->start] == '-' && sql[token->start + 1] == '-') ||
          (sql[token->start] == '/' && sql[token->start + 1] == '*'));
}

/* The keyword PASSWORD, or "password" quoted (an FDW option's name). */
static gboolean
is_password_word (const char  *sql,
                  const Token *token)
{
  const char *text = sql + token->start;

  if (token->keyword && token_length (token) == PASSWORD_LENGTH)
    return g_ascii_strncasecmp (text, PASSWORD_WORD, PASSWORD_LENGTH) == 0;
  if (token_length (token) == PASSWORD_LENGTH + 2 && text[0] == '"')
    return g_ascii_strncasecmp (text + 1, PASSWORD_WORD, PASSWORD_LENGTH) == 0 &&
           text[PASSWORD_LENGTH + 1] == '"';
  return FALSE;
}

/* The N of N'...': the scanner gives it as a keyword of its own. */
static gboolean
is_national_prefix (const char  *sql,
                    const Token *token)
{
  return token_length (token) == 1 && g_ascii_tolower (sql[token->start]) == 'n';
}

/* U&'...': the scanner gives its start, but an empty range. */
static gboolean
is_unicode_string (const char  *sql,
                   gsize        length,
                   const Token *token)
{
  const char *text = sql + token->start;

  return token->start + 3 <= length &&
         (text[0] == 'u' || text[0] == 'U') && text[1] == '&' && text[2] == '\'';
}

/* '...', E'...', U&'...', B'...', X'...', $$...$$, $tag$...$tag$ ($1 is
 * a parameter, not a string). */
static gboolean
is_string_constant (const char  *sql,
                    gsize        length,
                    const Token *token)
{
  const char *text = sql + token->start;
  gsize token_chars = token_length (token);

  if (is_unicode_string (sql, length, token))
    return TRUE;
  if (token_chars >= 2 && text[0] == '\'')
    return TRUE;
  if (token_chars >= 3 && strchr ("eEbBxX", text[0]) != NULL && text[1] == '\'')
    return TRUE;
  if (token_chars >= 2 && text[0] == '$' && !g_ascii_isdigit (text[1]))
    return TRUE;
  return FALSE;
}

/* Where the literal at @index ends.  A U&'' string's range is empty: it
 * runs up to the next token (UESCAPE, a comma...), or to the end. */
static gsize
literal_end (const char *sql,
             gsize       length,
             GArray     *tokens,
             guint       index)
{
  const Token *token = &g_array_index (tokens, Token, index);
  gsize end;

  if (!is_unicode_string (sql, length, token))
    return token->end;

  end = index + 1 < tokens->len ? g_array_index (tokens, Token, index + 1).start : length;
  while (end > token->start && g_ascii_isspace (sql[end - 1]))
    end--;
  return MAX (end, token->end);
}

/* The index of the first token after @index that is not a comment;
 * @tokens->len when there is none. */
static guint
next_token (const char *sql,
            GArray     *tokens,
            guint       index)
{
  for (index++; index < tokens->len; index++)
    if (!is_comment (sql, &g_array_index (tokens, Token, index)))
      break;
  return index;
}

char *
sluice_sql_mask_passwords (const char *sql)
{
  g_autoptr(GArray) tokens = NULL;
  GString *masked;
  gsize length;
  gsize copied = 0;

  if (sql == NULL)
    return NULL;

  /* Most text never mentions one: no scan then. */
  if (find_password_word (sql) == NULL)
    return g_strdup (sql);

  length = strlen (sql);
  tokens = scan_tokens (sql, length);
  if (tokens == NULL)
    return mask_after_first_mention (sql);

  masked = g_string_sized_new (length);
  for (guint i = 0; i < tokens->len; i++)
    {
      guint value;
      const Token *literal;

      if (!is_password_word (sql, &g_array_index (tokens, Token, i)))
        continue;

      value = next_token (sql, tokens, i);
      if (value < tokens->len && is_national_prefix (sql, &g_array_index (tokens, Token, value)))
        value = next_token (sql, tokens, value);
      if (value >= tokens->len || !is_string_constant (sql, length, &g_array_index (tokens, Token, value)))
        continue;

      literal = &g_array_index (tokens, Token, value);
      g_string_append_len (masked, sql + copied, (gssize) (literal->start - copied));
      g_string_append (masked, SLUICE_SQL_MASKED_LITERAL);
      copied = literal_end (sql, length, tokens, value);
      i = value;
    }
  g_string_append (masked, sql + copied);

  return g_string_free (masked, FALSE);
}
