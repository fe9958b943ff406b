/* test-schema-page.c: the Schema page in the real window under Xvfb,
 * against the cluster of sluice-pg-harness
 *
 * Two databases hold a small shop: "Shop Production" has the schema as
 * released; "Shop Dev" has the next release's: a table added (refunds), a
 * column retyped (orders.total, integer to numeric), an index dropped
 * (orders_placed_idx) and an enum value added (order_status 'refunded').
 * The page browses Dev's live catalog (tree, search, DDL, attributes),
 * saves a snapshot and compares it with the live database (no
 * difference), then compares Production with Dev: the rows, their colours'
 * states and counts, the attribute detail, the DDL with its hazards and
 * the summary must be the diff's; "Save as migration" writes the DDL into
 * Production's migration folder, and without a folder writes nothing.
 * Browse and compare are rendered to PNG.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <adwaita.h>
#include <glib/gstdio.h>
#include <gtksourceview/gtksource.h>

#include "sluice.h"
#include "sluice-application.h"
#include "sluice-schema-node.h"
#include "sluice-schema-page.h"
#include "sluice-test-pg.h"
#include "sluice-ui-test-utils.h"
#include "sluice-window.h"

#define LOAD_TIMEOUT_MS 60000

/* What both databases share. */
#define SHARED_SQL \
  "CREATE TABLE customers (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY," \
  "  name text NOT NULL, email text UNIQUE);" \
  "CREATE FUNCTION customer_label (c customers) RETURNS text LANGUAGE sql STABLE" \
  "  AS $$ SELECT c.name || ' <' || coalesce (c.email, '?') || '>' $$;"

#define ORDERS_SQL(total_type) \
  "CREATE TABLE orders (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY," \
  "  customer_id bigint NOT NULL REFERENCES customers (id)," \
  "  status order_status NOT NULL DEFAULT 'new'," \
  "  total " total_type " NOT NULL," \
  "  placed_at timestamptz NOT NULL DEFAULT now ());" \
  "COMMENT ON TABLE orders IS 'One row per order';" \
  "CREATE INDEX orders_customer_idx ON orders (customer_id);" \
  "CREATE VIEW recent_orders AS SELECT id, customer_id, placed_at FROM orders" \
  "  WHERE placed_at > now () - interval '7 days';"

#define PRODUCTION_SQL \
  "CREATE TYPE order_status AS ENUM ('new', 'paid', 'shipped');" \
  SHARED_SQL \
  ORDERS_SQL ("integer") \
  "CREATE INDEX orders_placed_idx ON orders (placed_at);"

#define DEV_SQL \
  "CREATE TYPE order_status AS ENUM ('new', 'paid', 'shipped', 'refunded');" \
  SHARED_SQL \
  ORDERS_SQL ("numeric(12,2)") \
  "CREATE TABLE refunds (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY," \
  "  order_id bigint NOT NULL REFERENCES orders (id)," \
  "  amount numeric(12,2) NOT NULL," \
  "  created_at timestamptz NOT NULL DEFAULT now ());"

typedef struct
{
  char              *config_dir;
  char              *migrations_dir;
  char              *production_conninfo;
  char              *dev_conninfo;
  char              *production_id;
  char              *dev_id;
  char              *broken_id;
  SluiceApplication *app;
  SluiceWindow      *window;
} Fixture;

static Fixture fixture;

/* Test data -------------------------------------------------------------- */

static char *
add_profile (SluiceProfileStore *store,
             const char         *name,
             SluiceEnvironment   environment,
             const char         *conninfo,
             const char         *migration_folder)
{
  g_autoptr(SluiceProfile) profile = sluice_profile_new (name, environment, conninfo);
  g_autoptr(GError) error = NULL;

  if (migration_folder != NULL)
    sluice_profile_set_migration_folder (profile, migration_folder);
  g_assert_true (sluice_profile_store_add (store, profile, &error));
  g_assert_no_error (error);
  return g_strdup (sluice_profile_get_id (profile));
}

static void
prepare (void)
{
  g_autoptr(SluiceProfileStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  fixture.production_conninfo = sluice_test_pg_new_database ();
  sluice_test_pg_exec (fixture.production_conninfo, PRODUCTION_SQL);
  fixture.dev_conninfo = sluice_test_pg_new_database ();
  sluice_test_pg_exec (fixture.dev_conninfo, DEV_SQL);

  fixture.config_dir = g_dir_make_tmp ("sluice-ui-config-XXXXXX", &error);
  g_assert_no_error (error);
  fixture.migrations_dir = g_dir_make_tmp ("sluice-ui-migrations-XXXXXX", &error);
  g_assert_no_error (error);

  path = g_build_filename (fixture.config_dir, "profiles.json", NULL);
  store = sluice_profile_store_new (path);
  fixture.production_id = add_profile (store, "Shop Production", SLUICE_ENVIRONMENT_PROD,
                                       fixture.production_conninfo, fixture.migrations_dir);
  fixture.dev_id = add_profile (store, "Shop Dev", SLUICE_ENVIRONMENT_DEV, fixture.dev_conninfo, NULL);
  {
    /* The last dbname of a conninfo wins: a database that is not there. */
    g_autofree char *broken = g_strconcat (fixture.dev_conninfo, " dbname=sluice_no_such_database", NULL);

    fixture.broken_id = add_profile (store, "Shop Broken", SLUICE_ENVIRONMENT_STAGING, broken, NULL);
  }
  g_assert_true (sluice_profile_store_save (store, &error));
  g_assert_no_error (error);
  g_setenv ("SLUICE_CONFIG_DIR", fixture.config_dir, TRUE);
}

/* Helpers ---------------------------------------------------------------- */

static void
ensure_started (void)
{
  g_autoptr(GSettings) settings = NULL;
  g_autoptr(GError) error = NULL;
  GtkWindow *window;

  if (fixture.window != NULL)
    return;

  settings = g_settings_new (APP_ID);
  g_settings_set_boolean (settings, "start-sandbox", FALSE);
  g_settings_set_string (settings, "last-profile", "");
  g_settings_set_int (settings, "window-width", 1360);
  g_settings_set_int (settings, "window-height", 860);

  fixture.app = sluice_application_new ();
  g_assert_true (g_application_register (G_APPLICATION (fixture.app), NULL, &error));
  g_assert_no_error (error);

  g_application_activate (G_APPLICATION (fixture.app));
  window = gtk_application_get_active_window (GTK_APPLICATION (fixture.app));
  g_assert_true (SLUICE_IS_WINDOW (window));
  fixture.window = SLUICE_WINDOW (window);
  sluice_ui_test_wait_for_draw (GTK_WIDGET (window));
}

static gboolean
page_settled (gpointer user_data)
{
  SluiceSchemaPage *page = user_data;

  return !sluice_schema_page_get_loading (page) && !sluice_schema_page_get_busy (page);
}

static void
wait_settled (SluiceSchemaPage *page)
{
  sluice_ui_test_wait_until (page_settled, page, LOAD_TIMEOUT_MS);
  sluice_ui_test_wait_for_draw (GTK_WIDGET (fixture.window));
}

static SluiceSchemaPage *
show_schema_of (const char *profile_id)
{
  SluiceSchemaPage *page;
  GtkWidget *stack;

  ensure_started ();
  gtk_widget_activate_action (GTK_WIDGET (fixture.window), "win.select-profile", "s", profile_id);
  g_assert_cmpstr (sluice_profile_get_id (sluice_window_get_selected_profile (fixture.window)), ==, profile_id);

  page = sluice_window_get_schema_page (fixture.window);
  stack = gtk_widget_get_ancestor (GTK_WIDGET (page), ADW_TYPE_VIEW_STACK);
  g_assert_nonnull (stack);
  adw_view_stack_set_visible_child_name (ADW_VIEW_STACK (stack), "schema");
  g_assert_true (adw_view_stack_get_visible_child (ADW_VIEW_STACK (stack)) == GTK_WIDGET (page));
  sluice_ui_test_wait_for_draw (GTK_WIDGET (fixture.window));
  wait_settled (page);
  return page;
}

static GtkWidget *
find_text (GtkWidget  *root,
           const char *text,
           gboolean    exact)
{
  const char *shown = NULL;

  if (!gtk_widget_get_mapped (root))
    return NULL;

  if (GTK_IS_LABEL (root))
    shown = gtk_label_get_text (GTK_LABEL (root));
  if (shown != NULL && (exact ? strcmp (shown, text) == 0 : strstr (shown, text) != NULL))
    return root;

  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_text (child, text, exact);

      if (found != NULL)
        return found;
    }

  return NULL;
}

static GtkWidget *
assert_text (GtkWidget  *root,
             const char *text,
             gboolean    exact)
{
  GtkWidget *found = find_text (root, text, exact);

  if (found == NULL)
    g_error ("no visible text %s “%s”", exact ? "reads" : "contains", text);
  return found;
}

/* The text of the label at (@column, @row) of @grid. */
static const char *
grid_text (GtkGrid *grid,
           int      column,
           int      row)
{
  GtkWidget *child = gtk_grid_get_child_at (grid, column, row);

  return GTK_IS_LABEL (child) ? gtk_label_get_text (GTK_LABEL (child)) : NULL;
}

/* The row of @grid whose first label reads @name, or -1. */
static int
grid_find_row (GtkGrid    *grid,
               const char *name)
{
  for (int row = 0; row < 200; row++)
    if (g_strcmp0 (grid_text (grid, 0, row), name) == 0)
      return row;
  return -1;
}

static GtkWindow *
find_toplevel (GType type)
{
  g_autoptr(GList) toplevels = gtk_window_list_toplevels ();

  for (GList *l = toplevels; l != NULL; l = l->next)
    if (G_TYPE_CHECK_INSTANCE_TYPE (l->data, type) && gtk_widget_get_visible (l->data))
      return l->data;

  return NULL;
}

static void
save_png (const char *name)
{
  GtkWidget *leaflet = gtk_widget_get_ancestor (GTK_WIDGET (sluice_window_get_schema_page (fixture.window)),
                                                ADW_TYPE_LEAFLET);

  sluice_ui_test_wait_for_draw (GTK_WIDGET (fixture.window));
  sluice_ui_test_wait_for_draw (GTK_WIDGET (fixture.window));
  /* Long names in the page must not push the sidebar away. */
  g_assert_false (adw_leaflet_get_folded (ADW_LEAFLET (leaflet)));
  sluice_ui_test_save_png (GTK_WIDGET (fixture.window), name);
}

static guint
count_changes (SluiceDiff       *diff,
               SluiceChangeKind  kind)
{
  GPtrArray *changes = sluice_diff_get_changes (diff);
  guint count = 0;

  for (guint i = 0; i < changes->len; i++)
    if (((SluiceObjectChange *) g_ptr_array_index (changes, i))->kind == kind)
      count++;
  return count;
}

static gboolean
compare_done (gpointer user_data)
{
  SluiceSchemaPage *page = user_data;

  return !sluice_schema_page_get_loading (page) &&
         g_strcmp0 (sluice_schema_page_get_compare_state (page), "loading") != 0;
}

static void
run_compare (SluiceSchemaPage *page,
             const char       *left,
             const char       *right)
{
  if (!sluice_schema_page_select_side (page, FALSE, left))
    g_error ("no side “%s”", left);
  if (!sluice_schema_page_select_side (page, TRUE, right))
    g_error ("no side “%s”", right);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "schema.compare", NULL));
  g_assert_true (sluice_schema_page_get_loading (page));
  sluice_ui_test_wait_until (compare_done, page, LOAD_TIMEOUT_MS);
  if (g_strcmp0 (sluice_schema_page_get_compare_state (page), "diff") != 0)
    g_error ("the comparison failed: %s", sluice_schema_page_get_error (page));
  sluice_ui_test_wait_for_draw (GTK_WIDGET (fixture.window));
}

static gboolean
side_offered (gpointer user_data)
{
  SluiceSchemaPage *page = sluice_window_get_schema_page (fixture.window);
  GListModel *labels = sluice_schema_page_get_side_labels (page);

  for (guint i = 0; i < g_list_model_get_n_items (labels); i++)
    if (g_str_has_suffix (gtk_string_list_get_string (GTK_STRING_LIST (labels), i), user_data))
      return TRUE;
  return FALSE;
}

/* Tests ------------------------------------------------------------------ */

static void
test_browse (void)
{
  SluiceSchemaPage *page = show_schema_of (fixture.dev_id);
  SluiceCatalog *catalog = sluice_schema_page_get_catalog (page);
  GListModel *rows;
  g_autoptr(GtkTreeListRow) first = NULL;
  g_autoptr(SluiceSchemaNode) first_node = NULL;
  SluiceCatalogObject *selected;
  g_autofree char *ddl = NULL;
  GtkGrid *attributes;
  gboolean seen_tables = FALSE;
  gboolean seen_refunds = FALSE;
  int row;

  if (sluice_schema_page_get_error (page) != NULL)
    g_error ("the Schema page failed: %s", sluice_schema_page_get_error (page));
  g_assert_cmpstr (sluice_schema_page_get_mode (page), ==, "browse");
  g_assert_cmpstr (sluice_schema_page_get_view (page), ==, "catalog");
  g_assert_nonnull (catalog);
  g_assert_cmpstr (sluice_catalog_get_profile_id (catalog), ==, fixture.dev_id);
  g_assert_nonnull (sluice_catalog_lookup (catalog, "table public.refunds"));
  g_assert_cmpuint (sluice_catalog_count_kind (catalog, SLUICE_CATALOG_TABLE), ==, 3);

  /* The tree: "public" open at the top, its kinds open below it (a small
   * catalog), each object once. */
  rows = sluice_schema_page_get_tree_rows (page);
  first = g_list_model_get_item (rows, 0);
  first_node = gtk_tree_list_row_get_item (first);
  g_assert_cmpstr (sluice_schema_node_get_title (first_node), ==, "public");
  g_assert_true (gtk_tree_list_row_get_expanded (first));
  for (guint i = 0; i < g_list_model_get_n_items (rows); i++)
    {
      g_autoptr(GtkTreeListRow) tree_row = g_list_model_get_item (rows, i);
      g_autoptr(SluiceSchemaNode) node = gtk_tree_list_row_get_item (tree_row);

      if (gtk_tree_list_row_get_depth (tree_row) == 1 && g_str_has_prefix (sluice_schema_node_get_title (node), "Table"))
        {
          seen_tables = TRUE;
          g_assert_cmpstr (sluice_schema_node_get_subtitle (node), ==, "3");
        }
      if (gtk_tree_list_row_get_depth (tree_row) == 2 && g_strcmp0 (sluice_schema_node_get_title (node), "refunds") == 0)
        seen_refunds = TRUE;
    }
  g_assert_true (seen_tables);
  g_assert_true (seen_refunds);

  /* A column: the tree opens down to it. */
  g_assert_true (sluice_schema_page_select_identity (page, "column public.orders.total"));
  selected = sluice_schema_page_get_selected_object (page);
  g_assert_cmpstr (sluice_catalog_object_get_identity (selected), ==, "column public.orders.total");
  attributes = sluice_schema_page_get_attributes (page);
  row = grid_find_row (attributes, "type");
  g_assert_cmpint (row, >=, 0);
  g_assert_cmpstr (grid_text (attributes, 1, row), ==, "numeric(12,2)");

  /* The table: its DDL, as the core writes it, in the source view. */
  g_assert_true (sluice_schema_page_select_identity (page, "table public.orders"));
  ddl = sluice_schema_page_dup_ddl (page);
  {
    g_autofree char *expected = sluice_catalog_object_to_sql (catalog, sluice_schema_page_get_selected_object (page));

    g_assert_cmpstr (ddl, ==, expected);
  }
  g_assert_nonnull (strstr (ddl, "CREATE TABLE"));
  g_assert_nonnull (strstr (ddl, "orders"));
  g_assert_nonnull (strstr (ddl, "numeric(12,2)"));
  row = grid_find_row (attributes, "comment");
  g_assert_cmpint (row, >=, 0);
  g_assert_cmpstr (grid_text (attributes, 1, row), ==, "One row per order");
  assert_text (GTK_WIDGET (page), "public.orders", TRUE);
  save_png ("schema-browse.png");

  /* The search keeps what matches and what holds a match. */
  sluice_schema_page_set_search (page, "REFUND");
  rows = sluice_schema_page_get_tree_rows (page);
  {
    gboolean refunds = FALSE;

    for (guint i = 0; i < g_list_model_get_n_items (rows); i++)
      {
        g_autoptr(GtkTreeListRow) tree_row = g_list_model_get_item (rows, i);
        g_autoptr(SluiceSchemaNode) node = gtk_tree_list_row_get_item (tree_row);
        SluiceCatalogObject *object = sluice_schema_node_get_object (node);

        if (object != NULL && sluice_catalog_object_get_kind (object) == SLUICE_CATALOG_TABLE)
          {
            g_assert_cmpstr (sluice_catalog_object_get_name (object), ==, "refunds");
            refunds = TRUE;
          }
        /* orders is there only for a child whose name matches: none. */
        if (object != NULL && sluice_catalog_object_get_kind (object) == SLUICE_CATALOG_COLUMN)
          g_assert_cmpstr (sluice_catalog_object_get_parent_name (object), ==, "refunds");
      }
    g_assert_true (refunds);
  }
  /* Only the column "placed_at" of orders matches "placed" (in Dev): orders
   * stays, with that child alone. */
  sluice_schema_page_set_search (page, "placed");
  rows = sluice_schema_page_get_tree_rows (page);
  {
    guint orders_children = 0;

    for (guint i = 0; i < g_list_model_get_n_items (rows); i++)
      {
        g_autoptr(GtkTreeListRow) tree_row = g_list_model_get_item (rows, i);
        g_autoptr(SluiceSchemaNode) node = gtk_tree_list_row_get_item (tree_row);
        SluiceCatalogObject *object = sluice_schema_node_get_object (node);

        if (object != NULL && g_strcmp0 (sluice_catalog_object_get_parent_name (object), "orders") == 0)
          {
            g_assert_cmpstr (sluice_catalog_object_get_name (object), ==, "placed_at");
            orders_children++;
          }
      }
    g_assert_cmpuint (orders_children, ==, 1);
  }
  sluice_schema_page_set_search (page, "no such object anywhere");
  assert_text (GTK_WIDGET (page), "No Matching Object", TRUE);
  sluice_schema_page_set_search (page, NULL);
}

static void
test_snapshot_roundtrip (void)
{
  SluiceSchemaPage *page = show_schema_of (fixture.dev_id);
  SluiceCatalog *live = sluice_schema_page_get_catalog (page);
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFile) folder = NULL;
  g_autoptr(GFile) parent = NULL;
  g_autofree char *name = NULL;
  g_autofree char *label = NULL;
  SluiceSchemaCompareView *view;
  guint n_objects;

  g_assert_nonnull (live);
  n_objects = sluice_catalog_get_n_objects (live);

  /* Saved into the profile's snapshot folder, with profile and label. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "schema.save-snapshot", NULL));
  wait_settled (page);
  if (sluice_schema_page_get_saved_snapshot (page) == NULL)
    g_error ("the snapshot was not saved: %s", sluice_schema_page_get_error (page));
  file = g_file_new_for_path (sluice_schema_page_get_saved_snapshot (page));
  folder = sluice_catalog_folder_for_profile (fixture.dev_id);
  parent = g_file_get_parent (file);
  g_assert_true (g_file_equal (parent, folder));
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(SluiceCatalog) saved = sluice_catalog_load_file (file, &error);

    g_assert_no_error (error);
    g_assert_cmpstr (sluice_catalog_get_profile_id (saved), ==, fixture.dev_id);
    g_assert_cmpstr (sluice_catalog_get_profile_name (saved), ==, "Shop Dev");
    g_assert_nonnull (sluice_catalog_get_label (saved));
    g_assert_cmpuint (sluice_catalog_get_n_objects (saved), ==, n_objects);
  }

  /* The file is offered as a side; live against it: no difference. */
  name = g_file_get_basename (file);
  sluice_schema_page_set_mode (page, "compare");
  sluice_ui_test_wait_until (side_offered, name, LOAD_TIMEOUT_MS);
  wait_settled (page);
  label = g_strdup_printf ("Snapshot: %s", name);
  run_compare (page, label, "Live: Shop Dev");
  view = sluice_schema_page_get_compare_view (page);
  g_assert_true (sluice_diff_is_empty (sluice_schema_page_get_diff (page)));
  g_assert_cmpuint (sluice_schema_compare_view_count (view, SLUICE_CHANGE_ADDED), ==, 0);
  g_assert_cmpuint (sluice_schema_compare_view_count (view, SLUICE_CHANGE_REMOVED), ==, 0);
  g_assert_cmpuint (sluice_schema_compare_view_count (view, SLUICE_CHANGE_CHANGED), ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (sluice_schema_compare_view_get_rows (view)), ==, 0);
  assert_text (GTK_WIDGET (page), "No Differences", TRUE);
  /* Every object is listed once unchanged objects are shown. */
  sluice_schema_compare_view_set_changed_only (view, FALSE);
  g_assert_cmpuint (g_list_model_get_n_items (sluice_schema_compare_view_get_rows (view)), ==, n_objects);
  sluice_schema_compare_view_set_changed_only (view, TRUE);

  /* Opened in browse mode: the same objects, not live (no re-save). */
  sluice_schema_page_set_mode (page, "browse");
  sluice_schema_page_open_snapshot (page, file);
  wait_settled (page);
  g_assert_false (sluice_schema_page_get_catalog (page) == live);
  g_assert_cmpuint (sluice_catalog_get_n_objects (sluice_schema_page_get_catalog (page)), ==, n_objects);
  /* A file is not saved again as a snapshot. */
  {
    GtkWidget *text = assert_text (GTK_WIDGET (page), "Save Snapshot", TRUE);
    GtkWidget *button = gtk_widget_get_ancestor (text, GTK_TYPE_BUTTON);

    g_assert_nonnull (button);
    g_assert_false (gtk_widget_is_sensitive (button));
  }
  assert_text (GTK_WIDGET (page), name, FALSE);

  /* A broken file: said in a dialog, the snapshot shown stays. */
  {
    g_autofree char *broken_path = g_build_filename (g_get_tmp_dir (), "sluice-broken-snapshot.json", NULL);
    g_autoptr(GFile) broken = g_file_new_for_path (broken_path);
    SluiceCatalog *shown = sluice_schema_page_get_catalog (page);
    GtkWindow *dialog;

    g_assert_true (g_file_set_contents (broken_path, "{\"format\": \"sluice-catalog\", \"format_version\": 1, \"obj", -1, NULL));
    sluice_schema_page_open_snapshot (page, broken);
    wait_settled (page);
    g_assert_true (sluice_schema_page_get_catalog (page) == shown);
    g_assert_nonnull (sluice_schema_page_get_error (page));
    dialog = find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
    g_assert_nonnull (dialog);
    g_assert_nonnull (strstr (sluice_schema_page_get_error (page), "sluice-broken-snapshot.json"));
    gtk_window_destroy (dialog);
    g_unlink (broken_path);
  }

  /* Back to live. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "schema.reload", NULL));
  wait_settled (page);
  g_assert_cmpstr (sluice_schema_page_get_view (page), ==, "catalog");
}

static void
test_compare (void)
{
  SluiceSchemaPage *page = show_schema_of (fixture.production_id);
  SluiceSchemaCompareView *view = sluice_schema_page_get_compare_view (page);
  SluiceDiff *diff;
  const SluiceObjectChange *change;
  g_autofree char *summary = NULL;
  GListModel *rows;
  GtkGrid *attributes;
  g_autofree char *from_sql = NULL;
  g_autofree char *to_sql = NULL;
  guint added = 0, removed = 0, changed = 0;
  int row;

  sluice_schema_page_set_mode (page, "compare");
  wait_settled (page);
  assert_text (GTK_WIDGET (page), "Compare Two Catalogs", TRUE);

  /* Production (as released) on the left, Dev (the next release) on the
   * right: the DDL brings production to dev. */
  run_compare (page, "Live: Shop Production", "Live: Shop Dev");
  diff = sluice_schema_page_get_diff (page);
  g_assert_nonnull (diff);
  g_assert_false (sluice_diff_is_empty (diff));

  /* What the diff says, object by object. */
  change = sluice_diff_lookup (diff, "table public.refunds");
  g_assert_nonnull (change);
  g_assert_cmpint (change->kind, ==, SLUICE_CHANGE_ADDED);
  change = sluice_diff_lookup (diff, "index public.orders_placed_idx");
  g_assert_nonnull (change);
  g_assert_cmpint (change->kind, ==, SLUICE_CHANGE_REMOVED);
  change = sluice_diff_lookup (diff, "type public.order_status");
  g_assert_nonnull (change);
  g_assert_cmpint (change->kind, ==, SLUICE_CHANGE_CHANGED);
  change = sluice_diff_lookup (diff, "column public.orders.total");
  g_assert_nonnull (change);
  g_assert_cmpint (change->kind, ==, SLUICE_CHANGE_CHANGED);
  g_assert_null (sluice_diff_lookup (diff, "table public.customers"));

  /* The rows the page lists, with changed-only on: the changes, each once,
   * and their counts as the pills say. */
  g_assert_true (sluice_schema_compare_view_get_changed_only (view));
  rows = sluice_schema_compare_view_get_rows (view);
  for (guint i = 0; i < g_list_model_get_n_items (rows); i++)
    {
      g_autoptr(SluiceSchemaChangeItem) item = g_list_model_get_item (rows, i);
      const char *state = sluice_schema_change_item_get_state (item);

      if (g_strcmp0 (state, "added") == 0)
        {
          added++;
          g_assert_null (sluice_schema_change_item_get_from (item));
        }
      else if (g_strcmp0 (state, "removed") == 0)
        {
          removed++;
          g_assert_null (sluice_schema_change_item_get_to (item));
        }
      else
        {
          g_assert_true (g_strcmp0 (state, "changed") == 0 || g_strcmp0 (state, "renamed") == 0);
          changed++;
        }
    }
  g_assert_cmpuint (added + removed + changed, ==, sluice_diff_get_changes (diff)->len);
  g_assert_cmpuint (added, ==, count_changes (diff, SLUICE_CHANGE_ADDED));
  g_assert_cmpuint (removed, ==, count_changes (diff, SLUICE_CHANGE_REMOVED));
  g_assert_cmpuint (changed, ==, count_changes (diff, SLUICE_CHANGE_CHANGED) + count_changes (diff, SLUICE_CHANGE_RENAMED));
  /* refunds, its four columns and two constraints; the one index; the
   * enum and the column. */
  g_test_message ("rows: %u added, %u removed, %u changed", added, removed, changed);
  g_assert_cmpuint (added, ==, 7);
  g_assert_cmpuint (removed, ==, 1);
  g_assert_cmpuint (changed, ==, 2);
  g_assert_cmpuint (sluice_schema_compare_view_count (view, SLUICE_CHANGE_ADDED), ==, added);
  g_assert_cmpuint (sluice_schema_compare_view_count (view, SLUICE_CHANGE_REMOVED), ==, removed);
  assert_text (GTK_WIDGET (page), "7 added", TRUE);
  assert_text (GTK_WIDGET (page), "1 removed", TRUE);
  assert_text (GTK_WIDGET (page), "2 changed", TRUE);

  /* The summary line is the diff's own. */
  summary = sluice_diff_describe (diff);
  g_test_message ("summary: %s", summary);
  g_assert_cmpstr (sluice_schema_compare_view_get_summary (view), ==, summary);
  assert_text (GTK_WIDGET (page), summary, TRUE);
  g_assert_nonnull (strstr (summary, "table"));

  /* Unchanged objects come back with the filter off. */
  sluice_schema_compare_view_set_changed_only (view, FALSE);
  g_assert_cmpuint (g_list_model_get_n_items (rows), >, added + removed + changed);
  sluice_schema_compare_view_set_changed_only (view, TRUE);

  /* The retyped column: old | new per attribute, and both DDLs. */
  g_assert_true (sluice_schema_compare_view_select_identity (view, "column public.orders.total"));
  attributes = sluice_schema_compare_view_get_attributes (view);
  row = grid_find_row (attributes, "type");
  g_assert_cmpint (row, >, 0);
  g_assert_cmpstr (grid_text (attributes, 1, row), ==, "integer");
  g_assert_cmpstr (grid_text (attributes, 2, row), ==, "numeric(12,2)");
  from_sql = sluice_schema_compare_view_dup_side_sql (view, FALSE);
  to_sql = sluice_schema_compare_view_dup_side_sql (view, TRUE);
  g_assert_nonnull (strstr (from_sql, "integer"));
  g_assert_nonnull (strstr (to_sql, "numeric(12,2)"));
  save_png ("schema-compare.png");

  /* The enum: its labels, old and new. */
  g_assert_true (sluice_schema_compare_view_select_identity (view, "type public.order_status"));
  row = grid_find_row (attributes, "labels");
  g_assert_cmpint (row, >, 0);
  g_assert_cmpstr (grid_text (attributes, 1, row), ==, "'new', 'paid', 'shipped'");
  g_assert_cmpstr (grid_text (attributes, 2, row), ==, "'new', 'paid', 'shipped', 'refunded'");

  /* The DDL: one row per statement, hazards as pills. */
  sluice_schema_compare_view_set_section (view, "ddl");
  sluice_ui_test_wait_for_draw (GTK_WIDGET (fixture.window));
  {
    GPtrArray *statements = sluice_diff_get_statements (diff);
    GtkListBox *list = sluice_schema_compare_view_get_statements (view);
    gboolean rewrite_seen = FALSE;
    guint n_rows = 0;

    for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (list)); child != NULL;
         child = gtk_widget_get_next_sibling (child))
      if (GTK_IS_LIST_BOX_ROW (child))
        n_rows++;
    g_assert_cmpuint (n_rows, ==, statements->len);
    g_assert_cmpuint (statements->len, >=, 4);

    for (guint i = 0; i < statements->len; i++)
      {
        const SluiceDdlStatement *statement = g_ptr_array_index (statements, i);
        GtkListBoxRow *list_row = gtk_list_box_get_row_at_index (list, i);

        g_test_message ("statement %u: %s", i + 1, statement->sql);
        g_assert_nonnull (find_text (GTK_WIDGET (list_row), statement->sql, TRUE));
        if (statement->hazards & SLUICE_HAZARD_TABLE_REWRITE)
          {
            rewrite_seen = TRUE;
            g_assert_nonnull (strstr (statement->sql, "total"));
            g_assert_nonnull (find_text (GTK_WIDGET (list_row), sluice_hazard_get_label (SLUICE_HAZARD_TABLE_REWRITE), TRUE));
          }
        if (statement->lock != SLUICE_LOCK_NONE)
          g_assert_nonnull (find_text (GTK_WIDGET (list_row), sluice_lock_mode_to_string (statement->lock), FALSE));
      }
    g_assert_true (rewrite_seen);
  }
  save_png ("schema-compare-ddl.png");
  sluice_schema_compare_view_set_section (view, "objects");

  /* The colours hold on a dark window too. */
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_DARK);
  g_assert_true (sluice_schema_compare_view_select_identity (view, "column public.orders.total"));
  save_png ("schema-compare-dark.png");
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_DEFAULT);
}

static gboolean
sides_default_to_latest_run (gpointer user_data)
{
  SluiceSchemaPage *page = user_data;

  return g_str_has_prefix (sluice_schema_page_get_side_label (page, FALSE), "Before the latest run") &&
         g_str_has_prefix (sluice_schema_page_get_side_label (page, TRUE), "After the latest run");
}

static void
test_latest_run (void)
{
  g_autoptr(SluiceCatalog) before = NULL;
  g_autoptr(SluiceCatalog) after = NULL;
  g_autoptr(GFile) folder = sluice_catalog_folder_for_profile (fixture.production_id);
  g_autoptr(GFile) before_file = g_file_get_child (folder, "20260101-120000-before-0002.json");
  g_autoptr(GFile) after_file = g_file_get_child (folder, "20260101-120005-after-0002.json");
  g_autoptr(GFile) other_file = g_file_get_child (folder, "20251231-090000-postgres-by-hand.json");
  g_autoptr(GError) error = NULL;
  SluiceSchemaPage *page;
  SluiceSchemaCompareView *view;

  /* Two catalogs as a run would leave them around migration 0002 (here,
   * production's and dev's), and an older one whose name only looks like
   * "post". */
  page = show_schema_of (fixture.production_id);
  before = g_object_ref (sluice_schema_page_get_catalog (page));
  page = show_schema_of (fixture.dev_id);
  after = g_object_ref (sluice_schema_page_get_catalog (page));
  sluice_catalog_set_label (before, "before 0002");
  sluice_catalog_set_label (after, "after 0002");
  g_assert_true (sluice_catalog_save_file (before, other_file, &error));
  g_assert_no_error (error);
  g_assert_true (sluice_catalog_save_file (before, before_file, &error));
  g_assert_no_error (error);
  g_assert_true (sluice_catalog_save_file (after, after_file, &error));
  g_assert_no_error (error);

  /* Until the person chooses, the sides are that pair. */
  page = show_schema_of (fixture.production_id);
  sluice_schema_page_set_mode (page, "compare");
  sluice_ui_test_wait_until (sides_default_to_latest_run, page, LOAD_TIMEOUT_MS);
  wait_settled (page);
  g_assert_true (side_offered ("20251231-090000-postgres-by-hand.json"));
  g_assert_true (sluice_schema_page_select_side (page, FALSE, "Snapshot: 20251231-090000-postgres-by-hand.json"));
  g_assert_true (sluice_schema_page_select_side (page, FALSE, "Before the latest run (20260101-120000-before-0002.json)"));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "schema.compare", NULL));
  sluice_ui_test_wait_until (compare_done, page, LOAD_TIMEOUT_MS);
  g_assert_cmpstr (sluice_schema_page_get_compare_state (page), ==, "diff");
  view = sluice_schema_page_get_compare_view (page);
  g_assert_cmpuint (sluice_schema_compare_view_count (view, SLUICE_CHANGE_ADDED), ==, 7);
  g_assert_cmpuint (sluice_schema_compare_view_count (view, SLUICE_CHANGE_REMOVED), ==, 1);
  g_assert_cmpuint (sluice_schema_compare_view_count (view, SLUICE_CHANGE_CHANGED), ==, 2);
  /* The side-by-side headings name the snapshots by their labels. */
  g_assert_true (sluice_schema_compare_view_select_identity (view, "table public.refunds"));
  sluice_ui_test_wait_for_draw (GTK_WIDGET (fixture.window));
  assert_text (GTK_WIDGET (page), "before 0002", TRUE);
  assert_text (GTK_WIDGET (page), "after 0002", TRUE);
}

static gboolean
migration_settled (gpointer user_data)
{
  SluiceSchemaPage *page = user_data;

  return !sluice_schema_page_get_busy (page);
}

static void
test_save_migration (void)
{
  SluiceSchemaPage *page = show_schema_of (fixture.production_id);
  const char * const *paths;
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  GtkWindow *dialog;

  sluice_schema_page_set_mode (page, "compare");
  wait_settled (page);
  run_compare (page, "Live: Shop Production", "Live: Shop Dev");

  /* The dialog asks for a name; Save writes. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "schema.save-migration", NULL));
  dialog = find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  g_assert_nonnull (dialog);
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  gtk_window_destroy (dialog);
  g_assert_null (sluice_schema_page_get_written_paths (page));

  sluice_schema_page_save_migration (page, "add refunds");
  sluice_ui_test_wait_until (migration_settled, page, LOAD_TIMEOUT_MS);
  paths = sluice_schema_page_get_written_paths (page);
  if (paths == NULL)
    g_error ("no migration was written: %s", sluice_schema_page_get_error (page));
  g_assert_true (g_str_has_prefix (paths[0], fixture.migrations_dir));
  g_assert_true (g_file_get_contents (paths[0], &contents, NULL, &error));
  g_assert_no_error (error);
  g_test_message ("written %s", paths[0]);
  g_assert_nonnull (strstr (contents, "refunds"));
  g_assert_nonnull (strstr (contents, "refunded"));
  g_assert_nonnull (strstr (contents, "CREATE TABLE"));
  /* The way back: dev's table dropped, production's index made again. */
  g_assert_nonnull (strstr (contents, "DROP TABLE"));
  g_assert_nonnull (strstr (contents, "orders_placed_idx"));
  g_test_message ("%s", contents);

  /* Dev has no migration folder: a dialog says nothing was written. */
  page = show_schema_of (fixture.dev_id);
  sluice_schema_page_set_mode (page, "compare");
  wait_settled (page);
  run_compare (page, "Live: Shop Production", "Live: Shop Dev");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "schema.save-migration", NULL));
  dialog = find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  g_assert_nonnull (dialog);
  g_assert_null (sluice_schema_page_get_written_paths (page));
  g_assert_nonnull (strstr (sluice_schema_page_get_error (page), "Nothing was written"));
  gtk_window_destroy (dialog);
}

static void
test_failures (void)
{
  SluiceSchemaPage *page;
  SluiceCatalog *catalog;

  /* A database that cannot be reached: said on the page, nothing shown. */
  page = show_schema_of (fixture.broken_id);
  /* The mode stays from one profile to the next: the last test compared. */
  sluice_schema_page_set_mode (page, "browse");
  sluice_ui_test_wait_for_draw (GTK_WIDGET (fixture.window));
  g_assert_cmpstr (sluice_schema_page_get_view (page), ==, "failed");
  g_assert_null (sluice_schema_page_get_catalog (page));
  g_assert_nonnull (sluice_schema_page_get_error (page));
  assert_text (GTK_WIDGET (page), "Could Not Connect to “Shop Broken”", TRUE);
  assert_text (GTK_WIDGET (page), "sluice_no_such_database", FALSE);

  /* As a side of a comparison: the comparison names it. */
  sluice_schema_page_set_mode (page, "compare");
  wait_settled (page);
  g_assert_true (sluice_schema_page_select_side (page, FALSE, "Live: Shop Dev"));
  g_assert_true (sluice_schema_page_select_side (page, TRUE, "Live: Shop Broken"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "schema.compare", NULL));
  sluice_ui_test_wait_until (compare_done, page, LOAD_TIMEOUT_MS);
  g_assert_cmpstr (sluice_schema_page_get_compare_state (page), ==, "failed");
  g_assert_null (sluice_schema_page_get_diff (page));
  assert_text (GTK_WIDGET (page), "Could Not Read “Live: Shop Broken”", TRUE);
  sluice_schema_page_set_mode (page, "browse");

  /* A read cancelled: the tree shown stays, and the page says so. */
  page = show_schema_of (fixture.dev_id);
  catalog = sluice_schema_page_get_catalog (page);
  g_assert_nonnull (catalog);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "schema.reload", NULL));
  g_assert_true (sluice_schema_page_get_loading (page));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "schema.cancel", NULL));
  g_assert_false (sluice_schema_page_get_loading (page));
  wait_settled (page);
  g_assert_true (sluice_schema_page_get_catalog (page) == catalog);
  g_assert_cmpstr (sluice_schema_page_get_view (page), ==, "catalog");
  assert_text (GTK_WIDGET (page), "Cancelled", FALSE);
}

static char **
collect_source_dirs (const char *kind)
{
  const char * const *data_dirs = g_get_system_data_dirs ();
  g_autoptr(GStrvBuilder) dirs = g_strv_builder_new ();

  for (guint i = 0; data_dirs[i] != NULL; i++)
    {
      g_autofree char *dir = g_build_filename (data_dirs[i], "gtksourceview-5", kind, NULL);

      g_strv_builder_add (dirs, dir);
    }

  return g_strv_builder_end (dirs);
}

int
main (int   argc,
      char *argv[])
{
  g_auto(GStrv) language_dirs = collect_source_dirs ("language-specs");
  g_auto(GStrv) style_dirs = collect_source_dirs ("styles");
  int status;

  /* No session bus, so no keyring: nothing waits on a prompt. */
  g_setenv ("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/sluice-test-bus", TRUE);

  sluice_ui_test_init (&argc, &argv);
  gtk_source_init ();
  gtk_source_language_manager_set_search_path (gtk_source_language_manager_get_default (),
                                               (const char * const *) language_dirs);
  gtk_source_style_scheme_manager_set_search_path (gtk_source_style_scheme_manager_get_default (),
                                                   (const char * const *) style_dirs);
  prepare ();

  /* The renders first: later tests leave toasts on the window. */
  g_test_add_func ("/schema-page/browse", test_browse);
  g_test_add_func ("/schema-page/compare", test_compare);
  g_test_add_func ("/schema-page/snapshot-roundtrip", test_snapshot_roundtrip);
  g_test_add_func ("/schema-page/save-migration", test_save_migration);
  g_test_add_func ("/schema-page/latest-run", test_latest_run);
  g_test_add_func ("/schema-page/failures", test_failures);

  status = g_test_run ();

  if (fixture.window != NULL)
    gtk_window_destroy (GTK_WINDOW (fixture.window));
  g_clear_object (&fixture.app);
  return status;
}
