/* sluice-lint-rules-other.c: the lint's rules for indexes, drops, renames,
 * maintenance commands, mass writes and transaction blocks
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "sluice-lint-private.h"

static char *
relation_or (const PgQuery__RangeVar *range_var,
             const char              *fallback)
{
  char *name = _sluice_lint_relation_name (range_var);

  return name != NULL ? name : g_strdup (fallback);
}

/* The dotted name of a DROP's object: a String (a schema's name) or a
 * List of Strings ("schema.table"); NULL for other objects (types,
 * functions ...). */
static char *
drop_object_name (const PgQuery__Node *object)
{
  const PgQuery__List *list;
  GString *name;

  if (object->node_case == PG_QUERY__NODE__NODE_STRING)
    return g_strdup (_sluice_lint_node_string (object));

  if (object->node_case != PG_QUERY__NODE__NODE_LIST || object->list->n_items == 0)
    return NULL;

  list = object->list;
  name = g_string_new (NULL);
  for (size_t i = 0; i < list->n_items; i++)
    {
      const char *part = _sluice_lint_node_string (list->items[i]);

      if (i > 0)
        g_string_append_c (name, '.');
      g_string_append (name, part != NULL ? part : "?");
    }

  return g_string_free (name, FALSE);
}

/* Statements that cannot run in a transaction block -------------------------- */

static gboolean
detaches_concurrently (const PgQuery__AlterTableStmt *alter)
{
  for (size_t i = 0; i < alter->n_cmds; i++)
    {
      const PgQuery__AlterTableCmd *cmd;

      if (alter->cmds[i]->node_case != PG_QUERY__NODE__NODE_ALTER_TABLE_CMD)
        continue;

      cmd = alter->cmds[i]->alter_table_cmd;
      if (cmd->subtype == PG_QUERY__ALTER_TABLE_TYPE__AT_DetachPartition && cmd->def != NULL &&
          cmd->def->node_case == PG_QUERY__NODE__NODE_PARTITION_CMD && cmd->def->partition_cmd->concurrent)
        return TRUE;
    }

  return FALSE;
}

static const char *
reindex_autocommit_words (const PgQuery__ReindexStmt *reindex)
{
  if (_sluice_lint_options_has (reindex->params, reindex->n_params, "concurrently"))
    return "REINDEX CONCURRENTLY";
  if (reindex->kind == PG_QUERY__REINDEX_OBJECT_TYPE__REINDEX_OBJECT_SYSTEM ||
      reindex->kind == PG_QUERY__REINDEX_OBJECT_TYPE__REINDEX_OBJECT_DATABASE)
    return "REINDEX DATABASE";
  return NULL;
}

static const char *
autocommit_only_words (SluiceLintStatement *statement)
{
  const PgQuery__Node *node = statement->node;

  switch (node->node_case)
    {
    case PG_QUERY__NODE__NODE_INDEX_STMT:
      return node->index_stmt->concurrent ? "CREATE INDEX CONCURRENTLY" : NULL;
    case PG_QUERY__NODE__NODE_DROP_STMT:
      return node->drop_stmt->concurrent ? "DROP INDEX CONCURRENTLY" : NULL;
    case PG_QUERY__NODE__NODE_REINDEX_STMT:
      return reindex_autocommit_words (node->reindex_stmt);
    case PG_QUERY__NODE__NODE_VACUUM_STMT:
      return node->vacuum_stmt->is_vacuumcmd ? "VACUUM" : NULL;
    case PG_QUERY__NODE__NODE_ALTER_TABLE_STMT:
      return detaches_concurrently (node->alter_table_stmt) ? "DETACH PARTITION CONCURRENTLY" : NULL;
    case PG_QUERY__NODE__NODE_ALTER_SYSTEM_STMT:
      return "ALTER SYSTEM";
    case PG_QUERY__NODE__NODE_CREATEDB_STMT:
      return "CREATE DATABASE";
    case PG_QUERY__NODE__NODE_DROPDB_STMT:
      return "DROP DATABASE";
    case PG_QUERY__NODE__NODE_CREATE_TABLE_SPACE_STMT:
      return "CREATE TABLESPACE";
    case PG_QUERY__NODE__NODE_DROP_TABLE_SPACE_STMT:
      return "DROP TABLESPACE";
    default:
      return NULL;
    }
}

static void
check_transaction_block (SluiceLintStatement *statement)
{
  SluiceLintState *state = statement->state;
  const char *words;

  if (!state->transactional && !state->in_transaction_block)
    return;

  if ((words = autocommit_only_words (statement)) == NULL)
    return;

  _sluice_lint_statement_report (statement, "concurrently-in-transaction", -1,
                                 state->in_transaction_block
                                 ? g_strdup_printf (_("%s comes after BEGIN, inside a transaction block, where "
                                                      "PostgreSQL refuses it."), words)
                                 : g_strdup_printf (_("%s is in a migration its tool runs in one transaction, "
                                                      "where PostgreSQL refuses it."), words),
                                 _("The statement fails with “cannot run inside a transaction block”, and "
                                   "the migration stops there."),
                                 g_strdup (_("Move it to a migration of its own that runs outside a transaction "
                                             "(“-- sluice:no-transaction”, dbmate’s “transaction:false”, "
                                             "Flyway’s executeInTransaction=false), with nothing else in it.")));
}

/* Indexes --------------------------------------------------------------------- */

static void
check_create_index (SluiceLintStatement *statement)
{
  const PgQuery__IndexStmt *index_stmt = statement->node->index_stmt;
  const PgQuery__RangeVar *relation = index_stmt->relation;
  g_autofree char *table = relation_or (relation, "?");
  g_autofree char *lock = NULL;
  const char *index = _sluice_lint_string (index_stmt->idxname);

  if (index_stmt->concurrent || _sluice_lint_is_new_table (statement, relation))
    return;

  lock = _sluice_lint_describe_lock (statement->lock);
  _sluice_lint_statement_report (statement, "create-index-not-concurrently", -1,
                                 g_strdup_printf (_("CREATE INDEX %s on %s takes the %s for the whole build."),
                                                  index != NULL ? index : "", table, lock),
                                 _("Building an index reads the whole table; until it is done no row of the "
                                   "table can be inserted, updated or deleted."),
                                 g_strdup (_("Use CREATE INDEX CONCURRENTLY, in a migration that runs outside a "
                                             "transaction; if it fails, drop the INVALID index it leaves and retry.")));
}

static void
check_drop (SluiceLintStatement *statement)
{
  const PgQuery__DropStmt *drop = statement->node->drop_stmt;
  PgQuery__ObjectType kind = drop->remove_type;
  g_autofree char *name = NULL;
  g_autofree char *lock = NULL;

  if (drop->n_objects == 0)
    return;

  name = drop_object_name (drop->objects[0]);
  if (name == NULL)
    name = g_strdup ("?");
  lock = _sluice_lint_describe_lock (statement->lock);

  if (kind == PG_QUERY__OBJECT_TYPE__OBJECT_INDEX && !drop->concurrent)
    {
      _sluice_lint_statement_report (statement, "drop-index-not-concurrently", -1,
                                     g_strdup_printf (_("DROP INDEX %s takes the %s on its table."), name, lock),
                                     _("Dropping is quick once the lock is granted, but waiting for it queues "
                                       "every query on the table."),
                                     g_strdup (_("Use DROP INDEX CONCURRENTLY, in a migration that runs outside "
                                                 "a transaction.")));
      return;
    }

  if (kind == PG_QUERY__OBJECT_TYPE__OBJECT_TABLE || kind == PG_QUERY__OBJECT_TYPE__OBJECT_SEQUENCE)
    {
      /* Dropping a table made in the same text loses nothing. */
      if (g_hash_table_contains (statement->state->new_tables, name))
        return;

      _sluice_lint_statement_report (statement, "drop-table", -1,
                                     g_strdup_printf (_("DROP %s %s loses all its data (under the %s)."),
                                                      kind == PG_QUERY__OBJECT_TYPE__OBJECT_TABLE ? "TABLE" : "SEQUENCE",
                                                      name, lock),
                                     _("Only a backup brings it back, and the application code that still uses "
                                       "it fails at once."),
                                     g_strdup (_("Stop using it in the application first, take a backup (pg_dump "
                                                 "-t), then drop it in a later migration; or rename it aside and "
                                                 "drop it once nobody missed it.")));
      return;
    }

  if (kind == PG_QUERY__OBJECT_TYPE__OBJECT_SCHEMA)
    _sluice_lint_statement_report (statement, "drop-schema", -1,
                                   g_strdup_printf (_("DROP SCHEMA %s loses what is in it%s."), name,
                                                    drop->behavior == PG_QUERY__DROP_BEHAVIOR__DROP_CASCADE
                                                    ? _(", and CASCADE drops every object in it") : ""),
                                   _("Tables, data and functions in the schema are gone; only a backup brings "
                                     "them back."),
                                   g_strdup (_("Take a backup of the schema (pg_dump -n) first, and drop it without "
                                               "CASCADE so that PostgreSQL refuses while anything is left in it.")));
}

/* Renames, truncation, maintenance --------------------------------------------- */

static void
check_rename (SluiceLintStatement *statement)
{
  const PgQuery__RenameStmt *rename = statement->node->rename_stmt;
  PgQuery__ObjectType kind = rename->rename_type;
  const PgQuery__RangeVar *relation = rename->relation;
  g_autofree char *table = relation_or (relation, "?");
  const char *new_name = _sluice_lint_string (rename->newname);
  g_autofree char *lock = _sluice_lint_describe_lock (statement->lock);

  if (new_name == NULL || _sluice_lint_is_new_table (statement, relation))
    return;

  if (kind == PG_QUERY__OBJECT_TYPE__OBJECT_COLUMN &&
      rename->relation_type == PG_QUERY__OBJECT_TYPE__OBJECT_TABLE)
    {
      const char *column = _sluice_lint_string (rename->subname);

      _sluice_lint_statement_report (statement, "rename-column", -1,
                                     g_strdup_printf (_("RENAME COLUMN %s TO %s on %s (under the %s) breaks the "
                                                        "clients that still use the old name."),
                                                      column != NULL ? column : "?", new_name, table, lock),
                                     _("The application version running during the deploy still queries the old "
                                       "name and fails until it is replaced."),
                                     g_strdup (_("Add the new column, write both, copy the old values in batches, "
                                                 "move the readers, then drop the old column; or put a view with "
                                                 "the old name in front.")));
    }
  else if (kind == PG_QUERY__OBJECT_TYPE__OBJECT_TABLE)
    {
      _sluice_lint_statement_report (statement, "rename-table", -1,
                                     g_strdup_printf (_("RENAME %s TO %s (under the %s) breaks the clients that "
                                                        "still use the old name."),
                                                      table, new_name, lock),
                                     _("The application version running during the deploy still queries the old "
                                       "name and fails until it is replaced."),
                                     g_strdup (_("Rename it and create a view with the old name (simple views can "
                                                 "be written through) until every client uses the new one.")));
    }
}

/* A relation of a list as a RangeVar; NULL for another node. */
static const PgQuery__RangeVar *
range_var_of (const PgQuery__Node *node)
{
  return node->node_case == PG_QUERY__NODE__NODE_RANGE_VAR ? node->range_var : NULL;
}

static gboolean
all_relations_new (SluiceLintStatement       *statement,
                   const PgQuery__TruncateStmt *truncate)
{
  if (truncate->n_relations == 0)
    return FALSE;

  for (size_t i = 0; i < truncate->n_relations; i++)
    {
      if (!_sluice_lint_is_new_table (statement, range_var_of (truncate->relations[i])))
        return FALSE;
    }

  return TRUE;
}

static void
check_truncate (SluiceLintStatement *statement)
{
  const PgQuery__TruncateStmt *truncate = statement->node->truncate_stmt;
  const PgQuery__RangeVar *first = truncate->n_relations > 0 ? range_var_of (truncate->relations[0]) : NULL;
  g_autofree char *table = relation_or (first, "?");
  g_autofree char *lock = _sluice_lint_describe_lock (statement->lock);
  gboolean cascade = truncate->behavior == PG_QUERY__DROP_BEHAVIOR__DROP_CASCADE;

  if (all_relations_new (statement, truncate))
    return;

  _sluice_lint_statement_report (statement, "truncate", -1,
                                 g_strdup_printf (cascade
                                                  ? _("TRUNCATE %s ... CASCADE deletes every row of it and of every table "
                                                      "whose foreign keys point to it (under the %s).")
                                                  : _("TRUNCATE %s deletes every row (under the %s)."),
                                                  table, lock),
                                 _("The rows are gone once the transaction commits; only a backup brings them back."),
                                 g_strdup (_("Make sure the data is not needed (or back it up with pg_dump -t), "
                                             "and name every table instead of using CASCADE.")));
}

static void
check_vacuum (SluiceLintStatement *statement)
{
  const PgQuery__VacuumStmt *vacuum = statement->node->vacuum_stmt;
  const PgQuery__Node *first = vacuum->n_rels > 0 ? vacuum->rels[0] : NULL;
  const PgQuery__RangeVar *relation = first != NULL && first->node_case == PG_QUERY__NODE__NODE_VACUUM_RELATION
                                      ? first->vacuum_relation->relation : NULL;
  g_autofree char *table = relation_or (relation, _("every table"));
  g_autofree char *lock = NULL;

  if (!vacuum->is_vacuumcmd || !_sluice_lint_options_has (vacuum->options, vacuum->n_options, "full"))
    return;

  lock = _sluice_lint_describe_lock (statement->lock);
  _sluice_lint_statement_report (statement, "vacuum-full", -1,
                                 g_strdup_printf (_("VACUUM FULL rewrites %s under the %s."), table, lock),
                                 _("The table is copied whole, locked against reads and writes, and needs its "
                                   "size again in free disk space."),
                                 g_strdup (_("Use plain VACUUM (it never blocks reads or writes), or pg_repack "
                                             "to give the space back without a long lock.")));
}

static void
check_cluster (SluiceLintStatement *statement)
{
  const PgQuery__RangeVar *relation = statement->node->cluster_stmt->relation;
  g_autofree char *table = relation_or (relation, _("every clustered table"));
  g_autofree char *lock = _sluice_lint_describe_lock (statement->lock);

  if (relation != NULL && _sluice_lint_is_new_table (statement, relation))
    return;

  _sluice_lint_statement_report (statement, "cluster", -1,
                                 g_strdup_printf (_("CLUSTER rewrites %s in index order under the %s."), table, lock),
                                 _("The table is copied whole while it is locked against reads and writes."),
                                 g_strdup (_("Use pg_repack --order-by, which reorders the table without a long "
                                             "lock, or run CLUSTER in a maintenance window.")));
}

static void
check_reindex (SluiceLintStatement *statement)
{
  const PgQuery__ReindexStmt *reindex = statement->node->reindex_stmt;
  const PgQuery__RangeVar *relation = reindex->relation;
  const char *name = _sluice_lint_string (reindex->name);
  g_autofree char *target = relation != NULL ? relation_or (relation, "?") : g_strdup (name != NULL ? name : "?");
  g_autofree char *lock = NULL;

  if (_sluice_lint_options_has (reindex->params, reindex->n_params, "concurrently"))
    return;

  lock = _sluice_lint_describe_lock (statement->lock);
  _sluice_lint_statement_report (statement, "reindex-not-concurrently", -1,
                                 g_strdup_printf (_("REINDEX %s takes the %s on the table and ACCESS EXCLUSIVE on "
                                                    "each index it rebuilds."),
                                                  target, lock),
                                 _("Writes wait for the whole rebuild, and so do the reads whose plans use the "
                                   "index being rebuilt."),
                                 statement->state->server_version >= 120000
                                 ? g_strdup (_("Use REINDEX ... CONCURRENTLY, outside a transaction."))
                                 : g_strdup (_("Before PostgreSQL 12 there is no REINDEX CONCURRENTLY: build a new "
                                               "index with CREATE INDEX CONCURRENTLY, then drop the old one "
                                               "concurrently.")));
}

static void
check_refresh (SluiceLintStatement *statement)
{
  const PgQuery__RefreshMatViewStmt *refresh = statement->node->refresh_mat_view_stmt;
  g_autofree char *view = relation_or (refresh->relation, "?");
  g_autofree char *lock = NULL;

  if (refresh->concurrent)
    return;

  lock = _sluice_lint_describe_lock (statement->lock);
  _sluice_lint_statement_report (statement, "refresh-matview-not-concurrently", -1,
                                 g_strdup_printf (_("REFRESH MATERIALIZED VIEW %s takes the %s until the query behind "
                                                    "it has run."),
                                                  view, lock),
                                 _("Every read of the view waits for the whole refresh."),
                                 g_strdup (_("Use REFRESH MATERIALIZED VIEW CONCURRENTLY (the view needs a unique "
                                             "index).")));
}

static void
check_mass_write (SluiceLintStatement *statement)
{
  const PgQuery__Node *node = statement->node;
  gboolean update = node->node_case == PG_QUERY__NODE__NODE_UPDATE_STMT;
  const PgQuery__RangeVar *relation = update ? node->update_stmt->relation : node->delete_stmt->relation;
  const PgQuery__Node *where = update ? node->update_stmt->where_clause : node->delete_stmt->where_clause;
  g_autofree char *table = relation_or (relation, "?");

  if (where != NULL || _sluice_lint_is_new_table (statement, relation))
    return;

  _sluice_lint_statement_report (statement, "update-delete-without-where", -1,
                                 g_strdup_printf (update
                                                  ? _("UPDATE %s without WHERE writes every row in one transaction.")
                                                  : _("DELETE FROM %s without WHERE deletes every row in one transaction."),
                                                  table),
                                 _("Every row stays locked until the end, the table bloats by its own size, and "
                                   "replicas fall behind while the WAL is replayed."),
                                 g_strdup (_("Write it in batches by key range (WHERE id BETWEEN ...) with a "
                                             "commit between them, or use TRUNCATE if every row must go.")));
}

static void
check_drop_database (SluiceLintStatement *statement)
{
  const char *name = _sluice_lint_string (statement->node->dropdb_stmt->dbname);

  _sluice_lint_statement_report (statement, "drop-database", -1,
                                 g_strdup_printf (_("DROP DATABASE %s loses all of it."), name != NULL ? name : "?"),
                                 _("Every table, every row and every object in it is gone; only a backup brings "
                                   "it back."),
                                 g_strdup (_("Do not drop databases from a migration; do it by hand after a "
                                             "pg_dump of it.")));
}

void
_sluice_lint_rules_other (SluiceLintStatement *statement)
{
  check_transaction_block (statement);

  switch (statement->node->node_case)
    {
    case PG_QUERY__NODE__NODE_INDEX_STMT:
      check_create_index (statement);
      break;
    case PG_QUERY__NODE__NODE_DROP_STMT:
      check_drop (statement);
      break;
    case PG_QUERY__NODE__NODE_RENAME_STMT:
      check_rename (statement);
      break;
    case PG_QUERY__NODE__NODE_TRUNCATE_STMT:
      check_truncate (statement);
      break;
    case PG_QUERY__NODE__NODE_VACUUM_STMT:
      check_vacuum (statement);
      break;
    case PG_QUERY__NODE__NODE_CLUSTER_STMT:
      check_cluster (statement);
      break;
    case PG_QUERY__NODE__NODE_REINDEX_STMT:
      check_reindex (statement);
      break;
    case PG_QUERY__NODE__NODE_REFRESH_MAT_VIEW_STMT:
      check_refresh (statement);
      break;
    case PG_QUERY__NODE__NODE_UPDATE_STMT:
    case PG_QUERY__NODE__NODE_DELETE_STMT:
      check_mass_write (statement);
      break;
    case PG_QUERY__NODE__NODE_DROPDB_STMT:
      check_drop_database (statement);
      break;
    default:
      break;
    }
}
