/* sluice-catalog-private.h: what the capture and the file reader of a
 * catalog share with SluiceCatalog and SluiceCatalogObject (internal to
 * libsluice)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "sluice-catalog.h"

G_BEGIN_DECLS

/* The kind of a child's parent: a table by default; a constraint may
 * belong to a domain (SLUICE_CATALOG_TYPE), an index to a materialized
 * view, a trigger to a view.  Changes the parent identity. */
void      _sluice_catalog_object_set_parent_kind (SluiceCatalogObject *self,
                                                  SluiceCatalogKind    parent_kind);
/* TRUE for the kinds that have a parent (columns, constraints ...). */
gboolean  _sluice_catalog_kind_is_child         (SluiceCatalogKind    kind);
/* For the capture, which sets many attributes: @name is already interned
 * and sorts after every attribute already set. */
void      _sluice_catalog_object_append_attribute (SluiceCatalogObject *self,
                                                   const char          *interned_name,
                                                   const char          *value);
/* The values of the attributes, in the order of
 * sluice_catalog_object_list_attributes() (names interned, so that the
 * diff compares them by pointer); @n_attributes set to their number. */
const char * const *_sluice_catalog_object_peek_values (SluiceCatalogObject *self,
                                                        guint               *n_attributes);
/* The objects, sorted by kind then identity, borrowed: the diff walks two
 * catalogs side by side without a reference per object. */
GPtrArray *_sluice_catalog_peek_objects        (SluiceCatalog        *self);
/* By kind, then identity: the order of a catalog. */
int       _sluice_catalog_object_compare      (SluiceCatalogObject *a,
                                               SluiceCatalogObject *b);
/* "schema\nname": the key of a relation or type, which share one name
 * space per schema (every table, view and materialized view has a row type
 * of its name), so it finds a child's parent whatever its kind. */
char     *_sluice_catalog_parent_key            (const char          *schema,
                                                 const char          *name);
/* sluice_quote_identifier() with a memory of the names already quoted:
 * a capture quotes the same schema, table and column names many times.
 * Thread-safe; returns a string owned by the cache. */
const char *_sluice_catalog_quote (const char *name);

/* Takes every object of @objects (a GPtrArray of SluiceCatalogObject;
 * emptied), for the capture and the reader, which build many objects at
 * once: sorts them once instead of inserting one by one.  FALSE and
 * @duplicate set (borrowed from @self) when two share an identity; the
 * catalog is then empty. */
gboolean  _sluice_catalog_take_objects          (SluiceCatalog        *self,
                                                 GPtrArray            *objects,
                                                 SluiceCatalogObject **duplicate);
/* The object whose parent key is @key (a table, view, materialized view
 * or type), or NULL. */
SluiceCatalogObject *_sluice_catalog_lookup_parent (SluiceCatalog *self,
                                                    const char    *schema,
                                                    const char    *parent_name);

void      _sluice_catalog_set_server          (SluiceCatalog *self,
                                               const char    *database,
                                               const char    *server_version,
                                               int            server_version_num);
void      _sluice_catalog_set_taken_at        (SluiceCatalog *self,
                                               GDateTime     *taken_at);
void      _sluice_catalog_set_duration_ms     (SluiceCatalog *self,
                                               double         duration_ms);

/* The queries of a capture (sluice-catalog-queries.c).  Each statement
 * returns the objects of one kind (or a helping list), with columns named
 * as documented there. */
typedef enum
{
  CATALOG_QUERY_OBJECTS,        /* rows are objects of .kind */
  CATALOG_QUERY_DEPENDENCIES,   /* pg_depend rows */
  CATALOG_QUERY_SERVER,         /* database, version, version number, time */
  CATALOG_QUERY_OTHER,          /* BEGIN, SET, COMMIT, server facts */
} CatalogQueryRole;

typedef struct
{
  CatalogQueryRole   role;
  SluiceCatalogKind  kind;
  char              *sql;
} CatalogQuery;

/* The statements of one capture for a server of @server_version_num, in
 * order, the first being BEGIN and the last COMMIT; free with
 * g_ptr_array_unref(). */
GPtrArray *_sluice_catalog_queries_new        (int server_version_num);

G_END_DECLS
