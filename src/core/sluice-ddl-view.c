/* sluice-ddl-view.c: the DDL of views, materialized views and triggers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <pg_query.h>
#include <string.h>

#include "sluice-ddl-private.h"
#include "sluice-sql-quote.h"

/* A view's query without the blanks and ';' pg_get_viewdef() ends it
 * with. */
static char *
view_query (SluiceCatalogObject *object)
{
  const char *definition = sluice_ddl_attribute (object, "definition");
  char *text;
  gsize length;

  text = g_strdup (definition != NULL ? definition : "");
  length = strlen (text);
  while (length > 0 && (g_ascii_isspace (text[length - 1]) || text[length - 1] == ';'))
    text[--length] = '\0';

  return text;
}

/* " WITH (check_option=local, security_barrier=true)" or "". */
static char *
with_options (SluiceCatalogObject *object)
{
  const char *options = sluice_ddl_attribute (object, "options");

  if (options == NULL || options[0] == '\0')
    return g_strdup ("");
  return g_strdup_printf (" WITH (%s)", options);
}

/* The "name=value" items of an options attribute, by name. */
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
      const char *equal = strchr (items[i], '=');

      if (equal == NULL)
        g_hash_table_replace (table, g_strdup (items[i]), g_strdup ("true"));
      else
        g_hash_table_replace (table, g_strndup (items[i], equal - items[i]), g_strdup (equal + 1));
    }

  return table;
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

/* ALTER VIEW/MATERIALIZED VIEW ... RESET (gone options), then SET (new
 * or changed ones). */
static void
write_option_changes (SluiceDdlWriter     *writer,
                      const char          *sql_kind,
                      SluiceCatalogObject *from,
                      SluiceCatalogObject *to,
                      SluiceLockMode       lock)
{
  g_autoptr(GHashTable) old = parse_options (sluice_ddl_attribute (from, "options"));
  g_autoptr(GHashTable) new = parse_options (sluice_ddl_attribute (to, "options"));
  g_autoptr(GString) reset = g_string_new (NULL);
  g_autoptr(GString) set = g_string_new (NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  const char *sql_name = sluice_catalog_object_get_sql_name (to);
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_iter_init (&iter, old);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    if (!g_hash_table_contains (new, key))
      g_ptr_array_add (names, key);
  g_ptr_array_sort (names, compare_strings);
  for (guint i = 0; i < names->len; i++)
    g_string_append_printf (reset, "%s%s", reset->len > 0 ? ", " : "",
                            (const char *) g_ptr_array_index (names, i));

  g_ptr_array_set_size (names, 0);
  g_hash_table_iter_init (&iter, new);
  while (g_hash_table_iter_next (&iter, &key, &value))
    if (g_strcmp0 (g_hash_table_lookup (old, key), value) != 0)
      g_ptr_array_add (names, key);
  g_ptr_array_sort (names, compare_strings);
  for (guint i = 0; i < names->len; i++)
    {
      const char *name = g_ptr_array_index (names, i);

      g_string_append_printf (set, "%s%s=%s", set->len > 0 ? ", " : "", name,
                              (const char *) g_hash_table_lookup (new, name));
    }

  if (reset->len > 0)
    sluice_ddl_writer_add (writer, sluice_ddl_identity_of (to), SLUICE_HAZARD_NONE, lock, sql_name,
                           NULL, "ALTER %s %s RESET (%s)", sql_kind, sql_name, reset->str);
  if (set->len > 0)
    sluice_ddl_writer_add (writer, sluice_ddl_identity_of (to), SLUICE_HAZARD_NONE, lock, sql_name,
                           NULL, "ALTER %s %s SET (%s)", sql_kind, sql_name, set->str);
}

/* VIEWS */

/* The output columns of a query, as libpg_query parses it: for each, its
 * name and its expression's parse tree without token locations.  NULL
 * when the query is not a plain SELECT whose names are all known (a set
 * operation, "*" left in ...). */
typedef struct
{
  GPtrArray *names;
  GPtrArray *expressions;
} QueryColumns;

static void
query_columns_free (QueryColumns *columns)
{
  g_ptr_array_unref (columns->names);
  g_ptr_array_unref (columns->expressions);
  g_free (columns);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (QueryColumns, query_columns_free)

static char *
column_ref_name (JsonObject *val)
{
  JsonObject *column_ref;
  JsonArray *fields;
  JsonObject *last;
  JsonObject *string;

  if (!json_object_has_member (val, "ColumnRef"))
    return NULL;

  column_ref = json_object_get_object_member (val, "ColumnRef");
  if (column_ref == NULL || !json_object_has_member (column_ref, "fields"))
    return NULL;
  fields = json_object_get_array_member (column_ref, "fields");
  if (json_array_get_length (fields) == 0)
    return NULL;

  last = json_array_get_object_element (fields, json_array_get_length (fields) - 1);
  if (last == NULL || !json_object_has_member (last, "String"))
    return NULL;
  string = json_object_get_object_member (last, "String");
  if (json_object_has_member (string, "sval"))
    return g_strdup (json_object_get_string_member (string, "sval"));
  if (json_object_has_member (string, "str"))
    return g_strdup (json_object_get_string_member (string, "str"));
  return NULL;
}

static QueryColumns *
query_columns_parse (const char *query)
{
  PgQueryParseResult result = pg_query_parse (query);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GRegex) locations = g_regex_new ("\"location\":-?[0-9]+,?", 0, 0, NULL);
  g_autoptr(QueryColumns) columns = NULL;
  JsonObject *root;
  JsonArray *statements;
  JsonObject *select;
  JsonArray *targets;

  if (result.error != NULL || result.parse_tree == NULL ||
      !json_parser_load_from_data (parser, result.parse_tree, -1, NULL))
    {
      pg_query_free_parse_result (result);
      return NULL;
    }
  pg_query_free_parse_result (result);

  root = json_node_get_object (json_parser_get_root (parser));
  statements = json_object_get_array_member (root, "stmts");
  if (statements == NULL || json_array_get_length (statements) != 1)
    return NULL;
  select = json_object_get_object_member (json_array_get_object_element (statements, 0), "stmt");
  if (select == NULL || !json_object_has_member (select, "SelectStmt"))
    return NULL;
  select = json_object_get_object_member (select, "SelectStmt");
  if (!json_object_has_member (select, "targetList"))
    return NULL;
  targets = json_object_get_array_member (select, "targetList");

  columns = g_new0 (QueryColumns, 1);
  columns->names = g_ptr_array_new_with_free_func (g_free);
  columns->expressions = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < json_array_get_length (targets); i++)
    {
      JsonObject *target = json_array_get_object_element (targets, i);
      JsonObject *val;
      g_autofree char *name = NULL;
      g_autofree char *text = NULL;

      if (target == NULL || !json_object_has_member (target, "ResTarget"))
        return NULL;
      target = json_object_get_object_member (target, "ResTarget");
      val = json_object_has_member (target, "val") ? json_object_get_object_member (target, "val") : NULL;
      if (val == NULL)
        return NULL;

      if (json_object_has_member (target, "name"))
        name = g_strdup (json_object_get_string_member (target, "name"));
      else
        name = column_ref_name (val);
      if (name == NULL)
        return NULL;

      text = json_to_string (json_object_get_member (target, "val"), FALSE);
      g_ptr_array_add (columns->names, g_steal_pointer (&name));
      g_ptr_array_add (columns->expressions,
                       g_regex_replace_literal (locations, text, -1, 0, "", 0, NULL));
    }

  return g_steal_pointer (&columns);
}

/* Two snapshots of one database (SLUICE_DIFF_MATCH_OIDS) and one OID on
 * both sides: the same relation, whose deparsed query may differ only
 * because something it reads was renamed, or was replaced in place. */
static gboolean
same_relation (SluiceDdlWriter     *writer,
               SluiceCatalogObject *from,
               SluiceCatalogObject *to)
{
  guint32 oid = sluice_catalog_object_get_oid (from);

  return sluice_ddl_writer_get_match_oids (writer) && oid != 0 &&
         oid == sluice_catalog_object_get_oid (to);
}

/* CREATE OR REPLACE VIEW keeps the columns a view had, in their order,
 * names and types, and may add some at the end.  The types are not in the
 * catalog for views, so this asks for more: each old column's expression
 * unchanged (the same parse tree), new ones only after them.  Except for
 * one view seen twice in one database (@same_relation): its columns kept
 * their types unless a column under it was retyped, and then the diff
 * rebuilds it anyway; the names are enough. */
static gboolean
view_columns_compatible (SluiceCatalogObject *from,
                         SluiceCatalogObject *to,
                         gboolean             same_relation)
{
  g_autofree char *old_query = view_query (from);
  g_autofree char *new_query = view_query (to);
  g_autoptr(QueryColumns) old = query_columns_parse (old_query);
  g_autoptr(QueryColumns) new = query_columns_parse (new_query);

  if (old == NULL || new == NULL || new->names->len < old->names->len)
    return FALSE;

  for (guint i = 0; i < old->names->len; i++)
    {
      if (!g_str_equal (g_ptr_array_index (old->names, i), g_ptr_array_index (new->names, i)))
        return FALSE;
      if (!same_relation &&
          !g_str_equal (g_ptr_array_index (old->expressions, i), g_ptr_array_index (new->expressions, i)))
        return FALSE;
    }

  return TRUE;
}

static void
write_view (SluiceDdlWriter     *writer,
            SluiceCatalogObject *object,
            gboolean             replace)
{
  const char *sql_name = sluice_catalog_object_get_sql_name (object);
  g_autofree char *options = with_options (object);
  g_autofree char *query = view_query (object);

  sluice_ddl_writer_add (writer, sluice_ddl_identity_of (object),
                         replace ? SLUICE_HAZARD_BACKWARD_INCOMPATIBLE : SLUICE_HAZARD_NONE,
                         replace ? SLUICE_LOCK_ACCESS_EXCLUSIVE : SLUICE_LOCK_NONE,
                         replace ? sql_name : NULL, NULL,
                         "CREATE %sVIEW %s%s AS\n%s", replace ? "OR REPLACE " : "",
                         sql_name, options, query);
}

static void
view_create (SluiceDdlWriter     *writer,
             SluiceCatalog       *catalog,
             SluiceCatalogObject *object)
{
  write_view (writer, object, FALSE);
  sluice_ddl_write_comment_and_acl (writer, NULL, object, "VIEW",
                                    sluice_catalog_object_get_sql_name (object));
}

static void
view_drop (SluiceDdlWriter     *writer,
           SluiceCatalog       *catalog,
           SluiceCatalogObject *object)
{
  const char *sql_name = sluice_catalog_object_get_sql_name (object);

  sluice_ddl_writer_add (writer, sluice_ddl_identity_of (object), SLUICE_HAZARD_BACKWARD_INCOMPATIBLE,
                         SLUICE_LOCK_ACCESS_EXCLUSIVE, sql_name, NULL,
                         "DROP VIEW %s", sql_name);
}

static SluiceDdlAlterResult
view_alter (SluiceDdlWriter          *writer,
            SluiceCatalog            *to_catalog,
            SluiceCatalogObject      *from,
            SluiceCatalogObject      *to,
            const SluiceObjectChange *change)
{
  if (sluice_ddl_attribute_changed (from, to, "definition"))
    {
      if (!view_columns_compatible (from, to, same_relation (writer, from, to)))
        return SLUICE_DDL_REPLACE;

      /* Its WITH list replaces the view's options too. */
      write_view (writer, to, TRUE);
    }
  else if (sluice_ddl_attribute_changed (from, to, "options"))
    write_option_changes (writer, "VIEW", from, to, SLUICE_LOCK_ACCESS_EXCLUSIVE);

  sluice_ddl_write_comment_and_acl_changes (writer, change, "VIEW",
                                            sluice_catalog_object_get_sql_name (to));
  return SLUICE_DDL_ALTERED;
}

static void
view_rename (SluiceDdlWriter     *writer,
             SluiceCatalogObject *from,
             SluiceCatalogObject *to)
{
  sluice_ddl_write_schema_object_rename (writer, "VIEW", from, to,
                                         SLUICE_LOCK_ACCESS_EXCLUSIVE, NULL,
                                         _("Queries that name the old name stop working."));
}

const SluiceDdlKindOps sluice_ddl_view_ops = {
  view_create,
  view_drop,
  view_alter,
  view_rename,
};

/* MATERIALIZED VIEWS */

static void
materialized_view_create (SluiceDdlWriter     *writer,
                          SluiceCatalog       *catalog,
                          SluiceCatalogObject *object)
{
  const char *sql_name = sluice_catalog_object_get_sql_name (object);
  g_autofree char *options = with_options (object);
  g_autofree char *query = view_query (object);
  gboolean populated = sluice_catalog_object_get_boolean (object, "populated");

  sluice_ddl_writer_add (writer, sluice_ddl_identity_of (object), SLUICE_HAZARD_NONE,
                         SLUICE_LOCK_NONE, NULL,
                         populated ? _("Runs the query to fill the materialized view.") : NULL,
                         "CREATE MATERIALIZED VIEW %s%s AS\n%s\nWITH %sDATA",
                         sql_name, options, query, populated ? "" : "NO ");
  sluice_ddl_write_comment_and_acl (writer, NULL, object, "MATERIALIZED VIEW", sql_name);
}

static void
materialized_view_drop (SluiceDdlWriter     *writer,
                        SluiceCatalog       *catalog,
                        SluiceCatalogObject *object)
{
  const char *sql_name = sluice_catalog_object_get_sql_name (object);

  sluice_ddl_writer_add (writer, sluice_ddl_identity_of (object),
                         SLUICE_HAZARD_DATA_LOSS | SLUICE_HAZARD_BACKWARD_INCOMPATIBLE,
                         SLUICE_LOCK_ACCESS_EXCLUSIVE, sql_name,
                         _("Its rows are gone until the materialized view is created and refreshed again."),
                         "DROP MATERIALIZED VIEW %s", sql_name);
}

static SluiceDdlAlterResult
materialized_view_alter (SluiceDdlWriter          *writer,
                         SluiceCatalog            *to_catalog,
                         SluiceCatalogObject      *from,
                         SluiceCatalogObject      *to,
                         const SluiceObjectChange *change)
{
  const char *sql_name = sluice_catalog_object_get_sql_name (to);

  /* A materialized view's query cannot be replaced in place, so one seen
   * with the same OID in two snapshots of one database has the same
   * query: its text differs only by the names of what it reads, renamed
   * in between (and renamed in this script too). */
  if (sluice_ddl_attribute_changed (from, to, "definition") && !same_relation (writer, from, to))
    return SLUICE_DDL_REPLACE;

  if (sluice_ddl_attribute_changed (from, to, "options"))
    write_option_changes (writer, "MATERIALIZED VIEW", from, to, SLUICE_LOCK_ACCESS_EXCLUSIVE);

  if (sluice_catalog_object_get_boolean (from, "populated") != sluice_catalog_object_get_boolean (to, "populated"))
    {
      gboolean populated = sluice_catalog_object_get_boolean (to, "populated");

      sluice_ddl_writer_add (writer, sluice_ddl_identity_of (to),
                             populated ? SLUICE_HAZARD_NONE : SLUICE_HAZARD_DATA_LOSS,
                             SLUICE_LOCK_ACCESS_EXCLUSIVE, sql_name,
                             populated ? _("Runs the query while blocking reads of the materialized view.")
                                       : _("Empties the materialized view: reading it fails until it is refreshed."),
                             "REFRESH MATERIALIZED VIEW %s%s", sql_name,
                             populated ? "" : " WITH NO DATA");
    }

  sluice_ddl_write_comment_and_acl_changes (writer, change, "MATERIALIZED VIEW", sql_name);
  return SLUICE_DDL_ALTERED;
}

static void
materialized_view_rename (SluiceDdlWriter     *writer,
                          SluiceCatalogObject *from,
                          SluiceCatalogObject *to)
{
  sluice_ddl_write_schema_object_rename (writer, "MATERIALIZED VIEW", from, to,
                                         SLUICE_LOCK_ACCESS_EXCLUSIVE, NULL,
                                         _("Queries that name the old name stop working."));
}

const SluiceDdlKindOps sluice_ddl_materialized_view_ops = {
  materialized_view_create,
  materialized_view_drop,
  materialized_view_alter,
  materialized_view_rename,
};

/* TRIGGERS
 *
 * A partition's clone of its parent's trigger ("local" false) comes and
 * goes with the parent's: nothing is written for it. */

static gboolean
trigger_is_clone (SluiceCatalogObject *object)
{
  const char *local = sluice_ddl_attribute (object, "local");

  return local != NULL && g_str_equal (local, "false");
}

static char *
trigger_table (SluiceCatalogObject *object)
{
  return sluice_quote_qualified_name (sluice_catalog_object_get_schema (object),
                                      sluice_catalog_object_get_parent_name (object));
}

static void
write_trigger_enabled (SluiceDdlWriter     *writer,
                       SluiceCatalogObject *object)
{
  const char *enabled = sluice_ddl_attribute (object, "enabled");
  g_autofree char *table = trigger_table (object);
  g_autofree char *name = sluice_quote_identifier (sluice_catalog_object_get_name (object));
  const char *action = "ENABLE";

  if (g_strcmp0 (enabled, "disabled") == 0)
    action = "DISABLE";
  else if (g_strcmp0 (enabled, "replica") == 0)
    action = "ENABLE REPLICA";
  else if (g_strcmp0 (enabled, "always") == 0)
    action = "ENABLE ALWAYS";

  sluice_ddl_writer_add (writer, sluice_ddl_identity_of (object), SLUICE_HAZARD_NONE,
                         SLUICE_LOCK_SHARE_ROW_EXCLUSIVE, table, NULL,
                         "ALTER TABLE %s %s TRIGGER %s", table, action, name);
}

static void
write_trigger_definition (SluiceDdlWriter     *writer,
                          SluiceCatalogObject *object,
                          gboolean             replace)
{
  const char *definition = sluice_ddl_attribute (object, "definition");
  g_autofree char *table = trigger_table (object);

  if (definition == NULL)
    {
      g_warning ("%s has no definition, not written", sluice_ddl_identity_of (object));
      return;
    }

  if (replace && g_str_has_prefix (definition, "CREATE TRIGGER "))
    sluice_ddl_writer_add (writer, sluice_ddl_identity_of (object), SLUICE_HAZARD_NONE,
                           SLUICE_LOCK_SHARE_ROW_EXCLUSIVE, table, NULL,
                           "CREATE OR REPLACE TRIGGER %s", definition + strlen ("CREATE TRIGGER "));
  else
    sluice_ddl_writer_add (writer, sluice_ddl_identity_of (object), SLUICE_HAZARD_NONE,
                           SLUICE_LOCK_SHARE_ROW_EXCLUSIVE, table, NULL, "%s", definition);
}

static void
trigger_create (SluiceDdlWriter     *writer,
                SluiceCatalog       *catalog,
                SluiceCatalogObject *object)
{
  const char *enabled = sluice_ddl_attribute (object, "enabled");
  g_autofree char *name = NULL;

  if (trigger_is_clone (object))
    return;

  write_trigger_definition (writer, object, FALSE);
  if (enabled != NULL && !g_str_equal (enabled, "origin"))
    write_trigger_enabled (writer, object);

  name = sluice_quote_identifier (sluice_catalog_object_get_name (object));
  sluice_ddl_write_comment_and_acl (writer, NULL, object, "TRIGGER", name);
}

static void
trigger_drop (SluiceDdlWriter     *writer,
              SluiceCatalog       *catalog,
              SluiceCatalogObject *object)
{
  g_autofree char *table = NULL;
  g_autofree char *name = NULL;

  if (trigger_is_clone (object))
    return;

  table = trigger_table (object);
  name = sluice_quote_identifier (sluice_catalog_object_get_name (object));
  sluice_ddl_writer_add (writer, sluice_ddl_identity_of (object), SLUICE_HAZARD_BACKWARD_INCOMPATIBLE,
                         SLUICE_LOCK_ACCESS_EXCLUSIVE, table, NULL,
                         "DROP TRIGGER %s ON %s", name, table);
}

static SluiceDdlAlterResult
trigger_alter (SluiceDdlWriter          *writer,
               SluiceCatalog            *to_catalog,
               SluiceCatalogObject      *from,
               SluiceCatalogObject      *to,
               const SluiceObjectChange *change)
{
  g_autofree char *name = NULL;
  gboolean replaced = FALSE;

  if (trigger_is_clone (to))
    return SLUICE_DDL_ALTERED;
  if (trigger_is_clone (from))
    return SLUICE_DDL_REPLACE;

  if (sluice_ddl_attribute_changed (from, to, "definition") || sluice_ddl_attribute_changed (from, to, "constraint"))
    {
      /* CREATE OR REPLACE TRIGGER (PostgreSQL 14) does not take
       * constraint triggers. */
      if (sluice_catalog_object_get_boolean (from, "constraint") ||
          sluice_catalog_object_get_boolean (to, "constraint"))
        return SLUICE_DDL_REPLACE;
      write_trigger_definition (writer, to, TRUE);
      replaced = TRUE;
    }

  /* A replaced trigger is enabled again, whatever it was. */
  if (sluice_ddl_attribute_changed (from, to, "enabled") ||
      (replaced && g_strcmp0 (sluice_ddl_attribute (to, "enabled"), "origin") != 0))
    write_trigger_enabled (writer, to);

  name = sluice_quote_identifier (sluice_catalog_object_get_name (to));
  sluice_ddl_write_comment_and_acl_changes (writer, change, "TRIGGER", name);
  return SLUICE_DDL_ALTERED;
}

static void
trigger_rename (SluiceDdlWriter     *writer,
                SluiceCatalogObject *from,
                SluiceCatalogObject *to)
{
  g_autofree char *table = trigger_table (to);
  g_autofree char *old_name = sluice_quote_identifier (sluice_catalog_object_get_name (from));
  g_autofree char *new_name = sluice_quote_identifier (sluice_catalog_object_get_name (to));

  if (trigger_is_clone (to) || g_str_equal (old_name, new_name))
    return;

  sluice_ddl_writer_add (writer, sluice_ddl_identity_of (to), SLUICE_HAZARD_NONE,
                         SLUICE_LOCK_ACCESS_EXCLUSIVE, table, NULL,
                         "ALTER TRIGGER %s ON %s RENAME TO %s", old_name, table, new_name);
}

const SluiceDdlKindOps sluice_ddl_trigger_ops = {
  trigger_create,
  trigger_drop,
  trigger_alter,
  trigger_rename,
};
