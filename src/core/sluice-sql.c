/* sluice-sql.c: SQL text split into statements by PostgreSQL's own scanner
 *
 * libpg_query's scanner-based splitter finds the top-level semicolons, and
 * its scanner gives every token with its byte range.  Two things it does
 * not do are done here from the tokens: skipping the comments in front of
 * a statement (so that its line and column are those of its first word,
 * and comment-only text is dropped), and keeping a BEGIN ATOMIC ... END
 * function body together, since the scanner splits at the semicolons
 * inside it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <pg_query.h>
#include <pg_query/pg_query.pb-c.h>
#include <string.h>

#include "sluice-error.h"
#include "sluice-migration-source-private.h"
#include "sluice-sql.h"

void
sluice_statement_free (SluiceStatement *statement)
{
  if (statement == NULL)
    return;

  g_free (statement->text);
  g_free (statement);
}

/* Scanner tokens ----------------------------------------------------------
 *
 * pg_query_scan() returns a protobuf ScanResult, unpacked by libpg_query's
 * own protobuf-c code into typed structs (pg_query.pb-c.h).  Tokens are
 * told apart by their text, not by their Token enum value, which changes
 * between PostgreSQL majors. */

typedef struct
{
  guint32 start;
  guint32 end;
  guint32 keyword_kind;   /* PG_QUERY__KEYWORD_KIND__NO_KEYWORD (0): not a keyword */
} ScanToken;

/* The tokens of a ScanResult, or NULL when it cannot be read or a token
 * lies outside the text (@text_length bytes). */
static GArray *
decode_tokens (const PgQueryProtobuf *pbuf,
               gsize                  text_length)
{
  g_autoptr(GArray) tokens = NULL;
  PgQuery__ScanResult *result;

  result = pg_query__scan_result__unpack (NULL, pbuf->len, (const uint8_t *) pbuf->data);
  if (result == NULL)
    return NULL;

  tokens = g_array_sized_new (FALSE, FALSE, sizeof (ScanToken), result->n_tokens);
  for (size_t i = 0; i < result->n_tokens; i++)
    {
      const PgQuery__ScanToken *scanned = result->tokens[i];
      ScanToken token = { (guint32) scanned->start, (guint32) scanned->end, (guint32) scanned->keyword_kind };

      if (scanned->start < 0 || scanned->start > scanned->end || (gsize) scanned->end > text_length)
        {
          g_clear_pointer (&tokens, g_array_unref);
          break;
        }
      g_array_append_val (tokens, token);
    }

  pg_query__scan_result__free_unpacked (result, NULL);
  return g_steal_pointer (&tokens);
}

/* Positions ---------------------------------------------------------------- */

typedef struct
{
  const char *text;
  gsize       offset;   /* where line/column below were counted up to */
  guint       line;
  gsize       line_start;
} LineCounter;

/* Moves @counter forward to @offset (offsets only grow while splitting). */
static void
line_counter_advance (LineCounter *counter,
                      gsize        offset)
{
  for (gsize i = counter->offset; i < offset; i++)
    {
      if (counter->text[i] == '\n')
        {
          counter->line++;
          counter->line_start = i + 1;
        }
    }

  counter->offset = MAX (counter->offset, offset);
}

static guint
line_at_offset (const char *text,
                gsize       offset,
                guint       first_line)
{
  LineCounter counter = { text, 0, first_line, 0 };

  line_counter_advance (&counter, offset);
  return counter.line;
}

/* Errors ------------------------------------------------------------------- */

/* libpg_query's messages are PostgreSQL's English ones; say the same thing
 * in a translatable sentence, keeping the original for anything unknown. */
static char *
describe_scanner_error (const char *message)
{
  g_autofree char *valid = NULL;

  if (strstr (message, "dollar-quoted") != NULL)
    return g_strdup (_("A dollar-quoted string ($$ … $$) starts here and is never closed"));
  if (strstr (message, "/* comment") != NULL)
    return g_strdup (_("A /* comment starts here and is never closed"));
  if (strstr (message, "quoted identifier") != NULL)
    return g_strdup (_("A quoted identifier (\" … \") starts here and is never closed"));
  if (strstr (message, "quoted string") != NULL)
    return g_strdup (_("A quoted string (' … ') starts here and is never closed"));

  /* The message may quote the text, which need not be UTF-8. */
  valid = g_utf8_make_valid (message, -1);

  if (strstr (message, "invalid byte sequence") != NULL)
    return g_strdup_printf (_("An escape in a string here makes bytes that are not UTF-8 text (%s)"), valid);
  return g_strdup_printf (_("PostgreSQL’s scanner stops here: %s"), valid);
}

static gboolean
has_placeless_error (const char *sql,
                     gsize       length)
{
  g_autofree char *prefix = g_strndup (sql, length);
  PgQueryScanResult scan = pg_query_scan (prefix);
  gboolean placeless = scan.error != NULL && scan.error->cursorpos <= 0;

  pg_query_free_scan_result (scan);
  return placeless;
}

/* Some scanner errors have no position: an escape in an E'' string that
 * makes a NUL byte or no UTF-8 character.  The scanner stops at the first
 * error, and a token cut short gives an "unterminated" error that has a
 * position, so scanning the text up to line N fails without a position
 * exactly when N is at or past the line where the bad token ends: a
 * bisection over lines finds that line.  0 when it cannot be found. */
static guint
locate_placeless_error (const char *sql,
                        gsize       length,
                        guint       first_line)
{
  g_autoptr(GArray) line_ends = g_array_new (FALSE, FALSE, sizeof (gsize));
  guint low = 0, high;

  for (gsize i = 0; i < length; i++)
    {
      if (sql[i] == '\n')
        g_array_append_val (line_ends, i);
    }
  g_array_append_val (line_ends, length);

  high = line_ends->len - 1;

  if (!has_placeless_error (sql, length))
    return 0;

  while (low < high)
    {
      guint middle = low + (high - low) / 2;

      if (has_placeless_error (sql, g_array_index (line_ends, gsize, middle)))
        high = middle;
      else
        low = middle + 1;
    }

  return first_line + low;
}

static void
set_scanner_error (GError       **error,
                   guint         *error_line,
                   const char    *sql,
                   guint          first_line,
                   PgQueryError  *scan_error)
{
  g_autofree char *detail = describe_scanner_error (scan_error->message);
  gsize length = strlen (sql);
  guint line = 0;

  /* cursorpos is 1-based, in bytes; 0 when the error has no place. */
  if (scan_error->cursorpos > 0)
    line = line_at_offset (sql, MIN ((gsize) scan_error->cursorpos - 1, length), first_line);
  else
    line = locate_placeless_error (sql, length, first_line);

  if (error_line != NULL)
    *error_line = line;

  /* The line is given apart: callers put it in front, or in a problem. */
  g_set_error_literal (error, SLUICE_ERROR, SLUICE_ERROR_INVALID_INPUT, detail);
}

/* Splitting ---------------------------------------------------------------- */

static gboolean
token_is_comment (const char      *sql,
                  const ScanToken *token)
{
  return token->end - token->start >= 2 &&
         ((sql[token->start] == '-' && sql[token->start + 1] == '-') ||
          (sql[token->start] == '/' && sql[token->start + 1] == '*'));
}

static gboolean
token_is_word (const char      *sql,
               const ScanToken *token,
               const char      *word)
{
  gsize length = strlen (word);

  return token->keyword_kind != 0 &&
         token->end - token->start == length &&
         g_ascii_strncasecmp (sql + token->start, word, length) == 0;
}

/* Where a BEGIN ATOMIC body is: the scanner splits at every semicolon, and
 * the statements of the body end with one. */
typedef struct
{
  gboolean after_begin;   /* the previous word was BEGIN */
  gboolean in_atomic;
  guint    case_depth;    /* CASE ... END inside the body */
} AtomicState;

static void
atomic_state_feed (AtomicState     *state,
                   const char      *sql,
                   const ScanToken *token)
{
  if (!state->in_atomic)
    {
      if (state->after_begin && token_is_word (sql, token, "atomic"))
        {
          state->in_atomic = TRUE;
          state->case_depth = 0;
        }
      state->after_begin = token_is_word (sql, token, "begin");
      return;
    }

  if (token_is_word (sql, token, "case"))
    state->case_depth++;
  else if (token_is_word (sql, token, "end"))
    {
      if (state->case_depth > 0)
        state->case_depth--;
      else
        state->in_atomic = FALSE;
    }
}

typedef struct
{
  const char  *sql;
  GArray      *tokens;
  guint        next_token;    /* first token not yet looked at */
  LineCounter  lines;
  GPtrArray   *statements;
  /* The statement being built, while a BEGIN ATOMIC body is open */
  gboolean     open;
  gsize        first;         /* offset of its first token */
  gsize        last;          /* offset just past its last token */
  AtomicState  atomic;
} Splitter;

static void
splitter_emit (Splitter *splitter)
{
  SluiceStatement *statement;

  if (!splitter->open)
    return;

  line_counter_advance (&splitter->lines, splitter->first);

  statement = g_new0 (SluiceStatement, 1);
  statement->text = g_strndup (splitter->sql + splitter->first, splitter->last - splitter->first);
  statement->offset = splitter->first;
  statement->line = splitter->lines.line;
  statement->column = splitter->first - splitter->lines.line_start + 1;
  g_ptr_array_add (splitter->statements, statement);

  splitter->open = FALSE;
}

/* Takes the tokens of one range the scanner split off; a range whose
 * tokens are all comments adds nothing. */
static void
splitter_add_range (Splitter *splitter,
                    gsize     start,
                    gsize     end)
{
  for (; splitter->next_token < splitter->tokens->len; splitter->next_token++)
    {
      const ScanToken *token = &g_array_index (splitter->tokens, ScanToken, splitter->next_token);

      if (token->start >= end)
        break;
      if (token->start < start || token_is_comment (splitter->sql, token))
        continue;

      if (!splitter->open)
        {
          splitter->open = TRUE;
          splitter->first = token->start;
          splitter->atomic = (AtomicState) { 0 };
        }

      splitter->last = MIN (token->end, end);
      atomic_state_feed (&splitter->atomic, splitter->sql, token);
    }

  if (splitter->open && !splitter->atomic.in_atomic)
    splitter_emit (splitter);
}

GPtrArray *
_sluice_sql_split_at (const char  *sql,
                      guint        first_line,
                      guint       *error_line,
                      GError     **error)
{
  g_autoptr(GPtrArray) statements = g_ptr_array_new_with_free_func ((GDestroyNotify) sluice_statement_free);
  g_autoptr(GArray) tokens = NULL;
  PgQueryScanResult scan;
  PgQuerySplitResult split;
  Splitter splitter;
  const char *invalid = NULL;
  gsize length;

  g_return_val_if_fail (sql != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (error_line != NULL)
    *error_line = 0;

  first_line = MAX (first_line, 1);
  length = strlen (sql);

  /* The scanner reads UTF-8 and reports bad bytes without a place (some
   * only inside E'' strings): find them first, to name their line. */
  if (!g_utf8_validate (sql, length, &invalid))
    {
      if (error_line != NULL)
        *error_line = line_at_offset (sql, invalid - sql, first_line);
      g_set_error_literal (error, SLUICE_ERROR, SLUICE_ERROR_INVALID_INPUT,
                           _("This line is not valid UTF-8 text"));
      return NULL;
    }

  scan = pg_query_scan (sql);
  if (scan.error != NULL)
    {
      set_scanner_error (error, error_line, sql, first_line, scan.error);
      pg_query_free_scan_result (scan);
      return NULL;
    }

  tokens = decode_tokens (&scan.pbuf, length);
  pg_query_free_scan_result (scan);

  if (tokens == NULL)
    {
      g_set_error (error, SLUICE_ERROR, SLUICE_ERROR_FAILED,
                   _("PostgreSQL’s scanner returned tokens Sluice cannot read; the SQL was not split."));
      return NULL;
    }

  split = pg_query_split_with_scanner (sql);
  if (split.error != NULL)
    {
      /* n_stmts and stmts are not set when there is an error. */
      set_scanner_error (error, error_line, sql, first_line, split.error);
      pg_query_free_split_result (split);
      return NULL;
    }

  splitter = (Splitter) {
    .sql = sql,
    .tokens = tokens,
    .lines = { sql, 0, first_line, 0 },
    .statements = statements,
  };

  for (int i = 0; i < split.n_stmts; i++)
    {
      const PgQuerySplitStmt *range = split.stmts[i];
      gsize start, end;

      if (range->stmt_location < 0 || range->stmt_len < 0)
        continue;

      start = MIN ((gsize) range->stmt_location, length);
      end = MIN (start + (gsize) range->stmt_len, length);
      splitter_add_range (&splitter, start, end);
    }

  /* A BEGIN ATOMIC never closed: the server will say so; keep the text. */
  splitter_emit (&splitter);

  pg_query_free_split_result (split);

  return g_steal_pointer (&statements);
}

GPtrArray *
sluice_sql_split (const char  *sql,
                  guint        first_line,
                  GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  GPtrArray *statements;
  guint line = 0;

  statements = _sluice_sql_split_at (sql, first_line, &line, &local_error);

  if (statements == NULL)
    {
      if (line > 0)
        g_set_error (error, local_error->domain, local_error->code,
                     _("Line %u: %s."), line, local_error->message);
      else
        g_propagate_error (error, g_steal_pointer (&local_error));
    }

  return statements;
}

/* Statements that cannot run in a transaction block ----------------------- */

/* json_object_get_object_member() warns about a missing member or one of
 * another type; here either only means "not this". */
static JsonObject *
member_object (JsonObject *object,
               const char *name)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, name) : NULL;

  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

static JsonArray *
member_array (JsonObject *object,
              const char *name)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, name) : NULL;

  return node != NULL && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
}

static gboolean
def_elem_is_true (JsonObject *def_elem)
{
  JsonObject *arg;
  JsonNode *arg_node = json_object_get_member (def_elem, "arg");

  /* An option written without a value ("CONCURRENTLY") is on. */
  if (arg_node == NULL || !JSON_NODE_HOLDS_OBJECT (arg_node))
    return TRUE;

  arg = json_node_get_object (arg_node);

  if (json_object_has_member (arg, "String"))
    {
      JsonObject *string = member_object (arg, "String");
      const char *value = string != NULL ? json_object_get_string_member_with_default (string, "sval", "") : "";

      return !(g_ascii_strcasecmp (value, "false") == 0 ||
               g_ascii_strcasecmp (value, "off") == 0 ||
               g_ascii_strcasecmp (value, "no") == 0 ||
               g_strcmp0 (value, "0") == 0);
    }

  /* Protobuf-style JSON leaves out zero and false values. */
  if (json_object_has_member (arg, "Integer"))
    {
      JsonObject *integer = member_object (arg, "Integer");

      return integer != NULL && json_object_get_int_member_with_default (integer, "ival", 0) != 0;
    }

  if (json_object_has_member (arg, "Boolean"))
    {
      JsonObject *boolean = member_object (arg, "Boolean");

      return boolean != NULL && json_object_get_boolean_member_with_default (boolean, "boolval", FALSE);
    }

  return TRUE;
}

/* Looks up option @name in a list of DefElem nodes: TRUE/FALSE when given,
 * @absent otherwise. */
static gboolean
options_get (JsonObject *node,
             const char *list_member,
             const char *name,
             gboolean    absent)
{
  JsonNode *list_node = json_object_get_member (node, list_member);
  JsonArray *list;

  if (list_node == NULL || !JSON_NODE_HOLDS_ARRAY (list_node))
    return absent;

  list = json_node_get_array (list_node);

  for (guint i = 0; i < json_array_get_length (list); i++)
    {
      JsonNode *element = json_array_get_element (list, i);
      JsonObject *def_elem;

      if (!JSON_NODE_HOLDS_OBJECT (element))
        continue;

      def_elem = member_object (json_node_get_object (element), "DefElem");
      if (def_elem == NULL)
        continue;

      if (g_strcmp0 (json_object_get_string_member_with_default (def_elem, "defname", ""), name) == 0)
        return def_elem_is_true (def_elem);
    }

  return absent;
}

static gboolean
alter_table_needs_autocommit (JsonObject *node)
{
  JsonNode *cmds_node = json_object_get_member (node, "cmds");
  JsonArray *cmds;

  if (cmds_node == NULL || !JSON_NODE_HOLDS_ARRAY (cmds_node))
    return FALSE;

  cmds = json_node_get_array (cmds_node);

  /* ALTER TABLE ... DETACH PARTITION ... CONCURRENTLY */
  for (guint i = 0; i < json_array_get_length (cmds); i++)
    {
      JsonNode *element = json_array_get_element (cmds, i);
      JsonObject *cmd, *def, *partition_cmd;

      if (!JSON_NODE_HOLDS_OBJECT (element))
        continue;

      cmd = member_object (json_node_get_object (element), "AlterTableCmd");
      if (cmd == NULL ||
          g_strcmp0 (json_object_get_string_member_with_default (cmd, "subtype", ""), "AT_DetachPartition") != 0)
        continue;

      def = member_object (cmd, "def");
      partition_cmd = def != NULL ? member_object (def, "PartitionCmd") : NULL;

      if (partition_cmd != NULL && json_object_get_boolean_member_with_default (partition_cmd, "concurrent", FALSE))
        return TRUE;
    }

  return FALSE;
}

static gboolean
alter_subscription_needs_autocommit (JsonObject *node)
{
  const char *kind = json_object_get_string_member_with_default (node, "kind", "");

  if (g_str_equal (kind, "ALTER_SUBSCRIPTION_REFRESH"))
    return TRUE;

  /* SET/ADD/DROP PUBLICATION refresh the subscription unless told not to. */
  if (g_str_equal (kind, "ALTER_SUBSCRIPTION_SET_PUBLICATION") ||
      g_str_equal (kind, "ALTER_SUBSCRIPTION_ADD_PUBLICATION") ||
      g_str_equal (kind, "ALTER_SUBSCRIPTION_DROP_PUBLICATION"))
    return options_get (node, "options", "refresh", TRUE);

  return FALSE;
}

/* One parse tree node, named @type.  ALTER TYPE ... ADD VALUE is not here:
 * it runs in a transaction block since PostgreSQL 12 (only using the new
 * value in the same transaction fails), and Sluice supports no older server. */
static gboolean
node_needs_autocommit (const char *type,
                       JsonObject *node)
{
  if (g_str_equal (type, "IndexStmt") || g_str_equal (type, "DropStmt"))
    return json_object_get_boolean_member_with_default (node, "concurrent", FALSE);

  if (g_str_equal (type, "ReindexStmt"))
    {
      const char *kind = json_object_get_string_member_with_default (node, "kind", "");

      return g_str_equal (kind, "REINDEX_OBJECT_SYSTEM") ||
             g_str_equal (kind, "REINDEX_OBJECT_DATABASE") ||
             options_get (node, "params", "concurrently", FALSE);
    }

  /* ANALYZE is a VacuumStmt too, and runs in a transaction block. */
  if (g_str_equal (type, "VacuumStmt"))
    return json_object_get_boolean_member_with_default (node, "is_vacuumcmd", FALSE);

  if (g_str_equal (type, "AlterDatabaseStmt"))
    return options_get (node, "options", "tablespace", FALSE);

  if (g_str_equal (type, "CreateSubscriptionStmt"))
    return options_get (node, "options", "connect", TRUE) &&
           options_get (node, "options", "create_slot", TRUE);

  if (g_str_equal (type, "AlterSubscriptionStmt"))
    return alter_subscription_needs_autocommit (node);

  if (g_str_equal (type, "AlterTableStmt"))
    return alter_table_needs_autocommit (node);

  if (g_str_equal (type, "TransactionStmt"))
    {
      const char *kind = json_object_get_string_member_with_default (node, "kind", "");

      return g_str_equal (kind, "TRANS_STMT_COMMIT_PREPARED") ||
             g_str_equal (kind, "TRANS_STMT_ROLLBACK_PREPARED");
    }

  /* DROP SUBSCRIPTION refuses a transaction block when the subscription
   * has a replication slot, which only the server knows: assume it has. */
  return g_str_equal (type, "AlterSystemStmt") ||
         g_str_equal (type, "CreatedbStmt") ||
         g_str_equal (type, "DropdbStmt") ||
         g_str_equal (type, "CreateTableSpaceStmt") ||
         g_str_equal (type, "DropTableSpaceStmt") ||
         g_str_equal (type, "DropSubscriptionStmt");
}

gboolean
sluice_sql_needs_autocommit (const char *statement)
{
  g_autoptr(JsonParser) parser = NULL;
  PgQueryParseResult result;
  JsonNode *root;
  JsonArray *stmts;
  gboolean needs = FALSE;
  gboolean parsed;

  g_return_val_if_fail (statement != NULL, FALSE);

  result = pg_query_parse (statement);
  if (result.error != NULL || result.parse_tree == NULL)
    {
      /* What does not parse cannot be judged; running it will tell. */
      pg_query_free_parse_result (result);
      return FALSE;
    }

  parser = json_parser_new_immutable ();
  parsed = json_parser_load_from_data (parser, result.parse_tree, -1, NULL);
  pg_query_free_parse_result (result);

  if (!parsed)
    return FALSE;

  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return FALSE;

  stmts = member_array (json_node_get_object (root), "stmts");
  if (stmts == NULL)
    return FALSE;

  for (guint i = 0; i < json_array_get_length (stmts) && !needs; i++)
    {
      JsonNode *raw = json_array_get_element (stmts, i);
      JsonObject *stmt;
      JsonObjectIter iter;
      const char *type;
      JsonNode *node;

      if (!JSON_NODE_HOLDS_OBJECT (raw))
        continue;

      stmt = member_object (json_node_get_object (raw), "stmt");
      if (stmt == NULL)
        continue;

      json_object_iter_init (&iter, stmt);
      while (json_object_iter_next (&iter, &type, &node))
        {
          if (JSON_NODE_HOLDS_OBJECT (node) && node_needs_autocommit (type, json_node_get_object (node)))
            {
              needs = TRUE;
              break;
            }
        }
    }

  return needs;
}
