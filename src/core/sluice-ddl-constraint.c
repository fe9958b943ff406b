/* sluice-ddl-constraint.c: DDL of constraints (of tables and domains) and
 * indexes, in their safe forms: NOT VALID then VALIDATE, CONCURRENTLY
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

static gboolean parent_is_partitioned (SluiceCatalog       *catalog,
                                       SluiceCatalogObject *object);

/* Both snapshots come from one database and this is one object there
 * (OIDs of two databases say nothing). */
static gboolean
same_object (SluiceDdlWriter     *writer,
             SluiceCatalogObject *from,
             SluiceCatalogObject *to)
{
  return sluice_ddl_writer_get_match_oids (writer) &&
         sluice_catalog_object_get_oid (from) != 0 &&
         sluice_catalog_object_get_oid (from) == sluice_catalog_object_get_oid (to);
}

/* CONSTRAINT */

static gboolean
constraint_is_inherited (SluiceCatalogObject *object)
{
  return g_strcmp0 (sluice_catalog_object_get_attribute (object, "local"), "false") == 0;
}

static gboolean
constraint_on_domain (SluiceCatalogObject *object)
{
  const char *parent = sluice_catalog_object_get_parent_identity (object);

  return parent != NULL && g_str_has_prefix (parent, "type ");
}

static char *
parent_name_of (SluiceCatalogObject *object)
{
  return sluice_quote_qualified_name (sluice_catalog_object_get_schema (object),
                                      sluice_catalog_object_get_parent_name (object));
}

static const char *
constraint_type (SluiceCatalogObject *object)
{
  const char *type = sluice_catalog_object_get_attribute (object, "type");

  return type != NULL ? type : "";
}

/* The definition without a trailing " NOT VALID". */
static char *
definition_without_not_valid (const char *definition)
{
  if (definition == NULL)
    return g_strdup ("");
  if (g_str_has_suffix (definition, " NOT VALID"))
    return g_strndup (definition, strlen (definition) - strlen (" NOT VALID"));
  return g_strdup (definition);
}

static void
write_validate (SluiceDdlWriter     *writer,
                SluiceCatalogObject *object,
                const char          *alter,
                const char          *parent)
{
  gboolean foreign = strcmp (constraint_type (object), "foreign") == 0;

  sluice_ddl_writer_set_deferred (writer, TRUE);
  sluice_ddl_writer_add (writer, sluice_catalog_object_get_identity (object),
                         SLUICE_HAZARD_FULL_SCAN, SLUICE_LOCK_SHARE_UPDATE_EXCLUSIVE, parent,
                         foreign
                           ? _("Checks the existing rows while reads and writes go on; the referenced table is locked ROW SHARE.")
                           : _("Checks the existing rows while reads and writes go on."),
                         "%s %s VALIDATE CONSTRAINT %s", alter, parent,
                         sluice_catalog_object_get_sql_name (object));
  sluice_ddl_writer_set_deferred (writer, FALSE);
}

/* "name ON [DOMAIN] parent", as COMMENT ON CONSTRAINT names a constraint. */
static char *
constraint_comment_target (SluiceCatalogObject *constraint,
                           const char          *parent)
{
  return g_strdup_printf ("%s ON %s%s", sluice_catalog_object_get_sql_name (constraint),
                          constraint_on_domain (constraint) ? "DOMAIN " : "", parent);
}

static void
write_constraint_comment (SluiceDdlWriter     *writer,
                          SluiceCatalogObject *object,
                          const char          *parent)
{
  g_autofree char *on = constraint_comment_target (object, parent);

  sluice_ddl_write_comment_and_acl (writer, NULL, object, "CONSTRAINT", on);
}

/* For a PRIMARY KEY or UNIQUE constraint of plain columns ("PRIMARY KEY
 * (a, b)", "UNIQUE NULLS NOT DISTINCT (email)"), the CREATE UNIQUE INDEX
 * CONCURRENTLY that builds the same index without blocking writes, and
 * the form of the constraint that adopts it; FALSE for anything the
 * USING INDEX form cannot say (INCLUDE, WITH, deferrable ...). */
static gboolean
split_key_constraint (const char  *definition,
                      const char **keyword,
                      char       **index_tail)
{
  const char *rest;
  const char *close;
  gboolean nulls_not_distinct = FALSE;

  if (g_str_has_prefix (definition, "PRIMARY KEY ("))
    {
      *keyword = "PRIMARY KEY";
      rest = definition + strlen ("PRIMARY KEY ");
    }
  else if (g_str_has_prefix (definition, "UNIQUE NULLS NOT DISTINCT ("))
    {
      *keyword = "UNIQUE";
      nulls_not_distinct = TRUE;
      rest = definition + strlen ("UNIQUE NULLS NOT DISTINCT ");
    }
  else if (g_str_has_prefix (definition, "UNIQUE ("))
    {
      *keyword = "UNIQUE";
      rest = definition + strlen ("UNIQUE ");
    }
  else
    return FALSE;

  /* One parenthesised list of column names, and nothing after it. */
  close = strchr (rest, ')');
  if (close == NULL || close[1] != '\0' || strchr (rest + 1, '(') != NULL)
    return FALSE;

  *index_tail = g_strdup_printf ("%s%s", rest, nulls_not_distinct ? " NULLS NOT DISTINCT" : "");
  return TRUE;
}

static void
constraint_create (SluiceDdlWriter     *writer,
                   SluiceCatalog       *catalog,
                   SluiceCatalogObject *object)
{
  const char *identity = sluice_catalog_object_get_identity (object);
  const char *definition = sluice_catalog_object_get_attribute (object, "definition");
  const char *type = constraint_type (object);
  gboolean on_domain = constraint_on_domain (object);
  const char *alter = on_domain ? "ALTER DOMAIN" : "ALTER TABLE";
  gboolean parent_is_new = sluice_ddl_writer_is_created (writer, sluice_catalog_object_get_parent_identity (object));
  gboolean foreign = strcmp (type, "foreign") == 0;
  gboolean checks_rows = foreign || strcmp (type, "check") == 0;
  gboolean target_not_valid = definition != NULL && g_str_has_suffix (definition, " NOT VALID");
  g_autofree char *parent = NULL;
  SluiceHazards hazards = SLUICE_HAZARD_NONE;
  SluiceLockMode lock = SLUICE_LOCK_ACCESS_EXCLUSIVE;
  const char *note = NULL;
  gboolean validate_later = FALSE;

  if (constraint_is_inherited (object))
    return;

  parent = parent_name_of (object);

  if (foreign)
    lock = SLUICE_LOCK_SHARE_ROW_EXCLUSIVE;

  if (checks_rows && !parent_is_new && !target_not_valid)
    {
      /* Added NOT VALID (no scan under the strong lock), validated after
       * under a lock that lets reads and writes go on. */
      validate_later = TRUE;
      note = _("Added NOT VALID, then validated by a separate statement that does not block writes.");
    }
  else if (!parent_is_new && !on_domain && definition != NULL &&
           !parent_is_partitioned (catalog, object) &&
           (strcmp (type, "primary") == 0 || strcmp (type, "unique") == 0))
    {
      const char *keyword = NULL;
      g_autofree char *index_tail = NULL;

      if (split_key_constraint (definition, &keyword, &index_tail))
        {
          const char *name = sluice_catalog_object_get_sql_name (object);

          sluice_ddl_writer_add (writer, identity, SLUICE_HAZARD_NON_TRANSACTIONAL,
                                 SLUICE_LOCK_SHARE_UPDATE_EXCLUSIVE, parent,
                                 _("The constraint's index is built CONCURRENTLY first, so writes go on; the statement cannot run inside a transaction block."),
                                 "CREATE UNIQUE INDEX CONCURRENTLY %s ON %s %s", name, parent, index_tail);
          sluice_ddl_writer_add (writer, identity,
                                 strcmp (type, "primary") == 0 ? SLUICE_HAZARD_FULL_SCAN : SLUICE_HAZARD_NONE,
                                 SLUICE_LOCK_ACCESS_EXCLUSIVE, parent,
                                 strcmp (type, "primary") == 0
                                   ? _("Adopts the index built above; columns not yet NOT NULL are scanned for NULLs.")
                                   : _("Adopts the index built above: a catalog change only."),
                                 "ALTER TABLE %s ADD CONSTRAINT %s %s USING INDEX %s", parent, name, keyword, name);
          write_constraint_comment (writer, object, parent);
          return;
        }

      hazards |= SLUICE_HAZARD_BLOCKING_INDEX_BUILD | SLUICE_HAZARD_FULL_SCAN;
      note = _("Builds the constraint's index under an ACCESS EXCLUSIVE lock.");
    }
  else if (!parent_is_new && (strcmp (type, "primary") == 0 || strcmp (type, "unique") == 0 ||
                              strcmp (type, "exclusion") == 0))
    {
      hazards |= SLUICE_HAZARD_BLOCKING_INDEX_BUILD | SLUICE_HAZARD_FULL_SCAN;
      note = _("Builds the constraint's index under an ACCESS EXCLUSIVE lock. On a big table, build a unique index CONCURRENTLY first and add the constraint USING INDEX.");
    }

  /* Foreign keys go after every table and key exists. */
  if (foreign)
    sluice_ddl_writer_set_deferred (writer, TRUE);
  sluice_ddl_writer_add (writer, identity, hazards, lock, parent, note,
                         "%s %s ADD CONSTRAINT %s %s%s", alter, parent,
                         sluice_catalog_object_get_sql_name (object), definition != NULL ? definition : "",
                         validate_later ? " NOT VALID" : "");
  sluice_ddl_writer_set_deferred (writer, FALSE);

  if (validate_later)
    write_validate (writer, object, alter, parent);

  write_constraint_comment (writer, object, parent);
}

static void
constraint_drop (SluiceDdlWriter     *writer,
                 SluiceCatalog       *catalog,
                 SluiceCatalogObject *object)
{
  g_autofree char *parent = NULL;
  gboolean on_domain = constraint_on_domain (object);

  if (constraint_is_inherited (object))
    return;

  parent = parent_name_of (object);
  /* IF EXISTS: dropping a column drops the constraints on it. */
  sluice_ddl_writer_add (writer, sluice_catalog_object_get_identity (object),
                         SLUICE_HAZARD_BACKWARD_INCOMPATIBLE, SLUICE_LOCK_ACCESS_EXCLUSIVE, parent, NULL,
                         "%s %s DROP CONSTRAINT IF EXISTS %s", on_domain ? "ALTER DOMAIN" : "ALTER TABLE",
                         parent, sluice_catalog_object_get_sql_name (object));
}

static SluiceDdlAlterResult
constraint_alter (SluiceDdlWriter          *writer,
                  SluiceCatalog            *to_catalog,
                  SluiceCatalogObject      *from,
                  SluiceCatalogObject      *to,
                  const SluiceObjectChange *change)
{
  const char *old_definition = sluice_catalog_object_get_attribute (from, "definition");
  const char *new_definition = sluice_catalog_object_get_attribute (to, "definition");
  g_autofree char *old_core = definition_without_not_valid (old_definition);
  g_autofree char *new_core = definition_without_not_valid (new_definition);
  g_autofree char *parent = NULL;
  g_autofree char *on = NULL;

  /* An inherited constraint is the parent's to change; one that becomes
   * (or stops being) inherited does so by ATTACH or DETACH PARTITION,
   * INHERIT or NO INHERIT of its table. */
  if (constraint_is_inherited (to) || constraint_is_inherited (from))
    return SLUICE_DDL_ALTERED;

  /* One constraint (same OID) of one database: its definition can only
   * differ by the names of renamed columns and tables. */
  if (!same_object (writer, from, to) &&
      (attribute_changed (from, to, "type") || strcmp (old_core, new_core) != 0))
    return SLUICE_DDL_REPLACE;

  parent = parent_name_of (to);

  if (attribute_changed (from, to, "validated") || g_strcmp0 (old_definition, new_definition) != 0)
    {
      /* A valid constraint cannot become NOT VALID again but by being
       * made anew. */
      if (!sluice_catalog_object_get_boolean (to, "validated"))
        return SLUICE_DDL_REPLACE;

      write_validate (writer, to, constraint_on_domain (to) ? "ALTER DOMAIN" : "ALTER TABLE", parent);
    }

  on = constraint_comment_target (to, parent);
  sluice_ddl_write_comment_and_acl_changes (writer, change, "CONSTRAINT", on);
  return SLUICE_DDL_ALTERED;
}

static void
constraint_rename (SluiceDdlWriter     *writer,
                   SluiceCatalogObject *from,
                   SluiceCatalogObject *to)
{
  g_autofree char *parent = NULL;

  if (g_strcmp0 (sluice_catalog_object_get_name (from), sluice_catalog_object_get_name (to)) == 0)
    return;

  parent = parent_name_of (to);
  sluice_ddl_writer_add (writer, sluice_catalog_object_get_identity (to),
                         SLUICE_HAZARD_NONE, SLUICE_LOCK_ACCESS_EXCLUSIVE, parent, NULL,
                         "%s %s RENAME CONSTRAINT %s TO %s",
                         constraint_on_domain (to) ? "ALTER DOMAIN" : "ALTER TABLE", parent,
                         sluice_catalog_object_get_sql_name (from), sluice_catalog_object_get_sql_name (to));
}

const SluiceDdlKindOps sluice_ddl_constraint_ops = {
  .create = constraint_create,
  .drop = constraint_drop,
  .alter = constraint_alter,
  .rename = constraint_rename,
};

/* INDEX */

static gboolean
index_is_attached (SluiceCatalogObject *object)
{
  return sluice_catalog_object_get_attribute (object, "partition_of") != NULL;
}

static gboolean
parent_is_partitioned (SluiceCatalog       *catalog,
                       SluiceCatalogObject *object)
{
  const char *parent_identity = sluice_catalog_object_get_parent_identity (object);
  SluiceCatalogObject *parent = parent_identity != NULL ? sluice_catalog_lookup (catalog, parent_identity) : NULL;

  return parent != NULL &&
         g_strcmp0 (sluice_catalog_object_get_attribute (parent, "relkind"), "partitioned") == 0;
}

/* "CREATE [UNIQUE] INDEX name ON [ONLY] table ..." with CONCURRENTLY after
 * INDEX when @concurrently, and without ONLY, so that an index of a
 * partitioned table is made on its partitions too. */
static char *
rewrite_index_definition (const char *definition,
                          gboolean    concurrently)
{
  g_autoptr(GString) sql = g_string_new (definition);
  const char *index_word = strstr (sql->str, "INDEX ");
  const char *only;

  if (concurrently && index_word != NULL)
    g_string_insert (sql, (index_word - sql->str) + strlen ("INDEX "), "CONCURRENTLY ");

  only = strstr (sql->str, " ON ONLY ");
  if (only != NULL)
    g_string_erase (sql, (only - sql->str) + strlen (" ON "), strlen ("ONLY "));

  return g_string_free (g_steal_pointer (&sql), FALSE);
}

static void
index_create (SluiceDdlWriter     *writer,
              SluiceCatalog       *catalog,
              SluiceCatalogObject *object)
{
  const char *definition = sluice_catalog_object_get_attribute (object, "definition");
  const char *identity = sluice_catalog_object_get_identity (object);
  g_autofree char *table = NULL;
  g_autofree char *sql = NULL;
  gboolean parent_is_new;
  gboolean partitioned;

  if (index_is_attached (object) || definition == NULL)
    return;

  table = parent_name_of (object);
  parent_is_new = sluice_ddl_writer_is_created (writer, sluice_catalog_object_get_parent_identity (object));
  partitioned = parent_is_partitioned (catalog, object);

  if (parent_is_new)
    {
      sql = rewrite_index_definition (definition, FALSE);
      sluice_ddl_writer_add (writer, identity, SLUICE_HAZARD_NONE, SLUICE_LOCK_SHARE, table, NULL, "%s", sql);
    }
  else if (partitioned)
    {
      /* CONCURRENTLY is not available on a partitioned table. */
      sql = rewrite_index_definition (definition, FALSE);
      sluice_ddl_writer_add (writer, identity, SLUICE_HAZARD_BLOCKING_INDEX_BUILD, SLUICE_LOCK_SHARE, table,
                             _("A partitioned table's index cannot be built CONCURRENTLY: on big partitions, build each partition's index CONCURRENTLY, create this one ON ONLY the table and attach them."),
                             "%s", sql);
    }
  else
    {
      sql = rewrite_index_definition (definition, TRUE);
      sluice_ddl_writer_add (writer, identity, SLUICE_HAZARD_NON_TRANSACTIONAL, SLUICE_LOCK_SHARE_UPDATE_EXCLUSIVE, table,
                             _("Built CONCURRENTLY: writes go on, but the statement cannot run inside a transaction block; if it fails it leaves an invalid index to drop."),
                             "%s", sql);
    }

  sluice_ddl_write_comment_and_acl (writer, NULL, object, "INDEX", sluice_catalog_object_get_sql_name (object));
}

static void
index_drop (SluiceDdlWriter     *writer,
            SluiceCatalog       *catalog,
            SluiceCatalogObject *object)
{
  const char *name = sluice_catalog_object_get_sql_name (object);
  g_autofree char *table = NULL;

  if (index_is_attached (object))
    return;

  table = parent_name_of (object);

  /* IF EXISTS: dropping a column drops the indexes on it. */
  if (parent_is_partitioned (catalog, object))
    sluice_ddl_writer_add (writer, sluice_catalog_object_get_identity (object),
                           SLUICE_HAZARD_BACKWARD_INCOMPATIBLE, SLUICE_LOCK_ACCESS_EXCLUSIVE, table, NULL,
                           "DROP INDEX IF EXISTS %s", name);
  else
    sluice_ddl_writer_add (writer, sluice_catalog_object_get_identity (object),
                           SLUICE_HAZARD_BACKWARD_INCOMPATIBLE | SLUICE_HAZARD_NON_TRANSACTIONAL,
                           SLUICE_LOCK_SHARE_UPDATE_EXCLUSIVE, table,
                           _("Dropped CONCURRENTLY: queries using the index finish first; cannot run inside a transaction block."),
                           "DROP INDEX CONCURRENTLY IF EXISTS %s", name);
}

static SluiceDdlAlterResult
index_alter (SluiceDdlWriter          *writer,
             SluiceCatalog            *to_catalog,
             SluiceCatalogObject      *from,
             SluiceCatalogObject      *to,
             const SluiceObjectChange *change)
{
  static const char * const structure[] = {
    "method", "key", "include", "predicate", "unique", "nulls_not_distinct", NULL,
  };

  /* A partition's index is attached and detached with the partition
   * (ATTACH PARTITION adopts an equivalent index, DETACH keeps it): the
   * table's DDL does it. */
  if (index_is_attached (from) || index_is_attached (to))
    return SLUICE_DDL_ALTERED;

  /* An index is never changed in place but by ALTER INDEX ... RENAME
   * (its own, or its table's or columns'): with the same OID, what
   * differs is names. */
  if (!same_object (writer, from, to))
    {
      for (guint i = 0; structure[i] != NULL; i++)
        if (attribute_changed (from, to, structure[i]))
          return SLUICE_DDL_REPLACE;

      /* Storage parameters and the like only show in the definition. */
      if (attribute_changed (from, to, "definition") ||
          g_strcmp0 (sluice_catalog_object_get_parent_identity (from),
                     sluice_catalog_object_get_parent_identity (to)) != 0)
        return SLUICE_DDL_REPLACE;
    }

  sluice_ddl_write_comment_and_acl_changes (writer, change, "INDEX", sluice_catalog_object_get_sql_name (to));
  return SLUICE_DDL_ALTERED;
}

static void
index_rename (SluiceDdlWriter     *writer,
              SluiceCatalogObject *from,
              SluiceCatalogObject *to)
{
  g_autofree char *new_name = NULL;

  if (g_strcmp0 (sluice_catalog_object_get_name (from), sluice_catalog_object_get_name (to)) == 0)
    return;

  new_name = sluice_quote_identifier (sluice_catalog_object_get_name (to));
  sluice_ddl_writer_add (writer, sluice_catalog_object_get_identity (to),
                         SLUICE_HAZARD_NONE, SLUICE_LOCK_SHARE_UPDATE_EXCLUSIVE, NULL, NULL,
                         "ALTER INDEX %s RENAME TO %s", sluice_catalog_object_get_sql_name (from), new_name);
}

const SluiceDdlKindOps sluice_ddl_index_ops = {
  .create = index_create,
  .drop = index_drop,
  .alter = index_alter,
  .rename = index_rename,
};
