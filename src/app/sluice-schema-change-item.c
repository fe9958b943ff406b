/* sluice-schema-change-item.c: one row of the Schema page's comparison: an
 * object of either catalog, and how it changed (or that it did not)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sluice-schema-change-item.h"
#include "sluice-schema-node.h"

struct _SluiceSchemaChangeItem
{
  GObject                   parent_instance;

  SluiceDiff               *diff;
  const SluiceObjectChange *change;
  SluiceCatalogObject      *from;
  SluiceCatalogObject      *to;
};

G_DEFINE_FINAL_TYPE (SluiceSchemaChangeItem, sluice_schema_change_item, G_TYPE_OBJECT)

static void
sluice_schema_change_item_dispose (GObject *object)
{
  SluiceSchemaChangeItem *self = SLUICE_SCHEMA_CHANGE_ITEM (object);

  g_clear_object (&self->from);
  g_clear_object (&self->to);
  g_clear_object (&self->diff);

  G_OBJECT_CLASS (sluice_schema_change_item_parent_class)->dispose (object);
}

static void
sluice_schema_change_item_class_init (SluiceSchemaChangeItemClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = sluice_schema_change_item_dispose;
}

static void
sluice_schema_change_item_init (SluiceSchemaChangeItem *self)
{
}

SluiceSchemaChangeItem *
sluice_schema_change_item_new (SluiceDiff               *diff,
                               const SluiceObjectChange *change,
                               SluiceCatalogObject      *object)
{
  SluiceSchemaChangeItem *self;

  g_return_val_if_fail (SLUICE_IS_DIFF (diff), NULL);
  g_return_val_if_fail (change != NULL || object != NULL, NULL);

  self = g_object_new (SLUICE_TYPE_SCHEMA_CHANGE_ITEM, NULL);
  self->diff = g_object_ref (diff);
  self->change = change;
  if (change != NULL)
    {
      g_set_object (&self->from, change->from_object);
      g_set_object (&self->to, change->to_object);
    }
  else
    {
      g_set_object (&self->from, object);
      g_set_object (&self->to, sluice_catalog_lookup (sluice_diff_get_to (diff),
                                                      sluice_catalog_object_get_identity (object)));
    }
  return self;
}

GListStore *
sluice_schema_change_item_list_all (SluiceDiff *diff)
{
  GListStore *items = g_list_store_new (SLUICE_TYPE_SCHEMA_CHANGE_ITEM);
  GListModel *from_objects = sluice_catalog_get_objects (sluice_diff_get_from (diff));
  GPtrArray *changes = sluice_diff_get_changes (diff);
  g_autoptr(GPtrArray) unchanged = g_ptr_array_new_with_free_func (g_object_unref);
  guint n = g_list_model_get_n_items (from_objects);
  guint next_unchanged = 0;

  /* The changes come in catalog order; the unchanged objects of "from"
   * are merged in between them by kind, then identity, so that a table's
   * row stays near its columns' rows. */
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SluiceCatalogObject) object = g_list_model_get_item (from_objects, i);

      if (sluice_diff_lookup (diff, sluice_catalog_object_get_identity (object)) == NULL)
        g_ptr_array_add (unchanged, g_steal_pointer (&object));
    }

  for (guint i = 0; changes != NULL && i < changes->len; i++)
    {
      const SluiceObjectChange *change = g_ptr_array_index (changes, i);
      SluiceCatalogObject *object = change->to_object != NULL ? change->to_object : change->from_object;
      SluiceCatalogKind kind = sluice_catalog_object_get_kind (object);
      g_autoptr(SluiceSchemaChangeItem) item = NULL;

      while (next_unchanged < unchanged->len)
        {
          SluiceCatalogObject *same = g_ptr_array_index (unchanged, next_unchanged);
          SluiceCatalogKind same_kind = sluice_catalog_object_get_kind (same);
          g_autoptr(SluiceSchemaChangeItem) same_item = NULL;

          if (same_kind > kind ||
              (same_kind == kind && g_strcmp0 (sluice_catalog_object_get_identity (same),
                                               sluice_catalog_object_get_identity (object)) > 0))
            break;
          same_item = sluice_schema_change_item_new (diff, NULL, same);
          g_list_store_append (items, same_item);
          next_unchanged++;
        }

      item = sluice_schema_change_item_new (diff, change, NULL);
      g_list_store_append (items, item);
    }

  for (; next_unchanged < unchanged->len; next_unchanged++)
    {
      g_autoptr(SluiceSchemaChangeItem) item = sluice_schema_change_item_new (diff, NULL, g_ptr_array_index (unchanged, next_unchanged));

      g_list_store_append (items, item);
    }

  return items;
}

SluiceDiff *
sluice_schema_change_item_get_diff (SluiceSchemaChangeItem *self)
{
  g_return_val_if_fail (SLUICE_IS_SCHEMA_CHANGE_ITEM (self), NULL);
  return self->diff;
}

const SluiceObjectChange *
sluice_schema_change_item_get_change (SluiceSchemaChangeItem *self)
{
  g_return_val_if_fail (SLUICE_IS_SCHEMA_CHANGE_ITEM (self), NULL);
  return self->change;
}

gboolean
sluice_schema_change_item_is_changed (SluiceSchemaChangeItem *self)
{
  g_return_val_if_fail (SLUICE_IS_SCHEMA_CHANGE_ITEM (self), FALSE);
  return self->change != NULL;
}

SluiceCatalogObject *
sluice_schema_change_item_get_from (SluiceSchemaChangeItem *self)
{
  g_return_val_if_fail (SLUICE_IS_SCHEMA_CHANGE_ITEM (self), NULL);
  return self->from;
}

SluiceCatalogObject *
sluice_schema_change_item_get_to (SluiceSchemaChangeItem *self)
{
  g_return_val_if_fail (SLUICE_IS_SCHEMA_CHANGE_ITEM (self), NULL);
  return self->to;
}

SluiceCatalogObject *
sluice_schema_change_item_get_object (SluiceSchemaChangeItem *self)
{
  g_return_val_if_fail (SLUICE_IS_SCHEMA_CHANGE_ITEM (self), NULL);
  return self->to != NULL ? self->to : self->from;
}

const char *
sluice_schema_change_item_get_state (SluiceSchemaChangeItem *self)
{
  g_return_val_if_fail (SLUICE_IS_SCHEMA_CHANGE_ITEM (self), NULL);

  if (self->change == NULL)
    return "same";
  return sluice_change_kind_to_string (self->change->kind);
}

char *
sluice_schema_change_item_dup_name (SluiceSchemaChangeItem *self,
                                    gboolean                to_side)
{
  SluiceCatalogObject *object;

  g_return_val_if_fail (SLUICE_IS_SCHEMA_CHANGE_ITEM (self), NULL);

  object = to_side ? self->to : self->from;
  return object != NULL ? sluice_schema_node_qualified_name (object) : NULL;
}
