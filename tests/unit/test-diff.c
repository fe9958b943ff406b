/* test-diff.c: SluiceDiff over catalogs built in code: matching, renames by
 * OID, ignore flags, the order and hazards of the DDL, the summary
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "sluice.h"

/* Adds an object to @catalog with "name", "value" attribute pairs. */
static SluiceCatalogObject *
add_object (SluiceCatalog     *catalog,
            SluiceCatalogKind  kind,
            const char        *schema,
            const char        *parent,
            const char        *name,
            ...)
{
  g_autoptr(SluiceCatalogObject) object = sluice_catalog_object_new (kind, schema, parent, name, NULL);
  const char *attribute;
  va_list args;

  va_start (args, name);
  while ((attribute = va_arg (args, const char *)) != NULL)
    sluice_catalog_object_set_attribute (object, attribute, va_arg (args, const char *));
  va_end (args);

  g_assert_true (sluice_catalog_add (catalog, object));
  return object;
}

static SluiceCatalogObject *
add_table (SluiceCatalog *catalog,
           const char    *name)
{
  return add_object (catalog, SLUICE_CATALOG_TABLE, "public", NULL, name,
                     "relkind", "table", "persistence", "permanent", "owner", "app",
                     "row_security", "false", "force_row_security", "false",
                     "replica_identity", "default", NULL);
}

static SluiceCatalogObject *
add_column (SluiceCatalog *catalog,
            const char    *table,
            const char    *name,
            const char    *type)
{
  return add_object (catalog, SLUICE_CATALOG_COLUMN, "public", table, name,
                     "type", type, "not_null", "false", NULL);
}

/* The index of the first statement containing @needle; fails when none. */
static guint
statement_index (GPtrArray  *statements,
                 const char *needle)
{
  for (guint i = 0; i < statements->len; i++)
    {
      const SluiceDdlStatement *statement = g_ptr_array_index (statements, i);

      if (strstr (statement->sql, needle) != NULL)
        return i;
    }

  g_error ("no statement contains \"%s\"", needle);
  return G_MAXUINT;
}

static const SluiceDdlStatement *
find_statement (GPtrArray  *statements,
                const char *needle)
{
  return g_ptr_array_index (statements, statement_index (statements, needle));
}

static void
test_added_removed_changed (void)
{
  g_autoptr(SluiceCatalog) from = sluice_catalog_new ();
  g_autoptr(SluiceCatalog) to = sluice_catalog_new ();
  g_autoptr(SluiceDiff) diff = NULL;
  const SluiceObjectChange *change;
  const SluiceAttributeChange *attribute;
  GPtrArray *changes;

  add_table (from, "orders");
  add_column (from, "orders", "id", "integer");
  add_column (from, "orders", "note", "text");
  add_table (from, "legacy");

  add_table (to, "orders");
  add_column (to, "orders", "id", "bigint");
  add_column (to, "orders", "note", "text");
  add_column (to, "orders", "created_at", "timestamp with time zone");
  add_table (to, "customers");

  diff = sluice_diff_new (from, to, 0);
  g_assert_false (sluice_diff_is_empty (diff));
  changes = sluice_diff_get_changes (diff);
  g_assert_cmpuint (changes->len, ==, 4);

  /* Ordered like a catalog: tables (by identity), then columns. */
  change = g_ptr_array_index (changes, 0);
  g_assert_cmpint (change->kind, ==, SLUICE_CHANGE_ADDED);
  g_assert_null (change->from_object);
  g_assert_cmpstr (sluice_catalog_object_get_identity (change->to_object), ==, "table public.customers");

  change = g_ptr_array_index (changes, 1);
  g_assert_cmpint (change->kind, ==, SLUICE_CHANGE_REMOVED);
  g_assert_null (change->to_object);
  g_assert_cmpstr (sluice_catalog_object_get_identity (change->from_object), ==, "table public.legacy");

  change = g_ptr_array_index (changes, 2);
  g_assert_cmpint (change->kind, ==, SLUICE_CHANGE_ADDED);
  g_assert_cmpstr (sluice_catalog_object_get_identity (change->to_object), ==, "column public.orders.created_at");

  change = g_ptr_array_index (changes, 3);
  g_assert_cmpint (change->kind, ==, SLUICE_CHANGE_CHANGED);
  g_assert_cmpuint (change->attributes->len, ==, 1);
  attribute = g_ptr_array_index (change->attributes, 0);
  g_assert_cmpstr (attribute->name, ==, "type");
  g_assert_cmpstr (attribute->old_value, ==, "integer");
  g_assert_cmpstr (attribute->new_value, ==, "bigint");

  g_assert_true (sluice_diff_lookup (diff, "column public.orders.id") == change);
  g_assert_nonnull (sluice_diff_lookup (diff, "table public.legacy"));
  g_assert_null (sluice_diff_lookup (diff, "column public.orders.note"));
  g_assert_null (sluice_diff_lookup (diff, "table public.nothing"));

  g_assert_cmpstr (sluice_change_kind_to_string (SLUICE_CHANGE_RENAMED), ==, "renamed");
}

static void
test_equal_catalogs (void)
{
  g_autoptr(SluiceCatalog) from = sluice_catalog_new ();
  g_autoptr(SluiceCatalog) to = sluice_catalog_new ();
  g_autoptr(SluiceDiff) diff = NULL;
  g_autofree char *summary = NULL;
  g_autofree char *sql = NULL;

  add_table (from, "t");
  add_column (from, "t", "a", "integer");
  add_table (to, "t");
  add_column (to, "t", "a", "integer");

  diff = sluice_diff_new (from, to, 0);
  g_assert_true (sluice_diff_is_empty (diff));
  g_assert_cmpuint (sluice_diff_get_statements (diff)->len, ==, 0);
  summary = sluice_diff_describe (diff);
  g_assert_cmpstr (summary, ==, "no object changed");
  sql = sluice_diff_to_sql (diff, FALSE);
  g_assert_cmpstr (sql, ==, "");
}

static void
test_ignore_flags (void)
{
  g_autoptr(SluiceCatalog) from = sluice_catalog_new ();
  g_autoptr(SluiceCatalog) to = sluice_catalog_new ();
  g_autoptr(SluiceDiff) strict = NULL;
  g_autoptr(SluiceDiff) lenient = NULL;
  g_autoptr(SluiceDiff) owners_only = NULL;
  SluiceCatalogObject *table;
  SluiceCatalogObject *privileges;
  const SluiceObjectChange *change;

  table = add_table (from, "t");
  sluice_catalog_object_set_attribute (table, "acl", "{app=arwdDxt/app,reader=r/app}");
  sluice_catalog_object_set_attribute (table, "comment", "old words");
  privileges = add_object (from, SLUICE_CATALOG_DEFAULT_PRIVILEGES, NULL, NULL, "app:tables",
                          "acl", "{reader=r/app}", NULL);

  table = add_table (to, "t");
  sluice_catalog_object_set_attribute (table, "owner", "someone_else");
  sluice_catalog_object_set_attribute (table, "comment", "new words");

  strict = sluice_diff_new (from, to, 0);
  change = sluice_diff_lookup (strict, "table public.t");
  g_assert_nonnull (change);
  g_assert_cmpuint (change->attributes->len, ==, 3);
  g_assert_cmpstr (((SluiceAttributeChange *) g_ptr_array_index (change->attributes, 0))->name, ==, "acl");
  g_assert_cmpstr (((SluiceAttributeChange *) g_ptr_array_index (change->attributes, 1))->name, ==, "comment");
  g_assert_cmpstr (((SluiceAttributeChange *) g_ptr_array_index (change->attributes, 2))->name, ==, "owner");
  g_assert_null (((SluiceAttributeChange *) g_ptr_array_index (change->attributes, 0))->new_value);
  g_assert_nonnull (sluice_diff_lookup (strict, sluice_catalog_object_get_identity (privileges)));

  lenient = sluice_diff_new (from, to, SLUICE_DIFF_IGNORE_OWNERS | SLUICE_DIFF_IGNORE_PRIVILEGES |
                                       SLUICE_DIFF_IGNORE_COMMENTS);
  g_assert_true (sluice_diff_is_empty (lenient));

  owners_only = sluice_diff_new (from, to, SLUICE_DIFF_IGNORE_OWNERS);
  change = sluice_diff_lookup (owners_only, "table public.t");
  g_assert_nonnull (change);
  g_assert_cmpuint (change->attributes->len, ==, 2);
}

/* No statement contains @needle. */
static void
assert_no_statement (GPtrArray  *statements,
                     const char *needle)
{
  for (guint i = 0; i < statements->len; i++)
    {
      const SluiceDdlStatement *statement = g_ptr_array_index (statements, i);

      if (strstr (statement->sql, needle) != NULL)
        g_error ("statement \"%s\" contains \"%s\"", statement->sql, needle);
    }
}

/* The IGNORE flags hold for the statements too, also when something else
 * of the same table, column or sequence makes the diff alter it. */
static void
test_ignore_flags_statements (void)
{
  g_autoptr(SluiceCatalog) from = sluice_catalog_new ();
  g_autoptr(SluiceCatalog) to = sluice_catalog_new ();
  g_autoptr(SluiceCatalog) owner_from = sluice_catalog_new ();
  g_autoptr(SluiceCatalog) owner_to = sluice_catalog_new ();
  g_autoptr(SluiceDiff) diff = NULL;
  g_autoptr(SluiceDiff) owner_strict = NULL;
  g_autoptr(SluiceDiff) owner_ignored = NULL;
  SluiceCatalogObject *table;
  SluiceCatalogObject *column;
  GPtrArray *statements;

  table = add_table (from, "t");
  sluice_catalog_object_set_attribute (table, "acl", "{app=arwdDxt/app,reader=r/app}");
  column = add_column (from, "t", "id", "integer");
  sluice_catalog_object_set_attribute (column, "acl", "{reader=r/app}");
  add_object (from, SLUICE_CATALOG_SEQUENCE, "public", NULL, "s", "owner", "app", "data_type", "bigint",
              "start", "1", "increment", "1", "min", "1", "max", "9223372036854775807",
              "cache", "1", "cycle", "false", NULL);

  table = add_table (to, "t");
  sluice_catalog_object_set_attribute (table, "owner", "someone_else");
  sluice_catalog_object_set_attribute (table, "row_security", "true");
  column = add_column (to, "t", "id", "integer");
  sluice_catalog_object_set_attribute (column, "comment", "the key");
  add_object (to, SLUICE_CATALOG_SEQUENCE, "public", NULL, "s", "owner", "someone_else", "data_type", "bigint",
              "start", "1", "increment", "5", "min", "1", "max", "9223372036854775807",
              "cache", "1", "cycle", "false", NULL);

  diff = sluice_diff_new (from, to, SLUICE_DIFF_IGNORE_OWNERS | SLUICE_DIFF_IGNORE_PRIVILEGES);
  statements = sluice_diff_get_statements (diff);
  /* What is not ignored is still written... */
  find_statement (statements, "ENABLE ROW LEVEL SECURITY");
  find_statement (statements, "COMMENT ON COLUMN");
  find_statement (statements, "INCREMENT BY 5");
  /* ...and nothing of owners and privileges. */
  assert_no_statement (statements, "OWNER TO");
  assert_no_statement (statements, "GRANT");
  assert_no_statement (statements, "REVOKE");

  /* A table whose owner alone differs: OWNER TO, unless owners are ignored. */
  add_table (owner_from, "t");
  sluice_catalog_object_set_attribute (add_table (owner_to, "t"), "owner", "someone_else");
  owner_strict = sluice_diff_new (owner_from, owner_to, 0);
  find_statement (sluice_diff_get_statements (owner_strict), "OWNER TO");
  owner_ignored = sluice_diff_new (owner_from, owner_to, SLUICE_DIFF_IGNORE_OWNERS);
  g_assert_true (sluice_diff_is_empty (owner_ignored));
  g_assert_cmpuint (sluice_diff_get_statements (owner_ignored)->len, ==, 0);
}

static void
test_renamed_by_oid (void)
{
  g_autoptr(SluiceCatalog) from = sluice_catalog_new ();
  g_autoptr(SluiceCatalog) to = sluice_catalog_new ();
  g_autoptr(SluiceDiff) by_identity = NULL;
  g_autoptr(SluiceDiff) by_oid = NULL;
  const SluiceObjectChange *change;
  GPtrArray *statements;
  g_autofree char *summary = NULL;

  sluice_catalog_object_set_oid (add_table (from, "clients"), 16400, 0);
  sluice_catalog_object_set_oid (add_column (from, "clients", "id", "integer"), 16400, 1);
  sluice_catalog_object_set_oid (add_column (from, "clients", "mail", "text"), 16400, 2);
  sluice_catalog_object_set_oid (add_object (from, SLUICE_CATALOG_INDEX, "public", "clients", "clients_mail_idx",
                                             "method", "btree", "key", "mail", "unique", "false", "valid", "true",
                                             "definition", "CREATE INDEX clients_mail_idx ON public.clients USING btree (mail)",
                                             NULL), 16410, 0);

  sluice_catalog_object_set_oid (add_table (to, "customers"), 16400, 0);
  sluice_catalog_object_set_oid (add_column (to, "customers", "id", "integer"), 16400, 1);
  sluice_catalog_object_set_oid (add_column (to, "customers", "email", "text"), 16400, 2);
  sluice_catalog_object_set_oid (add_object (to, SLUICE_CATALOG_INDEX, "public", "customers", "customers_email_idx",
                                             "method", "btree", "key", "email", "unique", "false", "valid", "true",
                                             "definition", "CREATE INDEX customers_email_idx ON public.customers USING btree (email)",
                                             NULL), 16410, 0);

  /* Across databases a rename is a drop and a create. */
  by_identity = sluice_diff_new (from, to, 0);
  change = sluice_diff_lookup (by_identity, "table public.clients");
  g_assert_nonnull (change);
  g_assert_cmpint (change->kind, ==, SLUICE_CHANGE_REMOVED);

  by_oid = sluice_diff_new (from, to, SLUICE_DIFF_MATCH_OIDS);
  change = sluice_diff_lookup (by_oid, "table public.customers");
  g_assert_nonnull (change);
  g_assert_cmpint (change->kind, ==, SLUICE_CHANGE_RENAMED);
  g_assert_true (sluice_diff_lookup (by_oid, "table public.clients") == change);
  g_assert_cmpuint (change->attributes->len, ==, 0);

  change = sluice_diff_lookup (by_oid, "column public.customers.email");
  g_assert_nonnull (change);
  g_assert_cmpint (change->kind, ==, SLUICE_CHANGE_RENAMED);
  g_assert_cmpstr (sluice_catalog_object_get_name (change->from_object), ==, "mail");

  /* The id column only moved with its table: renamed, yet no RENAME
   * COLUMN; the index is renamed, not rebuilt, though its key and
   * definition name the new column. */
  change = sluice_diff_lookup (by_oid, "column public.customers.id");
  g_assert_nonnull (change);
  g_assert_cmpint (change->kind, ==, SLUICE_CHANGE_RENAMED);

  statements = sluice_diff_get_statements (by_oid);
  g_assert_cmpuint (statements->len, ==, 3);
  g_assert_cmpstr (((SluiceDdlStatement *) g_ptr_array_index (statements, 0))->sql, ==,
                   "ALTER TABLE public.clients RENAME TO customers;");
  g_assert_cmpstr (((SluiceDdlStatement *) g_ptr_array_index (statements, 1))->sql, ==,
                   "ALTER TABLE public.customers RENAME COLUMN mail TO email;");
  g_assert_cmpstr (((SluiceDdlStatement *) g_ptr_array_index (statements, 2))->sql, ==,
                   "ALTER INDEX public.clients_mail_idx RENAME TO customers_email_idx;");
  g_assert_true (((SluiceDdlStatement *) g_ptr_array_index (statements, 0))->hazards & SLUICE_HAZARD_BACKWARD_INCOMPATIBLE);

  summary = sluice_diff_describe (by_oid);
  g_assert_cmpstr (summary, ==, "renamed 1 table, 1 column, 1 index; no other object changed");
}

/* Two databases may give one OID to different objects: without
 * MATCH_OIDS an equal OID means nothing, and a changed index is made
 * again. */
static void
test_oids_of_two_databases (void)
{
  g_autoptr(SluiceCatalog) from = sluice_catalog_new ();
  g_autoptr(SluiceCatalog) to = sluice_catalog_new ();
  g_autoptr(SluiceDiff) diff = NULL;
  GPtrArray *statements;

  add_table (from, "tokens");
  add_column (from, "tokens", "value", "text");
  sluice_catalog_object_set_oid (add_object (from, SLUICE_CATALOG_INDEX, "public", "tokens", "tokens_value_idx",
                                             "method", "btree", "key", "value",
                                             "definition", "CREATE INDEX tokens_value_idx ON public.tokens USING btree (value)",
                                             NULL), 16390, 0);
  add_table (to, "tokens");
  add_column (to, "tokens", "value", "text");
  sluice_catalog_object_set_oid (add_object (to, SLUICE_CATALOG_INDEX, "public", "tokens", "tokens_value_idx",
                                             "method", "hash", "key", "value",
                                             "definition", "CREATE INDEX tokens_value_idx ON public.tokens USING hash (value)",
                                             NULL), 16390, 0);

  diff = sluice_diff_new (from, to, 0);
  statements = sluice_diff_get_statements (diff);
  g_assert_cmpuint (statements->len, ==, 2);
  g_assert_cmpstr (((SluiceDdlStatement *) g_ptr_array_index (statements, 0))->sql, ==,
                   "DROP INDEX CONCURRENTLY IF EXISTS public.tokens_value_idx;");
  g_assert_cmpstr (((SluiceDdlStatement *) g_ptr_array_index (statements, 1))->sql, ==,
                   "CREATE INDEX CONCURRENTLY tokens_value_idx ON public.tokens USING hash (value);");
}

static void
test_view_over_retyped_column (void)
{
  g_autoptr(SluiceCatalog) from = sluice_catalog_new ();
  g_autoptr(SluiceCatalog) to = sluice_catalog_new ();
  g_autoptr(SluiceDiff) diff = NULL;
  SluiceCatalogObject *view;
  GPtrArray *statements;
  guint drop_outer, drop_inner, retype, create_inner, create_outer;
  const SluiceDdlStatement *statement;

  for (guint i = 0; i < 2; i++)
    {
      SluiceCatalog *catalog = i == 0 ? from : to;

      add_table (catalog, "accounts");
      add_column (catalog, "accounts", "id", "integer");
      add_column (catalog, "accounts", "balance", i == 0 ? "integer" : "numeric(12,2)");
      view = add_object (catalog, SLUICE_CATALOG_VIEW, "public", NULL, "rich",
                         "owner", "app",
                         "definition", " SELECT accounts.id, accounts.balance\n   FROM accounts\n  WHERE accounts.balance > 1000;",
                         NULL);
      sluice_catalog_object_add_dependency (view, "column public.accounts.balance");
      sluice_catalog_object_add_dependency (view, "column public.accounts.id");
      /* A view over the view: rebuilt too. */
      view = add_object (catalog, SLUICE_CATALOG_VIEW, "public", NULL, "richest",
                         "owner", "app",
                         "definition", " SELECT rich.id\n   FROM rich\n  ORDER BY rich.balance DESC\n LIMIT 10;",
                         NULL);
      sluice_catalog_object_add_dependency (view, "view public.rich");
      /* An unrelated view stays. */
      view = add_object (catalog, SLUICE_CATALOG_VIEW, "public", NULL, "ids",
                         "owner", "app",
                         "definition", " SELECT accounts.id\n   FROM accounts;",
                         NULL);
      sluice_catalog_object_add_dependency (view, "column public.accounts.id");
    }

  diff = sluice_diff_new (from, to, 0);
  g_assert_cmpuint (sluice_diff_get_changes (diff)->len, ==, 1);

  statements = sluice_diff_get_statements (diff);
  drop_outer = statement_index (statements, "DROP VIEW public.richest");
  drop_inner = statement_index (statements, "DROP VIEW public.rich;");
  retype = statement_index (statements, "ALTER COLUMN balance TYPE numeric(12,2)");
  create_inner = statement_index (statements, "VIEW public.rich AS");
  create_outer = statement_index (statements, "VIEW public.richest AS");

  g_assert_cmpuint (drop_outer, <, drop_inner);
  g_assert_cmpuint (drop_inner, <, retype);
  g_assert_cmpuint (retype, <, create_inner);
  g_assert_cmpuint (create_inner, <, create_outer);

  for (guint i = 0; i < statements->len; i++)
    g_assert_null (strstr (((SluiceDdlStatement *) g_ptr_array_index (statements, i))->sql, "public.ids"));

  statement = g_ptr_array_index (statements, retype);
  g_assert_true (statement->hazards & SLUICE_HAZARD_TABLE_REWRITE);
  g_assert_cmpint (statement->lock, ==, SLUICE_LOCK_ACCESS_EXCLUSIVE);
  g_assert_cmpstr (statement->locked_table, ==, "public.accounts");
  /* integer -> numeric is an assignment cast: no USING. */
  g_assert_null (strstr (statement->sql, "USING"));
}

static void
test_hazards_and_safe_forms (void)
{
  g_autoptr(SluiceCatalog) from = sluice_catalog_new ();
  g_autoptr(SluiceCatalog) to = sluice_catalog_new ();
  g_autoptr(SluiceDiff) diff = NULL;
  g_autofree char *sql = NULL;
  g_autofree char *transactional = NULL;
  g_auto(GStrv) names = NULL;
  const SluiceDdlStatement *statement;
  GPtrArray *statements;
  guint add_fk, validate_fk, create_table;

  add_table (from, "users");
  add_column (from, "users", "id", "integer");
  add_column (from, "users", "email", "character varying(100)");
  add_column (from, "users", "legacy", "text");
  add_column (from, "users", "plan_id", "integer");

  add_table (to, "users");
  add_column (to, "users", "id", "integer");
  add_column (to, "users", "email", "character varying(200)");
  sluice_catalog_object_set_attribute (add_column (to, "users", "plan_id", "integer"), "not_null", "true");
  add_object (to, SLUICE_CATALOG_INDEX, "public", "users", "users_email_idx",
              "method", "btree", "key", "email", "unique", "false", "valid", "true",
              "definition", "CREATE INDEX users_email_idx ON public.users USING btree (email)", NULL);
  add_object (to, SLUICE_CATALOG_CONSTRAINT, "public", "users", "users_plan_fkey",
              "type", "foreign", "validated", "true",
              "definition", "FOREIGN KEY (plan_id) REFERENCES public.plans(id) ON DELETE RESTRICT", NULL);
  add_object (to, SLUICE_CATALOG_CONSTRAINT, "public", "users", "users_email_key",
              "type", "unique", "validated", "true", "definition", "UNIQUE (email)", NULL);
  add_table (to, "plans");
  add_column (to, "plans", "id", "integer");
  add_object (to, SLUICE_CATALOG_CONSTRAINT, "public", "plans", "plans_pkey",
              "type", "primary", "validated", "true", "definition", "PRIMARY KEY (id)", NULL);

  diff = sluice_diff_new (from, to, 0);
  statements = sluice_diff_get_statements (diff);

  statement = find_statement (statements, "DROP COLUMN legacy");
  g_assert_cmpint (statement->hazards, ==, SLUICE_HAZARD_DATA_LOSS | SLUICE_HAZARD_BACKWARD_INCOMPATIBLE);
  g_assert_cmpstr (statement->identity, ==, "column public.users.legacy");

  /* varchar(100) -> varchar(200) keeps the rows as they are. */
  statement = find_statement (statements, "TYPE character varying(200)");
  g_assert_false (statement->hazards & SLUICE_HAZARD_TABLE_REWRITE);

  statement = find_statement (statements, "SET NOT NULL");
  g_assert_true (statement->hazards & SLUICE_HAZARD_FULL_SCAN);
  g_assert_nonnull (statement->note);

  statement = find_statement (statements, "CREATE INDEX CONCURRENTLY users_email_idx ON public.users");
  g_assert_cmpint (statement->hazards, ==, SLUICE_HAZARD_NON_TRANSACTIONAL);
  g_assert_cmpint (statement->lock, ==, SLUICE_LOCK_SHARE_UPDATE_EXCLUSIVE);

  /* A new table's key is made at once; the foreign key of a live table is
   * added NOT VALID after every table, then validated. */
  create_table = statement_index (statements, "CREATE TABLE public.plans");
  statement = find_statement (statements, "ADD CONSTRAINT plans_pkey PRIMARY KEY (id);");
  g_assert_cmpint (statement->hazards, ==, SLUICE_HAZARD_NONE);
  add_fk = statement_index (statements, "ADD CONSTRAINT users_plan_fkey FOREIGN KEY (plan_id) REFERENCES public.plans(id) ON DELETE RESTRICT NOT VALID;");
  validate_fk = statement_index (statements, "ALTER TABLE public.users VALIDATE CONSTRAINT users_plan_fkey;");
  g_assert_cmpuint (create_table, <, add_fk);
  g_assert_cmpuint (add_fk, <, validate_fk);
  g_assert_cmpuint (statement_index (statements, "ADD CONSTRAINT plans_pkey"), <, add_fk);
  g_assert_cmpuint (validate_fk, ==, statements->len - 1);
  statement = g_ptr_array_index (statements, add_fk);
  g_assert_cmpint (statement->lock, ==, SLUICE_LOCK_SHARE_ROW_EXCLUSIVE);
  statement = g_ptr_array_index (statements, validate_fk);
  g_assert_cmpint (statement->lock, ==, SLUICE_LOCK_SHARE_UPDATE_EXCLUSIVE);
  g_assert_cmpint (statement->hazards, ==, SLUICE_HAZARD_FULL_SCAN);

  /* A key of a live table: its index built CONCURRENTLY, then adopted. */
  g_assert_cmpuint (statement_index (statements, "CREATE UNIQUE INDEX CONCURRENTLY users_email_key ON public.users (email);"), <,
                    statement_index (statements, "ALTER TABLE public.users ADD CONSTRAINT users_email_key UNIQUE USING INDEX users_email_key;"));

  sql = sluice_diff_to_sql (diff, FALSE);
  g_assert_nonnull (strstr (sql, "-- hazards: non_transactional; lock: SHARE UPDATE EXCLUSIVE on public.users\n"));
  g_assert_nonnull (strstr (sql, "CREATE INDEX CONCURRENTLY users_email_idx"));

  transactional = sluice_diff_to_sql (diff, TRUE);
  g_assert_null (strstr (transactional, "INDEX CONCURRENTLY"));
  g_assert_nonnull (strstr (transactional, "-- hazards: blocking_index_build; lock: SHARE on public.users\n"));
  g_assert_nonnull (strstr (transactional, "\nCREATE INDEX users_email_idx ON public.users USING btree (email);\n"));

  names = sluice_hazards_to_strv (SLUICE_HAZARD_DATA_LOSS | SLUICE_HAZARD_PRIVILEGES);
  g_assert_cmpuint (g_strv_length (names), ==, 2);
  g_assert_cmpstr (names[0], ==, "data_loss");
  g_assert_cmpstr (names[1], ==, "privileges");
  g_assert_nonnull (sluice_hazard_get_label (SLUICE_HAZARD_TABLE_REWRITE));
  g_assert_true (G_TYPE_IS_FLAGS (SLUICE_TYPE_HAZARDS));
  g_assert_true (G_TYPE_IS_ENUM (SLUICE_TYPE_CHANGE_KIND));
}

static void
test_describe (void)
{
  g_autoptr(SluiceCatalog) from = sluice_catalog_new ();
  g_autoptr(SluiceCatalog) to = sluice_catalog_new ();
  g_autoptr(SluiceDiff) diff = NULL;
  g_autofree char *summary = NULL;
  static const char * const tables[] = { "a", "b", "c", "d" };

  add_table (from, "kept");
  add_column (from, "kept", "x", "integer");
  add_table (from, "old");

  add_table (to, "kept");
  add_column (to, "kept", "x", "bigint");
  for (guint i = 0; i < G_N_ELEMENTS (tables); i++)
    {
      g_autofree char *index = g_strdup_printf ("%s_idx", tables[i]);
      g_autofree char *definition = g_strdup_printf ("CREATE INDEX %s ON public.%s USING btree (id)", index, tables[i]);

      add_table (to, tables[i]);
      add_column (to, tables[i], "id", "integer");
      add_object (to, SLUICE_CATALOG_INDEX, "public", tables[i], index,
                  "method", "btree", "key", "id", "definition", definition, NULL);
    }
  add_object (to, SLUICE_CATALOG_TYPE, "public", NULL, "mood", "type_kind", "enum", "labels", "'sad', 'ok'", NULL);
  add_object (to, SLUICE_CATALOG_CONSTRAINT, "public", "a", "a_b_fkey", "type", "foreign",
              "definition", "FOREIGN KEY (id) REFERENCES public.b(id)", NULL);

  diff = sluice_diff_new (from, to, 0);
  summary = sluice_diff_describe (diff);
  g_assert_cmpstr (summary, ==,
                   "created 1 enum type, 4 tables, 1 foreign key, 4 indexes; "
                   "dropped 1 table; changed 1 column; no other object changed");
}

static void
test_object_to_sql (void)
{
  g_autoptr(SluiceCatalog) catalog = sluice_catalog_new ();
  g_autofree char *sql = NULL;
  SluiceCatalogObject *table;
  SluiceCatalogObject *column;

  table = add_table (catalog, "events");
  sluice_catalog_object_set_attribute (table, "options", "fillfactor=70");
  column = add_column (catalog, "events", "id", "bigint");
  sluice_catalog_object_set_oid (column, 16500, 1);
  sluice_catalog_object_set_attribute (column, "identity", "always");
  sluice_catalog_object_set_attribute (column, "not_null", "true");
  column = add_column (catalog, "events", "at", "timestamp with time zone");
  sluice_catalog_object_set_oid (column, 16500, 2);
  sluice_catalog_object_set_attribute (column, "default", "now()");
  add_object (catalog, SLUICE_CATALOG_CONSTRAINT, "public", "events", "events_pkey",
              "type", "primary", "validated", "true", "definition", "PRIMARY KEY (id)", NULL);
  add_object (catalog, SLUICE_CATALOG_INDEX, "public", "events", "events_at_idx",
              "method", "brin", "key", "at", "definition", "CREATE INDEX events_at_idx ON public.events USING brin (at)", NULL);

  sql = sluice_catalog_object_to_sql (catalog, table);
  g_assert_true (g_str_has_prefix (sql, "CREATE TABLE public.events (\n"
                                        "  id bigint GENERATED ALWAYS AS IDENTITY NOT NULL,\n"
                                        "  at timestamp with time zone DEFAULT now()\n"
                                        ") WITH (fillfactor=70);\n"));
  g_assert_nonnull (strstr (sql, "ALTER TABLE public.events ADD CONSTRAINT events_pkey PRIMARY KEY (id);\n"));
  g_assert_nonnull (strstr (sql, "CREATE INDEX events_at_idx ON public.events USING brin (at);\n"));
  g_assert_null (strstr (sql, "CONCURRENTLY"));
  g_assert_null (strstr (sql, "ADD COLUMN"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/diff/added-removed-changed", test_added_removed_changed);
  g_test_add_func ("/diff/equal", test_equal_catalogs);
  g_test_add_func ("/diff/ignore-flags", test_ignore_flags);
  g_test_add_func ("/diff/ignore-flags-statements", test_ignore_flags_statements);
  g_test_add_func ("/diff/renamed-by-oid", test_renamed_by_oid);
  g_test_add_func ("/diff/oids-of-two-databases", test_oids_of_two_databases);
  g_test_add_func ("/diff/view-over-retyped-column", test_view_over_retyped_column);
  g_test_add_func ("/diff/hazards-and-safe-forms", test_hazards_and_safe_forms);
  g_test_add_func ("/diff/describe", test_describe);
  g_test_add_func ("/diff/object-to-sql", test_object_to_sql);

  return g_test_run ();
}
