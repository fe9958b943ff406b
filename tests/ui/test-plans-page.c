/* test-plans-page.c: the Plans page in the real window under Xvfb, against
 * the cluster of sluice-pg-harness
 *
 * Two profiles share one database of customers, orders and accounts: "Shop
 * Dev" (relaxed) and "Shop Production" (prod, strict).  The page runs
 * EXPLAIN ANALYZE through its own action and must show exactly the plan the
 * server gave: the tree's rows, the summary, the warnings, the graph and
 * the detail.  A plan psql printed is pasted into the page's dialog; a
 * lookup is explained before and after CREATE INDEX and compared; and on
 * production an ANALYZE of an UPDATE waits for the database's name, runs
 * nothing when declined, and is rolled back when confirmed.  The views are
 * rendered to PNG.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include <adwaita.h>
#include <glib/gstdio.h>
#include <gtksourceview/gtksource.h>
#include <libpq-fe.h>

#include "sluice.h"
#include "sluice-application.h"
#include "sluice-guard-dialog.h"
#include "sluice-plan-advice.h"
#include "sluice-plan-flame-layout.h"
#include "sluice-plan-format.h"
#include "sluice-plan-run.h"
#include "sluice-plans-page.h"
#include "sluice-test-pg.h"
#include "sluice-ui-test-utils.h"
#include "sluice-window.h"

#define RUN_TIMEOUT_MS 60000

#define REPORT_SQL \
  "SELECT c.region, count(*) AS open_orders, sum(o.total) AS value\n" \
  "FROM orders o\n" \
  "JOIN customers c ON c.id = o.customer_id\n" \
  "WHERE o.status = 'open'\n" \
  "GROUP BY c.region\n" \
  "ORDER BY value DESC"

#define LOOKUP_SQL \
  "SELECT o.id, o.total, o.placed_at, c.name\n" \
  "FROM orders o\n" \
  "JOIN customers c ON c.id = o.customer_id\n" \
  "WHERE o.reference = 'R-4242'"
#define UPDATE_SQL "UPDATE accounts SET balance = balance + 100 WHERE id = 7"

typedef struct
{
  char              *config_dir;
  char              *conninfo;
  char              *database;
  char              *dev_id;
  char              *prod_id;
  SluiceApplication *app;
  SluiceWindow      *window;
} Fixture;

static Fixture fixture;

/* Test data -------------------------------------------------------------- */

static char *
query_value (const char *sql)
{
  PGconn *conn = PQconnectdb (fixture.conninfo);
  PGresult *result;
  char *value;

  g_assert_cmpint (PQstatus (conn), ==, CONNECTION_OK);
  result = PQexec (conn, sql);
  g_assert_cmpint (PQresultStatus (result), ==, PGRES_TUPLES_OK);
  value = g_strdup (PQgetvalue (result, 0, 0));
  PQclear (result);
  PQfinish (conn);
  return value;
}

/* EXPLAIN's text as psql prints it: the centred header, the dashes, a
 * space before each line and the row count beneath. */
static char *
psql_text_plan (const char *sql)
{
  g_autofree char *explain = g_strdup_printf ("EXPLAIN (ANALYZE, BUFFERS) %s", sql);
  PGconn *conn = PQconnectdb (fixture.conninfo);
  GString *text = g_string_new (NULL);
  PGresult *result;
  gsize width = strlen ("QUERY PLAN");

  g_assert_cmpint (PQstatus (conn), ==, CONNECTION_OK);
  result = PQexec (conn, explain);
  g_assert_cmpint (PQresultStatus (result), ==, PGRES_TUPLES_OK);

  for (int i = 0; i < PQntuples (result); i++)
    width = MAX (width, strlen (PQgetvalue (result, i, 0)));

  for (gsize i = 0; i < (width - strlen ("QUERY PLAN")) / 2 + 1; i++)
    g_string_append_c (text, ' ');
  g_string_append (text, "QUERY PLAN\n");
  for (gsize i = 0; i < width + 2; i++)
    g_string_append_c (text, '-');
  g_string_append_c (text, '\n');
  for (int i = 0; i < PQntuples (result); i++)
    g_string_append_printf (text, " %s\n", PQgetvalue (result, i, 0));
  g_string_append_printf (text, "(%d rows)\n", PQntuples (result));

  PQclear (result);
  PQfinish (conn);
  return g_string_free (text, FALSE);
}

static void
fill_database (void)
{
  sluice_test_pg_exec (fixture.conninfo,
    "CREATE TABLE customers (id bigint PRIMARY KEY, name text NOT NULL, region text NOT NULL);"
    "INSERT INTO customers SELECT g, 'Customer ' || g, (ARRAY['north', 'south', 'east', 'west'])[1 + g % 4]"
    "  FROM generate_series (1, 20000) AS g;"
    "CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint NOT NULL, reference text NOT NULL,"
    "  status text NOT NULL, total numeric (12, 2) NOT NULL, placed_at timestamptz NOT NULL);"
    "INSERT INTO orders SELECT g, 1 + (g * 7919) % 20000, 'R-' || g,"
    "  CASE WHEN g % 10 = 0 THEN 'open' ELSE 'closed' END, (g % 500) + 0.99, now () - g * interval '1 minute'"
    "  FROM generate_series (1, 200000) AS g;"
    "CREATE TABLE accounts (id bigint PRIMARY KEY, balance numeric NOT NULL);"
    "INSERT INTO accounts SELECT g, g * 10 FROM generate_series (1, 2000) AS g;");
  /* Apart: VACUUM refuses a multi-statement string (a transaction). */
  sluice_test_pg_exec (fixture.conninfo, "VACUUM ANALYZE");
}

static char *
add_profile (SluiceProfileStore *store,
             const char         *name,
             SluiceEnvironment   environment,
             SluiceGuardLevel    guard)
{
  g_autoptr(SluiceProfile) profile = sluice_profile_new (name, environment, fixture.conninfo);
  g_autoptr(GError) error = NULL;

  sluice_profile_set_guard (profile, guard);
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

  fixture.conninfo = sluice_test_pg_new_database ();
  fill_database ();
  fixture.database = query_value ("SELECT current_database ()");

  fixture.config_dir = g_dir_make_tmp ("sluice-ui-config-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (fixture.config_dir, "profiles.json", NULL);
  store = sluice_profile_store_new (path);
  fixture.dev_id = add_profile (store, "Shop Dev", SLUICE_ENVIRONMENT_DEV, SLUICE_GUARD_RELAXED);
  fixture.prod_id = add_profile (store, "Shop Production", SLUICE_ENVIRONMENT_PROD, SLUICE_GUARD_STRICT);
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

static SluicePlansPage *
show_plans_of (const char *profile_id)
{
  SluicePlansPage *page;
  GtkWidget *stack;

  ensure_started ();
  gtk_widget_activate_action (GTK_WIDGET (fixture.window), "win.select-profile", "s", profile_id);
  g_assert_cmpstr (sluice_profile_get_id (sluice_window_get_selected_profile (fixture.window)), ==, profile_id);

  page = sluice_window_get_plans_page (fixture.window);
  stack = gtk_widget_get_ancestor (GTK_WIDGET (page), ADW_TYPE_VIEW_STACK);
  g_assert_nonnull (stack);
  adw_view_stack_set_visible_child_name (ADW_VIEW_STACK (stack), "plans");
  g_assert_true (adw_view_stack_get_visible_child (ADW_VIEW_STACK (stack)) == GTK_WIDGET (page));
  sluice_ui_test_wait_for_draw (GTK_WIDGET (fixture.window));
  return page;
}

typedef struct
{
  SluicePlansPage *page;
  guint            n_runs;
} RunWait;

static gboolean
run_settled (gpointer user_data)
{
  RunWait *wait = user_data;

  return !sluice_plans_page_get_running (wait->page) &&
         (g_list_model_get_n_items (sluice_plans_page_get_runs (wait->page)) > wait->n_runs ||
          sluice_plans_page_get_error (wait->page) != NULL);
}

static void
wait_for_new_plan (SluicePlansPage *page,
                   guint            n_runs_before)
{
  RunWait wait = { page, n_runs_before };

  sluice_ui_test_wait_until (run_settled, &wait, RUN_TIMEOUT_MS);
  if (sluice_plans_page_get_error (page) != NULL)
    g_error ("the Plans page failed: %s", sluice_plans_page_get_error (page));
  g_assert_cmpuint (g_list_model_get_n_items (sluice_plans_page_get_runs (page)), ==, n_runs_before + 1);
  sluice_ui_test_wait_for_draw (GTK_WIDGET (fixture.window));
}

static SluicePlan *
run_explain (SluicePlansPage *page,
             const char      *sql,
             gboolean         analyze)
{
  g_autoptr(SluiceExplainOptions) options = sluice_explain_options_new ();
  guint n_runs = g_list_model_get_n_items (sluice_plans_page_get_runs (page));

  options->analyze = analyze;
  options->buffers = TRUE;
  sluice_plans_page_set_options (page, options);
  sluice_plans_page_set_sql (page, sql);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "plans.run", NULL));
  g_assert_true (sluice_plans_page_get_running (page));
  wait_for_new_plan (page, n_runs);
  return sluice_plans_page_get_plan (page);
}

/* A mapped GtkLabel or GtkInscription (the tree's and the comparison's
 * cells) under @root with @text. */
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
  else if (GTK_IS_INSCRIPTION (root))
    shown = gtk_inscription_get_text (GTK_INSCRIPTION (root));
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

static void
assert_label (const char *text,
              gboolean    exact)
{
  if (find_text (GTK_WIDGET (fixture.window), text, exact) == NULL)
    g_error ("no visible text %s “%s”", exact ? "reads" : "contains", text);
}

static SluicePlanNode *
find_node (SluicePlan *plan,
           const char *title,
           const char *relation)
{
  GPtrArray *nodes = sluice_plan_get_nodes (plan);

  for (guint i = 0; i < nodes->len; i++)
    {
      SluicePlanNode *node = g_ptr_array_index (nodes, i);

      if (g_str_has_suffix (sluice_plan_node_get_title (node), title) &&
          (relation == NULL || g_strcmp0 (sluice_plan_node_get_relation_name (node), relation) == 0))
        return node;
    }

  return NULL;
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

static gboolean
toplevel_shown (gpointer user_data)
{
  return find_toplevel (GPOINTER_TO_SIZE (user_data)) != NULL;
}

static GtkWidget *
find_descendant (GtkWidget *root,
                 GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (root, type))
    return root;

  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_descendant (child, type);

      if (found != NULL)
        return found;
    }

  return NULL;
}

/* What a click on one of a message dialog's buttons does: respond, and
 * close (adw_message_dialog_response() alone leaves it open). */
static void
respond (GtkWindow  *dialog,
         const char *response)
{
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), response);
  gtk_window_destroy (dialog);
}

/* Renders the window once it has drawn what changed: a selection made
 * just before scrolls the tree on the next frames, and a window between
 * two frames has nothing to render. */
static void
save_png (const char *name)
{
  for (guint i = 0; i < 20; i++)
    {
      g_autoptr(GdkPaintable) paintable = NULL;
      g_autoptr(GdkPaintable) image = NULL;

      sluice_ui_test_wait_for_draw (GTK_WIDGET (fixture.window));
      paintable = gtk_widget_paintable_new (GTK_WIDGET (fixture.window));
      image = gdk_paintable_get_current_image (paintable);
      if (!GDK_IS_PAINTABLE (image) || g_strcmp0 (G_OBJECT_TYPE_NAME (image), "GdkEmptyPaintable") != 0)
        break;
    }

  sluice_ui_test_save_png (GTK_WIDGET (fixture.window), name);
}

static gboolean
page_idle (gpointer user_data)
{
  return !sluice_plans_page_get_running (user_data);
}

/* Tests ------------------------------------------------------------------ */

static void
test_run_analyze (void)
{
  SluicePlansPage *page = show_plans_of (fixture.dev_id);
  SluicePlan *plan = run_explain (page, REPORT_SQL, TRUE);
  SluicePlanTree *tree = sluice_plans_page_get_tree (page);
  SluicePlanFlame *flame = sluice_plans_page_get_flame (page);
  SluicePlanDetail *detail = sluice_plans_page_get_detail (page);
  GtkListBox *warnings_list = sluice_plans_page_get_warnings_list (page);
  GPtrArray *warnings = sluice_plans_page_get_warnings (page);
  GListModel *rows;
  SluicePlanNode *orders_scan;
  g_autofree char *execution = NULL;
  g_autofree char *planning = NULL;
  g_autofree char *nodes = NULL;
  g_autofree char *highlight = NULL;
  g_autoptr(GPtrArray) expected_warnings = NULL;
  graphene_rect_t area;

  /* The plan the server gave, as it gave it. */
  g_assert_nonnull (plan);
  g_assert_true (sluice_plan_has_actuals (plan));
  g_assert_true (sluice_plan_has_buffers (plan));
  g_assert_false (sluice_plan_get_rolled_back (plan));
  g_assert_cmpstr (sluice_plan_get_query (plan), ==, REPORT_SQL);
  g_assert_cmpstr (sluice_plan_node_get_node_type (sluice_plan_get_root (plan)), ==, "Sort");
  orders_scan = find_node (plan, "Seq Scan", "orders");
  g_assert_nonnull (orders_scan);
  g_assert_cmpfloat (sluice_plan_node_get_total_rows (orders_scan), ==, 20000);
  g_assert_null (sluice_plans_page_get_notice (page));

  /* The options this server has: PostgreSQL 15 has SETTINGS and WAL, not
   * SERIALIZE and MEMORY (17). */
  g_assert_cmpint (sluice_plans_page_get_server_version (page), >=, 150000);
  if (sluice_plans_page_get_server_version (page) < 170000)
    {
      g_assert_null (find_text (GTK_WIDGET (page), "SERIALIZE", TRUE));
      g_assert_null (find_text (GTK_WIDGET (page), "MEMORY", TRUE));
    }
  g_assert_nonnull (find_text (GTK_WIDGET (page), "SETTINGS", TRUE));
  g_assert_nonnull (find_text (GTK_WIDGET (page), "WAL", TRUE));

  /* The tree: one row per node (every level is open), in plan order. */
  rows = sluice_plan_tree_get_rows (tree);
  g_assert_nonnull (rows);
  g_assert_cmpuint (g_list_model_get_n_items (rows), ==, sluice_plan_get_n_nodes (plan));
  for (guint i = 0; i < g_list_model_get_n_items (rows); i++)
    {
      g_autoptr(GtkTreeListRow) row = g_list_model_get_item (rows, i);
      g_autoptr(SluicePlanNode) node = gtk_tree_list_row_get_item (row);

      g_assert_true (node == sluice_plan_get_node (plan, i));
      g_assert_cmpuint (gtk_tree_list_row_get_depth (row), ==, sluice_plan_node_get_depth (node));
    }
  g_assert_cmpuint (g_list_model_get_n_items (gtk_column_view_get_columns (sluice_plan_tree_get_column_view (tree))), ==, 6);
  assert_label ("Seq Scan on orders o", FALSE);
  assert_label ("Seq Scan on customers c", FALSE);
  assert_label ("Hash Join", TRUE);
  {
    g_autofree char *actual = sluice_plan_format_count_short (sluice_plan_node_get_actual_rows (orders_scan));
    g_autofree char *estimated = sluice_plan_format_count_short (sluice_plan_node_get_plan_rows (orders_scan));
    g_autofree char *rows_text = g_strdup_printf ("%s / %s", actual, estimated);

    assert_label (rows_text, FALSE);
  }

  /* The summary: the server's own figures. */
  execution = sluice_plan_format_ms (sluice_plan_get_execution_ms (plan));
  planning = sluice_plan_format_ms (sluice_plan_get_planning_ms (plan));
  nodes = g_strdup_printf ("%u", sluice_plan_get_n_nodes (plan));
  g_assert_cmpfloat (sluice_plan_get_execution_ms (plan), >, 0);
  assert_label (execution, TRUE);
  assert_label (planning, TRUE);
  assert_label (nodes, TRUE);
  assert_label ("Execution", TRUE);
  assert_label ("Triggers", TRUE);

  /* The warnings: the advice for this plan, each selecting its node. */
  expected_warnings = sluice_plan_advise (plan);
  g_assert_cmpuint (warnings->len, ==, expected_warnings->len);
  g_assert_cmpuint (warnings->len, >, 0);
  for (guint i = 0; i < warnings->len; i++)
    {
      SluicePlanWarning *warning = g_ptr_array_index (warnings, i);
      GtkListBoxRow *row = gtk_list_box_get_row_at_index (warnings_list, i);

      g_assert_nonnull (row);
      g_assert_cmpstr (warning->message, ==, ((SluicePlanWarning *) g_ptr_array_index (expected_warnings, i))->message);
      g_signal_emit_by_name (warnings_list, "row-activated", row);
      g_assert_true (sluice_plans_page_get_selected_node (page) == sluice_plan_get_node (plan, warning->node));
      g_assert_true (sluice_plan_tree_get_selected_node (tree) == sluice_plan_get_node (plan, warning->node));
      g_assert_true (sluice_plan_detail_get_node (detail) == sluice_plan_get_node (plan, warning->node));
    }
  g_assert_null (gtk_list_box_get_row_at_index (warnings_list, warnings->len));

  /* Selecting the scan of orders: the detail has its every figure, and
   * the statement its table highlighted. */
  sluice_plans_page_select_node (page, orders_scan);
  g_assert_cmpstr (sluice_plan_detail_get_field (detail, "Node Type"), ==, "Seq Scan");
  g_assert_cmpstr (sluice_plan_detail_get_field (detail, "Relation"), ==, "orders");
  g_assert_cmpstr (sluice_plan_detail_get_field (detail, "Filter"), ==, sluice_plan_node_get_filter (orders_scan));
  /* Per loop, as EXPLAIN says it, and in all (the scan may be parallel). */
  g_assert_nonnull (strstr (sluice_plan_detail_get_field (detail, "Rows Removed by Filter"),
                            sluice_plan_node_get_actual_loops (orders_scan) > 1 ? "180,000 in all" : "180,000"));
  g_assert_cmpstr (sluice_plan_detail_get_field (detail, "Actual Rows (per loop)"), !=, NULL);
  g_assert_nonnull (sluice_plan_detail_get_field (detail, "Shared Hit"));
  g_assert_cmpuint (sluice_plan_detail_get_n_highlights (detail), ==, 1);
  highlight = sluice_plan_detail_dup_highlight_text (detail);
  g_assert_cmpstr (highlight, ==, "orders");
  g_assert_true (sluice_plan_tree_get_selected_node (tree) == orders_scan);
  g_assert_true (sluice_plan_flame_get_selected_node (flame) == orders_scan);

  sluice_plans_page_select_node (page, sluice_plan_get_root (plan));
  save_png ("plans-tree.png");

  /* The graph: every node a box under its parent; a click selects. */
  sluice_plans_page_set_view (page, "graph");
  g_assert_cmpstr (sluice_plans_page_get_view (page), ==, "graph");
  sluice_ui_test_wait_for_draw (GTK_WIDGET (fixture.window));
  g_assert_cmpuint (sluice_plan_flame_get_n_drawn (flame), >=, 4);
  g_assert_true (sluice_plan_flame_get_node_area (flame, sluice_plan_get_root (plan), &area));
  g_assert_cmpfloat (area.size.width, >=, gtk_widget_get_width (GTK_WIDGET (flame)) - 1);
  g_assert_true (sluice_plan_flame_get_node_area (flame, orders_scan, &area));
  g_assert_true (sluice_plan_flame_get_node_at (flame, area.origin.x + area.size.width / 2,
                                                area.origin.y + area.size.height / 2) == orders_scan);
  sluice_plan_flame_set_selected_node (flame, orders_scan);
  g_assert_true (sluice_plans_page_get_selected_node (page) == orders_scan);
  g_assert_true (sluice_plan_tree_get_selected_node (tree) == orders_scan);

  /* Zooming to the scan fills the width with it; Escape shows all again. */
  sluice_plan_flame_zoom_to_node (flame, orders_scan);
  g_assert_cmpfloat (sluice_plan_flame_get_zoom (flame), >, 1);
  sluice_ui_test_wait_for_draw (GTK_WIDGET (flame));
  g_assert_true (sluice_plan_flame_get_node_area (flame, orders_scan, &area));
  g_assert_cmpfloat (fabs (area.origin.x), <, 1);
  gtk_widget_activate_action (GTK_WIDGET (flame), "flame.reset-zoom", NULL);
  g_assert_cmpfloat (sluice_plan_flame_get_zoom (flame), ==, 1);

  sluice_plans_page_select_node (page, orders_scan);
  save_png ("plans-flame.png");
  sluice_plans_page_set_view (page, "tree");
}

static void
test_paste_text (void)
{
  SluicePlansPage *page = show_plans_of (fixture.dev_id);
  g_autofree char *text = psql_text_plan (REPORT_SQL);
  guint n_runs = g_list_model_get_n_items (sluice_plans_page_get_runs (page));
  GtkWindow *dialog;
  GtkWidget *view;
  SluicePlan *plan;
  SluicePlanRun *run;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "plans.paste", NULL));
  sluice_ui_test_wait_until (toplevel_shown, GSIZE_TO_POINTER (ADW_TYPE_MESSAGE_DIALOG), 5000);
  dialog = find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  g_assert_cmpstr (adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (dialog)), ==, "Paste a Plan");
  view = find_descendant (adw_message_dialog_get_extra_child (ADW_MESSAGE_DIALOG (dialog)), GTK_TYPE_TEXT_VIEW);
  g_assert_nonnull (view);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (view)), text, -1);
  respond (dialog, "show");

  wait_for_new_plan (page, n_runs);
  plan = sluice_plans_page_get_plan (page);
  run = g_list_model_get_item (sluice_plans_page_get_runs (page), n_runs);
  g_assert_cmpstr (sluice_plan_run_get_origin (run), ==, "Pasted");
  g_object_unref (run);

  /* The text parses into the same shape as the JSON the page ran. */
  g_assert_cmpint (sluice_plan_get_source_format (plan), ==, SLUICE_PLAN_FORMAT_TEXT);
  g_assert_true (sluice_plan_has_actuals (plan));
  g_assert_cmpstr (sluice_plan_node_get_node_type (sluice_plan_get_root (plan)), ==, "Sort");
  g_assert_nonnull (find_node (plan, "Seq Scan", "orders"));
  g_assert_cmpuint (g_list_model_get_n_items (sluice_plan_tree_get_rows (sluice_plans_page_get_tree (page))), ==,
                    sluice_plan_get_n_nodes (plan));
  {
    g_autoptr(SluicePlanRun) first = g_list_model_get_item (sluice_plans_page_get_runs (page), 0);

    g_assert_cmpuint (sluice_plan_get_n_nodes (plan), ==, sluice_plan_get_n_nodes (sluice_plan_run_get_plan (first)));
  }
  assert_label ("Read from text", TRUE);

  /* What is not a plan says so, and leaves the plan shown. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "plans.paste", NULL));
  sluice_ui_test_wait_until (toplevel_shown, GSIZE_TO_POINTER (ADW_TYPE_MESSAGE_DIALOG), 5000);
  dialog = find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  view = find_descendant (adw_message_dialog_get_extra_child (ADW_MESSAGE_DIALOG (dialog)), GTK_TYPE_TEXT_VIEW);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (view)), "[{\"Plan\": {\"Node Type\": ", -1);
  respond (dialog, "show");
  {
    RunWait wait = { page, G_MAXUINT - 1 };

    sluice_ui_test_wait_until (run_settled, &wait, RUN_TIMEOUT_MS);
  }
  g_assert_nonnull (strstr (sluice_plans_page_get_error (page), "not a plan Sluice can read"));
  g_assert_true (sluice_plans_page_get_plan (page) == plan);
  g_assert_cmpuint (g_list_model_get_n_items (sluice_plans_page_get_runs (page)), ==, n_runs + 1);
}

static void
test_compare_index (void)
{
  SluicePlansPage *page = show_plans_of (fixture.dev_id);
  SluicePlanCompareView *compare = sluice_plans_page_get_compare_view (page);
  SluicePlan *before;
  SluicePlan *after;
  const char *verdict;
  guint n_runs;

  before = run_explain (page, LOOKUP_SQL, TRUE);
  g_assert_null (find_node (before, "Index Scan", "orders"));
  g_assert_nonnull (find_node (before, "Seq Scan", "orders"));

  sluice_test_pg_exec (fixture.conninfo, "CREATE INDEX orders_reference_idx ON orders (reference); ANALYZE orders;");

  after = run_explain (page, LOOKUP_SQL, TRUE);
  g_assert_nonnull (find_node (after, "Index Scan", "orders"));
  n_runs = g_list_model_get_n_items (sluice_plans_page_get_runs (page));

  /* The comparison follows the last two runs: before and after. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "plans.view", "s", "compare"));
  g_assert_cmpstr (sluice_plans_page_get_view (page), ==, "compare");
  g_assert_nonnull (sluice_plan_compare_view_get_comparison (compare));
  g_assert_true (sluice_plan_comparison_get_before (sluice_plan_compare_view_get_comparison (compare)) == before);
  g_assert_true (sluice_plan_comparison_get_after (sluice_plan_compare_view_get_comparison (compare)) == after);
  verdict = sluice_plan_compare_view_get_verdict (compare);
  g_test_message ("verdict: %s", verdict);
  g_assert_nonnull (strstr (verdict, "Index Scan"));
  g_assert_nonnull (strstr (verdict, "faster"));
  /* Shown as a heading: from its second letter on, as the core says it. */
  assert_label (g_utf8_next_char (verdict), FALSE);
  g_assert_cmpuint (g_list_model_get_n_items (sluice_plan_compare_view_get_rows (compare)), >=, 1);
  assert_label ("orders_reference_idx", FALSE);

  save_png ("plans-compare.png");

  /* Chosen by hand, the other way round: slower. */
  sluice_plan_compare_view_select (compare, n_runs - 1, n_runs - 2);
  verdict = sluice_plan_compare_view_get_verdict (compare);
  g_test_message ("reversed: %s", verdict);
  g_assert_nonnull (strstr (verdict, "slower"));

  sluice_plans_page_set_view (page, "tree");
  sluice_test_pg_exec (fixture.conninfo, "DROP INDEX orders_reference_idx;");
}

static gboolean
status_says_saved (gpointer user_data)
{
  return find_text (GTK_WIDGET (fixture.window), "Plan saved to", FALSE) != NULL ||
         sluice_plans_page_get_error (user_data) != NULL;
}

/* Save the plan shown, open the file again: the same plan, named after
 * its file; a file that is not a plan says so. */
static void
test_save_and_open (void)
{
  SluicePlansPage *page = show_plans_of (fixture.dev_id);
  SluicePlan *plan = run_explain (page, REPORT_SQL, TRUE);
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("sluice-plans-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "report.json", NULL);
  g_autofree char *junk_path = g_build_filename (dir, "notes.txt", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFile) junk = g_file_new_for_path (junk_path);
  g_autoptr(SluicePlanRun) run = NULL;
  guint n_runs = g_list_model_get_n_items (sluice_plans_page_get_runs (page));
  SluicePlan *opened;

  g_assert_no_error (error);
  sluice_plans_page_save_file (page, file);
  sluice_ui_test_wait_until (status_says_saved, page, RUN_TIMEOUT_MS);
  g_assert_null (sluice_plans_page_get_error (page));
  g_assert_true (g_file_query_exists (file, NULL));

  sluice_plans_page_open_file (page, file);
  wait_for_new_plan (page, n_runs);
  opened = sluice_plans_page_get_plan (page);
  g_assert_true (opened != plan);
  g_assert_cmpuint (sluice_plan_get_n_nodes (opened), ==, sluice_plan_get_n_nodes (plan));
  g_assert_cmpfloat (sluice_plan_get_execution_ms (opened), ==, sluice_plan_get_execution_ms (plan));
  g_assert_cmpstr (sluice_plan_get_query (opened), ==, REPORT_SQL);
  run = g_list_model_get_item (sluice_plans_page_get_runs (page), n_runs);
  g_assert_cmpstr (sluice_plan_run_get_origin (run), ==, "report.json");

  g_assert_true (g_file_set_contents (junk_path, "Remember to VACUUM on Sunday.\n", -1, &error));
  g_assert_no_error (error);
  sluice_plans_page_open_file (page, junk);
  {
    RunWait wait = { page, G_MAXUINT - 1 };

    sluice_ui_test_wait_until (run_settled, &wait, RUN_TIMEOUT_MS);
  }
  g_assert_nonnull (strstr (sluice_plans_page_get_error (page), "“notes.txt” was not opened"));
  g_assert_true (sluice_plans_page_get_plan (page) == opened);

  g_unlink (path);
  g_unlink (junk_path);
  g_rmdir (dir);
}

static gboolean
guard_dialog_shown (gpointer user_data)
{
  return find_toplevel (SLUICE_TYPE_GUARD_DIALOG) != NULL;
}

static void
test_prod_guard (void)
{
  SluicePlansPage *page = show_plans_of (fixture.prod_id);
  g_autofree char *balance_before = query_value ("SELECT balance FROM accounts WHERE id = 7");
  g_autofree char *balance_after = NULL;
  g_autoptr(SluiceExplainOptions) options = sluice_explain_options_new ();
  guint n_runs = g_list_model_get_n_items (sluice_plans_page_get_runs (page));
  SluiceGuardDialog *dialog;
  SluicePlan *plan;

  options->analyze = TRUE;
  sluice_plans_page_set_options (page, options);
  sluice_plans_page_set_sql (page, UPDATE_SQL);

  /* Said before anything runs: rolled back, and the name asked for. */
  g_assert_nonnull (sluice_plans_page_get_notice (page));
  g_assert_nonnull (strstr (sluice_plans_page_get_notice (page), "rolls back"));
  g_assert_nonnull (strstr (sluice_plans_page_get_notice (page), "typed"));
  assert_label ("This statement writes.", FALSE);

  /* Declined: nothing is sent. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "plans.run", NULL));
  sluice_ui_test_wait_until (guard_dialog_shown, NULL, RUN_TIMEOUT_MS);
  dialog = SLUICE_GUARD_DIALOG (find_toplevel (SLUICE_TYPE_GUARD_DIALOG));
  g_assert_cmpstr (sluice_guard_dialog_get_required_text (dialog), ==, fixture.database);
  g_assert_nonnull (sluice_guard_dialog_get_entry (dialog));
  g_assert_false (sluice_guard_dialog_get_can_proceed (dialog));
  gtk_editable_set_text (sluice_guard_dialog_get_entry (dialog), "not the name");
  g_assert_false (sluice_guard_dialog_get_can_proceed (dialog));
  respond (GTK_WINDOW (dialog), "cancel");
  sluice_ui_test_wait_until (page_idle, page, RUN_TIMEOUT_MS);
  g_assert_nonnull (sluice_plans_page_get_error (page));
  g_assert_nonnull (strstr (sluice_plans_page_get_error (page), "not confirmed"));
  g_assert_cmpuint (g_list_model_get_n_items (sluice_plans_page_get_runs (page)), ==, n_runs);
  balance_after = query_value ("SELECT balance FROM accounts WHERE id = 7");
  g_assert_cmpstr (balance_after, ==, balance_before);

  /* Confirmed with the name: it runs, and is rolled back. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "plans.run", NULL));
  sluice_ui_test_wait_until (guard_dialog_shown, NULL, RUN_TIMEOUT_MS);
  dialog = SLUICE_GUARD_DIALOG (find_toplevel (SLUICE_TYPE_GUARD_DIALOG));
  gtk_editable_set_text (sluice_guard_dialog_get_entry (dialog), fixture.database);
  g_assert_true (sluice_guard_dialog_get_can_proceed (dialog));
  respond (GTK_WINDOW (dialog), "proceed");
  wait_for_new_plan (page, n_runs);

  plan = sluice_plans_page_get_plan (page);
  g_assert_true (sluice_plan_get_rolled_back (plan));
  g_assert_cmpstr (sluice_plan_node_get_node_type (sluice_plan_get_root (plan)), ==, "ModifyTable");
  g_assert_cmpfloat (sluice_plan_node_get_actual_loops (sluice_plan_get_root (plan)), ==, 1);
  assert_label ("Rolled back", TRUE);
  g_clear_pointer (&balance_after, g_free);
  balance_after = query_value ("SELECT balance FROM accounts WHERE id = 7");
  g_assert_cmpstr (balance_after, ==, balance_before);

  /* Without ANALYZE nothing runs, so nothing is asked. */
  options->analyze = FALSE;
  run_explain (page, UPDATE_SQL, FALSE);
  g_assert_null (find_toplevel (SLUICE_TYPE_GUARD_DIALOG));
  g_assert_false (sluice_plan_has_actuals (sluice_plans_page_get_plan (page)));
  g_assert_null (sluice_plans_page_get_notice (page));
}

static void
test_statement_errors (void)
{
  SluicePlansPage *page = show_plans_of (fixture.dev_id);
  SluicePlan *shown = sluice_plans_page_get_plan (page);
  guint n_runs = g_list_model_get_n_items (sluice_plans_page_get_runs (page));
  g_autoptr(SluiceExplainOptions) options = sluice_explain_options_new ();

  /* ANALYZE, so that the statements run (and can be cancelled). */
  options->analyze = TRUE;
  sluice_plans_page_set_options (page, options);

  /* Two statements: refused before connecting. */
  sluice_plans_page_set_sql (page, "SELECT 1; SELECT 2");
  gtk_widget_activate_action (GTK_WIDGET (page), "plans.run", NULL);
  g_assert_false (sluice_plans_page_get_running (page));
  g_assert_nonnull (sluice_plans_page_get_error (page));
  g_assert_nonnull (strstr (sluice_plans_page_get_error (page), "Nothing was run"));

  /* The server's error, with what was not changed. */
  sluice_plans_page_set_sql (page, "SELECT * FROM no_such_table");
  gtk_widget_activate_action (GTK_WIDGET (page), "plans.run", NULL);
  sluice_ui_test_wait_until (page_idle, page, RUN_TIMEOUT_MS);
  g_assert_nonnull (strstr (sluice_plans_page_get_error (page), "no_such_table"));
  g_assert_nonnull (strstr (sluice_plans_page_get_error (page), "nothing was changed"));
  g_assert_true (sluice_plans_page_get_plan (page) == shown);
  g_assert_cmpuint (g_list_model_get_n_items (sluice_plans_page_get_runs (page)), ==, n_runs);

  /* Cancel stops a slow statement on the server. */
  sluice_plans_page_set_sql (page, "SELECT pg_sleep (30)");
  gtk_widget_activate_action (GTK_WIDGET (page), "plans.run", NULL);
  g_assert_true (sluice_plans_page_get_running (page));
  sluice_ui_test_flush ();
  g_usleep (300 * 1000);
  sluice_ui_test_flush ();
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "plans.cancel", NULL));
  sluice_ui_test_wait_until (page_idle, page, 10000);
  assert_label ("Cancelled", FALSE);
  g_assert_cmpuint (g_list_model_get_n_items (sluice_plans_page_get_runs (page)), ==, n_runs);
}

/* A plan far deeper than any real one (psql's text allows it): shown, the
 * tree opens what it sensibly can, the graph has a row per level, and the
 * deepest node can be selected, all without freezing the window. */
static void
test_deep_plan (void)
{
  SluicePlansPage *page = show_plans_of (fixture.dev_id);
  g_autoptr(GString) text = g_string_new ("QUERY PLAN\n----------\n");
  g_autoptr(SluicePlan) plan = NULL;
  g_autoptr(GError) error = NULL;
  SluicePlanTree *tree = sluice_plans_page_get_tree (page);
  SluicePlanFlame *flame = sluice_plans_page_get_flame (page);
  const guint depth = 1500;
  SluicePlanNode *deepest;
  gint64 start;
  double seconds;

  for (guint level = 0; level < depth; level++)
    {
      guint indent = level == 0 ? 1 : 1 + 2 + (level - 1) * 6;

      g_string_append_printf (text, "%*s%sNested Loop  (cost=0.00..%u.00 rows=1 width=8) "
                                    "(actual time=0.010..%.3f rows=1 loops=1)\n",
                              indent, "", level > 0 ? "->  " : "", 10 * (depth - level),
                              0.01 * (depth - level));
    }
  g_string_append_printf (text, "%*s->  Seq Scan on deep_leaf  (cost=0.00..1.00 rows=1 width=8) "
                                "(actual time=0.005..0.008 rows=1 loops=1)\n", 1 + 2 + (depth - 1) * 6, "");
  g_string_append (text, " Planning Time: 0.100 ms\n Execution Time: 15.100 ms\n");

  plan = sluice_plan_new_from_text (text->str, text->len, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sluice_plan_get_n_nodes (plan), ==, depth + 1);

  start = g_get_monotonic_time ();
  sluice_plans_page_show_plan (page, plan, "deep.txt");
  sluice_ui_test_wait_for_draw (GTK_WIDGET (fixture.window));

  /* The tree opens the first levels; the rest wait for a click. */
  g_assert_cmpuint (g_list_model_get_n_items (sluice_plan_tree_get_rows (tree)), <, depth);
  g_assert_cmpuint (g_list_model_get_n_items (sluice_plan_tree_get_rows (tree)), >=, 32);

  /* The deepest node, selected: every level above it opens. */
  deepest = sluice_plan_get_node (plan, depth);
  sluice_plans_page_select_node (page, deepest);
  g_assert_true (sluice_plan_tree_get_selected_node (tree) == deepest);
  g_assert_cmpuint (g_list_model_get_n_items (sluice_plan_tree_get_rows (tree)), ==, depth + 1);
  sluice_ui_test_wait_for_draw (GTK_WIDGET (fixture.window));

  sluice_plans_page_set_view (page, "graph");
  sluice_ui_test_wait_for_draw (GTK_WIDGET (fixture.window));
  g_assert_cmpuint (sluice_plan_flame_layout_get_n_rows (sluice_plan_flame_get_layout (flame)), ==, depth + 1);
  g_assert_true (sluice_plan_flame_get_selected_node (flame) == deepest);
  sluice_plans_page_set_view (page, "tree");
  sluice_ui_test_wait_for_draw (GTK_WIDGET (fixture.window));

  seconds = (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;
  g_test_message ("a %u-level plan: shown, its deepest node selected, the graph drawn in %.2f s", depth + 1, seconds);
  g_assert_cmpfloat (seconds, <, 20);
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

  g_test_add_func ("/plans-page/run-analyze", test_run_analyze);
  g_test_add_func ("/plans-page/paste-text", test_paste_text);
  g_test_add_func ("/plans-page/save-and-open", test_save_and_open);
  g_test_add_func ("/plans-page/compare-index", test_compare_index);
  g_test_add_func ("/plans-page/prod-guard", test_prod_guard);
  g_test_add_func ("/plans-page/statement-errors", test_statement_errors);
  g_test_add_func ("/plans-page/deep-plan", test_deep_plan);

  status = g_test_run ();

  if (fixture.window != NULL)
    gtk_window_destroy (GTK_WINDOW (fixture.window));
  g_clear_object (&fixture.app);
  return status;
}
