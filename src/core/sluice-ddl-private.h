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

G_END_DECLS
