/* sluice-lint-rules-alter.c: the lint's rules for ALTER TABLE
 *
 * A table created earlier in the same text has no rows and no readers:
 * nothing done to it blocks anyone, so none of these rules look at it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "sluice-lint-private.h"

typedef struct
{
  SluiceLintStatement *statement;
  const char          *table;     /* as written: "schema.name" or "name" */
  char                *lock;      /* "ACCESS EXCLUSIVE lock (blocks ...)" */
} AlterContext;

/* Defaults ------------------------------------------------------------------ */

/* Functions that are not volatile and common in defaults: a default that
 * calls only these is computed once and kept in the catalog (PostgreSQL
 * 11 and later), with no rewrite. */
static const char * const non_volatile_functions[] = {
  "now", "transaction_timestamp", "statement_timestamp", "current_timestamp", "localtimestamp",
  "current_date", "current_setting", "current_user", "session_user", "current_schema",
  "lower", "upper", "length", "btrim", "trim", "ltrim", "rtrim", "substring", "substr", "replace",
  "concat", "concat_ws", "md5", "abs", "round", "floor", "ceil", "to_char", "to_date",
  "to_timestamp", "to_number", "date_trunc", "date_part", "make_date", "make_time",
  "make_timestamp", "make_timestamptz", "make_interval", "timezone", "jsonb_build_object",
  "jsonb_build_array", "json_build_object", "json_build_array", "array_fill", "int4range",
  "int8range", "numrange", "tsrange", "tstzrange", "daterange", "to_jsonb", "to_json",
  "jsonb_object", "format", "lpad", "rpad", "repeat", "greatest", "least", "nullif",
  "coalesce", "ascii", "chr", "pg_catalog.now", NULL
};

static gboolean
function_is_non_volatile (const char *name)
{
  for (guint i = 0; non_volatile_functions[i] != NULL; i++)
    {
      if (g_ascii_strcasecmp (name, non_volatile_functions[i]) == 0)
        return TRUE;
    }

  return FALSE;
}

static const char *find_volatile_function (const ProtobufCMessage *message);

/* The message fields of @message, in field order, searched for a
 * volatile function; a oneof's members share their place, so only the
 * one that is set is followed. */
static const char *
find_volatile_function_in_fields (const ProtobufCMessage *message)
{
  const ProtobufCMessageDescriptor *descriptor = message->descriptor;
  const char *base = (const char *) message;

  for (unsigned i = 0; i < descriptor->n_fields; i++)
    {
      const ProtobufCFieldDescriptor *field = &descriptor->fields[i];
      const char *found = NULL;

      if (field->type != PROTOBUF_C_TYPE_MESSAGE)
        continue;

      if (field->label == PROTOBUF_C_LABEL_REPEATED)
        {
          size_t n_children = *(const size_t *) (base + field->quantifier_offset);
          ProtobufCMessage * const *children = *(ProtobufCMessage * const * const *) (base + field->offset);

          for (size_t j = 0; j < n_children && found == NULL; j++)
            found = find_volatile_function (children[j]);
        }
      else if (!(field->flags & PROTOBUF_C_FIELD_FLAG_ONEOF) ||
               *(const uint32_t *) (base + field->quantifier_offset) == field->id)
        found = find_volatile_function (*(ProtobufCMessage * const *) (base + field->offset));

      if (found != NULL)
        return found;
    }

  return NULL;
}

/* The first function in an expression (any parse-tree message) that may
 * be volatile (a known volatile one, or one Sluice does not know), or
 * NULL.  A default can hold any expression node, so the walk goes
 * through protobuf-c's descriptors instead of naming every node type. */
static const char *
find_volatile_function (const ProtobufCMessage *message)
{
  if (message == NULL)
    return NULL;

  if (message->descriptor == &pg_query__func_call__descriptor)
    {
      const PgQuery__FuncCall *call = (const PgQuery__FuncCall *) message;
      const char *name = _sluice_lint_last_name (call->funcname, call->n_funcname);

      if (name == NULL || !function_is_non_volatile (name))
        return name != NULL ? name : "?";
    }

  return find_volatile_function_in_fields (message);
}

static gboolean
type_is_serial (const char *type)
{
  static const char * const serials[] = { "serial", "serial4", "bigserial", "serial8", "smallserial", "serial2", NULL };

  for (guint i = 0; type != NULL && serials[i] != NULL; i++)
    {
      if (g_str_equal (type, serials[i]))
        return TRUE;
    }

  return FALSE;
}

/* ADD COLUMN ---------------------------------------------------------------- */

typedef struct
{
  const PgQuery__Constraint *default_constraint;
  const PgQuery__Constraint *not_null;
  const PgQuery__Constraint *identity;
  const PgQuery__Constraint *generated;
  const PgQuery__Constraint *builds_index;     /* PRIMARY KEY or UNIQUE */
  const PgQuery__Constraint *validated;        /* REFERENCES or CHECK */
  const char *validated_kind;
} ColumnConstraints;

static void
read_column_constraints (const PgQuery__ColumnDef *column_def,
                         ColumnConstraints        *found)
{
  memset (found, 0, sizeof *found);

  for (size_t i = 0; i < column_def->n_constraints; i++)
    {
      const PgQuery__Constraint *constraint;

      if (column_def->constraints[i]->node_case != PG_QUERY__NODE__NODE_CONSTRAINT)
        continue;

      constraint = column_def->constraints[i]->constraint;
      switch (constraint->contype)
        {
        case PG_QUERY__CONSTR_TYPE__CONSTR_DEFAULT:
          found->default_constraint = constraint;
          break;
        case PG_QUERY__CONSTR_TYPE__CONSTR_NOTNULL:
          found->not_null = constraint;
          break;
        case PG_QUERY__CONSTR_TYPE__CONSTR_IDENTITY:
          found->identity = constraint;
          break;
        case PG_QUERY__CONSTR_TYPE__CONSTR_GENERATED:
          found->generated = constraint;
          break;
        case PG_QUERY__CONSTR_TYPE__CONSTR_PRIMARY:
        case PG_QUERY__CONSTR_TYPE__CONSTR_UNIQUE:
          found->builds_index = constraint;
          break;
        case PG_QUERY__CONSTR_TYPE__CONSTR_FOREIGN:
        case PG_QUERY__CONSTR_TYPE__CONSTR_CHECK:
          found->validated = constraint;
          found->validated_kind = constraint->contype == PG_QUERY__CONSTR_TYPE__CONSTR_FOREIGN ? "REFERENCES" : "CHECK";
          break;
        default:
          break;
        }
    }
}

/* A node's location, or @fallback when it has none: -1, or 0, which the
 * parser also gives for "unknown" and no node of an ALTER TABLE starts
 * at (the statement's first word does). */
static gssize
node_location (gint32 location,
               gssize fallback)
{
  return location > 0 ? (gssize) location : fallback;
}

static void
check_add_column (AlterContext             *context,
                  const PgQuery__ColumnDef *column_def)
{
  SluiceLintStatement *statement = context->statement;
  const char *column = _sluice_lint_string (column_def->colname);
  const PgQuery__TypeName *type_name = column_def->type_name;
  const char *type = _sluice_lint_type_name (type_name);
  gssize location = node_location (column_def->location, -1);
  gboolean serial = type_is_serial (type);
  const char *volatile_function = NULL;
  ColumnConstraints found;

  if (column == NULL)
    column = "?";

  read_column_constraints (column_def, &found);

  if (found.default_constraint != NULL)
    volatile_function = find_volatile_function ((const ProtobufCMessage *) found.default_constraint->raw_expr);

  /* Values computed per row are written into every row. */
  if (serial || found.identity != NULL || found.generated != NULL || volatile_function != NULL)
    {
      g_autofree char *what = NULL;

      if (volatile_function != NULL)
        what = g_strdup_printf (_("a default that calls %s(), which is or may be volatile"), volatile_function);
      else if (serial)
        what = g_strdup_printf (_("the type %s, whose default calls nextval()"), type);
      else if (found.identity != NULL)
        what = g_strdup (_("GENERATED ... AS IDENTITY"));
      else
        what = g_strdup (_("GENERATED ALWAYS AS ... STORED"));

      _sluice_lint_statement_report (statement, "add-column-default-rewrite", location,
                                     /* Translators: ADD COLUMN c with <what> rewrites t ... under an ACCESS EXCLUSIVE lock (...) */
                                     g_strdup_printf (_("ADD COLUMN %s with %s rewrites %s and all its indexes under the %s."),
                                                      column, what, context->table, context->lock),
                                     _("Every row gets its own value, so PostgreSQL writes the whole table again; "
                                       "reads and writes wait until it is done, and the table needs twice its disk space meanwhile."),
                                     g_strdup (_("Add the column without a default (or with a constant one), set the "
                                                 "default with ALTER COLUMN ... SET DEFAULT, and fill the existing rows "
                                                 "in small batches of UPDATE.")));
    }
  else if (found.default_constraint != NULL && statement->state->server_version < 110000)
    {
      _sluice_lint_statement_report (statement, "add-column-default-rewrite", location,
                                     g_strdup_printf (_("ADD COLUMN %s with a default rewrites %s and all its indexes "
                                                        "under the %s on PostgreSQL %u."),
                                                      column, context->table, context->lock,
                                                      statement->state->server_version / 10000),
                                     _("Before PostgreSQL 11 any default is written into every row; from 11 a "
                                       "constant default is kept in the catalog and the change is instant."),
                                     g_strdup (_("Add the column without a default, set the default with ALTER COLUMN "
                                                 "... SET DEFAULT, and fill the existing rows in small batches.")));
    }

  if (found.not_null != NULL && found.default_constraint == NULL && found.identity == NULL &&
      found.generated == NULL && !serial)
    {
      _sluice_lint_statement_report (statement, "add-column-not-null-without-default",
                                     node_location (found.not_null->location, location),
                                     g_strdup_printf (_("ADD COLUMN %s ... NOT NULL has no default: it fails as soon "
                                                        "as %s has a row."),
                                                      column, context->table),
                                     _("The existing rows would get NULL in a column that refuses it, so the "
                                       "statement errors out on any table with data, after waiting for its lock."),
                                     g_strdup (_("Add a constant default (instant from PostgreSQL 11), or add the "
                                                 "column as nullable, fill it, then add the NOT NULL safely.")));
    }

  if (found.builds_index != NULL)
    {
      _sluice_lint_statement_report (statement, "add-constraint-builds-index",
                                     node_location (found.builds_index->location, location),
                                     g_strdup_printf (_("ADD COLUMN %s with PRIMARY KEY or UNIQUE builds an index on %s "
                                                        "under the %s."),
                                                      column, context->table, context->lock),
                                     _("The index is built while the table is locked against reads and writes; "
                                       "on a large table that takes minutes."),
                                     g_strdup (_("Add the column alone, build the index with CREATE UNIQUE INDEX "
                                                 "CONCURRENTLY, then ADD CONSTRAINT ... USING INDEX.")));
    }

  if (found.validated != NULL)
    {
      _sluice_lint_statement_report (statement, "constraint-without-not-valid",
                                     node_location (found.validated->location, location),
                                     g_strdup_printf (_("ADD COLUMN %s with %s checks every row of %s under the %s."),
                                                      column, found.validated_kind, context->table, context->lock),
                                     _("A constraint written in the column definition cannot be NOT VALID, so it "
                                       "is checked against all rows while the lock is held."),
                                     g_strdup (_("Add the column alone, then ADD CONSTRAINT ... NOT VALID, and "
                                                 "VALIDATE CONSTRAINT in a later transaction (it takes only SHARE "
                                                 "UPDATE EXCLUSIVE).")));
    }
}

/* ALTER COLUMN ... TYPE -------------------------------------------------------- */

/* Target types PostgreSQL can switch to without a rewrite when the old
 * type is a narrower one of the same family (varchar(n) to a longer
 * varchar or to text, numeric to a larger precision of the same scale,
 * varbit to a longer one).  The old type is not in the statement, so
 * these are told apart and reported as a brief lock, not a rewrite. */
static gboolean
type_may_widen (const char *type)
{
  return type != NULL &&
         (g_str_equal (type, "varchar") || g_str_equal (type, "text") ||
          g_str_equal (type, "numeric") || g_str_equal (type, "varbit"));
}

static void
check_alter_column_type (AlterContext                *context,
                         const PgQuery__AlterTableCmd *cmd)
{
  SluiceLintStatement *statement = context->statement;
  const char *column = _sluice_lint_string (cmd->name);
  const PgQuery__ColumnDef *column_def = cmd->def != NULL && cmd->def->node_case == PG_QUERY__NODE__NODE_COLUMN_DEF
                                         ? cmd->def->column_def : NULL;
  const PgQuery__TypeName *type_name = column_def != NULL ? column_def->type_name : NULL;
  g_autofree char *type = _sluice_lint_type_to_string (type_name);
  gboolean has_using = column_def != NULL && column_def->raw_default != NULL;
  gssize location = column_def != NULL ? node_location (column_def->location, -1) : -1;

  if (column == NULL)
    column = "?";

  if (!has_using && type_may_widen (_sluice_lint_type_name (type_name)))
    {
      _sluice_lint_statement_report (statement, "lock-level", location,
                                     g_strdup_printf (_("ALTER COLUMN %s TYPE %s takes the %s; it is only a catalog "
                                                        "change when it widens the column (a longer varchar, "
                                                        "varchar to text, more numeric precision), and rewrites "
                                                        "%s otherwise."),
                                                      column, type, context->lock, context->table),
                                     _("A narrower length, a scale change or another type family rewrites the "
                                       "table and its indexes while the lock is held."),
                                     NULL);
      return;
    }

  _sluice_lint_statement_report (statement, "column-type-rewrite", location,
                                 g_strdup_printf (_("ALTER COLUMN %s TYPE %s rewrites %s and rebuilds its indexes "
                                                    "under the %s."),
                                                  column, type, context->table, context->lock),
                                 _("Unless the old type is binary-compatible with the new one, every row is "
                                   "written again; reads and writes wait for the whole rewrite."),
                                 g_strdup_printf (_("Add a new column of type %s, keep it filled with a trigger, "
                                                    "copy the old rows in batches, then switch the application "
                                                    "and drop the old column."),
                                                  type));
}

/* SET NOT NULL -------------------------------------------------------------- */

static char *
not_null_key (const char *table,
              const char *column)
{
  return g_strdup_printf ("%s\n%s", table, column);
}

static void
check_set_not_null (AlterContext                *context,
                    const PgQuery__AlterTableCmd *cmd)
{
  SluiceLintStatement *statement = context->statement;
  const char *column = _sluice_lint_string (cmd->name);
  g_autofree char *key = NULL;

  if (column == NULL)
    column = "?";

  /* From PostgreSQL 12 a validated CHECK (c IS NOT NULL) spares the scan. */
  key = not_null_key (context->table, column);
  if (statement->state->server_version >= 120000 &&
      g_hash_table_contains (statement->state->proven_not_null, key))
    return;

  _sluice_lint_statement_report (statement, "set-not-null-scan", -1,
                                 g_strdup_printf (_("ALTER COLUMN %s SET NOT NULL reads every row of %s under the %s."),
                                                  column, context->table, context->lock),
                                 _("PostgreSQL checks that no row holds NULL with the table locked against "
                                   "reads and writes for the whole scan."),
                                 statement->state->server_version >= 120000
                                 ? g_strdup_printf (_("ADD CONSTRAINT %s_not_null CHECK (%s IS NOT NULL) NOT VALID; "
                                                      "VALIDATE CONSTRAINT %s_not_null (SHARE UPDATE EXCLUSIVE) in a "
                                                      "later transaction; then SET NOT NULL, which uses the check "
                                                      "instead of a scan, and drop the check."),
                                                    column, column, column)
                                 : g_strdup_printf (_("Use a CHECK (%s IS NOT NULL) constraint added NOT VALID and "
                                                      "validated later instead of NOT NULL: before PostgreSQL 12 "
                                                      "SET NOT NULL always scans."),
                                                    column));
}

/* ADD CONSTRAINT ------------------------------------------------------------- */

/* CHECK (column IS NOT NULL): the column, or NULL. */
static const char *
check_is_not_null_test (const PgQuery__Constraint *constraint)
{
  const PgQuery__Node *expr = constraint->raw_expr;
  const PgQuery__NullTest *test;
  const PgQuery__ColumnRef *column_ref;

  if (expr == NULL || expr->node_case != PG_QUERY__NODE__NODE_NULL_TEST)
    return NULL;

  test = expr->null_test;
  if (test->nulltesttype != PG_QUERY__NULL_TEST_TYPE__IS_NOT_NULL ||
      test->arg == NULL || test->arg->node_case != PG_QUERY__NODE__NODE_COLUMN_REF)
    return NULL;

  column_ref = test->arg->column_ref;
  return _sluice_lint_last_name (column_ref->fields, column_ref->n_fields);
}

static void
check_add_constraint (AlterContext              *context,
                      const PgQuery__Constraint *constraint)
{
  SluiceLintStatement *statement = context->statement;
  PgQuery__ConstrType contype = constraint->contype;
  const char *name = constraint->conname != NULL ? constraint->conname : "";
  gboolean not_valid = constraint->skip_validation;
  gssize location = node_location (constraint->location, -1);

  if (contype == PG_QUERY__CONSTR_TYPE__CONSTR_CHECK && not_valid && name[0] != '\0')
    {
      const char *column = check_is_not_null_test (constraint);

      if (column != NULL)
        g_hash_table_replace (statement->state->not_null_checks, g_strdup (name),
                              not_null_key (context->table, column));
    }

  if ((contype == PG_QUERY__CONSTR_TYPE__CONSTR_FOREIGN || contype == PG_QUERY__CONSTR_TYPE__CONSTR_CHECK) && !not_valid)
    {
      gboolean foreign = contype == PG_QUERY__CONSTR_TYPE__CONSTR_FOREIGN;
      g_autofree char *referenced = foreign ? _sluice_lint_relation_name (constraint->pktable) : NULL;

      _sluice_lint_statement_report (statement, "constraint-without-not-valid", location,
                                     foreign
                                     ? g_strdup_printf (_("ADD CONSTRAINT %s FOREIGN KEY checks every row of %s "
                                                          "against %s under the %s on both tables."),
                                                        name, context->table, referenced != NULL ? referenced : "?",
                                                        context->lock)
                                     : g_strdup_printf (_("ADD CONSTRAINT %s CHECK reads every row of %s under the %s."),
                                                        name, context->table, context->lock),
                                     _("The constraint is validated against all existing rows while the lock is "
                                       "held, which takes as long as reading the table."),
                                     g_strdup_printf (_("Add it with NOT VALID (instant; new rows are checked), then "
                                                        "ALTER TABLE %s VALIDATE CONSTRAINT %s in a later "
                                                        "transaction: that scan takes only SHARE UPDATE EXCLUSIVE."),
                                                      context->table, name[0] != '\0' ? name : "…"));
      return;
    }

  if ((contype == PG_QUERY__CONSTR_TYPE__CONSTR_PRIMARY || contype == PG_QUERY__CONSTR_TYPE__CONSTR_UNIQUE) &&
      _sluice_lint_string (constraint->indexname) == NULL)
    {
      _sluice_lint_statement_report (statement, "add-constraint-builds-index", location,
                                     g_strdup_printf (_("ADD %s builds a unique index on %s under the %s."),
                                                      contype == PG_QUERY__CONSTR_TYPE__CONSTR_PRIMARY ? "PRIMARY KEY" : "UNIQUE",
                                                      context->table, context->lock),
                                     _("The whole index is built while the table is locked against reads and writes."),
                                     g_strdup (_("CREATE UNIQUE INDEX CONCURRENTLY first, then ADD CONSTRAINT ... "
                                                 "PRIMARY KEY USING INDEX (or UNIQUE USING INDEX), which is instant.")));
      return;
    }

  if (contype == PG_QUERY__CONSTR_TYPE__CONSTR_EXCLUSION)
    _sluice_lint_statement_report (statement, "add-constraint-builds-index", location,
                                   g_strdup_printf (_("ADD EXCLUDE builds an index on %s under the %s."),
                                                    context->table, context->lock),
                                   _("The whole index is built, and every row checked, while the table is "
                                     "locked against reads and writes."),
                                   g_strdup (_("Schedule it for a quiet time: an exclusion constraint cannot be "
                                               "added from an index built concurrently.")));
}

static void
check_validate_constraint (AlterContext                *context,
                           const PgQuery__AlterTableCmd *cmd)
{
  const char *name = _sluice_lint_string (cmd->name);
  const char *key = name != NULL ? g_hash_table_lookup (context->statement->state->not_null_checks, name) : NULL;

  if (key != NULL)
    g_hash_table_add (context->statement->state->proven_not_null, g_strdup (key));
}

/* The rest -------------------------------------------------------------------- */

static void
check_drop_column (AlterContext                *context,
                   const PgQuery__AlterTableCmd *cmd)
{
  const char *column = _sluice_lint_string (cmd->name);

  _sluice_lint_statement_report (context->statement, "drop-column", -1,
                                 g_strdup_printf (_("DROP COLUMN %s loses its data in %s (under the %s)."),
                                                  column != NULL ? column : "?", context->table, context->lock),
                                 _("The values cannot be brought back but from a backup, and application code "
                                   "that still reads or writes the column fails at once."),
                                 g_strdup (_("Deploy the code that no longer uses the column first; back up the "
                                             "column's data if it may be needed; drop it in a later migration.")));
}

static void
check_rewriting_option (AlterContext            *context,
                        PgQuery__AlterTableType  subtype)
{
  const char *what = subtype == PG_QUERY__ALTER_TABLE_TYPE__AT_SetTableSpace ? "SET TABLESPACE"
                     : subtype == PG_QUERY__ALTER_TABLE_TYPE__AT_SetLogged ? "SET LOGGED"
                     : subtype == PG_QUERY__ALTER_TABLE_TYPE__AT_SetUnLogged ? "SET UNLOGGED"
                     : "SET ACCESS METHOD";

  _sluice_lint_statement_report (context->statement, "table-rewrite", -1,
                                 g_strdup_printf (_("%s copies all of %s under the %s."),
                                                  what, context->table, context->lock),
                                 _("The table is written again from start to end while it is locked against "
                                   "reads and writes."),
                                 g_strdup (_("Run it in a maintenance window, or move the data with a new table "
                                             "filled in batches (or pg_repack).")));
}

/* One subcommand of an ALTER TABLE on a table that existed before. */
static void
check_command (AlterContext                *context,
               const PgQuery__AlterTableCmd *cmd)
{
  const PgQuery__Node *def = cmd->def;
  PgQuery__Node__NodeCase def_case = def != NULL ? def->node_case : PG_QUERY__NODE__NODE__NOT_SET;

  switch (cmd->subtype)
    {
    case PG_QUERY__ALTER_TABLE_TYPE__AT_AddColumn:
      if (def_case == PG_QUERY__NODE__NODE_COLUMN_DEF)
        check_add_column (context, def->column_def);
      break;

    case PG_QUERY__ALTER_TABLE_TYPE__AT_AlterColumnType:
      check_alter_column_type (context, cmd);
      break;

    case PG_QUERY__ALTER_TABLE_TYPE__AT_SetNotNull:
      check_set_not_null (context, cmd);
      break;

    case PG_QUERY__ALTER_TABLE_TYPE__AT_AddConstraint:
      if (def_case == PG_QUERY__NODE__NODE_CONSTRAINT)
        check_add_constraint (context, def->constraint);
      break;

    case PG_QUERY__ALTER_TABLE_TYPE__AT_DropColumn:
      check_drop_column (context, cmd);
      break;

    case PG_QUERY__ALTER_TABLE_TYPE__AT_SetTableSpace:
    case PG_QUERY__ALTER_TABLE_TYPE__AT_SetLogged:
    case PG_QUERY__ALTER_TABLE_TYPE__AT_SetUnLogged:
    case PG_QUERY__ALTER_TABLE_TYPE__AT_SetAccessMethod:
      check_rewriting_option (context, cmd->subtype);
      break;

    default:
      break;
    }
}

void
_sluice_lint_rules_alter_table (SluiceLintStatement *statement)
{
  const PgQuery__AlterTableStmt *alter = statement->node->alter_table_stmt;
  g_autofree char *table = _sluice_lint_relation_name (alter->relation);
  g_autofree char *lock = NULL;
  gboolean new_table;
  AlterContext context;

  if (table == NULL || alter->n_cmds == 0)
    return;

  /* ALTER INDEX, ALTER SEQUENCE, ALTER VIEW ...: the lock says enough. */
  if (alter->objtype != PG_QUERY__OBJECT_TYPE__OBJECT_TABLE)
    return;

  new_table = _sluice_lint_is_new_table (statement, alter->relation);
  lock = _sluice_lint_describe_lock (statement->lock);
  context = (AlterContext) { statement, table, lock };

  for (size_t i = 0; i < alter->n_cmds; i++)
    {
      const PgQuery__AlterTableCmd *cmd;

      if (alter->cmds[i]->node_case != PG_QUERY__NODE__NODE_ALTER_TABLE_CMD)
        continue;
      cmd = alter->cmds[i]->alter_table_cmd;

      /* What later statements rely on is kept even for a new table. */
      if (cmd->subtype == PG_QUERY__ALTER_TABLE_TYPE__AT_ValidateConstraint)
        check_validate_constraint (&context, cmd);

      if (!new_table)
        check_command (&context, cmd);
    }
}
