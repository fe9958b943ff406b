/* sluice-schema-node.c: one row of the Schema page's object tree: a schema,
 * a group of one kind of object, an object, or one of its children
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "sluice-schema-node.h"

struct _SluiceSchemaNode
{
  GObject              parent_instance;

  char                *title;
  char                *subtitle;
  SluiceCatalogObject *object;
  SluiceCatalog       *catalog;   /* for children read on demand */
  GListModel          *children;
  char                *scope_schema;  /* a group's schema (NULL: the database) */
  int                  scope_kind;    /* a kind group's kind; -1 for a schema */
  gboolean             group;
  gboolean             children_read;
};

G_DEFINE_FINAL_TYPE (SluiceSchemaNode, sluice_schema_node, G_TYPE_OBJECT)

static void
sluice_schema_node_dispose (GObject *object)
{
  SluiceSchemaNode *self = SLUICE_SCHEMA_NODE (object);

  g_clear_object (&self->object);
  g_clear_object (&self->catalog);
  g_clear_object (&self->children);

  G_OBJECT_CLASS (sluice_schema_node_parent_class)->dispose (object);
}

static void
sluice_schema_node_finalize (GObject *object)
{
  SluiceSchemaNode *self = SLUICE_SCHEMA_NODE (object);

  g_free (self->title);
  g_free (self->subtitle);
  g_free (self->scope_schema);

  G_OBJECT_CLASS (sluice_schema_node_parent_class)->finalize (object);
}

static void
sluice_schema_node_class_init (SluiceSchemaNodeClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = sluice_schema_node_dispose;
  object_class->finalize = sluice_schema_node_finalize;
}

static void
sluice_schema_node_init (SluiceSchemaNode *self)
{
  self->scope_kind = -1;
}

SluiceSchemaNode *
sluice_schema_node_new_group (const char          *title,
                              const char          *subtitle,
                              SluiceCatalogObject *object,
                              GListModel          *children)
{
  SluiceSchemaNode *self = g_object_new (SLUICE_TYPE_SCHEMA_NODE, NULL);

  self->title = g_strdup (title);
  self->subtitle = g_strdup (subtitle);
  self->object = object != NULL ? g_object_ref (object) : NULL;
  self->children = children != NULL ? g_object_ref (children) : NULL;
  self->children_read = TRUE;
  self->group = TRUE;
  return self;
}

SluiceSchemaNode *
sluice_schema_node_new_object (SluiceCatalog       *catalog,
                               SluiceCatalogObject *object,
                               GListModel          *children)
{
  SluiceSchemaNode *self = g_object_new (SLUICE_TYPE_SCHEMA_NODE, NULL);

  g_return_val_if_fail (SLUICE_IS_CATALOG_OBJECT (object), NULL);

  self->title = sluice_schema_node_object_title (object);
  self->subtitle = sluice_schema_node_describe (object);
  self->object = g_object_ref (object);
  self->catalog = g_object_ref (catalog);
  if (children != NULL)
    {
      self->children = g_object_ref (children);
      self->children_read = TRUE;
    }
  return self;
}

const char *
sluice_schema_node_get_title (SluiceSchemaNode *self)
{
  g_return_val_if_fail (SLUICE_IS_SCHEMA_NODE (self), NULL);
  return self->title;
}

const char *
sluice_schema_node_get_subtitle (SluiceSchemaNode *self)
{
  g_return_val_if_fail (SLUICE_IS_SCHEMA_NODE (self), NULL);
  return self->subtitle;
}

SluiceCatalogObject *
sluice_schema_node_get_object (SluiceSchemaNode *self)
{
  g_return_val_if_fail (SLUICE_IS_SCHEMA_NODE (self), NULL);
  return self->object;
}

gboolean
sluice_schema_node_is_group (SluiceSchemaNode *self)
{
  g_return_val_if_fail (SLUICE_IS_SCHEMA_NODE (self), FALSE);
  return self->group;
}

static GListStore *
child_nodes (SluiceCatalog       *catalog,
             SluiceCatalogObject *object,
             const char          *search);

GListModel *
sluice_schema_node_get_children (SluiceSchemaNode *self)
{
  g_return_val_if_fail (SLUICE_IS_SCHEMA_NODE (self), NULL);

  /* Children are read on the first expansion only: a catalog of 10,000
   * tables has ten times as many columns, and most are never looked at. */
  if (!self->children_read)
    {
      GListStore *children = child_nodes (self->catalog, self->object, NULL);

      self->children_read = TRUE;
      if (g_list_model_get_n_items (G_LIST_MODEL (children)) > 0)
        self->children = G_LIST_MODEL (children);
      else
        g_object_unref (children);
    }

  return self->children;
}

/* Descriptions ------------------------------------------------------------ */

char *
sluice_schema_node_object_title (SluiceCatalogObject *object)
{
  const char *name = sluice_catalog_object_get_name (object);
  const char *arguments = sluice_catalog_object_get_arguments (object);

  if (arguments != NULL)
    return g_strdup_printf ("%s(%s)", name, arguments);
  return g_strdup (name);
}

static void
append_word (GString    *text,
             const char *word)
{
  if (word == NULL || *word == '\0')
    return;
  if (text->len > 0)
    g_string_append (text, ", ");
  g_string_append (text, word);
}

char *
sluice_schema_node_describe (SluiceCatalogObject *object)
{
  g_autoptr(GString) text = g_string_new (NULL);
  const char *value;

#define ATTRIBUTE(name) sluice_catalog_object_get_attribute (object, name)
#define IS_TRUE(name) (g_strcmp0 (ATTRIBUTE (name), "true") == 0)

  switch (sluice_catalog_object_get_kind (object))
    {
    case SLUICE_CATALOG_COLUMN:
      append_word (text, ATTRIBUTE ("type"));
      if (IS_TRUE ("not_null"))
        append_word (text, "NOT NULL");
      if (ATTRIBUTE ("identity") != NULL)
        append_word (text, _("identity"));
      if (ATTRIBUTE ("generated") != NULL)
        append_word (text, _("generated"));
      break;
    case SLUICE_CATALOG_CONSTRAINT:
      value = ATTRIBUTE ("type");
      if (g_strcmp0 (value, "primary") == 0)
        append_word (text, _("primary key"));
      else if (g_strcmp0 (value, "foreign") == 0)
        append_word (text, _("foreign key"));
      else
        append_word (text, value);
      if (g_strcmp0 (ATTRIBUTE ("validated"), "false") == 0)
        append_word (text, _("not valid"));
      break;
    case SLUICE_CATALOG_INDEX:
      if (IS_TRUE ("unique"))
        append_word (text, _("unique"));
      append_word (text, ATTRIBUTE ("method"));
      if (ATTRIBUTE ("predicate") != NULL)
        append_word (text, _("partial"));
      if (g_strcmp0 (ATTRIBUTE ("valid"), "false") == 0)
        append_word (text, _("invalid"));
      break;
    case SLUICE_CATALOG_TABLE:
      if (g_strcmp0 (ATTRIBUTE ("relkind"), "partitioned") == 0)
        append_word (text, _("partitioned"));
      if (ATTRIBUTE ("partition_of") != NULL)
        append_word (text, _("partition"));
      if (g_strcmp0 (ATTRIBUTE ("persistence"), "unlogged") == 0)
        append_word (text, _("unlogged"));
      if (IS_TRUE ("row_security"))
        append_word (text, _("row security"));
      break;
    case SLUICE_CATALOG_TYPE:
      append_word (text, ATTRIBUTE ("type_kind"));
      break;
    case SLUICE_CATALOG_FUNCTION:
      value = ATTRIBUTE ("returns");
      if (value != NULL)
        g_string_append_printf (text, "→ %s", value);
      append_word (text, ATTRIBUTE ("language"));
      break;
    case SLUICE_CATALOG_PROCEDURE:
      append_word (text, ATTRIBUTE ("language"));
      break;
    case SLUICE_CATALOG_SEQUENCE:
      append_word (text, ATTRIBUTE ("data_type"));
      break;
    case SLUICE_CATALOG_EXTENSION:
      append_word (text, ATTRIBUTE ("version"));
      break;
    case SLUICE_CATALOG_TRIGGER:
      if (g_strcmp0 (ATTRIBUTE ("enabled"), "disabled") == 0)
        append_word (text, _("disabled"));
      break;
    case SLUICE_CATALOG_POLICY:
      append_word (text, ATTRIBUTE ("command"));
      break;
    case SLUICE_CATALOG_EVENT_TRIGGER:
      append_word (text, ATTRIBUTE ("event"));
      break;
    case SLUICE_CATALOG_SCHEMA:
    case SLUICE_CATALOG_COLLATION:
    case SLUICE_CATALOG_VIEW:
    case SLUICE_CATALOG_MATERIALIZED_VIEW:
    case SLUICE_CATALOG_PUBLICATION:
    case SLUICE_CATALOG_DEFAULT_PRIVILEGES:
    case SLUICE_CATALOG_N_KINDS:
    default:
      break;
    }

#undef IS_TRUE
#undef ATTRIBUTE

  return text->len > 0 ? g_string_free (g_steal_pointer (&text), FALSE) : NULL;
}

/* Building the tree -------------------------------------------------------- */

static gboolean
name_matches (SluiceCatalogObject *object,
              const char          *search)
{
  g_autofree char *folded = NULL;

  if (search == NULL)
    return TRUE;
  folded = g_utf8_casefold (sluice_catalog_object_get_name (object), -1);
  return strstr (folded, search) != NULL;
}

/* The children of @object as nodes; with @search, only those that match. */
static GListStore *
child_nodes (SluiceCatalog       *catalog,
             SluiceCatalogObject *object,
             const char          *search)
{
  g_autoptr(GPtrArray) children = sluice_catalog_get_children (catalog, sluice_catalog_object_get_identity (object));
  GListStore *nodes = g_list_store_new (SLUICE_TYPE_SCHEMA_NODE);

  for (guint i = 0; children != NULL && i < children->len; i++)
    {
      SluiceCatalogObject *child = g_ptr_array_index (children, i);
      g_autoptr(SluiceSchemaNode) node = NULL;

      if (!name_matches (child, search))
        continue;
      node = sluice_schema_node_new_object (catalog, child, NULL);
      /* A child has no children of its own: say so now. */
      node->children_read = TRUE;
      g_list_store_append (nodes, node);
    }

  return nodes;
}

static gboolean
is_child_kind (SluiceCatalogObject *object)
{
  return sluice_catalog_object_get_parent_identity (object) != NULL;
}

/* The headings of the kinds' groups, in SluiceCatalogKind order. */
static const char * const kind_headings[SLUICE_CATALOG_N_KINDS] = {
  N_("Schemas"),
  N_("Extensions"),
  N_("Collations"),
  N_("Types"),
  N_("Functions"),
  N_("Procedures"),
  N_("Sequences"),
  N_("Tables"),
  N_("Columns"),
  N_("Constraints"),
  N_("Indexes"),
  N_("Views"),
  N_("Materialized Views"),
  N_("Triggers"),
  N_("Policies"),
  N_("Event Triggers"),
  N_("Publications"),
  N_("Default Privileges"),
};

static char *
kind_group_title (SluiceCatalogKind kind)
{
  return g_strdup (_(kind_headings[kind]));
}

/* The nodes of the objects of one schema (or of the database), by kind. */
typedef struct
{
  char                *name;       /* NULL: the database */
  SluiceCatalogObject *object;     /* the schema's own object, if any */
  GListStore          *by_kind[SLUICE_CATALOG_N_KINDS];
} SchemaBucket;

static void
schema_bucket_free (SchemaBucket *bucket)
{
  g_free (bucket->name);
  g_clear_object (&bucket->object);
  for (guint i = 0; i < SLUICE_CATALOG_N_KINDS; i++)
    g_clear_object (&bucket->by_kind[i]);
  g_free (bucket);
}

static SchemaBucket *
get_bucket (GHashTable *buckets,
            GPtrArray  *order,
            const char *name)
{
  SchemaBucket *bucket = g_hash_table_lookup (buckets, name != NULL ? name : "");

  if (bucket == NULL)
    {
      bucket = g_new0 (SchemaBucket, 1);
      bucket->name = g_strdup (name);
      g_hash_table_insert (buckets, g_strdup (name != NULL ? name : ""), bucket);
      g_ptr_array_add (order, bucket);
    }
  return bucket;
}

static int
compare_buckets (gconstpointer a,
                 gconstpointer b)
{
  const SchemaBucket *first = *(SchemaBucket * const *) a;
  const SchemaBucket *second = *(SchemaBucket * const *) b;

  /* The database's own objects come last, after every schema. */
  if (first->name == NULL || second->name == NULL)
    return (first->name == NULL) - (second->name == NULL);
  return g_strcmp0 (first->name, second->name);
}

static SluiceSchemaNode *
bucket_to_node (SchemaBucket *bucket)
{
  g_autoptr(GListStore) groups = g_list_store_new (SLUICE_TYPE_SCHEMA_NODE);
  SluiceSchemaNode *node;
  guint total = 0;
  g_autofree char *subtitle = NULL;

  for (guint kind = 0; kind < SLUICE_CATALOG_N_KINDS; kind++)
    {
      g_autoptr(SluiceSchemaNode) group = NULL;
      g_autofree char *title = NULL;
      g_autofree char *count = NULL;
      guint n;

      if (bucket->by_kind[kind] == NULL)
        continue;
      n = g_list_model_get_n_items (G_LIST_MODEL (bucket->by_kind[kind]));
      title = kind_group_title (kind);
      count = g_strdup_printf ("%u", n);
      group = sluice_schema_node_new_group (title, count, NULL, G_LIST_MODEL (bucket->by_kind[kind]));
      group->scope_schema = g_strdup (bucket->name);
      group->scope_kind = kind;
      g_list_store_append (groups, group);
      total += n;
    }

  /* Translators: how many objects a schema holds. */
  subtitle = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u object", "%u objects", total), total);
  node = sluice_schema_node_new_group (bucket->name != NULL ? bucket->name : _("Database"),
                                       subtitle, bucket->object, G_LIST_MODEL (groups));
  node->scope_schema = g_strdup (bucket->name);
  return node;
}

gboolean
sluice_schema_node_may_hold (SluiceSchemaNode    *self,
                             SluiceCatalog       *catalog,
                             SluiceCatalogObject *target)
{
  SluiceCatalogObject *top = target;
  const char *parent_identity;

  g_return_val_if_fail (SLUICE_IS_SCHEMA_NODE (self), FALSE);
  g_return_val_if_fail (SLUICE_IS_CATALOG_OBJECT (target), FALSE);

  parent_identity = sluice_catalog_object_get_parent_identity (target);
  if (!self->group)
    return parent_identity != NULL &&
           g_strcmp0 (sluice_catalog_object_get_identity (self->object), parent_identity) == 0;

  if (parent_identity != NULL && sluice_catalog_lookup (catalog, parent_identity) != NULL)
    top = sluice_catalog_lookup (catalog, parent_identity);

  /* A schema's own object is its group's row, not inside it. */
  if (sluice_catalog_object_get_kind (top) == SLUICE_CATALOG_SCHEMA)
    return FALSE;
  if (g_strcmp0 (self->scope_schema, sluice_catalog_object_get_schema (top)) != 0)
    return FALSE;
  return self->scope_kind < 0 || self->scope_kind == (int) sluice_catalog_object_get_kind (top);
}

char *
sluice_schema_node_qualified_name (SluiceCatalogObject *object)
{
  const char *schema = sluice_catalog_object_get_schema (object);
  const char *parent = sluice_catalog_object_get_parent_name (object);
  g_autofree char *title = sluice_schema_node_object_title (object);
  GString *name = g_string_new (NULL);

  if (schema != NULL && sluice_catalog_object_get_kind (object) != SLUICE_CATALOG_SCHEMA)
    g_string_append_printf (name, "%s.", schema);
  if (parent != NULL)
    g_string_append_printf (name, "%s.", parent);
  g_string_append (name, title);
  return g_string_free (name, FALSE);
}

GListStore *
sluice_schema_node_build_tree (SluiceCatalog *catalog,
                               const char    *search)
{
  GListModel *objects = sluice_catalog_get_objects (catalog);
  g_autoptr(GHashTable) buckets = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                         (GDestroyNotify) schema_bucket_free);
  g_autoptr(GPtrArray) order = g_ptr_array_new ();
  GListStore *tree = g_list_store_new (SLUICE_TYPE_SCHEMA_NODE);
  guint n = g_list_model_get_n_items (objects);

  if (search != NULL && *search == '\0')
    search = NULL;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SluiceCatalogObject) object = g_list_model_get_item (objects, i);
      SluiceCatalogKind kind = sluice_catalog_object_get_kind (object);
      g_autoptr(SluiceSchemaNode) node = NULL;
      g_autoptr(GListStore) children = NULL;
      SchemaBucket *bucket;

      if (is_child_kind (object))
        continue;

      if (kind == SLUICE_CATALOG_SCHEMA)
        {
          bucket = get_bucket (buckets, order, sluice_catalog_object_get_name (object));
          g_set_object (&bucket->object, object);
          continue;
        }

      /* With a search, an object stays when it matches, with all its
       * children, or when some of its children do, with those alone. */
      if (search != NULL && !name_matches (object, search))
        {
          children = child_nodes (catalog, object, search);
          if (g_list_model_get_n_items (G_LIST_MODEL (children)) == 0)
            continue;
        }

      bucket = get_bucket (buckets, order, sluice_catalog_object_get_schema (object));
      if (bucket->by_kind[kind] == NULL)
        bucket->by_kind[kind] = g_list_store_new (SLUICE_TYPE_SCHEMA_NODE);
      node = sluice_schema_node_new_object (catalog, object, G_LIST_MODEL (children));
      g_list_store_append (bucket->by_kind[kind], node);
    }

  g_ptr_array_sort (order, compare_buckets);
  for (guint i = 0; i < order->len; i++)
    {
      SchemaBucket *bucket = g_ptr_array_index (order, i);
      g_autoptr(SluiceSchemaNode) node = NULL;
      gboolean empty = TRUE;

      for (guint kind = 0; kind < SLUICE_CATALOG_N_KINDS && empty; kind++)
        empty = bucket->by_kind[kind] == NULL;
      /* A search shows the schemas that hold what it found, or whose own
       * name it matches. */
      if (empty && search != NULL && (bucket->object == NULL || !name_matches (bucket->object, search)))
        continue;

      node = bucket_to_node (bucket);
      g_list_store_append (tree, node);
    }

  return tree;
}
