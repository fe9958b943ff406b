/* test-ddl-kinds.c: the DDL of schemas, extensions, collations, types,
 * routines, event triggers, views, materialized views, triggers, policies,
 * publications, default privileges, comments and privileges, from catalog
 * objects built here
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "sluice-ddl-private.h"

/* Objects */

static SluiceCatalogObject *
object_new (SluiceCatalogKind  kind,
            const char        *schema,
            const char        *parent,
            const char        *name,
            const char        *arguments,
            ...) G_GNUC_NULL_TERMINATED;

/* @...: attribute name, value pairs, NULL-terminated. */
static SluiceCatalogObject *
object_new (SluiceCatalogKind  kind,
            const char        *schema,
            const char        *parent,
            const char        *name,
            const char        *arguments,
            ...)
{
  SluiceCatalogObject *object = sluice_catalog_object_new (kind, schema, parent, name, arguments);
  const char *attribute;
  va_list args;

  va_start (args, arguments);
  while ((attribute = va_arg (args, const char *)) != NULL)
    sluice_catalog_object_set_attribute (object, attribute, va_arg (args, const char *));
  va_end (args);

  return object;
}

static SluiceCatalogObject *
object_copy (SluiceCatalogObject *object)
{
  SluiceCatalogObject *copy = sluice_catalog_object_new (sluice_catalog_object_get_kind (object),
                                                         sluice_catalog_object_get_schema (object),
                                                         sluice_catalog_object_get_parent_name (object),
                                                         sluice_catalog_object_get_name (object),
                                                         sluice_catalog_object_get_arguments (object));
  const char * const *names = sluice_catalog_object_list_attributes (object);

  for (guint i = 0; names[i] != NULL; i++)
    sluice_catalog_object_set_attribute (copy, names[i],
                                         sluice_catalog_object_get_attribute (object, names[i]));
  return copy;
}

/* Running the ops: the statements as one text, one per line. */

static char *
statements_text (SluiceDdlWriter *writer)
{
  g_autoptr(GPtrArray) statements = sluice_ddl_writer_steal (writer);
  g_autoptr(GPtrArray) deferred = sluice_ddl_writer_steal_deferred (writer);
  GString *text = g_string_new (NULL);

  g_ptr_array_extend_and_steal (statements, g_steal_pointer (&deferred));
  for (guint i = 0; i < statements->len; i++)
    {
      const SluiceDdlStatement *statement = g_ptr_array_index (statements, i);

      g_string_append_printf (text, "%s%s", i > 0 ? "\n" : "", statement->sql);
    }

  return g_string_free (text, FALSE);
}

static char *
create_sql (SluiceCatalogObject *object)
{
  SluiceDdlWriter *writer = sluice_ddl_writer_new ();
  g_autoptr(SluiceCatalog) catalog = sluice_catalog_new ();
  char *text;

  sluice_ddl_ops_for_kind (sluice_catalog_object_get_kind (object))->create (writer, catalog, object);
  text = statements_text (writer);
  sluice_ddl_writer_free (writer);
  return text;
}

static char *
drop_sql (SluiceCatalogObject *object)
{
  SluiceDdlWriter *writer = sluice_ddl_writer_new ();
  g_autoptr(SluiceCatalog) catalog = sluice_catalog_new ();
  char *text;

  sluice_ddl_ops_for_kind (sluice_catalog_object_get_kind (object))->drop (writer, catalog, object);
  text = statements_text (writer);
  sluice_ddl_writer_free (writer);
  return text;
}

static void
attribute_change_free (gpointer data)
{
  SluiceAttributeChange *change = data;

  g_free (change->name);
  g_free (change->old_value);
  g_free (change->new_value);
  g_free (change);
}

static void
add_attribute_changes (GPtrArray           *changes,
                       SluiceCatalogObject *object,
                       SluiceCatalogObject *other,
                       gboolean             object_is_from)
{
  const char * const *names = sluice_catalog_object_list_attributes (object);

  for (guint i = 0; names[i] != NULL; i++)
    {
      const char *value = sluice_catalog_object_get_attribute (object, names[i]);
      const char *other_value = sluice_catalog_object_get_attribute (other, names[i]);
      SluiceAttributeChange *change;

      if (g_strcmp0 (value, other_value) == 0 || (!object_is_from && other_value != NULL))
        continue;

      change = g_new0 (SluiceAttributeChange, 1);
      change->name = g_strdup (names[i]);
      change->old_value = g_strdup (object_is_from ? value : other_value);
      change->new_value = g_strdup (object_is_from ? other_value : value);
      g_ptr_array_add (changes, change);
    }
}

/* What the diff lists: the attributes that differ (with no IGNORE flag). */
static GPtrArray *
attribute_changes (SluiceCatalogObject *from,
                   SluiceCatalogObject *to)
{
  GPtrArray *changes = g_ptr_array_new_with_free_func (attribute_change_free);

  add_attribute_changes (changes, from, to, TRUE);
  add_attribute_changes (changes, to, from, FALSE);
  return changes;
}

static char *
alter_sql (SluiceCatalogObject  *from,
           SluiceCatalogObject  *to,
           SluiceDdlAlterResult *result)
{
  SluiceDdlWriter *writer = sluice_ddl_writer_new ();
  g_autoptr(SluiceCatalog) catalog = sluice_catalog_new ();
  SluiceObjectChange change = { SLUICE_CHANGE_CHANGED, from, to, NULL };
  char *text;

  change.attributes = attribute_changes (from, to);
  *result = sluice_ddl_ops_for_kind (sluice_catalog_object_get_kind (to))->alter (writer, catalog, from, to, &change);
  g_ptr_array_unref (change.attributes);
  text = statements_text (writer);
  sluice_ddl_writer_free (writer);
  return text;
}

static GPtrArray *
alter_statements (SluiceCatalogObject  *from,
                  SluiceCatalogObject  *to,
                  SluiceDdlAlterResult *result)
{
  SluiceDdlWriter *writer = sluice_ddl_writer_new ();
  g_autoptr(SluiceCatalog) catalog = sluice_catalog_new ();
  SluiceObjectChange change = { SLUICE_CHANGE_CHANGED, from, to, NULL };
  GPtrArray *statements;

  change.attributes = attribute_changes (from, to);
  *result = sluice_ddl_ops_for_kind (sluice_catalog_object_get_kind (to))->alter (writer, catalog, from, to, &change);
  g_ptr_array_unref (change.attributes);
  statements = sluice_ddl_writer_steal (writer);
  sluice_ddl_writer_free (writer);
  return statements;
}

static char *
acl_sql (SluiceCatalogObject *from,
         SluiceCatalogObject *to,
         const char          *sql_kind,
         const char          *sql_name)
{
  SluiceDdlWriter *writer = sluice_ddl_writer_new ();
  char *text;

  sluice_ddl_write_comment_and_acl (writer, from, to, sql_kind, sql_name);
  text = statements_text (writer);
  sluice_ddl_writer_free (writer);
  return text;
}

/* Comments, owners, privileges */

static void
test_acl_table_grants (void)
{
  g_autoptr(SluiceCatalogObject) from = object_new (SLUICE_CATALOG_TABLE, "public", NULL, "orders", NULL,
                                                    "owner", "root", NULL);
  g_autoptr(SluiceCatalogObject) to = object_new (SLUICE_CATALOG_TABLE, "public", NULL, "orders", NULL,
                                                  "owner", "root",
                                                  "acl", "{app=r*w/root,root=arwdDxt/root}", NULL);
  g_autofree char *granted = acl_sql (from, to, "TABLE", "public.orders");
  g_autofree char *revoked = acl_sql (to, from, "TABLE", "public.orders");

  g_assert_cmpstr (granted, ==,
                   "GRANT UPDATE ON TABLE public.orders TO app;\n"
                   "GRANT SELECT ON TABLE public.orders TO app WITH GRANT OPTION;");
  g_assert_cmpstr (revoked, ==, "REVOKE SELECT, UPDATE ON TABLE public.orders FROM app;");
}

static void
test_acl_grant_option_only (void)
{
  g_autoptr(SluiceCatalogObject) from = object_new (SLUICE_CATALOG_TABLE, "public", NULL, "t", NULL,
                                                    "owner", "root",
                                                    "acl", "{app=r*/root,root=arwdDxt/root}", NULL);
  g_autoptr(SluiceCatalogObject) to = object_new (SLUICE_CATALOG_TABLE, "public", NULL, "t", NULL,
                                                  "owner", "root",
                                                  "acl", "{app=r/root,root=arwdDxt/root}", NULL);
  g_autofree char *sql = acl_sql (from, to, "TABLE", "public.t");

  g_assert_cmpstr (sql, ==, "REVOKE GRANT OPTION FOR SELECT ON TABLE public.t FROM app;");
}

static void
test_acl_function_public (void)
{
  g_autoptr(SluiceCatalogObject) from = object_new (SLUICE_CATALOG_FUNCTION, "public", NULL, "f", "integer",
                                                    "owner", "root", NULL);
  g_autoptr(SluiceCatalogObject) to = object_new (SLUICE_CATALOG_FUNCTION, "public", NULL, "f", "integer",
                                                  "owner", "root",
                                                  "acl", "{root=X/root,\"\\\"Web App\\\"=X/root\"}", NULL);
  g_autofree char *sql = acl_sql (from, to, "FUNCTION", "public.f(integer)");

  g_assert_cmpstr (sql, ==,
                   "REVOKE EXECUTE ON FUNCTION public.f(integer) FROM PUBLIC;\n"
                   "GRANT EXECUTE ON FUNCTION public.f(integer) TO \"Web App\";");
}

static void
test_acl_column (void)
{
  g_autoptr(SluiceCatalogObject) from = object_new (SLUICE_CATALOG_COLUMN, "public", "users", "email", NULL,
                                                    "type", "text", NULL);
  g_autoptr(SluiceCatalogObject) to = object_new (SLUICE_CATALOG_COLUMN, "public", "users", "email", NULL,
                                                  "type", "text",
                                                  "comment", "Where we write to",
                                                  "acl", "{app=rw/root}", NULL);
  g_autofree char *sql = acl_sql (from, to, "COLUMN", "public.users.email");

  g_assert_cmpstr (sql, ==,
                   "COMMENT ON COLUMN public.users.email IS 'Where we write to';\n"
                   "GRANT SELECT (email), UPDATE (email) ON TABLE public.users TO app;");
}

static void
test_acl_owner_change (void)
{
  g_autoptr(SluiceCatalogObject) from = object_new (SLUICE_CATALOG_TABLE, "public", NULL, "t", NULL,
                                                    "owner", "alice",
                                                    "comment", "It's old",
                                                    "acl", "{alice=arwdDxt/alice,app=r/alice}", NULL);
  g_autoptr(SluiceCatalogObject) to = object_new (SLUICE_CATALOG_TABLE, "public", NULL, "t", NULL,
                                                  "owner", "bob",
                                                  "acl", "{app=r/bob,bob=arwdDxt/bob}", NULL);
  g_autofree char *sql = acl_sql (from, to, "TABLE", "public.t");

  /* The server moves alice's privileges to bob: nothing more to grant. */
  g_assert_cmpstr (sql, ==,
                   "COMMENT ON TABLE public.t IS NULL;\n"
                   "ALTER TABLE public.t OWNER TO bob;");
}

static void
test_acl_ignored_parts (void)
{
  g_autoptr(SluiceCatalogObject) from = object_new (SLUICE_CATALOG_VIEW, "public", NULL, "v", NULL,
                                                    "definition", " SELECT 1 AS one;",
                                                    "owner", "alice", "comment", "Old",
                                                    "acl", "{alice=arwdDxt/alice,app=r/alice}", NULL);
  g_autoptr(SluiceCatalogObject) to = object_new (SLUICE_CATALOG_VIEW, "public", NULL, "v", NULL,
                                                  "definition", " SELECT 1 AS one;",
                                                  "owner", "bob", "comment", "New",
                                                  "acl", "{app=r/bob,bob=arwdDxt/bob}", NULL);
  SluiceDdlWriter *writer = sluice_ddl_writer_new ();
  g_autoptr(SluiceCatalog) catalog = sluice_catalog_new ();
  SluiceObjectChange change = { SLUICE_CHANGE_CHANGED, from, to, NULL };
  g_autofree char *sql = NULL;
  g_autoptr(GPtrArray) attributes = attribute_changes (from, to);

  /* As the diff lists them with IGNORE_OWNERS and IGNORE_PRIVILEGES:
   * only the comment. */
  change.attributes = g_ptr_array_new ();
  for (guint i = 0; i < attributes->len; i++)
    {
      SluiceAttributeChange *attribute = g_ptr_array_index (attributes, i);

      if (g_str_equal (attribute->name, "comment"))
        g_ptr_array_add (change.attributes, attribute);
    }

  g_assert_cmpint (sluice_ddl_view_ops.alter (writer, catalog, from, to, &change), ==, SLUICE_DDL_ALTERED);
  g_ptr_array_unref (change.attributes);
  sql = statements_text (writer);
  sluice_ddl_writer_free (writer);
  g_assert_cmpstr (sql, ==, "COMMENT ON VIEW public.v IS 'New';");
}

static void
test_acl_new_object (void)
{
  g_autoptr(SluiceCatalogObject) schema = object_new (SLUICE_CATALOG_SCHEMA, NULL, NULL, "Sales", NULL,
                                                      "owner", "root",
                                                      "comment", "Money",
                                                      "acl", "{root=UC/root,=U/root}", NULL);
  g_autofree char *sql = create_sql (schema);

  g_assert_cmpstr (sql, ==,
                   "CREATE SCHEMA \"Sales\";\n"
                   "COMMENT ON SCHEMA \"Sales\" IS 'Money';\n"
                   "ALTER SCHEMA \"Sales\" OWNER TO root;\n"
                   "GRANT USAGE ON SCHEMA \"Sales\" TO PUBLIC;");
}

/* Schemas, extensions, collations */

static void
test_extension (void)
{
  g_autoptr(SluiceCatalogObject) from = object_new (SLUICE_CATALOG_EXTENSION, NULL, NULL, "hstore", NULL,
                                                    "version", "1.7", "schema", "public", NULL);
  g_autoptr(SluiceCatalogObject) to = object_new (SLUICE_CATALOG_EXTENSION, NULL, NULL, "hstore", NULL,
                                                  "version", "1.8", "schema", "public", NULL);
  g_autofree char *create = create_sql (to);
  g_autofree char *drop = drop_sql (to);
  g_autofree char *alter = NULL;
  SluiceDdlAlterResult result;

  g_assert_cmpstr (create, ==, "CREATE EXTENSION hstore WITH SCHEMA public VERSION '1.8';");
  g_assert_cmpstr (drop, ==, "DROP EXTENSION hstore;");
  alter = alter_sql (from, to, &result);
  g_assert_cmpint (result, ==, SLUICE_DDL_ALTERED);
  g_assert_cmpstr (alter, ==, "ALTER EXTENSION hstore UPDATE TO '1.8';");
}

static void
test_collation (void)
{
  g_autoptr(SluiceCatalogObject) icu = object_new (SLUICE_CATALOG_COLLATION, "public", NULL, "ci", NULL,
                                                   "owner", "root", "provider", "icu",
                                                   "locale", "und-u-ks-level2", "deterministic", "false", NULL);
  g_autoptr(SluiceCatalogObject) other = object_copy (icu);
  g_autofree char *create = create_sql (icu);
  g_autofree char *alter = NULL;
  SluiceDdlAlterResult result;

  g_assert_cmpstr (create, ==,
                   "CREATE COLLATION public.ci (provider = icu, locale = 'und-u-ks-level2', deterministic = false);\n"
                   "ALTER COLLATION public.ci OWNER TO root;");

  sluice_catalog_object_set_attribute (other, "deterministic", "true");
  alter = alter_sql (icu, other, &result);
  g_assert_cmpint (result, ==, SLUICE_DDL_REPLACE);
  g_assert_cmpstr (alter, ==, "");
}

/* Types */

static void
test_enum_add_value (void)
{
  g_autoptr(SluiceCatalogObject) from = object_new (SLUICE_CATALOG_TYPE, "public", NULL, "mood", NULL,
                                                    "type_kind", "enum", "labels", "'sad', 'happy'", NULL);
  g_autoptr(SluiceCatalogObject) to = object_new (SLUICE_CATALOG_TYPE, "public", NULL, "mood", NULL,
                                                  "type_kind", "enum",
                                                  "labels", "'first', 'sad', 'it''s ok', 'ok', 'happy', 'last'", NULL);
  g_autoptr(GPtrArray) statements = NULL;
  SluiceDdlAlterResult result;
  const SluiceDdlStatement *statement;

  statements = alter_statements (from, to, &result);
  g_assert_cmpint (result, ==, SLUICE_DDL_ALTERED);
  g_assert_cmpuint (statements->len, ==, 4);
  statement = g_ptr_array_index (statements, 0);
  g_assert_cmpstr (statement->sql, ==, "ALTER TYPE public.mood ADD VALUE 'first' BEFORE 'sad';");
  g_assert_true (statement->hazards & SLUICE_HAZARD_NON_TRANSACTIONAL);
  g_assert_nonnull (statement->note);
  statement = g_ptr_array_index (statements, 1);
  g_assert_cmpstr (statement->sql, ==, "ALTER TYPE public.mood ADD VALUE 'it''s ok' AFTER 'sad';");
  statement = g_ptr_array_index (statements, 2);
  g_assert_cmpstr (statement->sql, ==, "ALTER TYPE public.mood ADD VALUE 'ok' AFTER 'it''s ok';");
  statement = g_ptr_array_index (statements, 3);
  g_assert_cmpstr (statement->sql, ==, "ALTER TYPE public.mood ADD VALUE 'last' AFTER 'happy';");
}

static void
test_enum_rename_and_rebuild (void)
{
  g_autoptr(SluiceCatalogObject) from = object_new (SLUICE_CATALOG_TYPE, "public", NULL, "mood", NULL,
                                                    "type_kind", "enum", "labels", "'sad', 'happy'", NULL);
  g_autoptr(SluiceCatalogObject) renamed = object_new (SLUICE_CATALOG_TYPE, "public", NULL, "mood", NULL,
                                                       "type_kind", "enum", "labels", "'sad', 'glad'", NULL);
  g_autoptr(SluiceCatalogObject) removed = object_new (SLUICE_CATALOG_TYPE, "public", NULL, "mood", NULL,
                                                       "type_kind", "enum", "labels", "'happy'",
                                                       "comment", "Moods", NULL);
  g_autofree char *rename = NULL;
  g_autoptr(GPtrArray) rebuild = NULL;
  SluiceDdlAlterResult result;
  const SluiceDdlStatement *statement;

  rename = alter_sql (from, renamed, &result);
  g_assert_cmpint (result, ==, SLUICE_DDL_ALTERED);
  g_assert_cmpstr (rename, ==, "ALTER TYPE public.mood RENAME VALUE 'happy' TO 'glad';");

  rebuild = alter_statements (from, removed, &result);
  g_assert_cmpint (result, ==, SLUICE_DDL_ALTERED);
  g_assert_cmpuint (rebuild->len, ==, 5);
  statement = g_ptr_array_index (rebuild, 0);
  g_assert_cmpstr (statement->sql, ==, "ALTER TYPE public.mood RENAME TO mood__sluice_old;");
  statement = g_ptr_array_index (rebuild, 1);
  g_assert_cmpstr (statement->sql, ==, "CREATE TYPE public.mood AS ENUM ('happy');");
  statement = g_ptr_array_index (rebuild, 2);
  g_assert_true (g_str_has_prefix (statement->sql, "DO $sluice$"));
  g_assert_nonnull (strstr (statement->sql, "'public.mood__sluice_old'::regtype"));
  g_assert_true (statement->hazards & SLUICE_HAZARD_TABLE_REWRITE);
  statement = g_ptr_array_index (rebuild, 3);
  g_assert_cmpstr (statement->sql, ==, "DROP TYPE public.mood__sluice_old;");
  /* The new type is new: its comment is written whatever the old one had. */
  statement = g_ptr_array_index (rebuild, 4);
  g_assert_cmpstr (statement->sql, ==, "COMMENT ON TYPE public.mood IS 'Moods';");
}

static void
test_domain (void)
{
  g_autoptr(SluiceCatalogObject) from = object_new (SLUICE_CATALOG_TYPE, "public", NULL, "price", NULL,
                                                    "type_kind", "domain", "base_type", "numeric(10,2)",
                                                    "not_null", "false", NULL);
  g_autoptr(SluiceCatalogObject) to = object_new (SLUICE_CATALOG_TYPE, "public", NULL, "price", NULL,
                                                  "type_kind", "domain", "base_type", "numeric(10,2)",
                                                  "default", "0", "not_null", "true", NULL);
  g_autoptr(SluiceCatalogObject) retyped = object_copy (to);
  g_autofree char *create = create_sql (to);
  g_autofree char *drop = drop_sql (to);
  g_autofree char *alter = NULL;
  g_autofree char *back = NULL;
  g_autofree char *replace = NULL;
  SluiceDdlAlterResult result;

  g_assert_cmpstr (create, ==, "CREATE DOMAIN public.price AS numeric(10,2) DEFAULT 0 NOT NULL;");
  g_assert_cmpstr (drop, ==, "DROP DOMAIN public.price;");

  alter = alter_sql (from, to, &result);
  g_assert_cmpint (result, ==, SLUICE_DDL_ALTERED);
  g_assert_cmpstr (alter, ==,
                   "ALTER DOMAIN public.price SET DEFAULT 0;\n"
                   "ALTER DOMAIN public.price SET NOT NULL;");
  back = alter_sql (to, from, &result);
  g_assert_cmpstr (back, ==,
                   "ALTER DOMAIN public.price DROP DEFAULT;\n"
                   "ALTER DOMAIN public.price DROP NOT NULL;");

  sluice_catalog_object_set_attribute (retyped, "base_type", "numeric(12,2)");
  replace = alter_sql (to, retyped, &result);
  g_assert_cmpint (result, ==, SLUICE_DDL_REPLACE);
  g_assert_cmpstr (replace, ==, "");
}

static void
test_composite (void)
{
  g_autoptr(SluiceCatalogObject) from = object_new (SLUICE_CATALOG_TYPE, "public", NULL, "address", NULL,
                                                    "type_kind", "composite",
                                                    "attributes", "street text, zip numeric(5, 0), \"Old\" text", NULL);
  g_autoptr(SluiceCatalogObject) to = object_new (SLUICE_CATALOG_TYPE, "public", NULL, "address", NULL,
                                                  "type_kind", "composite",
                                                  "attributes", "street text COLLATE \"C\", zip numeric(5, 0), city text", NULL);
  g_autoptr(SluiceCatalogObject) reordered = object_new (SLUICE_CATALOG_TYPE, "public", NULL, "address", NULL,
                                                         "type_kind", "composite",
                                                         "attributes", "zip numeric(5, 0), street text", NULL);
  g_autofree char *create = create_sql (to);
  g_autofree char *alter = NULL;
  g_autofree char *replace = NULL;
  SluiceDdlAlterResult result;

  g_assert_cmpstr (create, ==,
                   "CREATE TYPE public.address AS (street text COLLATE \"C\", zip numeric(5, 0), city text);");
  alter = alter_sql (from, to, &result);
  g_assert_cmpint (result, ==, SLUICE_DDL_ALTERED);
  g_assert_cmpstr (alter, ==,
                   "ALTER TYPE public.address DROP ATTRIBUTE \"Old\", "
                   "ALTER ATTRIBUTE street SET DATA TYPE text COLLATE \"C\", "
                   "ADD ATTRIBUTE city text;");

  replace = alter_sql (from, reordered, &result);
  g_assert_cmpint (result, ==, SLUICE_DDL_REPLACE);
}

static void
test_range (void)
{
  g_autoptr(SluiceCatalogObject) range = object_new (SLUICE_CATALOG_TYPE, "public", NULL, "floatrange", NULL,
                                                     "type_kind", "range", "subtype", "double precision",
                                                     "subtype_diff", "float8mi",
                                                     "multirange_type_name", "public.floatmultirange", NULL);
  g_autoptr(SluiceCatalogObject) other = object_copy (range);
  g_autofree char *create = create_sql (range);
  g_autofree char *drop = drop_sql (range);
  g_autofree char *alter = NULL;
  SluiceDdlAlterResult result;

  g_assert_cmpstr (create, ==,
                   "CREATE TYPE public.floatrange AS RANGE (subtype = double precision, "
                   "subtype_diff = float8mi, multirange_type_name = public.floatmultirange);");
  g_assert_cmpstr (drop, ==, "DROP TYPE public.floatrange;");
  sluice_catalog_object_set_attribute (other, "subtype_diff", NULL);
  alter = alter_sql (range, other, &result);
  g_assert_cmpint (result, ==, SLUICE_DDL_REPLACE);
}

/* Routines and event triggers */

static const char function_definition[] =
  "CREATE OR REPLACE FUNCTION public.add(a integer, b integer DEFAULT 1)\n"
  " RETURNS integer\n"
  " LANGUAGE sql\n"
  " IMMUTABLE\n"
  "AS $function$select a + b$function$\n";

static void
test_function (void)
{
  g_autoptr(SluiceCatalogObject) from = object_new (SLUICE_CATALOG_FUNCTION, "public", NULL, "add", "integer, integer",
                                                    "arguments", "a integer, b integer DEFAULT 1",
                                                    "returns", "integer", "language", "sql",
                                                    "body", "select a + b + 0",
                                                    "definition", "CREATE OR REPLACE FUNCTION public.add(a integer, b integer DEFAULT 1)\n RETURNS integer\n LANGUAGE sql\n IMMUTABLE\nAS $function$select a + b + 0$function$\n",
                                                    "owner", "root", NULL);
  g_autoptr(SluiceCatalogObject) to = object_copy (from);
  g_autoptr(SluiceCatalogObject) retyped = NULL;
  g_autofree char *create = NULL;
  g_autofree char *drop = NULL;
  g_autofree char *alter = NULL;
  g_autofree char *replace = NULL;
  SluiceDdlAlterResult result;

  sluice_catalog_object_set_attribute (to, "body", "select a + b");
  sluice_catalog_object_set_attribute (to, "definition", function_definition);
  sluice_catalog_object_set_attribute (to, "comment", "Adds");

  create = create_sql (to);
  g_assert_cmpstr (create, ==,
                   "CREATE OR REPLACE FUNCTION public.add(a integer, b integer DEFAULT 1)\n"
                   " RETURNS integer\n LANGUAGE sql\n IMMUTABLE\nAS $function$select a + b$function$;\n"
                   "COMMENT ON FUNCTION public.add(integer, integer) IS 'Adds';\n"
                   "ALTER FUNCTION public.add(integer, integer) OWNER TO root;");
  drop = drop_sql (to);
  g_assert_cmpstr (drop, ==, "DROP FUNCTION public.add(integer, integer);");

  alter = alter_sql (from, to, &result);
  g_assert_cmpint (result, ==, SLUICE_DDL_ALTERED);
  g_assert_cmpstr (alter, ==,
                   "CREATE OR REPLACE FUNCTION public.add(a integer, b integer DEFAULT 1)\n"
                   " RETURNS integer\n LANGUAGE sql\n IMMUTABLE\nAS $function$select a + b$function$;\n"
                   "COMMENT ON FUNCTION public.add(integer, integer) IS 'Adds';");

  retyped = object_copy (to);
  sluice_catalog_object_set_attribute (retyped, "returns", "bigint");
  replace = alter_sql (to, retyped, &result);
  g_assert_cmpint (result, ==, SLUICE_DDL_REPLACE);
  g_assert_cmpstr (replace, ==, "");
}

static void
test_procedure (void)
{
  g_autoptr(SluiceCatalogObject) procedure = object_new (SLUICE_CATALOG_PROCEDURE, "ops", NULL, "purge", "",
                                                         "arguments", "", "language", "plpgsql",
                                                         "definition", "CREATE OR REPLACE PROCEDURE ops.purge()\n LANGUAGE plpgsql\nAS $procedure$begin null; end$procedure$\n",
                                                         NULL);
  g_autoptr(SluiceCatalogObject) renamed = object_new (SLUICE_CATALOG_PROCEDURE, "ops", NULL, "purge_all", "", NULL);
  g_autofree char *create = create_sql (procedure);
  g_autofree char *drop = drop_sql (procedure);
  SluiceDdlWriter *writer = sluice_ddl_writer_new ();
  g_autofree char *rename = NULL;

  g_assert_cmpstr (create, ==,
                   "CREATE OR REPLACE PROCEDURE ops.purge()\n LANGUAGE plpgsql\nAS $procedure$begin null; end$procedure$;");
  g_assert_cmpstr (drop, ==, "DROP PROCEDURE ops.purge();");

  sluice_ddl_procedure_ops.rename (writer, procedure, renamed);
  rename = statements_text (writer);
  sluice_ddl_writer_free (writer);
  g_assert_cmpstr (rename, ==, "ALTER PROCEDURE ops.purge() RENAME TO purge_all;");
}

static void
test_event_trigger (void)
{
  g_autoptr(SluiceCatalogObject) trigger = object_new (SLUICE_CATALOG_EVENT_TRIGGER, NULL, NULL, "no_drops", NULL,
                                                       "event", "sql_drop", "tags", "DROP SCHEMA, DROP TABLE",
                                                       "function", "public.forbid_drops", "enabled", "disabled",
                                                       "owner", "root", NULL);
  g_autoptr(SluiceCatalogObject) enabled = object_copy (trigger);
  g_autoptr(SluiceCatalogObject) other_event = object_copy (trigger);
  g_autofree char *create = create_sql (trigger);
  g_autofree char *alter = NULL;
  SluiceDdlAlterResult result;

  g_assert_cmpstr (create, ==,
                   "CREATE EVENT TRIGGER no_drops ON sql_drop WHEN TAG IN ('DROP SCHEMA', 'DROP TABLE') "
                   "EXECUTE FUNCTION public.forbid_drops();\n"
                   "ALTER EVENT TRIGGER no_drops DISABLE;\n"
                   "ALTER EVENT TRIGGER no_drops OWNER TO root;");

  sluice_catalog_object_set_attribute (enabled, "enabled", "always");
  alter = alter_sql (trigger, enabled, &result);
  g_assert_cmpint (result, ==, SLUICE_DDL_ALTERED);
  g_assert_cmpstr (alter, ==, "ALTER EVENT TRIGGER no_drops ENABLE ALWAYS;");

  sluice_catalog_object_set_attribute (other_event, "event", "ddl_command_end");
  g_clear_pointer (&alter, g_free);
  alter = alter_sql (trigger, other_event, &result);
  g_assert_cmpint (result, ==, SLUICE_DDL_REPLACE);
}

/* Views, materialized views, triggers */

static void
test_view (void)
{
  g_autoptr(SluiceCatalogObject) from = object_new (SLUICE_CATALOG_VIEW, "public", NULL, "active", NULL,
                                                    "definition", " SELECT u.id,\n    u.name AS label\n   FROM users u\n  WHERE u.active;",
                                                    NULL);
  g_autoptr(SluiceCatalogObject) filtered = object_new (SLUICE_CATALOG_VIEW, "public", NULL, "active", NULL,
                                                        "definition", " SELECT u.id,\n    u.name AS label,\n    u.email\n   FROM users u\n  WHERE u.active AND u.id > 0;",
                                                        "options", "security_barrier=true", NULL);
  g_autoptr(SluiceCatalogObject) reshaped = object_new (SLUICE_CATALOG_VIEW, "public", NULL, "active", NULL,
                                                        "definition", " SELECT u.id\n   FROM users u;", NULL);
  g_autoptr(SluiceCatalogObject) optioned = object_copy (from);
  g_autofree char *create = create_sql (filtered);
  g_autofree char *drop = drop_sql (filtered);
  g_autofree char *alter = NULL;
  g_autofree char *replace = NULL;
  g_autofree char *options = NULL;
  SluiceDdlAlterResult result;

  g_assert_cmpstr (create, ==,
                   "CREATE VIEW public.active WITH (security_barrier=true) AS\n"
                   " SELECT u.id,\n    u.name AS label,\n    u.email\n   FROM users u\n  WHERE u.active AND u.id > 0;");
  g_assert_cmpstr (drop, ==, "DROP VIEW public.active;");

  alter = alter_sql (from, filtered, &result);
  g_assert_cmpint (result, ==, SLUICE_DDL_ALTERED);
  g_assert_cmpstr (alter, ==,
                   "CREATE OR REPLACE VIEW public.active WITH (security_barrier=true) AS\n"
                   " SELECT u.id,\n    u.name AS label,\n    u.email\n   FROM users u\n  WHERE u.active AND u.id > 0;");

  replace = alter_sql (from, reshaped, &result);
  g_assert_cmpint (result, ==, SLUICE_DDL_REPLACE);

  /* The email column goes: replaced, whatever the options. */
  sluice_catalog_object_set_attribute (optioned, "options", "check_option=local, security_invoker=true");
  options = alter_sql (filtered, optioned, &result);
  g_assert_cmpint (result, ==, SLUICE_DDL_REPLACE);

  g_clear_pointer (&options, g_free);
  options = alter_sql (from, optioned, &result);
  g_assert_cmpint (result, ==, SLUICE_DDL_ALTERED);
  g_assert_cmpstr (options, ==,
                   "ALTER VIEW public.active SET (check_option=local, security_invoker=true);");
}

static void
test_materialized_view (void)
{
  g_autoptr(SluiceCatalogObject) view = object_new (SLUICE_CATALOG_MATERIALIZED_VIEW, "public", NULL, "totals", NULL,
                                                    "definition", " SELECT count(*) AS n\n   FROM orders;",
                                                    "populated", "false", NULL);
  g_autoptr(SluiceCatalogObject) populated = object_copy (view);
  g_autoptr(SluiceCatalogObject) redefined = object_copy (view);
  g_autofree char *create = create_sql (view);
  g_autoptr(GPtrArray) drop = NULL;
  g_autofree char *alter = NULL;
  SluiceDdlAlterResult result;
  SluiceDdlWriter *writer = sluice_ddl_writer_new ();
  g_autoptr(SluiceCatalog) catalog = sluice_catalog_new ();
  const SluiceDdlStatement *statement;

  g_assert_cmpstr (create, ==,
                   "CREATE MATERIALIZED VIEW public.totals AS\n SELECT count(*) AS n\n   FROM orders\nWITH NO DATA;");

  sluice_ddl_materialized_view_ops.drop (writer, catalog, view);
  drop = sluice_ddl_writer_steal (writer);
  sluice_ddl_writer_free (writer);
  g_assert_cmpuint (drop->len, ==, 1);
  statement = g_ptr_array_index (drop, 0);
  g_assert_cmpstr (statement->sql, ==, "DROP MATERIALIZED VIEW public.totals;");
  g_assert_true (statement->hazards & SLUICE_HAZARD_DATA_LOSS);

  sluice_catalog_object_set_attribute (populated, "populated", "true");
  alter = alter_sql (view, populated, &result);
  g_assert_cmpint (result, ==, SLUICE_DDL_ALTERED);
  g_assert_cmpstr (alter, ==, "REFRESH MATERIALIZED VIEW public.totals;");

  sluice_catalog_object_set_attribute (redefined, "definition", " SELECT 1 AS n;");
  g_clear_pointer (&alter, g_free);
  alter = alter_sql (view, redefined, &result);
  g_assert_cmpint (result, ==, SLUICE_DDL_REPLACE);
}

static void
test_trigger (void)
{
  g_autoptr(SluiceCatalogObject) trigger = object_new (SLUICE_CATALOG_TRIGGER, "public", "orders", "audit", NULL,
                                                       "definition", "CREATE TRIGGER audit AFTER INSERT ON public.orders FOR EACH ROW EXECUTE FUNCTION public.log()",
                                                       "enabled", "replica", "constraint", "false", NULL);
  g_autoptr(SluiceCatalogObject) changed = object_copy (trigger);
  g_autoptr(SluiceCatalogObject) clone = object_copy (trigger);
  g_autoptr(SluiceCatalogObject) constraint = object_new (SLUICE_CATALOG_TRIGGER, "public", "orders", "check_it", NULL,
                                                          "definition", "CREATE CONSTRAINT TRIGGER check_it AFTER INSERT ON public.orders DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION public.check()",
                                                          "enabled", "origin", "constraint", "true", NULL);
  g_autoptr(SluiceCatalogObject) constraint_changed = object_copy (constraint);
  g_autofree char *create = create_sql (trigger);
  g_autofree char *drop = drop_sql (trigger);
  g_autofree char *alter = NULL;
  g_autofree char *clone_sql = NULL;
  SluiceDdlAlterResult result;

  g_assert_cmpstr (create, ==,
                   "CREATE TRIGGER audit AFTER INSERT ON public.orders FOR EACH ROW EXECUTE FUNCTION public.log();\n"
                   "ALTER TABLE public.orders ENABLE REPLICA TRIGGER audit;");
  g_assert_cmpstr (drop, ==, "DROP TRIGGER audit ON public.orders;");

  sluice_catalog_object_set_attribute (changed, "definition",
                                       "CREATE TRIGGER audit AFTER INSERT OR UPDATE ON public.orders FOR EACH ROW EXECUTE FUNCTION public.log()");
  sluice_catalog_object_set_attribute (changed, "enabled", "disabled");
  alter = alter_sql (trigger, changed, &result);
  g_assert_cmpint (result, ==, SLUICE_DDL_ALTERED);
  g_assert_cmpstr (alter, ==,
                   "CREATE OR REPLACE TRIGGER audit AFTER INSERT OR UPDATE ON public.orders FOR EACH ROW EXECUTE FUNCTION public.log();\n"
                   "ALTER TABLE public.orders DISABLE TRIGGER audit;");

  sluice_catalog_object_set_attribute (constraint_changed, "definition",
                                       "CREATE CONSTRAINT TRIGGER check_it AFTER UPDATE ON public.orders NOT DEFERRABLE INITIALLY IMMEDIATE FOR EACH ROW EXECUTE FUNCTION public.check()");
  g_clear_pointer (&alter, g_free);
  alter = alter_sql (constraint, constraint_changed, &result);
  g_assert_cmpint (result, ==, SLUICE_DDL_REPLACE);

  sluice_catalog_object_set_attribute (clone, "local", "false");
  clone_sql = create_sql (clone);
  g_assert_cmpstr (clone_sql, ==, "");
}

/* Policies, publications, default privileges */

static void
test_policy (void)
{
  g_autoptr(SluiceCatalogObject) policy = object_new (SLUICE_CATALOG_POLICY, "public", "docs", "own_rows", NULL,
                                                      "command", "select", "permissive", "true",
                                                      "roles", "public", "using", "(owner = CURRENT_USER)", NULL);
  g_autoptr(SluiceCatalogObject) changed = object_copy (policy);
  g_autoptr(SluiceCatalogObject) restrictive = object_copy (policy);
  g_autofree char *create = create_sql (policy);
  g_autofree char *drop = drop_sql (policy);
  g_autofree char *alter = NULL;
  SluiceDdlAlterResult result;

  g_assert_cmpstr (create, ==,
                   "CREATE POLICY own_rows ON public.docs AS PERMISSIVE FOR SELECT TO PUBLIC USING ((owner = CURRENT_USER));");
  g_assert_cmpstr (drop, ==, "DROP POLICY own_rows ON public.docs;");

  sluice_catalog_object_set_attribute (changed, "roles", "\"Reporting\", app");
  sluice_catalog_object_set_attribute (changed, "using", "true");
  alter = alter_sql (policy, changed, &result);
  g_assert_cmpint (result, ==, SLUICE_DDL_ALTERED);
  g_assert_cmpstr (alter, ==, "ALTER POLICY own_rows ON public.docs TO \"Reporting\", app USING (true);");

  sluice_catalog_object_set_attribute (restrictive, "permissive", "false");
  g_clear_pointer (&alter, g_free);
  alter = alter_sql (policy, restrictive, &result);
  g_assert_cmpint (result, ==, SLUICE_DDL_REPLACE);
}

static void
test_publication (void)
{
  g_autoptr(SluiceCatalogObject) from = object_new (SLUICE_CATALOG_PUBLICATION, NULL, NULL, "feed", NULL,
                                                    "all_tables", "false", "publish", "insert, update, delete, truncate",
                                                    "via_root", "false", "tables", "public.orders", NULL);
  g_autoptr(SluiceCatalogObject) to = object_new (SLUICE_CATALOG_PUBLICATION, NULL, NULL, "feed", NULL,
                                                  "all_tables", "false", "publish", "insert",
                                                  "via_root", "true",
                                                  "tables", "public.orders (id, total) WHERE (total > 0), public.users",
                                                  "schemas", "sales", NULL);
  g_autofree char *create = create_sql (to);
  g_autofree char *alter = NULL;
  SluiceDdlAlterResult result;

  g_assert_cmpstr (create, ==,
                   "CREATE PUBLICATION feed FOR TABLE public.orders (id, total) WHERE (total > 0), "
                   "TABLE public.users, TABLES IN SCHEMA sales "
                   "WITH (publish = 'insert', publish_via_partition_root = true);");
  alter = alter_sql (from, to, &result);
  g_assert_cmpint (result, ==, SLUICE_DDL_ALTERED);
  g_assert_cmpstr (alter, ==,
                   "ALTER PUBLICATION feed SET TABLE public.orders (id, total) WHERE (total > 0), "
                   "TABLE public.users, TABLES IN SCHEMA sales;\n"
                   "ALTER PUBLICATION feed SET (publish = 'insert', publish_via_partition_root = true);");
}

static void
test_default_privileges (void)
{
  g_autoptr(SluiceCatalogObject) global = object_new (SLUICE_CATALOG_DEFAULT_PRIVILEGES, NULL, NULL, "root:functions", NULL,
                                                      "acl", "{root=X/root}", NULL);
  g_autoptr(SluiceCatalogObject) in_schema = object_new (SLUICE_CATALOG_DEFAULT_PRIVILEGES, "sales", NULL, "root:tables", NULL,
                                                         "acl", "{app=r/root,audit=arwd/root}", NULL);
  g_autoptr(SluiceCatalogObject) in_schema_after = object_new (SLUICE_CATALOG_DEFAULT_PRIVILEGES, "sales", NULL, "root:tables", NULL,
                                                               "acl", "{app=rw/root}", NULL);
  g_autofree char *create_global = create_sql (global);
  g_autofree char *drop_global = drop_sql (global);
  g_autofree char *create_in_schema = create_sql (in_schema);
  g_autofree char *alter = NULL;
  SluiceDdlAlterResult result;

  g_assert_cmpstr (create_global, ==,
                   "ALTER DEFAULT PRIVILEGES FOR ROLE root REVOKE EXECUTE ON FUNCTIONS FROM PUBLIC;");
  g_assert_cmpstr (drop_global, ==,
                   "ALTER DEFAULT PRIVILEGES FOR ROLE root GRANT EXECUTE ON FUNCTIONS TO PUBLIC;");
  g_assert_cmpstr (create_in_schema, ==,
                   "ALTER DEFAULT PRIVILEGES FOR ROLE root IN SCHEMA sales GRANT SELECT ON TABLES TO app;\n"
                   "ALTER DEFAULT PRIVILEGES FOR ROLE root IN SCHEMA sales GRANT INSERT, SELECT, UPDATE, DELETE ON TABLES TO audit;");
  alter = alter_sql (in_schema, in_schema_after, &result);
  g_assert_cmpint (result, ==, SLUICE_DDL_ALTERED);
  g_assert_cmpstr (alter, ==,
                   "ALTER DEFAULT PRIVILEGES FOR ROLE root IN SCHEMA sales GRANT UPDATE ON TABLES TO app;\n"
                   "ALTER DEFAULT PRIVILEGES FOR ROLE root IN SCHEMA sales REVOKE INSERT, SELECT, UPDATE, DELETE ON TABLES FROM audit;");
}

/* One database before and after a migration that renamed a column: the
 * views over it read the new name, nothing to rebuild. */
static void
test_views_same_database (void)
{
  g_autoptr(SluiceCatalogObject) view_from = object_new (SLUICE_CATALOG_VIEW, "public", NULL, "v", NULL,
                                                         "definition", " SELECT t.old_name\n   FROM public.t;", NULL);
  g_autoptr(SluiceCatalogObject) view_to = object_new (SLUICE_CATALOG_VIEW, "public", NULL, "v", NULL,
                                                       "definition", " SELECT t.new_name AS old_name\n   FROM public.t;", NULL);
  g_autoptr(SluiceCatalogObject) matview_from = object_new (SLUICE_CATALOG_MATERIALIZED_VIEW, "public", NULL, "m", NULL,
                                                            "definition", " SELECT t.old_name\n   FROM public.t;",
                                                            "populated", "true", NULL);
  g_autoptr(SluiceCatalogObject) matview_to = object_new (SLUICE_CATALOG_MATERIALIZED_VIEW, "public", NULL, "m", NULL,
                                                          "definition", " SELECT t.new_name AS old_name\n   FROM public.t;",
                                                          "populated", "true", NULL);
  g_autoptr(SluiceCatalog) catalog = sluice_catalog_new ();
  SluiceDdlWriter *writer = sluice_ddl_writer_new ();
  SluiceObjectChange change = { SLUICE_CHANGE_CHANGED, view_from, view_to, NULL };
  g_autofree char *sql = NULL;
  g_autofree char *cross = NULL;
  SluiceDdlAlterResult result;

  /* Across databases the expressions must match: replaced. */
  cross = alter_sql (view_from, view_to, &result);
  g_assert_cmpint (result, ==, SLUICE_DDL_REPLACE);

  sluice_catalog_object_set_oid (view_from, 16500, 0);
  sluice_catalog_object_set_oid (view_to, 16500, 0);
  sluice_catalog_object_set_oid (matview_from, 16501, 0);
  sluice_catalog_object_set_oid (matview_to, 16501, 0);
  sluice_ddl_writer_set_match_oids (writer, TRUE);

  change.attributes = attribute_changes (view_from, view_to);
  result = sluice_ddl_view_ops.alter (writer, catalog, view_from, view_to, &change);
  g_ptr_array_unref (change.attributes);
  g_assert_cmpint (result, ==, SLUICE_DDL_ALTERED);

  change.from_object = matview_from;
  change.to_object = matview_to;
  change.attributes = attribute_changes (matview_from, matview_to);
  result = sluice_ddl_materialized_view_ops.alter (writer, catalog, matview_from, matview_to, &change);
  g_ptr_array_unref (change.attributes);
  g_assert_cmpint (result, ==, SLUICE_DDL_ALTERED);

  sql = statements_text (writer);
  sluice_ddl_writer_free (writer);
  g_assert_cmpstr (sql, ==,
                   "CREATE OR REPLACE VIEW public.v AS\n SELECT t.new_name AS old_name\n   FROM public.t;");
}

/* Renames (a snapshot before and after a migration of one database). */

static char *
rename_sql (SluiceCatalogObject *from,
            SluiceCatalogObject *to)
{
  SluiceDdlWriter *writer = sluice_ddl_writer_new ();
  char *text;

  sluice_ddl_ops_for_kind (sluice_catalog_object_get_kind (to))->rename (writer, from, to);
  text = statements_text (writer);
  sluice_ddl_writer_free (writer);
  return text;
}

static void
test_renames (void)
{
  g_autoptr(SluiceCatalogObject) schema_from = object_new (SLUICE_CATALOG_SCHEMA, NULL, NULL, "old", NULL, NULL);
  g_autoptr(SluiceCatalogObject) schema_to = object_new (SLUICE_CATALOG_SCHEMA, NULL, NULL, "New Name", NULL, NULL);
  g_autoptr(SluiceCatalogObject) type_from = object_new (SLUICE_CATALOG_TYPE, "public", NULL, "mood", NULL, NULL);
  g_autoptr(SluiceCatalogObject) type_to = object_new (SLUICE_CATALOG_TYPE, "app", NULL, "feeling", NULL, NULL);
  g_autoptr(SluiceCatalogObject) view_from = object_new (SLUICE_CATALOG_VIEW, "public", NULL, "v", NULL, NULL);
  g_autoptr(SluiceCatalogObject) view_to = object_new (SLUICE_CATALOG_VIEW, "public", NULL, "v2", NULL, NULL);
  g_autoptr(SluiceCatalogObject) function_from = object_new (SLUICE_CATALOG_FUNCTION, "public", NULL, "f", "integer", NULL);
  g_autoptr(SluiceCatalogObject) function_to = object_new (SLUICE_CATALOG_FUNCTION, "app", NULL, "g", "integer", NULL);
  g_autoptr(SluiceCatalogObject) trigger_from = object_new (SLUICE_CATALOG_TRIGGER, "public", "t", "a", NULL, NULL);
  g_autoptr(SluiceCatalogObject) trigger_to = object_new (SLUICE_CATALOG_TRIGGER, "public", "t", "b", NULL, NULL);
  g_autoptr(SluiceCatalogObject) policy_from = object_new (SLUICE_CATALOG_POLICY, "public", "t", "p", NULL, NULL);
  g_autoptr(SluiceCatalogObject) policy_to = object_new (SLUICE_CATALOG_POLICY, "public", "t", "q", NULL, NULL);
  g_autofree char *schema = rename_sql (schema_from, schema_to);
  g_autofree char *type = rename_sql (type_from, type_to);
  g_autofree char *view = rename_sql (view_from, view_to);
  g_autofree char *function = rename_sql (function_from, function_to);
  g_autofree char *trigger = rename_sql (trigger_from, trigger_to);
  g_autofree char *policy = rename_sql (policy_from, policy_to);

  g_assert_cmpstr (schema, ==, "ALTER SCHEMA old RENAME TO \"New Name\";");
  g_assert_cmpstr (type, ==,
                   "ALTER TYPE public.mood SET SCHEMA app;\n"
                   "ALTER TYPE app.mood RENAME TO feeling;");
  g_assert_cmpstr (view, ==, "ALTER VIEW public.v RENAME TO v2;");
  g_assert_cmpstr (function, ==,
                   "ALTER FUNCTION public.f(integer) SET SCHEMA app;\n"
                   "ALTER FUNCTION app.f(integer) RENAME TO g;");
  g_assert_cmpstr (trigger, ==, "ALTER TRIGGER a ON public.t RENAME TO b;");
  g_assert_cmpstr (policy, ==, "ALTER POLICY p ON public.t RENAME TO q;");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/ddl-kinds/acl/table-grants", test_acl_table_grants);
  g_test_add_func ("/ddl-kinds/acl/grant-option-only", test_acl_grant_option_only);
  g_test_add_func ("/ddl-kinds/acl/function-public", test_acl_function_public);
  g_test_add_func ("/ddl-kinds/acl/column", test_acl_column);
  g_test_add_func ("/ddl-kinds/acl/owner-change", test_acl_owner_change);
  g_test_add_func ("/ddl-kinds/acl/new-object", test_acl_new_object);
  g_test_add_func ("/ddl-kinds/acl/ignored-parts", test_acl_ignored_parts);
  g_test_add_func ("/ddl-kinds/extension", test_extension);
  g_test_add_func ("/ddl-kinds/collation", test_collation);
  g_test_add_func ("/ddl-kinds/type/enum-add-value", test_enum_add_value);
  g_test_add_func ("/ddl-kinds/type/enum-rename-and-rebuild", test_enum_rename_and_rebuild);
  g_test_add_func ("/ddl-kinds/type/domain", test_domain);
  g_test_add_func ("/ddl-kinds/type/composite", test_composite);
  g_test_add_func ("/ddl-kinds/type/range", test_range);
  g_test_add_func ("/ddl-kinds/function", test_function);
  g_test_add_func ("/ddl-kinds/procedure", test_procedure);
  g_test_add_func ("/ddl-kinds/event-trigger", test_event_trigger);
  g_test_add_func ("/ddl-kinds/view", test_view);
  g_test_add_func ("/ddl-kinds/materialized-view", test_materialized_view);
  g_test_add_func ("/ddl-kinds/trigger", test_trigger);
  g_test_add_func ("/ddl-kinds/policy", test_policy);
  g_test_add_func ("/ddl-kinds/publication", test_publication);
  g_test_add_func ("/ddl-kinds/default-privileges", test_default_privileges);
  g_test_add_func ("/ddl-kinds/renames", test_renames);
  g_test_add_func ("/ddl-kinds/views-same-database", test_views_same_database);

  return g_test_run ();
}
