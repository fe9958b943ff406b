/* sluice-catalog-object.h: one object of a schema catalog snapshot (a table,
 * a column, an index, a function ...), as a set of named text attributes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* The kinds of object a snapshot holds.  The order is the order in which
 * PostgreSQL lets them be created when nothing else says otherwise (a
 * schema before its tables, a table before its columns ...); the diff
 * refines it with the dependencies. */
typedef enum
{
  SLUICE_CATALOG_SCHEMA,
  SLUICE_CATALOG_EXTENSION,
  SLUICE_CATALOG_COLLATION,
  SLUICE_CATALOG_TYPE,              /* enum, domain, composite, range */
  SLUICE_CATALOG_FUNCTION,          /* functions (aggregates are not kept) */
  SLUICE_CATALOG_PROCEDURE,
  SLUICE_CATALOG_SEQUENCE,
  SLUICE_CATALOG_TABLE,             /* regular, partitioned, partitions */
  SLUICE_CATALOG_COLUMN,            /* parent: a table */
  SLUICE_CATALOG_CONSTRAINT,        /* parent: a table or a domain */
  SLUICE_CATALOG_INDEX,             /* parent: a table or materialized view */
  SLUICE_CATALOG_VIEW,
  SLUICE_CATALOG_MATERIALIZED_VIEW,
  SLUICE_CATALOG_TRIGGER,           /* parent: a table or view */
  SLUICE_CATALOG_POLICY,            /* parent: a table */
  SLUICE_CATALOG_EVENT_TRIGGER,
  SLUICE_CATALOG_PUBLICATION,
  SLUICE_CATALOG_DEFAULT_PRIVILEGES,
  SLUICE_CATALOG_N_KINDS
} SluiceCatalogKind;

GType        sluice_catalog_kind_get_type    (void) G_GNUC_CONST;
#define SLUICE_TYPE_CATALOG_KIND (sluice_catalog_kind_get_type ())

/* Stable lower-case names used in identities, files and JSON ("table",
 * "materialized view", "default privileges"). */
const char  *sluice_catalog_kind_to_string   (SluiceCatalogKind  kind);
gboolean     sluice_catalog_kind_from_string (const char        *text,
                                              SluiceCatalogKind *kind);
/* Translated, singular and plural for summaries ("table", "tables"). */
const char  *sluice_catalog_kind_get_label   (SluiceCatalogKind  kind);
const char  *sluice_catalog_kind_get_plural_label (SluiceCatalogKind kind, gulong count);

/* ATTRIBUTES
 *
 * Every fact about an object is a named attribute whose value is text in a
 * canonical form, so that two snapshots compare attribute by attribute with
 * strcmp().  An attribute that does not apply, or holds its default, is
 * absent (NULL), never "" — except where said.  Booleans are "true"/"false"
 * and are always present when listed.  Wherever a value is SQL, it is the
 * text the server's own deparsers give (pg_get_*def, pg_get_expr,
 * format_type), so it can be pasted into DDL as it is.  Lists are sorted
 * unless their order means something.
 *
 * Every kind may have:
 *   "owner"    the owning role's name (not for columns, constraints,
 *              indexes, triggers, policies)
 *   "comment"  COMMENT ON text
 *   "acl"      privileges as aclitem text, items sorted, in braces:
 *              "{app=r/postgres,postgres=arwdDxt/postgres}"; absent when
 *              the object has its default privileges (NULL relacl ...)
 *
 * SCHEMA               (nothing more)
 * EXTENSION            "version", "schema" (the schema it was created in)
 * COLLATION            "provider" (libc|icu), "locale" | "lc_collate" +
 *                      "lc_ctype", "deterministic"
 * TYPE                 "type_kind": enum|domain|composite|range, then
 *   enum:              "labels": the labels as SQL literals in their sort
 *                      order, ", "-separated: "'new', 'open', 'closed'"
 *   domain:            "base_type" (format_type with typmod), "default",
 *                      "not_null", "collation"; its CHECK constraints are
 *                      CONSTRAINT children
 *   composite:         "attributes": "a integer, b text COLLATE \"C\""
 *   range:             "subtype", "subtype_opclass", "collation",
 *                      "canonical", "subtype_diff", "multirange_type_name"
 * FUNCTION, PROCEDURE  "arguments" (pg_get_function_arguments, with names
 *                      and defaults), "returns" (pg_get_function_result;
 *                      functions only), "language", "body" (prosrc, or
 *                      the SQL-standard body), "volatility"
 *                      (immutable|stable|volatile), "strict",
 *                      "security" (invoker|definer), "parallel"
 *                      (safe|restricted|unsafe), "leakproof", "cost",
 *                      "rows", "config" (proconfig items, ", "-joined),
 *                      "definition" (pg_get_functiondef: the whole
 *                      CREATE OR REPLACE)
 * SEQUENCE             "data_type", "start", "increment", "min", "max",
 *                      "cache", "cycle", "owned_by" ("schema.table.column",
 *                      quoted as needed).  Sequences of identity columns
 *                      are not objects of their own (see COLUMN).
 * TABLE                "relkind": table|partitioned; "persistence":
 *                      permanent|unlogged; "partition_key"
 *                      (pg_get_partkeydef) for partitioned tables;
 *                      "partition_of" (qualified parent name) and
 *                      "partition_bound" (pg_get_expr of relpartbound) for
 *                      partitions; "inherits" (qualified parents in
 *                      inhseqno order, ", "-joined) for plain inheritance;
 *                      "options" (reloptions, sorted, ", "-joined:
 *                      "autovacuum_enabled=false, fillfactor=70");
 *                      "row_security", "force_row_security";
 *                      "replica_identity" (default|nothing|full|index)
 *                      "replica_identity_index" (the index's name, quoted,
 *                      when replica_identity is index)
 * COLUMN               "type" (format_type with typmod), "not_null",
 *                      "default" (pg_get_expr; absent for generated and
 *                      identity columns), "identity" (always|by default),
 *                      "identity_options" (the identity sequence's
 *                      "START WITH 1 INCREMENT BY 1 ..." when not the
 *                      defaults), "generated" (the expression of a STORED
 *                      generated column), "collation" (only when not the
 *                      type's default), "storage"
 *                      (plain|external|extended|main; only when not the
 *                      type's default), "compression" (pglz|lz4; only when
 *                      set), "statistics" (attstattarget; only when set),
 *                      "local": "false" for a column that only comes from
 *                      a parent (partitions, inheritance children): the
 *                      DDL never adds or drops those.
 *                      Object field subid = attnum.
 * CONSTRAINT           "type": primary|unique|foreign|check|exclusion;
 *                      "definition" (pg_get_constraintdef, with NOT VALID,
 *                      DEFERRABLE, ON DELETE ...); "validated";
 *                      "local": "false" when inherited from a parent
 *                      table's constraint (the DDL skips it)
 * INDEX                indexes that back a constraint are not objects of
 *                      their own.  "definition" (pg_get_indexdef),
 *                      "method", "key" (the columns and expressions with
 *                      their opclasses and ordering, as in the definition),
 *                      "include", "predicate", "unique",
 *                      "nulls_not_distinct", "valid"; "partition_of" (the
 *                      identity of the partitioned index it is attached
 *                      to: the DDL skips it)
 * VIEW                 "definition" (pg_get_viewdef, pretty), "options"
 *                      (reloptions as for TABLE: check_option,
 *                      security_barrier, security_invoker)
 * MATERIALIZED_VIEW    "definition", "options", "populated"
 * TRIGGER              "definition" (pg_get_triggerdef), "enabled"
 *                      (origin|disabled|replica|always), "constraint"
 *                      (a CONSTRAINT TRIGGER); internal triggers (of
 *                      foreign keys) are not kept; "local": "false" for a
 *                      partition's clone of its parent's trigger
 * POLICY               "command" (all|select|insert|update|delete),
 *                      "permissive", "roles" (sorted, ", "-joined; "public"
 *                      for PUBLIC), "using", "with_check"
 * EVENT_TRIGGER        "event", "tags" (sorted, ", "-joined), "function"
 *                      (qualified name), "enabled"
 * PUBLICATION          "all_tables", "publish" ("insert, update, delete,
 *                      truncate" as set), "via_root", "tables" (qualified
 *                      names with column lists and WHERE, sorted, ", "-
 *                      joined), "schemas" (TABLES IN SCHEMA, sorted)
 * DEFAULT_PRIVILEGES   name "ROLE:OBJECTS" (e.g. "app_owner:tables"), schema
 *                      NULL for database-wide; "acl" as above
 *
 * IDENTITY
 *
 * An object is found in another snapshot by its identity: its kind's
 * string, a space, and its name qualified with its schema and (for
 * children) its parent's name, each part quoted as PostgreSQL would quote
 * it only when needed (sluice_quote_identifier()); routines add their argument types
 * (pg_get_function_identity_arguments):
 *   "table public.orders"            "column public.orders.created_at"
 *   "index public.orders_created_idx" (indexes are named per schema)
 *   "constraint public.orders.orders_pkey"  "trigger public.orders.audit"
 *   "function public.f(integer, text)"      "schema \"Mixed Case\""
 *   "constraint public.positive_int.positive_int_check" (a domain's)
 * Identities are what the diff matches and what dependencies name.
 *
 * OIDs are kept too (and attnum as subid for columns), so that two
 * snapshots of the same database (before and after a migration) match a
 * renamed object exactly instead of seeing a drop and a create. */

#define SLUICE_TYPE_CATALOG_OBJECT (sluice_catalog_object_get_type ())
G_DECLARE_FINAL_TYPE (SluiceCatalogObject, sluice_catalog_object, SLUICE, CATALOG_OBJECT, GObject)

/* @schema is NULL for schemas, extensions, event triggers, publications
 * and database-wide default privileges; @parent_name is the table or
 * domain of a child (NULL otherwise); @arguments the identity arguments of
 * a routine ("integer, text"; "" for none; NULL for other kinds). */
SluiceCatalogObject *sluice_catalog_object_new            (SluiceCatalogKind  kind,
                                                           const char        *schema,
                                                           const char        *parent_name,
                                                           const char        *name,
                                                           const char        *arguments);

SluiceCatalogKind    sluice_catalog_object_get_kind       (SluiceCatalogObject *self);
const char          *sluice_catalog_object_get_schema     (SluiceCatalogObject *self);
const char          *sluice_catalog_object_get_name       (SluiceCatalogObject *self);
const char          *sluice_catalog_object_get_parent_name (SluiceCatalogObject *self);
const char          *sluice_catalog_object_get_arguments  (SluiceCatalogObject *self);
const char          *sluice_catalog_object_get_identity   (SluiceCatalogObject *self);
/* The identity of the parent (table or domain) of a child; NULL otherwise. */
const char          *sluice_catalog_object_get_parent_identity (SluiceCatalogObject *self);
/* The qualified name alone, quoted as needed, ready for DDL:
 * "public.orders", "public.f(integer, text)"; for a child, its own name
 * quoted ("created_at", "orders_pkey"). */
const char          *sluice_catalog_object_get_sql_name   (SluiceCatalogObject *self);

guint32              sluice_catalog_object_get_oid        (SluiceCatalogObject *self);
gint                 sluice_catalog_object_get_subid      (SluiceCatalogObject *self);
void                 sluice_catalog_object_set_oid        (SluiceCatalogObject *self,
                                                           guint32              oid,
                                                           gint                 subid);

/* NULL when absent. */
const char          *sluice_catalog_object_get_attribute  (SluiceCatalogObject *self,
                                                           const char          *name);
gboolean             sluice_catalog_object_get_boolean    (SluiceCatalogObject *self,
                                                           const char          *name);
/* @value NULL removes the attribute. */
void                 sluice_catalog_object_set_attribute  (SluiceCatalogObject *self,
                                                           const char          *name,
                                                           const char          *value);
/* The names of the attributes present, sorted (NULL-terminated, owned by
 * @self, valid until the next set_attribute). */
const char * const  *sluice_catalog_object_list_attributes (SluiceCatalogObject *self);

/* Identities of the objects this one depends on (from pg_depend: a view on
 * the columns it reads, a default on its function or sequence, a foreign
 * key on the referenced table, a trigger on its function ...), sorted, no
 * duplicates; the parent is not listed.  Identities of objects outside the
 * snapshot (system or extension objects) are not listed. */
const char * const  *sluice_catalog_object_get_dependencies (SluiceCatalogObject *self);
void                 sluice_catalog_object_add_dependency (SluiceCatalogObject *self,
                                                           const char          *identity);

/* The identity an object of @kind with these names has (see IDENTITY). */
char                *sluice_catalog_identity_for          (SluiceCatalogKind  kind,
                                                           const char        *schema,
                                                           const char        *parent_name,
                                                           const char        *name,
                                                           const char        *arguments);

G_END_DECLS
