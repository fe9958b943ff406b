/* sluice-diff.c: matching the objects of two catalogs and comparing their
 * attributes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "sluice-ddl-private.h"
#include "sluice-diff.h"

struct _SluiceDiff
{
  GObject          parent_instance;

  SluiceCatalog   *from;
  SluiceCatalog   *to;
  SluiceDiffFlags  flags;

  GPtrArray       *changes;      /* SluiceObjectChange, owned */
  GHashTable      *by_identity;  /* identity (from or to) -> change, borrowed */
  GPtrArray       *statements;   /* SluiceDdlStatement; built on first use */
};

enum {
  PROP_0,
  PROP_FROM,
  PROP_TO,
  PROP_FLAGS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (SluiceDiff, sluice_diff, G_TYPE_OBJECT)

GType
sluice_change_kind_get_type (void)
{
  static gsize type_id;

  if (g_once_init_enter (&type_id))
    {
      static const GEnumValue values[] = {
        { SLUICE_CHANGE_ADDED, "SLUICE_CHANGE_ADDED", "added" },
        { SLUICE_CHANGE_REMOVED, "SLUICE_CHANGE_REMOVED", "removed" },
        { SLUICE_CHANGE_CHANGED, "SLUICE_CHANGE_CHANGED", "changed" },
        { SLUICE_CHANGE_RENAMED, "SLUICE_CHANGE_RENAMED", "renamed" },
        { 0, NULL, NULL }
      };

      g_once_init_leave (&type_id, g_enum_register_static ("SluiceChangeKind", values));
    }

  return type_id;
}

const char *
sluice_change_kind_to_string (SluiceChangeKind kind)
{
  switch (kind)
    {
    case SLUICE_CHANGE_ADDED: return "added";
    case SLUICE_CHANGE_REMOVED: return "removed";
    case SLUICE_CHANGE_CHANGED: return "changed";
    case SLUICE_CHANGE_RENAMED: return "renamed";
    default: break;
    }

  return NULL;
}

static void
attribute_change_free (SluiceAttributeChange *change)
{
  g_free (change->name);
  g_free (change->old_value);
  g_free (change->new_value);
  g_free (change);
}

static void
object_change_free (SluiceObjectChange *change)
{
  g_clear_object (&change->from_object);
  g_clear_object (&change->to_object);
  g_clear_pointer (&change->attributes, g_ptr_array_unref);
  g_free (change);
}

static SluiceObjectChange *
object_change_new (SluiceChangeKind     kind,
                   SluiceCatalogObject *from_object,
                   SluiceCatalogObject *to_object)
{
  SluiceObjectChange *change = g_new0 (SluiceObjectChange, 1);

  change->kind = kind;
  change->from_object = from_object != NULL ? g_object_ref (from_object) : NULL;
  change->to_object = to_object != NULL ? g_object_ref (to_object) : NULL;
  change->attributes = g_ptr_array_new_with_free_func ((GDestroyNotify) attribute_change_free);
  return change;
}

/* Whether the flags say to leave the attribute @name out. */
static gboolean
attribute_is_ignored (SluiceDiffFlags  flags,
                      const char      *name)
{
  if ((flags & SLUICE_DIFF_IGNORE_OWNERS) && strcmp (name, "owner") == 0)
    return TRUE;
  if ((flags & SLUICE_DIFF_IGNORE_PRIVILEGES) && strcmp (name, "acl") == 0)
    return TRUE;
  if ((flags & SLUICE_DIFF_IGNORE_COMMENTS) && strcmp (name, "comment") == 0)
    return TRUE;
  return FALSE;
}

/* Default privileges are nothing but privileges. */
static gboolean
object_is_ignored (SluiceDiffFlags      flags,
                   SluiceCatalogObject *object)
{
  return (flags & SLUICE_DIFF_IGNORE_PRIVILEGES) &&
         sluice_catalog_object_get_kind (object) == SLUICE_CATALOG_DEFAULT_PRIVILEGES;
}

static void
add_attribute_change (GPtrArray  *attributes,
                      const char *name,
                      const char *old_value,
                      const char *new_value)
{
  SluiceAttributeChange *change = g_new0 (SluiceAttributeChange, 1);

  change->name = g_strdup (name);
  change->old_value = g_strdup (old_value);
  change->new_value = g_strdup (new_value);
  g_ptr_array_add (attributes, change);
}

/* Walks both sorted name lists at once, so each attribute is looked at
 * once and the changes come out sorted by name. */
static void
compare_attributes (SluiceDiffFlags      flags,
                    SluiceCatalogObject *from,
                    SluiceCatalogObject *to,
                    GPtrArray           *attributes)
{
  const char * const *from_names = sluice_catalog_object_list_attributes (from);
  const char * const *to_names = sluice_catalog_object_list_attributes (to);
  guint i = 0;
  guint j = 0;

  while (from_names[i] != NULL || to_names[j] != NULL)
    {
      const char *name;
      int order;

      if (from_names[i] == NULL)
        order = 1;
      else if (to_names[j] == NULL)
        order = -1;
      else
        order = strcmp (from_names[i], to_names[j]);

      name = order <= 0 ? from_names[i] : to_names[j];

      if (!attribute_is_ignored (flags, name))
        {
          const char *old_value = order <= 0 ? sluice_catalog_object_get_attribute (from, name) : NULL;
          const char *new_value = order >= 0 ? sluice_catalog_object_get_attribute (to, name) : NULL;

          if (g_strcmp0 (old_value, new_value) != 0)
            add_attribute_change (attributes, name, old_value, new_value);
        }

      if (order <= 0)
        i++;
      if (order >= 0)
        j++;
    }
}

static const char *
change_identity (const SluiceObjectChange *change)
{
  SluiceCatalogObject *object = change->to_object != NULL ? change->to_object : change->from_object;

  return sluice_catalog_object_get_identity (object);
}

static SluiceCatalogKind
change_object_kind (const SluiceObjectChange *change)
{
  SluiceCatalogObject *object = change->to_object != NULL ? change->to_object : change->from_object;

  return sluice_catalog_object_get_kind (object);
}

static int
compare_changes (gconstpointer a,
                 gconstpointer b)
{
  const SluiceObjectChange *change_a = *(const SluiceObjectChange * const *) a;
  const SluiceObjectChange *change_b = *(const SluiceObjectChange * const *) b;
  SluiceCatalogKind kind_a = change_object_kind (change_a);
  SluiceCatalogKind kind_b = change_object_kind (change_b);

  if (kind_a != kind_b)
    return kind_a < kind_b ? -1 : 1;
  return strcmp (change_identity (change_a), change_identity (change_b));
}

static void
record_change (SluiceDiff         *self,
               SluiceObjectChange *change)
{
  g_ptr_array_add (self->changes, change);
  if (change->from_object != NULL)
    g_hash_table_insert (self->by_identity,
                         (gpointer) sluice_catalog_object_get_identity (change->from_object), change);
  if (change->to_object != NULL)
    g_hash_table_insert (self->by_identity,
                         (gpointer) sluice_catalog_object_get_identity (change->to_object), change);
}

/* With MATCH_OIDS the OID decides first: an object of "to" with the same
 * OID (and attnum) is the same object whatever its name now.  Done over
 * all objects before any identity match, so that an identity match never
 * takes an object a rename claims. */
static void
match_oids (SluiceDiff *self,
            GHashTable *pairs,
            GHashTable *matched)
{
  GListModel *from_objects = sluice_catalog_get_objects (self->from);
  guint n_from = g_list_model_get_n_items (from_objects);

  for (guint i = 0; i < n_from; i++)
    {
      g_autoptr(SluiceCatalogObject) from_object = g_list_model_get_item (from_objects, i);
      SluiceCatalogObject *found;

      if (sluice_catalog_object_get_oid (from_object) == 0)
        continue;

      found = sluice_catalog_lookup_oid (self->to,
                                         sluice_catalog_object_get_kind (from_object),
                                         sluice_catalog_object_get_oid (from_object),
                                         sluice_catalog_object_get_subid (from_object));
      if (found == NULL || g_hash_table_contains (matched, found))
        continue;

      g_hash_table_insert (pairs, from_object, found);
      g_hash_table_add (matched, found);
    }
}

static void
compute_changes (SluiceDiff *self)
{
  GListModel *from_objects = sluice_catalog_get_objects (self->from);
  GListModel *to_objects = sluice_catalog_get_objects (self->to);
  g_autoptr(GHashTable) pairs = g_hash_table_new (NULL, NULL);
  g_autoptr(GHashTable) matched = g_hash_table_new (NULL, NULL);
  guint n_from = g_list_model_get_n_items (from_objects);
  guint n_to = g_list_model_get_n_items (to_objects);
  gboolean match_by_oid = (self->flags & SLUICE_DIFF_MATCH_OIDS) != 0;

  if (match_by_oid)
    match_oids (self, pairs, matched);

  for (guint i = 0; i < n_from; i++)
    {
      g_autoptr(SluiceCatalogObject) from_object = g_list_model_get_item (from_objects, i);
      SluiceCatalogObject *to_object;
      SluiceObjectChange *change;

      if (object_is_ignored (self->flags, from_object))
        continue;

      to_object = match_by_oid ? g_hash_table_lookup (pairs, from_object) : NULL;
      if (to_object == NULL)
        {
          to_object = sluice_catalog_lookup (self->to, sluice_catalog_object_get_identity (from_object));
          if (to_object != NULL && g_hash_table_contains (matched, to_object))
            to_object = NULL;
        }

      if (to_object == NULL)
        {
          record_change (self, object_change_new (SLUICE_CHANGE_REMOVED, from_object, NULL));
          continue;
        }

      if (match_by_oid)
        g_hash_table_add (matched, to_object);

      if (strcmp (sluice_catalog_object_get_identity (from_object),
                  sluice_catalog_object_get_identity (to_object)) != 0)
        change = object_change_new (SLUICE_CHANGE_RENAMED, from_object, to_object);
      else
        change = object_change_new (SLUICE_CHANGE_CHANGED, from_object, to_object);

      compare_attributes (self->flags, from_object, to_object, change->attributes);

      if (change->kind == SLUICE_CHANGE_CHANGED && change->attributes->len == 0)
        object_change_free (change);
      else
        record_change (self, change);
    }

  for (guint i = 0; i < n_to; i++)
    {
      g_autoptr(SluiceCatalogObject) to_object = g_list_model_get_item (to_objects, i);

      if (object_is_ignored (self->flags, to_object))
        continue;

      /* Matched by identity unless renames are looked for: a hash lookup
       * in "from" rather than a set of every matched object, as this is
       * the hot loop of big diffs. */
      if (match_by_oid ? g_hash_table_contains (matched, to_object)
                       : sluice_catalog_lookup (self->from, sluice_catalog_object_get_identity (to_object)) != NULL)
        continue;

      record_change (self, object_change_new (SLUICE_CHANGE_ADDED, NULL, to_object));
    }

  g_ptr_array_sort (self->changes, compare_changes);
}

static void
sluice_diff_constructed (GObject *object)
{
  SluiceDiff *self = SLUICE_DIFF (object);

  G_OBJECT_CLASS (sluice_diff_parent_class)->constructed (object);

  if (self->from == NULL)
    self->from = sluice_catalog_new ();
  if (self->to == NULL)
    self->to = sluice_catalog_new ();

  compute_changes (self);
}

static void
sluice_diff_finalize (GObject *object)
{
  SluiceDiff *self = SLUICE_DIFF (object);

  g_clear_pointer (&self->statements, g_ptr_array_unref);
  g_clear_pointer (&self->by_identity, g_hash_table_unref);
  g_clear_pointer (&self->changes, g_ptr_array_unref);
  g_clear_object (&self->from);
  g_clear_object (&self->to);

  G_OBJECT_CLASS (sluice_diff_parent_class)->finalize (object);
}

static void
sluice_diff_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  SluiceDiff *self = SLUICE_DIFF (object);

  switch (prop_id)
    {
    case PROP_FROM:
      g_value_set_object (value, self->from);
      break;

    case PROP_TO:
      g_value_set_object (value, self->to);
      break;

    case PROP_FLAGS:
      g_value_set_uint (value, self->flags);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sluice_diff_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  SluiceDiff *self = SLUICE_DIFF (object);

  switch (prop_id)
    {
    case PROP_FROM:
      self->from = g_value_dup_object (value);
      break;

    case PROP_TO:
      self->to = g_value_dup_object (value);
      break;

    case PROP_FLAGS:
      self->flags = g_value_get_uint (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sluice_diff_class_init (SluiceDiffClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = sluice_diff_constructed;
  object_class->finalize = sluice_diff_finalize;
  object_class->get_property = sluice_diff_get_property;
  object_class->set_property = sluice_diff_set_property;

  properties[PROP_FROM] =
    g_param_spec_object ("from", NULL, NULL,
                         SLUICE_TYPE_CATALOG,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  properties[PROP_TO] =
    g_param_spec_object ("to", NULL, NULL,
                         SLUICE_TYPE_CATALOG,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  /* SluiceDiffFlags; a plain uint as the flags have no GType of their own. */
  properties[PROP_FLAGS] =
    g_param_spec_uint ("flags", NULL, NULL,
                       0, G_MAXUINT, 0,
                       (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
sluice_diff_init (SluiceDiff *self)
{
  self->changes = g_ptr_array_new_with_free_func ((GDestroyNotify) object_change_free);
  self->by_identity = g_hash_table_new (g_str_hash, g_str_equal);
}

SluiceDiff *
sluice_diff_new (SluiceCatalog   *from,
                 SluiceCatalog   *to,
                 SluiceDiffFlags  flags)
{
  g_return_val_if_fail (SLUICE_IS_CATALOG (from), NULL);
  g_return_val_if_fail (SLUICE_IS_CATALOG (to), NULL);

  return g_object_new (SLUICE_TYPE_DIFF,
                       "from", from,
                       "to", to,
                       "flags", (guint) flags,
                       NULL);
}

SluiceCatalog *
sluice_diff_get_from (SluiceDiff *self)
{
  g_return_val_if_fail (SLUICE_IS_DIFF (self), NULL);

  return self->from;
}

SluiceCatalog *
sluice_diff_get_to (SluiceDiff *self)
{
  g_return_val_if_fail (SLUICE_IS_DIFF (self), NULL);

  return self->to;
}

gboolean
sluice_diff_is_empty (SluiceDiff *self)
{
  g_return_val_if_fail (SLUICE_IS_DIFF (self), TRUE);

  return self->changes->len == 0;
}

GPtrArray *
sluice_diff_get_changes (SluiceDiff *self)
{
  g_return_val_if_fail (SLUICE_IS_DIFF (self), NULL);

  return self->changes;
}

const SluiceObjectChange *
sluice_diff_lookup (SluiceDiff *self,
                    const char *identity)
{
  g_return_val_if_fail (SLUICE_IS_DIFF (self), NULL);
  g_return_val_if_fail (identity != NULL, NULL);

  return g_hash_table_lookup (self->by_identity, identity);
}

GPtrArray *
sluice_diff_get_statements (SluiceDiff *self)
{
  g_return_val_if_fail (SLUICE_IS_DIFF (self), NULL);

  if (self->statements == NULL)
    self->statements = sluice_diff_build_statements (self);

  return self->statements;
}
