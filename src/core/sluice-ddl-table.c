/* sluice-ddl-table.c: DDL of tables (regular, partitioned, partitions,
 * inheritance children) and sequences
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
is_false (SluiceCatalogObject *object,
          const char          *name)
{
  return g_strcmp0 (sluice_catalog_object_get_attribute (object, name), "false") == 0;
}

/* TABLE */

static void
append_columns (GString             *sql,
                SluiceCatalog       *catalog,
                SluiceCatalogObject *table)
{
  g_autoptr(GPtrArray) children = sluice_catalog_get_children (catalog, sluice_catalog_object_get_identity (table));
  gboolean first = TRUE;

  g_string_append (sql, " (");
  for (guint i = 0; i < children->len; i++)
    {
      SluiceCatalogObject *child = g_ptr_array_index (children, i);
      g_autofree char *definition = NULL;

      if (sluice_catalog_object_get_kind (child) != SLUICE_CATALOG_COLUMN || is_false (child, "local"))
        continue;

      definition = sluice_ddl_column_definition (child);
      g_string_append_printf (sql, "%s\n  %s", first ? "" : ",", definition);
      first = FALSE;
    }
  g_string_append (sql, first ? ")" : "\n)");
}

static void
table_create (SluiceDdlWriter     *writer,
              SluiceCatalog       *catalog,
              SluiceCatalogObject *object)
{
  const char *name = sluice_catalog_object_get_sql_name (object);
  const char *partition_of = sluice_catalog_object_get_attribute (object, "partition_of");
  const char *partition_bound = sluice_catalog_object_get_attribute (object, "partition_bound");
  const char *inherits = sluice_catalog_object_get_attribute (object, "inherits");
  const char *partition_key = sluice_catalog_object_get_attribute (object, "partition_key");
  const char *options = sluice_catalog_object_get_attribute (object, "options");
  const char *replica_identity = sluice_catalog_object_get_attribute (object, "replica_identity");
  const char *identity = sluice_catalog_object_get_identity (object);
  g_autoptr(GString) sql = g_string_new ("CREATE ");
  g_autoptr(GPtrArray) children = NULL;

  if (g_strcmp0 (sluice_catalog_object_get_attribute (object, "persistence"), "unlogged") == 0)
    g_string_append (sql, "UNLOGGED ");
  g_string_append_printf (sql, "TABLE %s", name);

  if (partition_of != NULL)
    g_string_append_printf (sql, " PARTITION OF %s %s", partition_of,
                            partition_bound != NULL ? partition_bound : "DEFAULT");
  else
    append_columns (sql, catalog, object);

  if (inherits != NULL && partition_of == NULL)
    g_string_append_printf (sql, " INHERITS (%s)", inherits);
  if (partition_key != NULL)
    g_string_append_printf (sql, " PARTITION BY %s", partition_key);
  if (options != NULL)
    g_string_append_printf (sql, " WITH (%s)", options);

  /* A new table blocks no one; a new partition locks its parent. */
  sluice_ddl_writer_add (writer, identity, SLUICE_HAZARD_NONE,
                         partition_of != NULL ? SLUICE_LOCK_ACCESS_EXCLUSIVE : SLUICE_LOCK_NONE,
                         partition_of, NULL, "%s", sql->str);

  if (sluice_catalog_object_get_boolean (object, "row_security"))
    sluice_ddl_writer_add (writer, identity, SLUICE_HAZARD_NONE, SLUICE_LOCK_ACCESS_EXCLUSIVE, name, NULL,
                           "ALTER TABLE %s ENABLE ROW LEVEL SECURITY", name);
  if (sluice_catalog_object_get_boolean (object, "force_row_security"))
    sluice_ddl_writer_add (writer, identity, SLUICE_HAZARD_NONE, SLUICE_LOCK_ACCESS_EXCLUSIVE, name, NULL,
                           "ALTER TABLE %s FORCE ROW LEVEL SECURITY", name);
  if (replica_identity != NULL && strcmp (replica_identity, "default") != 0 && strcmp (replica_identity, "index") != 0)
    sluice_ddl_writer_add (writer, identity, SLUICE_HAZARD_NONE, SLUICE_LOCK_ACCESS_EXCLUSIVE, name, NULL,
                           "ALTER TABLE %s REPLICA IDENTITY %s", name, replica_identity);

  sluice_ddl_write_comment_and_acl (writer, NULL, object, "TABLE", name);

  /* Storage, statistics, comments and privileges of the columns written
   * inline above. */
  children = sluice_catalog_get_children (catalog, identity);
  for (guint i = 0; i < children->len; i++)
    {
      SluiceCatalogObject *child = g_ptr_array_index (children, i);

      if (sluice_catalog_object_get_kind (child) == SLUICE_CATALOG_COLUMN && !is_false (child, "local"))
        sluice_ddl_write_column_details (writer, child);
    }
}

static void
table_drop (SluiceDdlWriter     *writer,
            SluiceCatalog       *catalog,
            SluiceCatalogObject *object)
{
  const char *name = sluice_catalog_object_get_sql_name (object);

  sluice_ddl_writer_add (writer, sluice_catalog_object_get_identity (object),
                         SLUICE_HAZARD_DATA_LOSS | SLUICE_HAZARD_BACKWARD_INCOMPATIBLE,
                         SLUICE_LOCK_ACCESS_EXCLUSIVE, name, NULL,
                         "DROP TABLE %s", name);
}

/* "a=1, b=2" -> a hash of key -> "key=value". */
static GHashTable *
parse_options (const char *options)
{
  GHashTable *table = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_auto(GStrv) items = NULL;

  if (options == NULL)
    return table;

  items = g_strsplit (options, ", ", -1);
  for (guint i = 0; items[i] != NULL; i++)
    {
      const char *equals = strchr (items[i], '=');
      char *key = equals != NULL ? g_strndup (items[i], equals - items[i]) : g_strdup (items[i]);

      g_hash_table_insert (table, key, g_strdup (items[i]));
    }

  return table;
}

/* Options that ALTER TABLE SET changes under SHARE UPDATE EXCLUSIVE
 * rather than ACCESS EXCLUSIVE. */
static gboolean
option_is_light (const char *key)
{
  return g_str_has_prefix (key, "autovacuum_") ||
         g_str_has_prefix (key, "toast.autovacuum_") ||
         strcmp (key, "fillfactor") == 0 ||
         strcmp (key, "parallel_workers") == 0 ||
         strcmp (key, "toast_tuple_target") == 0 ||
         strcmp (key, "vacuum_index_cleanup") == 0 ||
         strcmp (key, "vacuum_truncate") == 0 ||
         strcmp (key, "log_autovacuum_min_duration") == 0;
}

static char *
join_sorted_keys (GPtrArray *keys)
{
  g_ptr_array_sort (keys, (GCompareFunc) g_strcmp0);
  g_ptr_array_add (keys, NULL);
  return g_strjoinv (", ", (char **) keys->pdata);
}

/* Writes SET (...) for new or changed options and RESET (...) for
 * removed ones, in the form ALTER TABLE / ALTER VIEW / ALTER INDEX take. */
static void
write_options_change (SluiceDdlWriter *writer,
                      const char      *identity,
                      const char      *alter,
                      const char      *name,
                      const char      *old_options,
                      const char      *new_options)
{
  g_autoptr(GHashTable) old_table = parse_options (old_options);
  g_autoptr(GHashTable) new_table = parse_options (new_options);
  g_autoptr(GPtrArray) set = g_ptr_array_new ();
  g_autoptr(GPtrArray) reset = g_ptr_array_new ();
  SluiceLockMode lock = SLUICE_LOCK_SHARE_UPDATE_EXCLUSIVE;
  GHashTableIter iter;
  gpointer key;
  gpointer value;

  g_hash_table_iter_init (&iter, new_table);
  while (g_hash_table_iter_next (&iter, &key, &value))
    if (g_strcmp0 (g_hash_table_lookup (old_table, key), value) != 0)
      {
        g_ptr_array_add (set, value);
        if (!option_is_light (key))
          lock = SLUICE_LOCK_ACCESS_EXCLUSIVE;
      }

  g_hash_table_iter_init (&iter, old_table);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    if (!g_hash_table_contains (new_table, key))
      {
        g_ptr_array_add (reset, key);
        if (!option_is_light (key))
          lock = SLUICE_LOCK_ACCESS_EXCLUSIVE;
      }

  if (set->len > 0)
    {
      g_autofree char *list = join_sorted_keys (set);

      sluice_ddl_writer_add (writer, identity, SLUICE_HAZARD_NONE, lock, name, NULL,
                             "%s %s SET (%s)", alter, name, list);
    }

  if (reset->len > 0)
    {
      g_autofree char *list = join_sorted_keys (reset);

      sluice_ddl_writer_add (writer, identity, SLUICE_HAZARD_NONE, lock, name, NULL,
                             "%s %s RESET (%s)", alter, name, list);
    }
}

static gboolean
list_contains (char       **list,
               const char  *item)
{
  return list != NULL && g_strv_contains ((const char * const *) list, item);
}

static void
write_inheritance_change (SluiceDdlWriter     *writer,
                          SluiceCatalogObject *from,
                          SluiceCatalogObject *to)
{
  const char *name = sluice_catalog_object_get_sql_name (to);
  const char *identity = sluice_catalog_object_get_identity (to);
  const char *old_list = sluice_catalog_object_get_attribute (from, "inherits");
  const char *new_list = sluice_catalog_object_get_attribute (to, "inherits");
  g_auto(GStrv) old_parents = old_list != NULL ? g_strsplit (old_list, ", ", -1) : NULL;
  g_auto(GStrv) new_parents = new_list != NULL ? g_strsplit (new_list, ", ", -1) : NULL;

  for (guint i = 0; old_parents != NULL && old_parents[i] != NULL; i++)
    if (!list_contains (new_parents, old_parents[i]))
      sluice_ddl_writer_add (writer, identity, SLUICE_HAZARD_BACKWARD_INCOMPATIBLE,
                             SLUICE_LOCK_ACCESS_EXCLUSIVE, name, NULL,
                             "ALTER TABLE %s NO INHERIT %s", name, old_parents[i]);

  for (guint i = 0; new_parents != NULL && new_parents[i] != NULL; i++)
    if (!list_contains (old_parents, new_parents[i]))
      sluice_ddl_writer_add (writer, identity, SLUICE_HAZARD_NONE,
                             SLUICE_LOCK_ACCESS_EXCLUSIVE, name,
                             _("Checks that the table has the parent's columns and constraints."),
                             "ALTER TABLE %s INHERIT %s", name, new_parents[i]);
}

static void
write_partition_change (SluiceDdlWriter     *writer,
                        SluiceCatalogObject *from,
                        SluiceCatalogObject *to)
{
  const char *name = sluice_catalog_object_get_sql_name (to);
  const char *identity = sluice_catalog_object_get_identity (to);
  const char *old_parent = sluice_catalog_object_get_attribute (from, "partition_of");
  const char *new_parent = sluice_catalog_object_get_attribute (to, "partition_of");
  const char *new_bound = sluice_catalog_object_get_attribute (to, "partition_bound");

  if (old_parent != NULL)
    sluice_ddl_writer_add (writer, identity, SLUICE_HAZARD_BACKWARD_INCOMPATIBLE,
                           SLUICE_LOCK_ACCESS_EXCLUSIVE, old_parent,
                           _("Rows of the partition no longer show in the partitioned table until it is attached again."),
                           "ALTER TABLE %s DETACH PARTITION %s", old_parent, name);

  if (new_parent != NULL)
    sluice_ddl_writer_add (writer, identity, SLUICE_HAZARD_FULL_SCAN,
                           SLUICE_LOCK_ACCESS_EXCLUSIVE, name,
                           _("The partition's rows are scanned to check the bound unless a CHECK constraint proves it; the partitioned table is locked SHARE UPDATE EXCLUSIVE."),
                           "ALTER TABLE %s ATTACH PARTITION %s %s", new_parent, name,
                           new_bound != NULL ? new_bound : "DEFAULT");
}

static SluiceDdlAlterResult
table_alter (SluiceDdlWriter          *writer,
             SluiceCatalog            *to_catalog,
             SluiceCatalogObject      *from,
             SluiceCatalogObject      *to,
             const SluiceObjectChange *change)
{
  const char *name = sluice_catalog_object_get_sql_name (to);
  const char *identity = sluice_catalog_object_get_identity (to);

  /* A table does not become partitioned, nor change its key. */
  if (attribute_changed (from, to, "relkind") || attribute_changed (from, to, "partition_key"))
    return SLUICE_DDL_REPLACE;

  if (attribute_changed (from, to, "partition_of") || attribute_changed (from, to, "partition_bound"))
    write_partition_change (writer, from, to);

  if (attribute_changed (from, to, "inherits"))
    write_inheritance_change (writer, from, to);

  if (attribute_changed (from, to, "persistence"))
    {
      gboolean unlogged = g_strcmp0 (sluice_catalog_object_get_attribute (to, "persistence"), "unlogged") == 0;

      sluice_ddl_writer_add (writer, identity,
                             SLUICE_HAZARD_TABLE_REWRITE | (unlogged ? SLUICE_HAZARD_DATA_LOSS : 0),
                             SLUICE_LOCK_ACCESS_EXCLUSIVE, name,
                             unlogged ? _("An unlogged table is emptied after a crash and is not replicated.") : NULL,
                             "ALTER TABLE %s SET %s", name, unlogged ? "UNLOGGED" : "LOGGED");
    }

  if (attribute_changed (from, to, "options"))
    write_options_change (writer, identity, "ALTER TABLE", name,
                          sluice_catalog_object_get_attribute (from, "options"),
                          sluice_catalog_object_get_attribute (to, "options"));

  if (attribute_changed (from, to, "row_security"))
    sluice_ddl_writer_add (writer, identity, SLUICE_HAZARD_PRIVILEGES, SLUICE_LOCK_ACCESS_EXCLUSIVE, name, NULL,
                           "ALTER TABLE %s %s ROW LEVEL SECURITY", name,
                           sluice_catalog_object_get_boolean (to, "row_security") ? "ENABLE" : "DISABLE");

  if (attribute_changed (from, to, "force_row_security"))
    sluice_ddl_writer_add (writer, identity, SLUICE_HAZARD_PRIVILEGES, SLUICE_LOCK_ACCESS_EXCLUSIVE, name, NULL,
                           "ALTER TABLE %s %s ROW LEVEL SECURITY", name,
                           sluice_catalog_object_get_boolean (to, "force_row_security") ? "FORCE" : "NO FORCE");

  if (attribute_changed (from, to, "replica_identity"))
    {
      const char *replica_identity = sluice_catalog_object_get_attribute (to, "replica_identity");

      if (replica_identity == NULL)
        replica_identity = "default";
      /* The index of REPLICA IDENTITY USING INDEX is not in the catalog's
       * vocabulary: that one form is left to the person. */
      if (strcmp (replica_identity, "index") != 0)
        sluice_ddl_writer_add (writer, identity, SLUICE_HAZARD_NONE, SLUICE_LOCK_ACCESS_EXCLUSIVE, name, NULL,
                               "ALTER TABLE %s REPLICA IDENTITY %s", name, replica_identity);
    }

  sluice_ddl_write_comment_and_acl_changes (writer, change, "TABLE", name);
  return SLUICE_DDL_ALTERED;
}

/* SET SCHEMA first (with the old name), then RENAME TO in the new schema. */
static void
write_rename (SluiceDdlWriter     *writer,
              const char          *alter,
              SluiceCatalogObject *from,
              SluiceCatalogObject *to)
{
  const char *identity = sluice_catalog_object_get_identity (to);
  const char *to_schema = sluice_catalog_object_get_schema (to);
  g_autofree char *current = g_strdup (sluice_catalog_object_get_sql_name (from));

  if (g_strcmp0 (sluice_catalog_object_get_schema (from), to_schema) != 0)
    {
      g_autofree char *schema = sluice_quote_identifier (to_schema);

      sluice_ddl_writer_add (writer, identity, SLUICE_HAZARD_BACKWARD_INCOMPATIBLE,
                             SLUICE_LOCK_ACCESS_EXCLUSIVE, current, NULL,
                             "%s %s SET SCHEMA %s", alter, current, schema);
      g_free (current);
      current = sluice_quote_qualified_name (to_schema, sluice_catalog_object_get_name (from));
    }

  if (g_strcmp0 (sluice_catalog_object_get_name (from), sluice_catalog_object_get_name (to)) != 0)
    {
      g_autofree char *new_name = sluice_quote_identifier (sluice_catalog_object_get_name (to));

      sluice_ddl_writer_add (writer, identity, SLUICE_HAZARD_BACKWARD_INCOMPATIBLE,
                             SLUICE_LOCK_ACCESS_EXCLUSIVE, current, NULL,
                             "%s %s RENAME TO %s", alter, current, new_name);
    }
}

static void
table_rename (SluiceDdlWriter     *writer,
              SluiceCatalogObject *from,
              SluiceCatalogObject *to)
{
  write_rename (writer, "ALTER TABLE", from, to);
}

const SluiceDdlKindOps sluice_ddl_table_ops = {
  .create = table_create,
  .drop = table_drop,
  .alter = table_alter,
  .rename = table_rename,
};

/* SEQUENCE */

static void
append_sequence_option (GString             *sql,
                        SluiceCatalogObject *object,
                        const char          *attribute,
                        const char          *keyword)
{
  const char *value = sluice_catalog_object_get_attribute (object, attribute);

  if (value != NULL)
    g_string_append_printf (sql, " %s %s", keyword, value);
}

static void
write_owned_by (SluiceDdlWriter     *writer,
                SluiceCatalogObject *object)
{
  const char *owned_by = sluice_catalog_object_get_attribute (object, "owned_by");
  const char *name = sluice_catalog_object_get_sql_name (object);

  /* OWNED BY a column: after every table and column exists.  OWNED BY
   * NONE at once, before a drop of the column takes the sequence with it. */
  if (owned_by != NULL)
    sluice_ddl_writer_set_deferred (writer, TRUE);
  sluice_ddl_writer_add (writer, sluice_catalog_object_get_identity (object),
                         SLUICE_HAZARD_NONE, SLUICE_LOCK_ACCESS_EXCLUSIVE, name, NULL,
                         "ALTER SEQUENCE %s OWNED BY %s", name, owned_by != NULL ? owned_by : "NONE");
  sluice_ddl_writer_set_deferred (writer, FALSE);
}

static void
sequence_create (SluiceDdlWriter     *writer,
                 SluiceCatalog       *catalog,
                 SluiceCatalogObject *object)
{
  const char *name = sluice_catalog_object_get_sql_name (object);
  g_autoptr(GString) sql = g_string_new (NULL);

  g_string_append_printf (sql, "CREATE SEQUENCE %s", name);
  append_sequence_option (sql, object, "data_type", "AS");
  append_sequence_option (sql, object, "increment", "INCREMENT BY");
  append_sequence_option (sql, object, "min", "MINVALUE");
  append_sequence_option (sql, object, "max", "MAXVALUE");
  append_sequence_option (sql, object, "start", "START WITH");
  append_sequence_option (sql, object, "cache", "CACHE");
  if (sluice_catalog_object_get_boolean (object, "cycle"))
    g_string_append (sql, " CYCLE");

  sluice_ddl_writer_add (writer, sluice_catalog_object_get_identity (object),
                         SLUICE_HAZARD_NONE, SLUICE_LOCK_NONE, NULL, NULL, "%s", sql->str);

  if (sluice_catalog_object_get_attribute (object, "owned_by") != NULL)
    write_owned_by (writer, object);

  sluice_ddl_write_comment_and_acl (writer, NULL, object, "SEQUENCE", name);
}

static void
sequence_drop (SluiceDdlWriter     *writer,
               SluiceCatalog       *catalog,
               SluiceCatalogObject *object)
{
  const char *name = sluice_catalog_object_get_sql_name (object);

  sluice_ddl_writer_add (writer, sluice_catalog_object_get_identity (object),
                         SLUICE_HAZARD_DATA_LOSS | SLUICE_HAZARD_BACKWARD_INCOMPATIBLE,
                         SLUICE_LOCK_ACCESS_EXCLUSIVE, name, NULL,
                         "DROP SEQUENCE %s", name);
}

static void
append_changed_sequence_option (GString             *sql,
                                SluiceCatalogObject *from,
                                SluiceCatalogObject *to,
                                const char          *attribute,
                                const char          *keyword,
                                const char          *absent)
{
  const char *value = sluice_catalog_object_get_attribute (to, attribute);

  if (!attribute_changed (from, to, attribute))
    return;

  if (value != NULL)
    g_string_append_printf (sql, " %s %s", keyword, value);
  else if (absent != NULL)
    g_string_append_printf (sql, " %s", absent);
}

static SluiceDdlAlterResult
sequence_alter (SluiceDdlWriter          *writer,
                SluiceCatalog            *to_catalog,
                SluiceCatalogObject      *from,
                SluiceCatalogObject      *to,
                const SluiceObjectChange *change)
{
  const char *name = sluice_catalog_object_get_sql_name (to);
  g_autoptr(GString) options = g_string_new (NULL);

  append_changed_sequence_option (options, from, to, "data_type", "AS", NULL);
  append_changed_sequence_option (options, from, to, "increment", "INCREMENT BY", NULL);
  /* A new type moves default bounds with it; write them when they differ. */
  append_changed_sequence_option (options, from, to, "min", "MINVALUE", "NO MINVALUE");
  append_changed_sequence_option (options, from, to, "max", "MAXVALUE", "NO MAXVALUE");
  append_changed_sequence_option (options, from, to, "start", "START WITH", NULL);
  append_changed_sequence_option (options, from, to, "cache", "CACHE", NULL);
  if (attribute_changed (from, to, "cycle"))
    g_string_append (options, sluice_catalog_object_get_boolean (to, "cycle") ? " CYCLE" : " NO CYCLE");

  if (options->len > 0)
    sluice_ddl_writer_add (writer, sluice_catalog_object_get_identity (to),
                           SLUICE_HAZARD_NONE, SLUICE_LOCK_ACCESS_EXCLUSIVE, name, NULL,
                           "ALTER SEQUENCE %s%s", name, options->str);

  if (attribute_changed (from, to, "owned_by"))
    write_owned_by (writer, to);

  sluice_ddl_write_comment_and_acl_changes (writer, change, "SEQUENCE", name);
  return SLUICE_DDL_ALTERED;
}

static void
sequence_rename (SluiceDdlWriter     *writer,
                 SluiceCatalogObject *from,
                 SluiceCatalogObject *to)
{
  write_rename (writer, "ALTER SEQUENCE", from, to);
}

const SluiceDdlKindOps sluice_ddl_sequence_ops = {
  .create = sequence_create,
  .drop = sequence_drop,
  .alter = sequence_alter,
  .rename = sequence_rename,
};
