/* sluice-catalog.c: a snapshot of a database's schema objects, as a list
 * model sorted by kind and identity, with the lookups the diff and the
 * Schema page need
 *
 * The capture and the file reader are in sluice-catalog-capture.c and
 * sluice-catalog-file.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "sluice-catalog-private.h"

typedef struct
{
  guint64              key;
  SluiceCatalogObject *object;
} OidEntry;

struct _SluiceCatalog
{
  GObject     parent_instance;

  char       *profile_id;
  char       *profile_name;
  char       *database;
  char       *server_version;
  int         server_version_num;
  GDateTime  *taken_at;
  double      duration_ms;
  char       *migration_version;
  char       *label;

  GPtrArray  *objects;          /* sorted by kind, then identity */
  GHashTable *by_identity;      /* identity (borrowed) -> object */
  GHashTable *parents;          /* parent key -> table, view or type */
  GHashTable *children;         /* parent key -> GPtrArray of children */
  GArray     *oid_index;        /* OidEntry sorted by key; NULL until asked for */
  guint       counts[SLUICE_CATALOG_N_KINDS];
};

static void sluice_catalog_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (SluiceCatalog, sluice_catalog, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, sluice_catalog_list_model_init))

enum {
  PROP_0,
  PROP_PROFILE_ID,
  PROP_PROFILE_NAME,
  PROP_MIGRATION_VERSION,
  PROP_LABEL,
  PROP_N_OBJECTS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* GListModel ----------------------------------------------------------------- */

static GType
sluice_catalog_get_item_type (GListModel *model)
{
  return SLUICE_TYPE_CATALOG_OBJECT;
}

static guint
sluice_catalog_get_n_items (GListModel *model)
{
  return SLUICE_CATALOG (model)->objects->len;
}

static gpointer
sluice_catalog_get_item (GListModel *model,
                         guint       position)
{
  SluiceCatalog *self = SLUICE_CATALOG (model);

  if (position >= self->objects->len)
    return NULL;

  return g_object_ref (g_ptr_array_index (self->objects, position));
}

static void
sluice_catalog_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = sluice_catalog_get_item_type;
  iface->get_n_items = sluice_catalog_get_n_items;
  iface->get_item = sluice_catalog_get_item;
}

/* GObject -------------------------------------------------------------------- */

static void
sluice_catalog_finalize (GObject *object)
{
  SluiceCatalog *self = (SluiceCatalog *) object;

  g_free (self->profile_id);
  g_free (self->profile_name);
  g_free (self->database);
  g_free (self->server_version);
  g_clear_pointer (&self->taken_at, g_date_time_unref);
  g_free (self->migration_version);
  g_free (self->label);
  g_clear_pointer (&self->oid_index, g_array_unref);
  g_hash_table_unref (self->children);
  g_hash_table_unref (self->parents);
  g_hash_table_unref (self->by_identity);
  g_ptr_array_unref (self->objects);

  G_OBJECT_CLASS (sluice_catalog_parent_class)->finalize (object);
}

static void
sluice_catalog_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  SluiceCatalog *self = SLUICE_CATALOG (object);

  switch (prop_id)
    {
    case PROP_PROFILE_ID:
      g_value_set_string (value, self->profile_id);
      break;
    case PROP_PROFILE_NAME:
      g_value_set_string (value, self->profile_name);
      break;
    case PROP_MIGRATION_VERSION:
      g_value_set_string (value, self->migration_version);
      break;
    case PROP_LABEL:
      g_value_set_string (value, self->label);
      break;
    case PROP_N_OBJECTS:
      g_value_set_uint (value, self->objects->len);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sluice_catalog_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  SluiceCatalog *self = SLUICE_CATALOG (object);

  switch (prop_id)
    {
    case PROP_MIGRATION_VERSION:
      sluice_catalog_set_migration_version (self, g_value_get_string (value));
      break;
    case PROP_LABEL:
      sluice_catalog_set_label (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sluice_catalog_class_init (SluiceCatalogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = sluice_catalog_finalize;
  object_class->get_property = sluice_catalog_get_property;
  object_class->set_property = sluice_catalog_set_property;

  properties[PROP_PROFILE_ID] =
    g_param_spec_string ("profile-id", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PROFILE_NAME] =
    g_param_spec_string ("profile-name", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_MIGRATION_VERSION] =
    g_param_spec_string ("migration-version", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LABEL] =
    g_param_spec_string ("label", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_OBJECTS] =
    g_param_spec_uint ("n-objects", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
sluice_catalog_init (SluiceCatalog *self)
{
  self->objects = g_ptr_array_new_with_free_func (g_object_unref);
  self->by_identity = g_hash_table_new (g_str_hash, g_str_equal);
  self->parents = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->children = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                          (GDestroyNotify) g_ptr_array_unref);
}

SluiceCatalog *
sluice_catalog_new (void)
{
  return g_object_new (SLUICE_TYPE_CATALOG, NULL);
}

/* Metadata ------------------------------------------------------------------- */

const char *
sluice_catalog_get_profile_id (SluiceCatalog *self)
{
  g_return_val_if_fail (SLUICE_IS_CATALOG (self), NULL);
  return self->profile_id;
}

const char *
sluice_catalog_get_profile_name (SluiceCatalog *self)
{
  g_return_val_if_fail (SLUICE_IS_CATALOG (self), NULL);
  return self->profile_name;
}

void
sluice_catalog_set_profile (SluiceCatalog *self,
                            const char    *profile_id,
                            const char    *profile_name)
{
  g_return_if_fail (SLUICE_IS_CATALOG (self));

  if (g_strcmp0 (self->profile_id, profile_id) != 0)
    {
      g_free (self->profile_id);
      self->profile_id = g_strdup (profile_id);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROFILE_ID]);
    }
  if (g_strcmp0 (self->profile_name, profile_name) != 0)
    {
      g_free (self->profile_name);
      self->profile_name = g_strdup (profile_name);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROFILE_NAME]);
    }
}

const char *
sluice_catalog_get_database (SluiceCatalog *self)
{
  g_return_val_if_fail (SLUICE_IS_CATALOG (self), NULL);
  return self->database;
}

const char *
sluice_catalog_get_server_version (SluiceCatalog *self)
{
  g_return_val_if_fail (SLUICE_IS_CATALOG (self), NULL);
  return self->server_version;
}

int
sluice_catalog_get_server_version_num (SluiceCatalog *self)
{
  g_return_val_if_fail (SLUICE_IS_CATALOG (self), 0);
  return self->server_version_num;
}

GDateTime *
sluice_catalog_get_taken_at (SluiceCatalog *self)
{
  g_return_val_if_fail (SLUICE_IS_CATALOG (self), NULL);
  return self->taken_at;
}

double
sluice_catalog_get_duration_ms (SluiceCatalog *self)
{
  g_return_val_if_fail (SLUICE_IS_CATALOG (self), 0);
  return self->duration_ms;
}

const char *
sluice_catalog_get_migration_version (SluiceCatalog *self)
{
  g_return_val_if_fail (SLUICE_IS_CATALOG (self), NULL);
  return self->migration_version;
}

void
sluice_catalog_set_migration_version (SluiceCatalog *self,
                                      const char    *version)
{
  g_return_if_fail (SLUICE_IS_CATALOG (self));

  if (g_strcmp0 (self->migration_version, version) == 0)
    return;

  g_free (self->migration_version);
  self->migration_version = g_strdup (version);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MIGRATION_VERSION]);
}

const char *
sluice_catalog_get_label (SluiceCatalog *self)
{
  g_return_val_if_fail (SLUICE_IS_CATALOG (self), NULL);
  return self->label;
}

void
sluice_catalog_set_label (SluiceCatalog *self,
                          const char    *label)
{
  g_return_if_fail (SLUICE_IS_CATALOG (self));

  if (g_strcmp0 (self->label, label) == 0)
    return;

  g_free (self->label);
  self->label = g_strdup (label);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LABEL]);
}

void
_sluice_catalog_set_server (SluiceCatalog *self,
                            const char    *database,
                            const char    *server_version,
                            int            server_version_num)
{
  g_free (self->database);
  self->database = g_strdup (database);
  g_free (self->server_version);
  self->server_version = g_strdup (server_version);
  self->server_version_num = server_version_num;
}

void
_sluice_catalog_set_taken_at (SluiceCatalog *self,
                              GDateTime     *taken_at)
{
  g_clear_pointer (&self->taken_at, g_date_time_unref);
  if (taken_at != NULL)
    self->taken_at = g_date_time_ref (taken_at);
}

void
_sluice_catalog_set_duration_ms (SluiceCatalog *self,
                                 double         duration_ms)
{
  self->duration_ms = duration_ms;
}

/* Objects -------------------------------------------------------------------- */

char *
_sluice_catalog_parent_key (const char *schema,
                            const char *name)
{
  return g_strconcat (schema != NULL ? schema : "", "\n", name, NULL);
}

static gboolean
kind_is_parent (SluiceCatalogKind kind)
{
  return kind == SLUICE_CATALOG_TABLE || kind == SLUICE_CATALOG_VIEW ||
         kind == SLUICE_CATALOG_MATERIALIZED_VIEW || kind == SLUICE_CATALOG_TYPE;
}

static int
compare_objects (SluiceCatalogObject *a,
                 SluiceCatalogObject *b)
{
  return _sluice_catalog_object_compare (a, b);
}

static int
compare_object_pointers (gconstpointer a,
                         gconstpointer b)
{
  return compare_objects (*(SluiceCatalogObject **) a, *(SluiceCatalogObject **) b);
}

/* Files and hand-made catalogs may add a child before its parent: the
 * parent's kind, and so the child's parent identity, is settled when
 * either arrives. */
static void
index_object (SluiceCatalog       *self,
              SluiceCatalogObject *object)
{
  SluiceCatalogKind kind = sluice_catalog_object_get_kind (object);
  const char *schema = sluice_catalog_object_get_schema (object);

  self->counts[kind]++;
  g_clear_pointer (&self->oid_index, g_array_unref);

  if (kind_is_parent (kind))
    {
      char *key = _sluice_catalog_parent_key (schema, sluice_catalog_object_get_name (object));
      GPtrArray *children = g_hash_table_lookup (self->children, key);

      if (children != NULL)
        {
          for (guint i = 0; i < children->len; i++)
            _sluice_catalog_object_set_parent_kind (g_ptr_array_index (children, i), kind);
        }
      g_hash_table_replace (self->parents, key, object);
    }
  else if (_sluice_catalog_kind_is_child (kind) && sluice_catalog_object_get_parent_name (object) != NULL)
    {
      char *key = _sluice_catalog_parent_key (schema, sluice_catalog_object_get_parent_name (object));
      SluiceCatalogObject *parent = g_hash_table_lookup (self->parents, key);
      GPtrArray *children = g_hash_table_lookup (self->children, key);

      if (parent != NULL)
        _sluice_catalog_object_set_parent_kind (object, sluice_catalog_object_get_kind (parent));

      if (children == NULL)
        {
          children = g_ptr_array_new ();
          g_hash_table_insert (self->children, key, children);
        }
      else
        g_free (key);
      g_ptr_array_add (children, object);
    }
}

gboolean
sluice_catalog_add (SluiceCatalog       *self,
                    SluiceCatalogObject *object)
{
  const char *identity;
  guint low = 0;
  guint high;

  g_return_val_if_fail (SLUICE_IS_CATALOG (self), FALSE);
  g_return_val_if_fail (SLUICE_IS_CATALOG_OBJECT (object), FALSE);

  identity = sluice_catalog_object_get_identity (object);
  if (g_hash_table_contains (self->by_identity, identity))
    return FALSE;

  high = self->objects->len;
  while (low < high)
    {
      guint middle = (low + high) / 2;

      if (compare_objects (g_ptr_array_index (self->objects, middle), object) < 0)
        low = middle + 1;
      else
        high = middle;
    }

  g_ptr_array_insert (self->objects, (int) low, g_object_ref (object));
  g_hash_table_insert (self->by_identity, (gpointer) identity, object);
  index_object (self, object);

  g_list_model_items_changed (G_LIST_MODEL (self), low, 0, 1);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_OBJECTS]);

  return TRUE;
}

static void
clear_objects (SluiceCatalog *self)
{
  g_hash_table_remove_all (self->children);
  g_hash_table_remove_all (self->parents);
  g_hash_table_remove_all (self->by_identity);
  g_clear_pointer (&self->oid_index, g_array_unref);
  memset (self->counts, 0, sizeof self->counts);
  g_ptr_array_set_size (self->objects, 0);
}

gboolean
_sluice_catalog_take_objects (SluiceCatalog        *self,
                              GPtrArray            *objects,
                              SluiceCatalogObject **duplicate)
{
  guint removed = self->objects->len;

  g_return_val_if_fail (SLUICE_IS_CATALOG (self), FALSE);

  clear_objects (self);
  *duplicate = NULL;

  g_ptr_array_sort (objects, compare_object_pointers);
  g_ptr_array_extend_and_steal (self->objects, g_ptr_array_ref (objects));
  g_ptr_array_set_size (objects, 0);

  /* Parents first, so that children find their kind at once. */
  for (guint i = 0; i < self->objects->len; i++)
    {
      SluiceCatalogObject *object = g_ptr_array_index (self->objects, i);
      const char *identity = sluice_catalog_object_get_identity (object);

      if (!g_hash_table_insert (self->by_identity, (gpointer) identity, object))
        {
          *duplicate = object;
          break;
        }
    }

  if (*duplicate != NULL)
    {
      /* Kept alive for the caller's message until the array is freed. */
      g_ptr_array_add (objects, g_object_ref (*duplicate));
      clear_objects (self);
    }
  else
    {
      for (guint i = 0; i < self->objects->len; i++)
        index_object (self, g_ptr_array_index (self->objects, i));
    }

  if (removed > 0 || self->objects->len > 0)
    {
      g_list_model_items_changed (G_LIST_MODEL (self), 0, removed, self->objects->len);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_OBJECTS]);
    }

  return *duplicate == NULL;
}

GListModel *
sluice_catalog_get_objects (SluiceCatalog *self)
{
  g_return_val_if_fail (SLUICE_IS_CATALOG (self), NULL);

  return G_LIST_MODEL (self);
}

GPtrArray *
_sluice_catalog_peek_objects (SluiceCatalog *self)
{
  return self->objects;
}

guint
sluice_catalog_get_n_objects (SluiceCatalog *self)
{
  g_return_val_if_fail (SLUICE_IS_CATALOG (self), 0);

  return self->objects->len;
}

guint
sluice_catalog_count_kind (SluiceCatalog     *self,
                           SluiceCatalogKind  kind)
{
  g_return_val_if_fail (SLUICE_IS_CATALOG (self), 0);
  g_return_val_if_fail (kind < SLUICE_CATALOG_N_KINDS, 0);

  return self->counts[kind];
}

SluiceCatalogObject *
sluice_catalog_lookup (SluiceCatalog *self,
                       const char    *identity)
{
  g_return_val_if_fail (SLUICE_IS_CATALOG (self), NULL);

  if (identity == NULL)
    return NULL;

  return g_hash_table_lookup (self->by_identity, identity);
}

SluiceCatalogObject *
_sluice_catalog_lookup_parent (SluiceCatalog *self,
                               const char    *schema,
                               const char    *parent_name)
{
  g_autofree char *key = _sluice_catalog_parent_key (schema, parent_name);

  return g_hash_table_lookup (self->parents, key);
}

/* OIDs are 32 bits, attnums 16, kinds 5: one 64-bit key. */
static guint64
oid_key (SluiceCatalogKind kind,
         guint32           oid,
         gint              subid)
{
  return ((guint64) kind << 48) | ((guint64) (subid & 0xFFFF) << 32) | oid;
}

static int
compare_oid_entries (gconstpointer a,
                     gconstpointer b)
{
  guint64 ka = ((const OidEntry *) a)->key;
  guint64 kb = ((const OidEntry *) b)->key;

  return ka < kb ? -1 : ka > kb ? 1 : 0;
}

/* A sorted array rather than a hash table: built once, when the diff first
 * matches by OID, at a quarter of the memory. */
static void
build_oid_index (SluiceCatalog *self)
{
  self->oid_index = g_array_sized_new (FALSE, FALSE, sizeof (OidEntry), self->objects->len);

  for (guint i = 0; i < self->objects->len; i++)
    {
      SluiceCatalogObject *object = g_ptr_array_index (self->objects, i);
      OidEntry entry;

      if (sluice_catalog_object_get_oid (object) == 0)
        continue;

      entry.key = oid_key (sluice_catalog_object_get_kind (object),
                           sluice_catalog_object_get_oid (object),
                           sluice_catalog_object_get_subid (object));
      entry.object = object;
      g_array_append_val (self->oid_index, entry);
    }

  g_array_sort (self->oid_index, compare_oid_entries);
}

SluiceCatalogObject *
sluice_catalog_lookup_oid (SluiceCatalog     *self,
                           SluiceCatalogKind  kind,
                           guint32            oid,
                           gint               subid)
{
  OidEntry wanted;
  guint position;

  g_return_val_if_fail (SLUICE_IS_CATALOG (self), NULL);
  g_return_val_if_fail (kind < SLUICE_CATALOG_N_KINDS, NULL);

  if (oid == 0)
    return NULL;

  if (self->oid_index == NULL)
    build_oid_index (self);

  wanted.key = oid_key (kind, oid, subid);
  wanted.object = NULL;
  if (!g_array_binary_search (self->oid_index, &wanted, compare_oid_entries, &position))
    return NULL;

  return g_array_index (self->oid_index, OidEntry, position).object;
}

static int
compare_children (gconstpointer a,
                  gconstpointer b)
{
  SluiceCatalogObject *oa = *(SluiceCatalogObject **) a;
  SluiceCatalogObject *ob = *(SluiceCatalogObject **) b;
  SluiceCatalogKind ka = sluice_catalog_object_get_kind (oa);
  SluiceCatalogKind kb = sluice_catalog_object_get_kind (ob);

  if (ka != kb)
    return ka < kb ? -1 : 1;

  /* Columns in table order. */
  if (ka == SLUICE_CATALOG_COLUMN)
    {
      gint sa = sluice_catalog_object_get_subid (oa);
      gint sb = sluice_catalog_object_get_subid (ob);

      if (sa != sb)
        return sa < sb ? -1 : 1;
    }

  return strcmp (sluice_catalog_object_get_identity (oa), sluice_catalog_object_get_identity (ob));
}

GPtrArray *
sluice_catalog_get_children (SluiceCatalog *self,
                             const char    *identity)
{
  SluiceCatalogObject *parent;
  GPtrArray *children;
  GPtrArray *result;
  g_autofree char *key = NULL;

  g_return_val_if_fail (SLUICE_IS_CATALOG (self), NULL);

  result = g_ptr_array_new ();
  parent = sluice_catalog_lookup (self, identity);
  if (parent == NULL || !kind_is_parent (sluice_catalog_object_get_kind (parent)))
    return result;

  key = _sluice_catalog_parent_key (sluice_catalog_object_get_schema (parent),
                                    sluice_catalog_object_get_name (parent));
  children = g_hash_table_lookup (self->children, key);
  if (children == NULL)
    return result;

  g_ptr_array_extend (result, children, NULL, NULL);
  g_ptr_array_sort (result, compare_children);
  return result;
}

GFile *
sluice_catalog_folder_for_profile (const char *profile_id)
{
  g_autofree char *safe = NULL;

  g_return_val_if_fail (profile_id != NULL, NULL);

  safe = g_strdup (profile_id);
  for (char *p = safe; *p != '\0'; p++)
    {
      if (!(g_ascii_isalnum (*p) || *p == '.' || *p == '_' || *p == '-'))
        *p = '_';
    }

  /* "." and ".." would name another folder. */
  if (strcmp (safe, ".") == 0 || strcmp (safe, "..") == 0 || safe[0] == '\0')
    {
      g_free (safe);
      safe = g_strdup ("_");
    }

  return g_file_new_build_filename (g_get_user_data_dir (), "sluice", "snapshots", safe, NULL);
}
