/* sluice-executor-transaction.c: a migration's transaction, and its script's own
 *
 * Whether a migration runs in one transaction or statement by statement
 * (CONCURRENTLY, VACUUM, ALTER SYSTEM ... cannot run in one), and what
 * becomes of the script's own transaction control inside Sluice's: its
 * BEGIN and COMMIT left out, anything else refused before it runs; and
 * what libpq knows of the session's transaction.  Apart, as this reads
 * the statements' parse trees (libpg_query) rather than running them.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <pg_query.h>

#include "sluice-connection-private.h"
#include "sluice-error.h"
#include "sluice-executor-private.h"
#include "sluice-sql.h"

/* The kind of a top-level TransactionStmt ("TRANS_STMT_COMMIT"), or NULL
 * when @sql is something else. */
static char *
transaction_statement_kind (const char *sql)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  PgQueryParseResult result = pg_query_parse (sql);
  JsonObject *root;
  JsonArray *stmts;
  JsonObject *stmt;
  JsonNode *node;
  gboolean parsed;

  if (result.error != NULL || result.parse_tree == NULL)
    {
      pg_query_free_parse_result (result);
      return NULL;
    }

  parsed = json_parser_load_from_data (parser, result.parse_tree, -1, NULL);
  pg_query_free_parse_result (result);
  if (!parsed || !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    return NULL;

  root = json_node_get_object (json_parser_get_root (parser));
  node = json_object_get_member (root, "stmts");
  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return NULL;
  stmts = json_node_get_array (node);
  if (json_array_get_length (stmts) != 1 || !JSON_NODE_HOLDS_OBJECT (json_array_get_element (stmts, 0)))
    return NULL;

  node = json_object_get_member (json_array_get_object_element (stmts, 0), "stmt");
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return NULL;
  stmt = json_node_get_object (node);
  node = json_object_get_member (stmt, "TransactionStmt");
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return NULL;

  /* An enum's first value (BEGIN) may be left out of the tree. */
  return g_strdup (json_object_get_string_member_with_default (json_node_get_object (node), "kind",
                                                               "TRANS_STMT_BEGIN"));
}

/* A script of its own transaction (every Sqitch script, many golang-migrate
 * files: BEGIN; ... COMMIT;) run inside Sluice's: its COMMIT would end the
 * migration's transaction early, so that the history rows, and a later
 * failure's rollback, no longer go with its statements.  Its BEGIN, START
 * TRANSACTION, COMMIT and END are left out; any other transaction control
 * (ROLLBACK, SAVEPOINT, RELEASE, PREPARE TRANSACTION, ...) makes the
 * migration fail before it runs, as Sluice cannot keep its meaning in one
 * transaction.  Takes nothing on failure. */
static gboolean
drop_transaction_control (SluiceExecutor     *self,
                          SluiceExecutorRun  *data,
                          GError            **error)
{
  SluiceMigration *migration = _sluice_executor_current_migration (data);
  g_autoptr(GString) lines = g_string_new (NULL);
  guint i = 0;

  while (i < data->statements->len)
    {
      SluiceStatement *statement = g_ptr_array_index (data->statements, i);
      g_autofree char *kind = transaction_statement_kind (statement->text);

      if (kind == NULL)
        {
          i++;
          continue;
        }

      if (!g_str_equal (kind, "TRANS_STMT_BEGIN") && !g_str_equal (kind, "TRANS_STMT_START") &&
          !g_str_equal (kind, "TRANS_STMT_COMMIT"))
        {
          g_set_error (error, SLUICE_ERROR, SLUICE_ERROR_INVALID_INPUT,
                       _("its statement at line %u (%s) controls the transaction, which Sluice "
                         "cannot keep inside the one transaction it runs the migration and its "
                         "history rows in; remove it, or mark the migration to run without a "
                         "transaction"),
                       statement->line, statement->text);
          return FALSE;
        }

      g_string_append_printf (lines, "%s%u", lines->len > 0 ? ", " : "", statement->line);
      g_ptr_array_remove_index (data->statements, i);
    }

  if (lines->len > 0)
    {
      g_autofree char *message =
        g_strdup_printf (_("The script's own BEGIN and COMMIT (line %s) are left out: the "
                           "migration runs in Sluice's transaction, with its history rows."),
                         lines->str);

      _sluice_executor_emit_simple (self, SLUICE_RUN_EVENT_INFO,
                                    sluice_migration_get_version (migration), message);
    }

  return TRUE;
}

static gboolean
needs_autocommit (GPtrArray *statements)
{
  for (guint i = 0; i < statements->len; i++)
    {
      SluiceStatement *statement = g_ptr_array_index (statements, i);

      if (sluice_sql_needs_autocommit (statement->text))
        return TRUE;
    }

  return FALSE;
}

/* Whether the current migration runs in one transaction: it does unless
 * it says otherwise or a statement cannot run in one.  In one, its
 * script's own BEGIN/COMMIT are left out.  FALSE, with data->refused set,
 * when its SQL cannot run as it says. */
gboolean
_sluice_executor_choose_transaction (SluiceExecutor     *self,
                                     SluiceExecutorRun  *data,
                                     GError            **error)
{
  SluiceMigration *migration = _sluice_executor_current_migration (data);

  data->transactional = sluice_migration_get_transactional (migration) &&
                        !needs_autocommit (data->statements);
  if (data->transactional && !drop_transaction_control (self, data, error))
    {
      data->refused = TRUE;
      return FALSE;
    }

  return TRUE;
}

/* What libpq knows of the session's transaction: truer than our flags,
 * as a statement may have ended it.  PQTRANS_UNKNOWN on a lost connection. */
PGTransactionStatusType
_sluice_executor_transaction_status (SluiceExecutor *self)
{
  PGconn *conn = _sluice_executor_connection_usable (self)
                 ? _sluice_connection_get_pgconn (self->connection) : NULL;

  return conn != NULL ? PQtransactionStatus (conn) : PQTRANS_UNKNOWN;
}
