/* sluice-diff.c: matching the objects of two catalogs and comparing their
 * attributes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "sluice-catalog-private.h"
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

/* The attribute names the flags may leave out, interned once so that
 * they compare by pointer with the objects' interned names. */
typedef struct
{
  const char *owner;
  const char *acl;
  const char *comment;
} IgnoredNames;

static void
ignored_names_init (IgnoredNames    *ignored,
                    SluiceDiffFlags  flags)
{
  ignored->owner = (flags & SLUICE_DIFF_IGNORE_OWNERS) ? g_intern_static_string ("owner") : NULL;
  ignored->acl = (flags & SLUICE_DIFF_IGNORE_PRIVILEGES) ? g_intern_static_string ("acl") : NULL;
  ignored->comment = (flags & SLUICE_DIFF_IGNORE_COMMENTS) ? g_intern_static_string ("comment") : NULL;
}

/* Whether the flags say to leave the attribute @name (interned) out. */
static inline gboolean
attribute_is_ignored (const IgnoredNames *ignored,
                      const char         *name)
{
  return name == ignored->owner || name == ignored->acl || name == ignored->comment;
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

/* Short values are shared between objects, so equal values are often the
 * same pointer; the others compare as text. */
static inline gboolean
values_equal (const char *a,
              const char *b)
{
  return a == b || (a != NULL && b != NULL && strcmp (a, b) == 0);
}

/* Walks both sorted attribute arrays at once, so each attribute is looked
 * at once and the changes come out sorted by name.  Names are interned:
 * equal names are equal pointers, and only unequal ones need strcmp() for
 * their order.  With @attributes NULL, stops at the first difference: the
 * hot path of big diffs, where nearly every object is equal, allocates
 * nothing.  Returns whether any attribute differs. */
static gboolean
compare_attributes (const IgnoredNames  *ignored,
                    SluiceCatalogObject *from,
                    SluiceCatalogObject *to,
                    GPtrArray           *attributes)
{
  const char * const *from_names = sluice_catalog_object_list_attributes (from);
  const char * const *to_names = sluice_catalog_object_list_attributes (to);
  guint n_from;
  guint n_to;
  const char * const *from_values = _sluice_catalog_object_peek_values (from, &n_from);
  const char * const *to_values = _sluice_catalog_object_peek_values (to, &n_to);
  gboolean differ = FALSE;
  guint i = 0;
  guint j = 0;

  while (i < n_from || j < n_to)
    {
      const char *name;
      const char *old_value = NULL;
      const char *new_value = NULL;
      int order;

      if (i == n_from)
        order = 1;
      else if (j == n_to)
        order = -1;
      else if (from_names[i] == to_names[j])
        order = 0;
      else
        order = strcmp (from_names[i], to_names[j]);

      if (order <= 0)
        {
          name = from_names[i];
          old_value = from_values[i++];
        }
      else
        name = to_names[j];
      if (order >= 0)
        new_value = to_values[j++];

      if (attribute_is_ignored (ignored, name) || values_equal (old_value, new_value))
        continue;

      differ = TRUE;
      if (attributes == NULL)
        break;
      add_attribute_change (attributes, name, old_value, new_value);
    }

  return differ;
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

/* Compares an object of "from" with its match in "to": the change, or
 * NULL when they are equal (a rename is always a change). */
static SluiceObjectChange *
compare_pair (const IgnoredNames  *ignored,
              SluiceCatalogObject *from_object,
              SluiceCatalogObject *to_object)
{
  SluiceObjectChange *change;

  if (from_object != to_object &&
      strcmp (sluice_catalog_object_get_identity (from_object),
              sluice_catalog_object_get_identity (to_object)) != 0)
    {
      change = object_change_new (SLUICE_CHANGE_RENAMED, from_object, to_object);
      compare_attributes (ignored, from_object, to_object, change->attributes);
      return change;
    }

  if (from_object == to_object || !compare_attributes (ignored, from_object, to_object, NULL))
    return NULL;

  change = object_change_new (SLUICE_CHANGE_CHANGED, from_object, to_object);
  compare_attributes (ignored, from_object, to_object, change->attributes);
  return change;
}

static void
record_match (SluiceDiff          *self,
              const IgnoredNames  *ignored,
              SluiceCatalogObject *from_object,
              SluiceCatalogObject *to_object)
{
  SluiceObjectChange *change;

  if (to_object == NULL)
    change = object_change_new (SLUICE_CHANGE_REMOVED, from_object, NULL);
  else
    change = compare_pair (ignored, from_object, to_object);

  if (change != NULL)
    record_change (self, change);
}

/* Both catalogs are sorted by kind, then identity: one merge walk over the
 * two pairs the objects of one identity without a lookup per object, and
 * finds those only on one side on the way.  @visit gets each step: an
 * object of "from" and one of "to" of the same identity, or one of them
 * alone (the other NULL). */
typedef void (*MergeVisit) (SluiceCatalogObject *from_object,
                            guint                from_position,
                            SluiceCatalogObject *to_object,
                            guint                to_position,
                            gpointer             user_data);

#if defined(__GNUC__) || defined(__clang__)
# define PREFETCH(address) __builtin_prefetch (address)
#else
# define PREFETCH(address) ((void) (address))
#endif

/* How far ahead the walk asks for memory: an object first, its identity
 * and attribute arrays once the object has arrived. */
#define PREFETCH_OBJECTS_AHEAD 32
#define PREFETCH_DATA_AHEAD    16

/* A captured catalog's objects lie in memory in the order the queries
 * made them, not the catalog's: the walk would wait for memory at every
 * object (its struct, identity, names and values are four blocks), most of
 * the diff's time.  Asking for what comes next while comparing lets those
 * waits overlap. */
static inline void
prefetch_ahead (GPtrArray *objects,
                guint      position)
{
  if (position + PREFETCH_OBJECTS_AHEAD < objects->len)
    PREFETCH (g_ptr_array_index (objects, position + PREFETCH_OBJECTS_AHEAD));

  if (position + PREFETCH_DATA_AHEAD < objects->len)
    {
      SluiceCatalogObject *object = g_ptr_array_index (objects, position + PREFETCH_DATA_AHEAD);
      guint n_attributes;

      PREFETCH (sluice_catalog_object_get_identity (object));
      PREFETCH (sluice_catalog_object_list_attributes (object));
      PREFETCH (_sluice_catalog_object_peek_values (object, &n_attributes));
    }
}

static void
merge_catalogs (SluiceDiff *self,
                MergeVisit  visit,
                gpointer    user_data)
{
  GPtrArray *from_objects = _sluice_catalog_peek_objects (self->from);
  GPtrArray *to_objects = _sluice_catalog_peek_objects (self->to);
  guint i = 0;
  guint j = 0;

  while (i < from_objects->len || j < to_objects->len)
    {
      SluiceCatalogObject *from_object = i < from_objects->len ? g_ptr_array_index (from_objects, i) : NULL;
      SluiceCatalogObject *to_object = j < to_objects->len ? g_ptr_array_index (to_objects, j) : NULL;
      int order;

      prefetch_ahead (from_objects, i);
      prefetch_ahead (to_objects, j);

      if (from_object == NULL)
        order = 1;
      else if (to_object == NULL)
        order = -1;
      else
        order = _sluice_catalog_object_compare (from_object, to_object);

      visit (order <= 0 ? from_object : NULL, i, order >= 0 ? to_object : NULL, j, user_data);

      if (order <= 0)
        i++;
      if (order >= 0)
        j++;
    }
}

/* Matching by identity ------------------------------------------------------- */

typedef struct
{
  SluiceDiff         *self;
  const IgnoredNames *ignored;
  GPtrArray          *added;
} IdentityMatch;

static void
visit_by_identity (SluiceCatalogObject *from_object,
                   guint                from_position,
                   SluiceCatalogObject *to_object,
                   guint                to_position,
                   gpointer             user_data)
{
  IdentityMatch *match = user_data;

  /* Ignored objects are ignored on both sides (by kind). */
  if (from_object == NULL)
    {
      if (!object_is_ignored (match->self->flags, to_object))
        g_ptr_array_add (match->added, to_object);
      return;
    }

  if (!object_is_ignored (match->self->flags, from_object))
    record_match (match->self, match->ignored, from_object, to_object);
}

/* Matching by OID ------------------------------------------------------------ */

/* With MATCH_OIDS the OID decides first: an object of "to" with the same
 * OID (and attnum) is the same object whatever its name now, and an
 * identity match never takes an object an OID match claims.
 *
 * (kind, OID, attnum) names one object of a catalog, so when the objects
 * of one identity have the same OID, nothing else can claim either: the
 * walk pairs them at once, which is nearly every object.  Only the others
 * (renamed, dropped, created, recreated) wait, and are matched by OID
 * among themselves afterwards: a rename's two sides are both among them. */

typedef struct
{
  SluiceCatalogObject *object;
  SluiceCatalogObject *same_identity;  /* on the other side; nullable */
  guint                position;       /* in its catalog */
  guint64              key;            /* kind, OID, attnum; 0: no OID */
} Pending;

typedef struct
{
  SluiceObjectChange *change;
  guint               from_position;
} FromChange;

typedef struct
{
  SluiceDiff         *self;
  const IgnoredNames *ignored;
  GArray             *pending_from;    /* Pending */
  GArray             *pending_to;      /* Pending */
  GArray             *changes;         /* FromChange: the "from" side's */
} OidMatch;

static guint64
oid_key (SluiceCatalogObject *object)
{
  guint32 oid = sluice_catalog_object_get_oid (object);

  if (oid == 0)
    return 0;

  return ((guint64) sluice_catalog_object_get_kind (object) << 48) |
         ((guint64) (sluice_catalog_object_get_subid (object) & 0xFFFF) << 32) |
         oid;
}

static void
add_from_change (OidMatch           *match,
                 SluiceObjectChange *change,
                 guint               from_position)
{
  FromChange entry = { change, from_position };

  if (change != NULL)
    g_array_append_val (match->changes, entry);
}

static void
visit_by_oid (SluiceCatalogObject *from_object,
              guint                from_position,
              SluiceCatalogObject *to_object,
              guint                to_position,
              gpointer             user_data)
{
  OidMatch *match = user_data;
  guint64 from_key = from_object != NULL ? oid_key (from_object) : 0;
  guint64 to_key = to_object != NULL ? oid_key (to_object) : 0;
  Pending pending;

  if (from_key != 0 && from_key == to_key)
    {
      if (!object_is_ignored (match->self->flags, from_object))
        add_from_change (match, compare_pair (match->ignored, from_object, to_object), from_position);
      return;
    }

  if (from_object != NULL)
    {
      pending = (Pending) { from_object, to_object, from_position, from_key };
      g_array_append_val (match->pending_from, pending);
    }
  if (to_object != NULL)
    {
      pending = (Pending) { to_object, from_object, to_position, to_key };
      g_array_append_val (match->pending_to, pending);
    }
}

/* OID key -> Pending, for those that have an OID. */
static GHashTable *
index_pending (GArray *pending)
{
  GHashTable *index = g_hash_table_new (g_int64_hash, g_int64_equal);

  for (guint i = 0; i < pending->len; i++)
    {
      Pending *entry = &g_array_index (pending, Pending, i);

      if (entry->key != 0)
        g_hash_table_insert (index, &entry->key, entry);
    }

  return index;
}

static int
compare_from_changes (gconstpointer a,
                      gconstpointer b)
{
  guint position_a = ((const FromChange *) a)->from_position;
  guint position_b = ((const FromChange *) b)->from_position;

  return position_a < position_b ? -1 : position_a > position_b ? 1 : 0;
}

static void
match_pending_by_oid (OidMatch  *match,
                      GPtrArray *added)
{
  SluiceDiff *self = match->self;
  g_autoptr(GHashTable) to_by_key = index_pending (match->pending_to);
  g_autoptr(GHashTable) from_by_key = index_pending (match->pending_from);
  g_autoptr(GHashTable) taken = g_hash_table_new (NULL, NULL);

  for (guint i = 0; i < match->pending_from->len; i++)
    {
      const Pending *entry = &g_array_index (match->pending_from, Pending, i);
      const Pending *by_oid = entry->key != 0 ? g_hash_table_lookup (to_by_key, &entry->key) : NULL;
      SluiceCatalogObject *to_object = NULL;

      if (by_oid != NULL)
        {
          to_object = by_oid->object;
          g_hash_table_add (taken, to_object);
        }
      else if (entry->same_identity != NULL)
        {
          guint64 other_key = oid_key (entry->same_identity);

          /* Unless an object of "from" with its OID claims it. */
          if (other_key == 0 || !g_hash_table_contains (from_by_key, &other_key))
            to_object = entry->same_identity;
        }

      if (object_is_ignored (self->flags, entry->object))
        continue;

      if (to_object != NULL && by_oid == NULL)
        g_hash_table_add (taken, to_object);

      add_from_change (match,
                       to_object != NULL ? compare_pair (match->ignored, entry->object, to_object)
                                         : object_change_new (SLUICE_CHANGE_REMOVED, entry->object, NULL),
                       entry->position);
    }

  /* Recorded in the order of "from", as the walk met them. */
  g_array_sort (match->changes, compare_from_changes);
  for (guint i = 0; i < match->changes->len; i++)
    record_change (self, g_array_index (match->changes, FromChange, i).change);

  for (guint i = 0; i < match->pending_to->len; i++)
    {
      const Pending *entry = &g_array_index (match->pending_to, Pending, i);

      if (!object_is_ignored (self->flags, entry->object) && !g_hash_table_contains (taken, entry->object))
        g_ptr_array_add (added, entry->object);
    }
}

static void
compute_changes (SluiceDiff *self)
{
  g_autoptr(GPtrArray) added = g_ptr_array_new ();
  IgnoredNames ignored;

  ignored_names_init (&ignored, self->flags);

  if (self->flags & SLUICE_DIFF_MATCH_OIDS)
    {
      OidMatch match = { self, &ignored, NULL, NULL, NULL };

      match.pending_from = g_array_new (FALSE, FALSE, sizeof (Pending));
      match.pending_to = g_array_new (FALSE, FALSE, sizeof (Pending));
      match.changes = g_array_new (FALSE, FALSE, sizeof (FromChange));
      merge_catalogs (self, visit_by_oid, &match);
      match_pending_by_oid (&match, added);
      g_array_unref (match.pending_from);
      g_array_unref (match.pending_to);
      g_array_unref (match.changes);
    }
  else
    {
      IdentityMatch match = { self, &ignored, added };

      merge_catalogs (self, visit_by_identity, &match);
    }

  for (guint i = 0; i < added->len; i++)
    record_change (self, object_change_new (SLUICE_CHANGE_ADDED, NULL, g_ptr_array_index (added, i)));

  /* Already in this order but for renames and additions: a stable sort of
   * a few entries. */
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
