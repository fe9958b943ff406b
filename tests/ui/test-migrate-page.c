/* test-migrate-page.c: the Migrate page in the real window under Xvfb,
 * against the cluster of sluice-pg-harness
 *
 * "Harbordesk Production", a prod profile (strict guard) on a fresh
 * database, has the first ten migrations of the demo folder applied by
 * Sluice's plain applier; six are pending.  The page plans them, runs the
 * preflight (every check read from the real server), the lint, takes
 * the backup (pg_dump, verified; skipping it would need a reason), has no
 * sandbox to rehearse in, and runs them once the database's name is typed in the
 * guard dialog; the history then says 0016 is current and nothing is
 * pending, and the verification summarises what changed.  Then "Roll
 * Back to Here…" on 0010 in the History page opens the page in rollback
 * mode with the plan (sources and data-loss warnings) shown and nothing
 * run; the rollback then goes through the same guards (preflight, lint,
 * a backup skipped with a reason, the typed name) and the history, read
 * again from the server, is back at 0010 with 'down' rows in the run
 * log.  Last, a branch of the folder whose 0016 breaks is run: the page
 * says what failed and what was not changed, and claims no success.
 * Each step is rendered to PNG.
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
#include "sluice-guard-dialog.h"
#include "sluice-history-page.h"
#include "sluice-migrate-page.h"
#include "sluice-test-pg.h"
#include "sluice-ui-test-utils.h"
#include "sluice-window.h"

#define LOAD_TIMEOUT_MS 60000
#define RUN_TIMEOUT_MS  120000
#define N_PREAPPLIED    10
#define N_DEMO          16
#define SKIP_REASON     "Restored from last night's base backup in the staging rehearsal"

typedef struct
{
  char              *config_dir;
  char              *folder;
  char              *conninfo;
  char              *database;
  char              *prod_id;
  char              *broken_folder;
  char              *broken_id;
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
  fixture.folder = g_dir_make_tmp ("sluice-migrate-demo-XXXXXX", &error);
  g_assert_no_error (error);

  dir = g_dir_open (demo, 0, &error);
  g_assert_no_error (error);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *from = g_build_filename (demo, name, NULL);
      g_autofree char *to = g_build_filename (fixture.folder, name, NULL);
      g_autofree char *contents = NULL;
      gsize length;

      if (!g_str_has_suffix (name, ".sql"))
        continue;
      g_assert_true (g_file_get_contents (from, &contents, &length, &error));
      g_assert_no_error (error);
      g_assert_true (g_file_set_contents (to, contents, length, &error));
      g_assert_no_error (error);
    }
}

/* The first ten, as an earlier release would have left them. */
static void
preapply (void)
{
  g_autoptr(SluiceConnection) connection = sluice_test_pg_connect (fixture.conninfo);
  g_autoptr(SluiceMigrationFolder) folder = NULL;
  g_autoptr(GPtrArray) batch = g_ptr_array_new_with_free_func (g_object_unref);
  g_auto(GStrv) applied = NULL;
  g_autoptr(GError) error = NULL;
  SluiceTestAsyncWait wait = { 0 };
  GListModel *migrations;

  folder = sluice_migration_folder_load (fixture.folder, SLUICE_MIGRATION_FORMAT_AUTO, &error);
  g_assert_no_error (error);
  migrations = sluice_migration_folder_get_migrations (folder);
  g_assert_cmpuint (g_list_model_get_n_items (migrations), ==, N_DEMO);
  for (guint i = 0; i < N_PREAPPLIED; i++)
    g_ptr_array_add (batch, g_list_model_get_item (migrations, i));

  sluice_applier_apply_async (connection, batch, NULL, sluice_test_store_result, &wait);
  sluice_test_wait_for (&wait.done, RUN_TIMEOUT_MS);
  g_assert_true (sluice_applier_apply_finish (wait.result, &applied, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (applied), ==, N_PREAPPLIED);
  g_clear_object (&wait.result);
  sluice_connection_close (connection);
}

/* A copy of the folder whose last migration breaks at its third
 * statement, after two that succeed: the transaction takes them back. */
static void
copy_broken_folder (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDir) dir = NULL;
  const char *name;
  static const char broken[] =
    "-- sluice:up\n"
    "UPDATE users SET email = lower(email) WHERE email <> lower(email);\n"
    "ALTER TABLE users ADD COLUMN email_checked_at timestamptz;\n"
    "ALTER TABLE users ADD CONSTRAINT users_email_is_lower CHECK (email = lowr(email));\n";

  fixture.broken_folder = g_dir_make_tmp ("sluice-migrate-broken-XXXXXX", &error);
  g_assert_no_error (error);
  dir = g_dir_open (fixture.folder, 0, &error);
  g_assert_no_error (error);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *from = g_build_filename (fixture.folder, name, NULL);
      g_autofree char *to = g_build_filename (fixture.broken_folder, name, NULL);
      g_autofree char *contents = NULL;
      gsize length;

      g_assert_true (g_file_get_contents (from, &contents, &length, &error));
      g_assert_no_error (error);
      if (g_str_has_prefix (name, "0016_"))
        g_assert_true (g_file_set_contents (to, broken, -1, &error));
      else
        g_assert_true (g_file_set_contents (to, contents, length, &error));
      g_assert_no_error (error);
    }
}

static void
prepare (void)
{
  g_autoptr(SluiceProfileStore) store = NULL;
  g_autoptr(SluiceProfile) profile = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autoptr(SluiceConnection) connection = NULL;

  fixture.conninfo = sluice_test_pg_new_database ();
  connection = sluice_test_pg_connect (fixture.conninfo);
  fixture.database = g_strdup (sluice_connection_get_database (connection));
  sluice_connection_close (connection);
  copy_demo_folder ();
  preapply ();

  fixture.config_dir = g_dir_make_tmp ("sluice-ui-config-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (fixture.config_dir, "profiles.json", NULL);
  store = sluice_profile_store_new (path);
  profile = sluice_profile_new ("Harbordesk Production", SLUICE_ENVIRONMENT_PROD, fixture.conninfo);
  sluice_profile_set_migration_folder (profile, fixture.folder);
  sluice_profile_set_guard (profile, SLUICE_GUARD_STRICT);
  g_assert_true (sluice_profile_store_add (store, profile, &error));
  g_assert_no_error (error);
  fixture.prod_id = g_strdup (sluice_profile_get_id (profile));
  g_clear_object (&profile);

  copy_broken_folder ();
  profile = sluice_profile_new ("Harbordesk Production (broken branch)", SLUICE_ENVIRONMENT_PROD,
                                fixture.conninfo);
  sluice_profile_set_migration_folder (profile, fixture.broken_folder);
  /* Lowered in the editor: on prod the name is typed all the same. */
  sluice_profile_set_guard (profile, SLUICE_GUARD_RELAXED);
  g_assert_true (sluice_profile_store_add (store, profile, &error));
  g_assert_no_error (error);
  fixture.broken_id = g_strdup (sluice_profile_get_id (profile));
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

static AdwViewStack *
get_view_stack (void)
{
  GtkWidget *stack = gtk_widget_get_ancestor (GTK_WIDGET (sluice_window_get_migrate_page (fixture.window)),
                                              ADW_TYPE_VIEW_STACK);

  g_assert_nonnull (stack);
  return ADW_VIEW_STACK (stack);
}

static gboolean
page_idle (gpointer user_data)
{
  SluiceMigratePage *page = user_data;

  return !sluice_migrate_page_get_busy (page) &&
         g_strcmp0 (sluice_migrate_page_get_step (page), "loading") != 0;
}

static void
wait_idle (SluiceMigratePage *page,
           guint              timeout_ms)
{
  sluice_ui_test_wait_until (page_idle, page, timeout_ms);
  sluice_ui_test_wait_for_draw (GTK_WIDGET (fixture.window));
}

static SluiceMigratePage *
show_migrate_page_of (const char *profile_id)
{
  SluiceMigratePage *page;

  ensure_started ();
  gtk_widget_activate_action (GTK_WIDGET (fixture.window), "win.select-profile", "s", profile_id);
  page = sluice_window_get_migrate_page (fixture.window);
  adw_view_stack_set_visible_child_name (get_view_stack (), "migrate");
  g_assert_true (adw_view_stack_get_visible_child (get_view_stack ()) == GTK_WIDGET (page));
  sluice_ui_test_wait_for_draw (GTK_WIDGET (fixture.window));
  wait_idle (page, LOAD_TIMEOUT_MS);
  return page;
}

static SluiceMigratePage *
show_migrate_page (void)
{
  return show_migrate_page_of (fixture.prod_id);
}

static GtkWidget *
find_text (GtkWidget  *root,
           const char *text)
{
  if (!gtk_widget_get_mapped (root))
    return NULL;
  if (GTK_IS_LABEL (root) && strstr (gtk_label_get_text (GTK_LABEL (root)), text) != NULL)
    return root;

  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_text (child, text);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static void
assert_text (GtkWidget  *root,
             const char *text)
{
  if (find_text (root, text) == NULL)
    g_error ("no visible text contains “%s”", text);
}

static gboolean
action_enabled (SluiceMigratePage *page,
                const char        *name)
{
  g_autofree char *detailed = g_strconcat ("migrate.", name, NULL);
  GtkWidget *button = NULL;
  gboolean enabled = FALSE;

  /* The enabled state as the buttons see it. */
  button = gtk_button_new ();
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), detailed);
  gtk_widget_set_parent (button, GTK_WIDGET (page));
  enabled = gtk_widget_get_sensitive (button);
  gtk_widget_unparent (button);
  return enabled;
}

static void
activate (SluiceMigratePage *page,
          const char        *name)
{
  g_autofree char *detailed = g_strconcat ("migrate.", name, NULL);

  g_assert_true (action_enabled (page, name));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), detailed, NULL));
}

static guint
count_rows (GtkWidget *list)
{
  guint n = 0;

  for (GtkWidget *child = gtk_widget_get_first_child (list); child != NULL; child = gtk_widget_get_next_sibling (child))
    n++;
  return n;
}

/* The boxed list of the step shown now. */
static GtkWidget *
find_list (GtkWidget *root)
{
  if (!gtk_widget_get_mapped (root))
    return NULL;
  if (GTK_IS_LIST_BOX (root) && gtk_widget_has_css_class (root, "boxed-list"))
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_list (child);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static gboolean
log_has (SluiceMigratePage  *page,
         SluiceRunEventKind  kind,
         const char         *version,
         const char         *text)
{
  GListModel *log = sluice_migrate_page_get_log (page);

  for (guint i = 0; i < g_list_model_get_n_items (log); i++)
    {
      g_autoptr(SluiceRunEvent) event = g_list_model_get_item (log, i);

      if (sluice_run_event_get_kind (event) != kind)
        continue;
      if (version != NULL && g_strcmp0 (sluice_run_event_get_version (event), version) != 0)
        continue;
      if (text != NULL && strstr (sluice_run_event_get_message (event), text) == NULL)
        continue;
      return TRUE;
    }
  return FALSE;
}

/* The guard dialog -------------------------------------------------------- */

static SluiceGuardDialog *
find_guard_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (SLUICE_IS_GUARD_DIALOG (window) && gtk_widget_get_visible (GTK_WIDGET (window)))
        return SLUICE_GUARD_DIALOG (window);
    }
  return NULL;
}

static gboolean
guard_dialog_shown (gpointer user_data)
{
  SluiceGuardDialog *dialog = find_guard_dialog ();

  return dialog != NULL && gtk_widget_get_mapped (GTK_WIDGET (dialog));
}

/* A guard dialog shown after @user_data (another one, answered already). */
static gboolean
new_guard_dialog_shown (gpointer user_data)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (SLUICE_IS_GUARD_DIALOG (window) && (gpointer) window != user_data &&
          gtk_widget_get_mapped (GTK_WIDGET (window)))
        return TRUE;
    }
  return FALSE;
}

static gboolean
step_is (gpointer user_data)
{
  SluiceMigratePage *page = sluice_window_get_migrate_page (fixture.window);

  return g_strcmp0 (sluice_migrate_page_get_step (page), user_data) == 0 && page_idle (page);
}

static void
query (SluiceConnection *connection,
       const char       *sql)
{
  g_object_unref (sluice_test_query (connection, sql));
}

/* Another session reads tickets: it holds ACCESS SHARE until it ends. */
static SluiceConnection *
hold_tickets_lock (void)
{
  SluiceConnection *reader = sluice_test_pg_connect (fixture.conninfo);

  query (reader, "BEGIN");
  query (reader, "LOCK TABLE tickets IN ACCESS SHARE MODE");
  return reader;
}

static const char *
page_profile_id (SluiceMigratePage *page)
{
  SluiceSession *session = sluice_migrate_page_get_session (page);

  g_assert_nonnull (session);
  return sluice_profile_get_id (sluice_session_get_profile (session));
}

/* The dialog the window shows when it is closed during a run. */
static AdwMessageDialog *
find_close_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (window) && !SLUICE_IS_GUARD_DIALOG (window) &&
          gtk_widget_get_visible (GTK_WIDGET (window)) &&
          adw_message_dialog_has_response (ADW_MESSAGE_DIALOG (window), "interrupt"))
        return ADW_MESSAGE_DIALOG (window);
    }
  return NULL;
}

static gboolean
close_dialog_shown (gpointer user_data)
{
  return find_close_dialog () != NULL;
}

static gboolean
run_waits (gpointer user_data)
{
  SluiceMigratePage *page = user_data;

  g_assert_cmpstr (sluice_migrate_page_get_step (page), !=, "verify");
  return log_has (page, SLUICE_RUN_EVENT_WAITING, NULL, NULL) ||
         log_has (page, SLUICE_RUN_EVENT_LOCK_RETRY, NULL, NULL);
}

/* Tests ------------------------------------------------------------------ */

static void
test_plan (void)
{
  SluiceMigratePage *page = show_migrate_page ();
  SluiceStatusReport *report;

  g_assert_cmpstr (sluice_migrate_page_get_step (page), ==, "plan");
  g_assert_null (sluice_migrate_page_get_error (page));
  g_assert_cmpint (sluice_migrate_page_get_direction (page), ==, SLUICE_RUN_UP);
  report = sluice_migrate_page_get_report (page);
  g_assert_nonnull (report);
  g_assert_cmpuint (sluice_status_report_get_pending_count (report), ==, N_DEMO - N_PREAPPLIED);
  g_assert_cmpstr (sluice_status_report_get_current_version (report), ==, "0010");

  assert_text (GTK_WIDGET (page), "6 Migrations to Apply");
  assert_text (GTK_WIDGET (page), "0011  create_sla_policies");
  assert_text (GTK_WIDGET (page), "0016  normalize_user_emails");
  g_assert_cmpuint (count_rows (find_list (GTK_WIDGET (page))), ==, N_DEMO - N_PREAPPLIED);

  /* Nothing past the plan may be done before preflight. */
  g_assert_true (action_enabled (page, "start"));
  g_assert_false (action_enabled (page, "continue"));
  g_assert_false (action_enabled (page, "run"));
  sluice_ui_test_save_png (GTK_WIDGET (fixture.window), "migrate-plan.png");
}

static void
test_run (void)
{
  SluiceMigratePage *page = show_migrate_page ();
  SluiceRunner *runner;
  GPtrArray *checks;
  SluiceGuardDialog *dialog;
  GtkEditable *entry;
  const char * const *done;
  g_autoptr(SluiceConnection) reader = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *backup_dir = NULL;

  /* Preflight: only reads. */
  activate (page, "start");
  g_assert_cmpstr (sluice_migrate_page_get_step (page), ==, "preflight");
  wait_idle (page, LOAD_TIMEOUT_MS);
  runner = sluice_migrate_page_get_runner (page);
  g_assert_nonnull (runner);
  checks = sluice_runner_get_checks (runner);
  g_assert_nonnull (checks);
  g_assert_cmpuint (checks->len, >, 0);
  for (guint i = 0; i < checks->len; i++)
    {
      SluicePreflightCheck *check = g_ptr_array_index (checks, i);

      g_assert_cmpint (check->state, !=, SLUICE_CHECK_ERROR);
      assert_text (GTK_WIDGET (page), check->title);
    }
  assert_text (GTK_WIDGET (page), "Preflight Passed");
  sluice_ui_test_save_png (GTK_WIDGET (fixture.window), "migrate-preflight.png");

  /* Lint: what it finds is shown; blocking errors are acknowledged. */
  activate (page, "continue");
  sluice_ui_test_wait_until (step_is, (gpointer) "lint", LOAD_TIMEOUT_MS);
  sluice_ui_test_wait_for_draw (GTK_WIDGET (fixture.window));
  sluice_ui_test_save_png (GTK_WIDGET (fixture.window), "migrate-lint.png");
  if (sluice_runner_lint_blocks (runner))
    {
      GtkWidget *check = find_text (GTK_WIDGET (page), "I have read these findings")
                         ? gtk_widget_get_ancestor (find_text (GTK_WIDGET (page), "I have read these findings"),
                                                    GTK_TYPE_CHECK_BUTTON)
                         : NULL;

      g_assert_false (action_enabled (page, "continue"));
      g_assert_nonnull (check);
      gtk_check_button_set_active (GTK_CHECK_BUTTON (check), TRUE);
    }
  activate (page, "continue");

  /* Backup: required on prod; skipping it needs a reason.  It is taken:
   * pg_dump -Fc of the tables the migrations alter, verified. */
  sluice_ui_test_wait_until (step_is, (gpointer) "backup", LOAD_TIMEOUT_MS);
  g_assert_true (sluice_runner_backup_required (runner));
  g_assert_false (action_enabled (page, "skip-backup"));
  sluice_migrate_page_set_skip_reason (page, SKIP_REASON);
  g_assert_true (action_enabled (page, "skip-backup"));
  sluice_migrate_page_set_skip_reason (page, "");
  backup_dir = g_dir_make_tmp ("sluice-migrate-backup-XXXXXX", &error);
  g_assert_no_error (error);
  sluice_migrate_page_set_backup_folder (page, backup_dir);
  activate (page, "take-backup");
  wait_idle (page, RUN_TIMEOUT_MS);
  g_assert_null (sluice_migrate_page_get_error (page));
  assert_text (GTK_WIDGET (page), "Saved and verified");
  g_assert_true (log_has (page, SLUICE_RUN_EVENT_INFO, NULL, backup_dir));
  sluice_ui_test_save_png (GTK_WIDGET (fixture.window), "migrate-backup.png");
  activate (page, "continue");

  /* Rehearsal: no sandbox runs in this test, so it can only be skipped. */
  g_assert_cmpstr (sluice_migrate_page_get_step (page), ==, "rehearsal");
  g_assert_false (action_enabled (page, "rehearse"));
  activate (page, "continue");

  /* Run: the database's name must be typed. */
  g_assert_cmpstr (sluice_migrate_page_get_step (page), ==, "run");
  assert_text (GTK_WIDGET (page), "Ready to Apply 6 Migrations");
  activate (page, "run");
  sluice_ui_test_wait_until (guard_dialog_shown, NULL, 5000);
  dialog = find_guard_dialog ();
  g_assert_cmpstr (sluice_guard_dialog_get_required_text (dialog), ==, fixture.database);
  entry = sluice_guard_dialog_get_entry (dialog);
  g_assert_nonnull (entry);
  gtk_editable_set_text (entry, "not-the-name");
  g_assert_false (sluice_guard_dialog_get_can_proceed (dialog));
  /* Nothing ran while the dialog waits. */
  g_assert_false (log_has (page, SLUICE_RUN_EVENT_MIGRATION_STARTED, NULL, NULL));
  gtk_editable_set_text (entry, fixture.database);
  g_assert_true (sluice_guard_dialog_get_can_proceed (dialog));

  /* A report holds tickets: 0011's ALTER TABLE waits for it, and the
   * page says on what, live, while the log goes on. */
  reader = hold_tickets_lock ();
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "proceed");
  sluice_ui_test_wait_until (run_waits, page, RUN_TIMEOUT_MS);
  g_assert_cmpstr (sluice_migrate_page_get_step (page), ==, "run");
  assert_text (GTK_WIDGET (page), "Applying to");
  sluice_ui_test_save_png (GTK_WIDGET (fixture.window), "migrate-running.png");

  /* Another profile chosen in the sidebar: the run stays on screen,
   * cancellable, and goes on. */
  gtk_widget_activate_action (GTK_WIDGET (fixture.window), "win.select-profile", "s", fixture.broken_id);
  sluice_ui_test_wait_for_draw (GTK_WIDGET (fixture.window));
  g_assert_cmpstr (page_profile_id (page), ==, fixture.prod_id);
  g_assert_cmpstr (sluice_migrate_page_get_step (page), ==, "run");
  g_assert_true (sluice_migrate_page_get_executing (page));
  g_assert_true (sluice_migrate_page_get_runner (page) == runner);
  g_assert_true (action_enabled (page, "cancel"));
  assert_text (GTK_WIDGET (page), "Applying to");

  /* Closing the window asks first; kept, the run goes on. */
  gtk_window_close (GTK_WINDOW (fixture.window));
  sluice_ui_test_wait_until (close_dialog_shown, NULL, 5000);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (fixture.window)));
  adw_message_dialog_response (find_close_dialog (), "keep");
  g_assert_true (sluice_migrate_page_get_executing (page));

  /* The report ends: the run goes on (retrying if its lock_timeout hit). */
  query (reader, "COMMIT");
  sluice_connection_close (reader);

  sluice_ui_test_wait_until (step_is, (gpointer) "verify", RUN_TIMEOUT_MS);
  g_assert_null (sluice_runner_get_failed_version (runner));
  done = sluice_runner_get_done (runner);
  g_assert_nonnull (done);
  g_assert_cmpuint (g_strv_length ((char **) done), ==, N_DEMO - N_PREAPPLIED);
  g_assert_cmpstr (done[0], ==, "0011");
  g_assert_true (log_has (page, SLUICE_RUN_EVENT_MIGRATION_DONE, "0011", NULL));
  g_assert_true (log_has (page, SLUICE_RUN_EVENT_MIGRATION_DONE, "0016", NULL));
  g_assert_false (log_has (page, SLUICE_RUN_EVENT_MIGRATION_FAILED, NULL, NULL));
  assert_text (GTK_WIDGET (page), "Migrated to 0016");
  g_assert_cmpstr (page_profile_id (page), ==, fixture.prod_id);
  assert_text (GTK_WIDGET (page), "“Harbordesk Production (broken branch)” was chosen during the run");
  {
    g_autofree char *summary = sluice_runner_describe_changes (runner);

    g_assert_nonnull (summary);
    assert_text (GTK_WIDGET (page), summary);
  }
  sluice_ui_test_save_png (GTK_WIDGET (fixture.window), "migrate-verified.png");

  /* ANALYZE is offered for the tables the run changed. */
  {
    g_auto(GStrv) tables = sluice_runner_get_tables_to_analyze (runner);

    if (tables != NULL && tables[0] != NULL)
      {
        /* On prod, ANALYZE too needs the database's name typed;
         * declined, nothing runs and the page says so. */
        activate (page, "analyze");
        sluice_ui_test_wait_until (guard_dialog_shown, NULL, 5000);
        dialog = find_guard_dialog ();
        adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
        wait_idle (page, LOAD_TIMEOUT_MS);
        assert_text (GTK_WIDGET (page), "ANALYZE not run: the confirmation was declined");
        g_assert_true (action_enabled (page, "analyze"));

        activate (page, "analyze");
        sluice_ui_test_wait_until (new_guard_dialog_shown, dialog, 5000);
        {
          GListModel *toplevels = gtk_window_get_toplevels ();
          SluiceGuardDialog *declined = dialog;

          dialog = NULL;
          for (guint i = 0; dialog == NULL && i < g_list_model_get_n_items (toplevels); i++)
            {
              g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

              if (SLUICE_IS_GUARD_DIALOG (window) && (gpointer) window != declined &&
                  gtk_widget_get_mapped (GTK_WIDGET (window)))
                dialog = SLUICE_GUARD_DIALOG (window);
            }
        }
        g_assert_cmpstr (sluice_guard_dialog_get_required_text (dialog), ==, fixture.database);
        gtk_editable_set_text (sluice_guard_dialog_get_entry (dialog), fixture.database);
        adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "proceed");
        wait_idle (page, LOAD_TIMEOUT_MS);
        g_assert_null (sluice_migrate_page_get_error (page));
        g_assert_false (action_enabled (page, "analyze"));
      }
  }

  /* Leaving the result shows the profile chosen during the run. */
  sluice_migrate_page_reload (page);
  wait_idle (page, LOAD_TIMEOUT_MS);
  g_assert_cmpstr (page_profile_id (page), ==, fixture.broken_id);

  /* The history, read anew from the server, says so. */
  page = show_migrate_page ();
  g_assert_cmpstr (page_profile_id (page), ==, fixture.prod_id);
  g_assert_cmpstr (sluice_migrate_page_get_step (page), ==, "plan");
  g_assert_cmpuint (sluice_status_report_get_pending_count (sluice_migrate_page_get_report (page)), ==, 0);
  g_assert_cmpstr (sluice_status_report_get_current_version (sluice_migrate_page_get_report (page)), ==, "0016");
  assert_text (GTK_WIDGET (page), "Nothing to Migrate");
  g_assert_false (action_enabled (page, "start"));
}

static gboolean
history_loaded (gpointer user_data)
{
  SluiceHistoryPage *page = user_data;

  return !sluice_history_page_get_loading (page) &&
         g_strcmp0 (sluice_history_page_get_view (page), "history") == 0;
}

/* 0016 changes data only and has no down script: the plan reverts it
 * with the DDL back to the snapshot a run takes before applying it.  The
 * run above applied 0011 to 0016 at once (and each test has its own data
 * dir), so the snapshot such a run of 0016 alone would have left is
 * taken here: the live catalog, which 0016 did not change. */
static void
save_snapshot_before_0016 (void)
{
  g_autoptr(SluiceConnection) connection = sluice_test_pg_connect (fixture.conninfo);
  g_autoptr(SluiceCatalog) catalog = NULL;
  g_autoptr(GFile) folder = sluice_catalog_folder_for_profile (fixture.prod_id);
  g_autoptr(GFile) file = g_file_get_child (folder, "20260101-000000-before-0016.json");
  g_autoptr(GError) error = NULL;
  SluiceTestAsyncWait wait = { 0 };

  sluice_catalog_capture_async (connection, NULL, NULL, sluice_test_store_result, &wait);
  sluice_test_wait_for (&wait.done, LOAD_TIMEOUT_MS);
  catalog = sluice_catalog_capture_finish (wait.result, &error);
  g_assert_no_error (error);
  g_clear_object (&wait.result);
  g_assert_true (sluice_catalog_save_file (catalog, file, &error));
  g_assert_no_error (error);
  sluice_connection_close (connection);
}

static char *
query_value (const char *sql)
{
  g_autoptr(SluiceConnection) connection = sluice_test_pg_connect (fixture.conninfo);
  g_autoptr(SluiceResult) result = sluice_test_query (connection, sql);
  char *value;

  g_assert_cmpint (sluice_result_get_n_rows (result), ==, 1);
  value = g_strdup (sluice_result_get_value (result, 0, 0));
  sluice_connection_close (connection);
  return value;
}

static void
tick_lint_acknowledge (SluiceMigratePage *page)
{
  GtkWidget *label = find_text (GTK_WIDGET (page), "I have read these findings");
  GtkWidget *check = label != NULL ? gtk_widget_get_ancestor (label, GTK_TYPE_CHECK_BUTTON) : NULL;

  g_assert_false (action_enabled (page, "continue"));
  g_assert_nonnull (check);
  gtk_check_button_set_active (GTK_CHECK_BUTTON (check), TRUE);
}

/* Through the page as a DBA would: preflight, lint (dropping tables is
 * an error on prod: acknowledged), no backup (a reason is given), no
 * rehearsal (a rollback has none), the typed name, the run, the
 * verification. */
static void
run_rollback (SluiceMigratePage *page)
{
  SluiceRunner *runner;
  GPtrArray *checks;
  SluiceGuardDialog *dialog;
  const char * const *done;

  activate (page, "start");
  g_assert_cmpstr (sluice_migrate_page_get_step (page), ==, "preflight");
  wait_idle (page, LOAD_TIMEOUT_MS);
  runner = sluice_migrate_page_get_runner (page);
  g_assert_nonnull (runner);
  g_assert_cmpint (sluice_runner_get_direction (runner), ==, SLUICE_RUN_DOWN);
  checks = sluice_runner_get_checks (runner);
  g_assert_nonnull (checks);
  for (guint i = 0; i < checks->len; i++)
    {
      SluicePreflightCheck *check = g_ptr_array_index (checks, i);

      if (check->state == SLUICE_CHECK_ERROR)
        g_error ("preflight check %s: %s", check->id, check->message);
    }
  assert_text (GTK_WIDGET (page), "Preflight Passed");

  activate (page, "continue");
  sluice_ui_test_wait_until (step_is, (gpointer) "lint", LOAD_TIMEOUT_MS);
  sluice_ui_test_wait_for_draw (GTK_WIDGET (fixture.window));
  if (sluice_runner_lint_blocks (runner))
    tick_lint_acknowledge (page);
  activate (page, "continue");

  sluice_ui_test_wait_until (step_is, (gpointer) "backup", LOAD_TIMEOUT_MS);
  g_assert_true (sluice_runner_backup_required (runner));
  g_assert_false (action_enabled (page, "skip-backup"));
  sluice_migrate_page_set_skip_reason (page, SKIP_REASON);
  activate (page, "skip-backup");

  /* No rehearsal for a rollback: straight to the run. */
  g_assert_cmpstr (sluice_migrate_page_get_step (page), ==, "run");
  g_assert_false (action_enabled (page, "rehearse"));
  assert_text (GTK_WIDGET (page), "Ready to Revert 6 Migrations");

  activate (page, "run");
  sluice_ui_test_wait_until (guard_dialog_shown, NULL, 5000);
  dialog = find_guard_dialog ();
  g_assert_cmpstr (sluice_guard_dialog_get_required_text (dialog), ==, fixture.database);
  gtk_editable_set_text (sluice_guard_dialog_get_entry (dialog), "harbordesk");
  g_assert_false (sluice_guard_dialog_get_can_proceed (dialog));
  g_assert_false (log_has (page, SLUICE_RUN_EVENT_MIGRATION_STARTED, NULL, NULL));
  gtk_editable_set_text (sluice_guard_dialog_get_entry (dialog), fixture.database);
  g_assert_true (sluice_guard_dialog_get_can_proceed (dialog));
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "proceed");

  sluice_ui_test_wait_until (step_is, (gpointer) "verify", RUN_TIMEOUT_MS);
  if (sluice_migrate_page_get_error (page) != NULL)
    g_error ("the rollback failed: %s", sluice_migrate_page_get_error (page));
  g_assert_null (sluice_runner_get_failed_version (runner));
  done = sluice_runner_get_done (runner);
  g_assert_nonnull (done);
  g_assert_cmpuint (g_strv_length ((char **) done), ==, N_DEMO - N_PREAPPLIED);
  g_assert_cmpstr (done[0], ==, "0016");
  g_assert_cmpstr (done[5], ==, "0011");
  g_assert_true (log_has (page, SLUICE_RUN_EVENT_MIGRATION_DONE, "0016", NULL));
  g_assert_true (log_has (page, SLUICE_RUN_EVENT_MIGRATION_DONE, "0011", NULL));
  g_assert_false (log_has (page, SLUICE_RUN_EVENT_MIGRATION_FAILED, NULL, NULL));
  assert_text (GTK_WIDGET (page), "Rolled Back to 0010");
  assert_text (GTK_WIDGET (page), "6 migrations reverted");
  {
    g_autofree char *summary = sluice_runner_describe_changes (runner);

    g_assert_nonnull (summary);
    assert_text (GTK_WIDGET (page), summary);
  }
  sluice_ui_test_save_png (GTK_WIDGET (fixture.window), "migrate-rolled-back.png");
}

static void
assert_rolled_back_on_server (void)
{
  g_autofree char *downs = query_value ("SELECT count(*) FROM sluice.run_log "
                                        "WHERE direction = 'down' AND success AND version BETWEEN '0011' AND '0016'");
  g_autofree char *applied = query_value ("SELECT count(*) FROM sluice.migrations WHERE version > '0010'");
  g_autofree char *reason = query_value ("SELECT count(*) FROM sluice.run_log WHERE direction = 'down' "
                                         "AND note LIKE '%base backup in the staging rehearsal%'");

  g_assert_cmpstr (downs, ==, "6");
  g_assert_cmpstr (applied, ==, "0");
  g_assert_cmpstr (reason, !=, "0");
}

static void
test_rollback (void)
{
  SluiceMigratePage *page;
  SluiceHistoryPage *history;
  SluiceRollbackPlan *plan;
  GPtrArray *steps;

  save_snapshot_before_0016 ();
  ensure_started ();
  gtk_widget_activate_action (GTK_WIDGET (fixture.window), "win.select-profile", "s", fixture.prod_id);
  history = sluice_window_get_history_page (fixture.window);
  adw_view_stack_set_visible_child_name (get_view_stack (), "history");
  sluice_history_page_reload (history);
  sluice_ui_test_wait_until (history_loaded, history, LOAD_TIMEOUT_MS);

  /* The current version has nothing to go back from. */
  g_assert_true (sluice_history_page_select_version (history, "0016"));
  gtk_widget_activate_action (GTK_WIDGET (history), "history.rollback-to-selected", NULL);
  g_assert_true (adw_view_stack_get_visible_child (get_view_stack ()) == GTK_WIDGET (history));
  assert_text (GTK_WIDGET (history), "This is the current version");
  g_assert_true (sluice_history_page_select_version (history, "0010"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (history), "history.rollback-to-selected", NULL));

  page = sluice_window_get_migrate_page (fixture.window);
  g_assert_true (adw_view_stack_get_visible_child (get_view_stack ()) == GTK_WIDGET (page));
  g_assert_cmpint (sluice_migrate_page_get_direction (page), ==, SLUICE_RUN_DOWN);
  wait_idle (page, LOAD_TIMEOUT_MS);
  g_assert_cmpstr (sluice_migrate_page_get_step (page), ==, "plan");

  plan = sluice_migrate_page_get_rollback_plan (page);
  if (plan == NULL)
    g_error ("no rollback plan: %s", sluice_migrate_page_get_error (page));
  g_assert_cmpstr (sluice_rollback_plan_get_target_version (plan), ==, "0010");
  steps = sluice_rollback_plan_get_steps (plan);
  g_assert_cmpuint (steps->len, ==, 6);
  g_assert_cmpstr (sluice_migration_get_version (g_ptr_array_index (steps, 0)), ==, "0016");
  g_assert_cmpstr (sluice_migration_get_version (g_ptr_array_index (steps, 5)), ==, "0011");
  assert_text (GTK_WIDGET (page), "6 Migrations to Revert");
  assert_text (GTK_WIDGET (page), "Revert 0016");
  assert_text (GTK_WIDGET (page), "Revert 0011");
  for (guint i = 0; i < steps->len; i++)
    {
      const char * const *warnings = sluice_rollback_plan_get_warnings (plan, i);

      /* Data-loss warnings are open from the start. */
      for (guint j = 0; warnings != NULL && warnings[j] != NULL; j++)
        assert_text (GTK_WIDGET (page), warnings[j]);
    }
  if (sluice_rollback_plan_loses_data (plan))
    assert_text (GTK_WIDGET (page), "This rollback loses data");

  /* Nothing ran: no runner yet, and the history still says 0016. */
  g_assert_null (sluice_migrate_page_get_runner (page));
  g_assert_cmpstr (sluice_status_report_get_current_version (sluice_migrate_page_get_report (page)), ==, "0016");
  g_assert_true (action_enabled (page, "start"));
  sluice_ui_test_save_png (GTK_WIDGET (fixture.window), "migrate-rollback.png");

  run_rollback (page);

  /* The page leaves rollback mode: the up plan, read anew from the
   * server, has the six reverted migrations pending again. */
  activate (page, "migrate-mode");
  wait_idle (page, LOAD_TIMEOUT_MS);
  g_assert_cmpint (sluice_migrate_page_get_direction (page), ==, SLUICE_RUN_UP);
  g_assert_null (sluice_migrate_page_get_rollback_plan (page));
  g_assert_cmpstr (sluice_status_report_get_current_version (sluice_migrate_page_get_report (page)), ==, "0010");
  g_assert_cmpuint (sluice_status_report_get_pending_count (sluice_migrate_page_get_report (page)), ==,
                    N_DEMO - N_PREAPPLIED);
  assert_text (GTK_WIDGET (page), "6 Migrations to Apply");
  assert_rolled_back_on_server ();
}

/* 0016 of the broken branch fails at its third statement: 0011 to 0015
 * stay applied, nothing of 0016 remains, and the page says so without
 * claiming success. */
static void
test_failed (void)
{
  SluiceMigratePage *page = show_migrate_page_of (fixture.broken_id);
  SluiceRunner *runner;
  SluiceGuardDialog *dialog;
  const char * const *done;
  g_autofree char *current = NULL;
  g_autofree char *column = NULL;
  g_autofree char *failures = NULL;

  g_assert_cmpstr (sluice_migrate_page_get_step (page), ==, "plan");
  g_assert_cmpuint (sluice_status_report_get_pending_count (sluice_migrate_page_get_report (page)), ==,
                    N_DEMO - N_PREAPPLIED);

  activate (page, "start");
  wait_idle (page, LOAD_TIMEOUT_MS);
  runner = sluice_migrate_page_get_runner (page);
  g_assert_nonnull (runner);
  assert_text (GTK_WIDGET (page), "Preflight Passed");
  activate (page, "continue");
  sluice_ui_test_wait_until (step_is, (gpointer) "lint", LOAD_TIMEOUT_MS);
  sluice_ui_test_wait_for_draw (GTK_WIDGET (fixture.window));
  if (sluice_runner_lint_blocks (runner))
    tick_lint_acknowledge (page);
  activate (page, "continue");
  sluice_ui_test_wait_until (step_is, (gpointer) "backup", LOAD_TIMEOUT_MS);
  /* The reason typed for the rollback on the other profile is not this one's. */
  g_assert_false (action_enabled (page, "skip-backup"));
  sluice_migrate_page_set_skip_reason (page, SKIP_REASON);
  activate (page, "skip-backup");
  g_assert_cmpstr (sluice_migrate_page_get_step (page), ==, "rehearsal");
  activate (page, "continue");
  g_assert_cmpstr (sluice_migrate_page_get_step (page), ==, "run");

  /* The profile's guard is "relaxed", but it is prod: typed all the same. */
  activate (page, "run");
  sluice_ui_test_wait_until (guard_dialog_shown, NULL, 5000);
  dialog = find_guard_dialog ();
  g_assert_cmpstr (sluice_guard_dialog_get_required_text (dialog), ==, fixture.database);
  g_assert_false (sluice_guard_dialog_get_can_proceed (dialog));
  gtk_editable_set_text (sluice_guard_dialog_get_entry (dialog), fixture.database);
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "proceed");
  sluice_ui_test_wait_until (step_is, (gpointer) "verify", RUN_TIMEOUT_MS);

  /* The page: what failed, what was done, and no claim of success. */
  g_assert_nonnull (sluice_migrate_page_get_error (page));
  g_assert_cmpstr (sluice_runner_get_failed_version (runner), ==, "0016");
  done = sluice_runner_get_done (runner);
  g_assert_nonnull (done);
  g_assert_cmpuint (g_strv_length ((char **) done), ==, 5);
  g_assert_cmpstr (done[4], ==, "0015");
  g_assert_true (log_has (page, SLUICE_RUN_EVENT_MIGRATION_FAILED, "0016", NULL));
  g_assert_false (log_has (page, SLUICE_RUN_EVENT_MIGRATION_DONE, "0016", NULL));
  assert_text (GTK_WIDGET (page), "The Run Stopped at 0016");
  assert_text (GTK_WIDGET (page), "lowr");
  assert_text (GTK_WIDGET (page), "0016 was not applied");
  assert_text (GTK_WIDGET (page), "nothing of it was changed");
  g_assert_null (find_text (GTK_WIDGET (page), "Migrated to"));
  sluice_ui_test_save_png (GTK_WIDGET (fixture.window), "migrate-failed.png");

  /* The server agrees: 0015 is current, nothing of 0016 remains, and
   * the attempt is in the run log. */
  current = query_value ("SELECT max(version) FROM sluice.migrations");
  g_assert_cmpstr (current, ==, "0015");
  column = query_value ("SELECT count(*) FROM pg_attribute "
                       "WHERE attrelid = 'users'::regclass AND attname = 'email_checked_at'");
  g_assert_cmpstr (column, ==, "0");
  failures = query_value ("SELECT count(*) FROM sluice.run_log WHERE version = '0016' AND NOT success");
  g_assert_cmpstr (failures, !=, "0");

  sluice_migrate_page_reload (page);
  wait_idle (page, LOAD_TIMEOUT_MS);
  /* The history reads 0016 as failed, not pending; the plan takes it
   * again (the DBA fixes it and runs) and says it failed before. */
  g_assert_cmpstr (sluice_status_report_get_current_version (sluice_migrate_page_get_report (page)), ==, "0015");
  g_assert_cmpuint (sluice_status_report_get_pending_count (sluice_migrate_page_get_report (page)), ==, 0);
  g_assert_cmpuint (sluice_status_report_count (sluice_migrate_page_get_report (page), SLUICE_STATUS_FAILED), ==, 1);
  assert_text (GTK_WIDGET (page), "The last attempt of 0016");
  assert_text (GTK_WIDGET (page), "1 Migration to Apply");
  g_assert_null (find_text (GTK_WIDGET (page), "Every migration of the folder is applied"));
  sluice_ui_test_save_png (GTK_WIDGET (fixture.window), "migrate-failed-plan.png");
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

  /* In order: the run applies what the plan shows; the rollback goes
   * back over what the run applied. */
  g_test_add_func ("/migrate-page/plan", test_plan);
  g_test_add_func ("/migrate-page/run", test_run);
  g_test_add_func ("/migrate-page/rollback", test_rollback);
  g_test_add_func ("/migrate-page/failed", test_failed);

  status = g_test_run ();

  if (fixture.window != NULL)
    gtk_window_destroy (GTK_WINDOW (fixture.window));
  g_clear_object (&fixture.app);
  return status;
}
