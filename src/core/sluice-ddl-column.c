/* sluice-ddl-column.c: DDL of table columns
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "sluice-ddl-private.h"
#include "sluice-sql-quote.h"

static gboolean
attribute_changed (SluiceCatalogObject *from,
                   SluiceCatalogObject *to,
                   const char          *name)
{
  return g_strcmp0 (sluice_catalog_object_get_attribute (from, name),
                    sluice_catalog_object_get_attribute (to, name)) != 0;
}

static gboolean
is_inherited (SluiceCatalogObject *column)
{
  return g_strcmp0 (sluice_catalog_object_get_attribute (column, "local"), "false") == 0;
}

static char *
table_name_of (SluiceCatalogObject *column)
{
  return sluice_quote_qualified_name (sluice_catalog_object_get_schema (column),
                                      sluice_catalog_object_get_parent_name (column));
}

/* "public.orders.id" as COMMENT ON COLUMN and GRANT (...) ON want it. */
static char *
column_full_name (SluiceCatalogObject *column)
{
  g_autofree char *table = table_name_of (column);

  return g_strconcat (table, ".", sluice_catalog_object_get_sql_name (column), NULL);
}

static void
append_identity (GString             *sql,
                 SluiceCatalogObject *column)
{
  const char *identity = sluice_catalog_object_get_attribute (column, "identity");
  const char *options = sluice_catalog_object_get_attribute (column, "identity_options");

  g_string_append_printf (sql, " GENERATED %s AS IDENTITY",
                          g_strcmp0 (identity, "always") == 0 ? "ALWAYS" : "BY DEFAULT");
  if (options != NULL)
    g_string_append_printf (sql, " (%s)", options);
}

char *
sluice_ddl_column_definition (SluiceCatalogObject *column)
{
  const char *type = sluice_catalog_object_get_attribute (column, "type");
  const char *compression = sluice_catalog_object_get_attribute (column, "compression");
  const char *collation = sluice_catalog_object_get_attribute (column, "collation");
  const char *generated = sluice_catalog_object_get_attribute (column, "generated");
  const char *default_value = sluice_catalog_object_get_attribute (column, "default");
  GString *sql = g_string_new (sluice_catalog_object_get_sql_name (column));

  g_string_append_printf (sql, " %s", type != NULL ? type : "text");
  if (compression != NULL)
    g_string_append_printf (sql, " COMPRESSION %s", compression);
  if (collation != NULL)
    g_string_append_printf (sql, " COLLATE %s", collation);
  if (generated != NULL)
    g_string_append_printf (sql, " GENERATED ALWAYS AS (%s) STORED", generated);
  if (sluice_catalog_object_get_attribute (column, "identity") != NULL)
    append_identity (sql, column);
  if (default_value != NULL)
    g_string_append_printf (sql, " DEFAULT %s", default_value);
  if (sluice_catalog_object_get_boolean (column, "not_null"))
    g_string_append (sql, " NOT NULL");

  return g_string_free (sql, FALSE);
}

/* The storage a type has when nothing is set: what the catalog leaves out.
 * Fixed-size types are plain, numeric main, other variable-size ones
 * extended. */
static const char *
default_storage_for (const char *type)
{
  static const char * const plain[] = {
    "smallint", "integer", "bigint", "real", "double precision", "boolean", "date",
    "uuid", "oid", "money", "\"char\"", "point", "inet", "cidr", "macaddr", "macaddr8",
    "pg_lsn", NULL,
  };

  if (type == NULL)
    return "extended";
  if (g_str_has_prefix (type, "numeric"))
    return "main";
  if (g_str_has_prefix (type, "timestamp") || g_str_has_prefix (type, "time") ||
      g_str_has_prefix (type, "interval"))
    return "plain";
  if (g_strv_contains (plain, type))
    return "plain";
  return "extended";
}

static void
write_storage (SluiceDdlWriter     *writer,
               SluiceCatalogObject *column)
{
  g_autofree char *table = table_name_of (column);
  const char *storage = sluice_catalog_object_get_attribute (column, "storage");

  if (storage == NULL)
    storage = default_storage_for (sluice_catalog_object_get_attribute (column, "type"));

  sluice_ddl_writer_add (writer, sluice_catalog_object_get_identity (column),
                         SLUICE_HAZARD_NONE, SLUICE_LOCK_ACCESS_EXCLUSIVE, table, NULL,
                         "ALTER TABLE %s ALTER COLUMN %s SET STORAGE %s",
                         table, sluice_catalog_object_get_sql_name (column), storage);
}

static void
write_statistics (SluiceDdlWriter     *writer,
                  SluiceCatalogObject *column)
{
  g_autofree char *table = table_name_of (column);
  const char *statistics = sluice_catalog_object_get_attribute (column, "statistics");

  sluice_ddl_writer_add (writer, sluice_catalog_object_get_identity (column),
                         SLUICE_HAZARD_NONE, SLUICE_LOCK_SHARE_UPDATE_EXCLUSIVE, table, NULL,
                         "ALTER TABLE %s ALTER COLUMN %s SET STATISTICS %s",
                         table, sluice_catalog_object_get_sql_name (column),
                         statistics != NULL ? statistics : "-1");
}

void
sluice_ddl_write_column_details (SluiceDdlWriter     *writer,
                                 SluiceCatalogObject *column)
{
  g_autofree char *full_name = column_full_name (column);

  if (sluice_catalog_object_get_attribute (column, "storage") != NULL)
    write_storage (writer, column);
  if (sluice_catalog_object_get_attribute (column, "statistics") != NULL)
    write_statistics (writer, column);

  sluice_ddl_write_comment_and_acl (writer, NULL, column, "COLUMN", full_name);
}

/* Whether a default makes ADD COLUMN fill every row by rewriting the
 * table: a volatile one does, a constant or stable one is kept in the
 * catalog.  The catalog has the text only, so the usual volatile
 * functions are recognised by name. */
static gboolean
default_is_volatile (const char *value)
{
  static const char * const volatile_calls[] = {
    "nextval(", "random(", "clock_timestamp(", "gen_random_uuid(", "uuid_generate_",
    "timeofday(", "txid_current(", "statement_timestamp(", NULL,
  };

  if (value == NULL)
    return FALSE;

  for (guint i = 0; volatile_calls[i] != NULL; i++)
    if (strstr (value, volatile_calls[i]) != NULL)
      return TRUE;

  return FALSE;
}

static void
column_create (SluiceDdlWriter     *writer,
               SluiceCatalog       *catalog,
               SluiceCatalogObject *object)
{
  g_autofree char *table = NULL;
  g_autofree char *definition = NULL;
  const char *note = NULL;
  SluiceHazards hazards = SLUICE_HAZARD_NONE;

  /* A new table writes its columns inline; a parent's column comes with
   * the parent's ADD COLUMN. */
  if (is_inherited (object) ||
      sluice_ddl_writer_is_created (writer, sluice_catalog_object_get_parent_identity (object)))
    return;

  table = table_name_of (object);
  definition = sluice_ddl_column_definition (object);

  if (sluice_catalog_object_get_attribute (object, "generated") != NULL ||
      sluice_catalog_object_get_attribute (object, "identity") != NULL ||
      default_is_volatile (sluice_catalog_object_get_attribute (object, "default")))
    {
      hazards |= SLUICE_HAZARD_TABLE_REWRITE;
      note = _("Every row gets its own value, so the table is rewritten under an ACCESS EXCLUSIVE lock. On a big table, add the column without a default and fill it in batches.");
    }
  else if (sluice_catalog_object_get_boolean (object, "not_null") &&
           sluice_catalog_object_get_attribute (object, "default") == NULL)
    {
      note = _("A NOT NULL column without a default can only be added to an empty table.");
    }

  sluice_ddl_writer_add (writer, sluice_catalog_object_get_identity (object), hazards,
                         SLUICE_LOCK_ACCESS_EXCLUSIVE, table, note,
                         "ALTER TABLE %s ADD COLUMN %s", table, definition);

  sluice_ddl_write_column_details (writer, object);
}

static void
column_drop (SluiceDdlWriter     *writer,
             SluiceCatalog       *catalog,
             SluiceCatalogObject *object)
{
  g_autofree char *table = NULL;

  if (is_inherited (object))
    return;

  table = table_name_of (object);
  sluice_ddl_writer_add (writer, sluice_catalog_object_get_identity (object),
                         SLUICE_HAZARD_DATA_LOSS | SLUICE_HAZARD_BACKWARD_INCOMPATIBLE,
                         SLUICE_LOCK_ACCESS_EXCLUSIVE, table, NULL,
                         "ALTER TABLE %s DROP COLUMN %s", table, sluice_catalog_object_get_sql_name (object));
}

/* "character varying(20)" -> "character varying", 20; -1 without typmod. */
static char *
split_typmod (const char *type,
              gint64     *first,
              gint64     *second)
{
  const char *open = strchr (type, '(');

  *first = -1;
  *second = -1;
  if (open == NULL || !g_str_has_suffix (type, ")"))
    return g_strdup (type);

  *first = g_ascii_strtoll (open + 1, NULL, 10);
  if (strchr (open, ',') != NULL)
    *second = g_ascii_strtoll (strchr (open, ',') + 1, NULL, 10);
  return g_strndup (type, open - type);
}

static gboolean
is_text_like (const char *base)
{
  return strcmp (base, "text") == 0 || strcmp (base, "character varying") == 0;
}

/* Type changes PostgreSQL does without rewriting the table (the old type
 * is binary-coercible to the new one and the new one is at least as
 * wide).  Anything else rewrites it. */
static gboolean
type_change_keeps_rows (const char *old_type,
                        const char *new_type)
{
  gint64 old_first, old_second, new_first, new_second;
  g_autofree char *old_base = split_typmod (old_type, &old_first, &old_second);
  g_autofree char *new_base = split_typmod (new_type, &new_first, &new_second);

  /* varchar(n) -> varchar(m >= n) or unlimited, varchar -> text, text ->
   * varchar without a limit. */
  if (is_text_like (old_base) && is_text_like (new_base))
    return new_first < 0 || (old_first >= 0 && new_first >= old_first);

  if (strcmp (old_base, new_base) != 0)
    return FALSE;

  /* numeric(p, s) -> numeric(q >= p, s), or unconstrained. */
  if (strcmp (old_base, "numeric") == 0)
    return new_first < 0 || (old_first >= 0 && new_first >= old_first && new_second == old_second);

  /* bit varying(n) -> longer. */
  if (strcmp (old_base, "bit varying") == 0)
    return new_first < 0 || (old_first >= 0 && new_first >= old_first);

  return FALSE;
}

/* Whether the server converts the old type to the new one by itself (an
 * assignment cast between string and number types, a typmod change);
 * otherwise an explicit USING cast is written. */
static gboolean
type_change_needs_using (const char *old_type,
                         const char *new_type)
{
  gint64 a, b;
  g_autofree char *old_base = split_typmod (old_type, &a, &b);
  g_autofree char *new_base = split_typmod (new_type, &a, &b);
  static const char * const numbers[] = {
    "smallint", "integer", "bigint", "numeric", "real", "double precision", NULL,
  };
  static const char * const strings[] = {
    "text", "character varying", "character", NULL,
  };

  if (strcmp (old_base, new_base) == 0)
    return FALSE;
  if (g_strv_contains (numbers, old_base) && g_strv_contains (numbers, new_base))
    return FALSE;
  if (g_strv_contains (strings, old_base) && g_strv_contains (strings, new_base))
    return FALSE;
  if (g_strv_contains (strings, new_base))
    return FALSE;
  return TRUE;
}

static void
write_type_change (SluiceDdlWriter     *writer,
                   SluiceCatalogObject *from,
                   SluiceCatalogObject *to,
                   const char          *table)
{
  const char *column = sluice_catalog_object_get_sql_name (to);
  const char *identity = sluice_catalog_object_get_identity (to);
  const char *old_type = sluice_catalog_object_get_attribute (from, "type");
  const char *new_type = sluice_catalog_object_get_attribute (to, "type");
  const char *collation = sluice_catalog_object_get_attribute (to, "collation");
  const char *old_default = sluice_catalog_object_get_attribute (from, "default");
  gboolean needs_using = type_change_needs_using (old_type, new_type);
  gboolean keeps_rows = type_change_keeps_rows (old_type, new_type);
  g_autoptr(GString) sql = g_string_new (NULL);

  /* A default of the old type may not cast to the new one by itself: it is
   * dropped first and set again (by the default's own change, or below). */
  if (needs_using && old_default != NULL)
    sluice_ddl_writer_add (writer, identity, SLUICE_HAZARD_NONE, SLUICE_LOCK_ACCESS_EXCLUSIVE, table, NULL,
                           "ALTER TABLE %s ALTER COLUMN %s DROP DEFAULT", table, column);

  g_string_append_printf (sql, "ALTER TABLE %s ALTER COLUMN %s TYPE %s", table, column, new_type);
  if (collation != NULL)
    g_string_append_printf (sql, " COLLATE %s", collation);
  if (needs_using)
    g_string_append_printf (sql, " USING %s::%s", column, new_type);

  sluice_ddl_writer_add (writer, identity,
                         SLUICE_HAZARD_BACKWARD_INCOMPATIBLE | (keeps_rows ? 0 : SLUICE_HAZARD_TABLE_REWRITE),
                         SLUICE_LOCK_ACCESS_EXCLUSIVE, table,
                         keeps_rows
                           ? _("The new type holds every old value as it is: no rewrite, but indexes on the column may be rebuilt.")
                           : _("The table and its indexes are rewritten under an ACCESS EXCLUSIVE lock. On a big table, add a new column, fill it in batches and swap."),
                         "%s", sql->str);
}

static void
write_default_change (SluiceDdlWriter     *writer,
                      SluiceCatalogObject *to,
                      const char          *table)
{
  const char *column = sluice_catalog_object_get_sql_name (to);
  const char *value = sluice_catalog_object_get_attribute (to, "default");

  if (value != NULL)
    sluice_ddl_writer_add (writer, sluice_catalog_object_get_identity (to), SLUICE_HAZARD_NONE,
                           SLUICE_LOCK_ACCESS_EXCLUSIVE, table, NULL,
                           "ALTER TABLE %s ALTER COLUMN %s SET DEFAULT %s", table, column, value);
  else
    sluice_ddl_writer_add (writer, sluice_catalog_object_get_identity (to), SLUICE_HAZARD_NONE,
                           SLUICE_LOCK_ACCESS_EXCLUSIVE, table, NULL,
                           "ALTER TABLE %s ALTER COLUMN %s DROP DEFAULT", table, column);
}

static void
write_not_null_change (SluiceDdlWriter     *writer,
                       SluiceCatalogObject *to,
                       const char          *table)
{
  const char *column = sluice_catalog_object_get_sql_name (to);

  if (sluice_catalog_object_get_boolean (to, "not_null"))
    sluice_ddl_writer_add (writer, sluice_catalog_object_get_identity (to), SLUICE_HAZARD_FULL_SCAN,
                           SLUICE_LOCK_ACCESS_EXCLUSIVE, table,
                           _("The whole table is scanned under an ACCESS EXCLUSIVE lock. On a big table, first add CHECK (column IS NOT NULL) NOT VALID and VALIDATE it: SET NOT NULL then skips the scan."),
                           "ALTER TABLE %s ALTER COLUMN %s SET NOT NULL", table, column);
  else
    sluice_ddl_writer_add (writer, sluice_catalog_object_get_identity (to), SLUICE_HAZARD_NONE,
                           SLUICE_LOCK_ACCESS_EXCLUSIVE, table, NULL,
                           "ALTER TABLE %s ALTER COLUMN %s DROP NOT NULL", table, column);
}

/* "START WITH 5 INCREMENT BY 2 NO CYCLE" -> " SET START WITH 5 SET
 * INCREMENT BY 2 SET NO CYCLE", as ALTER COLUMN takes them. */
static char *
identity_options_as_set (const char *options)
{
  static const char * const keywords[] = {
    "START", "INCREMENT", "MINVALUE", "MAXVALUE", "CACHE", "CYCLE", "NO", NULL,
  };
  g_auto(GStrv) words = g_strsplit (options, " ", -1);
  GString *sql = g_string_new (NULL);
  gboolean after_no = FALSE;

  for (guint i = 0; words[i] != NULL; i++)
    {
      if (*words[i] == '\0')
        continue;
      if (!after_no && g_strv_contains (keywords, words[i]))
        g_string_append (sql, " SET");
      after_no = strcmp (words[i], "NO") == 0;
      g_string_append_printf (sql, " %s", words[i]);
    }

  return g_string_free (sql, FALSE);
}

static void
write_identity_change (SluiceDdlWriter     *writer,
                       SluiceCatalogObject *from,
                       SluiceCatalogObject *to,
                       const char          *table)
{
  const char *column = sluice_catalog_object_get_sql_name (to);
  const char *identity = sluice_catalog_object_get_identity (to);
  const char *old_kind = sluice_catalog_object_get_attribute (from, "identity");
  const char *new_kind = sluice_catalog_object_get_attribute (to, "identity");
  const char *new_options = sluice_catalog_object_get_attribute (to, "identity_options");

  if (new_kind == NULL)
    {
      sluice_ddl_writer_add (writer, identity, SLUICE_HAZARD_BACKWARD_INCOMPATIBLE,
                             SLUICE_LOCK_ACCESS_EXCLUSIVE, table, NULL,
                             "ALTER TABLE %s ALTER COLUMN %s DROP IDENTITY", table, column);
      return;
    }

  if (old_kind == NULL ||
      (new_options == NULL && sluice_catalog_object_get_attribute (from, "identity_options") != NULL))
    {
      g_autoptr(GString) sql = g_string_new (NULL);

      /* Back to the default options has no SET form: the identity is made
       * again, and its sequence starts over. */
      if (old_kind != NULL)
        sluice_ddl_writer_add (writer, identity, SLUICE_HAZARD_NONE, SLUICE_LOCK_ACCESS_EXCLUSIVE, table,
                               _("The identity's sequence starts again from its first value: set it past the existing rows with setval()."),
                               "ALTER TABLE %s ALTER COLUMN %s DROP IDENTITY", table, column);

      g_string_append_printf (sql, "ALTER TABLE %s ALTER COLUMN %s ADD", table, column);
      append_identity (sql, to);
      sluice_ddl_writer_add (writer, identity, SLUICE_HAZARD_NONE, SLUICE_LOCK_ACCESS_EXCLUSIVE, table, NULL,
                             "%s", sql->str);
      return;
    }

  if (g_strcmp0 (old_kind, new_kind) != 0)
    sluice_ddl_writer_add (writer, identity, SLUICE_HAZARD_NONE, SLUICE_LOCK_ACCESS_EXCLUSIVE, table, NULL,
                           "ALTER TABLE %s ALTER COLUMN %s SET GENERATED %s", table, column,
                           strcmp (new_kind, "always") == 0 ? "ALWAYS" : "BY DEFAULT");

  if (attribute_changed (from, to, "identity_options"))
    {
      g_autofree char *options = identity_options_as_set (new_options);

      sluice_ddl_writer_add (writer, identity, SLUICE_HAZARD_NONE, SLUICE_LOCK_ACCESS_EXCLUSIVE, table, NULL,
                             "ALTER TABLE %s ALTER COLUMN %s%s", table, column, options);
    }
}

static SluiceDdlAlterResult
column_alter (SluiceDdlWriter          *writer,
              SluiceCatalog            *to_catalog,
              SluiceCatalogObject      *from,
              SluiceCatalogObject      *to,
              const SluiceObjectChange *change)
{
  g_autofree char *table = NULL;
  g_autofree char *full_name = NULL;
  const char *column = sluice_catalog_object_get_sql_name (to);
  const char *identity = sluice_catalog_object_get_identity (to);
  gboolean retyped;

  /* What a parent's column is, the parent's DDL says. */
  if (is_inherited (to) && is_inherited (from))
    return SLUICE_DDL_ALTERED;

  /* A generated column's expression cannot be changed in place (before
   * PostgreSQL 17), nor can a column become generated. */
  if (sluice_catalog_object_get_attribute (to, "generated") != NULL &&
      attribute_changed (from, to, "generated"))
    return SLUICE_DDL_REPLACE;

  table = table_name_of (to);

  if (sluice_catalog_object_get_attribute (from, "generated") != NULL &&
      sluice_catalog_object_get_attribute (to, "generated") == NULL)
    sluice_ddl_writer_add (writer, identity, SLUICE_HAZARD_NONE, SLUICE_LOCK_ACCESS_EXCLUSIVE, table, NULL,
                           "ALTER TABLE %s ALTER COLUMN %s DROP EXPRESSION", table, column);

  if (attribute_changed (from, to, "identity") || attribute_changed (from, to, "identity_options"))
    {
      /* An identity column has no default: drop it before adding one. */
      if (sluice_catalog_object_get_attribute (to, "identity") != NULL &&
          sluice_catalog_object_get_attribute (from, "default") != NULL)
        sluice_ddl_writer_add (writer, identity, SLUICE_HAZARD_NONE, SLUICE_LOCK_ACCESS_EXCLUSIVE, table, NULL,
                               "ALTER TABLE %s ALTER COLUMN %s DROP DEFAULT", table, column);
    }

  retyped = attribute_changed (from, to, "type") || attribute_changed (from, to, "collation");
  if (retyped)
    write_type_change (writer, from, to, table);

  if (attribute_changed (from, to, "default") ||
      (retyped && sluice_catalog_object_get_attribute (from, "default") != NULL &&
       type_change_needs_using (sluice_catalog_object_get_attribute (from, "type"),
                                sluice_catalog_object_get_attribute (to, "type"))))
    {
      if (sluice_catalog_object_get_attribute (to, "default") != NULL ||
          sluice_catalog_object_get_attribute (to, "identity") == NULL)
        write_default_change (writer, to, table);
    }

  if (attribute_changed (from, to, "identity") || attribute_changed (from, to, "identity_options"))
    write_identity_change (writer, from, to, table);

  if (attribute_changed (from, to, "not_null"))
    write_not_null_change (writer, to, table);

  if (attribute_changed (from, to, "storage"))
    write_storage (writer, to);

  if (attribute_changed (from, to, "compression"))
    sluice_ddl_writer_add (writer, identity, SLUICE_HAZARD_NONE, SLUICE_LOCK_ACCESS_EXCLUSIVE, table,
                           _("Only values written from now on use the new compression."),
                           "ALTER TABLE %s ALTER COLUMN %s SET COMPRESSION %s", table, column,
                           sluice_catalog_object_get_attribute (to, "compression") != NULL
                             ? sluice_catalog_object_get_attribute (to, "compression") : "DEFAULT");

  if (attribute_changed (from, to, "statistics"))
    write_statistics (writer, to);

  full_name = column_full_name (to);
  sluice_ddl_write_comment_and_acl_changes (writer, change, "COLUMN", full_name);

  return retyped ? SLUICE_DDL_ALTERED_REBUILD_DEPENDENTS : SLUICE_DDL_ALTERED;
}

static void
column_rename (SluiceDdlWriter     *writer,
               SluiceCatalogObject *from,
               SluiceCatalogObject *to)
{
  g_autofree char *table = NULL;

  if (g_strcmp0 (sluice_catalog_object_get_name (from), sluice_catalog_object_get_name (to)) == 0)
    return;

  table = table_name_of (to);
  sluice_ddl_writer_add (writer, sluice_catalog_object_get_identity (to),
                         SLUICE_HAZARD_BACKWARD_INCOMPATIBLE, SLUICE_LOCK_ACCESS_EXCLUSIVE, table, NULL,
                         "ALTER TABLE %s RENAME COLUMN %s TO %s", table,
                         sluice_catalog_object_get_sql_name (from), sluice_catalog_object_get_sql_name (to));
}

const SluiceDdlKindOps sluice_ddl_column_ops = {
  .create = column_create,
  .drop = column_drop,
  .alter = column_alter,
  .rename = column_rename,
};
