/* test-history-page.c: the History page and the environment matrix, in the
 * real window under Xvfb, against the cluster of sluice-pg-harness
 *
 * Three profiles, Dev, Staging and Production, on three fresh databases,
 * share one copy of the demo folder.  Sluice's own applier applies 12, 8
 * and 5 of its migrations, in runs by different roles, as a team would
 * over some weeks; then one applied file is edited in the copy, so that it
 * drifts.  The pages must show exactly what the databases and the folder
 * say, and are rendered to PNG.
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
#include "sluice-duration-chart.h"
#include "sluice-history-page.h"
#include "sluice-matrix-page.h"
#include "sluice-test-pg.h"
#include "sluice-ui-test-utils.h"
#include "sluice-window.h"

#define LOAD_TIMEOUT_MS 60000
#define N_DEMO_MIGRATIONS 16
#define DRIFTED_VERSION "0007"

enum { DEV, STAGING, PROD, N_ENVIRONMENTS };

/* A run: migrations [first, last) applied by one role, some days ago. */
typedef struct
{
  guint       first;
  guint       last;
  const char *role;
  int         days_ago;
} Run;

static const Run dev_runs[] = {
  { 0, 5, "maria", 21 }, { 5, 9, "deploy", 9 }, { 9, 12, "jonas", 2 },
};
static const Run staging_runs[] = {
  { 0, 5, "deploy", 14 }, { 5, 8, "deploy", 1 },
};
static const Run prod_runs[] = {
  { 0, 5, "maria", 6 },
};

static const struct
{
  const char        *name;
  SluiceEnvironment  environment;
  const Run         *runs;
  guint              n_runs;
  guint              n_applied;
} environments[N_ENVIRONMENTS] = {
  { "Harbordesk Dev", SLUICE_ENVIRONMENT_DEV, dev_runs, G_N_ELEMENTS (dev_runs), 12 },
  { "Harbordesk Staging", SLUICE_ENVIRONMENT_STAGING, staging_runs, G_N_ELEMENTS (staging_runs), 8 },
  { "Harbordesk Production", SLUICE_ENVIRONMENT_PROD, prod_runs, G_N_ELEMENTS (prod_runs), 5 },
};

typedef struct
{
  char              *config_dir;
  char              *folder;
  char              *dead_socket_dir;
  char              *conninfo[N_ENVIRONMENTS];
  char              *profile_id[N_ENVIRONMENTS];
  char              *no_folder_id;
  char              *fresh_id;
  char              *watched_id;      /* its migration's statistics are saved */
  char              *watched_conninfo;
  char              *watched_folder;
  SluiceApplication *app;
  SluiceWindow      *window;
} Fixture;

static Fixture fixture;

/* Test data -------------------------------------------------------------- */

static void
copy_demo_folder (void)
{
  const char *demo = g_getenv ("SLUICE_DEMO_DIR");
  g_autoptr(GError) error = NULL;
  g_autoptr(GDir) dir = NULL;
  const char *name;

  g_assert_nonnull (demo);
  fixture.folder = g_dir_make_tmp ("sluice-history-demo-XXXXXX", &error);
  g_assert_no_error (error);

  dir = g_dir_open (demo, 0, &error);
  g_assert_no_error (error);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *from = g_build_filename (demo, name, NULL);
      g_autofree char *to = g_build_filename (fixture.folder, name, NULL);
      g_autofree char *contents = NULL;
      gsize length;

      if (!g_file_test (from, G_FILE_TEST_IS_REGULAR))
        continue;
      g_assert_true (g_file_get_contents (from, &contents, &length, &error));
      g_assert_no_error (error);
      g_assert_true (g_file_set_contents (to, contents, length, &error));
      g_assert_no_error (error);
    }
}

static char *
conninfo_as (const char *conninfo,
             const char *role)
{
  /* libpq takes the last of a repeated keyword. */
  return g_strdup_printf ("%s user=%s", conninfo, role);
}

static void
apply_run (const char *conninfo,
           GListModel *migrations,
           const Run  *run)
{
  g_autofree char *role_conninfo = conninfo_as (conninfo, run->role);
  g_autoptr(SluiceConnection) connection = sluice_test_pg_connect (role_conninfo);
  g_autoptr(GPtrArray) batch = g_ptr_array_new_with_free_func (g_object_unref);
  g_auto(GStrv) applied = NULL;
  g_autoptr(GError) error = NULL;
  SluiceTestAsyncWait wait = { 0 };

  for (guint i = run->first; i < run->last; i++)
    g_ptr_array_add (batch, g_list_model_get_item (migrations, i));

  sluice_applier_apply_async (connection, batch, NULL, sluice_test_store_result, &wait);
  sluice_test_wait_for (&wait.done, 120000);
  g_assert_true (sluice_applier_apply_finish (wait.result, &applied, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (applied), ==, run->last - run->first);
  g_clear_object (&wait.result);
  sluice_connection_close (connection);
}

/* The applier stamps now(); a team's history spans weeks.  Each run is
 * moved back to the day it would have shipped, its own timing (seconds
 * apart, each migration's execution time) untouched, so that the
 * timeline shows runs as a real history does. */
static void
backdate_run (const char *conninfo,
              GListModel *migrations,
              const Run  *run)
{
  g_autoptr(GString) versions = g_string_new (NULL);
  g_autofree char *sql = NULL;

  for (guint i = run->first; i < run->last; i++)
    {
      g_autoptr(SluiceMigration) migration = g_list_model_get_item (migrations, i);

      g_string_append_printf (versions, "%s'%s'", i > run->first ? ", " : "",
                              sluice_migration_get_version (migration));
    }

  sql = g_strdup_printf ("UPDATE sluice.migrations SET applied_at = applied_at - interval '%d days'"
                         " WHERE version IN (%s);"
                         "UPDATE sluice.run_log SET started_at = started_at - interval '%d days',"
                         " finished_at = finished_at - interval '%d days' WHERE version IN (%s);",
                         run->days_ago, versions->str, run->days_ago, run->days_ago, versions->str);
  sluice_test_pg_exec (conninfo, sql);
}

static void
create_roles (void)
{
  g_autofree char *admin = sluice_test_pg_admin_conninfo ();
  const char *roles[] = { "maria", "deploy", "jonas" };

  for (guint i = 0; i < G_N_ELEMENTS (roles); i++)
    {
      g_autofree char *sql = g_strdup_printf ("DO $$ BEGIN"
                                              "  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '%s') THEN"
                                              "    CREATE ROLE %s LOGIN SUPERUSER;"
                                              "  END IF;"
                                              " END $$",
                                              roles[i], roles[i]);

      sluice_test_pg_exec (admin, sql);
    }
}

/* Someone "fixes" an applied migration in place: the classic drift. */
static void
edit_applied_file (SluiceMigrationFolder *folder)
{
  SluiceMigration *migration = sluice_migration_folder_find (folder, DRIFTED_VERSION);
  const char *path;
  g_autofree char *contents = NULL;
  g_autoptr(GString) edited = NULL;
  g_autoptr(GError) error = NULL;
  const char *marker;

  g_assert_nonnull (migration);
  path = sluice_migration_get_files (migration)[0];
  g_assert_true (g_file_get_contents (path, &contents, NULL, &error));
  g_assert_no_error (error);

  marker = strstr (contents, "-- sluice:up\n");
  g_assert_nonnull (marker);
  marker += strlen ("-- sluice:up\n");
  edited = g_string_new_len (contents, marker - contents);
  g_string_append (edited, "-- Reviewed after release: the trigger also fires on UPDATE OF status.\n");
  g_string_append (edited, marker);
  g_assert_true (g_file_set_contents (path, edited->str, -1, &error));
  g_assert_no_error (error);
}

static char *
add_profile (SluiceProfileStore *store,
             const char         *name,
             SluiceEnvironment   environment,
             const char         *connection,
             const char         *folder)
{
  g_autoptr(SluiceProfile) profile = sluice_profile_new (name, environment, connection);
  g_autoptr(GError) error = NULL;

  if (folder != NULL)
    sluice_profile_set_migration_folder (profile, folder);
  g_assert_true (sluice_profile_store_add (store, profile, &error));
  g_assert_no_error (error);
  return g_strdup (sluice_profile_get_id (profile));
}

#define WATCHED_VERSION "0001"

static void
run_sql (SluiceConnection *connection,
         const char       *sql)
{
  g_object_unref (sluice_test_query (connection, sql));
}

/* A profile with one migration, creating an index, not applied yet. */
static char *
prepare_watched_profile (SluiceProfileStore *store)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *file = NULL;

  fixture.watched_conninfo = sluice_test_pg_new_database ();
  fixture.watched_folder = g_dir_make_tmp ("sluice-ui-watched-XXXXXX", &error);
  g_assert_no_error (error);
  file = g_build_filename (fixture.watched_folder, WATCHED_VERSION "_create_orders.sql", NULL);
  g_assert_true (g_file_set_contents (file,
                                      "-- sluice:up\n"
                                      "CREATE TABLE orders (id bigint PRIMARY KEY, status text NOT NULL);\n"
                                      "CREATE INDEX orders_status_idx ON orders (status);\n"
                                      "-- sluice:down\n"
                                      "DROP TABLE orders;\n",
                                      -1, &error));
  g_assert_no_error (error);
  return add_profile (store, "Orders Watch", SLUICE_ENVIRONMENT_DEV, fixture.watched_conninfo,
                      fixture.watched_folder);
}

/* Applies it with statistics saved after it (in this test's own data
 * folder: G_TEST_OPTION_ISOLATE_DIRS), then scans its index three times. */
static void
apply_watched_migration (void)
{
  const char *id = fixture.watched_id;
  g_autoptr(GError) error = NULL;
  g_autoptr(SluiceMigrationFolder) folder = NULL;
  g_autoptr(SluiceConnection) connection = NULL;
  g_autoptr(GPtrArray) batch = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GFile) snapshot_file = NULL;
  g_auto(GStrv) applied = NULL;
  g_auto(GStrv) warnings = NULL;
  GListModel *migrations;
  SluiceTestAsyncWait wait = { 0 };

  folder = sluice_migration_folder_load (fixture.watched_folder, SLUICE_MIGRATION_FORMAT_AUTO, &error);
  g_assert_no_error (error);
  migrations = sluice_migration_folder_get_migrations (folder);
  g_assert_cmpuint (g_list_model_get_n_items (migrations), ==, 1);
  g_ptr_array_add (batch, g_list_model_get_item (migrations, 0));

  connection = sluice_test_pg_connect (fixture.watched_conninfo);
  sluice_applier_apply_full_async (connection, batch, id, NULL, sluice_test_store_result, &wait);
  sluice_test_wait_for (&wait.done, 120000);
  g_assert_true (sluice_applier_apply_full_finish (wait.result, &applied, &warnings, &error));
  g_assert_no_error (error);
  g_clear_object (&wait.result);
  g_assert_cmpuint (g_strv_length (applied), ==, 1);
  g_assert_cmpstr (warnings[0], ==, NULL);

  snapshot_file = sluice_stats_snapshot_file_for (id, WATCHED_VERSION);
  g_assert_true (g_file_query_exists (snapshot_file, NULL));

  /* Three scans of the new index.  A backend sends its statistics when it
   * goes idle, at most once a second unless told to: the query after
   * pg_stat_force_next_flush() answers once they are sent. */
  run_sql (connection, "INSERT INTO orders SELECT i, 'open' FROM generate_series (1, 100) i");
  run_sql (connection, "SET enable_seqscan = off");
  for (guint i = 0; i < 3; i++)
    run_sql (connection, "SELECT count(*) FROM orders WHERE status = 'shipped'");
  run_sql (connection, "SELECT pg_stat_force_next_flush ()");
  run_sql (connection, "SELECT 1");
  sluice_connection_close (connection);
}

static void
prepare (void)
{
  g_autoptr(SluiceMigrationFolder) folder = NULL;
  g_autoptr(SluiceProfileStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  GListModel *migrations;

  copy_demo_folder ();
  create_roles ();

  folder = sluice_migration_folder_load (fixture.folder, SLUICE_MIGRATION_FORMAT_AUTO, &error);
  g_assert_no_error (error);
  g_assert_cmpint (sluice_migration_folder_get_format (folder), ==, SLUICE_MIGRATION_FORMAT_SLUICE);
  migrations = sluice_migration_folder_get_migrations (folder);
  g_assert_cmpuint (g_list_model_get_n_items (migrations), ==, N_DEMO_MIGRATIONS);

  for (guint e = 0; e < N_ENVIRONMENTS; e++)
    {
      fixture.conninfo[e] = sluice_test_pg_new_database ();
      for (guint r = 0; r < environments[e].n_runs; r++)
        apply_run (fixture.conninfo[e], migrations, &environments[e].runs[r]);
      for (guint r = 0; r < environments[e].n_runs; r++)
        backdate_run (fixture.conninfo[e], migrations, &environments[e].runs[r]);
    }

  edit_applied_file (folder);

  fixture.dead_socket_dir = g_dir_make_tmp ("sluice-no-server-XXXXXX", &error);
  g_assert_no_error (error);
  fixture.config_dir = g_dir_make_tmp ("sluice-ui-config-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (fixture.config_dir, "profiles.json", NULL);
  store = sluice_profile_store_new (path);

  for (guint e = 0; e < N_ENVIRONMENTS; e++)
    fixture.profile_id[e] = add_profile (store, environments[e].name, environments[e].environment,
                                         fixture.conninfo[e], fixture.folder);
  fixture.no_folder_id = add_profile (store, "Scratch", SLUICE_ENVIRONMENT_DEV, fixture.conninfo[DEV], NULL);
  {
    g_autofree char *empty = sluice_test_pg_new_database ();

    /* Another folder (the pristine demo): not one of the matrix's columns. */
    fixture.fresh_id = add_profile (store, "Fresh Start", SLUICE_ENVIRONMENT_DEV, empty,
                                    g_getenv ("SLUICE_DEMO_DIR"));
  }

  fixture.watched_id = prepare_watched_profile (store);

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

  /* The harness cluster stands in for the sandbox; a window as large as a
   * laptop's screen. */
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

static void
select_profile (const char *profile_id)
{
  ensure_started ();
  gtk_widget_activate_action (GTK_WIDGET (fixture.window), "win.select-profile", "s", profile_id);
  g_assert_cmpstr (sluice_profile_get_id (sluice_window_get_selected_profile (fixture.window)),
                   ==, profile_id);
}

static void
show_page (GtkWidget  *page,
           const char *name)
{
  GtkWidget *stack = gtk_widget_get_ancestor (page, ADW_TYPE_VIEW_STACK);

  g_assert_nonnull (stack);
  adw_view_stack_set_visible_child_name (ADW_VIEW_STACK (stack), name);
  g_assert_true (adw_view_stack_get_visible_child (ADW_VIEW_STACK (stack)) == page);
}

static gboolean
history_settled (gpointer user_data)
{
  SluiceHistoryPage *page = user_data;
  const char *view = sluice_history_page_get_view (page);

  return !sluice_history_page_get_loading (page) &&
         (g_strcmp0 (view, "history") == 0 || g_strcmp0 (view, "failed") == 0 ||
          g_strcmp0 (view, "no-folder") == 0);
}

static SluiceHistoryPage *
show_history_of_profile (const char *profile_id)
{
  SluiceHistoryPage *page;

  ensure_started ();
  page = sluice_window_get_history_page (fixture.window);
  select_profile (profile_id);
  show_page (GTK_WIDGET (page), "history");
  sluice_ui_test_wait_until (history_settled, page, LOAD_TIMEOUT_MS);
  sluice_ui_test_wait_for_draw (GTK_WIDGET (fixture.window));
  if (sluice_history_page_get_error (page) != NULL)
    g_error ("the History page failed: %s", sluice_history_page_get_error (page)->message);
  g_assert_cmpstr (sluice_history_page_get_view (page), ==, "history");
  return page;
}

static SluiceHistoryPage *
show_history_of (guint environment)
{
  return show_history_of_profile (fixture.profile_id[environment]);
}

static gboolean
matrix_settled (gpointer user_data)
{
  SluiceMatrixPage *page = user_data;
  const char *view = sluice_matrix_page_get_view (page);

  return !sluice_matrix_page_get_loading (page) &&
         (g_strcmp0 (view, "matrix") == 0 || g_strcmp0 (view, "failed") == 0 ||
          g_strcmp0 (view, "no-folder") == 0);
}

static SluiceMatrixPage *
show_matrix_of (guint environment)
{
  SluiceMatrixPage *page;

  ensure_started ();
  page = sluice_window_get_matrix_page (fixture.window);
  select_profile (fixture.profile_id[environment]);
  show_page (GTK_WIDGET (page), "environments");
  sluice_ui_test_wait_until (matrix_settled, page, LOAD_TIMEOUT_MS);
  sluice_ui_test_wait_for_draw (GTK_WIDGET (fixture.window));
  g_assert_cmpstr (sluice_matrix_page_get_view (page), ==, "matrix");
  return page;
}

static void
assert_label (const char *text,
              gboolean    exact)
{
  if (sluice_ui_test_find_label (GTK_WIDGET (fixture.window), text, exact) == NULL)
    g_error ("no visible label %s “%s”", exact ? "reads" : "contains", text);
}

static GtkWidget *
find_widget (GtkWidget *root,
             GType      type)
{
  if (!gtk_widget_get_mapped (root))
    return NULL;
  if (G_TYPE_CHECK_INSTANCE_TYPE (root, type))
    return root;

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_widget (child, type);

      if (found != NULL)
        return found;
    }

  return NULL;
}

static SluiceStatusItem *
find_item (SluiceStatusReport *report,
           const char         *version)
{
  GListModel *items = sluice_status_report_get_items (report);

  for (guint i = 0; i < g_list_model_get_n_items (items); i++)
    {
      g_autoptr(SluiceStatusItem) item = g_list_model_get_item (items, i);

      if (g_strcmp0 (sluice_status_item_get_version (item), version) == 0)
        return item;
    }

  return NULL;
}

typedef struct
{
  GListModel *model;
  guint       n_items;
} CountWait;

static gboolean
model_has_count (gpointer user_data)
{
  CountWait *wait = user_data;

  return g_list_model_get_n_items (wait->model) == wait->n_items;
}

static void
wait_for_count (GListModel *model,
                guint       n_items)
{
  CountWait wait = { model, n_items };

  sluice_ui_test_wait_until (model_has_count, &wait, 5000);
}

static char *
buffer_text (GtkTextView *view)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (view);
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

/* Tests ------------------------------------------------------------------ */

static void
test_history (void)
{
  SluiceHistoryPage *page = show_history_of (DEV);
  SluiceStatusReport *report = sluice_history_page_get_report (page);
  GListModel *visible = sluice_history_page_get_visible_items (page);
  SluiceDurationChart *chart;
  GtkColumnView *column_view;
  GtkWidget *search;
  GtkWidget *dropdown;
  guint n_ticket_items = 0;

  g_assert_nonnull (report);
  g_assert_cmpint (sluice_history_get_tool (sluice_history_page_get_history (page)), ==, SLUICE_HISTORY_TOOL_SLUICE);

  /* The folder's 16 migrations, 12 applied here, one of them edited since. */
  g_assert_cmpuint (g_list_model_get_n_items (sluice_status_report_get_items (report)), ==, N_DEMO_MIGRATIONS);
  g_assert_cmpuint (g_list_model_get_n_items (visible), ==, N_DEMO_MIGRATIONS);
  g_assert_cmpuint (sluice_status_report_count (report, SLUICE_STATUS_APPLIED), ==, 11);
  g_assert_cmpuint (sluice_status_report_count (report, SLUICE_STATUS_DRIFT), ==, 1);
  g_assert_cmpuint (sluice_status_report_count (report, SLUICE_STATUS_PENDING), ==, 4);
  g_assert_cmpuint (sluice_status_report_count (report, SLUICE_STATUS_FAILED), ==, 0);
  g_assert_cmpuint (sluice_status_report_count (report, SLUICE_STATUS_MISSING), ==, 0);
  g_assert_cmpint (sluice_status_item_get_status (find_item (report, DRIFTED_VERSION)), ==, SLUICE_STATUS_DRIFT);
  g_assert_cmpint (sluice_status_item_get_status (find_item (report, "0001")), ==, SLUICE_STATUS_APPLIED);
  g_assert_cmpint (sluice_status_item_get_status (find_item (report, "0012")), ==, SLUICE_STATUS_APPLIED);
  g_assert_cmpint (sluice_status_item_get_status (find_item (report, "0013")), ==, SLUICE_STATUS_PENDING);
  g_assert_cmpint (sluice_status_item_get_status (find_item (report, "0016")), ==, SLUICE_STATUS_PENDING);

  /* The summary: where dev is, what waits, who changed it last. */
  g_assert_cmpstr (sluice_status_report_get_current_version (report), ==, "0012");
  assert_label ("0012", TRUE);
  assert_label ("4", TRUE);
  assert_label ("1 applied migration needs attention", TRUE);
  assert_label ("0012 by jonas", TRUE);
  assert_label ("Sluice", TRUE);
  assert_label ("sluice.migrations", FALSE);

  /* The list: the columns a DBA reads, statuses as pills. */
  column_view = GTK_COLUMN_VIEW (find_widget (GTK_WIDGET (page), GTK_TYPE_COLUMN_VIEW));
  g_assert_nonnull (column_view);
  g_assert_cmpuint (g_list_model_get_n_items (gtk_column_view_get_columns (column_view)), ==, 6);
  g_assert_nonnull (sluice_ui_test_find_by_classes (GTK_WIDGET (page), "status-pill", "drift", NULL));
  g_assert_nonnull (sluice_ui_test_find_by_classes (GTK_WIDGET (page), "status-pill", "applied", NULL));
  g_assert_nonnull (sluice_ui_test_find_by_classes (GTK_WIDGET (page), "status-pill", "pending", NULL));
  assert_label ("create_organizations", TRUE);
  assert_label ("maria", TRUE);

  /* The chart: one bar per applied migration, in the order applied. */
  chart = SLUICE_DURATION_CHART (find_widget (GTK_WIDGET (page), SLUICE_TYPE_DURATION_CHART));
  g_assert_nonnull (chart);
  g_assert_cmpuint (sluice_duration_chart_get_n_bars (chart), ==, environments[DEV].n_applied);
  for (guint i = 0; i < sluice_duration_chart_get_n_bars (chart); i++)
    {
      g_autofree char *expected = g_strdup_printf ("%04u", i + 1);
      graphene_rect_t area;

      g_assert_cmpstr (sluice_status_item_get_version (sluice_duration_chart_get_bar_item (chart, i)), ==, expected);
      g_assert_true (sluice_duration_chart_get_bar_area (chart, i, &area));
      g_assert_cmpfloat (area.size.height, >=, 3);
      g_assert_cmpfloat (area.origin.x + area.size.width, <=, gtk_widget_get_width (GTK_WIDGET (chart)));
    }

  sluice_ui_test_save_png (GTK_WIDGET (fixture.window), "history.png");

  /* Filtering by text: versions and names. */
  for (guint i = 0; i < N_DEMO_MIGRATIONS; i++)
    {
      g_autoptr(SluiceStatusItem) item = g_list_model_get_item (sluice_status_report_get_items (report), i);

      n_ticket_items += strstr (sluice_status_item_get_name (item), "ticket") != NULL;
    }
  g_assert_cmpuint (n_ticket_items, >, 0);
  g_assert_cmpuint (n_ticket_items, <, N_DEMO_MIGRATIONS);

  search = find_widget (GTK_WIDGET (page), GTK_TYPE_SEARCH_ENTRY);
  g_assert_nonnull (search);
  gtk_editable_set_text (GTK_EDITABLE (search), "Ticket");
  wait_for_count (visible, n_ticket_items);
  for (guint i = 0; i < g_list_model_get_n_items (visible); i++)
    {
      g_autoptr(SluiceStatusItem) item = g_list_model_get_item (visible, i);

      g_assert_nonnull (strstr (sluice_status_item_get_name (item), "ticket"));
    }

  gtk_editable_set_text (GTK_EDITABLE (search), "");
  wait_for_count (visible, N_DEMO_MIGRATIONS);

  /* Filtering by status: the four that wait. */
  dropdown = find_widget (GTK_WIDGET (page), GTK_TYPE_DROP_DOWN);
  g_assert_nonnull (dropdown);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (dropdown), 2);  /* All, Applied, Pending, ... */
  wait_for_count (visible, 4);
  for (guint i = 0; i < g_list_model_get_n_items (visible); i++)
    {
      g_autoptr(SluiceStatusItem) item = g_list_model_get_item (visible, i);

      g_assert_cmpint (sluice_status_item_get_status (item), ==, SLUICE_STATUS_PENDING);
    }

  gtk_drop_down_set_selected (GTK_DROP_DOWN (dropdown), 0);
  wait_for_count (visible, N_DEMO_MIGRATIONS);
}

static void
test_history_detail (void)
{
  SluiceHistoryPage *page = show_history_of (DEV);
  SluiceDurationChart *chart = SLUICE_DURATION_CHART (find_widget (GTK_WIDGET (page), SLUICE_TYPE_DURATION_CHART));
  SluiceStatusItem *drifted = NULL;
  GtkWidget *view;
  GtkSourceBuffer *buffer;
  g_autofree char *sql = NULL;
  GtkWidget *dropdown;

  /* Hidden by a filter, a bar clicked in the chart still shows up. */
  dropdown = find_widget (GTK_WIDGET (page), GTK_TYPE_DROP_DOWN);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (dropdown), 2);
  wait_for_count (sluice_history_page_get_visible_items (page), 4);

  for (guint i = 0; i < sluice_duration_chart_get_n_bars (chart); i++)
    if (g_strcmp0 (sluice_status_item_get_version (sluice_duration_chart_get_bar_item (chart, i)),
                   DRIFTED_VERSION) == 0)
      drifted = sluice_duration_chart_get_bar_item (chart, i);
  g_assert_nonnull (drifted);

  sluice_duration_chart_set_selected_item (chart, drifted);
  g_assert_true (sluice_history_page_get_selected_item (page) == drifted);
  g_assert_cmpuint (g_list_model_get_n_items (sluice_history_page_get_visible_items (page)), ==, N_DEMO_MIGRATIONS);
  sluice_ui_test_wait_for_draw (GTK_WIDGET (fixture.window));

  /* The detail: its SQL, highlighted as SQL, with the edit that drifted. */
  view = find_widget (GTK_WIDGET (page), GTK_SOURCE_TYPE_VIEW);
  g_assert_nonnull (view);
  g_assert_false (gtk_text_view_get_editable (GTK_TEXT_VIEW (view)));
  buffer = GTK_SOURCE_BUFFER (gtk_text_view_get_buffer (GTK_TEXT_VIEW (view)));
  g_assert_nonnull (gtk_source_buffer_get_language (buffer));
  g_assert_cmpstr (gtk_source_language_get_id (gtk_source_buffer_get_language (buffer)), ==, "sql");
  g_assert_cmpstr (gtk_source_style_scheme_get_id (gtk_source_buffer_get_style_scheme (buffer)), ==,
                   adw_style_manager_get_dark (adw_style_manager_get_default ()) ? "Adwaita-dark" : "Adwaita");
  sql = buffer_text (GTK_TEXT_VIEW (view));
  g_assert_nonnull (strstr (sql, "CREATE"));
  g_assert_nonnull (strstr (sql, "Reviewed after release"));

  assert_label ("The file changed after it was applied", FALSE);
  assert_label ("touch_updated_at", TRUE);
  assert_label ("by deploy", FALSE);
  assert_label ("Run Log (1)", TRUE);

  sluice_ui_test_save_png (GTK_WIDGET (fixture.window), "history-detail.png");

  /* A clean one: the checksum matches; keyboard moves along the chart. */
  g_assert_true (sluice_history_page_select_version (page, "0006"));
  sluice_ui_test_wait_for_draw (GTK_WIDGET (fixture.window));
  assert_label ("Matches: the file is as it was applied", TRUE);
  g_assert_true (sluice_duration_chart_get_selected_item (chart) == sluice_history_page_get_selected_item (page));

  /* A pending one: nothing applied, nothing to compare, its SQL all the same. */
  g_assert_true (sluice_history_page_select_version (page, "0014"));
  sluice_ui_test_wait_for_draw (GTK_WIDGET (fixture.window));
  assert_label ("Not yet: this migration is pending here", TRUE);
  assert_label ("Not applied yet: nothing to compare with", TRUE);
  g_free (sql);
  sql = buffer_text (GTK_TEXT_VIEW (find_widget (GTK_WIDGET (page), GTK_SOURCE_TYPE_VIEW)));
  g_assert_nonnull (strstr (sql, "CONCURRENTLY"));
}

/* Statistics saved after a migration: the detail says how its new index
 * was used since. */
static void
test_history_index_usage (void)
{
  SluiceHistoryPage *page;
  const char *expected = "Since this snapshot: index public.orders_status_idx was scanned 3 times.";
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  apply_watched_migration ();
  page = show_history_of_profile (fixture.watched_id);
  g_assert_true (sluice_history_page_select_version (page, WATCHED_VERSION));

  /* The saved file is read on a thread, then the statistics now. */
  while (sluice_ui_test_find_label (GTK_WIDGET (fixture.window), expected, TRUE) == NULL)
    {
      if (g_get_monotonic_time () > deadline)
        break;
      sluice_ui_test_wait_for_draw (GTK_WIDGET (fixture.window));
      g_usleep (G_USEC_PER_SEC / 5);
      while (g_main_context_iteration (NULL, FALSE))
        ;
    }

  assert_label ("Index Usage Since This Migration", TRUE);
  assert_label (expected, TRUE);
  assert_label ("On table public.orders", TRUE);
  sluice_ui_test_save_png (GTK_WIDGET (fixture.window), "history-index-usage.png");

  /* Migrations applied without a snapshot show no such group. */
  show_history_of (DEV);
  g_assert_true (sluice_history_page_select_version (page, "0006"));
  sluice_ui_test_wait_for_draw (GTK_WIDGET (fixture.window));
  g_assert_null (sluice_ui_test_find_label (GTK_WIDGET (fixture.window),
                                            "Index Usage Since This Migration", TRUE));
}

/* The dark style: the SQL follows it, and so does everything drawn. */
static void
test_history_dark (void)
{
  AdwStyleManager *style_manager = adw_style_manager_get_default ();
  SluiceHistoryPage *page = show_history_of (DEV);
  GtkSourceBuffer *buffer;

  g_assert_true (sluice_history_page_select_version (page, "0009"));
  adw_style_manager_set_color_scheme (style_manager, ADW_COLOR_SCHEME_FORCE_DARK);
  sluice_ui_test_wait_for_draw (GTK_WIDGET (fixture.window));
  g_assert_true (adw_style_manager_get_dark (style_manager));

  buffer = GTK_SOURCE_BUFFER (gtk_text_view_get_buffer (GTK_TEXT_VIEW (find_widget (GTK_WIDGET (page),
                                                                                    GTK_SOURCE_TYPE_VIEW))));
  g_assert_cmpstr (gtk_source_style_scheme_get_id (gtk_source_buffer_get_style_scheme (buffer)), ==, "Adwaita-dark");
  sluice_ui_test_save_png (GTK_WIDGET (fixture.window), "history-dark.png");

  adw_style_manager_set_color_scheme (style_manager, ADW_COLOR_SCHEME_FORCE_LIGHT);
  sluice_ui_test_wait_for_draw (GTK_WIDGET (fixture.window));
  g_assert_cmpstr (gtk_source_style_scheme_get_id (gtk_source_buffer_get_style_scheme (buffer)), ==, "Adwaita");
}

/* A database no migration ran on: no history table, everything pending. */
static void
test_history_nothing_applied (void)
{
  SluiceHistoryPage *page = show_history_of_profile (fixture.fresh_id);
  SluiceStatusReport *report = sluice_history_page_get_report (page);
  SluiceDurationChart *chart = SLUICE_DURATION_CHART (find_widget (GTK_WIDGET (page), SLUICE_TYPE_DURATION_CHART));
  GtkWidget *switcher;

  g_assert_cmpint (sluice_history_get_tool (sluice_history_page_get_history (page)), ==, SLUICE_HISTORY_TOOL_NONE);
  g_assert_cmpuint (sluice_status_report_get_pending_count (report), ==, N_DEMO_MIGRATIONS);
  g_assert_null (sluice_status_report_get_current_version (report));
  g_assert_cmpuint (sluice_duration_chart_get_n_bars (chart), ==, 0);

  assert_label ("None", TRUE);
  assert_label ("16", TRUE);
  assert_label ("Never", TRUE);
  assert_label ("No history table in this database", TRUE);

  /* Its run log tab, as a click on the tab shows it. */
  g_assert_true (sluice_history_page_select_version (page, "0001"));
  switcher = find_widget (GTK_WIDGET (page), GTK_TYPE_STACK_SWITCHER);
  g_assert_nonnull (switcher);
  gtk_stack_set_visible_child_name (gtk_stack_switcher_get_stack (GTK_STACK_SWITCHER (switcher)), "log");
  sluice_ui_test_wait_for_draw (GTK_WIDGET (fixture.window));
  assert_label ("No Run Log", TRUE);
  assert_label ("no history table yet", FALSE);
  sluice_ui_test_save_png (GTK_WIDGET (fixture.window), "history-empty.png");
}

static void
test_history_no_folder (void)
{
  SluiceHistoryPage *page;
  SluiceMatrixPage *matrix;

  ensure_started ();
  page = sluice_window_get_history_page (fixture.window);
  select_profile (fixture.no_folder_id);
  show_page (GTK_WIDGET (page), "history");
  sluice_ui_test_wait_until (history_settled, page, LOAD_TIMEOUT_MS);
  g_assert_cmpstr (sluice_history_page_get_view (page), ==, "no-folder");
  g_assert_null (sluice_history_page_get_report (page));
  sluice_ui_test_wait_for_draw (GTK_WIDGET (fixture.window));
  assert_label ("No Migration Folder", TRUE);
  assert_label ("Edit Profile…", TRUE);

  matrix = sluice_window_get_matrix_page (fixture.window);
  show_page (GTK_WIDGET (matrix), "environments");
  sluice_ui_test_wait_until (matrix_settled, matrix, LOAD_TIMEOUT_MS);
  g_assert_cmpstr (sluice_matrix_page_get_view (matrix), ==, "no-folder");
}

static const struct
{
  guint applied, drift, pending;
  const char *counts;
  const char *relation;
} expected_columns[N_ENVIRONMENTS] = {
  { 11, 1, 4, "11 applied · 1 drifted · 4 pending", "Furthest along the way to production" },
  { 7, 1, 8, "7 applied · 1 drifted · 8 pending", "4 migrations behind Harbordesk Dev" },
  { 5, 0, 11, "5 applied · 11 pending", "3 migrations behind Harbordesk Staging" },
};

static GtkWidget *
find_header_title (GtkColumnView *column_view,
                   guint          index)
{
  /* columnview > header > button, one per column (GTK 4.8). */
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (column_view));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (g_strcmp0 (gtk_widget_get_css_name (child), "header") == 0)
        {
          GtkWidget *title = gtk_widget_get_first_child (child);

          for (guint i = 0; title != NULL && i < index; i++)
            title = gtk_widget_get_next_sibling (title);
          return title;
        }
    }

  return NULL;
}

static void
test_matrix (void)
{
  SluiceMatrixPage *page = show_matrix_of (DEV);
  GtkColumnView *column_view;
  GListModel *columns;
  GtkWidget *prod_title;
  g_autoptr(GdkTexture) texture = NULL;
  graphene_rect_t bounds;
  graphene_point_t origin;
  guint8 red, green, blue;

  g_assert_cmpuint (sluice_matrix_page_get_n_columns (page), ==, N_ENVIRONMENTS);
  g_assert_cmpuint (g_list_model_get_n_items (sluice_matrix_page_get_rows (page)), ==, N_DEMO_MIGRATIONS);

  for (guint e = 0; e < N_ENVIRONMENTS; e++)
    {
      SluiceMatrixColumn *column = sluice_matrix_page_get_column (page, e);
      SluiceStatusReport *report = sluice_matrix_column_get_report (column);

      /* Ordered as a change travels: dev, staging, production. */
      g_assert_cmpstr (sluice_profile_get_name (sluice_matrix_column_get_profile (column)), ==, environments[e].name);
      g_assert_cmpint (sluice_matrix_column_get_state (column), ==, SLUICE_MATRIX_COLUMN_READY);
      g_assert_nonnull (report);
      g_assert_cmpuint (sluice_status_report_count (report, SLUICE_STATUS_APPLIED), ==, expected_columns[e].applied);
      g_assert_cmpuint (sluice_status_report_count (report, SLUICE_STATUS_DRIFT), ==, expected_columns[e].drift);
      g_assert_cmpuint (sluice_status_report_count (report, SLUICE_STATUS_PENDING), ==, expected_columns[e].pending);
      g_assert_cmpuint (sluice_status_report_count (report, SLUICE_STATUS_FAILED), ==, 0);

      assert_label (environments[e].name, TRUE);
      assert_label (expected_columns[e].counts, TRUE);
      assert_label (expected_columns[e].relation, TRUE);
    }

  /* The drifted one: applied on dev and staging, still pending on prod. */
  g_assert_cmpint (sluice_status_item_get_status (sluice_matrix_column_find_item (sluice_matrix_page_get_column (page, PROD),
                                                                                  DRIFTED_VERSION)),
                   ==, SLUICE_STATUS_PENDING);
  g_assert_cmpint (sluice_status_item_get_status (sluice_matrix_column_find_item (sluice_matrix_page_get_column (page, STAGING),
                                                                                  DRIFTED_VERSION)),
                   ==, SLUICE_STATUS_DRIFT);

  /* The grid: a column of migrations, then one per environment. */
  column_view = GTK_COLUMN_VIEW (find_widget (GTK_WIDGET (page), GTK_TYPE_COLUMN_VIEW));
  g_assert_nonnull (column_view);
  columns = gtk_column_view_get_columns (column_view);
  g_assert_cmpuint (g_list_model_get_n_items (columns), ==, N_ENVIRONMENTS + 1);
  for (guint e = 0; e < N_ENVIRONMENTS; e++)
    {
      g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (columns, e + 1);

      g_assert_cmpstr (gtk_column_view_column_get_title (column), ==, environments[e].name);
    }
  g_assert_nonnull (sluice_ui_test_find_by_classes (GTK_WIDGET (page), "status-pill", "drift", NULL));
  g_assert_nonnull (sluice_ui_test_find_by_classes (GTK_WIDGET (page), "status-pill", "pending", NULL));

  sluice_ui_test_save_png (GTK_WIDGET (fixture.window), "matrix.png");

  /* Production's header really is red. */
  prod_title = find_header_title (column_view, 1 + PROD);
  g_assert_nonnull (prod_title);
  g_assert_true (gtk_widget_compute_bounds (prod_title, GTK_WIDGET (fixture.window), &bounds));
  texture = sluice_ui_test_render (GTK_WIDGET (fixture.window), &origin);
  /* Under the title, whose white text would skew the sample. */
  g_test_message ("production header at %.0f,%.0f %.0fx%.0f", bounds.origin.x, bounds.origin.y,
                  bounds.size.width, bounds.size.height);
  sluice_ui_test_read_pixel (texture, origin.x + bounds.origin.x + bounds.size.width / 2,
                             origin.y + bounds.origin.y + bounds.size.height - 3, &red, &green, &blue);
  g_test_message ("production header: #%02x%02x%02x", red, green, blue);
  g_assert_cmpint (red, >, 180);
  g_assert_cmpint (green, <, 80);
  g_assert_cmpint (blue, <, 80);
}

static gboolean
column_settled (gpointer user_data)
{
  return sluice_matrix_column_get_state (user_data) != SLUICE_MATRIX_COLUMN_LOADING;
}

/* A server that is down costs its own column, and nothing else. */
static void
test_matrix_unreachable (void)
{
  SluiceMatrixPage *page = show_matrix_of (STAGING);
  SluiceProfileStore *store = sluice_application_get_store (fixture.app);
  g_autofree char *dead = g_strdup_printf ("host=%s port=5432 dbname=harbordesk connect_timeout=5",
                                           fixture.dead_socket_dir);
  g_autoptr(SluiceProfile) qa = sluice_profile_new ("Harbordesk QA", SLUICE_ENVIRONMENT_STAGING, dead);
  g_autoptr(GError) error = NULL;
  SluiceMatrixColumn *qa_column = NULL;

  sluice_profile_set_migration_folder (qa, fixture.folder);
  g_assert_true (sluice_profile_store_add (store, qa, &error));
  g_assert_no_error (error);

  /* The store changed: the shown page reads again, with four columns. */
  sluice_ui_test_wait_until (matrix_settled, page, LOAD_TIMEOUT_MS);
  g_assert_cmpuint (sluice_matrix_page_get_n_columns (page), ==, N_ENVIRONMENTS + 1);

  for (guint i = 0; i < sluice_matrix_page_get_n_columns (page); i++)
    {
      SluiceMatrixColumn *column = sluice_matrix_page_get_column (page, i);

      sluice_ui_test_wait_until (column_settled, column, LOAD_TIMEOUT_MS);
      if (sluice_matrix_column_get_profile (column) == qa)
        qa_column = column;
      else
        g_assert_cmpint (sluice_matrix_column_get_state (column), ==, SLUICE_MATRIX_COLUMN_READY);
    }

  g_assert_nonnull (qa_column);
  g_assert_cmpint (sluice_matrix_column_get_state (qa_column), ==, SLUICE_MATRIX_COLUMN_UNREACHABLE);
  g_assert_nonnull (sluice_matrix_column_get_error (qa_column));
  g_assert_nonnull (sluice_ui_test_find_by_classes (GTK_WIDGET (page), "status-pill", "unreachable", NULL));
  sluice_ui_test_wait_for_draw (GTK_WIDGET (fixture.window));
  assert_label ("Unreachable", TRUE);
  /* QA sorts before Staging; unreachable, it is passed over: Production
   * still compares with Staging. */
  assert_label ("3 migrations behind Harbordesk Staging", TRUE);

  sluice_ui_test_save_png (GTK_WIDGET (fixture.window), "matrix-unreachable.png");

  sluice_profile_store_remove (store, qa);
  sluice_ui_test_wait_until (matrix_settled, page, LOAD_TIMEOUT_MS);
  g_assert_cmpuint (sluice_matrix_page_get_n_columns (page), ==, N_ENVIRONMENTS);
}

/* Isolated dirs hide the system data dirs, and with them GtkSourceView's
 * language specs and style schemes: point its managers at the real ones,
 * taken before the isolation. */
static GStrv
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

  g_test_add_func ("/history-page/history", test_history);
  g_test_add_func ("/history-page/detail", test_history_detail);
  g_test_add_func ("/history-page/index-usage", test_history_index_usage);
  g_test_add_func ("/history-page/dark", test_history_dark);
  g_test_add_func ("/history-page/nothing-applied", test_history_nothing_applied);
  g_test_add_func ("/history-page/no-folder", test_history_no_folder);
  g_test_add_func ("/history-page/matrix", test_matrix);
  g_test_add_func ("/history-page/matrix-unreachable", test_matrix_unreachable);

  status = g_test_run ();

  if (fixture.window != NULL)
    gtk_window_destroy (GTK_WINDOW (fixture.window));
  g_clear_object (&fixture.app);
  if (fixture.dead_socket_dir != NULL)
    g_rmdir (fixture.dead_socket_dir);
  return status;
}
