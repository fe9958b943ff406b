/* test-catalog-file.c: schema catalogs built by hand, their identities and
 * lookups, saved and loaded again; and hostile snapshot files
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "sluice.h"

#define FILE_NAME "snapshots/prod.json"

static SluiceCatalogObject *
add_object (SluiceCatalog     *catalog,
            SluiceCatalogKind  kind,
            const char        *schema,
            const char        *parent,
            const char        *name,
            const char        *arguments,
            guint32            oid,
            gint               subid)
{
  g_autoptr(SluiceCatalogObject) object = sluice_catalog_object_new (kind, schema, parent, name, arguments);

  sluice_catalog_object_set_oid (object, oid, subid);
  g_assert_true (sluice_catalog_add (catalog, object));
  return object;
}

/* Children before their parents on purpose: files and hand-made catalogs
 * may come in any order. */
static SluiceCatalog *
build_catalog (void)
{
  SluiceCatalog *catalog = sluice_catalog_new ();
  g_autoptr(GDateTime) taken_at = g_date_time_new_utc (2024, 5, 1, 10, 0, 0.25);
  SluiceCatalogObject *object;

  object = add_object (catalog, SLUICE_CATALOG_CONSTRAINT, "public", "positive_int", "positive_int_check", NULL, 900, 0);
  sluice_catalog_object_set_attribute (object, "type", "check");
  sluice_catalog_object_set_attribute (object, "definition", "CHECK ((VALUE > 0))");

  object = add_object (catalog, SLUICE_CATALOG_COLUMN, "public", "orders", "created_at", NULL, 100, 2);
  sluice_catalog_object_set_attribute (object, "type", "timestamp with time zone");
  sluice_catalog_object_set_attribute (object, "not_null", "true");
  sluice_catalog_object_set_attribute (object, "default", "now()");
  sluice_catalog_object_set_attribute (object, "comment", "when \"it\" happened\n\ttab \\ back\001");
  sluice_catalog_object_add_dependency (object, "function public.f(integer, text)");

  object = add_object (catalog, SLUICE_CATALOG_COLUMN, "public", "orders", "id", NULL, 100, 1);
  sluice_catalog_object_set_attribute (object, "type", "bigint");
  sluice_catalog_object_set_attribute (object, "identity", "always");

  object = add_object (catalog, SLUICE_CATALOG_INDEX, "public", "counts", "counts_idx", NULL, 300, 0);
  sluice_catalog_object_set_attribute (object, "definition", "CREATE INDEX counts_idx ON public.counts USING btree (n)");

  object = add_object (catalog, SLUICE_CATALOG_TABLE, "public", NULL, "orders", NULL, 100, 0);
  sluice_catalog_object_set_attribute (object, "relkind", "table");
  sluice_catalog_object_set_attribute (object, "acl", "{app=r/postgres,postgres=arwdDxt/postgres}");
  sluice_catalog_object_set_attribute (object, "comment", "naïve “quotes” ✓");

  add_object (catalog, SLUICE_CATALOG_MATERIALIZED_VIEW, "public", NULL, "counts", NULL, 300, 0);
  object = add_object (catalog, SLUICE_CATALOG_TYPE, "public", NULL, "positive_int", NULL, 899, 0);
  sluice_catalog_object_set_attribute (object, "type_kind", "domain");
  add_object (catalog, SLUICE_CATALOG_SCHEMA, NULL, NULL, "public", NULL, 2200, 0);
  add_object (catalog, SLUICE_CATALOG_SCHEMA, NULL, NULL, "Mixed Case", NULL, 2300, 0);
  object = add_object (catalog, SLUICE_CATALOG_FUNCTION, "public", NULL, "f", "integer, text", 500, 0);
  sluice_catalog_object_set_attribute (object, "volatility", "stable");
  add_object (catalog, SLUICE_CATALOG_PROCEDURE, "public", NULL, "p", "", 501, 0);
  add_object (catalog, SLUICE_CATALOG_TABLE, "public", NULL, "select", NULL, 600, 0);
  add_object (catalog, SLUICE_CATALOG_DEFAULT_PRIVILEGES, NULL, NULL, "app:tables", NULL, 700, 0);
  add_object (catalog, SLUICE_CATALOG_EVENT_TRIGGER, NULL, NULL, "audit_ddl", NULL, 701, 0);

  sluice_catalog_set_profile (catalog, "prod-eu", "Production (EU)");
  sluice_catalog_set_migration_version (catalog, "0012");
  sluice_catalog_set_label (catalog, "before 0012");

  /* Metadata a capture sets, through a file as a capture would write it. */
  {
    g_autofree char *data = sluice_catalog_to_data (catalog, NULL);
    g_autoptr(GString) edited = g_string_new (data);
    g_autoptr(GError) error = NULL;
    SluiceCatalog *with_server;
    g_autofree char *taken = g_date_time_format_iso8601 (taken_at);
    g_autofree char *replacement = g_strdup_printf ("\"database\": \"shop\",\n  \"server_version\": \"15.4 (Debian)\",\n"
                                                    "  \"server_version_num\": 150004,\n  \"taken_at\": \"%s\",\n"
                                                    "  \"duration_ms\": 123.456,", taken);

    g_string_replace (edited, "\"database\": null,\n  \"server_version\": null,\n  \"server_version_num\": 0,\n"
                      "  \"taken_at\": null,\n  \"duration_ms\": 0.000,", replacement, 1);
    with_server = sluice_catalog_new_from_data (edited->str, edited->len, FILE_NAME, &error);
    g_assert_no_error (error);
    g_object_unref (catalog);
    catalog = with_server;
  }

  return catalog;
}

static void
test_kinds (void)
{
  SluiceCatalogKind kind;

  for (guint i = 0; i < SLUICE_CATALOG_N_KINDS; i++)
    {
      const char *name = sluice_catalog_kind_to_string (i);

      g_assert_nonnull (name);
      g_assert_true (sluice_catalog_kind_from_string (name, &kind));
      g_assert_cmpint (kind, ==, i);
      g_assert_nonnull (sluice_catalog_kind_get_label (i));
      g_assert_nonnull (sluice_catalog_kind_get_plural_label (i, 2));
    }

  g_assert_cmpstr (sluice_catalog_kind_to_string (SLUICE_CATALOG_MATERIALIZED_VIEW), ==, "materialized view");
  g_assert_cmpstr (sluice_catalog_kind_to_string (SLUICE_CATALOG_DEFAULT_PRIVILEGES), ==, "default privileges");
  g_assert_cmpstr (sluice_catalog_kind_get_plural_label (SLUICE_CATALOG_INDEX, 3), ==, "indexes");
  g_assert_cmpstr (sluice_catalog_kind_get_plural_label (SLUICE_CATALOG_INDEX, 1), ==, "index");
  g_assert_cmpstr (sluice_catalog_kind_get_plural_label (SLUICE_CATALOG_POLICY, 0), ==, "policies");
  g_assert_false (sluice_catalog_kind_from_string ("tables", &kind));
  g_assert_false (sluice_catalog_kind_from_string (NULL, &kind));
  g_assert_true (G_TYPE_IS_ENUM (SLUICE_TYPE_CATALOG_KIND));
}

static void
test_identities (void)
{
  g_autoptr(SluiceCatalogObject) column = sluice_catalog_object_new (SLUICE_CATALOG_COLUMN, "public", "orders", "created_at", NULL);
  g_autoptr(SluiceCatalogObject) index = sluice_catalog_object_new (SLUICE_CATALOG_INDEX, "public", "orders", "orders_created_idx", NULL);
  g_autoptr(SluiceCatalogObject) function = sluice_catalog_object_new (SLUICE_CATALOG_FUNCTION, "public", NULL, "f", "integer, text");
  g_autoptr(SluiceCatalogObject) keyword = sluice_catalog_object_new (SLUICE_CATALOG_TABLE, "Mixed Case", NULL, "select", NULL);
  g_autoptr(SluiceCatalogObject) odd = sluice_catalog_object_new (SLUICE_CATALOG_COLUMN, "public", "t", "say \"hi\"", NULL);
  g_autofree char *schema = sluice_catalog_identity_for (SLUICE_CATALOG_SCHEMA, NULL, NULL, "Mixed Case", NULL);
  g_autofree char *domain_check = sluice_catalog_identity_for (SLUICE_CATALOG_CONSTRAINT, "public", "positive_int",
                                                               "positive_int_check", NULL);
  g_autofree char *no_args = sluice_catalog_identity_for (SLUICE_CATALOG_PROCEDURE, "public", NULL, "p", NULL);

  g_assert_cmpstr (sluice_catalog_object_get_identity (column), ==, "column public.orders.created_at");
  g_assert_cmpstr (sluice_catalog_object_get_parent_identity (column), ==, "table public.orders");
  g_assert_cmpstr (sluice_catalog_object_get_sql_name (column), ==, "created_at");
  g_assert_cmpstr (sluice_catalog_object_get_identity (index), ==, "index public.orders_created_idx");
  g_assert_cmpstr (sluice_catalog_object_get_parent_identity (index), ==, "table public.orders");
  g_assert_cmpstr (sluice_catalog_object_get_sql_name (index), ==, "public.orders_created_idx");
  g_assert_cmpstr (sluice_catalog_object_get_identity (function), ==, "function public.f(integer, text)");
  g_assert_cmpstr (sluice_catalog_object_get_sql_name (function), ==, "public.f(integer, text)");
  g_assert_null (sluice_catalog_object_get_parent_identity (function));
  g_assert_cmpstr (sluice_catalog_object_get_identity (keyword), ==, "table \"Mixed Case\".\"select\"");
  g_assert_cmpstr (sluice_catalog_object_get_sql_name (keyword), ==, "\"Mixed Case\".\"select\"");
  g_assert_cmpstr (sluice_catalog_object_get_identity (odd), ==, "column public.t.\"say \"\"hi\"\"\"");
  g_assert_cmpstr (schema, ==, "schema \"Mixed Case\"");
  g_assert_cmpstr (domain_check, ==, "constraint public.positive_int.positive_int_check");
  g_assert_cmpstr (no_args, ==, "procedure public.p()");
}

static void
test_attributes (void)
{
  g_autoptr(SluiceCatalogObject) object = sluice_catalog_object_new (SLUICE_CATALOG_TABLE, "public", NULL, "t", NULL);
  const char * const *names;
  const char * const *dependencies;

  sluice_catalog_object_set_attribute (object, "relkind", "table");
  sluice_catalog_object_set_attribute (object, "row_security", "true");
  sluice_catalog_object_set_attribute (object, "acl", "{}");
  sluice_catalog_object_set_attribute (object, "owner", "app");
  sluice_catalog_object_set_attribute (object, "owner", "other");
  sluice_catalog_object_set_attribute (object, "comment", "gone");
  sluice_catalog_object_set_attribute (object, "comment", NULL);
  sluice_catalog_object_set_attribute (object, "never", NULL);

  /* Its own value, long enough not to be shared, set again. */
  sluice_catalog_object_set_attribute (object, "definition", "CREATE TABLE public.t (a integer, b text, c numeric)");
  sluice_catalog_object_set_attribute (object, "definition", sluice_catalog_object_get_attribute (object, "definition"));
  g_assert_cmpstr (sluice_catalog_object_get_attribute (object, "definition"), ==,
                   "CREATE TABLE public.t (a integer, b text, c numeric)");
  sluice_catalog_object_set_attribute (object, "definition", NULL);

  names = sluice_catalog_object_list_attributes (object);
  g_assert_cmpuint (g_strv_length ((char **) names), ==, 4);
  g_assert_cmpstr (names[0], ==, "acl");
  g_assert_cmpstr (names[1], ==, "owner");
  g_assert_cmpstr (names[2], ==, "relkind");
  g_assert_cmpstr (names[3], ==, "row_security");
  g_assert_cmpstr (sluice_catalog_object_get_attribute (object, "owner"), ==, "other");
  g_assert_null (sluice_catalog_object_get_attribute (object, "comment"));
  g_assert_true (sluice_catalog_object_get_boolean (object, "row_security"));
  g_assert_false (sluice_catalog_object_get_boolean (object, "force_row_security"));
  sluice_catalog_object_set_attribute (object, "row_security", "false");
  g_assert_false (sluice_catalog_object_get_boolean (object, "row_security"));

  g_assert_null (sluice_catalog_object_get_dependencies (object)[0]);
  sluice_catalog_object_add_dependency (object, "type public.b");
  sluice_catalog_object_add_dependency (object, "function public.a()");
  sluice_catalog_object_add_dependency (object, "type public.b");
  sluice_catalog_object_add_dependency (object, "schema public");
  sluice_catalog_object_add_dependency (object, "type public.c");
  sluice_catalog_object_add_dependency (object, "column public.x.y");
  dependencies = sluice_catalog_object_get_dependencies (object);
  g_assert_cmpuint (g_strv_length ((char **) dependencies), ==, 5);
  g_assert_cmpstr (dependencies[0], ==, "column public.x.y");
  g_assert_cmpstr (dependencies[1], ==, "function public.a()");
  g_assert_cmpstr (dependencies[2], ==, "schema public");
  g_assert_cmpstr (dependencies[3], ==, "type public.b");
  g_assert_cmpstr (dependencies[4], ==, "type public.c");
}

static void
on_items_changed (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  gpointer    user_data)
{
  guint *last_position = user_data;

  g_assert_cmpuint (removed, ==, 0);
  g_assert_cmpuint (added, ==, 1);
  *last_position = position;
}

static void
test_catalog_lookups (void)
{
  g_autoptr(SluiceCatalog) catalog = build_catalog ();
  g_autoptr(SluiceCatalogObject) duplicate = sluice_catalog_object_new (SLUICE_CATALOG_TABLE, "public", NULL, "orders", NULL);
  g_autoptr(SluiceCatalogObject) late = sluice_catalog_object_new (SLUICE_CATALOG_SCHEMA, NULL, NULL, "AAA", NULL);
  g_autoptr(GPtrArray) children = NULL;
  GListModel *model = sluice_catalog_get_objects (catalog);
  guint position = G_MAXUINT;
  SluiceCatalogKind previous = 0;

  g_assert_cmpuint (sluice_catalog_get_n_objects (catalog), ==, 14);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 14);
  g_assert_true (g_list_model_get_item_type (model) == SLUICE_TYPE_CATALOG_OBJECT);
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(SluiceCatalogObject) object = g_list_model_get_item (model, i);

      g_assert_cmpint (sluice_catalog_object_get_kind (object), >=, previous);
      previous = sluice_catalog_object_get_kind (object);
    }
  g_assert_cmpuint (sluice_catalog_count_kind (catalog, SLUICE_CATALOG_TABLE), ==, 2);
  g_assert_cmpuint (sluice_catalog_count_kind (catalog, SLUICE_CATALOG_COLUMN), ==, 2);
  g_assert_cmpuint (sluice_catalog_count_kind (catalog, SLUICE_CATALOG_POLICY), ==, 0);

  /* Children find their parents' kinds whatever the order they came in. */
  g_assert_cmpstr (sluice_catalog_object_get_parent_identity (sluice_catalog_lookup (catalog, "constraint public.positive_int.positive_int_check")),
                   ==, "type public.positive_int");
  g_assert_cmpstr (sluice_catalog_object_get_parent_identity (sluice_catalog_lookup (catalog, "index public.counts_idx")),
                   ==, "materialized view public.counts");

  children = sluice_catalog_get_children (catalog, "table public.orders");
  g_assert_cmpuint (children->len, ==, 2);
  g_assert_cmpstr (sluice_catalog_object_get_name (g_ptr_array_index (children, 0)), ==, "id");
  g_assert_cmpstr (sluice_catalog_object_get_name (g_ptr_array_index (children, 1)), ==, "created_at");
  g_clear_pointer (&children, g_ptr_array_unref);
  children = sluice_catalog_get_children (catalog, "table public.nothing");
  g_assert_cmpuint (children->len, ==, 0);

  g_assert_true (sluice_catalog_lookup_oid (catalog, SLUICE_CATALOG_COLUMN, 100, 2) ==
                 sluice_catalog_lookup (catalog, "column public.orders.created_at"));
  g_assert_true (sluice_catalog_lookup_oid (catalog, SLUICE_CATALOG_TABLE, 100, 0) ==
                 sluice_catalog_lookup (catalog, "table public.orders"));
  g_assert_null (sluice_catalog_lookup_oid (catalog, SLUICE_CATALOG_VIEW, 100, 0));
  g_assert_null (sluice_catalog_lookup_oid (catalog, SLUICE_CATALOG_TABLE, 0, 0));
  g_assert_null (sluice_catalog_lookup (catalog, "table public.nothing"));

  g_assert_false (sluice_catalog_add (catalog, duplicate));
  g_signal_connect (model, "items-changed", G_CALLBACK (on_items_changed), &position);
  g_assert_true (sluice_catalog_add (catalog, late));
  g_assert_cmpuint (position, ==, 0);
  g_assert_true (sluice_catalog_lookup_oid (catalog, SLUICE_CATALOG_COLUMN, 100, 1) ==
                 sluice_catalog_lookup (catalog, "column public.orders.id"));

  g_assert_cmpstr (sluice_catalog_get_database (catalog), ==, "shop");
  g_assert_cmpint (sluice_catalog_get_server_version_num (catalog), ==, 150004);
  g_assert_cmpfloat_with_epsilon (sluice_catalog_get_duration_ms (catalog), 123.456, 0.0001);
  g_assert_cmpint (g_date_time_get_year (sluice_catalog_get_taken_at (catalog)), ==, 2024);
}

static void
test_round_trip (void)
{
  g_autoptr(SluiceCatalog) catalog = build_catalog ();
  g_autoptr(SluiceCatalog) again = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  gsize first_length, second_length;
  SluiceCatalogObject *column;

  first = sluice_catalog_to_data (catalog, &first_length);
  g_assert_cmpuint (strlen (first), ==, first_length);
  g_assert_true (g_str_has_suffix (first, "}\n"));
  g_assert_nonnull (strstr (first, "\"format\": \"sluice-catalog\""));
  g_assert_nonnull (strstr (first, "\"format_version\": 1"));
  g_assert_nonnull (strstr (first, "\"taken_at\": \"2024-05-01T10:00:00.250000Z\""));

  again = sluice_catalog_new_from_data (first, first_length, FILE_NAME, &error);
  g_assert_no_error (error);
  second = sluice_catalog_to_data (again, &second_length);
  g_assert_cmpstr (first, ==, second);

  column = sluice_catalog_lookup (again, "column public.orders.created_at");
  g_assert_nonnull (column);
  g_assert_cmpstr (sluice_catalog_object_get_attribute (column, "comment"), ==, "when \"it\" happened\n\ttab \\ back\001");
  g_assert_cmpstr (sluice_catalog_object_get_dependencies (column)[0], ==, "function public.f(integer, text)");
  g_assert_cmpint (sluice_catalog_object_get_subid (column), ==, 2);
  g_assert_cmpuint (sluice_catalog_object_get_oid (column), ==, 100);
  g_assert_cmpstr (sluice_catalog_object_get_attribute (sluice_catalog_lookup (again, "table public.orders"), "comment"),
                   ==, "naïve “quotes” ✓");
  g_assert_cmpstr (sluice_catalog_object_get_arguments (sluice_catalog_lookup (again, "procedure public.p()")), ==, "");
  g_assert_cmpstr (sluice_catalog_get_profile_id (again), ==, "prod-eu");
  g_assert_cmpstr (sluice_catalog_get_profile_name (again), ==, "Production (EU)");
  g_assert_cmpstr (sluice_catalog_get_migration_version (again), ==, "0012");
  g_assert_cmpstr (sluice_catalog_get_label (again), ==, "before 0012");
  g_assert_cmpstr (sluice_catalog_get_server_version (again), ==, "15.4 (Debian)");
}

static void
on_loaded (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  SluiceCatalog **loaded = user_data;
  g_autoptr(GError) error = NULL;

  *loaded = sluice_catalog_load_file_finish (result, &error);
  g_assert_no_error (error);
}

static void
test_save_and_load (void)
{
  g_autoptr(SluiceCatalog) catalog = build_catalog ();
  g_autoptr(SluiceCatalog) loaded = NULL;
  g_autoptr(SluiceCatalog) missing_catalog = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) folder = sluice_catalog_folder_for_profile ("prod/eu ..");
  g_autoptr(GFile) file = g_file_get_child (folder, "before-0012.json");
  g_autoptr(GFile) missing = g_file_get_child (folder, "missing.json");
  g_autoptr(GFile) dots = sluice_catalog_folder_for_profile ("..");
  g_autofree char *base = g_file_get_basename (folder);
  g_autofree char *dots_base = g_file_get_basename (dots);
  g_autofree char *expected_parent = g_build_filename (g_get_user_data_dir (), "sluice", "snapshots", NULL);
  g_autoptr(GFile) parent = g_file_get_parent (folder);
  g_autofree char *parent_path = g_file_get_path (parent);
  g_autofree char *written = NULL;
  g_autofree char *read_back = NULL;

  g_assert_cmpstr (base, ==, "prod_eu_..");
  g_assert_cmpstr (dots_base, ==, "_");
  g_assert_cmpstr (parent_path, ==, expected_parent);

  /* The folders do not exist yet: saving makes them. */
  g_assert_true (sluice_catalog_save_file (catalog, file, &error));
  g_assert_no_error (error);
  /* And saving again replaces the file. */
  g_assert_true (sluice_catalog_save_file (catalog, file, &error));
  g_assert_no_error (error);

  sluice_catalog_load_file_async (file, NULL, on_loaded, &loaded);
  while (loaded == NULL)
    g_main_context_iteration (NULL, TRUE);

  written = sluice_catalog_to_data (catalog, NULL);
  read_back = sluice_catalog_to_data (loaded, NULL);
  g_assert_cmpstr (written, ==, read_back);

  missing_catalog = sluice_catalog_load_file (missing, &error);
  g_assert_null (missing_catalog);
  g_assert_error (error, SLUICE_ERROR, SLUICE_ERROR_NOT_FOUND);
}

/* Hostile files ---------------------------------------------------------------- */

static void
assert_refused (const char *data,
                gssize      length,
                guint       line,
                const char *phrase)
{
  g_autoptr(SluiceCatalog) catalog = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *where = NULL;

  catalog = sluice_catalog_new_from_data (data, length < 0 ? strlen (data) : (gsize) length, FILE_NAME, &error);
  g_assert_null (catalog);
  g_assert_error (error, SLUICE_ERROR, SLUICE_ERROR_INVALID_INPUT);
  g_assert_true (g_str_has_prefix (error->message, FILE_NAME));
  if (line > 0)
    {
      where = g_strdup_printf (FILE_NAME " line %u:", line);
      if (!g_str_has_prefix (error->message, where))
        g_error ("expected “%s” at the start of: %s", where, error->message);
    }
  if (phrase != NULL && strstr (error->message, phrase) == NULL)
    g_error ("expected “%s” in: %s", phrase, error->message);
}

#define HEADER \
  "{\n" \
  "  \"format\": \"sluice-catalog\",\n" \
  "  \"format_version\": 1,\n" \
  "  \"profile_id\": null,\n" \
  "  \"profile_name\": null,\n" \
  "  \"database\": \"shop\",\n" \
  "  \"server_version\": \"15.4\",\n" \
  "  \"server_version_num\": 150004,\n" \
  "  \"taken_at\": \"2024-05-01T10:00:00Z\",\n" \
  "  \"duration_ms\": 12.5,\n" \
  "  \"migration_version\": null,\n" \
  "  \"label\": null,\n"

#define TABLE(name) \
  "    {\"kind\": \"table\", \"schema\": \"public\", \"parent\": null, \"name\": \"" name "\",\n" \
  "     \"arguments\": null, \"oid\": 1, \"subid\": 0, \"attributes\": {}, \"depends_on\": []}"

static void
test_hostile_files (void)
{
  g_autoptr(GString) deep = g_string_new (HEADER "  \"objects\": [");
  g_autoptr(SluiceCatalog) empty = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *good = NULL;
  gsize good_length;

  /* A well-formed file, and every way of breaking it. */
  static const char one_table[] = HEADER "  \"objects\": [\n" TABLE ("t") "\n  ]\n}\n";

  empty = sluice_catalog_new_from_data (one_table, strlen (one_table), FILE_NAME, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sluice_catalog_get_n_objects (empty), ==, 1);

  {
    g_autoptr(SluiceCatalog) catalog = build_catalog ();

    good = sluice_catalog_to_data (catalog, &good_length);
  }

  /* Truncated anywhere, it is refused whole. */
  for (gsize cut = 0; cut < good_length; cut += 97)
    assert_refused (good, (gssize) cut, 0, NULL);
  assert_refused (good, (gssize) good_length - 2, 0, NULL);

  assert_refused ("", 0, 0, "empty");
  assert_refused ("[]", -1, 1, "object in braces");
  assert_refused ("{\"format\": \"sluice-stats\", \"format_version\": 1}", -1, 1, "not a Sluice schema snapshot");
  assert_refused ("{\n\"format\": \"sluice-catalog\",\n\"format_version\": 2,\n\"objects\": []}", -1, 3, "newer Sluice");
  assert_refused ("{\n\"format\": \"sluice-catalog\",\n\"format_version\": 0}", -1, 3, "which no Sluice writes");
  assert_refused ("{\"format\": \"sluice-catalog\", \"format_version\": \"1\"}", -1, 1, "whole number");
  assert_refused (HEADER "  \"objects\": {}\n}\n", -1, 13, "list in square brackets");
  assert_refused (HEADER "  \"objects\": [1]\n}\n", -1, 13, "object #1");

  /* Wrong member types. */
  assert_refused (HEADER "  \"objects\": [\n"
                  "    {\"kind\": \"table\", \"schema\": \"public\", \"parent\": null, \"name\": \"t\",\n"
                  "     \"arguments\": null, \"oid\": \"1\", \"subid\": 0, \"attributes\": {}, \"depends_on\": []}\n"
                  "  ]\n}\n", -1, 15, "“oid” must be a whole number");
  assert_refused (HEADER "  \"objects\": [\n"
                  "    {\"kind\": \"table\", \"schema\": \"public\", \"parent\": null, \"name\": \"t\",\n"
                  "     \"arguments\": null, \"oid\": -1, \"subid\": 0, \"attributes\": {}, \"depends_on\": []}\n"
                  "  ]\n}\n", -1, 15, "outside");
  assert_refused (HEADER "  \"objects\": [\n"
                  "    {\"kind\": \"table\", \"schema\": \"public\", \"parent\": null, \"name\": \"t\",\n"
                  "     \"arguments\": null, \"oid\": 1, \"subid\": 0, \"attributes\": {\"owner\": 5}, \"depends_on\": []}\n"
                  "  ]\n}\n", -1, 15, "“owner” must be text");
  assert_refused (HEADER "  \"objects\": [\n"
                  "    {\"kind\": \"table\", \"schema\": \"public\", \"parent\": null, \"name\": \"t\",\n"
                  "     \"arguments\": null, \"oid\": 1, \"subid\": 0, \"attributes\": [], \"depends_on\": []}\n"
                  "  ]\n}\n", -1, 15, "“attributes” must be an object");
  assert_refused (HEADER "  \"objects\": [\n"
                  "    {\"kind\": \"table\", \"schema\": \"public\", \"parent\": null, \"name\": \"t\",\n"
                  "     \"arguments\": null, \"oid\": 1, \"subid\": 0, \"attributes\": {}, \"depends_on\": [null]}\n"
                  "  ]\n}\n", -1, 15, "depends_on");
  assert_refused (HEADER "  \"objects\": [\n"
                  "    {\"kind\": \"tables\", \"schema\": \"public\", \"parent\": null, \"name\": \"t\",\n"
                  "     \"arguments\": null, \"oid\": 1, \"subid\": 0, \"attributes\": {}, \"depends_on\": []}\n"
                  "  ]\n}\n", -1, 14, "not a kind");
  assert_refused (HEADER "  \"objects\": [\n"
                  "    {\"kind\": \"table\", \"schema\": null, \"parent\": null, \"name\": \"t\",\n"
                  "     \"arguments\": null, \"oid\": 1, \"subid\": 0, \"attributes\": {}, \"depends_on\": []}\n"
                  "  ]\n}\n", -1, 14, "must name its schema");
  assert_refused (HEADER "  \"objects\": [\n"
                  "    {\"kind\": \"function\", \"schema\": \"public\", \"parent\": null, \"name\": \"f\",\n"
                  "     \"arguments\": null, \"oid\": 1, \"subid\": 0, \"attributes\": {}, \"depends_on\": []}\n"
                  "  ]\n}\n", -1, 15, "must list its arguments");
  assert_refused (HEADER "  \"objects\": [\n"
                  "    {\"kind\": \"table\", \"schema\": \"public\", \"parent\": null, \"name\": \"t\",\n"
                  "     \"arguments\": null, \"oid\": 1, \"subid\": 0, \"depends_on\": []}\n"
                  "  ]\n}\n", -1, 14, "“attributes” is missing");
  assert_refused (HEADER "  \"objects\": [],\n  \"duration_ms\": -1\n}\n", -1, 14, "milliseconds");
  assert_refused ("{\n\"format\": \"sluice-catalog\",\n\"format_version\": 1,\n\"profile_id\": null,\n"
                  "\"profile_name\": null,\n\"database\": null,\n\"server_version\": null,\n"
                  "\"server_version_num\": 0,\n\"taken_at\": \"yesterday\",\n\"duration_ms\": 0,\n"
                  "\"migration_version\": null,\n\"label\": null,\n\"objects\": []}", -1, 9, "date and time");

  /* Two objects with one identity; a child whose parent is not there. */
  assert_refused (HEADER "  \"objects\": [\n" TABLE ("a") ",\n" TABLE ("b") ",\n" TABLE ("a") "\n  ]\n}\n",
                  -1, 18, "listed twice");
  assert_refused (HEADER "  \"objects\": [\n" TABLE ("a") ",\n"
                  "    {\"kind\": \"column\", \"schema\": \"public\", \"parent\": \"missing\", \"name\": \"c\",\n"
                  "     \"arguments\": null, \"oid\": 1, \"subid\": 1, \"attributes\": {}, \"depends_on\": []}\n"
                  "  ]\n}\n", -1, 16, "not in the snapshot");
  assert_refused (HEADER "  \"objects\": [\n"
                  "    {\"kind\": \"column\", \"schema\": \"public\", \"parent\": null, \"name\": \"c\",\n"
                  "     \"arguments\": null, \"oid\": 1, \"subid\": 1, \"attributes\": {}, \"depends_on\": []}\n"
                  "  ]\n}\n", -1, 14, "must name its parent");
  /* A column of a view is not an object of its own. */
  assert_refused (HEADER "  \"objects\": [\n"
                  "    {\"kind\": \"view\", \"schema\": \"public\", \"parent\": null, \"name\": \"v\",\n"
                  "     \"arguments\": null, \"oid\": 1, \"subid\": 0, \"attributes\": {}, \"depends_on\": []},\n"
                  "    {\"kind\": \"column\", \"schema\": \"public\", \"parent\": \"v\", \"name\": \"c\",\n"
                  "     \"arguments\": null, \"oid\": 1, \"subid\": 1, \"attributes\": {}, \"depends_on\": []}\n"
                  "  ]\n}\n", -1, 16, "a view has none");

  /* Not UTF-8; a NUL; nesting beyond any snapshot's. */
  assert_refused (HEADER "  \"objects\": [],\n  \"label\": \"caf\xe9\"\n}\n", -1, 14, NULL);
  assert_refused (HEADER "  \"objects\": [],\n  \"label\": \"a\\u0000b\"\n}\n", -1, 14, NULL);
  for (guint i = 0; i < 100000; i++)
    g_string_append_c (deep, '[');
  assert_refused (deep->str, (gssize) deep->len, 13, NULL);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/catalog/kinds", test_kinds);
  g_test_add_func ("/catalog/identities", test_identities);
  g_test_add_func ("/catalog/attributes", test_attributes);
  g_test_add_func ("/catalog/lookups", test_catalog_lookups);
  g_test_add_func ("/catalog/round-trip", test_round_trip);
  g_test_add_func ("/catalog/save-and-load", test_save_and_load);
  g_test_add_func ("/catalog/hostile-files", test_hostile_files);

  return g_test_run ();
}
