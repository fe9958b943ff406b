/* sluice-catalog-object.c: one object of a schema catalog snapshot
 *
 * A catalog may hold a quarter of a million objects (a big schema's
 * columns, indexes and constraints), so an object is kept small: its
 * attributes are a short array sorted by name, names interned, short
 * values shared rather than copied, and its names in one block.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "sluice-catalog-private.h"
#include "sluice-sql-quote.h"

/* Short values repeat across objects ("true", "integer", "btree", an
 * owner's name): each is kept once, shared by every object that has it,
 * for as long as the program runs.  Long ones (definitions, bodies) are
 * each object's own. */
#define SHARED_VALUE_MAX_LENGTH 40
#define SHARED_VALUES_LIMIT     100000

static GMutex shared_values_mutex;
static GHashTable *shared_values;

struct _SluiceCatalogObject
{
  GObject      parent_instance;

  guint8       kind;
  guint8       parent_kind;
  guint16      n_attributes;
  guint32      oid;
  gint32       subid;
  guint32      n_dependencies;
  guint32      dependencies_size;

  const char  *schema;           /* interned: few distinct values */
  /* One allocation holds the identity, then the name, the parent's name
   * and the arguments, which point into it. */
  char        *identity;
  const char  *parent_name;
  const char  *name;
  const char  *arguments;
  char        *parent_identity;
  char        *sql_name;         /* made when first asked for */

  /* Two parallel arrays rather than one of pairs, so that the names are
   * the NULL-terminated list handed out as they are.  Names are interned
   * and sorted (strcmp); values may be shared (see copy_value()). */
  const char **attribute_names;
  char       **attribute_values;
  char       **dependencies;     /* sorted, unique, NULL-terminated */
};

G_DEFINE_FINAL_TYPE (SluiceCatalogObject, sluice_catalog_object, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_KIND,
  PROP_SCHEMA,
  PROP_NAME,
  PROP_PARENT_NAME,
  PROP_ARGUMENTS,
  PROP_IDENTITY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Kinds --------------------------------------------------------------------- */

typedef struct
{
  const char *name;
  const char *singular;
  const char *plural;
} KindInfo;

/* The labels are translated where they are used, with g_dngettext(): the
 * singular is the plural form for one. */
static const KindInfo kind_infos[SLUICE_CATALOG_N_KINDS] = {
  [SLUICE_CATALOG_SCHEMA]             = { "schema", "schema", "schemas" },
  [SLUICE_CATALOG_EXTENSION]          = { "extension", "extension", "extensions" },
  [SLUICE_CATALOG_COLLATION]          = { "collation", "collation", "collations" },
  [SLUICE_CATALOG_TYPE]               = { "type", "type", "types" },
  [SLUICE_CATALOG_FUNCTION]           = { "function", "function", "functions" },
  [SLUICE_CATALOG_PROCEDURE]          = { "procedure", "procedure", "procedures" },
  [SLUICE_CATALOG_SEQUENCE]           = { "sequence", "sequence", "sequences" },
  [SLUICE_CATALOG_TABLE]              = { "table", "table", "tables" },
  [SLUICE_CATALOG_COLUMN]             = { "column", "column", "columns" },
  [SLUICE_CATALOG_CONSTRAINT]         = { "constraint", "constraint", "constraints" },
  [SLUICE_CATALOG_INDEX]              = { "index", "index", "indexes" },
  [SLUICE_CATALOG_VIEW]               = { "view", "view", "views" },
  [SLUICE_CATALOG_MATERIALIZED_VIEW]  = { "materialized view", "materialized view", "materialized views" },
  [SLUICE_CATALOG_TRIGGER]            = { "trigger", "trigger", "triggers" },
  [SLUICE_CATALOG_POLICY]             = { "policy", "policy", "policies" },
  [SLUICE_CATALOG_EVENT_TRIGGER]      = { "event trigger", "event trigger", "event triggers" },
  [SLUICE_CATALOG_PUBLICATION]        = { "publication", "publication", "publications" },
  [SLUICE_CATALOG_DEFAULT_PRIVILEGES] = { "default privileges", "default privileges", "default privileges" },
};

/* The plural forms, spelled out for xgettext (it cannot see through the
 * table above). */
G_GNUC_UNUSED static void
plural_forms_for_translators (void)
{
  (void) g_dngettext (GETTEXT_PACKAGE, "schema", "schemas", 2);
  (void) g_dngettext (GETTEXT_PACKAGE, "extension", "extensions", 2);
  (void) g_dngettext (GETTEXT_PACKAGE, "collation", "collations", 2);
  (void) g_dngettext (GETTEXT_PACKAGE, "type", "types", 2);
  (void) g_dngettext (GETTEXT_PACKAGE, "function", "functions", 2);
  (void) g_dngettext (GETTEXT_PACKAGE, "procedure", "procedures", 2);
  (void) g_dngettext (GETTEXT_PACKAGE, "sequence", "sequences", 2);
  (void) g_dngettext (GETTEXT_PACKAGE, "table", "tables", 2);
  (void) g_dngettext (GETTEXT_PACKAGE, "column", "columns", 2);
  (void) g_dngettext (GETTEXT_PACKAGE, "constraint", "constraints", 2);
  (void) g_dngettext (GETTEXT_PACKAGE, "index", "indexes", 2);
  (void) g_dngettext (GETTEXT_PACKAGE, "view", "views", 2);
  (void) g_dngettext (GETTEXT_PACKAGE, "materialized view", "materialized views", 2);
  (void) g_dngettext (GETTEXT_PACKAGE, "trigger", "triggers", 2);
  (void) g_dngettext (GETTEXT_PACKAGE, "policy", "policies", 2);
  (void) g_dngettext (GETTEXT_PACKAGE, "event trigger", "event triggers", 2);
  (void) g_dngettext (GETTEXT_PACKAGE, "publication", "publications", 2);
  (void) g_dngettext (GETTEXT_PACKAGE, "default privileges", "default privileges", 2);
}

GType
sluice_catalog_kind_get_type (void)
{
  static gsize type_id;

  if (g_once_init_enter (&type_id))
    {
      static const GEnumValue values[] = {
        { SLUICE_CATALOG_SCHEMA, "SLUICE_CATALOG_SCHEMA", "schema" },
        { SLUICE_CATALOG_EXTENSION, "SLUICE_CATALOG_EXTENSION", "extension" },
        { SLUICE_CATALOG_COLLATION, "SLUICE_CATALOG_COLLATION", "collation" },
        { SLUICE_CATALOG_TYPE, "SLUICE_CATALOG_TYPE", "type" },
        { SLUICE_CATALOG_FUNCTION, "SLUICE_CATALOG_FUNCTION", "function" },
        { SLUICE_CATALOG_PROCEDURE, "SLUICE_CATALOG_PROCEDURE", "procedure" },
        { SLUICE_CATALOG_SEQUENCE, "SLUICE_CATALOG_SEQUENCE", "sequence" },
        { SLUICE_CATALOG_TABLE, "SLUICE_CATALOG_TABLE", "table" },
        { SLUICE_CATALOG_COLUMN, "SLUICE_CATALOG_COLUMN", "column" },
        { SLUICE_CATALOG_CONSTRAINT, "SLUICE_CATALOG_CONSTRAINT", "constraint" },
        { SLUICE_CATALOG_INDEX, "SLUICE_CATALOG_INDEX", "index" },
        { SLUICE_CATALOG_VIEW, "SLUICE_CATALOG_VIEW", "view" },
        { SLUICE_CATALOG_MATERIALIZED_VIEW, "SLUICE_CATALOG_MATERIALIZED_VIEW", "materialized-view" },
        { SLUICE_CATALOG_TRIGGER, "SLUICE_CATALOG_TRIGGER", "trigger" },
        { SLUICE_CATALOG_POLICY, "SLUICE_CATALOG_POLICY", "policy" },
        { SLUICE_CATALOG_EVENT_TRIGGER, "SLUICE_CATALOG_EVENT_TRIGGER", "event-trigger" },
        { SLUICE_CATALOG_PUBLICATION, "SLUICE_CATALOG_PUBLICATION", "publication" },
        { SLUICE_CATALOG_DEFAULT_PRIVILEGES, "SLUICE_CATALOG_DEFAULT_PRIVILEGES", "default-privileges" },
        { 0, NULL, NULL }
      };

      g_once_init_leave (&type_id, g_enum_register_static ("SluiceCatalogKind", values));
    }

  return type_id;
}

const char *
sluice_catalog_kind_to_string (SluiceCatalogKind kind)
{
  g_return_val_if_fail (kind < SLUICE_CATALOG_N_KINDS, NULL);

  return kind_infos[kind].name;
}

gboolean
sluice_catalog_kind_from_string (const char        *text,
                                 SluiceCatalogKind *kind)
{
  if (text == NULL)
    return FALSE;

  for (guint i = 0; i < SLUICE_CATALOG_N_KINDS; i++)
    {
      if (strcmp (text, kind_infos[i].name) == 0)
        {
          if (kind != NULL)
            *kind = (SluiceCatalogKind) i;
          return TRUE;
        }
    }

  return FALSE;
}

const char *
sluice_catalog_kind_get_label (SluiceCatalogKind kind)
{
  g_return_val_if_fail (kind < SLUICE_CATALOG_N_KINDS, NULL);

  return g_dngettext (GETTEXT_PACKAGE, kind_infos[kind].singular, kind_infos[kind].plural, 1);
}

const char *
sluice_catalog_kind_get_plural_label (SluiceCatalogKind kind,
                                      gulong            count)
{
  g_return_val_if_fail (kind < SLUICE_CATALOG_N_KINDS, NULL);

  return g_dngettext (GETTEXT_PACKAGE, kind_infos[kind].singular, kind_infos[kind].plural, count);
}

gboolean
_sluice_catalog_kind_is_child (SluiceCatalogKind kind)
{
  switch (kind)
    {
    case SLUICE_CATALOG_COLUMN:
    case SLUICE_CATALOG_CONSTRAINT:
    case SLUICE_CATALOG_INDEX:
    case SLUICE_CATALOG_TRIGGER:
    case SLUICE_CATALOG_POLICY:
      return TRUE;
    case SLUICE_CATALOG_SCHEMA:
    case SLUICE_CATALOG_EXTENSION:
    case SLUICE_CATALOG_COLLATION:
    case SLUICE_CATALOG_TYPE:
    case SLUICE_CATALOG_FUNCTION:
    case SLUICE_CATALOG_PROCEDURE:
    case SLUICE_CATALOG_SEQUENCE:
    case SLUICE_CATALOG_TABLE:
    case SLUICE_CATALOG_VIEW:
    case SLUICE_CATALOG_MATERIALIZED_VIEW:
    case SLUICE_CATALOG_EVENT_TRIGGER:
    case SLUICE_CATALOG_PUBLICATION:
    case SLUICE_CATALOG_DEFAULT_PRIVILEGES:
    case SLUICE_CATALOG_N_KINDS:
    default:
      return FALSE;
    }
}

/* Quoting ------------------------------------------------------------------- */

/* Deciding whether a lower-case name is a keyword runs the SQL scanner,
 * which costs far more than the rest of building an identity; a capture
 * asks for the same names over and over (schemas, tables, "id"). */
#define QUOTE_CACHE_LIMIT 200000

static GMutex quote_mutex;
static GHashTable *quote_cache;

const char *
_sluice_catalog_quote (const char *name)
{
  const char *quoted;

  g_mutex_lock (&quote_mutex);
  if (quote_cache == NULL)
    quote_cache = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  quoted = g_hash_table_lookup (quote_cache, name);
  if (quoted == NULL)
    {
      char *made = sluice_quote_identifier (name);

      /* Strings handed out earlier must stay valid: once full, the cache
       * keeps what it has and the names beyond it are interned instead,
       * which only huge, unusual catalogs reach. */
      if (g_hash_table_size (quote_cache) >= QUOTE_CACHE_LIMIT)
        {
          quoted = g_intern_string (made);
          g_free (made);
        }
      else
        {
          g_hash_table_insert (quote_cache, g_strdup (name), made);
          quoted = made;
        }
    }
  g_mutex_unlock (&quote_mutex);

  return quoted;
}

static void
append_qualified (GString    *out,
                  const char *schema,
                  const char *parent_name,
                  const char *name)
{
  if (schema != NULL)
    {
      g_string_append (out, _sluice_catalog_quote (schema));
      g_string_append_c (out, '.');
    }
  if (parent_name != NULL)
    {
      g_string_append (out, _sluice_catalog_quote (parent_name));
      g_string_append_c (out, '.');
    }
  g_string_append (out, _sluice_catalog_quote (name));
}

static gboolean
kind_has_arguments (SluiceCatalogKind kind)
{
  return kind == SLUICE_CATALOG_FUNCTION || kind == SLUICE_CATALOG_PROCEDURE;
}

/* Indexes belong to a table but are named per schema, like tables. */
static gboolean
kind_named_by_parent (SluiceCatalogKind kind)
{
  return _sluice_catalog_kind_is_child (kind) && kind != SLUICE_CATALOG_INDEX;
}

char *
sluice_catalog_identity_for (SluiceCatalogKind  kind,
                             const char        *schema,
                             const char        *parent_name,
                             const char        *name,
                             const char        *arguments)
{
  GString *out;

  g_return_val_if_fail (kind < SLUICE_CATALOG_N_KINDS, NULL);
  g_return_val_if_fail (name != NULL, NULL);

  out = g_string_sized_new (64);
  g_string_append (out, kind_infos[kind].name);
  g_string_append_c (out, ' ');
  append_qualified (out, schema, kind_named_by_parent (kind) ? parent_name : NULL, name);
  if (kind_has_arguments (kind))
    {
      g_string_append_c (out, '(');
      g_string_append (out, arguments != NULL ? arguments : "");
      g_string_append_c (out, ')');
    }

  return g_string_free (out, FALSE);
}

/* The object ---------------------------------------------------------------- */

static gboolean
is_shared_value (const char *value)
{
  gboolean shared;

  if (strnlen (value, SHARED_VALUE_MAX_LENGTH + 1) > SHARED_VALUE_MAX_LENGTH)
    return FALSE;

  g_mutex_lock (&shared_values_mutex);
  shared = shared_values != NULL && g_hash_table_lookup (shared_values, value) == value;
  g_mutex_unlock (&shared_values_mutex);

  return shared;
}

static void
free_value (char *value)
{
  if (!is_shared_value (value))
    g_free (value);
}

static char *
copy_value (const char *value)
{
  char *copy = NULL;

  if (strnlen (value, SHARED_VALUE_MAX_LENGTH + 1) > SHARED_VALUE_MAX_LENGTH)
    return g_strdup (value);

  g_mutex_lock (&shared_values_mutex);
  if (shared_values == NULL)
    shared_values = g_hash_table_new (g_str_hash, g_str_equal);
  copy = g_hash_table_lookup (shared_values, value);
  if (copy == NULL && g_hash_table_size (shared_values) < SHARED_VALUES_LIMIT)
    {
      copy = g_strdup (value);
      g_hash_table_add (shared_values, copy);
    }
  g_mutex_unlock (&shared_values_mutex);

  return copy != NULL ? copy : g_strdup (value);
}

static void
sluice_catalog_object_finalize (GObject *object)
{
  SluiceCatalogObject *self = (SluiceCatalogObject *) object;

  for (guint i = 0; i < self->n_attributes; i++)
    free_value (self->attribute_values[i]);
  g_free (self->attribute_values);
  g_free (self->attribute_names);
  for (guint i = 0; i < self->n_dependencies; i++)
    free_value (self->dependencies[i]);
  g_free (self->dependencies);
  g_free (self->identity);
  g_free (self->parent_identity);
  g_free (self->sql_name);

  G_OBJECT_CLASS (sluice_catalog_object_parent_class)->finalize (object);
}

static void
sluice_catalog_object_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  SluiceCatalogObject *self = SLUICE_CATALOG_OBJECT (object);

  switch (prop_id)
    {
    case PROP_KIND:
      g_value_set_enum (value, self->kind);
      break;
    case PROP_SCHEMA:
      g_value_set_string (value, self->schema);
      break;
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;
    case PROP_PARENT_NAME:
      g_value_set_string (value, self->parent_name);
      break;
    case PROP_ARGUMENTS:
      g_value_set_string (value, self->arguments);
      break;
    case PROP_IDENTITY:
      g_value_set_string (value, self->identity);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sluice_catalog_object_class_init (SluiceCatalogObjectClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = sluice_catalog_object_finalize;
  object_class->get_property = sluice_catalog_object_get_property;

  properties[PROP_KIND] =
    g_param_spec_enum ("kind", NULL, NULL, SLUICE_TYPE_CATALOG_KIND, SLUICE_CATALOG_SCHEMA,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_SCHEMA] =
    g_param_spec_string ("schema", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_PARENT_NAME] =
    g_param_spec_string ("parent-name", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_ARGUMENTS] =
    g_param_spec_string ("arguments", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_IDENTITY] =
    g_param_spec_string ("identity", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
sluice_catalog_object_init (SluiceCatalogObject *self)
{
  self->parent_kind = SLUICE_CATALOG_TABLE;
}

static void
update_parent_identity (SluiceCatalogObject *self)
{
  g_clear_pointer (&self->parent_identity, g_free);
  if (self->parent_name != NULL && _sluice_catalog_kind_is_child (self->kind))
    self->parent_identity = sluice_catalog_identity_for (self->parent_kind, self->schema,
                                                         NULL, self->parent_name, NULL);
}

SluiceCatalogObject *
sluice_catalog_object_new (SluiceCatalogKind  kind,
                           const char        *schema,
                           const char        *parent_name,
                           const char        *name,
                           const char        *arguments)
{
  SluiceCatalogObject *self;
  g_autofree char *identity = NULL;
  gsize identity_size, name_size, parent_size, arguments_size;

  g_return_val_if_fail (kind < SLUICE_CATALOG_N_KINDS, NULL);
  g_return_val_if_fail (name != NULL, NULL);

  /* Only children have parents, only routines arguments: what is
   * written back must load again. */
  if (!_sluice_catalog_kind_is_child (kind))
    parent_name = NULL;
  if (kind_has_arguments (kind))
    arguments = arguments != NULL ? arguments : "";
  else
    arguments = NULL;

  identity = sluice_catalog_identity_for (kind, schema, parent_name, name, arguments);
  identity_size = strlen (identity) + 1;
  name_size = strlen (name) + 1;
  parent_size = parent_name != NULL ? strlen (parent_name) + 1 : 0;
  arguments_size = arguments != NULL ? strlen (arguments) + 1 : 0;

  self = g_object_new (SLUICE_TYPE_CATALOG_OBJECT, NULL);
  self->kind = kind;
  self->schema = schema != NULL ? g_intern_string (schema) : NULL;
  self->identity = g_malloc (identity_size + name_size + parent_size + arguments_size);
  memcpy (self->identity, identity, identity_size);
  self->name = memcpy (self->identity + identity_size, name, name_size);
  if (parent_name != NULL)
    self->parent_name = memcpy (self->identity + identity_size + name_size, parent_name, parent_size);
  if (arguments != NULL)
    self->arguments = memcpy (self->identity + identity_size + name_size + parent_size, arguments, arguments_size);
  update_parent_identity (self);

  return self;
}

void
_sluice_catalog_object_set_parent_kind (SluiceCatalogObject *self,
                                        SluiceCatalogKind    parent_kind)
{
  g_return_if_fail (SLUICE_IS_CATALOG_OBJECT (self));
  g_return_if_fail (parent_kind < SLUICE_CATALOG_N_KINDS);

  if (self->parent_kind == parent_kind)
    return;

  self->parent_kind = parent_kind;
  update_parent_identity (self);
}

SluiceCatalogKind
sluice_catalog_object_get_kind (SluiceCatalogObject *self)
{
  g_return_val_if_fail (SLUICE_IS_CATALOG_OBJECT (self), SLUICE_CATALOG_SCHEMA);

  return self->kind;
}

const char *
sluice_catalog_object_get_schema (SluiceCatalogObject *self)
{
  g_return_val_if_fail (SLUICE_IS_CATALOG_OBJECT (self), NULL);

  return self->schema;
}

const char *
sluice_catalog_object_get_name (SluiceCatalogObject *self)
{
  g_return_val_if_fail (SLUICE_IS_CATALOG_OBJECT (self), NULL);

  return self->name;
}

const char *
sluice_catalog_object_get_parent_name (SluiceCatalogObject *self)
{
  g_return_val_if_fail (SLUICE_IS_CATALOG_OBJECT (self), NULL);

  return self->parent_name;
}

const char *
sluice_catalog_object_get_arguments (SluiceCatalogObject *self)
{
  g_return_val_if_fail (SLUICE_IS_CATALOG_OBJECT (self), NULL);

  return self->arguments;
}

const char *
sluice_catalog_object_get_identity (SluiceCatalogObject *self)
{
  g_return_val_if_fail (SLUICE_IS_CATALOG_OBJECT (self), NULL);

  return self->identity;
}

const char *
sluice_catalog_object_get_parent_identity (SluiceCatalogObject *self)
{
  g_return_val_if_fail (SLUICE_IS_CATALOG_OBJECT (self), NULL);

  return self->parent_identity;
}

const char *
sluice_catalog_object_get_sql_name (SluiceCatalogObject *self)
{
  g_return_val_if_fail (SLUICE_IS_CATALOG_OBJECT (self), NULL);

  if (self->sql_name == NULL)
    {
      GString *out = g_string_sized_new (48);

      /* A child is named within its parent ("ALTER TABLE t DROP COLUMN
       * c"), but an index is named per schema ("DROP INDEX s.i"). */
      if (kind_named_by_parent (self->kind))
        g_string_append (out, _sluice_catalog_quote (self->name));
      else
        append_qualified (out, self->schema, NULL, self->name);

      if (kind_has_arguments (self->kind))
        g_string_append_printf (out, "(%s)", self->arguments != NULL ? self->arguments : "");

      self->sql_name = g_string_free (out, FALSE);
    }

  return self->sql_name;
}

guint32
sluice_catalog_object_get_oid (SluiceCatalogObject *self)
{
  g_return_val_if_fail (SLUICE_IS_CATALOG_OBJECT (self), 0);

  return self->oid;
}

gint
sluice_catalog_object_get_subid (SluiceCatalogObject *self)
{
  g_return_val_if_fail (SLUICE_IS_CATALOG_OBJECT (self), 0);

  return self->subid;
}

void
sluice_catalog_object_set_oid (SluiceCatalogObject *self,
                               guint32              oid,
                               gint                 subid)
{
  g_return_if_fail (SLUICE_IS_CATALOG_OBJECT (self));

  self->oid = oid;
  self->subid = subid;
}

/* Attributes ---------------------------------------------------------------- */

/* The position of @name, or where it would go (with *found FALSE). */
static guint
find_attribute (SluiceCatalogObject *self,
                const char          *name,
                gboolean            *found)
{
  guint low = 0;
  guint high = self->n_attributes;

  while (low < high)
    {
      guint middle = (low + high) / 2;
      int cmp = strcmp (self->attribute_names[middle], name);

      if (cmp == 0)
        {
          *found = TRUE;
          return middle;
        }
      if (cmp < 0)
        low = middle + 1;
      else
        high = middle;
    }

  *found = FALSE;
  return low;
}

const char *
sluice_catalog_object_get_attribute (SluiceCatalogObject *self,
                                     const char          *name)
{
  gboolean found;
  guint position;

  g_return_val_if_fail (SLUICE_IS_CATALOG_OBJECT (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  position = find_attribute (self, name, &found);
  return found ? self->attribute_values[position] : NULL;
}

gboolean
sluice_catalog_object_get_boolean (SluiceCatalogObject *self,
                                   const char          *name)
{
  return g_strcmp0 (sluice_catalog_object_get_attribute (self, name), "true") == 0;
}

void
sluice_catalog_object_set_attribute (SluiceCatalogObject *self,
                                     const char          *name,
                                     const char          *value)
{
  gboolean found;
  guint position;
  guint n;

  g_return_if_fail (SLUICE_IS_CATALOG_OBJECT (self));
  g_return_if_fail (name != NULL);

  position = find_attribute (self, name, &found);
  n = self->n_attributes;

  if (found)
    {
      /* Copied before the old value goes: @value may be that very text. */
      char *old_value = self->attribute_values[position];

      if (value != NULL)
        {
          self->attribute_values[position] = copy_value (value);
          free_value (old_value);
          return;
        }
      free_value (old_value);
      /* The terminating NULL of the names moves down too. */
      memmove (&self->attribute_names[position], &self->attribute_names[position + 1],
               (n - position) * sizeof (char *));
      memmove (&self->attribute_values[position], &self->attribute_values[position + 1],
               (n - position - 1) * sizeof (char *));
      self->n_attributes--;
      return;
    }

  if (value == NULL)
    return;

  g_return_if_fail (n < G_MAXUINT16);

  /* Grown one at a time: objects have a handful of attributes, and an
   * exact size keeps a quarter of a million of them small. */
  self->attribute_names = g_renew (const char *, self->attribute_names, n + 2);
  self->attribute_values = g_renew (char *, self->attribute_values, n + 1);
  if (n == 0)
    self->attribute_names[0] = NULL;
  memmove (&self->attribute_names[position + 1], &self->attribute_names[position],
           (n - position + 1) * sizeof (char *));
  memmove (&self->attribute_values[position + 1], &self->attribute_values[position],
           (n - position) * sizeof (char *));
  self->attribute_names[position] = g_intern_string (name);
  self->attribute_values[position] = copy_value (value);
  self->n_attributes++;
}

void
_sluice_catalog_object_append_attribute (SluiceCatalogObject *self,
                                         const char          *interned_name,
                                         const char          *value)
{
  guint n = self->n_attributes;

  g_assert (n == 0 || strcmp (self->attribute_names[n - 1], interned_name) < 0);

  self->attribute_names = g_renew (const char *, self->attribute_names, n + 2);
  self->attribute_values = g_renew (char *, self->attribute_values, n + 1);
  self->attribute_names[n] = interned_name;
  self->attribute_names[n + 1] = NULL;
  self->attribute_values[n] = copy_value (value);
  self->n_attributes++;
}

int
_sluice_catalog_object_compare (SluiceCatalogObject *a,
                                SluiceCatalogObject *b)
{
  if (a->kind != b->kind)
    return a->kind < b->kind ? -1 : 1;

  return strcmp (a->identity, b->identity);
}

const char * const *
_sluice_catalog_object_peek_values (SluiceCatalogObject *self,
                                    guint               *n_attributes)
{
  *n_attributes = self->n_attributes;
  return (const char * const *) self->attribute_values;
}

static const char * const no_attributes[] = { NULL };

const char * const *
sluice_catalog_object_list_attributes (SluiceCatalogObject *self)
{
  g_return_val_if_fail (SLUICE_IS_CATALOG_OBJECT (self), NULL);

  if (self->attribute_names == NULL)
    return no_attributes;

  return self->attribute_names;
}

/* Dependencies -------------------------------------------------------------- */

static const char * const no_dependencies[] = { NULL };

const char * const *
sluice_catalog_object_get_dependencies (SluiceCatalogObject *self)
{
  g_return_val_if_fail (SLUICE_IS_CATALOG_OBJECT (self), NULL);

  if (self->dependencies == NULL)
    return no_dependencies;

  return (const char * const *) self->dependencies;
}

static void
insert_dependency (SluiceCatalogObject *self,
                   guint                position,
                   const char          *identity)
{
  if (self->n_dependencies + 1 >= self->dependencies_size)
    {
      self->dependencies_size = MAX (2, self->dependencies_size * 2);
      self->dependencies = g_renew (char *, self->dependencies, self->dependencies_size);
    }

  memmove (&self->dependencies[position + 1], &self->dependencies[position],
           (self->n_dependencies - position) * sizeof (char *));
  /* "schema app", "function app.touch()": shared like short values. */
  self->dependencies[position] = copy_value (identity);
  self->n_dependencies++;
  self->dependencies[self->n_dependencies] = NULL;
}

void
sluice_catalog_object_add_dependency (SluiceCatalogObject *self,
                                      const char          *identity)
{
  guint low = 0;
  guint high;

  g_return_if_fail (SLUICE_IS_CATALOG_OBJECT (self));
  g_return_if_fail (identity != NULL);

  high = self->n_dependencies;
  while (low < high)
    {
      guint middle = (low + high) / 2;
      int cmp = strcmp (self->dependencies[middle], identity);

      if (cmp == 0)
        return;
      if (cmp < 0)
        low = middle + 1;
      else
        high = middle;
    }

  insert_dependency (self, low, identity);
}
