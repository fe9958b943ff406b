/* sluice-ddl-type.c: the DDL of schemas, extensions, collations and types
 * (enum, domain, composite, range)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "sluice-ddl-private.h"
#include "sluice-sql-quote.h"

/* SCHEMAS */

static void
schema_create (SluiceDdlWriter     *writer,
               SluiceCatalog       *catalog,
               SluiceCatalogObject *object)
{
  const char *sql_name = sluice_catalog_object_get_sql_name (object);

  sluice_ddl_writer_add (writer, sluice_ddl_identity_of (object), SLUICE_HAZARD_NONE,
                         SLUICE_LOCK_NONE, NULL, NULL, "CREATE SCHEMA %s", sql_name);
  sluice_ddl_write_comment_and_acl (writer, NULL, object, "SCHEMA", sql_name);
}

static void
schema_drop (SluiceDdlWriter     *writer,
             SluiceCatalog       *catalog,
             SluiceCatalogObject *object)
{
  /* No CASCADE: the diff drops what the schema holds first, so a schema
   * that still holds something unexpected makes the script stop instead
   * of silently dropping it. */
  sluice_ddl_writer_add (writer, sluice_ddl_identity_of (object), SLUICE_HAZARD_BACKWARD_INCOMPATIBLE,
                         SLUICE_LOCK_NONE, NULL, NULL,
                         "DROP SCHEMA %s", sluice_catalog_object_get_sql_name (object));
}

static SluiceDdlAlterResult
schema_alter (SluiceDdlWriter          *writer,
              SluiceCatalog            *to_catalog,
              SluiceCatalogObject      *from,
              SluiceCatalogObject      *to,
              const SluiceObjectChange *change)
{
  sluice_ddl_write_comment_and_acl_changes (writer, change, "SCHEMA",
                                            sluice_catalog_object_get_sql_name (to));
  return SLUICE_DDL_ALTERED;
}

static void
schema_rename (SluiceDdlWriter     *writer,
               SluiceCatalogObject *from,
               SluiceCatalogObject *to)
{
  sluice_ddl_writer_add (writer, sluice_ddl_identity_of (to), SLUICE_HAZARD_BACKWARD_INCOMPATIBLE,
                         SLUICE_LOCK_NONE, NULL,
                         _("Code that names the schema's objects with the old schema name stops working."),
                         "ALTER SCHEMA %s RENAME TO %s",
                         sluice_catalog_object_get_sql_name (from),
                         sluice_catalog_object_get_sql_name (to));
}

const SluiceDdlKindOps sluice_ddl_schema_ops = {
  schema_create,
  schema_drop,
  schema_alter,
  schema_rename,
};

/* EXTENSIONS */

static void
extension_create (SluiceDdlWriter     *writer,
                  SluiceCatalog       *catalog,
                  SluiceCatalogObject *object)
{
  const char *sql_name = sluice_catalog_object_get_sql_name (object);
  const char *schema = sluice_ddl_attribute (object, "schema");
  const char *version = sluice_ddl_attribute (object, "version");
  g_autoptr(GString) sql = g_string_new (NULL);

  g_string_append_printf (sql, "CREATE EXTENSION %s", sql_name);
  /* "schema" is quoted as needed already. */
  if (schema != NULL)
    g_string_append_printf (sql, " WITH SCHEMA %s", schema);
  if (version != NULL)
    {
      g_autofree char *literal = sluice_ddl_quote_literal (version);
      g_string_append_printf (sql, " VERSION %s", literal);
    }

  sluice_ddl_writer_add (writer, sluice_ddl_identity_of (object), SLUICE_HAZARD_NONE,
                         SLUICE_LOCK_NONE, NULL, NULL, "%s", sql->str);
  sluice_ddl_write_comment_and_acl (writer, NULL, object, "EXTENSION", sql_name);
}

static void
extension_drop (SluiceDdlWriter     *writer,
                SluiceCatalog       *catalog,
                SluiceCatalogObject *object)
{
  sluice_ddl_writer_add (writer, sluice_ddl_identity_of (object), SLUICE_HAZARD_BACKWARD_INCOMPATIBLE,
                         SLUICE_LOCK_NONE, NULL,
                         _("The extension's functions, types and operators go with it."),
                         "DROP EXTENSION %s", sluice_catalog_object_get_sql_name (object));
}

static SluiceDdlAlterResult
extension_alter (SluiceDdlWriter          *writer,
                 SluiceCatalog            *to_catalog,
                 SluiceCatalogObject      *from,
                 SluiceCatalogObject      *to,
                 const SluiceObjectChange *change)
{
  const char *sql_name = sluice_catalog_object_get_sql_name (to);

  if (sluice_ddl_attribute_changed (from, to, "schema") && sluice_ddl_attribute (to, "schema") != NULL)
    sluice_ddl_writer_add (writer, sluice_ddl_identity_of (to), SLUICE_HAZARD_BACKWARD_INCOMPATIBLE,
                           SLUICE_LOCK_NONE, NULL,
                           _("Only relocatable extensions can move to another schema."),
                           "ALTER EXTENSION %s SET SCHEMA %s", sql_name, sluice_ddl_attribute (to, "schema"));

  if (sluice_ddl_attribute_changed (from, to, "version") && sluice_ddl_attribute (to, "version") != NULL)
    {
      g_autofree char *version = sluice_ddl_quote_literal (sluice_ddl_attribute (to, "version"));

      sluice_ddl_writer_add (writer, sluice_ddl_identity_of (to), SLUICE_HAZARD_NONE,
                             SLUICE_LOCK_NONE, NULL,
                             _("The update script must be installed on the server; going back to an older version needs a downgrade script."),
                             "ALTER EXTENSION %s UPDATE TO %s", sql_name, version);
    }

  sluice_ddl_write_comment_and_acl_changes (writer, change, "EXTENSION", sql_name);
  return SLUICE_DDL_ALTERED;
}

static void
extension_rename (SluiceDdlWriter     *writer,
                  SluiceCatalogObject *from,
                  SluiceCatalogObject *to)
{
  /* Extensions cannot be renamed: another name is another extension. */
  extension_drop (writer, NULL, from);
  extension_create (writer, NULL, to);
}

const SluiceDdlKindOps sluice_ddl_extension_ops = {
  extension_create,
  extension_drop,
  extension_alter,
  extension_rename,
};

/* COLLATIONS */

static void
collation_create (SluiceDdlWriter     *writer,
                  SluiceCatalog       *catalog,
                  SluiceCatalogObject *object)
{
  const char *sql_name = sluice_catalog_object_get_sql_name (object);
  const char *provider = sluice_ddl_attribute (object, "provider");
  const char *locale = sluice_ddl_attribute (object, "locale");
  const char *lc_collate = sluice_ddl_attribute (object, "lc_collate");
  const char *lc_ctype = sluice_ddl_attribute (object, "lc_ctype");
  g_autoptr(GString) sql = g_string_new (NULL);

  g_string_append_printf (sql, "CREATE COLLATION %s (provider = %s", sql_name,
                          provider != NULL ? provider : "libc");
  if (locale != NULL)
    {
      g_autofree char *literal = sluice_ddl_quote_literal (locale);
      g_string_append_printf (sql, ", locale = %s", literal);
    }
  if (lc_collate != NULL)
    {
      g_autofree char *literal = sluice_ddl_quote_literal (lc_collate);
      g_string_append_printf (sql, ", lc_collate = %s", literal);
    }
  if (lc_ctype != NULL)
    {
      g_autofree char *literal = sluice_ddl_quote_literal (lc_ctype);
      g_string_append_printf (sql, ", lc_ctype = %s", literal);
    }
  g_string_append_printf (sql, ", deterministic = %s)",
                          sluice_catalog_object_get_boolean (object, "deterministic") ? "true" : "false");

  sluice_ddl_writer_add (writer, sluice_ddl_identity_of (object), SLUICE_HAZARD_NONE,
                         SLUICE_LOCK_NONE, NULL, NULL, "%s", sql->str);
  sluice_ddl_write_comment_and_acl (writer, NULL, object, "COLLATION", sql_name);
}

static void
collation_drop (SluiceDdlWriter     *writer,
                SluiceCatalog       *catalog,
                SluiceCatalogObject *object)
{
  sluice_ddl_writer_add (writer, sluice_ddl_identity_of (object), SLUICE_HAZARD_BACKWARD_INCOMPATIBLE,
                         SLUICE_LOCK_NONE, NULL, NULL,
                         "DROP COLLATION %s", sluice_catalog_object_get_sql_name (object));
}

static SluiceDdlAlterResult
collation_alter (SluiceDdlWriter          *writer,
                 SluiceCatalog            *to_catalog,
                 SluiceCatalogObject      *from,
                 SluiceCatalogObject      *to,
                 const SluiceObjectChange *change)
{
  static const char * const definition[] = {
    "provider", "locale", "lc_collate", "lc_ctype", "deterministic", NULL
  };

  /* A collation's definition cannot be altered, only replaced. */
  for (guint i = 0; definition[i] != NULL; i++)
    if (sluice_ddl_attribute_changed (from, to, definition[i]))
      return SLUICE_DDL_REPLACE;

  sluice_ddl_write_comment_and_acl_changes (writer, change, "COLLATION",
                                            sluice_catalog_object_get_sql_name (to));
  return SLUICE_DDL_ALTERED;
}

static void
collation_rename (SluiceDdlWriter     *writer,
                  SluiceCatalogObject *from,
                  SluiceCatalogObject *to)
{
  sluice_ddl_write_schema_object_rename (writer, "COLLATION", from, to,
                                         SLUICE_LOCK_NONE, NULL, NULL);
}

const SluiceDdlKindOps sluice_ddl_collation_ops = {
  collation_create,
  collation_drop,
  collation_alter,
  collation_rename,
};

/* TYPES */

static gboolean
type_is (SluiceCatalogObject *object,
         const char          *type_kind)
{
  return g_strcmp0 (sluice_ddl_attribute (object, "type_kind"), type_kind) == 0;
}

/* DOMAIN for domains (COMMENT ON, GRANT, ALTER and DROP all accept it),
 * TYPE for the others. */
static const char *
type_sql_kind (SluiceCatalogObject *object)
{
  return type_is (object, "domain") ? "DOMAIN" : "TYPE";
}

/* The labels of an enum, unquoted, from "'a', 'b''c'". */
static GPtrArray *
parse_enum_labels (const char *labels)
{
  GPtrArray *result = g_ptr_array_new_with_free_func (g_free);
  const char *p = labels;

  if (labels == NULL)
    return result;

  while (*p != '\0')
    {
      GString *label;

      while (*p != '\0' && *p != '\'')
        p++;
      if (*p == '\0')
        break;
      p++;

      label = g_string_new (NULL);
      while (*p != '\0')
        {
          if (*p == '\'' && p[1] == '\'')
            {
              g_string_append_c (label, '\'');
              p += 2;
            }
          else if (*p == '\'')
            {
              p++;
              break;
            }
          else
            g_string_append_c (label, *p++);
        }
      g_ptr_array_add (result, g_string_free (label, FALSE));
    }

  return result;
}

static gboolean
labels_contain (GPtrArray  *labels,
                const char *label)
{
  for (guint i = 0; i < labels->len; i++)
    if (g_str_equal (g_ptr_array_index (labels, i), label))
      return TRUE;
  return FALSE;
}

/* TRUE when @old appears in @new in the same order (only additions). */
static gboolean
labels_only_added (GPtrArray *old,
                   GPtrArray *new)
{
  guint j = 0;

  for (guint i = 0; i < new->len && j < old->len; i++)
    if (g_str_equal (g_ptr_array_index (new, i), g_ptr_array_index (old, j)))
      j++;

  return j == old->len;
}

/* TRUE when @new is @old with some labels renamed in place (same count,
 * and no renamed label's new name was an old label or the reverse). */
static gboolean
labels_only_renamed (GPtrArray *old,
                     GPtrArray *new)
{
  if (old->len != new->len)
    return FALSE;

  for (guint i = 0; i < old->len; i++)
    {
      const char *old_label = g_ptr_array_index (old, i);
      const char *new_label = g_ptr_array_index (new, i);

      if (g_str_equal (old_label, new_label))
        continue;
      if (labels_contain (new, old_label) || labels_contain (old, new_label))
        return FALSE;
    }

  return TRUE;
}

static void
write_enum_additions (SluiceDdlWriter     *writer,
                      SluiceCatalogObject *to,
                      GPtrArray           *old,
                      GPtrArray           *new)
{
  const char *sql_name = sluice_catalog_object_get_sql_name (to);

  for (guint i = 0; i < new->len; i++)
    {
      const char *label = g_ptr_array_index (new, i);
      g_autofree char *literal = NULL;
      g_autofree char *place = NULL;

      if (labels_contain (old, label))
        continue;

      literal = sluice_ddl_quote_literal (label);
      /* Placed next to a label that already exists when the statement
       * runs: the previous one (old, or added just before), else the
       * next old one. */
      if (i > 0)
        {
          g_autofree char *neighbour = sluice_ddl_quote_literal (g_ptr_array_index (new, i - 1));
          place = g_strdup_printf (" AFTER %s", neighbour);
        }
      else if (new->len > 1)
        {
          for (guint j = i + 1; j < new->len && place == NULL; j++)
            if (labels_contain (old, g_ptr_array_index (new, j)))
              {
                g_autofree char *neighbour = sluice_ddl_quote_literal (g_ptr_array_index (new, j));
                place = g_strdup_printf (" BEFORE %s", neighbour);
              }
        }

      sluice_ddl_writer_add (writer, sluice_ddl_identity_of (to), SLUICE_HAZARD_NON_TRANSACTIONAL,
                             SLUICE_LOCK_NONE, NULL,
                             _("A value added to an enum in a transaction cannot be used before that transaction commits: run it on its own."),
                             "ALTER TYPE %s ADD VALUE %s%s", sql_name, literal,
                             place != NULL ? place : "");
    }
}

static void
write_enum_renames (SluiceDdlWriter     *writer,
                    SluiceCatalogObject *to,
                    GPtrArray           *old,
                    GPtrArray           *new)
{
  for (guint i = 0; i < old->len; i++)
    {
      g_autofree char *old_literal = NULL;
      g_autofree char *new_literal = NULL;

      if (g_str_equal (g_ptr_array_index (old, i), g_ptr_array_index (new, i)))
        continue;

      old_literal = sluice_ddl_quote_literal (g_ptr_array_index (old, i));
      new_literal = sluice_ddl_quote_literal (g_ptr_array_index (new, i));
      sluice_ddl_writer_add (writer, sluice_ddl_identity_of (to), SLUICE_HAZARD_BACKWARD_INCOMPATIBLE,
                             SLUICE_LOCK_NONE, NULL,
                             _("Stored rows follow the rename; code that writes the old label fails."),
                             "ALTER TYPE %s RENAME VALUE %s TO %s",
                             sluice_catalog_object_get_sql_name (to), old_literal, new_literal);
    }
}

/* Labels removed or reordered: PostgreSQL cannot do that in place.  The
 * type is rebuilt under its name: the old one renamed aside, the new one
 * created, every column of the old type converted through text (which
 * fails, and so stops the script, if a row holds a removed label), the
 * old type dropped.  The columns are found when the script runs, so
 * columns the same script adds or drops are handled too; inherited ones
 * (partitions, children) follow their parent's.  A view over such a
 * column makes the conversion fail: the script stops there. */
static void
write_enum_rebuild (SluiceDdlWriter     *writer,
                    SluiceCatalogObject *to)
{
  const char *schema = sluice_catalog_object_get_schema (to);
  const char *name = sluice_catalog_object_get_name (to);
  const char *sql_name = sluice_catalog_object_get_sql_name (to);
  g_autofree char *aside_name = g_strdup_printf ("%s__sluice_old", name);
  g_autofree char *aside_quoted = sluice_quote_identifier (aside_name);
  g_autofree char *aside = sluice_quote_qualified_name (schema, aside_name);
  g_autofree char *aside_literal = sluice_ddl_quote_literal (aside);
  g_autofree char *new_literal = sluice_ddl_quote_literal (sql_name);
  g_autofree char *aside_name_literal = sluice_ddl_quote_literal (aside_name);
  g_autofree char *name_literal = sluice_ddl_quote_literal (name);

  sluice_ddl_writer_add (writer, sluice_ddl_identity_of (to), SLUICE_HAZARD_NONE, SLUICE_LOCK_NONE,
                         NULL, NULL, "ALTER TYPE %s RENAME TO %s", sql_name, aside_quoted);
  sluice_ddl_writer_add (writer, sluice_ddl_identity_of (to), SLUICE_HAZARD_NONE, SLUICE_LOCK_NONE,
                         NULL, NULL, "CREATE TYPE %s AS ENUM (%s)", sql_name,
                         sluice_ddl_attribute (to, "labels") != NULL ? sluice_ddl_attribute (to, "labels") : "");
  /* Defaults hold a cast to the old type: they are put back with the
   * new type's name (bare or qualified, as the server printed the old
   * one), the text of the expression otherwise unchanged. */
  sluice_ddl_writer_add (writer, sluice_ddl_identity_of (to),
                         SLUICE_HAZARD_TABLE_REWRITE | SLUICE_HAZARD_BACKWARD_INCOMPATIBLE,
                         SLUICE_LOCK_ACCESS_EXCLUSIVE, NULL,
                         _("Enum labels cannot be removed or reordered in place: the columns of the type are converted to a new type through text, rewriting their tables; a row holding a removed label stops the script."),
                         "DO $sluice$\n"
                         "DECLARE\n"
                         "  c record;\n"
                         "BEGIN\n"
                         "  FOR c IN\n"
                         "    SELECT a.attrelid::regclass AS tbl, a.attname, pg_get_expr(d.adbin, d.adrelid) AS def\n"
                         "      FROM pg_attribute a\n"
                         "      JOIN pg_class r ON r.oid = a.attrelid AND r.relkind IN ('r', 'p')\n"
                         "      LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum\n"
                         "     WHERE a.atttypid = %s::regtype AND NOT a.attisdropped AND a.attinhcount = 0\n"
                         "  LOOP\n"
                         "    IF c.def IS NOT NULL THEN\n"
                         "      EXECUTE format('ALTER TABLE %%s ALTER COLUMN %%I DROP DEFAULT', c.tbl, c.attname);\n"
                         "    END IF;\n"
                         "    EXECUTE format('ALTER TABLE %%s ALTER COLUMN %%I TYPE %%s USING %%I::text::%%s',\n"
                         "                   c.tbl, c.attname, %s, c.attname, %s);\n"
                         "    IF c.def IS NOT NULL THEN\n"
                         "      EXECUTE format('ALTER TABLE %%s ALTER COLUMN %%I SET DEFAULT %%s', c.tbl, c.attname,\n"
                         "                     replace(c.def, %s, %s));\n"
                         "    END IF;\n"
                         "  END LOOP;\n"
                         "END\n"
                         "$sluice$",
                         aside_literal, new_literal, new_literal,
                         aside_name_literal, name_literal);
  sluice_ddl_writer_add (writer, sluice_ddl_identity_of (to), SLUICE_HAZARD_NONE, SLUICE_LOCK_NONE,
                         NULL, NULL, "DROP TYPE %s", aside);
}

static SluiceDdlAlterResult
alter_enum (SluiceDdlWriter     *writer,
            SluiceCatalogObject *from,
            SluiceCatalogObject *to,
            gboolean            *rebuilt)
{
  g_autoptr(GPtrArray) old = NULL;
  g_autoptr(GPtrArray) new = NULL;

  if (!sluice_ddl_attribute_changed (from, to, "labels"))
    return SLUICE_DDL_ALTERED;

  old = parse_enum_labels (sluice_ddl_attribute (from, "labels"));
  new = parse_enum_labels (sluice_ddl_attribute (to, "labels"));

  if (labels_only_added (old, new))
    {
      write_enum_additions (writer, to, old, new);
      return SLUICE_DDL_ALTERED;
    }
  if (labels_only_renamed (old, new))
    {
      write_enum_renames (writer, to, old, new);
      return SLUICE_DDL_ALTERED;
    }

  /* Done in place as far as the engine is concerned: rebuilding the
   * type's dependents would drop and add its columns, losing their rows. */
  write_enum_rebuild (writer, to);
  *rebuilt = TRUE;
  return SLUICE_DDL_ALTERED;
}

static SluiceDdlAlterResult
alter_domain (SluiceDdlWriter     *writer,
              SluiceCatalogObject *from,
              SluiceCatalogObject *to)
{
  const char *sql_name = sluice_catalog_object_get_sql_name (to);

  if (sluice_ddl_attribute_changed (from, to, "base_type") || sluice_ddl_attribute_changed (from, to, "collation"))
    return SLUICE_DDL_REPLACE;

  if (sluice_ddl_attribute_changed (from, to, "default"))
    {
      if (sluice_ddl_attribute (to, "default") != NULL)
        sluice_ddl_writer_add (writer, sluice_ddl_identity_of (to), SLUICE_HAZARD_NONE, SLUICE_LOCK_NONE,
                               NULL, NULL, "ALTER DOMAIN %s SET DEFAULT %s", sql_name,
                               sluice_ddl_attribute (to, "default"));
      else
        sluice_ddl_writer_add (writer, sluice_ddl_identity_of (to), SLUICE_HAZARD_NONE, SLUICE_LOCK_NONE,
                               NULL, NULL, "ALTER DOMAIN %s DROP DEFAULT", sql_name);
    }

  if (sluice_catalog_object_get_boolean (from, "not_null") != sluice_catalog_object_get_boolean (to, "not_null"))
    {
      if (sluice_catalog_object_get_boolean (to, "not_null"))
        sluice_ddl_writer_add (writer, sluice_ddl_identity_of (to), SLUICE_HAZARD_FULL_SCAN,
                               SLUICE_LOCK_SHARE, NULL,
                               _("Every column of the domain is checked for NULLs, blocking writes to its tables meanwhile."),
                               "ALTER DOMAIN %s SET NOT NULL", sql_name);
      else
        sluice_ddl_writer_add (writer, sluice_ddl_identity_of (to), SLUICE_HAZARD_NONE, SLUICE_LOCK_NONE,
                               NULL, NULL, "ALTER DOMAIN %s DROP NOT NULL", sql_name);
    }

  return SLUICE_DDL_ALTERED;
}

/* One attribute of a composite type: its quoted name and the rest. */
typedef struct
{
  char *name;
  char *definition;
} CompositeAttribute;

static void
composite_attribute_free (gpointer data)
{
  CompositeAttribute *attribute = data;

  g_free (attribute->name);
  g_free (attribute->definition);
  g_free (attribute);
}

/* Splits "a integer, \"B c\" numeric(10, 2) COLLATE \"C\"" at the commas
 * outside parentheses and quotes, then each item at its first blank
 * outside quotes. */
static GPtrArray *
parse_composite_attributes (const char *text)
{
  GPtrArray *result = g_ptr_array_new_with_free_func (composite_attribute_free);
  g_autoptr(GString) item = g_string_new (NULL);
  int depth = 0;
  gboolean quoted = FALSE;

  if (text == NULL)
    return result;

  for (const char *p = text; ; p++)
    {
      if (*p == '\0' || (*p == ',' && depth == 0 && !quoted))
        {
          const char *start = g_strchug (item->str);
          const char *q = start;
          gboolean in_quotes = FALSE;

          for (; *q != '\0' && (in_quotes || *q != ' '); q++)
            if (*q == '"')
              in_quotes = !in_quotes;

          if (*start != '\0')
            {
              CompositeAttribute *attribute = g_new0 (CompositeAttribute, 1);

              attribute->name = g_strndup (start, q - start);
              attribute->definition = g_strstrip (g_strdup (q));
              g_ptr_array_add (result, attribute);
            }

          g_string_truncate (item, 0);
          if (*p == '\0')
            break;
          continue;
        }

      if (*p == '"')
        quoted = !quoted;
      else if (!quoted && *p == '(')
        depth++;
      else if (!quoted && *p == ')')
        depth--;
      g_string_append_c (item, *p);
    }

  return result;
}

static CompositeAttribute *
find_composite_attribute (GPtrArray  *attributes,
                          const char *name)
{
  for (guint i = 0; i < attributes->len; i++)
    {
      CompositeAttribute *attribute = g_ptr_array_index (attributes, i);

      if (g_str_equal (attribute->name, name))
        return attribute;
    }
  return NULL;
}

static SluiceDdlAlterResult
alter_composite (SluiceDdlWriter     *writer,
                 SluiceCatalogObject *from,
                 SluiceCatalogObject *to)
{
  g_autoptr(GPtrArray) old = NULL;
  g_autoptr(GPtrArray) new = NULL;
  g_autoptr(GString) actions = g_string_new (NULL);
  gboolean retyped = FALSE;
  guint kept = 0;
  const char *sql_name = sluice_catalog_object_get_sql_name (to);

  if (!sluice_ddl_attribute_changed (from, to, "attributes"))
    return SLUICE_DDL_ALTERED;

  old = parse_composite_attributes (sluice_ddl_attribute (from, "attributes"));
  new = parse_composite_attributes (sluice_ddl_attribute (to, "attributes"));

  /* Attributes can be dropped, added at the end and retyped; the ones
   * kept must stay in their order, before the added ones. */
  for (guint i = 0; i < new->len; i++)
    {
      CompositeAttribute *attribute = g_ptr_array_index (new, i);

      if (find_composite_attribute (old, attribute->name) == NULL)
        continue;
      if (kept != i)
        return SLUICE_DDL_REPLACE;
      kept++;
    }
  {
    guint position = 0;

    for (guint i = 0; i < old->len; i++)
      {
        CompositeAttribute *attribute = g_ptr_array_index (old, i);

        if (find_composite_attribute (new, attribute->name) == NULL)
          continue;
        if (!g_str_equal (((CompositeAttribute *) g_ptr_array_index (new, position))->name, attribute->name))
          return SLUICE_DDL_REPLACE;
        position++;
      }
  }

  for (guint i = 0; i < old->len; i++)
    {
      CompositeAttribute *attribute = g_ptr_array_index (old, i);

      if (find_composite_attribute (new, attribute->name) == NULL)
        g_string_append_printf (actions, "%sDROP ATTRIBUTE %s", actions->len > 0 ? ", " : "",
                                attribute->name);
    }
  for (guint i = 0; i < new->len; i++)
    {
      CompositeAttribute *attribute = g_ptr_array_index (new, i);
      CompositeAttribute *before = find_composite_attribute (old, attribute->name);

      if (before == NULL)
        g_string_append_printf (actions, "%sADD ATTRIBUTE %s %s", actions->len > 0 ? ", " : "",
                                attribute->name, attribute->definition);
      else if (!g_str_equal (before->definition, attribute->definition))
        {
          /* ALTER ATTRIBUTE takes a type and a collation, no more. */
          g_string_append_printf (actions, "%sALTER ATTRIBUTE %s SET DATA TYPE %s",
                                  actions->len > 0 ? ", " : "",
                                  attribute->name, attribute->definition);
          retyped = TRUE;
        }
    }

  if (actions->len > 0)
    sluice_ddl_writer_add (writer, sluice_ddl_identity_of (to), SLUICE_HAZARD_BACKWARD_INCOMPATIBLE,
                           SLUICE_LOCK_NONE, NULL,
                           retyped ? _("An attribute cannot change type while a table column is of this type: the statement fails then, and the column must be converted by hand.") : NULL,
                           "ALTER TYPE %s %s", sql_name, actions->str);

  return SLUICE_DDL_ALTERED;
}

static void
append_range_option (GString    *sql,
                     const char *name,
                     const char *value)
{
  if (value != NULL)
    g_string_append_printf (sql, ", %s = %s", name, value);
}

static void
type_create (SluiceDdlWriter     *writer,
             SluiceCatalog       *catalog,
             SluiceCatalogObject *object)
{
  const char *sql_name = sluice_catalog_object_get_sql_name (object);
  g_autoptr(GString) sql = g_string_new (NULL);

  if (type_is (object, "enum"))
    g_string_append_printf (sql, "CREATE TYPE %s AS ENUM (%s)", sql_name,
                            sluice_ddl_attribute (object, "labels") != NULL ? sluice_ddl_attribute (object, "labels") : "");
  else if (type_is (object, "domain"))
    {
      g_string_append_printf (sql, "CREATE DOMAIN %s AS %s", sql_name,
                              sluice_ddl_attribute (object, "base_type"));
      if (sluice_ddl_attribute (object, "collation") != NULL)
        g_string_append_printf (sql, " COLLATE %s", sluice_ddl_attribute (object, "collation"));
      if (sluice_ddl_attribute (object, "default") != NULL)
        g_string_append_printf (sql, " DEFAULT %s", sluice_ddl_attribute (object, "default"));
      if (sluice_catalog_object_get_boolean (object, "not_null"))
        g_string_append (sql, " NOT NULL");
      /* Its CHECK constraints are CONSTRAINT children, added after. */
    }
  else if (type_is (object, "composite"))
    g_string_append_printf (sql, "CREATE TYPE %s AS (%s)", sql_name,
                            sluice_ddl_attribute (object, "attributes") != NULL ? sluice_ddl_attribute (object, "attributes") : "");
  else if (type_is (object, "range"))
    {
      g_string_append_printf (sql, "CREATE TYPE %s AS RANGE (subtype = %s", sql_name,
                              sluice_ddl_attribute (object, "subtype"));
      append_range_option (sql, "subtype_opclass", sluice_ddl_attribute (object, "subtype_opclass"));
      append_range_option (sql, "collation", sluice_ddl_attribute (object, "collation"));
      append_range_option (sql, "canonical", sluice_ddl_attribute (object, "canonical"));
      append_range_option (sql, "subtype_diff", sluice_ddl_attribute (object, "subtype_diff"));
      append_range_option (sql, "multirange_type_name", sluice_ddl_attribute (object, "multirange_type_name"));
      g_string_append_c (sql, ')');
    }
  else
    {
      g_warning ("%s: type of an unknown kind %s, not created", sluice_ddl_identity_of (object),
                 sluice_ddl_attribute (object, "type_kind"));
      return;
    }

  sluice_ddl_writer_add (writer, sluice_ddl_identity_of (object), SLUICE_HAZARD_NONE,
                         SLUICE_LOCK_NONE, NULL, NULL, "%s", sql->str);
  sluice_ddl_write_comment_and_acl (writer, NULL, object, type_sql_kind (object), sql_name);
}

static void
type_drop (SluiceDdlWriter     *writer,
           SluiceCatalog       *catalog,
           SluiceCatalogObject *object)
{
  sluice_ddl_writer_add (writer, sluice_ddl_identity_of (object), SLUICE_HAZARD_BACKWARD_INCOMPATIBLE,
                         SLUICE_LOCK_NONE, NULL, NULL,
                         "DROP %s %s", type_sql_kind (object),
                         sluice_catalog_object_get_sql_name (object));
}

static SluiceDdlAlterResult
type_alter (SluiceDdlWriter          *writer,
            SluiceCatalog            *to_catalog,
            SluiceCatalogObject      *from,
            SluiceCatalogObject      *to,
            const SluiceObjectChange *change)
{
  SluiceDdlAlterResult result;
  gboolean rebuilt = FALSE;

  if (sluice_ddl_attribute_changed (from, to, "type_kind"))
    return SLUICE_DDL_REPLACE;

  if (type_is (to, "enum"))
    result = alter_enum (writer, from, to, &rebuilt);
  else if (type_is (to, "domain"))
    result = alter_domain (writer, from, to);
  else if (type_is (to, "composite"))
    result = alter_composite (writer, from, to);
  else
    {
      static const char * const range_definition[] = {
        "subtype", "subtype_opclass", "collation", "canonical", "subtype_diff",
        "multirange_type_name", NULL
      };

      result = SLUICE_DDL_ALTERED;
      for (guint i = 0; range_definition[i] != NULL; i++)
        if (sluice_ddl_attribute_changed (from, to, range_definition[i]))
          result = SLUICE_DDL_REPLACE;
    }

  if (result == SLUICE_DDL_REPLACE)
    return result;

  /* A rebuilt type is a new one: its comment, owner and privileges are
   * written as for a new object. */
  if (rebuilt)
    sluice_ddl_write_comment_and_acl (writer, NULL, to, type_sql_kind (to),
                                      sluice_catalog_object_get_sql_name (to));
  else
    sluice_ddl_write_comment_and_acl_changes (writer, change, type_sql_kind (to),
                                              sluice_catalog_object_get_sql_name (to));
  return result;
}

static void
type_rename (SluiceDdlWriter     *writer,
             SluiceCatalogObject *from,
             SluiceCatalogObject *to)
{
  sluice_ddl_write_schema_object_rename (writer, "TYPE", from, to,
                                         SLUICE_LOCK_NONE, NULL, NULL);
}

const SluiceDdlKindOps sluice_ddl_type_ops = {
  type_create,
  type_drop,
  type_alter,
  type_rename,
};
