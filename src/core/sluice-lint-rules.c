/* sluice-lint-rules.c: the lint's rule table, the lock each statement
 * takes, and what one statement tells about the ones after it
 *
 * The locks follow PostgreSQL's documentation of ALTER TABLE, CREATE INDEX,
 * REINDEX and explicit locking (the strongest lock of any subcommand wins).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "sluice-lint-private.h"

#define I SLUICE_LINT_SEVERITY_INFO
#define W SLUICE_LINT_SEVERITY_WARNING
#define E SLUICE_LINT_SEVERITY_ERROR

/* Severities by guard: RELAXED (dev), CONFIRM (staging), STRICT (prod).
 * What only slows a dev database is a warning there; what blocks a busy
 * table or loses data is an error where a person confirms the run. */
static const SluiceLintRuleInfo rules[] = {
  { "syntax-error", N_("Text PostgreSQL's parser refuses"), { E, E, E } },
  { "lock-level", N_("The table lock a schema change takes and what it blocks"), { I, I, I } },
  { "create-index-not-concurrently", N_("CREATE INDEX on an existing table without CONCURRENTLY blocks writes while it builds"), { W, E, E } },
  { "drop-index-not-concurrently", N_("DROP INDEX without CONCURRENTLY blocks reads and writes of its table"), { I, W, W } },
  { "concurrently-in-transaction", N_("A statement that cannot run inside a transaction block (CONCURRENTLY, VACUUM, ...) in one"), { E, E, E } },
  { "constraint-without-not-valid", N_("A foreign key or CHECK added without NOT VALID scans the table under its lock"), { W, E, E } },
  { "add-constraint-builds-index", N_("PRIMARY KEY, UNIQUE or EXCLUDE added without USING INDEX builds its index under ACCESS EXCLUSIVE"), { W, E, E } },
  { "column-type-rewrite", N_("ALTER COLUMN ... TYPE that rewrites the table and its indexes"), { W, E, E } },
  { "set-not-null-scan", N_("SET NOT NULL scans the whole table under ACCESS EXCLUSIVE"), { W, W, E } },
  { "add-column-default-rewrite", N_("ADD COLUMN with a default that rewrites the table (a volatile one; any before PostgreSQL 11)"), { W, E, E } },
  { "add-column-not-null-without-default", N_("ADD COLUMN ... NOT NULL without a default fails on a table that has rows"), { W, E, E } },
  { "table-rewrite", N_("SET TABLESPACE, SET LOGGED/UNLOGGED or SET ACCESS METHOD rewrites the table"), { W, E, E } },
  { "rename-column", N_("Renaming a column breaks the clients that still use the old name"), { W, W, E } },
  { "rename-table", N_("Renaming a table breaks the clients that still use the old name"), { W, W, E } },
  { "drop-column", N_("Dropping a column loses its data and breaks the clients that read it"), { W, W, E } },
  { "drop-table", N_("Dropping a table or sequence loses its data and breaks its clients"), { W, E, E } },
  { "drop-schema", N_("Dropping a schema loses everything in it"), { W, E, E } },
  { "drop-database", N_("Dropping a database loses all of it"), { E, E, E } },
  { "truncate", N_("TRUNCATE deletes every row"), { W, E, E } },
  { "missing-lock-timeout", N_("A lock that blocks others is requested without SET lock_timeout first"), { I, W, E } },
  { "vacuum-full", N_("VACUUM FULL rewrites the table under ACCESS EXCLUSIVE"), { W, E, E } },
  { "cluster", N_("CLUSTER rewrites the table under ACCESS EXCLUSIVE"), { W, E, E } },
  { "reindex-not-concurrently", N_("REINDEX without CONCURRENTLY blocks writes, and reads through the index"), { W, E, E } },
  { "refresh-matview-not-concurrently", N_("REFRESH MATERIALIZED VIEW without CONCURRENTLY blocks reads of the view"), { I, W, W } },
  { "update-delete-without-where", N_("UPDATE or DELETE without WHERE writes every row in one transaction"), { W, W, E } },
  { "uncommitted-transaction", N_("BEGIN without a COMMIT before the end of the text"), { W, W, W } },
};

#undef I
#undef W
#undef E

const SluiceLintRuleInfo *
_sluice_lint_rule_lookup (const char *id)
{
  if (id == NULL)
    return NULL;

  for (guint i = 0; i < G_N_ELEMENTS (rules); i++)
    {
      if (g_str_equal (rules[i].id, id))
        return &rules[i];
    }

  return NULL;
}

const char * const *
sluice_lint_rule_ids (void)
{
  static const char *ids[G_N_ELEMENTS (rules) + 1];
  static gsize initialised = 0;

  if (g_once_init_enter (&initialised))
    {
      for (guint i = 0; i < G_N_ELEMENTS (rules); i++)
        ids[i] = rules[i].id;
      ids[G_N_ELEMENTS (rules)] = NULL;
      g_once_init_leave (&initialised, 1);
    }

  return ids;
}

gboolean
sluice_lint_rule_exists (const char *rule)
{
  return _sluice_lint_rule_lookup (rule) != NULL;
}

const char *
sluice_lint_rule_get_summary (const char *rule)
{
  const SluiceLintRuleInfo *info = _sluice_lint_rule_lookup (rule);

  return info != NULL ? _(info->summary) : NULL;
}

SluiceLintSeverity
sluice_lint_rule_get_default_severity (const char       *rule,
                                       SluiceGuardLevel  guard)
{
  const SluiceLintRuleInfo *info = _sluice_lint_rule_lookup (rule);

  if (info == NULL)
    return SLUICE_LINT_SEVERITY_OFF;

  return info->severity[CLAMP (guard, SLUICE_GUARD_RELAXED, SLUICE_GUARD_STRICT)];
}

/* Parse-tree helpers -------------------------------------------------------- */

const char *
_sluice_lint_string (const char *value)
{
  return value != NULL && value[0] != '\0' ? value : NULL;
}

const char *
_sluice_lint_node_string (const PgQuery__Node *node)
{
  if (node == NULL || node->node_case != PG_QUERY__NODE__NODE_STRING || node->string == NULL)
    return NULL;

  return node->string->sval;
}

const char *
_sluice_lint_last_name (PgQuery__Node * const *names,
                        size_t                  n_names)
{
  return n_names > 0 ? _sluice_lint_node_string (names[n_names - 1]) : NULL;
}

char *
_sluice_lint_relation_name (const PgQuery__RangeVar *range_var)
{
  const char *schema, *name;

  if (range_var == NULL || (name = _sluice_lint_string (range_var->relname)) == NULL)
    return NULL;

  if ((schema = _sluice_lint_string (range_var->schemaname)) != NULL)
    return g_strdup_printf ("%s.%s", schema, name);
  return g_strdup (name);
}

gboolean
_sluice_lint_is_new_table (SluiceLintStatement     *statement,
                           const PgQuery__RangeVar *range_var)
{
  g_autofree char *name = _sluice_lint_relation_name (range_var);

  if (name == NULL)
    return FALSE;

  /* Without a search_path, "t" and "public.t" are taken as the same table. */
  return g_hash_table_contains (statement->state->new_tables, name) ||
         g_hash_table_contains (statement->state->new_tables, range_var->relname);
}

const char *
_sluice_lint_type_name (const PgQuery__TypeName *type_name)
{
  if (type_name == NULL)
    return NULL;

  return _sluice_lint_last_name (type_name->names, type_name->n_names);
}

/* The names PostgreSQL's grammar gives the types it spells with keywords. */
static const char *
type_display_name (const char *name)
{
  static const struct { const char *internal, *shown; } names[] = {
    { "int2", "smallint" }, { "int4", "integer" }, { "int8", "bigint" },
    { "float4", "real" }, { "float8", "double precision" }, { "bool", "boolean" },
    { "bpchar", "char" }, { "varchar", "varchar" }, { "timestamptz", "timestamptz" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      if (g_str_equal (name, names[i].internal))
        return names[i].shown;
    }

  return name;
}

/* A type modifier as written: an integer constant; anything else (which
 * the grammar does not give for the types shown here) as 0. */
static gint32
typmod_value (const PgQuery__Node *typmod)
{
  const PgQuery__AConst *constant;

  if (typmod == NULL || typmod->node_case != PG_QUERY__NODE__NODE_A_CONST)
    return 0;

  constant = typmod->a_const;
  if (constant->val_case != PG_QUERY__A__CONST__VAL_IVAL || constant->ival == NULL)
    return 0;

  return constant->ival->ival;
}

char *
_sluice_lint_type_to_string (const PgQuery__TypeName *type_name)
{
  const char *name = _sluice_lint_type_name (type_name);
  GString *text;

  if (name == NULL)
    return g_strdup ("?");

  text = g_string_new (type_display_name (name));

  if (type_name->n_typmods > 0)
    {
      g_string_append_c (text, '(');
      for (size_t i = 0; i < type_name->n_typmods; i++)
        {
          if (i > 0)
            g_string_append_c (text, ',');
          g_string_append_printf (text, "%d", (int) typmod_value (type_name->typmods[i]));
        }
      g_string_append_c (text, ')');
    }

  if (type_name->n_array_bounds > 0)
    g_string_append (text, "[]");

  return g_string_free (text, FALSE);
}

/* Whether a DefElem's argument leaves its option on: "(FULL false)" or
 * "(CONCURRENTLY off)" turns it off, no argument or any other turns it on. */
static gboolean
option_argument_is_on (const PgQuery__Node *arg)
{
  const char *value;

  if (arg == NULL)
    return TRUE;

  switch (arg->node_case)
    {
    case PG_QUERY__NODE__NODE_INTEGER:
      /* PostgreSQL takes 0 and 1 and refuses the rest; a negative one
       * has always read as off here. */
      return arg->integer->ival > 0;

    case PG_QUERY__NODE__NODE_BOOLEAN:
      return arg->boolean->boolval;

    case PG_QUERY__NODE__NODE_STRING:
      value = arg->string->sval;
      return !(value != NULL && (g_ascii_strcasecmp (value, "false") == 0 ||
                                 g_ascii_strcasecmp (value, "off") == 0 ||
                                 g_ascii_strcasecmp (value, "no") == 0 ||
                                 g_str_equal (value, "0")));

    default:
      return TRUE;
    }
}

gboolean
_sluice_lint_options_has (PgQuery__Node * const *options,
                          size_t                  n_options,
                          const char             *name)
{
  for (size_t i = 0; i < n_options; i++)
    {
      const PgQuery__DefElem *def_elem;

      if (options[i]->node_case != PG_QUERY__NODE__NODE_DEF_ELEM)
        continue;

      def_elem = options[i]->def_elem;
      if (g_strcmp0 (_sluice_lint_string (def_elem->defname), name) == 0)
        return option_argument_is_on (def_elem->arg);
    }

  return FALSE;
}

char *
_sluice_lint_describe_lock (SluiceLockMode lock)
{
  /* Translators: the first %s is a lock mode's name ("ACCESS EXCLUSIVE"),
   * the second what it blocks ("blocks all writes ..."). */
  return g_strdup_printf (_("%s lock (%s)"),
                          sluice_lock_mode_to_string (lock),
                          sluice_lock_mode_describe_blocking (lock));
}

/* Hits ---------------------------------------------------------------------- */

void
_sluice_lint_hit_free (SluiceLintHit *hit)
{
  if (hit == NULL)
    return;

  g_free (hit->rule);
  g_free (hit->message);
  g_free (hit->why);
  g_free (hit->rewrite);
  g_free (hit);
}

void
_sluice_lint_statement_report (SluiceLintStatement *statement,
                               const char          *rule,
                               gssize               location,
                               char                *message,
                               const char          *why,
                               char                *rewrite)
{
  SluiceLintHit *hit = g_new0 (SluiceLintHit, 1);

  g_assert (_sluice_lint_rule_lookup (rule) != NULL);

  hit->rule = g_strdup (rule);
  hit->location = location;
  hit->message = message;
  hit->why = g_strdup (why);
  hit->rewrite = rewrite;
  g_ptr_array_add (statement->hits, hit);
}

/* State --------------------------------------------------------------------- */

void
_sluice_lint_state_init (SluiceLintState *state)
{
  memset (state, 0, sizeof *state);
  state->server_version = SLUICE_LINT_DEFAULT_SERVER_VERSION;
  state->new_tables = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  state->not_null_checks = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  state->proven_not_null = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}

void
_sluice_lint_state_clear (SluiceLintState *state)
{
  g_clear_pointer (&state->new_tables, g_hash_table_unref);
  g_clear_pointer (&state->not_null_checks, g_hash_table_unref);
  g_clear_pointer (&state->proven_not_null, g_hash_table_unref);
}

/* Locks --------------------------------------------------------------------- */

static SluiceLockMode
alter_table_cmd_lock (const PgQuery__Node *node)
{
  const PgQuery__AlterTableCmd *cmd;
  const PgQuery__Node *def;

  if (node->node_case != PG_QUERY__NODE__NODE_ALTER_TABLE_CMD)
    return SLUICE_LOCK_ACCESS_EXCLUSIVE;

  cmd = node->alter_table_cmd;
  def = cmd->def;

  switch (cmd->subtype)
    {
    case PG_QUERY__ALTER_TABLE_TYPE__AT_ValidateConstraint:
    case PG_QUERY__ALTER_TABLE_TYPE__AT_SetStatistics:
    case PG_QUERY__ALTER_TABLE_TYPE__AT_SetOptions:
    case PG_QUERY__ALTER_TABLE_TYPE__AT_ResetOptions:
    case PG_QUERY__ALTER_TABLE_TYPE__AT_ClusterOn:
    case PG_QUERY__ALTER_TABLE_TYPE__AT_DropCluster:
    case PG_QUERY__ALTER_TABLE_TYPE__AT_SetRelOptions:
    case PG_QUERY__ALTER_TABLE_TYPE__AT_ResetRelOptions:
    case PG_QUERY__ALTER_TABLE_TYPE__AT_AttachPartition:
    case PG_QUERY__ALTER_TABLE_TYPE__AT_DetachPartitionFinalize:
      return SLUICE_LOCK_SHARE_UPDATE_EXCLUSIVE;

    case PG_QUERY__ALTER_TABLE_TYPE__AT_EnableTrig:
    case PG_QUERY__ALTER_TABLE_TYPE__AT_EnableAlwaysTrig:
    case PG_QUERY__ALTER_TABLE_TYPE__AT_EnableReplicaTrig:
    case PG_QUERY__ALTER_TABLE_TYPE__AT_EnableTrigAll:
    case PG_QUERY__ALTER_TABLE_TYPE__AT_EnableTrigUser:
    case PG_QUERY__ALTER_TABLE_TYPE__AT_DisableTrig:
    case PG_QUERY__ALTER_TABLE_TYPE__AT_DisableTrigAll:
    case PG_QUERY__ALTER_TABLE_TYPE__AT_DisableTrigUser:
      return SLUICE_LOCK_SHARE_ROW_EXCLUSIVE;

    case PG_QUERY__ALTER_TABLE_TYPE__AT_AddConstraint:
      if (def != NULL && def->node_case == PG_QUERY__NODE__NODE_CONSTRAINT &&
          def->constraint->contype == PG_QUERY__CONSTR_TYPE__CONSTR_FOREIGN)
        return SLUICE_LOCK_SHARE_ROW_EXCLUSIVE;
      return SLUICE_LOCK_ACCESS_EXCLUSIVE;

    case PG_QUERY__ALTER_TABLE_TYPE__AT_DetachPartition:
      if (def != NULL && def->node_case == PG_QUERY__NODE__NODE_PARTITION_CMD &&
          def->partition_cmd->concurrent)
        return SLUICE_LOCK_SHARE_UPDATE_EXCLUSIVE;
      return SLUICE_LOCK_ACCESS_EXCLUSIVE;

    default:
      return SLUICE_LOCK_ACCESS_EXCLUSIVE;
    }
}

static SluiceLockMode
alter_table_lock (const PgQuery__AlterTableStmt *alter)
{
  SluiceLockMode lock = SLUICE_LOCK_NONE;

  for (size_t i = 0; i < alter->n_cmds; i++)
    lock = MAX (lock, alter_table_cmd_lock (alter->cmds[i]));

  return lock;
}

/* Object kinds whose DROP or RENAME locks a table. */
static gboolean
is_table_object (PgQuery__ObjectType kind)
{
  switch (kind)
    {
    case PG_QUERY__OBJECT_TYPE__OBJECT_TABLE:
    case PG_QUERY__OBJECT_TYPE__OBJECT_VIEW:
    case PG_QUERY__OBJECT_TYPE__OBJECT_MATVIEW:
    case PG_QUERY__OBJECT_TYPE__OBJECT_SEQUENCE:
    case PG_QUERY__OBJECT_TYPE__OBJECT_FOREIGN_TABLE:
    case PG_QUERY__OBJECT_TYPE__OBJECT_INDEX:
    case PG_QUERY__OBJECT_TYPE__OBJECT_COLUMN:
    case PG_QUERY__OBJECT_TYPE__OBJECT_TABCONSTRAINT:
    case PG_QUERY__OBJECT_TYPE__OBJECT_TRIGGER:
    case PG_QUERY__OBJECT_TYPE__OBJECT_POLICY:
    case PG_QUERY__OBJECT_TYPE__OBJECT_RULE:
      return TRUE;
    default:
      return FALSE;
    }
}

static SluiceLockMode
vacuum_lock (const PgQuery__VacuumStmt *vacuum)
{
  if (vacuum->is_vacuumcmd && _sluice_lint_options_has (vacuum->options, vacuum->n_options, "full"))
    return SLUICE_LOCK_ACCESS_EXCLUSIVE;
  return SLUICE_LOCK_SHARE_UPDATE_EXCLUSIVE;
}

static SluiceLockMode
lock_statement_lock (const PgQuery__LockStmt *lock)
{
  /* The mode is PostgreSQL's LOCKMODE, 1 (AccessShareLock) to 8
   * (AccessExclusiveLock), in the order of SluiceLockMode; 0 is not
   * one, and reads as LOCK's default. */
  if (lock->mode == 0)
    return SLUICE_LOCK_ACCESS_EXCLUSIVE;

  return (SluiceLockMode) CLAMP (lock->mode, SLUICE_LOCK_ACCESS_SHARE, SLUICE_LOCK_ACCESS_EXCLUSIVE);
}

SluiceLockMode
_sluice_lint_statement_lock (const PgQuery__Node *node)
{
  switch (node->node_case)
    {
    case PG_QUERY__NODE__NODE_ALTER_TABLE_STMT:
      return alter_table_lock (node->alter_table_stmt);

    case PG_QUERY__NODE__NODE_INDEX_STMT:
      return node->index_stmt->concurrent ? SLUICE_LOCK_SHARE_UPDATE_EXCLUSIVE : SLUICE_LOCK_SHARE;

    case PG_QUERY__NODE__NODE_DROP_STMT:
      if (!is_table_object (node->drop_stmt->remove_type))
        return SLUICE_LOCK_NONE;
      return node->drop_stmt->concurrent ? SLUICE_LOCK_SHARE_UPDATE_EXCLUSIVE : SLUICE_LOCK_ACCESS_EXCLUSIVE;

    case PG_QUERY__NODE__NODE_RENAME_STMT:
      /* Renaming an index takes SHARE UPDATE EXCLUSIVE since PostgreSQL 12. */
      if (node->rename_stmt->rename_type == PG_QUERY__OBJECT_TYPE__OBJECT_INDEX)
        return SLUICE_LOCK_SHARE_UPDATE_EXCLUSIVE;
      return is_table_object (node->rename_stmt->rename_type) ? SLUICE_LOCK_ACCESS_EXCLUSIVE : SLUICE_LOCK_NONE;

    case PG_QUERY__NODE__NODE_TRUNCATE_STMT:
    case PG_QUERY__NODE__NODE_CLUSTER_STMT:
    case PG_QUERY__NODE__NODE_CREATE_POLICY_STMT:
    case PG_QUERY__NODE__NODE_ALTER_POLICY_STMT:
    case PG_QUERY__NODE__NODE_RULE_STMT:
      return SLUICE_LOCK_ACCESS_EXCLUSIVE;

    case PG_QUERY__NODE__NODE_VACUUM_STMT:
      return vacuum_lock (node->vacuum_stmt);

    case PG_QUERY__NODE__NODE_REINDEX_STMT:
      /* SHARE on the table (and ACCESS EXCLUSIVE on each index it rebuilds,
       * which stops the reads planned to use it). */
      return _sluice_lint_options_has (node->reindex_stmt->params, node->reindex_stmt->n_params, "concurrently")
             ? SLUICE_LOCK_SHARE_UPDATE_EXCLUSIVE : SLUICE_LOCK_SHARE;

    case PG_QUERY__NODE__NODE_CREATE_TRIG_STMT:
      return SLUICE_LOCK_SHARE_ROW_EXCLUSIVE;

    case PG_QUERY__NODE__NODE_CREATE_STATS_STMT:
      return SLUICE_LOCK_SHARE_UPDATE_EXCLUSIVE;

    case PG_QUERY__NODE__NODE_REFRESH_MAT_VIEW_STMT:
      return node->refresh_mat_view_stmt->concurrent ? SLUICE_LOCK_EXCLUSIVE : SLUICE_LOCK_ACCESS_EXCLUSIVE;

    case PG_QUERY__NODE__NODE_LOCK_STMT:
      return lock_statement_lock (node->lock_stmt);

    case PG_QUERY__NODE__NODE_INSERT_STMT:
    case PG_QUERY__NODE__NODE_UPDATE_STMT:
    case PG_QUERY__NODE__NODE_DELETE_STMT:
    case PG_QUERY__NODE__NODE_MERGE_STMT:
      return SLUICE_LOCK_ROW_EXCLUSIVE;

    default:
      return SLUICE_LOCK_NONE;
    }
}

/* The state after a statement ------------------------------------------------ */

static void
remember_new_table (SluiceLintState         *state,
                    const PgQuery__RangeVar *range_var)
{
  char *name = _sluice_lint_relation_name (range_var);

  if (name != NULL)
    g_hash_table_add (state->new_tables, name);
}

static gboolean
lock_timeout_is_set (const PgQuery__VariableSetStmt *set)
{
  const PgQuery__AConst *constant;

  if (set->kind != PG_QUERY__VARIABLE_SET_KIND__VAR_SET_VALUE || set->n_args == 0)
    return FALSE;

  /* lock_timeout = 0 turns it off: '0', 0, '0s', '0ms'. */
  if (set->args[0]->node_case != PG_QUERY__NODE__NODE_A_CONST)
    return TRUE;

  constant = set->args[0]->a_const;
  if (constant->val_case == PG_QUERY__A__CONST__VAL_SVAL)
    return constant->sval->sval != NULL && g_ascii_strtod (constant->sval->sval, NULL) != 0;
  /* PostgreSQL refuses a negative lock_timeout, which leaves it unset. */
  if (constant->val_case == PG_QUERY__A__CONST__VAL_IVAL)
    return constant->ival->ival > 0;

  return TRUE;
}

static void
update_transaction_block (SluiceLintState                *state,
                          const PgQuery__TransactionStmt *transaction)
{
  switch (transaction->kind)
    {
    case PG_QUERY__TRANSACTION_STMT_KIND__TRANS_STMT_BEGIN:
    case PG_QUERY__TRANSACTION_STMT_KIND__TRANS_STMT_START:
      state->in_transaction_block = TRUE;
      break;

    case PG_QUERY__TRANSACTION_STMT_KIND__TRANS_STMT_COMMIT:
    case PG_QUERY__TRANSACTION_STMT_KIND__TRANS_STMT_ROLLBACK:
    case PG_QUERY__TRANSACTION_STMT_KIND__TRANS_STMT_PREPARE:
      state->in_transaction_block = FALSE;
      break;

    default:
      break;
    }
}

static void
update_state (SluiceLintStatement *statement)
{
  SluiceLintState *state = statement->state;
  const PgQuery__Node *node = statement->node;

  switch (node->node_case)
    {
    case PG_QUERY__NODE__NODE_CREATE_STMT:
      remember_new_table (state, node->create_stmt->relation);
      break;

    case PG_QUERY__NODE__NODE_CREATE_TABLE_AS_STMT:
      if (node->create_table_as_stmt->into != NULL)
        remember_new_table (state, node->create_table_as_stmt->into->rel);
      break;

    case PG_QUERY__NODE__NODE_TRANSACTION_STMT:
      update_transaction_block (state, node->transaction_stmt);
      break;

    case PG_QUERY__NODE__NODE_VARIABLE_SET_STMT:
      if (g_strcmp0 (node->variable_set_stmt->name, "lock_timeout") == 0)
        state->lock_timeout_set = lock_timeout_is_set (node->variable_set_stmt);
      break;

    default:
      break;
    }
}

/* The statement kinds that change a schema or maintain a table: what
 * "lock-level" speaks of (row writes and LOCK TABLE say it themselves),
 * with the words that name them in a message. */
static const char *
schema_change_words (PgQuery__Node__NodeCase node_case)
{
  switch (node_case)
    {
    case PG_QUERY__NODE__NODE_ALTER_TABLE_STMT: return "ALTER TABLE";
    case PG_QUERY__NODE__NODE_INDEX_STMT: return "CREATE INDEX";
    case PG_QUERY__NODE__NODE_DROP_STMT: return "DROP";
    case PG_QUERY__NODE__NODE_RENAME_STMT: return "ALTER ... RENAME";
    case PG_QUERY__NODE__NODE_TRUNCATE_STMT: return "TRUNCATE";
    case PG_QUERY__NODE__NODE_CLUSTER_STMT: return "CLUSTER";
    case PG_QUERY__NODE__NODE_VACUUM_STMT: return "VACUUM";
    case PG_QUERY__NODE__NODE_REINDEX_STMT: return "REINDEX";
    case PG_QUERY__NODE__NODE_CREATE_TRIG_STMT: return "CREATE TRIGGER";
    case PG_QUERY__NODE__NODE_CREATE_STATS_STMT: return "CREATE STATISTICS";
    case PG_QUERY__NODE__NODE_REFRESH_MAT_VIEW_STMT: return "REFRESH MATERIALIZED VIEW";
    case PG_QUERY__NODE__NODE_CREATE_POLICY_STMT: return "CREATE POLICY";
    case PG_QUERY__NODE__NODE_ALTER_POLICY_STMT: return "ALTER POLICY";
    case PG_QUERY__NODE__NODE_RULE_STMT: return "CREATE RULE";
    default: return NULL;
    }
}

static const char *
statement_words (PgQuery__Node__NodeCase node_case)
{
  const char *words = schema_change_words (node_case);

  /* LOCK is the only other statement named in a message; the lint has
   * always called it by libpg_query's node name there. */
  return words != NULL ? words : "LockStmt";
}

gboolean
_sluice_lint_rules_wanted (PgQuery__Node__NodeCase node_case)
{
  if (schema_change_words (node_case) != NULL)
    return TRUE;

  switch (node_case)
    {
    case PG_QUERY__NODE__NODE_CREATE_STMT:         /* a new table: its name is remembered */
    case PG_QUERY__NODE__NODE_CREATE_TABLE_AS_STMT:
    case PG_QUERY__NODE__NODE_LOCK_STMT:
    case PG_QUERY__NODE__NODE_UPDATE_STMT:
    case PG_QUERY__NODE__NODE_DELETE_STMT:
    case PG_QUERY__NODE__NODE_TRANSACTION_STMT:
    case PG_QUERY__NODE__NODE_VARIABLE_SET_STMT:
    case PG_QUERY__NODE__NODE_ALTER_SYSTEM_STMT:
    case PG_QUERY__NODE__NODE_CREATEDB_STMT:
    case PG_QUERY__NODE__NODE_DROPDB_STMT:
    case PG_QUERY__NODE__NODE_CREATE_TABLE_SPACE_STMT:
    case PG_QUERY__NODE__NODE_DROP_TABLE_SPACE_STMT:
      return TRUE;
    default:
      return FALSE;
    }
}

/* The first RangeVar of a list of relations, or NULL. */
static const PgQuery__RangeVar *
first_range_var (PgQuery__Node * const *relations,
                 size_t                  n_relations)
{
  if (n_relations == 0 || relations[0]->node_case != PG_QUERY__NODE__NODE_RANGE_VAR)
    return NULL;

  return relations[0]->range_var;
}

/* The table a statement works on, for telling new tables from old ones. */
static const PgQuery__RangeVar *
statement_relation (SluiceLintStatement *statement)
{
  const PgQuery__Node *node = statement->node;
  const PgQuery__Node *first;

  switch (node->node_case)
    {
    case PG_QUERY__NODE__NODE_ALTER_TABLE_STMT: return node->alter_table_stmt->relation;
    case PG_QUERY__NODE__NODE_INDEX_STMT: return node->index_stmt->relation;
    case PG_QUERY__NODE__NODE_RENAME_STMT: return node->rename_stmt->relation;
    case PG_QUERY__NODE__NODE_CLUSTER_STMT: return node->cluster_stmt->relation;
    case PG_QUERY__NODE__NODE_REINDEX_STMT: return node->reindex_stmt->relation;
    case PG_QUERY__NODE__NODE_CREATE_TRIG_STMT: return node->create_trig_stmt->relation;
    case PG_QUERY__NODE__NODE_REFRESH_MAT_VIEW_STMT: return node->refresh_mat_view_stmt->relation;
    case PG_QUERY__NODE__NODE_RULE_STMT: return node->rule_stmt->relation;

    case PG_QUERY__NODE__NODE_TRUNCATE_STMT:
      return first_range_var (node->truncate_stmt->relations, node->truncate_stmt->n_relations);
    case PG_QUERY__NODE__NODE_LOCK_STMT:
      return first_range_var (node->lock_stmt->relations, node->lock_stmt->n_relations);
    case PG_QUERY__NODE__NODE_CREATE_STATS_STMT:
      return first_range_var (node->create_stats_stmt->relations, node->create_stats_stmt->n_relations);

    case PG_QUERY__NODE__NODE_VACUUM_STMT:
      if (node->vacuum_stmt->n_rels == 0)
        return NULL;
      first = node->vacuum_stmt->rels[0];
      return first->node_case == PG_QUERY__NODE__NODE_VACUUM_RELATION ? first->vacuum_relation->relation : NULL;

    default:
      return NULL;
    }
}

static void
check_lock_level (SluiceLintStatement *statement)
{
  g_autofree char *lock = NULL;
  const PgQuery__RangeVar *relation;

  if (statement->hits->len > 0 || statement->lock < SLUICE_LOCK_SHARE_UPDATE_EXCLUSIVE ||
      schema_change_words (statement->node->node_case) == NULL)
    return;

  relation = statement_relation (statement);
  if (relation != NULL && _sluice_lint_is_new_table (statement, relation))
    return;

  lock = _sluice_lint_describe_lock (statement->lock);
  _sluice_lint_statement_report (statement, "lock-level", -1,
                                 /* Translators: "ALTER TABLE takes an ACCESS EXCLUSIVE lock (blocks ...)" */
                                 g_strdup_printf (_("%s takes the %s."), statement_words (statement->node->node_case), lock),
                                 _("The lock is held until the transaction ends; while it waits for it, "
                                   "the sessions that come after queue behind it."),
                                 NULL);
}

/* "missing-lock-timeout": once a text, at the first statement that queues
 * for a lock that blocks writes on a table other sessions use. */
static void
check_lock_timeout (SluiceLintStatement *statement)
{
  SluiceLintState *state = statement->state;
  PgQuery__Node__NodeCase node_case = statement->node->node_case;
  g_autofree char *lock = NULL;
  const PgQuery__RangeVar *relation;

  if (state->lock_timeout_set || state->lock_timeout_reported || state->runner_sets_lock_timeout ||
      statement->lock < SLUICE_LOCK_SHARE)
    return;
  if (schema_change_words (node_case) == NULL && node_case != PG_QUERY__NODE__NODE_LOCK_STMT)
    return;

  relation = statement_relation (statement);
  if (relation != NULL && _sluice_lint_is_new_table (statement, relation))
    return;

  state->lock_timeout_reported = TRUE;
  lock = _sluice_lint_describe_lock (statement->lock);
  _sluice_lint_statement_report (statement, "missing-lock-timeout", -1,
                                 g_strdup_printf (_("%s asks for the %s with no lock_timeout set before it."),
                                                  statement_words (node_case), lock),
                                 _("If a long transaction holds the table, this statement waits, and every "
                                   "query on the table queues behind it: the application stalls although "
                                   "nothing has changed yet."),
                                 g_strdup (_("Put SET lock_timeout = '5s'; before it (or let Sluice's runner "
                                             "set it from the profile) and retry when it times out.")));
}

void
_sluice_lint_rules_check (SluiceLintStatement *statement)
{
  statement->lock = _sluice_lint_statement_lock (statement->node);

  if (statement->node->node_case == PG_QUERY__NODE__NODE_ALTER_TABLE_STMT)
    _sluice_lint_rules_alter_table (statement);
  _sluice_lint_rules_other (statement);

  check_lock_timeout (statement);
  check_lock_level (statement);
  update_state (statement);
}
