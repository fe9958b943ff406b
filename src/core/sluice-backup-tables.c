/* sluice-backup-tables.c: which tables a migration puts at risk
 *
 * What a backup before a run must hold are the tables whose rows or shape
 * the migrations change: those altered, renamed, moved, dropped,
 * truncated, or written to (INSERT, UPDATE, DELETE, MERGE, COPY FROM),
 * also from inside a WITH.  An index built on a table is left out: it can
 * be rebuilt from the table, so it puts no data at risk.  Tables the
 * migrations create themselves are left out as well, from the statement
 * that creates them on: before it they did not exist.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <pg_query.h>
#include <pg_query/pg_query.pb-c.h>
#include <string.h>

#include "sluice-backup.h"
#include "sluice-migration.h"

typedef struct
{
  GHashTable *touched;   /* "schema.name" set */
  GHashTable *created;   /* "schema.name" set */
} Walk;

/* protobuf-c hands an unset string as "" */
static const char *
non_empty (const char *value)
{
  return value != NULL && *value != '\0' ? value : NULL;
}

static char *
qualified_name (const char *schema,
                const char *name)
{
  return g_strdup_printf ("%s.%s", schema != NULL ? schema : "public", name);
}

static char *
range_var_name (const PgQuery__RangeVar *range_var)
{
  const char *name;

  if (range_var == NULL || (name = non_empty (range_var->relname)) == NULL)
    return NULL;
  /* A temporary table is gone with the session: nothing to back up. */
  if (g_strcmp0 (range_var->relpersistence, "t") == 0)
    return NULL;

  return qualified_name (non_empty (range_var->schemaname), name);
}

static void
touch_name (Walk *walk,
            char *name)
{
  if (name == NULL)
    return;

  if (g_hash_table_contains (walk->created, name))
    g_free (name);
  else
    g_hash_table_add (walk->touched, name);
}

static void
touch (Walk                    *walk,
       const PgQuery__RangeVar *range_var)
{
  touch_name (walk, range_var_name (range_var));
}

/* A temporary table counts too: unqualified, it hides the permanent one
 * of the same name for the rest of the session. */
static void
create (Walk                    *walk,
        const PgQuery__RangeVar *range_var)
{
  const char *name;

  if (range_var == NULL || (name = non_empty (range_var->relname)) == NULL)
    return;

  g_hash_table_add (walk->created, qualified_name (non_empty (range_var->schemaname), name));
}

/* DROP TABLE a, s.b: each object is a list of names. */
static void
touch_dropped (Walk                     *walk,
               const PgQuery__DropStmt  *drop)
{
  if (drop->remove_type != PG_QUERY__OBJECT_TYPE__OBJECT_TABLE)
    return;

  for (size_t i = 0; i < drop->n_objects; i++)
    {
      const PgQuery__Node *object = drop->objects[i];
      const char *parts[3] = { NULL, NULL, NULL };
      size_t n_parts;

      if (object == NULL || object->node_case != PG_QUERY__NODE__NODE_LIST || object->list == NULL)
        continue;

      n_parts = object->list->n_items;
      if (n_parts == 0 || n_parts > 3)
        continue;
      for (size_t j = 0; j < n_parts; j++)
        {
          const PgQuery__Node *item = object->list->items[j];

          if (item != NULL && item->node_case == PG_QUERY__NODE__NODE_STRING && item->string != NULL)
            parts[j] = non_empty (item->string->sval);
        }
      if (parts[n_parts - 1] == NULL)
        continue;

      /* "db.schema.name", "schema.name" or "name". */
      touch_name (walk, qualified_name (n_parts >= 2 ? parts[n_parts - 2] : NULL, parts[n_parts - 1]));
    }
}

static gboolean
is_table_object (PgQuery__ObjectType type)
{
  return type == PG_QUERY__OBJECT_TYPE__OBJECT_TABLE;
}

static void walk_message (Walk                   *walk,
                          const ProtobufCMessage *message);

/* What one parse-tree node does to a table; FALSE to not look inside it. */
static gboolean
visit (Walk                   *walk,
       const ProtobufCMessage *message)
{
  const ProtobufCMessageDescriptor *descriptor = message->descriptor;

  if (descriptor == &pg_query__alter_table_stmt__descriptor)
    {
      const PgQuery__AlterTableStmt *alter = (const PgQuery__AlterTableStmt *) message;

      if (is_table_object (alter->objtype))
        touch (walk, alter->relation);
      return FALSE;
    }
  if (descriptor == &pg_query__rename_stmt__descriptor)
    {
      const PgQuery__RenameStmt *rename = (const PgQuery__RenameStmt *) message;

      /* The parser leaves relation_type unset for a constraint: a table's
       * has a relation, a domain's has none. */
      if (is_table_object (rename->rename_type) ||
          (rename->rename_type == PG_QUERY__OBJECT_TYPE__OBJECT_COLUMN &&
           is_table_object (rename->relation_type)) ||
          rename->rename_type == PG_QUERY__OBJECT_TYPE__OBJECT_TABCONSTRAINT)
        touch (walk, rename->relation);
      return FALSE;
    }
  if (descriptor == &pg_query__alter_object_schema_stmt__descriptor)
    {
      const PgQuery__AlterObjectSchemaStmt *move = (const PgQuery__AlterObjectSchemaStmt *) message;

      if (is_table_object (move->object_type))
        touch (walk, move->relation);
      return FALSE;
    }
  if (descriptor == &pg_query__drop_stmt__descriptor)
    {
      touch_dropped (walk, (const PgQuery__DropStmt *) message);
      return FALSE;
    }
  if (descriptor == &pg_query__truncate_stmt__descriptor)
    {
      const PgQuery__TruncateStmt *truncate = (const PgQuery__TruncateStmt *) message;

      for (size_t i = 0; i < truncate->n_relations; i++)
        {
          const PgQuery__Node *node = truncate->relations[i];

          if (node != NULL && node->node_case == PG_QUERY__NODE__NODE_RANGE_VAR)
            touch (walk, node->range_var);
        }
      return FALSE;
    }
  if (descriptor == &pg_query__copy_stmt__descriptor)
    {
      const PgQuery__CopyStmt *copy = (const PgQuery__CopyStmt *) message;

      if (copy->is_from)
        touch (walk, copy->relation);
      return FALSE;
    }
  /* The writes; their WITH and sub-selects may hold more of them. */
  if (descriptor == &pg_query__insert_stmt__descriptor)
    touch (walk, ((const PgQuery__InsertStmt *) message)->relation);
  else if (descriptor == &pg_query__update_stmt__descriptor)
    touch (walk, ((const PgQuery__UpdateStmt *) message)->relation);
  else if (descriptor == &pg_query__delete_stmt__descriptor)
    touch (walk, ((const PgQuery__DeleteStmt *) message)->relation);
  else if (descriptor == &pg_query__merge_stmt__descriptor)
    touch (walk, ((const PgQuery__MergeStmt *) message)->relation);

  return TRUE;
}

/* Any statement can hide a write in a WITH or a sub-query, so the walk
 * goes through every message field with protobuf-c's descriptors instead
 * of naming every node type that may hold one. */
static void
walk_fields (Walk                   *walk,
             const ProtobufCMessage *message)
{
  const ProtobufCMessageDescriptor *descriptor = message->descriptor;
  const char *base = (const char *) message;

  for (unsigned i = 0; i < descriptor->n_fields; i++)
    {
      const ProtobufCFieldDescriptor *field = &descriptor->fields[i];

      if (field->type != PROTOBUF_C_TYPE_MESSAGE)
        continue;

      if (field->label == PROTOBUF_C_LABEL_REPEATED)
        {
          size_t n_children = *(const size_t *) (base + field->quantifier_offset);
          ProtobufCMessage * const *children = *(ProtobufCMessage * const * const *) (base + field->offset);

          for (size_t j = 0; j < n_children; j++)
            walk_message (walk, children[j]);
        }
      else if (!(field->flags & PROTOBUF_C_FIELD_FLAG_ONEOF) ||
               *(const uint32_t *) (base + field->quantifier_offset) == field->id)
        walk_message (walk, *(ProtobufCMessage * const *) (base + field->offset));
    }
}

static void
walk_message (Walk                   *walk,
              const ProtobufCMessage *message)
{
  if (message == NULL)
    return;

  if (visit (walk, message))
    walk_fields (walk, message);
}

/* The tables a statement creates count as created once it has run. */
static void
note_created (Walk                *walk,
              const PgQuery__Node *statement)
{
  if (statement == NULL)
    return;

  switch (statement->node_case)
    {
    case PG_QUERY__NODE__NODE_CREATE_STMT:
      create (walk, statement->create_stmt->relation);
      break;
    case PG_QUERY__NODE__NODE_CREATE_TABLE_AS_STMT:
      if (statement->create_table_as_stmt->into != NULL &&
          is_table_object (statement->create_table_as_stmt->objtype))
        create (walk, statement->create_table_as_stmt->into->rel);
      break;
    case PG_QUERY__NODE__NODE_SELECT_STMT:
      if (statement->select_stmt->into_clause != NULL)
        create (walk, statement->select_stmt->into_clause->rel);
      break;
    default:
      break;
    }
}

static void
walk_statement (Walk                *walk,
                const PgQuery__Node *statement)
{
  walk_message (walk, (const ProtobufCMessage *) statement);
  note_created (walk, statement);
}

/* Text libpg_query cannot parse is left out: the lint reports it, and the
 * run itself will refuse it. */
static void
walk_sql (Walk       *walk,
          const char *sql)
{
  PgQueryProtobufParseResult result;
  PgQuery__ParseResult *tree;

  if (sql == NULL || *sql == '\0')
    return;

  result = pg_query_parse_protobuf (sql);
  if (result.error == NULL &&
      (tree = pg_query__parse_result__unpack (NULL, result.parse_tree.len,
                                              (const uint8_t *) result.parse_tree.data)) != NULL)
    {
      for (size_t i = 0; i < tree->n_stmts; i++)
        {
          if (tree->stmts[i] != NULL)
            walk_statement (walk, tree->stmts[i]->stmt);
        }
      pg_query__parse_result__free_unpacked (tree, NULL);
    }
  pg_query_free_protobuf_parse_result (result);
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

GStrv
sluice_backup_tables_touched (GPtrArray *migrations)
{
  g_autoptr(GHashTable) touched = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) created = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  Walk walk = { touched, created };
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  GHashTableIter iter;
  gpointer name;
  GStrv result;

  for (guint i = 0; migrations != NULL && i < migrations->len; i++)
    {
      SluiceMigration *migration = g_ptr_array_index (migrations, i);

      g_return_val_if_fail (SLUICE_IS_MIGRATION (migration), NULL);
      walk_sql (&walk, sluice_migration_get_up_sql (migration));
    }

  g_hash_table_iter_init (&iter, touched);
  while (g_hash_table_iter_next (&iter, &name, NULL))
    g_ptr_array_add (names, name);
  g_ptr_array_sort (names, compare_strings);

  result = g_new0 (char *, names->len + 1);
  for (guint i = 0; i < names->len; i++)
    result[i] = g_strdup (g_ptr_array_index (names, i));

  return result;
}
