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

/* "4 tables": each with its own g_dngettext() call written out, so that
 * xgettext finds the singular and plural forms together. */
static char *
format_count (Category category,
              gulong   n)
{
  switch (category)
    {
    case CATEGORY_SCHEMA:
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%lu schema", "%lu schemas", n), n);
    case CATEGORY_EXTENSION:
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%lu extension", "%lu extensions", n), n);
    case CATEGORY_COLLATION:
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%lu collation", "%lu collations", n), n);
    case CATEGORY_ENUM_TYPE:
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%lu enum type", "%lu enum types", n), n);
    case CATEGORY_DOMAIN:
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%lu domain", "%lu domains", n), n);
    case CATEGORY_COMPOSITE_TYPE:
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%lu composite type", "%lu composite types", n), n);
    case CATEGORY_RANGE_TYPE:
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%lu range type", "%lu range types", n), n);
    case CATEGORY_TYPE:
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%lu type", "%lu types", n), n);
    case CATEGORY_FUNCTION:
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%lu function", "%lu functions", n), n);
    case CATEGORY_PROCEDURE:
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%lu procedure", "%lu procedures", n), n);
    case CATEGORY_SEQUENCE:
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%lu sequence", "%lu sequences", n), n);
    case CATEGORY_TABLE:
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%lu table", "%lu tables", n), n);
    case CATEGORY_COLUMN:
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%lu column", "%lu columns", n), n);
    case CATEGORY_PRIMARY_KEY:
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%lu primary key", "%lu primary keys", n), n);
    case CATEGORY_UNIQUE_CONSTRAINT:
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%lu unique constraint", "%lu unique constraints", n), n);
    case CATEGORY_FOREIGN_KEY:
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%lu foreign key", "%lu foreign keys", n), n);
    case CATEGORY_CHECK_CONSTRAINT:
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%lu check constraint", "%lu check constraints", n), n);
    case CATEGORY_EXCLUSION_CONSTRAINT:
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%lu exclusion constraint", "%lu exclusion constraints", n), n);
    case CATEGORY_CONSTRAINT:
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%lu constraint", "%lu constraints", n), n);
    case CATEGORY_INDEX:
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%lu index", "%lu indexes", n), n);
    case CATEGORY_VIEW:
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%lu view", "%lu views", n), n);
    case CATEGORY_MATERIALIZED_VIEW:
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%lu materialized view", "%lu materialized views", n), n);
    case CATEGORY_TRIGGER:
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%lu trigger", "%lu triggers", n), n);
    case CATEGORY_POLICY:
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%lu policy", "%lu policies", n), n);
    case CATEGORY_EVENT_TRIGGER:
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%lu event trigger", "%lu event triggers", n), n);
    case CATEGORY_PUBLICATION:
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%lu publication", "%lu publications", n), n);
    case CATEGORY_DEFAULT_PRIVILEGES:
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%lu set of default privileges", "%lu sets of default privileges", n), n);
    case N_CATEGORIES:
    default:
      g_return_val_if_reached (NULL);
    }
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
