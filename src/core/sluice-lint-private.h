/* sluice-lint-private.h: between the lint's driver and its rules
 *
 * The driver (sluice-lint.c) parses the text and hands each statement's
 * parse tree, libpg_query's typed protobuf-c tree (pg_query.pb-c.h), to
 * _sluice_lint_rules_check(); the rules (sluice-lint-rules*.c) report
 * hits, which the driver turns into findings: position, severity from the
 * configuration, ignore comments.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <pg_query/pg_query.pb-c.h>

#include "sluice-lint.h"

G_BEGIN_DECLS

typedef struct
{
  const char         *id;
  const char         *summary;        /* N_() */
  SluiceLintSeverity  severity[3];    /* by SluiceGuardLevel: relaxed, confirm, strict */
} SluiceLintRuleInfo;

const SluiceLintRuleInfo *_sluice_lint_rule_lookup (const char *id);

/* What the statements before the current one did, in one text. */
typedef struct
{
  guint        server_version;
  gboolean     transactional;          /* the tool wraps the text in one transaction */
  gboolean     runner_sets_lock_timeout;
  gboolean     in_transaction_block;   /* between an explicit BEGIN and COMMIT */
  gboolean     lock_timeout_set;
  gboolean     lock_timeout_reported;  /* "missing-lock-timeout" is said once a text */
  GHashTable  *new_tables;             /* tables created in this text: no rows, no readers */
  GHashTable  *not_null_checks;        /* constraint name -> "table\ncolumn" of CHECK (c IS NOT NULL) */
  GHashTable  *proven_not_null;        /* "table\ncolumn" whose NOT NULL check was validated */
} SluiceLintState;

void _sluice_lint_state_init  (SluiceLintState *state);
void _sluice_lint_state_clear (SluiceLintState *state);

typedef struct
{
  char           *rule;
  gssize          location;   /* byte offset in the parsed text; -1: the statement's start */
  char           *message;
  char           *why;
  char           *rewrite;    /* nullable */
} SluiceLintHit;

void _sluice_lint_hit_free (SluiceLintHit *hit);

/* One statement being checked. */
typedef struct
{
  SluiceLintState     *state;
  const PgQuery__Node *node;       /* node_case tells which typed member is set */
  SluiceLockMode       lock;       /* set by _sluice_lint_rules_check() first */
  GPtrArray           *hits;       /* SluiceLintHit */
} SluiceLintStatement;

/* Adds a hit; @message and @rewrite are taken (g_strdup'd text). */
void _sluice_lint_statement_report (SluiceLintStatement *statement,
                                    const char          *rule,
                                    gssize               location,
                                    char                *message,
                                    const char          *why,
                                    char                *rewrite);

/* Runs every rule over @statement, then updates @statement->state. */
void _sluice_lint_rules_check (SluiceLintStatement *statement);

/* The lock the statement @node takes on the table it names. */
SluiceLockMode _sluice_lint_statement_lock (const PgQuery__Node *node);

/* The per-area rules (sluice-lint-rules-*.c). */
void _sluice_lint_rules_alter_table (SluiceLintStatement *statement);
void _sluice_lint_rules_other       (SluiceLintStatement *statement);

/* Memory for unpacked parse trees (sluice-lint-allocator.c): handed to
 * protobuf-c's unpack; freed all at once by reset, not by free_unpacked. */
typedef struct _SluiceLintAllocator SluiceLintAllocator;

SluiceLintAllocator *_sluice_lint_allocator_new   (void);
ProtobufCAllocator  *_sluice_lint_allocator_get   (SluiceLintAllocator *self);
void                 _sluice_lint_allocator_reset (SluiceLintAllocator *self);
void                 _sluice_lint_allocator_free  (SluiceLintAllocator *self);

/* Whether any rule looks at statements of this kind. */
gboolean _sluice_lint_rules_wanted (PgQuery__Node__NodeCase node_case);

/* Parse-tree helpers (sluice-lint-rules.c).  protobuf-c gives a string
 * field that was absent as "", so "" reads as "not there" (PostgreSQL has
 * no empty names). */
const char *_sluice_lint_string       (const char *value);
/* The text of a String node, or NULL for another node. */
const char *_sluice_lint_node_string  (const PgQuery__Node *node);
/* The text of the last String of a name list ("pg_catalog.int4": "int4"). */
const char *_sluice_lint_last_name    (PgQuery__Node * const *names,
                                       size_t                  n_names);
/* A RangeVar as "schema.name" or "name" (a new string); NULL for none. */
char       *_sluice_lint_relation_name (const PgQuery__RangeVar *range_var);
/* Whether the table of @range_var was created earlier in the text. */
gboolean    _sluice_lint_is_new_table  (SluiceLintStatement      *statement,
                                        const PgQuery__RangeVar  *range_var);
/* A TypeName's last name part ("int4", "varchar"), or NULL. */
const char *_sluice_lint_type_name     (const PgQuery__TypeName *type_name);
/* The TypeName as written back for a person ("varchar(20)", "bigint"). */
char       *_sluice_lint_type_to_string (const PgQuery__TypeName *type_name);
/* Whether a DefElem list (VACUUM's options, REINDEX's params) has @name on. */
gboolean    _sluice_lint_options_has   (PgQuery__Node * const *options,
                                        size_t                  n_options,
                                        const char             *name);
/* The lock's name and what it blocks, for a message: "ACCESS EXCLUSIVE
 * (blocks all reads and writes)". */
char       *_sluice_lint_describe_lock (SluiceLockMode lock);

G_END_DECLS
