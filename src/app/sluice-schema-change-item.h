/* sluice-schema-change-item.h: one row of the Schema page's comparison: an
 * object of either catalog, and how it changed (or that it did not)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "sluice.h"

G_BEGIN_DECLS

#define SLUICE_TYPE_SCHEMA_CHANGE_ITEM (sluice_schema_change_item_get_type ())
G_DECLARE_FINAL_TYPE (SluiceSchemaChangeItem, sluice_schema_change_item, SLUICE, SCHEMA_CHANGE_ITEM, GObject)

/* @change is the diff's (borrowed: the item keeps @diff), or NULL for an
 * object that is the same on both sides (@object then is its "from"
 * object, and its "to" is looked up by identity). */
SluiceSchemaChangeItem   *sluice_schema_change_item_new          (SluiceDiff               *diff,
                                                                  const SluiceObjectChange *change,
                                                                  SluiceCatalogObject      *object);

/* Every object of both catalogs, in catalog order, a removed object where
 * it was, each once. */
GListStore               *sluice_schema_change_item_list_all     (SluiceDiff *diff);

SluiceDiff               *sluice_schema_change_item_get_diff     (SluiceSchemaChangeItem *self);
/* NULL when the object is the same on both sides. */
const SluiceObjectChange *sluice_schema_change_item_get_change   (SluiceSchemaChangeItem *self);
gboolean                  sluice_schema_change_item_is_changed   (SluiceSchemaChangeItem *self);
/* NULL for an added object / a removed one. */
SluiceCatalogObject      *sluice_schema_change_item_get_from     (SluiceSchemaChangeItem *self);
SluiceCatalogObject      *sluice_schema_change_item_get_to       (SluiceSchemaChangeItem *self);
/* The "to" object, or the "from" one when removed. */
SluiceCatalogObject      *sluice_schema_change_item_get_object   (SluiceSchemaChangeItem *self);
/* "added", "removed", "changed", "renamed" or "same": the CSS class of the
 * row, "schema-" prefixed. */
const char               *sluice_schema_change_item_get_state    (SluiceSchemaChangeItem *self);
/* The qualified name a side shows ("public.orders", "public.orders.total"),
 * NULL when the object is not on that side. */
char                     *sluice_schema_change_item_dup_name     (SluiceSchemaChangeItem *self,
                                                                  gboolean                to_side);

G_END_DECLS
