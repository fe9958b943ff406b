/* sluice-ddl-private.h: how the diff asks each kind of object for its DDL
 * (internal to libsluice)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "sluice-diff.h"

G_BEGIN_DECLS

/* Collects the statements one object's create, drop, alter or rename
 * produces; the diff's ordering decides where they go in the script. */
typedef struct _SluiceDdlWriter SluiceDdlWriter;

SluiceDdlWriter *sluice_ddl_writer_new        (void);
void             sluice_ddl_writer_free       (SluiceDdlWriter *writer);
/* The SluiceDdlStatement written so far, in order; the writer is empty
 * afterwards. */
GPtrArray       *sluice_ddl_writer_steal      (SluiceDdlWriter *writer);

/* Adds one statement (the ';' is added).  @identity: the object it is
 * about; @locked_table: the qualified table name it locks (nullable);
 * @note: translated reason for the form chosen (nullable). */
void             sluice_ddl_writer_add        (SluiceDdlWriter *writer,
                                               const char      *identity,
                                               SluiceHazards    hazards,
                                               SluiceLockMode   lock,
                                               const char      *locked_table,
                                               const char      *note,
                                               const char      *format,
                                               ...) G_GNUC_PRINTF (7, 8);

/* Statements added while @deferred is TRUE go to the end of the script,
 * after every create and alter (foreign keys, VALIDATE CONSTRAINT, OWNED
 * BY), in the order they were added. */
void             sluice_ddl_writer_set_deferred (SluiceDdlWriter *writer,
                                                 gboolean         deferred);
/* The deferred statements written so far; the writer keeps none after. */
GPtrArray       *sluice_ddl_writer_steal_deferred (SluiceDdlWriter *writer);
/* The engine marks the objects the script creates (added, or dropped and
 * created again), so ops can tell a new table (no rows: plain CREATE
 * INDEX, constraints valid at once, columns inline) from a live one. */
void             sluice_ddl_writer_mark_created (SluiceDdlWriter *writer,
                                                 const char      *identity);
gboolean         sluice_ddl_writer_is_created   (SluiceDdlWriter *writer,
                                                 const char      *identity);

/* Whether the diff matched objects by OID (SLUICE_DIFF_MATCH_OIDS: both
 * catalogs are one database): then an object with the same OID on both
 * sides is one object, and a definition that differs only by names
 * (a renamed column in an index key ...) needs no rebuild. */
void             sluice_ddl_writer_set_match_oids (SluiceDdlWriter *writer,
                                                   gboolean         match_oids);
gboolean         sluice_ddl_writer_get_match_oids (SluiceDdlWriter *writer);

/* What an in-place alteration needs from the engine. */
typedef enum
{
  SLUICE_DDL_ALTERED,                  /* done in place */
  SLUICE_DDL_ALTERED_REBUILD_DEPENDENTS, /* done in place, but objects that
                                        * depend on it (views over a retyped
                                        * column ...) must be dropped before
                                        * and created again after */
  SLUICE_DDL_REPLACE,                  /* cannot be altered: nothing was
                                        * written; the engine drops and
                                        * creates it (and its dependents) */
} SluiceDdlAlterResult;

typedef struct
{
  /* CREATE ... for @object, then its comment and privileges
   * (sluice_ddl_write_comment_and_acl with @from NULL).  @catalog is the
   * "to" catalog, for children and names. */
  void                 (*create) (SluiceDdlWriter     *writer,
                                  SluiceCatalog       *catalog,
                                  SluiceCatalogObject *object);
  /* DROP ... for @object; @catalog is the "from" catalog. */
  void                 (*drop)   (SluiceDdlWriter     *writer,
                                  SluiceCatalog       *catalog,
                                  SluiceCatalogObject *object);
  /* Turns @from into @to where PostgreSQL can (ALTER ...), including
   * comment, privileges and owner changes; @change lists the attributes
   * that differ. */
  SluiceDdlAlterResult (*alter)  (SluiceDdlWriter          *writer,
                                  SluiceCatalog            *to_catalog,
                                  SluiceCatalogObject      *from,
                                  SluiceCatalogObject      *to,
                                  const SluiceObjectChange *change);
  /* ALTER ... RENAME TO (and SET SCHEMA) turning @from's name into @to's;
   * the engine then calls alter() for the rest. */
  void                 (*rename) (SluiceDdlWriter     *writer,
                                  SluiceCatalogObject *from,
                                  SluiceCatalogObject *to);
} SluiceDdlKindOps;

/* The ops of each kind, defined in the sluice-ddl-*.c file of that kind. */
extern const SluiceDdlKindOps sluice_ddl_schema_ops;             /* sluice-ddl-type.c */
extern const SluiceDdlKindOps sluice_ddl_extension_ops;          /* sluice-ddl-type.c */
extern const SluiceDdlKindOps sluice_ddl_collation_ops;          /* sluice-ddl-type.c */
extern const SluiceDdlKindOps sluice_ddl_type_ops;               /* sluice-ddl-type.c */
extern const SluiceDdlKindOps sluice_ddl_function_ops;           /* sluice-ddl-routine.c */
extern const SluiceDdlKindOps sluice_ddl_procedure_ops;          /* sluice-ddl-routine.c */
extern const SluiceDdlKindOps sluice_ddl_event_trigger_ops;      /* sluice-ddl-routine.c */
extern const SluiceDdlKindOps sluice_ddl_sequence_ops;           /* sluice-ddl-table.c */
extern const SluiceDdlKindOps sluice_ddl_table_ops;              /* sluice-ddl-table.c */
extern const SluiceDdlKindOps sluice_ddl_column_ops;             /* sluice-ddl-column.c */
extern const SluiceDdlKindOps sluice_ddl_constraint_ops;         /* sluice-ddl-constraint.c */
extern const SluiceDdlKindOps sluice_ddl_index_ops;              /* sluice-ddl-constraint.c */
extern const SluiceDdlKindOps sluice_ddl_view_ops;               /* sluice-ddl-view.c */
extern const SluiceDdlKindOps sluice_ddl_materialized_view_ops;  /* sluice-ddl-view.c */
extern const SluiceDdlKindOps sluice_ddl_trigger_ops;            /* sluice-ddl-view.c */
extern const SluiceDdlKindOps sluice_ddl_policy_ops;             /* sluice-ddl-access.c */
extern const SluiceDdlKindOps sluice_ddl_publication_ops;        /* sluice-ddl-access.c */
extern const SluiceDdlKindOps sluice_ddl_default_privileges_ops; /* sluice-ddl-access.c */

const SluiceDdlKindOps *sluice_ddl_ops_for_kind (SluiceCatalogKind kind);

/* COMMENT ON, GRANT/REVOKE and ALTER ... OWNER TO statements that turn
 * @from's comment, acl and owner into @to's (@from NULL: @to is new, so
 * write what it has).  @sql_kind is the object's kind as COMMENT ON and
 * GRANT spell it ("TABLE", "FUNCTION", "COLUMN" ...); @sql_name its name
 * there ("public.orders", "public.orders.id", "public.f(integer)").
 * In sluice-ddl-access.c. */
void sluice_ddl_write_comment_and_acl (SluiceDdlWriter     *writer,
                                       SluiceCatalogObject *from,
                                       SluiceCatalogObject *to,
                                       const char          *sql_kind,
                                       const char          *sql_name);
/* The same for an alter(): only the comment, owner and acl that
 * @change lists (so the diff's IGNORE flags hold). */
void sluice_ddl_write_comment_and_acl_changes (SluiceDdlWriter          *writer,
                                               const SluiceObjectChange *change,
                                               const char               *sql_kind,
                                               const char               *sql_name);

/* A column as CREATE TABLE writes it inline ("id bigint GENERATED ALWAYS
 * AS IDENTITY NOT NULL"), and what CREATE TABLE cannot say inline
 * (storage, statistics, comment, privileges) written after it.  In
 * sluice-ddl-column.c. */
char *sluice_ddl_column_definition    (SluiceCatalogObject *column);
void  sluice_ddl_write_column_details (SluiceDdlWriter     *writer,
                                       SluiceCatalogObject *column);

/* The engine (sluice-diff-order.c): every statement of @diff, ordered; a
 * new GPtrArray of SluiceDdlStatement owning them. */
GPtrArray *sluice_diff_build_statements (SluiceDiff *diff);

/* The transactional form of a statement written with
 * SLUICE_HAZARD_NON_TRANSACTIONAL (CREATE INDEX instead of CREATE INDEX
 * CONCURRENTLY ...); a copy of @statement otherwise. */
SluiceDdlStatement *sluice_ddl_statement_to_transactional (const SluiceDdlStatement *statement);

/* Helpers the sluice-ddl-*.c files share (sluice-ddl-util.c). */
const char *sluice_ddl_identity_of       (SluiceCatalogObject *object);
const char *sluice_ddl_attribute         (SluiceCatalogObject *object,
                                          const char          *name);
/* Whether attribute @name differs between @from and @to. */
gboolean    sluice_ddl_attribute_changed (SluiceCatalogObject *from,
                                          SluiceCatalogObject *to,
                                          const char          *name);
/* @text as an SQL string literal: 'text' with every quote doubled. */
char       *sluice_ddl_quote_literal     (const char          *text);
/* ALTER <sql_kind> ... SET SCHEMA, then ... RENAME TO, turning @from's
 * schema and name into @to's, for kinds whose objects are named per
 * schema.  @lock: the lock each statement takes on the object itself
 * (SLUICE_LOCK_NONE: none, and no locked table is named); @arguments:
 * written in parentheses after the name in RENAME TO (a routine's
 * argument types; nullable: none); @rename_note: the RENAME TO's note
 * (nullable). */
void        sluice_ddl_write_schema_object_rename (SluiceDdlWriter     *writer,
                                                   const char          *sql_kind,
                                                   SluiceCatalogObject *from,
                                                   SluiceCatalogObject *to,
                                                   SluiceLockMode       lock,
                                                   const char          *arguments,
                                                   const char          *rename_note);

G_END_DECLS
