/* sluice-schema-node.h: one row of the Schema page's object tree: a schema,
 * a group of one kind of object, an object, or one of its children
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "sluice.h"

G_BEGIN_DECLS

#define SLUICE_TYPE_SCHEMA_NODE (sluice_schema_node_get_type ())
G_DECLARE_FINAL_TYPE (SluiceSchemaNode, sluice_schema_node, SLUICE, SCHEMA_NODE, GObject)

/* A group ("public", "Tables") over @children (SluiceSchemaNode); @object
 * is the schema's own object when the group is a schema that has one. */
SluiceSchemaNode    *sluice_schema_node_new_group   (const char          *title,
                                                     const char          *subtitle,
                                                     SluiceCatalogObject *object,
                                                     GListModel          *children);
/* An object of @catalog; its children (columns, constraints, indexes,
 * triggers, policies) are read from @catalog when first asked for, unless
 * @children gives them (a search keeps only the matching ones). */
SluiceSchemaNode    *sluice_schema_node_new_object  (SluiceCatalog       *catalog,
                                                     SluiceCatalogObject *object,
                                                     GListModel          *children);

const char          *sluice_schema_node_get_title    (SluiceSchemaNode *self);
const char          *sluice_schema_node_get_subtitle (SluiceSchemaNode *self);
/* NULL for a kind group. */
SluiceCatalogObject *sluice_schema_node_get_object   (SluiceSchemaNode *self);
gboolean             sluice_schema_node_is_group     (SluiceSchemaNode *self);
/* NULL when the node has no children (a leaf). */
GListModel          *sluice_schema_node_get_children (SluiceSchemaNode *self);

/* What the tree of @catalog shows at its top: one group per schema, each
 * with one group per kind of object, then "Database" for what belongs to
 * no schema (extensions, publications, event triggers ...).  With
 * @search (case-folded, nullable), only objects whose name holds it, or
 * that have such a child, are kept. */
GListStore          *sluice_schema_node_build_tree   (SluiceCatalog *catalog,
                                                      const char    *search);

/* A short description of @object for its row: a column's type, an index's
 * method, a table's kind ...; NULL when there is nothing to add. */
char                *sluice_schema_node_describe     (SluiceCatalogObject *object);
/* Whether @target is, or may be, under @self: its schema's group, its
 * kind's group there, or its parent's row. */
gboolean             sluice_schema_node_may_hold     (SluiceSchemaNode    *self,
                                                      SluiceCatalog       *catalog,
                                                      SluiceCatalogObject *target);
/* "public.orders", "public.orders.total", "public.f(integer)". */
char                *sluice_schema_node_qualified_name (SluiceCatalogObject *object);
/* The name a row shows: "orders", "f(integer, text)", a child's own name. */
char                *sluice_schema_node_object_title (SluiceCatalogObject *object);

G_END_DECLS
