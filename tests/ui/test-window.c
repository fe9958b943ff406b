/* test-window.c: the real application and main window, under Xvfb, against
 * the cluster of sluice-pg-harness
 *
 * The harness cluster stands in for the sandbox (start-sandbox is off):
 * "Sandbox" points at a database this test fills with tables, "Staging" and
 * "Production" at another, and "Broken" at a socket directory where no
 * server listens.  The window is driven through its actions, as a user's
 * clicks and keys would, and rendered to PNG.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <adwaita.h>
#include <glib/gstdio.h>
#include <libpq-fe.h>

#include "sluice.h"
#include "sluice-application.h"
#include "sluice-preferences-window.h"
#include "sluice-test-pg.h"
#include "sluice-ui-test-utils.h"
#include "sluice-window.h"

#define LOAD_TIMEOUT_MS 60000

typedef struct
{
  char              *config_dir;
  char              *dead_socket_dir;
  char              *sandbox_conninfo;
  char              *server_version;      /* as the server says, read by the test */
  char              *sandbox_id;
  char              *staging_id;
  char              *production_id;
  char              *broken_id;
  SluiceApplication *app;
  SluiceWindow      *window;
} Fixture;

static Fixture fixture;

/* Test data -------------------------------------------------------------- */

static char *
read_server_version (const char *conninfo)
{
  PGconn *conn = PQconnectdb (conninfo);
  PGresult *result;
  char *version;

  g_assert_cmpint (PQstatus (conn), ==, CONNECTION_OK);
  result = PQexec (conn, "SHOW server_version");
  g_assert_cmpint (PQresultStatus (result), ==, PGRES_TUPLES_OK);
  version = g_strdup (PQgetvalue (result, 0, 0));
  PQclear (result);
  PQfinish (conn);
  return version;
}

static void
fill_sandbox_database (const char *conninfo)
{
  sluice_test_pg_exec (conninfo,
    "CREATE TABLE customers (id bigint PRIMARY KEY, name text NOT NULL, email text NOT NULL);"
    "INSERT INTO customers SELECT g, 'Customer ' || g, 'customer' || g || '@example.com'"
    "  FROM generate_series (1, 20000) AS g;"
    "CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint NOT NULL REFERENCES customers,"
    "  placed_at timestamptz NOT NULL, total numeric (12, 2) NOT NULL);"
    "INSERT INTO orders SELECT g, 1 + g % 20000, now () - g * interval '1 minute', (g % 500) + 0.99"
    "  FROM generate_series (1, 60000) AS g;"
    "CREATE INDEX orders_customer_id_idx ON orders (customer_id);"
    "CREATE TABLE audit_log (id bigserial PRIMARY KEY, payload jsonb NOT NULL);"
    "INSERT INTO audit_log (payload) SELECT jsonb_build_object ('event', 'login', 'n', g)"
    "  FROM generate_series (1, 5000) AS g;"
    "CREATE EXTENSION IF NOT EXISTS pg_trgm;"
    "ANALYZE;");
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

/* The profiles.json the application reads, written by the core itself. */
static void
write_profiles (void)
{
  g_autofree char *production_conninfo = sluice_test_pg_new_database ();
  g_autofree char *broken_conninfo = NULL;
  g_autofree char *path = NULL;
  g_autoptr(SluiceProfileStore) store = NULL;
  g_autoptr(GError) error = NULL;

  fixture.sandbox_conninfo = sluice_test_pg_new_database ();
  fill_sandbox_database (fixture.sandbox_conninfo);
  sluice_test_pg_exec (production_conninfo,
                       "CREATE TABLE accounts (id bigint PRIMARY KEY, balance numeric NOT NULL);"
                       "INSERT INTO accounts SELECT g, g * 10 FROM generate_series (1, 2000) AS g;"
                       "ANALYZE;");
  fixture.server_version = read_server_version (fixture.sandbox_conninfo);

  fixture.dead_socket_dir = g_dir_make_tmp ("sluice-no-server-XXXXXX", &error);
  g_assert_no_error (error);
  broken_conninfo = g_strdup_printf ("host=%s port=5432 dbname=nowhere connect_timeout=5",
                                     fixture.dead_socket_dir);

  fixture.config_dir = g_dir_make_tmp ("sluice-ui-config-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (fixture.config_dir, "profiles.json", NULL);
  store = sluice_profile_store_new (path);

  fixture.sandbox_id = add_profile (store, "Sandbox", SLUICE_ENVIRONMENT_SANDBOX,
                                    fixture.sandbox_conninfo, g_getenv ("SLUICE_DEMO_DIR"));
  fixture.staging_id = add_profile (store, "Staging", SLUICE_ENVIRONMENT_STAGING,
                                    production_conninfo, NULL);
  fixture.production_id = add_profile (store, "Production", SLUICE_ENVIRONMENT_PROD,
                                       production_conninfo, g_getenv ("SLUICE_DEMO_DIR"));
  fixture.broken_id = add_profile (store, "Broken", SLUICE_ENVIRONMENT_DEV, broken_conninfo, NULL);

  g_assert_true (sluice_profile_store_save (store, &error));
  g_assert_no_error (error);

  g_setenv ("SLUICE_CONFIG_DIR", fixture.config_dir, TRUE);
}

/* Helpers ---------------------------------------------------------------- */

/* Every test may run alone (-p): the first to need the window starts the
 * application, exactly as g_application_run() does for a plain launch. */
static void
ensure_started (void)
{
  g_autoptr(GSettings) settings = NULL;
  g_autoptr(GError) error = NULL;
  GtkWindow *window;

  if (fixture.window != NULL)
    return;

  if (fixture.app == NULL)
    {
      /* The harness cluster stands in for the sandbox. */
      settings = g_settings_new (APP_ID);
      g_settings_set_boolean (settings, "start-sandbox", FALSE);
      g_settings_set_string (settings, "last-profile", "");

      fixture.app = sluice_application_new ();
      g_assert_true (g_application_register (G_APPLICATION (fixture.app), NULL, &error));
      g_assert_no_error (error);
    }

  g_application_activate (G_APPLICATION (fixture.app));
  window = gtk_application_get_active_window (GTK_APPLICATION (fixture.app));
  g_assert_true (SLUICE_IS_WINDOW (window));
  fixture.window = SLUICE_WINDOW (window);
  sluice_ui_test_wait_for_draw (GTK_WIDGET (window));
}

static gboolean
overview_settled (gpointer user_data)
{
  SluiceOverviewPage *page = user_data;

  return !sluice_overview_page_get_loading (page) &&
         (sluice_overview_page_get_overview (page) != NULL ||
          sluice_overview_page_get_error (page) != NULL);
}

static SluiceOverviewPage *
select_and_wait (const char *profile_id)
{
  SluiceOverviewPage *page;
  SluiceProfile *selected;

  ensure_started ();
  page = sluice_window_get_overview_page (fixture.window);

  gtk_widget_activate_action (GTK_WIDGET (fixture.window), "win.select-profile", "s", profile_id);
  selected = sluice_window_get_selected_profile (fixture.window);
  g_assert_nonnull (selected);
  g_assert_cmpstr (sluice_profile_get_id (selected), ==, profile_id);

  sluice_ui_test_wait_until (overview_settled, page, LOAD_TIMEOUT_MS);
  sluice_ui_test_wait_for_draw (GTK_WIDGET (fixture.window));
  return page;
}

static GtkWidget *
find_content_header (void)
{
  GtkWidget *header = sluice_ui_test_find_by_classes (GTK_WIDGET (fixture.window),
                                                      "content-header", NULL);

  g_assert_nonnull (header);
  return header;
}

static void
assert_label (const char *text,
              gboolean    exact)
{
  if (sluice_ui_test_find_label (GTK_WIDGET (fixture.window), text, exact) == NULL)
    g_error ("no visible label %s “%s”", exact ? "reads" : "contains", text);
}

static GtkWidget *
find_actionable (GtkWidget  *root,
                 const char *action_name)
{
  if (!gtk_widget_get_mapped (root))
    return NULL;

  if (GTK_IS_ACTIONABLE (root) &&
      g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (root)), action_name) == 0)
    return root;

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_actionable (child, action_name);

      if (found != NULL)
        return found;
    }

  return NULL;
}

/* A button's sensitivity follows its action's enabled state. */
static GtkWidget *
find_action_button (const char *action_name)
{
  GtkWidget *button = find_actionable (GTK_WIDGET (fixture.window), action_name);

  g_assert_nonnull (button);
  return button;
}

/* Tests ------------------------------------------------------------------ */

static void
test_startup (void)
{
  ensure_started ();

  g_assert_null (sluice_application_get_load_error (fixture.app));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (sluice_application_get_store (fixture.app))), ==, 4);

  /* The sidebar groups by environment, sandbox first, production last. */
  assert_label ("Sandbox", TRUE);
  assert_label ("Development", TRUE);
  assert_label ("Staging", TRUE);
  assert_label ("Production", TRUE);

  /* With no last profile, the first one (the sandbox) is selected. */
  g_assert_cmpstr (sluice_profile_get_id (sluice_window_get_selected_profile (fixture.window)),
                   ==, fixture.sandbox_id);
}

static void
test_sandbox_overview (void)
{
  SluiceOverviewPage *page = select_and_wait (fixture.sandbox_id);
  SluiceOverview *overview = sluice_overview_page_get_overview (page);
  g_autofree char *short_version = NULL;
  g_autofree char *size = NULL;
  g_autofree char *connections = NULL;
  GPtrArray *tables;
  gboolean saw_orders = FALSE;

  g_assert_no_error ((GError *) sluice_overview_page_get_error (page));
  g_assert_nonnull (overview);

  /* The version the server told us, as the card and the Profile group show it. */
  short_version = g_strndup (fixture.server_version, strcspn (fixture.server_version, " "));
  assert_label (short_version, TRUE);
  assert_label (fixture.server_version, FALSE);

  g_assert_cmpint (sluice_overview_get_database_bytes (overview), >, 0);
  size = g_format_size (sluice_overview_get_database_bytes (overview));
  assert_label (size, TRUE);

  g_assert_cmpint (sluice_overview_get_connections_used (overview), >=, 1);
  connections = g_strdup_printf ("%d of %d",
                                 sluice_overview_get_connections_used (overview),
                                 sluice_overview_get_connections_max (overview));
  assert_label (connections, TRUE);

  /* The tables this test created, largest first. */
  assert_label ("public.orders", TRUE);
  assert_label ("public.customers", TRUE);
  assert_label ("public.audit_log", TRUE);
  tables = sluice_overview_get_largest_tables (overview);
  g_assert_cmpuint (tables->len, >=, 3);
  for (guint i = 0; i < tables->len; i++)
    {
      const SluiceTableSize *table = g_ptr_array_index (tables, i);

      g_assert_cmpint (table->total_bytes, >, 0);
      if (g_str_equal (table->name, "orders"))
        saw_orders = TRUE;
    }
  g_assert_true (saw_orders);

  assert_label ("pg_trgm", TRUE);
  assert_label ("Sandbox", TRUE);

  /* Connected: the sidebar row says so. */
  g_assert_nonnull (sluice_ui_test_find_by_classes (GTK_WIDGET (fixture.window),
                                                    "connection-state", "connected", NULL));

  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (fixture.window), "environment-prod"));
  sluice_ui_test_save_png (GTK_WIDGET (fixture.window), "overview-sandbox.png");
}

static void
test_production_header (void)
{
  SluiceOverviewPage *page = select_and_wait (fixture.production_id);
  g_autoptr(GdkTexture) texture = NULL;
  GtkWidget *header;
  graphene_rect_t bounds;
  graphene_point_t origin;
  guint8 red, green, blue;

  g_assert_nonnull (sluice_overview_page_get_overview (page));
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (fixture.window), "environment-prod"));
  assert_label ("PRODUCTION", TRUE);
  assert_label ("public.accounts", TRUE);

  sluice_ui_test_save_png (GTK_WIDGET (fixture.window), "overview-prod.png");

  /* The colour really is across the header: sample the render near its
   * left and right ends, away from buttons and titles. */
  header = find_content_header ();
  g_assert_true (gtk_widget_compute_bounds (header, GTK_WIDGET (fixture.window), &bounds));
  texture = sluice_ui_test_render (GTK_WIDGET (fixture.window), &origin);
  graphene_rect_offset (&bounds, origin.x, origin.y);
  g_test_message ("content header at %.0f,%.0f %.0fx%.0f in a %dx%d render",
                  bounds.origin.x, bounds.origin.y, bounds.size.width, bounds.size.height,
                  gdk_texture_get_width (texture), gdk_texture_get_height (texture));

  /* Near the bottom edge: the PRODUCTION badge sits at the left when the
   * view switcher narrows. */
  sluice_ui_test_read_pixel (texture, bounds.origin.x + 60, bounds.origin.y + bounds.size.height - 4,
                             &red, &green, &blue);
  g_test_message ("header left: #%02x%02x%02x", red, green, blue);
  g_assert_cmpint (red, >, 180);
  g_assert_cmpint (green, <, 80);
  g_assert_cmpint (blue, <, 80);

  /* Below the view switcher's buttons, which reach this far right. */
  sluice_ui_test_read_pixel (texture, bounds.origin.x + bounds.size.width - 200,
                             bounds.origin.y + bounds.size.height - 4, &red, &green, &blue);
  g_test_message ("header right: #%02x%02x%02x", red, green, blue);
  g_assert_cmpint (red, >, 180);
  g_assert_cmpint (green, <, 80);
  g_assert_cmpint (blue, <, 80);

  /* Staging is marked too, in its own colour; not as production. */
  select_and_wait (fixture.staging_id);
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (fixture.window), "environment-prod"));
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (fixture.window), "environment-staging"));
  assert_label ("STAGING", TRUE);
  sluice_ui_test_save_png (GTK_WIDGET (fixture.window), "overview-staging.png");
}

static void
test_broken_profile (void)
{
  SluiceOverviewPage *page = select_and_wait (fixture.broken_id);
  const GError *error = sluice_overview_page_get_error (page);

  g_assert_nonnull (error);
  g_assert_null (sluice_overview_page_get_overview (page));
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (fixture.window), "environment-prod"));
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (fixture.window), "environment-dev"));

  /* The error page: what happened, that nothing changed, a way forward. */
  assert_label ("Could Not Connect to “Broken”", TRUE);
  assert_label ("Nothing was changed on the server", FALSE);
  assert_label (fixture.dead_socket_dir, FALSE);
  assert_label ("Retry", FALSE);
  g_assert_nonnull (sluice_ui_test_find_by_classes (GTK_WIDGET (fixture.window),
                                                    "connection-failed", NULL));
  sluice_ui_test_save_png (GTK_WIDGET (fixture.window), "overview-error.png");

  /* Retry (F5) tries again, and fails the same way, without hanging. */
  gtk_widget_activate_action (GTK_WIDGET (fixture.window), "win.refresh", NULL);
  g_assert_true (sluice_overview_page_get_loading (page));
  sluice_ui_test_wait_until (overview_settled, page, LOAD_TIMEOUT_MS);
  g_assert_nonnull (sluice_overview_page_get_error (page));
}

static GtkWindow *
find_toplevel (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();  /* transfer none */

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (window, type) && gtk_widget_get_visible (GTK_WIDGET (window)))
        return window;
    }

  return NULL;
}

static void
test_about (void)
{
  GtkWindow *about;

  ensure_started ();
  g_action_group_activate_action (G_ACTION_GROUP (fixture.app), "about", NULL);
  about = find_toplevel (ADW_TYPE_ABOUT_WINDOW);
  g_assert_nonnull (about);

  g_assert_cmpstr (adw_about_window_get_version (ADW_ABOUT_WINDOW (about)), ==, PACKAGE_VERSION);
  g_assert_cmpstr (adw_about_window_get_application_icon (ADW_ABOUT_WINDOW (about)), ==, APP_ID);
  g_assert_cmpint (adw_about_window_get_license_type (ADW_ABOUT_WINDOW (about)), ==, GTK_LICENSE_GPL_3_0);
  g_assert_true (gtk_window_get_transient_for (about) == GTK_WINDOW (fixture.window));

  sluice_ui_test_save_png (GTK_WIDGET (about), "about.png");
  gtk_window_destroy (about);
  sluice_ui_test_flush ();
}

/* The primary menu's entries and their accelerators lead where they say. */
static void
test_menu_actions (void)
{
  g_autofree char **quit_accels = NULL;
  g_autofree char **preferences_accels = NULL;
  g_autofree char **add_accels = NULL;
  g_autofree char **refresh_accels = NULL;
  GtkWindow *preferences;

  ensure_started ();

  quit_accels = gtk_application_get_accels_for_action (GTK_APPLICATION (fixture.app), "app.quit");
  preferences_accels = gtk_application_get_accels_for_action (GTK_APPLICATION (fixture.app), "app.preferences");
  add_accels = gtk_application_get_accels_for_action (GTK_APPLICATION (fixture.app), "win.add-profile");
  refresh_accels = gtk_application_get_accels_for_action (GTK_APPLICATION (fixture.app), "win.refresh");
  g_assert_cmpstr (quit_accels[0], ==, "<Control>q");
  g_assert_cmpstr (preferences_accels[0], ==, "<Control>comma");
  g_assert_cmpstr (add_accels[0], ==, "<Control>n");
  g_assert_cmpstr (refresh_accels[0], ==, "F5");

  g_action_group_activate_action (G_ACTION_GROUP (fixture.app), "preferences", NULL);
  preferences = find_toplevel (SLUICE_TYPE_PREFERENCES_WINDOW);
  g_assert_nonnull (preferences);
  g_assert_true (gtk_window_get_transient_for (preferences) == GTK_WINDOW (fixture.window));
  sluice_ui_test_wait_for_draw (GTK_WIDGET (preferences));
  /* It says where the application's own sandbox lives. */
  {
    AdwPreferencesGroup *group = ADW_PREFERENCES_GROUP (gtk_widget_get_template_child (GTK_WIDGET (preferences),
                                                                                       SLUICE_TYPE_PREFERENCES_WINDOW,
                                                                                       "sandbox_group"));
    const char *root_dir = sluice_sandbox_get_root_dir (sluice_application_get_sandbox (fixture.app));
    const char *home = g_get_home_dir ();
    const char *shown = g_str_has_prefix (root_dir, home) ? root_dir + strlen (home) : root_dir;

    g_test_message ("%s", adw_preferences_group_get_description (group));
    g_assert_nonnull (strstr (adw_preferences_group_get_description (group), shown));
  }
  gtk_window_destroy (preferences);
  sluice_ui_test_flush ();
}

static void
test_shortcuts (void)
{
  GtkShortcutsWindow *overlay;

  ensure_started ();
  overlay = gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (fixture.window));
  g_assert_nonnull (overlay);

  gtk_widget_activate_action (GTK_WIDGET (fixture.window), "win.show-help-overlay", NULL);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (overlay)));

  sluice_ui_test_save_png (GTK_WIDGET (overlay), "shortcuts.png");
  gtk_widget_set_visible (GTK_WIDGET (overlay), FALSE);
  sluice_ui_test_flush ();
}

/* Remove asks first, then takes the profile out of the list and the file,
 * and the window moves on to another profile. */
static void
test_remove_profile (void)
{
  SluiceProfileStore *store;
  g_autoptr(SluiceProfile) scratch = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (fixture.config_dir, "profiles.json", NULL);
  g_autofree char *on_disk = NULL;
  GtkWindow *dialog;

  ensure_started ();
  store = sluice_application_get_store (fixture.app);
  scratch = sluice_profile_new ("Scratch", SLUICE_ENVIRONMENT_DEV, fixture.sandbox_conninfo);
  g_assert_true (sluice_profile_store_add (store, scratch, &error));
  g_assert_no_error (error);
  g_assert_true (sluice_profile_store_save (store, &error));
  g_assert_no_error (error);

  select_and_wait (sluice_profile_get_id (scratch));
  assert_label ("Scratch", TRUE);

  gtk_widget_activate_action (GTK_WIDGET (fixture.window), "win.remove-profile", NULL);
  dialog = find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  g_assert_nonnull (dialog);
  g_assert_cmpstr (adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (dialog)), ==, "Remove “Scratch”?");
  g_assert_cmpint (adw_message_dialog_get_response_appearance (ADW_MESSAGE_DIALOG (dialog), "remove"),
                   ==, ADW_RESPONSE_DESTRUCTIVE);
  g_assert_cmpstr (adw_message_dialog_get_default_response (ADW_MESSAGE_DIALOG (dialog)), ==, "cancel");
  sluice_ui_test_save_png (GTK_WIDGET (dialog), "remove-dialog.png");

  /* Still there until the user says so. */
  g_assert_nonnull (sluice_profile_store_find_by_id (store, sluice_profile_get_id (scratch)));
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "remove");
  sluice_ui_test_flush ();

  g_assert_null (sluice_profile_store_find_by_id (store, sluice_profile_get_id (scratch)));
  g_assert_true (g_file_get_contents (path, &on_disk, NULL, &error));
  g_assert_no_error (error);
  g_assert_null (strstr (on_disk, "Scratch"));
  g_assert_nonnull (sluice_window_get_selected_profile (fixture.window));
  g_assert_true (sluice_window_get_selected_profile (fixture.window) != scratch);
  g_assert_null (sluice_ui_test_find_label (GTK_WIDGET (fixture.window), "Scratch", TRUE));
  assert_label ("Removed “Scratch”", TRUE);
}

/* The close button of the toast shown: its only mapped button without an
 * action (libadwaita 1.2 gives it none). */
static GtkWidget *
find_toast_close_button (GtkWidget *root,
                         gboolean   in_toast)
{
  if (!gtk_widget_get_mapped (root))
    return NULL;

  in_toast = in_toast || g_str_equal (gtk_widget_get_css_name (root), "toast");
  if (in_toast && GTK_IS_BUTTON (root) && gtk_actionable_get_action_name (GTK_ACTIONABLE (root)) == NULL)
    return root;

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_toast_close_button (child, in_toast);

      if (found != NULL)
        return found;
    }

  return NULL;
}

/* Toasts queue, and under Xvfb (no focus) the one shown never times out:
 * close it, as a user would, until the one awaited shows. */
static gboolean
label_shown (gpointer text)
{
  GtkWidget *close;

  if (sluice_ui_test_find_label (GTK_WIDGET (fixture.window), text, FALSE) != NULL)
    return TRUE;

  close = find_toast_close_button (GTK_WIDGET (fixture.window), FALSE);
  if (close != NULL)
    g_signal_emit_by_name (close, "clicked");
  return FALSE;
}

static void
wait_for_label (const char *text)
{
  sluice_ui_test_wait_until (label_shown, (gpointer) text, LOAD_TIMEOUT_MS);
}

/* The window's handlers on a profile: its sort keys, and the selection's. */
static guint
count_window_handlers (SluiceProfile *profile)
{
  guint n = g_signal_handlers_block_matched (profile, G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL, fixture.window);

  g_signal_handlers_unblock_matched (profile, G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL, fixture.window);
  return n;
}

/* Another writer's change makes any save fail; putting the text back
 * makes saving work again. */
static char *
spoil_profiles_file (void)
{
  g_autofree char *path = g_build_filename (fixture.config_dir, "profiles.json", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *good = NULL;
  g_autofree char *spoiled = NULL;

  g_assert_true (g_file_get_contents (path, &good, NULL, &error));
  g_assert_no_error (error);
  spoiled = g_strconcat (good, "\n", NULL);
  g_assert_true (g_file_set_contents (path, spoiled, -1, &error));
  g_assert_no_error (error);
  return g_steal_pointer (&good);
}

static void
restore_profiles_file (const char *good)
{
  g_autofree char *path = g_build_filename (fixture.config_dir, "profiles.json", NULL);
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_set_contents (path, good, -1, &error));
  g_assert_no_error (error);
}

/* The dialog that asks about removing @name (an earlier one may linger). */
static AdwMessageDialog *
find_remove_dialog (const char *name)
{
  GListModel *toplevels = gtk_window_get_toplevels ();
  g_autofree char *heading = g_strdup_printf ("Remove “%s”?", name);

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (window) && gtk_widget_get_visible (GTK_WIDGET (window)) &&
          g_strcmp0 (adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (window)), heading) == 0)
        return ADW_MESSAGE_DIALOG (window);
    }

  g_error ("no dialog asks “%s”", heading);
}

/* A remove that cannot be saved puts the profile back where it was, watched
 * once, and selected. */
static void
test_remove_profile_not_saved (void)
{
  SluiceProfileStore *store;
  g_autoptr(SluiceProfile) scratch = NULL;
  g_autoptr(SluiceProfile) after = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *good = NULL;
  guint n_items, position, handlers;

  ensure_started ();
  store = sluice_application_get_store (fixture.app);
  scratch = sluice_profile_new ("Kept", SLUICE_ENVIRONMENT_DEV, fixture.sandbox_conninfo);
  after = sluice_profile_new ("After Kept", SLUICE_ENVIRONMENT_DEV, fixture.sandbox_conninfo);
  g_assert_true (sluice_profile_store_add (store, scratch, &error));
  g_assert_true (sluice_profile_store_add (store, after, &error));
  g_assert_true (sluice_profile_store_save (store, &error));
  g_assert_no_error (error);
  n_items = g_list_model_get_n_items (G_LIST_MODEL (store));
  position = n_items - 2;

  select_and_wait (sluice_profile_get_id (scratch));
  handlers = count_window_handlers (scratch);
  g_assert_cmpuint (handlers, >, 0);

  good = spoil_profiles_file ();
  gtk_widget_activate_action (GTK_WIDGET (fixture.window), "win.remove-profile", NULL);
  adw_message_dialog_response (find_remove_dialog ("Kept"), "remove");
  sluice_ui_test_flush ();

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, n_items);
  {
    g_autoptr(SluiceProfile) at_position = g_list_model_get_item (G_LIST_MODEL (store), position);

    g_assert_true (at_position == scratch);
  }
  g_assert_true (sluice_window_get_selected_profile (fixture.window) == scratch);
  g_assert_cmpuint (count_window_handlers (scratch), ==, handlers);
  wait_for_label ("“Kept” was not removed");

  /* Once the file is writable again, removing works, and leaves none of
   * the window's handlers on it. */
  restore_profiles_file (good);
  gtk_widget_activate_action (GTK_WIDGET (fixture.window), "win.remove-profile", NULL);
  adw_message_dialog_response (find_remove_dialog ("Kept"), "remove");
  sluice_ui_test_flush ();
  g_assert_null (sluice_profile_store_find_by_id (store, sluice_profile_get_id (scratch)));
  sluice_profile_store_remove (store, after);
  g_assert_true (sluice_profile_store_save (store, &error));
  g_assert_no_error (error);
}

/* An import that cannot be saved adds nothing, not even to a later save;
 * with no pg_service.conf at all, the window says that. */
static void
test_import_pg_service (void)
{
  g_autofree char *service_dir = NULL;
  g_autofree char *service_file = NULL;
  g_autofree char *path = g_build_filename (fixture.config_dir, "profiles.json", NULL);
  g_autofree char *good = NULL;
  g_autofree char *on_disk = NULL;
  g_autoptr(GError) error = NULL;
  SluiceProfileStore *store;
  guint n_items;

  ensure_started ();
  store = sluice_application_get_store (fixture.app);
  n_items = g_list_model_get_n_items (G_LIST_MODEL (store));

  service_dir = g_dir_make_tmp ("sluice-pg-service-XXXXXX", &error);
  g_assert_no_error (error);
  service_file = g_build_filename (service_dir, "pg_service.conf", NULL);
  g_setenv ("PGSYSCONFDIR", service_dir, TRUE);
  g_setenv ("PGSERVICEFILE", service_file, TRUE);

  /* No file anywhere. */
  gtk_widget_activate_action (GTK_WIDGET (fixture.window), "win.import-pg-service", NULL);
  wait_for_label ("there is no pg_service.conf");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, n_items);

  g_assert_true (g_file_set_contents (service_file,
                                      "[imported-one]\nhost=db1\ndbname=one\n\n"
                                      "[imported-two]\nhost=db2\ndbname=two\n", -1, &error));
  g_assert_no_error (error);

  good = spoil_profiles_file ();
  gtk_widget_activate_action (GTK_WIDGET (fixture.window), "win.import-pg-service", NULL);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, n_items);
  g_assert_null (sluice_profile_store_find_by_name (store, "imported-one"));
  g_assert_null (sluice_profile_store_find_by_name (store, "imported-two"));
  wait_for_label ("Nothing was imported");

  /* The next save, of anything, does not bring them in. */
  restore_profiles_file (good);
  g_assert_true (sluice_profile_store_save (store, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &on_disk, NULL, &error));
  g_assert_null (strstr (on_disk, "imported-one"));

  /* Saved, they are in. */
  gtk_widget_activate_action (GTK_WIDGET (fixture.window), "win.import-pg-service", NULL);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, n_items + 2);
  g_assert_nonnull (sluice_profile_store_find_by_name (store, "imported-one"));
  for (const char *const *name = (const char *const []) { "imported-one", "imported-two", NULL }; *name != NULL; name++)
    sluice_profile_store_remove (store, sluice_profile_store_find_by_name (store, *name));
  g_assert_true (sluice_profile_store_save (store, &error));
  g_assert_no_error (error);

  g_unsetenv ("PGSERVICEFILE");
  g_unsetenv ("PGSYSCONFDIR");
  g_unlink (service_file);
  g_rmdir (service_dir);
}

/* A hand edit gone wrong: the window names the line, keeps what it showed,
 * refuses to write, and recovers on reload once the file is fixed. */
static void
test_load_error (void)
{
  g_autofree char *path = g_build_filename (fixture.config_dir, "profiles.json", NULL);
  g_autofree char *good = NULL;
  g_autofree char *on_disk = NULL;
  g_autoptr(GString) broken = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *expected = NULL;
  const GError *load_error;
  const char *name;
  const char *line_at;

  ensure_started ();
  g_assert_true (g_file_get_contents (path, &good, NULL, &error));
  g_assert_no_error (error);

  /* The opening quote of the first profile's name, deleted by hand. */
  name = strstr (good, "\"name\" : \"");
  g_assert_nonnull (name);
  broken = g_string_new_len (good, name - good);
  g_string_append (broken, "\"name\" : ");
  g_string_append (broken, name + strlen ("\"name\" : \""));
  g_assert_true (g_file_set_contents (path, broken->str, -1, &error));
  g_assert_no_error (error);

  g_action_group_activate_action (G_ACTION_GROUP (fixture.app), "reload-profiles", NULL);
  load_error = sluice_application_get_load_error (fixture.app);
  g_assert_nonnull (load_error);
  g_test_message ("load error: %s", load_error->message);
  /* The core names the line (its own tests check which); the window must
   * show that, and the file. */
  line_at = strstr (load_error->message, " line ");
  g_assert_nonnull (line_at);
  expected = g_strndup (line_at + 1, strspn (line_at + 1, "line 0123456789"));
  g_assert_true (g_ascii_isdigit (expected[strlen (expected) - 1]));

  sluice_ui_test_wait_for_draw (GTK_WIDGET (fixture.window));
  assert_label ("Profiles could not be read.", FALSE);
  assert_label (expected, FALSE);
  assert_label (path, FALSE);
  g_assert_false (gtk_widget_get_sensitive (find_action_button ("win.add-profile")));
  sluice_ui_test_save_png (GTK_WIDGET (fixture.window), "load-error.png");

  /* Nothing was written over the user's file. */
  g_assert_true (g_file_get_contents (path, &on_disk, NULL, &error));
  g_assert_cmpstr (on_disk, ==, broken->str);

  g_assert_true (g_file_set_contents (path, good, -1, &error));
  g_assert_no_error (error);
  g_action_group_activate_action (G_ACTION_GROUP (fixture.app), "reload-profiles", NULL);
  g_assert_null (sluice_application_get_load_error (fixture.app));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (sluice_application_get_store (fixture.app))), ==, 4);
  sluice_ui_test_wait_for_draw (GTK_WIDGET (fixture.window));
  g_assert_null (sluice_ui_test_find_label (GTK_WIDGET (fixture.window), "Profiles could not be read.", FALSE));
  g_assert_true (gtk_widget_get_sensitive (find_action_button ("win.add-profile")));
}

static void
test_state_restored (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  SluiceWindow *window;
  SluiceWindow *second;
  int width, height;

  select_and_wait (fixture.broken_id);
  window = fixture.window;

  /* The Broken profile is selected last: closing saves the window's size
   * and that choice, and a new window comes back to both. */
  gtk_window_get_default_size (GTK_WINDOW (window), &width, &height);
  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &window);
  gtk_window_close (GTK_WINDOW (window));
  fixture.window = NULL;
  sluice_ui_test_flush ();
  g_assert_null (window);

  g_assert_cmpint (g_settings_get_int (settings, "window-width"), ==, width);
  g_assert_cmpint (g_settings_get_int (settings, "window-height"), ==, height);
  g_assert_false (g_settings_get_boolean (settings, "window-maximized"));
  g_assert_cmpstr (g_settings_get_string (settings, "last-profile"), ==, fixture.broken_id);

  second = sluice_window_new (fixture.app);
  gtk_window_present (GTK_WINDOW (second));
  sluice_ui_test_wait_for_draw (GTK_WIDGET (second));
  g_assert_cmpstr (sluice_profile_get_id (sluice_window_get_selected_profile (second)),
                   ==, fixture.broken_id);
  gtk_window_destroy (GTK_WINDOW (second));
  sluice_ui_test_flush ();
}

int
main (int   argc,
      char *argv[])
{
  int status;

  /* No session bus, so no keyring: connections fall back to ~/.pgpass, and
   * nothing waits on a prompt. */
  g_setenv ("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/sluice-test-bus", TRUE);

  sluice_ui_test_init (&argc, &argv);
  write_profiles ();

  g_test_add_func ("/window/startup", test_startup);
  g_test_add_func ("/window/overview-sandbox", test_sandbox_overview);
  g_test_add_func ("/window/overview-production", test_production_header);
  g_test_add_func ("/window/overview-broken", test_broken_profile);
  g_test_add_func ("/window/about", test_about);
  g_test_add_func ("/window/shortcuts", test_shortcuts);
  g_test_add_func ("/window/menu-actions", test_menu_actions);
  g_test_add_func ("/window/remove-profile", test_remove_profile);
  g_test_add_func ("/window/remove-profile-not-saved", test_remove_profile_not_saved);
  g_test_add_func ("/window/import-pg-service", test_import_pg_service);
  g_test_add_func ("/window/load-error", test_load_error);
  g_test_add_func ("/window/state-restored", test_state_restored);

  status = g_test_run ();

  g_clear_object (&fixture.app);
  if (fixture.dead_socket_dir != NULL)
    g_rmdir (fixture.dead_socket_dir);
  return status;
}
