/* sluice-plan-explain.c: running EXPLAIN on a connection
 *
 * EXPLAIN runs in one pipeline: BEGIN, SET LOCAL statement_timeout (when
 * the profile has one), EXPLAIN (..., FORMAT JSON), ROLLBACK.  With
 * ANALYZE the statement really runs, so a statement that writes has its
 * work undone by the ROLLBACK; a statement that only reads loses nothing.
 * When EXPLAIN fails (an error, the timeout, a cancel) the server skips the
 * rest of the pipeline and the transaction stays open and aborted, so a
 * ROLLBACK is sent on its own before the error is returned.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>
#include <pg_query.h>

#include "sluice-error.h"
#include "sluice-plan-explain.h"
#include "sluice-plan-private.h"
#include "sluice-sql.h"

/* Judging a statement */

static JsonNode *
parse_tree (const char *sql)
{
  PgQueryParseResult result = pg_query_parse (sql);
  g_autoptr(JsonParser) parser = NULL;
  JsonNode *root = NULL;

  if (result.error == NULL && result.parse_tree != NULL)
    {
      parser = json_parser_new ();
      if (json_parser_load_from_data (parser, result.parse_tree, -1, NULL))
        root = json_parser_steal_root (parser);
    }

  pg_query_free_parse_result (result);
  return root;
}

/* The one statement of @root ({"stmts": [{"stmt": {"SelectStmt": ...}}]}),
 * its type in *@type; NULL when there is not exactly one. */
static JsonObject *
only_statement (JsonNode    *root,
                const char **type)
{
  JsonObject *object;
  JsonNode *stmts, *first, *stmt;
  JsonObjectIter iter;
  JsonNode *value;

  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return NULL;

  object = json_node_get_object (root);
  stmts = json_object_get_member (object, "stmts");
  if (stmts == NULL || !JSON_NODE_HOLDS_ARRAY (stmts) || json_array_get_length (json_node_get_array (stmts)) != 1)
    return NULL;

  first = json_array_get_element (json_node_get_array (stmts), 0);
  if (!JSON_NODE_HOLDS_OBJECT (first))
    return NULL;
  stmt = json_object_get_member (json_node_get_object (first), "stmt");
  if (stmt == NULL || !JSON_NODE_HOLDS_OBJECT (stmt))
    return NULL;

  json_object_iter_init (&iter, json_node_get_object (stmt));
  if (!json_object_iter_next (&iter, type, &value) || !JSON_NODE_HOLDS_OBJECT (value))
    return NULL;

  return json_node_get_object (value);
}

/* Anything in the tree that writes or locks: a data-modifying WITH, FOR
 * UPDATE/SHARE anywhere, SELECT INTO.  Walked with a stack of our own. */
static gboolean
tree_writes (JsonNode *start)
{
  g_autoptr(GPtrArray) stack = g_ptr_array_new ();

  g_ptr_array_add (stack, start);

  while (stack->len > 0)
    {
      JsonNode *node = g_ptr_array_steal_index_fast (stack, stack->len - 1);

      if (JSON_NODE_HOLDS_ARRAY (node))
        {
          JsonArray *array = json_node_get_array (node);

          for (guint i = 0; i < json_array_get_length (array); i++)
            g_ptr_array_add (stack, json_array_get_element (array, i));
        }
      else if (JSON_NODE_HOLDS_OBJECT (node))
        {
          JsonObjectIter iter;
          const char *member;
          JsonNode *value;

          json_object_iter_init (&iter, json_node_get_object (node));
          while (json_object_iter_next (&iter, &member, &value))
            {
              if (g_str_equal (member, "InsertStmt") || g_str_equal (member, "UpdateStmt") ||
                  g_str_equal (member, "DeleteStmt") || g_str_equal (member, "MergeStmt") ||
                  g_str_equal (member, "intoClause"))
                return TRUE;
              if (g_str_equal (member, "lockingClause") && JSON_NODE_HOLDS_ARRAY (value) &&
                  json_array_get_length (json_node_get_array (value)) > 0)
                return TRUE;
              g_ptr_array_add (stack, value);
            }
        }
    }

  return FALSE;
}

gboolean
sluice_plan_statement_writes (const char *sql)
{
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(JsonNode) statement_node = NULL;
  JsonObject *statement;
  const char *type = NULL;

  g_return_val_if_fail (sql != NULL, TRUE);

  root = parse_tree (sql);
  statement = only_statement (root, &type);

  /* What cannot be judged is taken to write. */
  if (statement == NULL || !g_str_equal (type, "SelectStmt"))
    return TRUE;

  statement_node = json_node_new (JSON_NODE_OBJECT);
  json_node_set_object (statement_node, statement);
  return tree_writes (statement_node);
}

/* Building the statement */

static void
add_option (GString    *options,
            const char *option)
{
  if (options->len > 0)
    g_string_append (options, ", ");
  g_string_append (options, option);
}

char *
sluice_plan_build_explain_sql (const char                 *sql,
                               const SluiceExplainOptions *options,
                               int                         server_version,
                               SluiceExplainOptions       *used,
                               GError                    **error)
{
  g_autoptr(GPtrArray) statements = NULL;
  g_autoptr(GString) list = g_string_new (NULL);
  g_autoptr(JsonNode) root = NULL;
  SluiceExplainOptions kept;
  const SluiceStatement *statement;
  const char *type = NULL;

  g_return_val_if_fail (sql != NULL, NULL);
  g_return_val_if_fail (options != NULL, NULL);

  statements = sluice_sql_split (sql, 1, error);
  if (statements == NULL)
    return NULL;

  if (statements->len == 0)
    {
      g_set_error_literal (error, SLUICE_ERROR, SLUICE_ERROR_INVALID_INPUT,
                           _("There is no statement to explain: the text holds only blanks or comments."));
      return NULL;
    }
  if (statements->len > 1)
    {
      g_set_error (error, SLUICE_ERROR, SLUICE_ERROR_INVALID_INPUT,
                   _("The text holds %u statements, but EXPLAIN takes one. Nothing was run; "
                     "select the statement to explain."),
                   statements->len);
      return NULL;
    }

  statement = g_ptr_array_index (statements, 0);
  root = parse_tree (statement->text);
  if (only_statement (root, &type) != NULL && g_str_equal (type, "ExplainStmt"))
    {
      g_set_error_literal (error, SLUICE_ERROR, SLUICE_ERROR_INVALID_INPUT,
                           _("The statement is already an EXPLAIN. Nothing was run; give the statement "
                             "alone and choose the EXPLAIN options."));
      return NULL;
    }

  kept = *options;
  /* What the server does not know, it would refuse with a syntax error. */
  if (server_version < 120000)
    kept.settings = FALSE;
  if (server_version < 130000 || !kept.analyze)
    kept.wal = FALSE;
  if (server_version < 130000 && !kept.analyze)
    kept.buffers = FALSE;
  if (server_version < 170000 || !kept.analyze)
    kept.serialize = FALSE;
  if (server_version < 170000)
    kept.memory = FALSE;
  if (!kept.analyze)
    kept.timing = TRUE;

  if (kept.analyze)
    add_option (list, "ANALYZE");
  if (kept.buffers)
    add_option (list, "BUFFERS");
  if (kept.verbose)
    add_option (list, "VERBOSE");
  if (kept.settings)
    add_option (list, "SETTINGS");
  if (kept.wal)
    add_option (list, "WAL");
  if (kept.analyze && !kept.timing)
    add_option (list, "TIMING FALSE");
  if (kept.serialize)
    add_option (list, "SERIALIZE");
  if (kept.memory)
    add_option (list, "MEMORY");
  add_option (list, "FORMAT JSON");

  if (used != NULL)
    *used = kept;

  return g_strdup_printf ("EXPLAIN (%s) %s", list->str, statement->text);
}

/* Running */

typedef struct
{
  SluiceConnection     *connection;
  char                 *query;
  SluiceExplainOptions  used;
  int                   server_version;
  gboolean              rolled_back;
  guint                 explain_index;
  GError               *error;
  char                 *plan_json;
} Explain;

static void
explain_free (Explain *explain)
{
  g_clear_object (&explain->connection);
  g_clear_pointer (&explain->query, g_free);
  g_clear_error (&explain->error);
  g_clear_pointer (&explain->plan_json, g_free);
  g_free (explain);
}

static void
parse_in_thread (GTask        *task,
                 gpointer      source_object,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  Explain *explain = task_data;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GError) error = NULL;
  SluicePlan *plan;
  gsize length;

  /* The server's text becomes the plan's source, not a copy of it. */
  length = strlen (explain->plan_json);
  plan = sluice_plan_new_from_json_take (g_steal_pointer (&explain->plan_json), length, &error);
  if (plan == NULL)
    {
      g_task_return_new_error (task, SLUICE_ERROR, SLUICE_ERROR_FAILED,
                               _("The server's plan could not be read: %s"), error->message);
      return;
    }

  sluice_plan_set_query (plan, explain->query);
  _sluice_plan_set_capture (plan, &explain->used, explain->server_version, now, explain->rolled_back);
  g_task_return_pointer (task, plan, g_object_unref);
}

static void
on_rollback_done (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Explain *explain = g_task_get_task_data (task);
  g_autoptr(SluiceResult) rollback = NULL;

  /* The connection may be gone, which ends the transaction as surely. */
  rollback = sluice_connection_query_finish (SLUICE_CONNECTION (object), result, NULL);
  g_task_return_error (task, g_steal_pointer (&explain->error));
}

static char *
plan_text_of (SluiceResult *result)
{
  GString *text = g_string_new (NULL);

  /* FORMAT JSON gives one row; join any more as psql would show them. */
  for (int row = 0; row < sluice_result_get_n_rows (result); row++)
    {
      const char *value = sluice_result_get_value (result, row, 0);

      if (value == NULL)
        continue;
      if (text->len > 0)
        g_string_append_c (text, '\n');
      g_string_append (text, value);
    }

  return g_string_free (text, FALSE);
}

static void
on_pipeline_done (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Explain *explain = g_task_get_task_data (task);
  g_autoptr(GPtrArray) results = NULL;
  SluiceResult *plan_result;

  results = sluice_connection_pipeline_finish (SLUICE_CONNECTION (object), result, &explain->error);
  if (results == NULL)
    {
      sluice_connection_query_async (explain->connection, "ROLLBACK", NULL, 0, NULL,
                                     on_rollback_done, g_steal_pointer (&task));
      return;
    }

  if (results->len <= explain->explain_index ||
      sluice_result_get_n_columns (plan_result = g_ptr_array_index (results, explain->explain_index)) < 1)
    {
      g_task_return_new_error (task, SLUICE_ERROR, SLUICE_ERROR_FAILED,
                               _("The server answered EXPLAIN without a plan. Nothing was changed."));
      return;
    }

  explain->plan_json = plan_text_of (plan_result);
  g_task_run_in_thread (task, parse_in_thread);
}

void
sluice_plan_explain_async (SluiceConnection           *connection,
                           const char                 *sql,
                           const SluiceExplainOptions *options,
                           GCancellable               *cancellable,
                           GAsyncReadyCallback         callback,
                           gpointer                    user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) statements = NULL;
  g_autofree char *explain_sql = NULL;
  SluiceConnectionState state;
  Explain *explain;

  g_return_if_fail (SLUICE_IS_CONNECTION (connection));
  g_return_if_fail (sql != NULL);
  g_return_if_fail (options != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (connection, cancellable, callback, user_data);
  g_task_set_source_tag (task, sluice_plan_explain_async);

  state = sluice_connection_get_state (connection);
  if (state != SLUICE_CONNECTION_READY && state != SLUICE_CONNECTION_BUSY)
    {
      g_task_return_new_error (task, SLUICE_ERROR, SLUICE_ERROR_CONNECTION,
                               _("EXPLAIN was not run: the connection is not open. Connect first."));
      return;
    }

  explain = g_new0 (Explain, 1);
  g_task_set_task_data (task, explain, (GDestroyNotify) explain_free);
  explain->connection = g_object_ref (connection);
  explain->query = g_strdup (sql);
  explain->server_version = sluice_connection_get_server_version (connection);

  explain_sql = sluice_plan_build_explain_sql (sql, options, explain->server_version, &explain->used, &error);
  if (explain_sql == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  explain->rolled_back = explain->used.analyze && sluice_plan_statement_writes (sql);

  statements = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (statements, g_strdup ("BEGIN"));
  if (options->statement_timeout_ms > 0)
    g_ptr_array_add (statements, g_strdup_printf ("SET LOCAL statement_timeout = %u", options->statement_timeout_ms));
  explain->explain_index = statements->len;
  g_ptr_array_add (statements, g_steal_pointer (&explain_sql));
  g_ptr_array_add (statements, g_strdup ("ROLLBACK"));
  g_ptr_array_add (statements, NULL);

  sluice_connection_pipeline_async (connection, (const char * const *) statements->pdata, cancellable,
                                    on_pipeline_done, g_steal_pointer (&task));
}

SluicePlan *
sluice_plan_explain_finish (GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == sluice_plan_explain_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
