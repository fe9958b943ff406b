/* sluice-diff.h: what differs between two schema catalogs, object by object
 * and attribute by attribute, and the DDL that turns the first into the
 * second
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "sluice-catalog.h"
#include "sluice-lock-mode.h"

G_BEGIN_DECLS

typedef enum
{
  SLUICE_CHANGE_ADDED,      /* only in "to" */
  SLUICE_CHANGE_REMOVED,    /* only in "from" */
  SLUICE_CHANGE_CHANGED,    /* in both, some attributes differ */
  SLUICE_CHANGE_RENAMED,    /* same OID, another identity (MATCH_OIDS only);
                             * attributes may differ too */
} SluiceChangeKind;

GType        sluice_change_kind_get_type  (void) G_GNUC_CONST;
#define SLUICE_TYPE_CHANGE_KIND (sluice_change_kind_get_type ())
/* "added", "removed", "changed", "renamed": stable, for JSON. */
const char  *sluice_change_kind_to_string (SluiceChangeKind kind);

typedef enum
{
  /* Same database before and after: match objects by OID first, so a
   * renamed object is RENAMED, not REMOVED + ADDED.  Only meaningful when
   * both catalogs come from one database. */
  SLUICE_DIFF_MATCH_OIDS        = 1 << 0,
  /* Across environments, owners and privileges are often noise. */
  SLUICE_DIFF_IGNORE_OWNERS     = 1 << 1,
  SLUICE_DIFF_IGNORE_PRIVILEGES = 1 << 2,
  SLUICE_DIFF_IGNORE_COMMENTS   = 1 << 3,
} SluiceDiffFlags;

typedef struct
{
  char *name;
  char *old_value;   /* NULL: absent */
  char *new_value;   /* NULL: absent */
} SluiceAttributeChange;

/* One object that differs.  @from_object is NULL for ADDED, @to_object
 * for REMOVED.  @attributes holds SluiceAttributeChange for CHANGED and
 * RENAMED, sorted by name; empty otherwise. */
typedef struct
{
  SluiceChangeKind     kind;
  SluiceCatalogObject *from_object;
  SluiceCatalogObject *to_object;
  GPtrArray           *attributes;
} SluiceObjectChange;

/* What a generated statement may do to a production database. */
typedef enum
{
  SLUICE_HAZARD_NONE                   = 0,
  SLUICE_HAZARD_DATA_LOSS              = 1 << 0, /* drops a table, column, sequence ... */
  SLUICE_HAZARD_TABLE_REWRITE          = 1 << 1, /* rewrites the table and its indexes */
  SLUICE_HAZARD_FULL_SCAN              = 1 << 2, /* scans the table under its lock (SET NOT NULL, VALIDATE) */
  SLUICE_HAZARD_BLOCKING_INDEX_BUILD   = 1 << 3, /* builds an index while blocking writes */
  SLUICE_HAZARD_BACKWARD_INCOMPATIBLE  = 1 << 4, /* running code may break (rename, drop, type change) */
  SLUICE_HAZARD_NON_TRANSACTIONAL      = 1 << 5, /* cannot run in a transaction block (CONCURRENTLY) */
  SLUICE_HAZARD_PRIVILEGES             = 1 << 6, /* changes who may do what */
} SluiceHazards;

GType        sluice_hazards_get_type      (void) G_GNUC_CONST;
#define SLUICE_TYPE_HAZARDS (sluice_hazards_get_type ())
/* The stable names of the set flags ("data_loss", "table_rewrite", ...),
 * NULL-terminated, for JSON; free with g_strfreev(). */
char       **sluice_hazards_to_strv       (SluiceHazards hazards);
/* One translated phrase per flag, for people. */
const char  *sluice_hazard_get_label      (SluiceHazards hazard);

/* One statement of the generated DDL. */
typedef struct
{
  char           *sql;        /* one statement, with its terminating ';' */
  char           *identity;   /* the object it creates, alters or drops */
  SluiceHazards   hazards;
  SluiceLockMode  lock;       /* the strongest table lock it takes */
  char           *locked_table; /* qualified name of the table it locks; nullable */
  char           *note;       /* why it is written this way, translated; nullable */
} SluiceDdlStatement;

void sluice_ddl_statement_free (SluiceDdlStatement *statement);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SluiceDdlStatement, sluice_ddl_statement_free)

#define SLUICE_TYPE_DIFF (sluice_diff_get_type ())
G_DECLARE_FINAL_TYPE (SluiceDiff, sluice_diff, SLUICE, DIFF, GObject)

/* Compares @from with @to.  Synchronous: a diff of two catalogs of 10,000
 * tables takes well under 200 ms, so callers on the UI thread may call it
 * directly for normal schemas and from a GTask for huge ones. */
SluiceDiff          *sluice_diff_new               (SluiceCatalog   *from,
                                                    SluiceCatalog   *to,
                                                    SluiceDiffFlags  flags);

SluiceCatalog       *sluice_diff_get_from          (SluiceDiff *self);
SluiceCatalog       *sluice_diff_get_to            (SluiceDiff *self);
gboolean             sluice_diff_is_empty          (SluiceDiff *self);
/* SluiceObjectChange, ordered like the objects of a catalog (by kind,
 * then identity; a removed object where it was). */
GPtrArray           *sluice_diff_get_changes       (SluiceDiff *self);
/* The change of the object with @identity (in either catalog); NULL when
 * it did not change. */
const SluiceObjectChange *sluice_diff_lookup       (SluiceDiff *self,
                                                    const char *identity);

/* The DDL that turns "from" into "to": SluiceDdlStatement in an order the
 * server accepts (dependents dropped before what they depend on, and
 * recreated after; prerequisites created first), using the safe forms
 * where PostgreSQL has them (CREATE INDEX CONCURRENTLY, ADD CONSTRAINT
 * ... NOT VALID then VALIDATE CONSTRAINT).  Computed on first call. */
GPtrArray           *sluice_diff_get_statements    (SluiceDiff *self);
/* The statements as one script, each preceded by a comment naming its
 * hazards and lock.  When @transactional_only is TRUE the safe
 * non-transactional forms are replaced by their transactional ones (plain
 * CREATE INDEX), for tools that run a file in one transaction. */
char                *sluice_diff_to_sql            (SluiceDiff *self,
                                                    gboolean    transactional_only);

/* A summary as migration guides write it by hand, translated: "created 4
 * tables, 16 indexes, 3 enum types, 3 foreign keys; changed 1 column;
 * no other object changed" — or "no object changed". */
char                *sluice_diff_describe          (SluiceDiff *self);

/* The DDL that creates @object alone, as the Schema page shows it
 * (CREATE TABLE with its columns and constraints, CREATE INDEX ..., with
 * COMMENT ON and GRANT statements after it). */
char                *sluice_catalog_object_to_sql  (SluiceCatalog       *catalog,
                                                    SluiceCatalogObject *object);

G_END_DECLS
