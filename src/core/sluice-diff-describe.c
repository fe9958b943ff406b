/* sluice-diff-describe.c: a diff summed up in one sentence, as migration
 * guides write it by hand ("created 4 tables, 16 indexes; changed 1
 * column; no other object changed")
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "sluice-diff.h"

/* What people count: kinds, with types and constraints split by what
 * they are (an enum type and a domain are different things to a reader). */
typedef enum
{
  CATEGORY_SCHEMA,
  CATEGORY_EXTENSION,
  CATEGORY_COLLATION,
  CATEGORY_ENUM_TYPE,
  CATEGORY_DOMAIN,
  CATEGORY_COMPOSITE_TYPE,
  CATEGORY_RANGE_TYPE,
  CATEGORY_TYPE,
  CATEGORY_FUNCTION,
  CATEGORY_PROCEDURE,
  CATEGORY_SEQUENCE,
  CATEGORY_TABLE,
  CATEGORY_COLUMN,
  CATEGORY_PRIMARY_KEY,
  CATEGORY_UNIQUE_CONSTRAINT,
  CATEGORY_FOREIGN_KEY,
  CATEGORY_CHECK_CONSTRAINT,
  CATEGORY_EXCLUSION_CONSTRAINT,
  CATEGORY_CONSTRAINT,
  CATEGORY_INDEX,
  CATEGORY_VIEW,
  CATEGORY_MATERIALIZED_VIEW,
  CATEGORY_TRIGGER,
  CATEGORY_POLICY,
  CATEGORY_EVENT_TRIGGER,
  CATEGORY_PUBLICATION,
  CATEGORY_DEFAULT_PRIVILEGES,
  N_CATEGORIES
} Category;

static Category
category_of (SluiceCatalogObject *object)
{
  const char *subkind;

  switch (sluice_catalog_object_get_kind (object))
    {
    case SLUICE_CATALOG_SCHEMA: return CATEGORY_SCHEMA;
    case SLUICE_CATALOG_EXTENSION: return CATEGORY_EXTENSION;
    case SLUICE_CATALOG_COLLATION: return CATEGORY_COLLATION;
    case SLUICE_CATALOG_TYPE:
      subkind = sluice_catalog_object_get_attribute (object, "type_kind");
      if (g_strcmp0 (subkind, "enum") == 0)
        return CATEGORY_ENUM_TYPE;
      if (g_strcmp0 (subkind, "domain") == 0)
        return CATEGORY_DOMAIN;
      if (g_strcmp0 (subkind, "composite") == 0)
        return CATEGORY_COMPOSITE_TYPE;
      if (g_strcmp0 (subkind, "range") == 0)
        return CATEGORY_RANGE_TYPE;
      return CATEGORY_TYPE;
    case SLUICE_CATALOG_FUNCTION: return CATEGORY_FUNCTION;
    case SLUICE_CATALOG_PROCEDURE: return CATEGORY_PROCEDURE;
    case SLUICE_CATALOG_SEQUENCE: return CATEGORY_SEQUENCE;
    case SLUICE_CATALOG_TABLE: return CATEGORY_TABLE;
    case SLUICE_CATALOG_COLUMN: return CATEGORY_COLUMN;
    case SLUICE_CATALOG_CONSTRAINT:
      subkind = sluice_catalog_object_get_attribute (object, "type");
      if (g_strcmp0 (subkind, "primary") == 0)
        return CATEGORY_PRIMARY_KEY;
      if (g_strcmp0 (subkind, "unique") == 0)
        return CATEGORY_UNIQUE_CONSTRAINT;
      if (g_strcmp0 (subkind, "foreign") == 0)
        return CATEGORY_FOREIGN_KEY;
      if (g_strcmp0 (subkind, "check") == 0)
        return CATEGORY_CHECK_CONSTRAINT;
      if (g_strcmp0 (subkind, "exclusion") == 0)
        return CATEGORY_EXCLUSION_CONSTRAINT;
      return CATEGORY_CONSTRAINT;
    case SLUICE_CATALOG_INDEX: return CATEGORY_INDEX;
    case SLUICE_CATALOG_VIEW: return CATEGORY_VIEW;
    case SLUICE_CATALOG_MATERIALIZED_VIEW: return CATEGORY_MATERIALIZED_VIEW;
    case SLUICE_CATALOG_TRIGGER: return CATEGORY_TRIGGER;
    case SLUICE_CATALOG_POLICY: return CATEGORY_POLICY;
    case SLUICE_CATALOG_EVENT_TRIGGER: return CATEGORY_EVENT_TRIGGER;
    case SLUICE_CATALOG_PUBLICATION: return CATEGORY_PUBLICATION;
    case SLUICE_CATALOG_DEFAULT_PRIVILEGES: return CATEGORY_DEFAULT_PRIVILEGES;
    case SLUICE_CATALOG_N_KINDS:
    default:
      break;
    }

  return CATEGORY_TYPE;
}

/* "4 tables": each with its own ngettext() call, so that translators see
 * the singular and plural forms together. */
static char *
format_count (Category category,
              gulong   n)
{
#define PLURAL(singular, plural) return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, singular, plural, n), n)
  switch (category)
    {
    case CATEGORY_SCHEMA: PLURAL ("%lu schema", "%lu schemas");
    case CATEGORY_EXTENSION: PLURAL ("%lu extension", "%lu extensions");
    case CATEGORY_COLLATION: PLURAL ("%lu collation", "%lu collations");
    case CATEGORY_ENUM_TYPE: PLURAL ("%lu enum type", "%lu enum types");
    case CATEGORY_DOMAIN: PLURAL ("%lu domain", "%lu domains");
    case CATEGORY_COMPOSITE_TYPE: PLURAL ("%lu composite type", "%lu composite types");
    case CATEGORY_RANGE_TYPE: PLURAL ("%lu range type", "%lu range types");
    case CATEGORY_TYPE: PLURAL ("%lu type", "%lu types");
    case CATEGORY_FUNCTION: PLURAL ("%lu function", "%lu functions");
    case CATEGORY_PROCEDURE: PLURAL ("%lu procedure", "%lu procedures");
    case CATEGORY_SEQUENCE: PLURAL ("%lu sequence", "%lu sequences");
    case CATEGORY_TABLE: PLURAL ("%lu table", "%lu tables");
    case CATEGORY_COLUMN: PLURAL ("%lu column", "%lu columns");
    case CATEGORY_PRIMARY_KEY: PLURAL ("%lu primary key", "%lu primary keys");
    case CATEGORY_UNIQUE_CONSTRAINT: PLURAL ("%lu unique constraint", "%lu unique constraints");
    case CATEGORY_FOREIGN_KEY: PLURAL ("%lu foreign key", "%lu foreign keys");
    case CATEGORY_CHECK_CONSTRAINT: PLURAL ("%lu check constraint", "%lu check constraints");
    case CATEGORY_EXCLUSION_CONSTRAINT: PLURAL ("%lu exclusion constraint", "%lu exclusion constraints");
    case CATEGORY_CONSTRAINT: PLURAL ("%lu constraint", "%lu constraints");
    case CATEGORY_INDEX: PLURAL ("%lu index", "%lu indexes");
    case CATEGORY_VIEW: PLURAL ("%lu view", "%lu views");
    case CATEGORY_MATERIALIZED_VIEW: PLURAL ("%lu materialized view", "%lu materialized views");
    case CATEGORY_TRIGGER: PLURAL ("%lu trigger", "%lu triggers");
    case CATEGORY_POLICY: PLURAL ("%lu policy", "%lu policies");
    case CATEGORY_EVENT_TRIGGER: PLURAL ("%lu event trigger", "%lu event triggers");
    case CATEGORY_PUBLICATION: PLURAL ("%lu publication", "%lu publications");
    case CATEGORY_DEFAULT_PRIVILEGES: PLURAL ("%lu set of default privileges", "%lu sets of default privileges");
    case N_CATEGORIES:
    default:
      g_return_val_if_reached (NULL);
    }
#undef PLURAL
}

/* The columns of a created (or dropped, or renamed) table come with it:
 * a person counts the table, not its columns. */
static gboolean
comes_with_parent (SluiceDiff               *diff,
                   const SluiceObjectChange *change)
{
  SluiceCatalogObject *object = change->to_object != NULL ? change->to_object : change->from_object;
  const char *parent = sluice_catalog_object_get_parent_identity (object);
  const SluiceObjectChange *parent_change;

  if (sluice_catalog_object_get_kind (object) != SLUICE_CATALOG_COLUMN || parent == NULL)
    return FALSE;

  /* A column that kept its name is "renamed" only as its table was. */
  if (change->kind == SLUICE_CHANGE_RENAMED)
    return g_strcmp0 (sluice_catalog_object_get_name (change->from_object),
                      sluice_catalog_object_get_name (change->to_object)) == 0;

  parent_change = sluice_diff_lookup (diff, parent);
  return parent_change != NULL && parent_change->kind == change->kind;
}

/* "created 4 tables, 16 indexes" for the changes of @kind; NULL when none. */
static char *
describe_group (SluiceDiff       *diff,
                GPtrArray        *changes,
                SluiceChangeKind  kind)
{
  gulong counts[N_CATEGORIES] = { 0 };
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *list = NULL;
  gboolean any = FALSE;

  for (guint i = 0; i < changes->len; i++)
    {
      const SluiceObjectChange *change = g_ptr_array_index (changes, i);
      SluiceCatalogObject *object = change->to_object != NULL ? change->to_object : change->from_object;

      if (change->kind != kind || comes_with_parent (diff, change))
        continue;
      counts[category_of (object)]++;
      any = TRUE;
    }

  if (!any)
    return NULL;

  for (guint category = 0; category < N_CATEGORIES; category++)
    if (counts[category] > 0)
      g_ptr_array_add (parts, format_count (category, counts[category]));
  g_ptr_array_add (parts, NULL);

  /* TRANSLATORS: joins the counts of one sentence part: "4 tables, 16 indexes" */
  list = g_strjoinv (_(", "), (char **) parts->pdata);

  switch (kind)
    {
    /* TRANSLATORS: %s is a list of counts: "4 tables, 16 indexes" */
    case SLUICE_CHANGE_ADDED: return g_strdup_printf (_("created %s"), list);
    /* TRANSLATORS: %s is a list of counts: "1 view" */
    case SLUICE_CHANGE_REMOVED: return g_strdup_printf (_("dropped %s"), list);
    /* TRANSLATORS: %s is a list of counts: "1 column" */
    case SLUICE_CHANGE_CHANGED: return g_strdup_printf (_("changed %s"), list);
    /* TRANSLATORS: %s is a list of counts: "2 columns" */
    case SLUICE_CHANGE_RENAMED: return g_strdup_printf (_("renamed %s"), list);
    default: break;
    }

  return NULL;
}

char *
sluice_diff_describe (SluiceDiff *self)
{
  static const SluiceChangeKind order[] = {
    SLUICE_CHANGE_ADDED, SLUICE_CHANGE_REMOVED, SLUICE_CHANGE_CHANGED, SLUICE_CHANGE_RENAMED,
  };
  g_autoptr(GPtrArray) groups = g_ptr_array_new_with_free_func (g_free);
  GPtrArray *changes;

  g_return_val_if_fail (SLUICE_IS_DIFF (self), NULL);

  changes = sluice_diff_get_changes (self);
  if (changes->len == 0)
    return g_strdup (_("no object changed"));

  for (guint i = 0; i < G_N_ELEMENTS (order); i++)
    {
      char *group = describe_group (self, changes, order[i]);

      if (group != NULL)
        g_ptr_array_add (groups, group);
    }

  g_ptr_array_add (groups, g_strdup (_("no other object changed")));
  g_ptr_array_add (groups, NULL);

  /* TRANSLATORS: joins the parts of the summary: "created 2 tables; changed 1 column" */
  return g_strjoinv (_("; "), (char **) groups->pdata);
}
