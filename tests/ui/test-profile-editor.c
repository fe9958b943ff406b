/* test-profile-editor.c: the profile editor and the preferences window,
 * driven under Xvfb against the cluster of sluice-pg-harness
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>
#include <stdio.h>
#include <string.h>

#include <adwaita.h>
#include <glib/gstdio.h>
#include <libpq-fe.h>

#include "sluice.h"
#include "sluice-connection-test-row.h"
#include "sluice-preferences-window.h"
#include "sluice-profile-editor.h"
#include "sluice-test-pg.h"
#include "sluice-ui-test-utils.h"

#define WAIT_MS 30000

/* The combo rows list the enums in their order. */
#define ENVIRONMENT_INDEX(e) ((guint) (e))
#define GUARD_INDEX(g)       ((guint) (g))

typedef struct
{
  char               *config_dir;
  char               *path;
  SluiceProfileStore *store;
  GtkWindow          *editor;
  gboolean            destroyed;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  /* G_TEST_OPTION_ISOLATE_DIRS gives each test its own XDG dirs. */
  fixture->config_dir = g_build_filename (g_get_user_config_dir (), "sluice", NULL);
  g_assert_cmpint (g_mkdir_with_parents (fixture->config_dir, 0700), ==, 0);
  g_setenv ("SLUICE_CONFIG_DIR", fixture->config_dir, TRUE);

  fixture->store = sluice_profile_store_new_default ();
  fixture->path = g_strdup (sluice_profile_store_get_path (fixture->store));
  g_assert_true (g_str_has_prefix (fixture->path, fixture->config_dir));
}

static void
release_editor (Fixture *fixture)
{
  if (fixture->editor == NULL)
    return;

  if (!fixture->destroyed)
    gtk_window_destroy (fixture->editor);
  g_assert_true (fixture->destroyed);
  sluice_ui_test_flush ();
  /* Nothing (a callback still running, a cycle) keeps the window alive. */
  g_assert_finalize_object (g_steal_pointer (&fixture->editor));
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  release_editor (fixture);
  g_clear_object (&fixture->store);
  g_clear_pointer (&fixture->path, g_free);
  g_clear_pointer (&fixture->config_dir, g_free);
  g_unsetenv ("SLUICE_CONFIG_DIR");
}

/* gtk_window_destroy() drops the window from GTK's list of toplevels (our
 * reference keeps the object, to look at it afterwards). */
static void
on_toplevels_changed (GListModel *toplevels,
                      guint       position,
                      guint       removed,
                      guint       added,
                      Fixture    *fixture)
{
  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (window == fixture->editor)
        return;
    }

  fixture->destroyed = TRUE;
  g_signal_handlers_disconnect_by_func (toplevels, on_toplevels_changed, fixture);
}

static SluiceProfileEditor *
open_editor (Fixture       *fixture,
             SluiceProfile *profile,
             gboolean       duplicate)
{
  fixture->editor = sluice_profile_editor_new (NULL, fixture->store, profile, duplicate);
  g_assert_true (SLUICE_IS_PROFILE_EDITOR (fixture->editor));
  /* Ours, beyond GTK's list of toplevels, to look at it once destroyed. */
  g_object_ref (fixture->editor);
  fixture->destroyed = FALSE;
  g_signal_connect (gtk_window_get_toplevels (), "items-changed", G_CALLBACK (on_toplevels_changed), fixture);

  gtk_window_present (fixture->editor);
  sluice_ui_test_wait_for_draw (GTK_WIDGET (fixture->editor));
  return SLUICE_PROFILE_EDITOR (fixture->editor);
}

static gpointer
child (SluiceProfileEditor *editor,
       const char          *name)
{
  GObject *object = gtk_widget_get_template_child (GTK_WIDGET (editor),
                                                   SLUICE_TYPE_PROFILE_EDITOR,
                                                   name);
  g_assert_nonnull (object);
  return object;
}

/* The Test Connection row is a widget with a template of its own. */
static gpointer
test_row_child (SluiceProfileEditor *editor,
                const char          *name)
{
  GObject *object = gtk_widget_get_template_child (child (editor, "test_row"),
                                                   SLUICE_TYPE_CONNECTION_TEST_ROW,
                                                   name);
  g_assert_nonnull (object);
  return object;
}

static void
type_into (SluiceProfileEditor *editor,
           const char          *row,
           const char          *text)
{
  gtk_editable_set_text (GTK_EDITABLE (child (editor, row)), text);
}

static const char *
text_of (SluiceProfileEditor *editor,
         const char          *row)
{
  return gtk_editable_get_text (GTK_EDITABLE (child (editor, row)));
}

/* What a click does; gtk_widget_activate() would only click after the
 * button's 250 ms press animation. */
static void
click (SluiceProfileEditor *editor,
       const char          *button)
{
  g_signal_emit_by_name (child (editor, button), "clicked");
}

static void
click_test (SluiceProfileEditor *editor)
{
  g_signal_emit_by_name (test_row_child (editor, "button"), "clicked");
}

static GtkWidget *
find_popover (GtkWidget *widget)
{
  for (GtkWidget *iter = gtk_widget_get_first_child (widget);
       iter != NULL;
       iter = gtk_widget_get_next_sibling (iter))
    {
      GtkWidget *found;

      if (GTK_IS_POPOVER (iter))
        return iter;
      if ((found = find_popover (iter)) != NULL)
        return found;
    }
  return NULL;
}

/* The page scrolls; show its last group (Migrations). */
static void
scroll_to_bottom (SluiceProfileEditor *editor)
{
  GtkWidget *page = child (editor, "page");
  GtkWidget *scrolled = gtk_widget_get_first_child (page);
  GtkAdjustment *adjustment;

  while (scrolled != NULL && !GTK_IS_SCROLLED_WINDOW (scrolled))
    scrolled = gtk_widget_get_next_sibling (scrolled);
  g_assert_nonnull (scrolled);

  adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled));
  gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment));
}

static gboolean
can_save (SluiceProfileEditor *editor)
{
  return gtk_widget_get_sensitive (GTK_WIDGET (child (editor, "save_button")));
}

static const char *
test_result (SluiceProfileEditor *editor)
{
  return adw_action_row_get_subtitle (ADW_ACTION_ROW (child (editor, "test_row")));
}

static void
on_busy_changed (SluiceProfileEditor *editor,
                 GParamSpec          *pspec,
                 gboolean            *idle)
{
  *idle = !sluice_profile_editor_get_busy (editor);
}

static void
wait_until_idle (SluiceProfileEditor *editor)
{
  gboolean idle = !sluice_profile_editor_get_busy (editor);
  gulong id;

  id = g_signal_connect (editor, "notify::busy", G_CALLBACK (on_busy_changed), &idle);
  sluice_test_wait_for (&idle, WAIT_MS);
  g_signal_handler_disconnect (editor, id);
}

static void
save_and_wait_for_close (Fixture             *fixture,
                         SluiceProfileEditor *editor)
{
  g_assert_true (can_save (editor));
  click (editor, "save_button");
  sluice_test_wait_for (&fixture->destroyed, WAIT_MS);
}

static AdwMessageDialog *
find_message_dialog (GtkWindow *parent)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (window) &&
          gtk_window_get_transient_for (window) == parent &&
          gtk_widget_get_visible (GTK_WIDGET (window)))
        return ADW_MESSAGE_DIALOG (window);
    }
  return NULL;
}

static gboolean
on_poll_dialog (gpointer user_data)
{
  gpointer *data = user_data;
  gboolean *found = data[1];

  *found = find_message_dialog (data[0]) != NULL;
  return G_SOURCE_CONTINUE;
}

static AdwMessageDialog *
wait_for_message_dialog (GtkWindow *parent)
{
  gboolean found = FALSE;
  gpointer data[2] = { parent, &found };
  guint id = g_timeout_add (20, on_poll_dialog, data);

  sluice_test_wait_for (&found, WAIT_MS);
  g_clear_handle_id (&id, g_source_remove);
  return find_message_dialog (parent);
}

static void
close_message_dialog (AdwMessageDialog *dialog)
{
  adw_message_dialog_response (dialog, "close");
  sluice_ui_test_flush ();
}

static char *
read_file (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *contents = NULL;

  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);
  return contents;
}

/* What another process would read from disk. */
static SluiceProfileStore *
load_store_from_disk (const char *path)
{
  g_autoptr(SluiceProfileStore) store = sluice_profile_store_new (path);
  g_autoptr(GError) error = NULL;

  sluice_profile_store_load (store, &error);
  g_assert_no_error (error);
  return g_steal_pointer (&store);
}

static char *
query_server_version (const char *conninfo)
{
  PGconn *conn = PQconnectdb (conninfo);
  char *version;

  g_assert_cmpint (PQstatus (conn), ==, CONNECTION_OK);
  version = g_strdup (PQparameterStatus (conn, "server_version"));
  PQfinish (conn);
  return version;
}

static SluiceProfile *
add_profile (Fixture           *fixture,
             const char        *name,
             SluiceEnvironment  environment,
             const char        *connection)
{
  g_autoptr(SluiceProfile) profile = sluice_profile_new (name, environment, connection);
  g_autoptr(GError) error = NULL;

  sluice_profile_store_add (fixture->store, profile, &error);
  g_assert_no_error (error);
  sluice_profile_store_save (fixture->store, &error);
  g_assert_no_error (error);
  return profile;
}

static void
test_validation (Fixture       *fixture,
                 gconstpointer  data)
{
  SluiceProfileEditor *editor;
  AdwComboRow *environment_row;
  AdwComboRow *guard_row;
  GtkWidget *popover;

  add_profile (fixture, "prod-main", SLUICE_ENVIRONMENT_PROD, "service=prod");
  editor = open_editor (fixture, NULL, FALSE);
  environment_row = child (editor, "environment_row");
  guard_row = child (editor, "guard_row");

  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (editor)), ==, "New Profile");
  g_assert_null (sluice_profile_editor_get_profile (editor));

  /* Empty: nothing to save, but no red before the user typed. */
  g_assert_false (can_save (editor));
  g_assert_false (gtk_widget_has_css_class (child (editor, "name_row"), "error"));

  type_into (editor, "connection_row", "host=db.example.com dbname=app");
  g_assert_false (can_save (editor));
  type_into (editor, "name_row", "staging-eu");
  g_assert_true (can_save (editor));

  /* A name another profile has. */
  type_into (editor, "name_row", "prod-main");
  g_assert_false (can_save (editor));
  g_assert_true (gtk_widget_has_css_class (child (editor, "name_row"), "error"));
  g_assert_nonnull (strstr (gtk_widget_get_tooltip_text (child (editor, "name_row")), "prod-main"));

  /* Cleared after typing: an error now, with a tooltip saying why. */
  type_into (editor, "name_row", "   ");
  g_assert_false (can_save (editor));
  g_assert_true (gtk_widget_has_css_class (child (editor, "name_row"), "error"));
  g_assert_nonnull (gtk_widget_get_tooltip_text (child (editor, "name_row")));

  type_into (editor, "name_row", "staging-eu");
  g_assert_true (can_save (editor));
  g_assert_false (gtk_widget_has_css_class (child (editor, "name_row"), "error"));
  g_assert_null (gtk_widget_get_tooltip_text (child (editor, "name_row")));

  type_into (editor, "connection_row", "");
  g_assert_false (can_save (editor));
  g_assert_true (gtk_widget_has_css_class (child (editor, "connection_row"), "error"));

  /* The kind of connection text is said below it. */
  type_into (editor, "connection_row", "postgres://app@db.example.com:5432/app");
  g_assert_true (can_save (editor));
  g_assert_nonnull (strstr (adw_preferences_row_get_title (child (editor, "connection_kind_row")), "URI"));
  type_into (editor, "connection_row", "reporting");
  g_assert_nonnull (strstr (adw_preferences_row_get_title (child (editor, "connection_kind_row")), "service"));
  type_into (editor, "connection_row", "host=db.example.com dbname=app");
  g_assert_nonnull (strstr (adw_preferences_row_get_title (child (editor, "connection_kind_row")), "connection string"));

  /* The guard follows the environment until the user picks one. */
  g_assert_cmpuint (adw_combo_row_get_selected (environment_row), ==, ENVIRONMENT_INDEX (SLUICE_ENVIRONMENT_DEV));
  g_assert_cmpuint (adw_combo_row_get_selected (guard_row), ==, GUARD_INDEX (SLUICE_GUARD_RELAXED));
  adw_combo_row_set_selected (environment_row, ENVIRONMENT_INDEX (SLUICE_ENVIRONMENT_PROD));
  g_assert_cmpuint (adw_combo_row_get_selected (guard_row), ==, GUARD_INDEX (SLUICE_GUARD_STRICT));
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (guard_row)), "database name"));
  adw_combo_row_set_selected (environment_row, ENVIRONMENT_INDEX (SLUICE_ENVIRONMENT_STAGING));
  g_assert_cmpuint (adw_combo_row_get_selected (guard_row), ==, GUARD_INDEX (SLUICE_GUARD_CONFIRM));
  adw_combo_row_set_selected (guard_row, GUARD_INDEX (SLUICE_GUARD_STRICT));
  adw_combo_row_set_selected (environment_row, ENVIRONMENT_INDEX (SLUICE_ENVIRONMENT_DEV));
  g_assert_cmpuint (adw_combo_row_get_selected (guard_row), ==, GUARD_INDEX (SLUICE_GUARD_STRICT));

  /* The environments carry their translated labels. */
  g_assert_cmpstr (gtk_string_object_get_string (adw_combo_row_get_selected_item (environment_row)), ==,
                   sluice_environment_get_label (SLUICE_ENVIRONMENT_DEV));

  adw_combo_row_set_selected (environment_row, ENVIRONMENT_INDEX (SLUICE_ENVIRONMENT_STAGING));
  type_into (editor, "connection_row", "postgres://app@db-staging.example.com:5432/app");
  sluice_ui_test_save_png (GTK_WIDGET (editor), "editor-new.png");

  /* The guard levels' popover says what each one does. */
  adw_action_row_activate (ADW_ACTION_ROW (guard_row));
  popover = find_popover (GTK_WIDGET (guard_row));
  g_assert_nonnull (popover);
  sluice_ui_test_wait_for_draw (popover);
  g_assert_true (gtk_widget_get_mapped (popover));
  sluice_ui_test_save_png (popover, "editor-guard-levels.png");
  gtk_popover_popdown (GTK_POPOVER (popover));

  /* Cancel (the action Escape is bound to) closes, saving nothing. */
  gtk_widget_activate_action (GTK_WIDGET (editor), "editor.cancel", NULL);
  sluice_test_wait_for (&fixture->destroyed, WAIT_MS);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->store)), ==, 1);
}

static void
test_connection_ok (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autofree char *conninfo = sluice_test_pg_new_database ();
  g_autofree char *version = query_server_version (conninfo);
  g_autofree char *expected = g_strdup_printf ("PostgreSQL %s", version);
  g_autofree char *missing = NULL;
  SluiceProfileEditor *editor;
  const char *result;
  const char *round_trip;
  double ms = -1;

  editor = open_editor (fixture, NULL, FALSE);
  type_into (editor, "name_row", "harness");
  type_into (editor, "connection_row", conninfo);

  click_test (editor);
  g_assert_true (sluice_profile_editor_get_busy (editor));
  g_assert_true (gtk_widget_get_visible (test_row_child (editor, "spinner")));
  g_assert_cmpstr (gtk_button_get_label (test_row_child (editor, "button")), ==, "_Cancel");
  wait_until_idle (editor);

  result = test_result (editor);
  g_test_message ("test result: %s", result);
  g_assert_nonnull (result);
  g_assert_true (g_str_has_prefix (result, expected));
  round_trip = strstr (result, "round trip ");
  g_assert_nonnull (round_trip);
  g_assert_cmpint (sscanf (round_trip, "round trip %lf", &ms), ==, 1);
  g_assert_nonnull (strstr (round_trip, "ms"));
  /* A local socket can answer in a few tens of microseconds. */
  g_assert_cmpfloat (ms, >, 0.0);
  g_assert_cmpfloat (ms, <, 10000.0);
  g_assert_false (gtk_widget_get_visible (test_row_child (editor, "spinner")));
  g_assert_true (gtk_widget_get_visible (test_row_child (editor, "status_image")));
  g_assert_true (gtk_widget_has_css_class (test_row_child (editor, "status_image"), "success"));
  g_assert_cmpstr (gtk_button_get_label (test_row_child (editor, "button")), ==, "_Test");

  sluice_ui_test_save_png (GTK_WIDGET (editor), "editor-tested.png");

  /* Changing the connection forgets a result that no longer applies. */
  type_into (editor, "connection_row", "host=elsewhere dbname=app");
  g_assert_true (test_result (editor) == NULL || test_result (editor)[0] == '\0');
  g_assert_false (gtk_widget_get_visible (test_row_child (editor, "status_image")));

  /* The server's own words when it refuses: here, no such database. */
  missing = g_strdup_printf ("host='%s' port=%s user='%s' dbname=sluice_no_such_db",
                             g_getenv ("SLUICE_TEST_PGHOST"),
                             g_getenv ("SLUICE_TEST_PGPORT"),
                             g_getenv ("SLUICE_TEST_PGUSER"));
  type_into (editor, "connection_row", missing);
  click_test (editor);
  wait_until_idle (editor);
  g_test_message ("test result: %s", test_result (editor));
  g_assert_nonnull (strstr (test_result (editor), "\"sluice_no_such_db\" does not exist"));
  g_assert_true (gtk_widget_has_css_class (test_row_child (editor, "status_image"), "error"));
}

static void
test_connection_no_server (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *socket_dir = g_dir_make_tmp ("sluice-no-server-XXXXXX", &error);
  g_autofree char *conninfo = NULL;
  SluiceProfileEditor *editor;
  const char *result;

  g_assert_no_error (error);
  conninfo = g_strdup_printf ("host=%s port=5432 dbname=postgres connect_timeout=5", socket_dir);

  editor = open_editor (fixture, NULL, FALSE);
  type_into (editor, "name_row", "nowhere");
  type_into (editor, "connection_row", conninfo);

  /* Cancel at once: the window says so without waiting for libpq. */
  click_test (editor);
  g_assert_true (sluice_profile_editor_get_busy (editor));
  click_test (editor);
  g_assert_false (sluice_profile_editor_get_busy (editor));
  g_assert_nonnull (strstr (test_result (editor), "cancelled"));
  g_assert_cmpstr (gtk_button_get_label (test_row_child (editor, "button")), ==, "_Test");

  /* And the cancelled attempt's late completion changes nothing. */
  sluice_ui_test_flush ();

  click_test (editor);
  wait_until_idle (editor);

  result = test_result (editor);
  g_test_message ("test result: %s", result);
  g_assert_nonnull (result);
  /* libpq names the socket it could not reach. */
  g_assert_nonnull (strstr (result, socket_dir));
  g_assert_null (strstr (result, "PostgreSQL "));
  g_assert_true (gtk_widget_has_css_class (test_row_child (editor, "status_image"), "error"));

  scroll_to_bottom (editor);
  sluice_ui_test_save_png (GTK_WIDGET (editor), "editor-no-server.png");
  g_rmdir (socket_dir);
}

static void
on_saved (SluiceProfileEditor  *editor,
          SluiceProfile        *profile,
          SluiceProfile       **out)
{
  g_set_object (out, profile);
}

static void
test_save_new (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(SluiceProfileStore) on_disk = NULL;
  SluiceProfileEditor *editor;
  SluiceProfile *saved;
  SluiceProfile *emitted = NULL;

  editor = open_editor (fixture, NULL, FALSE);
  g_signal_connect (editor, "saved", G_CALLBACK (on_saved), &emitted);

  /* A test with no connection typed says so, and sends the user to the
   * field, now marked. */
  click_test (editor);
  g_assert_false (sluice_profile_editor_get_busy (editor));
  g_assert_cmpstr (test_result (editor), ==, "Type a connection first");
  g_assert_true (gtk_widget_has_css_class (test_row_child (editor, "status_image"), "error"));
  g_assert_true (gtk_widget_has_css_class (child (editor, "connection_row"), "error"));
  g_assert_nonnull (gtk_root_get_focus (GTK_ROOT (editor)));
  g_assert_true (gtk_widget_is_ancestor (gtk_root_get_focus (GTK_ROOT (editor)), child (editor, "connection_row")));

  type_into (editor, "name_row", "  staging-eu  ");
  type_into (editor, "connection_row", "postgres://app@db-staging.example.com:5432/app");
  adw_combo_row_set_selected (child (editor, "environment_row"), ENVIRONMENT_INDEX (SLUICE_ENVIRONMENT_STAGING));
  gtk_spin_button_set_value (child (editor, "lock_timeout_spin"), 2.5);
  gtk_spin_button_set_value (child (editor, "statement_timeout_spin"), 60);

  save_and_wait_for_close (fixture, editor);

  saved = sluice_profile_store_find_by_name (fixture->store, "staging-eu");
  g_assert_nonnull (saved);
  g_assert_true (emitted == saved);
  g_assert_true (sluice_profile_editor_get_profile (editor) == saved);
  g_clear_object (&emitted);

  on_disk = load_store_from_disk (fixture->path);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (on_disk)), ==, 1);
  saved = sluice_profile_store_find_by_name (on_disk, "staging-eu");
  g_assert_nonnull (saved);
  g_assert_cmpint (sluice_profile_get_environment (saved), ==, SLUICE_ENVIRONMENT_STAGING);
  g_assert_cmpint (sluice_profile_get_guard (saved), ==, SLUICE_GUARD_CONFIRM);
  g_assert_cmpstr (sluice_profile_get_connection (saved), ==, "postgres://app@db-staging.example.com:5432/app");
  g_assert_cmpint (sluice_profile_get_connection_kind (saved), ==, SLUICE_CONNECTION_KIND_URI);
  g_assert_cmpuint (sluice_profile_get_lock_timeout_ms (saved), ==, 2500);
  g_assert_cmpuint (sluice_profile_get_statement_timeout_ms (saved), ==, 60000);
  g_assert_null (sluice_profile_get_migration_folder (saved));
}

static void
test_password_without_keyring (Fixture       *fixture,
                               gconstpointer  data)
{
  static const char password[] = "hunter2-never-on-disk";
  g_autoptr(SluiceProfileStore) on_disk = NULL;
  g_autofree char *contents = NULL;
  SluiceProfileEditor *editor;
  AdwMessageDialog *dialog;

  editor = open_editor (fixture, NULL, FALSE);
  type_into (editor, "name_row", "with-password");
  type_into (editor, "connection_row", "host=db.example.com dbname=app user=app");
  type_into (editor, "password_row", password);

  click (editor, "save_button");
  wait_until_idle (editor);

  /* No secret service answers here (see main()): the profile is saved,
   * the password is not, and the window stays open to say so. */
  dialog = wait_for_message_dialog (GTK_WINDOW (editor));
  g_assert_nonnull (dialog);
  g_assert_false (fixture->destroyed);
  g_test_message ("%s", adw_message_dialog_get_body (dialog));
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "NOT saved"));
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "~/.pgpass"));
  sluice_ui_test_save_png (GTK_WIDGET (dialog), "editor-password-not-saved.png");
  close_message_dialog (dialog);

  contents = read_file (fixture->path);
  g_assert_null (strstr (contents, password));
  on_disk = load_store_from_disk (fixture->path);
  g_assert_nonnull (sluice_profile_store_find_by_name (on_disk, "with-password"));

  /* The window now edits the saved profile: saving again with the field
   * emptied closes it, and does not add a second profile. */
  g_assert_nonnull (sluice_profile_editor_get_profile (editor));
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (editor)), ==, "Edit Profile");
  g_assert_cmpstr (text_of (editor, "password_row"), ==, password);
  type_into (editor, "password_row", "");
  save_and_wait_for_close (fixture, editor);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->store)), ==, 1);
}

static void
test_save_refused (Fixture       *fixture,
                   gconstpointer  data)
{
  static const char corrupt[] = "{\n  \"profiles\": [\n    { \"name\": \"prod\", \n";
  g_autoptr(GError) error = NULL;
  g_autofree char *after = NULL;
  SluiceProfileEditor *editor;
  AdwMessageDialog *dialog;

  g_file_set_contents (fixture->path, corrupt, -1, &error);
  g_assert_no_error (error);
  g_assert_false (sluice_profile_store_load (fixture->store, &error));
  g_assert_nonnull (error);

  editor = open_editor (fixture, NULL, FALSE);
  type_into (editor, "name_row", "new-one");
  type_into (editor, "connection_row", "host=db.example.com dbname=app");
  click (editor, "save_button");

  dialog = wait_for_message_dialog (GTK_WINDOW (editor));
  g_assert_nonnull (dialog);
  g_test_message ("%s", adw_message_dialog_get_body (dialog));
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "Profile Not Saved");
  close_message_dialog (dialog);

  /* Nothing lost: the window, its fields, and the file as it was. */
  g_assert_false (fixture->destroyed);
  g_assert_cmpstr (text_of (editor, "name_row"), ==, "new-one");
  g_assert_true (can_save (editor));
  g_assert_null (sluice_profile_editor_get_profile (editor));
  g_assert_null (sluice_profile_store_find_by_name (fixture->store, "new-one"));
  after = read_file (fixture->path);
  g_assert_cmpstr (after, ==, corrupt);
}

static void
test_edit_in_place (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(SluiceProfileStore) on_disk = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;
  SluiceProfile *profile;
  SluiceProfileEditor *editor;

  profile = add_profile (fixture, "dev-a", SLUICE_ENVIRONMENT_DEV, "host=/tmp dbname=a");
  id = g_strdup (sluice_profile_get_id (profile));
  sluice_profile_set_migration_folder (profile, "/srv/app/migrations");
  sluice_profile_set_lock_timeout_ms (profile, 1500);
  sluice_profile_store_save (fixture->store, &error);
  g_assert_no_error (error);

  editor = open_editor (fixture, profile, FALSE);
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (editor)), ==, "Edit Profile");
  g_assert_cmpstr (text_of (editor, "name_row"), ==, "dev-a");
  g_assert_cmpstr (text_of (editor, "connection_row"), ==, "host=/tmp dbname=a");
  g_assert_cmpstr (adw_action_row_get_subtitle (child (editor, "folder_row")), ==, "/srv/app/migrations");
  g_assert_cmpfloat (gtk_spin_button_get_value (child (editor, "lock_timeout_spin")), ==, 1.5);
  /* Its own name is not a clash. */
  g_assert_true (can_save (editor));
  scroll_to_bottom (editor);
  sluice_ui_test_save_png (GTK_WIDGET (editor), "editor-edit.png");

  type_into (editor, "name_row", "dev-b");
  type_into (editor, "connection_row", "host=/tmp dbname=b");
  gtk_widget_activate_action (GTK_WIDGET (editor), "editor.clear-folder", NULL);
  g_assert_cmpstr (sluice_profile_get_name (profile), ==, "dev-a");   /* not before Save */
  save_and_wait_for_close (fixture, editor);

  g_assert_true (sluice_profile_store_find_by_name (fixture->store, "dev-b") == profile);
  g_assert_cmpstr (sluice_profile_get_connection (profile), ==, "host=/tmp dbname=b");
  g_assert_null (sluice_profile_get_migration_folder (profile));
  g_assert_cmpuint (sluice_profile_get_lock_timeout_ms (profile), ==, 1500);

  on_disk = load_store_from_disk (fixture->path);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (on_disk)), ==, 1);
  profile = sluice_profile_store_find_by_id (on_disk, id);
  g_assert_nonnull (profile);
  g_assert_cmpstr (sluice_profile_get_name (profile), ==, "dev-b");
  g_assert_null (sluice_profile_get_migration_folder (profile));
  g_assert_null (sluice_profile_store_find_by_name (on_disk, "dev-a"));
}

static void
test_duplicate (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(SluiceProfileStore) on_disk = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *second_name = NULL;
  SluiceProfile *original;
  SluiceProfile *copy;
  SluiceProfileEditor *editor;

  original = add_profile (fixture, "prod-main", SLUICE_ENVIRONMENT_PROD, "service=prod");
  /* A guard the user chose, not the environment's default. */
  sluice_profile_set_guard (original, SLUICE_GUARD_CONFIRM);
  sluice_profile_store_save (fixture->store, &error);
  g_assert_no_error (error);

  editor = open_editor (fixture, original, TRUE);
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (editor)), ==, "Duplicate Profile");
  g_assert_cmpstr (text_of (editor, "name_row"), ==, "prod-main (copy)");
  g_assert_cmpuint (adw_combo_row_get_selected (child (editor, "environment_row")), ==,
                    ENVIRONMENT_INDEX (SLUICE_ENVIRONMENT_PROD));
  g_assert_cmpuint (adw_combo_row_get_selected (child (editor, "guard_row")), ==,
                    GUARD_INDEX (SLUICE_GUARD_CONFIRM));
  g_assert_true (can_save (editor));
  save_and_wait_for_close (fixture, editor);

  copy = sluice_profile_store_find_by_name (fixture->store, "prod-main (copy)");
  g_assert_nonnull (copy);
  g_assert_true (copy != original);
  g_assert_cmpstr (sluice_profile_get_id (copy), !=, sluice_profile_get_id (original));
  g_assert_cmpstr (sluice_profile_get_connection (copy), ==, "service=prod");
  g_assert_cmpstr (sluice_profile_get_name (original), ==, "prod-main");

  on_disk = load_store_from_disk (fixture->path);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (on_disk)), ==, 2);
  g_assert_nonnull (sluice_profile_store_find_by_name (on_disk, "prod-main (copy)"));

  /* A second copy gets a name of its own. */
  release_editor (fixture);
  editor = open_editor (fixture, original, TRUE);
  second_name = g_strdup (text_of (editor, "name_row"));
  g_assert_cmpstr (second_name, !=, "prod-main (copy)");
  g_assert_null (sluice_profile_store_find_by_name (fixture->store, second_name));
  g_assert_true (can_save (editor));
}

/* A password typed into the connection is refused before anything is
 * written, and one click moves it to the Password field. */
static void
test_password_in_connection (Fixture       *fixture,
                             gconstpointer  data)
{
  static const char password[] = "hunter2-in-the-text";
  g_autofree char *conninfo = g_strdup_printf ("host=db.example.com dbname=app password=%s user=app", password);
  g_autofree char *uri = g_strdup_printf ("postgres://app:%s@db.example.com:6432/app?sslmode=require", password);
  g_autofree char *contents = NULL;
  SluiceProfileEditor *editor;
  AdwMessageDialog *dialog;

  editor = open_editor (fixture, NULL, FALSE);
  type_into (editor, "name_row", "typed-password");
  g_assert_false (gtk_widget_get_visible (child (editor, "connection_password_row")));

  type_into (editor, "connection_row", conninfo);
  g_assert_false (can_save (editor));
  g_assert_true (gtk_widget_has_css_class (child (editor, "connection_row"), "error"));
  g_assert_nonnull (strstr (gtk_widget_get_tooltip_text (child (editor, "connection_row")), "Password field"));
  g_assert_true (gtk_widget_get_visible (child (editor, "connection_password_row")));
  sluice_ui_test_save_png (GTK_WIDGET (editor), "editor-password-in-connection.png");

  /* Ctrl+S does not get past it either. */
  gtk_widget_activate_action (GTK_WIDGET (editor), "editor.save", NULL);
  g_assert_false (g_file_test (fixture->path, G_FILE_TEST_EXISTS));

  click (editor, "move_password_button");
  g_assert_cmpstr (text_of (editor, "connection_row"), ==, "host=db.example.com dbname=app user=app");
  g_assert_cmpstr (text_of (editor, "password_row"), ==, password);
  g_assert_false (gtk_widget_get_visible (child (editor, "connection_password_row")));
  g_assert_false (gtk_widget_has_css_class (child (editor, "connection_row"), "error"));
  g_assert_true (can_save (editor));

  /* The same for a URI's user part, keeping the rest as typed. */
  type_into (editor, "password_row", "");
  type_into (editor, "connection_row", uri);
  g_assert_false (can_save (editor));
  click (editor, "move_password_button");
  g_assert_cmpstr (text_of (editor, "connection_row"), ==, "postgres://app@db.example.com:6432/app?sslmode=require");
  g_assert_cmpstr (text_of (editor, "password_row"), ==, password);
  g_assert_true (can_save (editor));

  /* Saved: the connection without it; the password goes to the keyring,
   * which does not answer here, and the window says so. */
  click (editor, "save_button");
  dialog = wait_for_message_dialog (GTK_WINDOW (editor));
  g_assert_nonnull (dialog);
  close_message_dialog (dialog);
  wait_until_idle (editor);
  contents = read_file (fixture->path);
  g_assert_nonnull (strstr (contents, "postgres://app@db.example.com:6432/app?sslmode=require"));
  g_assert_null (strstr (contents, password));
}

/* The keyring password belongs to the saved connection: typed towards
 * another host, Test Connection does not send it there. */
static void
test_stored_password_stays_with_its_connection (Fixture       *fixture,
                                                gconstpointer  data)
{
  g_autofree char *conninfo = sluice_test_pg_new_database ();
  SluiceConnectionTestRow *row;
  SluiceProfileEditor *editor;
  SluiceProfile *profile;

  profile = add_profile (fixture, "harness", SLUICE_ENVIRONMENT_DEV, conninfo);
  editor = open_editor (fixture, profile, FALSE);
  row = child (editor, "test_row");

  g_assert_true (sluice_connection_test_row_get_profile (row) == profile);
  g_assert_true (sluice_connection_test_row_get_uses_stored_password (row));

  type_into (editor, "connection_row", "host=attacker.example.com dbname=app");
  g_assert_false (sluice_connection_test_row_get_uses_stored_password (row));
  /* Blanks around it do not make another connection. */
  type_into (editor, "connection_row", "  ");
  g_assert_false (sluice_connection_test_row_get_uses_stored_password (row));
  type_into (editor, "connection_row", conninfo);
  g_assert_true (sluice_connection_test_row_get_uses_stored_password (row));

  /* A typed password wins over the keyring's, wherever it goes. */
  type_into (editor, "password_row", "typed");
  g_assert_false (sluice_connection_test_row_get_uses_stored_password (row));
  type_into (editor, "password_row", "");

  /* The test itself still runs, against the host typed, without it. */
  type_into (editor, "connection_row", conninfo);
  click_test (editor);
  wait_until_idle (editor);
  g_assert_nonnull (strstr (test_result (editor), "PostgreSQL "));
  release_editor (fixture);

  /* A copy takes the original's password only for the original's server. */
  editor = open_editor (fixture, profile, TRUE);
  row = child (editor, "test_row");
  g_assert_true (sluice_connection_test_row_get_profile (row) == profile);
  g_assert_true (sluice_connection_test_row_get_uses_stored_password (row));
  type_into (editor, "connection_row", "postgres://app@attacker.example.com/app");
  g_assert_false (sluice_connection_test_row_get_uses_stored_password (row));
}

/* Escape while the password is on its way to the keyring: the window stays
 * until the keyring answered, and tells how it went. */
static void
test_close_while_storing_password (Fixture       *fixture,
                                   gconstpointer  data)
{
  g_autoptr(SluiceProfileStore) on_disk = NULL;
  SluiceProfileEditor *editor;
  AdwMessageDialog *dialog;

  editor = open_editor (fixture, NULL, FALSE);
  type_into (editor, "name_row", "closing");
  type_into (editor, "connection_row", "host=db.example.com dbname=app user=app");
  type_into (editor, "password_row", "hunter2-on-its-way");

  click (editor, "save_button");
  g_assert_true (sluice_profile_editor_get_busy (editor));
  gtk_widget_activate_action (GTK_WIDGET (editor), "editor.cancel", NULL);
  sluice_ui_test_flush ();
  g_assert_false (fixture->destroyed);

  /* No keyring answers here: the failure is shown, not lost. */
  dialog = wait_for_message_dialog (GTK_WINDOW (editor));
  g_assert_nonnull (dialog);
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "NOT saved"));
  close_message_dialog (dialog);
  g_assert_false (sluice_profile_editor_get_busy (editor));

  on_disk = load_store_from_disk (fixture->path);
  g_assert_nonnull (sluice_profile_store_find_by_name (on_disk, "closing"));

  /* Nothing in flight: Escape closes. */
  gtk_widget_activate_action (GTK_WIDGET (editor), "editor.cancel", NULL);
  sluice_test_wait_for (&fixture->destroyed, WAIT_MS);
}

static void
test_preferences (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  GtkWindow *window;
  GtkSwitch *start_switch;
  GtkSwitch *stop_switch;
  AdwComboRow *style_row;
  AdwPreferencesGroup *sandbox_group;

  window = sluice_preferences_window_new (NULL);
  g_assert_true (SLUICE_IS_PREFERENCES_WINDOW (window));
  g_object_ref (window);
  gtk_window_present (window);
  sluice_ui_test_wait_for_draw (GTK_WIDGET (window));

  start_switch = GTK_SWITCH (gtk_widget_get_template_child (GTK_WIDGET (window), SLUICE_TYPE_PREFERENCES_WINDOW, "start_sandbox_switch"));
  stop_switch = GTK_SWITCH (gtk_widget_get_template_child (GTK_WIDGET (window), SLUICE_TYPE_PREFERENCES_WINDOW, "stop_sandbox_switch"));
  style_row = ADW_COMBO_ROW (gtk_widget_get_template_child (GTK_WIDGET (window), SLUICE_TYPE_PREFERENCES_WINDOW, "style_row"));
  sandbox_group = ADW_PREFERENCES_GROUP (gtk_widget_get_template_child (GTK_WIDGET (window), SLUICE_TYPE_PREFERENCES_WINDOW, "sandbox_group"));

  /* Settings to widgets... */
  g_assert_cmpint (gtk_switch_get_active (start_switch), ==, g_settings_get_boolean (settings, "start-sandbox"));
  g_settings_set_boolean (settings, "start-sandbox", FALSE);
  g_assert_false (gtk_switch_get_active (start_switch));
  g_settings_set_boolean (settings, "start-sandbox", TRUE);
  g_assert_true (gtk_switch_get_active (start_switch));
  g_settings_set_string (settings, "style-variant", "light");
  g_assert_cmpuint (adw_combo_row_get_selected (style_row), ==, 1);

  /* ...and back. */
  gtk_switch_set_active (stop_switch, FALSE);
  g_assert_false (g_settings_get_boolean (settings, "stop-sandbox-on-quit"));
  gtk_switch_set_active (stop_switch, TRUE);
  g_assert_true (g_settings_get_boolean (settings, "stop-sandbox-on-quit"));
  adw_combo_row_set_selected (style_row, 2);
  g_assert_cmpstr (g_settings_get_string (settings, "style-variant"), ==, "dark");
  adw_combo_row_set_selected (style_row, 0);
  g_assert_cmpstr (g_settings_get_string (settings, "style-variant"), ==, "default");

  /* No application here, so no sandbox of its own: the group says what a
   * sandbox is, and names no folder (test-window checks the one it names
   * with the application). */
  g_assert_nonnull (strstr (adw_preferences_group_get_description (sandbox_group), "Unix socket"));
  g_assert_null (strstr (adw_preferences_group_get_description (sandbox_group), "sluice/sandbox"));

  sluice_ui_test_save_png (GTK_WIDGET (window), "preferences.png");

  gtk_window_destroy (window);
  g_object_unref (window);
}

static void
add_editor_test (const char *path,
                 void      (*func) (Fixture *, gconstpointer))
{
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down);
}

int
main (int   argc,
      char *argv[])
{
  /* No session bus, hence no secret service: the keyring path under test is
   * the one where Sluice must fall back to ~/.pgpass, and nothing may wait
   * on a keyring prompt. */
  g_setenv ("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/sluice-test-bus", TRUE);

  sluice_ui_test_init (&argc, &argv);
  /* No AdwApplication here to do it: the dialogs need libadwaita's styles. */
  adw_init ();

  add_editor_test ("/profile-editor/validation", test_validation);
  add_editor_test ("/profile-editor/test-connection/ok", test_connection_ok);
  add_editor_test ("/profile-editor/test-connection/no-server", test_connection_no_server);
  add_editor_test ("/profile-editor/save/new", test_save_new);
  add_editor_test ("/profile-editor/save/password-without-keyring", test_password_without_keyring);
  add_editor_test ("/profile-editor/save/refused", test_save_refused);
  add_editor_test ("/profile-editor/edit", test_edit_in_place);
  add_editor_test ("/profile-editor/duplicate", test_duplicate);
  add_editor_test ("/profile-editor/password-in-connection", test_password_in_connection);
  add_editor_test ("/profile-editor/test-connection/stored-password", test_stored_password_stays_with_its_connection);
  add_editor_test ("/profile-editor/save/close-while-storing-password", test_close_while_storing_password);
  g_test_add_func ("/preferences/bindings", test_preferences);

  return g_test_run ();
}
