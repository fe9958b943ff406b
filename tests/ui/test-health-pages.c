/* test-health-pages.c: the Indexes and Activity pages and the write guard,
 * in the real window under Xvfb, against the cluster of sluice-pg-harness
 *
 * A fresh database gets every case the Indexes page must find: an unused
 * index, a redundant prefix index, a duplicate under another name, an
 * invalid index left by a failed unique CREATE INDEX CONCURRENTLY, a
 * bloated index after mass updates (autovacuum off on its table) and a
 * foreign key without an index.  Three more connections make a blocking
 * chain (A holds a row lock in an open transaction, B waits for A, C for
 * B) that the Activity page must show as a tree.  Two profiles point at the
 * database: "Inventory Dev" (relaxed) and "Inventory Production" (strict),
 * whose writes need the database name typed.  Pages are rendered to PNG.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <adwaita.h>
#include <gtksourceview/gtksource.h>
#include <libpq-fe.h>

#include "sluice.h"
#include "sluice-activity-page.h"
#include "sluice-application.h"
#include "sluice-guard-dialog.h"
#include "sluice-health-format.h"
#include "sluice-indexes-page.h"
#include "sluice-sparkline.h"
#include "sluice-tables-view.h"
#include "sluice-test-pg.h"
#include "sluice-ui-test-utils.h"
#include "sluice-window.h"

#define LOAD_TIMEOUT_MS 60000

typedef struct
{
  char              *config_dir;
  char              *conninfo;
  char              *database;
  char              *dev_id;
  char              *prod_id;
  char              *stats_id;
  SluiceApplication *app;
  SluiceWindow      *window;
} Fixture;

static Fixture fixture;

/* Test data -------------------------------------------------------------- */

/* Every statement runs alone, in its own session: CREATE INDEX
 * CONCURRENTLY cannot run in a transaction block, and a session that ends
 * flushes its statistics at once. */
static void
exec_each (const char * const *statements)
{
  for (guint i = 0; statements[i] != NULL; i++)
    sluice_test_pg_exec (fixture.conninfo, statements[i]);
}

static void
exec_expecting_error (const char *sql,
                      const char *sqlstate)
{
  PGconn *conn = PQconnectdb (fixture.conninfo);
  PGresult *result;

  g_assert_cmpint (PQstatus (conn), ==, CONNECTION_OK);
  result = PQexec (conn, sql);
  g_assert_cmpint (PQresultStatus (result), ==, PGRES_FATAL_ERROR);
  g_assert_cmpstr (PQresultErrorField (result, PG_DIAG_SQLSTATE), ==, sqlstate);
  PQclear (result);
  PQfinish (conn);
}

static char *
read_database_name (const char *conninfo)
{
  PGconn *conn = PQconnectdb (conninfo);
  char *name;

  g_assert_cmpint (PQstatus (conn), ==, CONNECTION_OK);
  name = g_strdup (PQdb (conn));
  PQfinish (conn);
  return name;
}

static void
use_index_of_orders (guint times)
{
  /* The composite index, and only it, answers this. */
  for (guint i = 0; i < times; i++)
    sluice_test_pg_exec (fixture.conninfo,
                         "SET enable_seqscan = off; SET enable_bitmapscan = off;"
                         "SELECT count(*) FROM orders WHERE status = 'paid'"
                         "  AND created_at > now() - interval '2 hours'");
}

static void
build_cases (void)
{
  static const char * const schema[] = {
    "CREATE TABLE customers (id bigserial PRIMARY KEY, email text NOT NULL, name text NOT NULL)",
    "INSERT INTO customers (email, name) SELECT 'customer' || g || '@example.com', 'Customer ' || g"
    "  FROM generate_series (1, 5000) AS g",
    /* An unindexed foreign key: orders.customer_id. */
    "CREATE TABLE orders (id bigserial PRIMARY KEY, customer_id bigint NOT NULL REFERENCES customers (id),"
    "  status text NOT NULL, created_at timestamptz NOT NULL, total numeric (10, 2) NOT NULL)",
    "INSERT INTO orders (customer_id, status, created_at, total)"
    "  SELECT 1 + g % 5000, (ARRAY['new', 'paid', 'shipped'])[1 + g % 3], now () - g * interval '1 minute',"
    "         (g % 500) + 0.99"
    "  FROM generate_series (1, 30000) AS g",
    /* A redundant prefix: (status) is the start of (status, created_at). */
    "CREATE INDEX orders_status_created_idx ON orders (status, created_at)",
    "CREATE INDEX orders_status_idx ON orders (status)",
    /* Unused: nothing ever looks orders up by total. */
    "CREATE INDEX orders_total_idx ON orders (total)",
    /* A duplicate under another name. */
    "CREATE INDEX customers_email_idx ON customers (email)",
    "CREATE INDEX customers_email_lookup ON customers (email)",
    /* Codes that are not unique, for the failed unique build below. */
    "CREATE TABLE events (id bigserial PRIMARY KEY, code text NOT NULL)",
    "INSERT INTO events (code) SELECT 'E' || (g % 700) FROM generate_series (1, 1000) AS g",
    /* Mass updates on a table autovacuum leaves alone: the index keeps
     * every old entry. */
    "CREATE TABLE readings (id bigint PRIMARY KEY, sensor integer NOT NULL, value double precision NOT NULL)"
    "  WITH (autovacuum_enabled = off)",
    "INSERT INTO readings SELECT g, g % 100, g * 0.5 FROM generate_series (1, 60000) AS g",
    "CREATE INDEX readings_sensor_value_idx ON readings (sensor, value)",
    "UPDATE readings SET value = value + 1",
    "UPDATE readings SET value = value + 1",
    "UPDATE readings SET value = value + 1",
    "UPDATE readings SET value = value + 1",
    /* The blocking chain's row. */
    "CREATE TABLE accounts (id integer PRIMARY KEY, balance integer NOT NULL)",
    "INSERT INTO accounts VALUES (1, 100)",
    /* orders: read end to end a few times, for the sequential-scan hint. */
    "SELECT count(*) FROM orders",
    "SELECT sum(total) FROM orders",
    "SELECT max(created_at) FROM orders",
    "SELECT count(DISTINCT status) FROM orders",
    "SELECT avg(total) FROM orders",
    "SELECT min(created_at) FROM orders",
    "ANALYZE",
    NULL
  };

  exec_each (schema);

  /* The failed unique build leaves an invalid index behind. */
  exec_expecting_error ("CREATE UNIQUE INDEX CONCURRENTLY events_code_key ON events (code)", "23505");

  use_index_of_orders (6);
  sluice_test_pg_exec (fixture.conninfo,
                       "SET enable_seqscan = off; SELECT count(*) FROM customers WHERE email = 'customer7@example.com'");
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
  fixture.database = read_database_name (fixture.conninfo);
  build_cases ();

  fixture.config_dir = g_dir_make_tmp ("sluice-health-config-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (fixture.config_dir, "profiles.json", NULL);
  store = sluice_profile_store_new (path);
  fixture.dev_id = add_profile (store, "Inventory Dev", SLUICE_ENVIRONMENT_DEV, SLUICE_GUARD_RELAXED);
  fixture.prod_id = add_profile (store, "Inventory Production", SLUICE_ENVIRONMENT_PROD, SLUICE_GUARD_STRICT);
  {
    /* pg_stat_statements installed, but not preloaded: it cannot be read. */
    g_autofree char *stats = sluice_test_pg_new_database ();
    g_autoptr(SluiceProfile) profile = sluice_profile_new ("Reporting Dev", SLUICE_ENVIRONMENT_DEV, stats);

    sluice_test_pg_exec (stats, "CREATE EXTENSION pg_stat_statements");
    g_assert_true (sluice_profile_store_add (store, profile, &error));
    g_assert_no_error (error);
    fixture.stats_id = g_strdup (sluice_profile_get_id (profile));
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

static void
select_profile (const char *profile_id)
{
  ensure_started ();
  gtk_widget_activate_action (GTK_WIDGET (fixture.window), "win.select-profile", "s", profile_id);
  g_assert_cmpstr (sluice_profile_get_id (sluice_window_get_selected_profile (fixture.window)), ==, profile_id);
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
indexes_settled (gpointer user_data)
{
  SluiceIndexesPage *page = user_data;
  const char *view = sluice_indexes_page_get_view (page);

  return !sluice_indexes_page_get_loading (page) &&
         (g_strcmp0 (view, "health") == 0 || g_strcmp0 (view, "failed") == 0);
}

static SluiceIndexesPage *
show_indexes_of (const char *profile_id,
                 guint       sample_interval_ms)
{
  SluiceIndexesPage *page;

  ensure_started ();
  page = sluice_window_get_indexes_page (fixture.window);
  sluice_indexes_page_set_sample_interval (page, sample_interval_ms);
  select_profile (profile_id);
  show_page (GTK_WIDGET (page), "indexes");
  sluice_ui_test_wait_until (indexes_settled, page, LOAD_TIMEOUT_MS);
  if (sluice_indexes_page_get_error (page) != NULL)
    g_error ("the Indexes page failed: %s", sluice_indexes_page_get_error (page)->message);
  g_assert_cmpstr (sluice_indexes_page_get_view (page), ==, "health");
  sluice_ui_test_wait_for_draw (GTK_WIDGET (fixture.window));
  return page;
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

static void
assert_label (GtkWidget  *root,
              const char *text,
              gboolean    exact)
{
  if (sluice_ui_test_find_label (root, text, exact) == NULL)
    g_error ("no visible label %s “%s”", exact ? "reads" : "contains", text);
}

/* The row of a column view (css name "row") that holds @child. */
static GtkWidget *
row_of (GtkWidget *child)
{
  for (GtkWidget *widget = child; widget != NULL; widget = gtk_widget_get_parent (widget))
    if (g_strcmp0 (gtk_widget_get_css_name (widget), "row") == 0)
      return widget;
  return NULL;
}

/* The row of @view whose cells include a label reading @text. */
static GtkWidget *
find_row (GtkWidget  *view,
          const char *text)
{
  GtkLabel *label = sluice_ui_test_find_label (view, text, TRUE);

  return label != NULL ? row_of (GTK_WIDGET (label)) : NULL;
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

static gboolean
guard_dialog_gone (gpointer user_data)
{
  return find_guard_dialog () == NULL;
}

static GtkWidget *
find_button (GtkWidget  *root,
             const char *label)
{
  if (GTK_IS_BUTTON (root) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (root)), label) == 0)
    return root;

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_button (child, label);

      if (found != NULL)
        return found;
    }

  return NULL;
}

typedef struct
{
  gboolean  done;
  gboolean  confirmed;
  GError   *error;
} ConfirmWait;

static void
confirm_done (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  ConfirmWait *wait = user_data;

  wait->confirmed = sluice_guard_confirm_finish (result, &wait->error);
  wait->done = TRUE;
}

static SluiceProfile *
profile_by_id (const char *id)
{
  ensure_started ();
  return sluice_profile_store_find_by_id (sluice_application_get_store (fixture.app), id);
}

static void
test_guard_levels (void)
{
  SluiceProfile *dev = profile_by_id (fixture.dev_id);
  SluiceProfile *prod = profile_by_id (fixture.prod_id);
  g_autoptr(SluiceProfile) staging = sluice_profile_new ("Inventory Staging", SLUICE_ENVIRONMENT_STAGING,
                                                         fixture.conninfo);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  ConfirmWait wait = { 0 };
  SluiceGuardDialog *dialog;
  GtkWidget *entry;

  /* Relaxed: no dialog at all. */
  sluice_guard_confirm_async (GTK_WINDOW (fixture.window), dev, fixture.database, "Drops something.",
                              NULL, confirm_done, &wait);
  sluice_test_wait_for (&wait.done, 5000);
  g_assert_true (wait.confirmed);
  g_assert_no_error (wait.error);
  g_assert_null (find_guard_dialog ());

  /* Confirm: asked once, no typing; Proceed goes ahead. */
  sluice_profile_set_guard (staging, SLUICE_GUARD_CONFIRM);
  memset (&wait, 0, sizeof wait);
  sluice_guard_confirm_async (GTK_WINDOW (fixture.window), staging, fixture.database,
                              "Drops the index “public.orders_total_idx”.", NULL, confirm_done, &wait);
  sluice_ui_test_wait_until (guard_dialog_shown, NULL, 5000);
  dialog = find_guard_dialog ();
  g_assert_null (sluice_guard_dialog_get_entry (dialog));
  g_assert_null (sluice_guard_dialog_get_required_text (dialog));
  g_assert_true (sluice_guard_dialog_get_can_proceed (dialog));
  g_assert_nonnull (strstr (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (dialog)), "Staging"));
  g_assert_nonnull (strstr (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (dialog)), "Inventory Staging"));
  g_assert_true (gtk_widget_activate (find_button (GTK_WIDGET (dialog), "_Proceed")));
  sluice_test_wait_for (&wait.done, 5000);
  g_assert_true (wait.confirmed);
  sluice_ui_test_wait_until (guard_dialog_gone, NULL, 5000);

  /* Strict: only the exact name enables Proceed, by click or by Enter. */
  memset (&wait, 0, sizeof wait);
  sluice_guard_confirm_async (GTK_WINDOW (fixture.window), prod, fixture.database,
                              "Drops the index “public.orders_total_idx”.", NULL, confirm_done, &wait);
  sluice_ui_test_wait_until (guard_dialog_shown, NULL, 5000);
  dialog = find_guard_dialog ();
  entry = GTK_WIDGET (sluice_guard_dialog_get_entry (dialog));
  g_assert_nonnull (entry);
  /* Typing is what is asked: the entry has the focus. */
  {
    GtkWidget *focus = gtk_window_get_focus (GTK_WINDOW (dialog));

    g_assert_true (focus != NULL && (focus == entry || gtk_widget_is_ancestor (focus, entry)));
  }
  g_assert_cmpstr (sluice_guard_dialog_get_required_text (dialog), ==, fixture.database);
  g_assert_nonnull (strstr (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (dialog)), "Production"));
  g_assert_nonnull (strstr (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (dialog)), "Inventory Production"));
  g_assert_nonnull (strstr (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (dialog)), fixture.database));
  g_assert_false (sluice_guard_dialog_get_can_proceed (dialog));

  gtk_editable_set_text (GTK_EDITABLE (entry), "postgres");
  g_assert_false (sluice_guard_dialog_get_can_proceed (dialog));
  g_assert_true (gtk_widget_has_css_class (entry, "error"));
  g_assert_false (gtk_widget_get_sensitive (find_button (GTK_WIDGET (dialog), "_Proceed")));
  g_signal_emit_by_name (entry, "activate");
  sluice_ui_test_flush ();
  g_assert_false (wait.done);

  /* Upper case is another name in PostgreSQL. */
  {
    g_autofree char *upper = g_ascii_strup (fixture.database, -1);

    gtk_editable_set_text (GTK_EDITABLE (entry), upper);
    g_assert_false (sluice_guard_dialog_get_can_proceed (dialog));
  }

  /* Half typed: not yet, and not an error either. */
  {
    g_autofree char *half = g_strndup (fixture.database, strlen (fixture.database) / 2);

    gtk_editable_set_text (GTK_EDITABLE (entry), half);
    g_assert_false (sluice_guard_dialog_get_can_proceed (dialog));
    g_assert_false (gtk_widget_has_css_class (entry, "error"));
  }

  gtk_editable_set_text (GTK_EDITABLE (entry), fixture.database);
  g_assert_true (sluice_guard_dialog_get_can_proceed (dialog));
  g_assert_true (gtk_widget_get_sensitive (find_button (GTK_WIDGET (dialog), "_Proceed")));
  g_signal_emit_by_name (entry, "activate");
  sluice_test_wait_for (&wait.done, 5000);
  g_assert_true (wait.confirmed);
  g_assert_no_error (wait.error);
  sluice_ui_test_wait_until (guard_dialog_gone, NULL, 5000);

  /* Escape (the close response) declines; so does the caller cancelling. */
  memset (&wait, 0, sizeof wait);
  sluice_guard_confirm_async (GTK_WINDOW (fixture.window), prod, fixture.database, "Drops.",
                              NULL, confirm_done, &wait);
  sluice_ui_test_wait_until (guard_dialog_shown, NULL, 5000);
  gtk_window_close (GTK_WINDOW (find_guard_dialog ()));
  sluice_test_wait_for (&wait.done, 5000);
  g_assert_false (wait.confirmed);
  g_assert_error (wait.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&wait.error);
  sluice_ui_test_wait_until (guard_dialog_gone, NULL, 5000);

  memset (&wait, 0, sizeof wait);
  sluice_guard_confirm_async (GTK_WINDOW (fixture.window), prod, fixture.database, "Drops.",
                              cancellable, confirm_done, &wait);
  sluice_ui_test_wait_until (guard_dialog_shown, NULL, 5000);
  g_cancellable_cancel (cancellable);
  sluice_test_wait_for (&wait.done, 5000);
  g_assert_false (wait.confirmed);
  g_assert_error (wait.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&wait.error);
  sluice_ui_test_wait_until (guard_dialog_gone, NULL, 5000);
}

/* The Indexes page -------------------------------------------------------- */

static gboolean
contains (const char *haystack,
          const char *needle)
{
  return haystack != NULL && strstr (haystack, needle) != NULL;
}

/* Types @text in the search and waits for the list to show what it
 * matches (the search filters after a short delay). */
static void
search_for (SluiceIndexesPage *page,
            const char        *text)
{
  GtkWidget *search = find_widget (GTK_WIDGET (page), GTK_TYPE_SEARCH_ENTRY);
  GListModel *indexes = sluice_health_get_indexes (sluice_indexes_page_get_health (page));
  guint expected = 0;

  for (guint i = 0; i < g_list_model_get_n_items (indexes); i++)
    {
      g_autoptr(SluiceIndexInfo) index = g_list_model_get_item (indexes, i);

      expected += contains (sluice_index_info_get_schema (index), text) ||
                  contains (sluice_index_info_get_table (index), text) ||
                  contains (sluice_index_info_get_name (index), text) ||
                  contains (sluice_index_info_get_definition (index), text);
    }

  g_assert_nonnull (search);
  gtk_editable_set_text (GTK_EDITABLE (search), text);
  wait_for_count (sluice_indexes_page_get_visible_indexes (page), expected);
  sluice_ui_test_wait_for_draw (GTK_WIDGET (fixture.window));
}

static GtkWidget *
find_toggle (GtkWidget  *root,
             const char *tooltip)
{
  if (!gtk_widget_get_mapped (root))
    return NULL;
  if (GTK_IS_TOGGLE_BUTTON (root) && g_strcmp0 (gtk_widget_get_tooltip_text (root), tooltip) == 0)
    return root;

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_toggle (child, tooltip);

      if (found != NULL)
        return found;
    }

  return NULL;
}

/* The row of @name shows a pill for each of its flags, explained in its
 * tooltip, and no other; selected, the detail lists each explanation. */
static SluiceIndexInfo *
assert_row_flags (SluiceIndexesPage *page,
                  const char        *name,
                  SluiceIndexFlags   expected)
{
  SluiceIndexInfo *index = sluice_health_find_index (sluice_indexes_page_get_health (page), "public", name);
  GtkWidget *view = find_widget (GTK_WIDGET (page), GTK_TYPE_COLUMN_VIEW);
  SluiceIndexFlags all[] = {
    SLUICE_INDEX_FLAG_UNUSED, SLUICE_INDEX_FLAG_DUPLICATE, SLUICE_INDEX_FLAG_REDUNDANT,
    SLUICE_INDEX_FLAG_INVALID, SLUICE_INDEX_FLAG_BLOATED,
  };
  GtkWidget *row;

  g_assert_nonnull (index);
  {
    g_auto(GStrv) names = sluice_index_flags_to_strv (sluice_index_info_get_flags (index));
    g_autofree char *joined = g_strjoinv (",", names);

    g_test_message ("%s: flags %s", name, joined);
  }
  g_assert_true ((sluice_index_info_get_flags (index) & expected) == expected);

  search_for (page, name);
  row = find_row (view, name);
  if (row == NULL)
    g_error ("no row shows the index %s", name);

  for (guint i = 0; i < G_N_ELEMENTS (all); i++)
    {
      const char *css = sluice_index_flag_to_string (all[i]);
      GtkWidget *pill = sluice_ui_test_find_by_classes (row, "flag-pill", css, NULL);

      if (sluice_index_info_has_flag (index, all[i]))
        {
          if (pill == NULL)
            g_error ("the row of %s has no %s pill", name, css);
          g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (pill)), ==, sluice_index_flag_get_label (all[i]));
          g_assert_cmpstr (gtk_widget_get_tooltip_text (pill), ==, sluice_index_info_get_explanation (index, all[i]));
        }
      else if (pill != NULL)
        g_error ("the row of %s shows a %s pill", name, css);
    }

  g_assert_true (sluice_indexes_page_select_index (page, "public", name));
  g_assert_true (sluice_indexes_page_get_selected_index (page) == index);
  sluice_ui_test_wait_for_draw (GTK_WIDGET (fixture.window));
  for (guint i = 0; i < G_N_ELEMENTS (all); i++)
    if (sluice_index_info_has_flag (index, all[i]))
      assert_label (GTK_WIDGET (page), sluice_index_info_get_explanation (index, all[i]), TRUE);

  return index;
}

static gboolean
sampled_rates (gpointer user_data)
{
  SluiceIndexesPage *page = user_data;
  SluiceIndexInfo *index = sluice_health_find_index (sluice_indexes_page_get_health (page), "public",
                                                     "orders_status_created_idx");
  g_autoptr(GArray) rates = sluice_index_sampler_dup_rates (sluice_indexes_page_get_sampler (page),
                                                            sluice_index_info_get_oid (index));
  guint nonzero = 0;

  for (guint i = 0; i < rates->len; i++)
    nonzero += g_array_index (rates, double, i) > 0;
  return nonzero >= 3;
}

typedef struct
{
  SluiceIndexSampler *sampler;
  guint               n_samples;
} SampleWait;

static gboolean
sampled_once_more (gpointer user_data)
{
  SampleWait *wait = user_data;

  return sluice_index_sampler_get_n_samples (wait->sampler) > wait->n_samples;
}

static void
test_indexes (void)
{
  SluiceIndexesPage *page = show_indexes_of (fixture.dev_id, 300);
  SluiceHealth *health = sluice_indexes_page_get_health (page);
  GtkColumnView *view = GTK_COLUMN_VIEW (find_widget (GTK_WIDGET (page), GTK_TYPE_COLUMN_VIEW));
  SluiceIndexSampler *sampler = sluice_indexes_page_get_sampler (page);
  SluiceIndexInfo *email_idx, *email_lookup, *duplicate, *used;
  GListModel *keys;
  g_autoptr(SluiceUnindexedForeignKey) key = NULL;
  g_autofree char *reset = NULL;
  GtkWidget *toggle;
  GtkWidget *row;
  SluiceSparkline *sparkline;

  g_assert_nonnull (health);
  g_assert_nonnull (view);
  g_assert_cmpuint (g_list_model_get_n_items (gtk_column_view_get_columns (view)), ==, 8);

  /* The statistics reset, shown (in short; in full in the tooltip). */
  reset = sluice_health_dup_stats_reset_text (health);
  g_assert_nonnull (sluice_health_get_stats_reset (health));
  {
    g_autoptr(GDateTime) local = g_date_time_to_local (sluice_health_get_stats_reset (health));
    g_autofree char *when = g_date_time_format (local, "%-d %b %Y, %H:%M");
    GtkLabel *label = sluice_ui_test_find_label (GTK_WIDGET (page), when, FALSE);

    g_assert_nonnull (label);
    g_assert_nonnull (strstr (gtk_label_get_text (label), "Statistics since"));
    g_assert_cmpstr (gtk_widget_get_tooltip_text (GTK_WIDGET (label)), ==, reset);
  }

  /* Each case, flagged on its own row. */
  assert_row_flags (page, "orders_total_idx", SLUICE_INDEX_FLAG_UNUSED);
  assert_row_flags (page, "orders_status_idx", SLUICE_INDEX_FLAG_REDUNDANT);
  assert_row_flags (page, "events_code_key", SLUICE_INDEX_FLAG_INVALID);
  assert_row_flags (page, "readings_sensor_value_idx", SLUICE_INDEX_FLAG_BLOATED);
  used = assert_row_flags (page, "orders_status_created_idx", SLUICE_INDEX_FLAG_NONE);
  g_assert_cmpint (sluice_index_info_get_flags (used), ==, SLUICE_INDEX_FLAG_NONE);
  g_assert_cmpint (sluice_index_info_get_scans (used), >=, 6);
  assert_label (GTK_WIDGET (page), "No findings", TRUE);

  /* Of the two identical indexes, one is the duplicate of the other. */
  email_idx = assert_row_flags (page, "customers_email_idx", SLUICE_INDEX_FLAG_NONE);
  email_lookup = assert_row_flags (page, "customers_email_lookup", SLUICE_INDEX_FLAG_NONE);
  g_assert_true (sluice_index_info_has_flag (email_idx, SLUICE_INDEX_FLAG_DUPLICATE) !=
                 sluice_index_info_has_flag (email_lookup, SLUICE_INDEX_FLAG_DUPLICATE));
  duplicate = sluice_index_info_has_flag (email_idx, SLUICE_INDEX_FLAG_DUPLICATE) ? email_idx : email_lookup;
  g_assert_nonnull (sluice_index_info_get_related_index (duplicate));
  g_assert_nonnull (strstr (sluice_index_info_get_related_index (duplicate),
                            sluice_index_info_get_name (duplicate == email_idx ? email_lookup : email_idx)));

  /* Only flagged: the used index goes, the flagged ones stay. */
  search_for (page, "");
  toggle = find_toggle (GTK_WIDGET (page), "Show only indexes with findings");
  g_assert_nonnull (toggle);
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (toggle), TRUE);
  sluice_ui_test_flush ();
  for (guint i = 0; i < g_list_model_get_n_items (sluice_indexes_page_get_visible_indexes (page)); i++)
    {
      g_autoptr(SluiceIndexInfo) index = g_list_model_get_item (sluice_indexes_page_get_visible_indexes (page), i);

      g_assert_cmpint (sluice_index_info_get_flags (index), !=, SLUICE_INDEX_FLAG_NONE);
    }
  {
    guint n_flagged = 0;

    for (guint i = 0; i < g_list_model_get_n_items (sluice_health_get_indexes (health)); i++)
      {
        g_autoptr(SluiceIndexInfo) index = g_list_model_get_item (sluice_health_get_indexes (health), i);

        n_flagged += sluice_index_info_get_flags (index) != SLUICE_INDEX_FLAG_NONE;
      }
    g_assert_cmpuint (n_flagged, >=, 5);
    g_assert_cmpuint (n_flagged, <, g_list_model_get_n_items (sluice_health_get_indexes (health)));
    g_assert_cmpuint (g_list_model_get_n_items (sluice_indexes_page_get_visible_indexes (page)), ==, n_flagged);
  }
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (toggle), FALSE);
  wait_for_count (sluice_indexes_page_get_visible_indexes (page),
                  g_list_model_get_n_items (sluice_health_get_indexes (health)));

  /* The sampler polls while the list is on screen; the index used between
   * polls gets a rate, drawn in its row. */
  g_assert_nonnull (sampler);
  g_assert_true (sluice_index_sampler_get_running (sampler));
  for (guint round = 0; round < 40 && !sampled_rates (page); round++)
    {
      SampleWait wait = { sampler, sluice_index_sampler_get_n_samples (sampler) };

      use_index_of_orders (1 + round % 4);
      sluice_ui_test_wait_until (sampled_once_more, &wait, 10000);
    }
  g_assert_true (sampled_rates (page));

  search_for (page, "orders_status_created_idx");
  row = find_row (GTK_WIDGET (view), "orders_status_created_idx");
  g_assert_nonnull (row);
  sparkline = SLUICE_SPARKLINE (find_widget (row, SLUICE_TYPE_SPARKLINE));
  g_assert_nonnull (sparkline);
  g_assert_cmpuint (sluice_sparkline_get_n_values (sparkline), >=, 3);
  g_assert_cmpfloat (sluice_sparkline_get_peak (sparkline), >, 0);
  for (guint i = 0; i < sluice_sparkline_get_n_values (sparkline); i++)
    {
      guint n_values = sluice_sparkline_get_n_values (sparkline);
      gboolean shown = n_values - i <= sluice_sparkline_get_n_slots (sparkline);
      graphene_rect_t area;

      /* The strip holds the newest values only. */
      g_assert_true (sluice_sparkline_get_bar_area (sparkline, i, &area) == shown);
      if (!shown)
        continue;
      g_assert_cmpfloat (area.origin.y + area.size.height, ==, gtk_widget_get_height (GTK_WIDGET (sparkline)));
      g_assert_cmpfloat (area.size.width, >=, 1);
      g_assert_cmpfloat (area.origin.x, ==, (int) area.origin.x);
    }

  /* Hidden, the page stops polling; shown again, it starts. */
  show_page (GTK_WIDGET (sluice_window_get_overview_page (fixture.window)), "overview");
  g_assert_false (sluice_index_sampler_get_running (sampler));
  show_page (GTK_WIDGET (page), "indexes");
  g_assert_true (sluice_index_sampler_get_running (sampler));

  /* The rendering: every index, one selected with two findings.  No poll
   * meanwhile: a cell that changes between the frame and the render leaves
   * the window to be laid out again, with nothing to render. */
  sluice_indexes_page_set_sample_interval (page, 600000);
  search_for (page, "");
  g_assert_true (sluice_indexes_page_select_index (page, "public", "orders_status_idx"));
  sluice_ui_test_save_png (GTK_WIDGET (fixture.window), "indexes.png");

  /* The pills and the sparklines in the dark style too. */
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_DARK);
  sluice_ui_test_wait_for_draw (GTK_WIDGET (fixture.window));
  sluice_ui_test_save_png (GTK_WIDGET (fixture.window), "indexes-dark.png");
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_LIGHT);
  sluice_ui_test_wait_for_draw (GTK_WIDGET (fixture.window));

  /* The foreign key without an index. */
  keys = sluice_health_get_unindexed_foreign_keys (health);
  g_assert_cmpuint (g_list_model_get_n_items (keys), ==, 1);
  key = g_list_model_get_item (keys, 0);
  g_assert_cmpstr (sluice_unindexed_foreign_key_get_table (key), ==, "orders");
  g_assert_cmpstr (sluice_unindexed_foreign_key_get_columns (key)[0], ==, "customer_id");
  sluice_indexes_page_set_section (page, "foreign-keys");
  sluice_ui_test_wait_for_draw (GTK_WIDGET (fixture.window));
  g_assert_false (sluice_index_sampler_get_running (sampler));
  assert_label (GTK_WIDGET (page), "public.orders (customer_id) → public.customers", TRUE);
  assert_label (GTK_WIDGET (page), sluice_unindexed_foreign_key_get_explanation (key), TRUE);
  sluice_ui_test_save_png (GTK_WIDGET (fixture.window), "foreign-keys.png");
  sluice_indexes_page_set_section (page, "indexes");
}

static void
test_tables (void)
{
  SluiceIndexesPage *page = show_indexes_of (fixture.dev_id, SLUICE_INDEX_SAMPLER_DEFAULT_INTERVAL_MS);
  SluiceHealth *health = sluice_indexes_page_get_health (page);
  SluiceTableHealth *readings = sluice_health_find_table (health, "public", "readings");
  SluiceTableHealth *orders = sluice_health_find_table (health, "public", "orders");
  GListModel *tables;
  GtkWidget *row;

  sluice_indexes_page_set_section (page, "tables");
  sluice_ui_test_wait_for_draw (GTK_WIDGET (fixture.window));
  g_assert_cmpstr (sluice_indexes_page_get_section (page), ==, "tables");

  tables = sluice_indexes_page_get_visible_tables (page);
  g_assert_cmpuint (g_list_model_get_n_items (tables), ==, 5);
  g_assert_nonnull (readings);
  g_assert_nonnull (orders);

  /* Largest first. */
  for (guint i = 1; i < g_list_model_get_n_items (tables); i++)
    {
      g_autoptr(SluiceTableHealth) before = g_list_model_get_item (tables, i - 1);
      g_autoptr(SluiceTableHealth) after = g_list_model_get_item (tables, i);

      g_assert_cmpint (sluice_table_health_get_total_bytes (before), >=, sluice_table_health_get_total_bytes (after));
    }

  /* readings: mass-updated with autovacuum off, read only sequentially. */
  g_assert_cmpint (sluice_table_health_get_dead_tuples (readings), >, 0);
  g_assert_null (sluice_table_health_get_last_autovacuum (readings));
  g_assert_null (sluice_table_health_get_last_vacuum (readings));
  g_assert_nonnull (sluice_table_health_get_last_analyze (readings));
  g_assert_true (sluice_table_health_get_mostly_sequential (readings));
  g_assert_cmpint (sluice_table_health_get_live_tuples (orders), ==, 30000);

  row = find_row (GTK_WIDGET (page), "readings");
  g_assert_nonnull (row);
  assert_label (row, sluice_table_health_get_hint (readings), TRUE);
  assert_label (row, "auto · never", TRUE);
  assert_label (row, "manual · never", TRUE);
  assert_label (row, "dead (", FALSE);
  assert_label (row, "0 % by index", TRUE);
  g_assert_nonnull (sluice_ui_test_find_by_classes (row, "warning", NULL));

  row = find_row (GTK_WIDGET (page), "orders");
  g_assert_nonnull (row);
  {
    g_autofree char *count = sluice_format_count (30000);
    g_autofree char *live = g_strdup_printf ("%s live", count);

    assert_label (row, live, TRUE);
  }
  assert_label (row, "heap ", FALSE);

  /* Selected, the detail says it all: the hint in full, each size, each
   * maintenance run. */
  g_assert_true (sluice_indexes_page_select_table (page, "public", "readings"));
  sluice_ui_test_wait_for_draw (GTK_WIDGET (fixture.window));
  assert_label (GTK_WIDGET (page), "public.readings", TRUE);
  g_assert_cmpuint (g_list_model_get_n_items (tables), ==, 5);
  g_assert_true (sluice_tables_view_get_selected_table (SLUICE_TABLES_VIEW (find_widget (GTK_WIDGET (page),
                                                                                       SLUICE_TYPE_TABLES_VIEW)))
                 == readings);
  assert_label (GTK_WIDGET (page), "Autovacuum", TRUE);
  assert_label (GTK_WIDGET (page), "TOAST", TRUE);
  assert_label (GTK_WIDGET (page), "Changed since analyze", TRUE);

  sluice_ui_test_save_png (GTK_WIDGET (fixture.window), "tables.png");

  /* The search applies to tables too. */
  search_for (page, "read");
  wait_for_count (tables, 1);
  search_for (page, "");
  wait_for_count (tables, 5);
  sluice_indexes_page_set_section (page, "indexes");
}

typedef struct
{
  gboolean  done;
  char     *text;
} ClipboardWait;

static void
clipboard_read (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  ClipboardWait *wait = user_data;
  g_autoptr(GError) error = NULL;

  wait->text = gdk_clipboard_read_text_finish (GDK_CLIPBOARD (object), result, &error);
  g_assert_no_error (error);
  wait->done = TRUE;
}

static char *
read_clipboard (void)
{
  ClipboardWait wait = { 0 };

  gdk_clipboard_read_text_async (gtk_widget_get_clipboard (GTK_WIDGET (fixture.window)), NULL,
                                 clipboard_read, &wait);
  sluice_test_wait_for (&wait.done, 5000);
  return wait.text;
}

typedef struct
{
  SluiceIndexesPage *page;
  SluiceHealth      *before;
} ReloadWait;

static gboolean
reloaded (gpointer user_data)
{
  ReloadWait *wait = user_data;

  return sluice_indexes_page_get_health (wait->page) != NULL &&
         sluice_indexes_page_get_health (wait->page) != wait->before &&
         indexes_settled (wait->page);
}

static void
wait_for_reload (SluiceIndexesPage *page,
                 SluiceHealth      *before)
{
  ReloadWait wait = { page, before };

  sluice_ui_test_wait_until (reloaded, &wait, LOAD_TIMEOUT_MS);
}

static void
test_indexes_actions (void)
{
  SluiceIndexesPage *page = show_indexes_of (fixture.dev_id, SLUICE_INDEX_SAMPLER_DEFAULT_INTERVAL_MS);
  SluiceHealth *health = sluice_indexes_page_get_health (page);
  SluiceIndexInfo *email_idx = sluice_health_find_index (health, "public", "customers_email_idx");
  SluiceIndexInfo *duplicate;
  SluiceIndexInfo *bloated;
  g_autofree char *duplicate_name = NULL;
  g_autofree char *expected_sql = NULL;
  g_autofree char *copied = NULL;
  SluiceGuardDialog *dialog;
  GtkWidget *drop;

  duplicate = sluice_index_info_has_flag (email_idx, SLUICE_INDEX_FLAG_DUPLICATE)
              ? email_idx : sluice_health_find_index (health, "public", "customers_email_lookup");
  g_assert_true (sluice_index_info_has_flag (duplicate, SLUICE_INDEX_FLAG_DUPLICATE));
  duplicate_name = g_strdup (sluice_index_info_get_name (duplicate));
  expected_sql = sluice_index_info_dup_create_sql (duplicate);

  /* An index that backs a constraint cannot be dropped on its own. */
  g_assert_true (sluice_indexes_page_select_index (page, "public", "orders_pkey"));
  sluice_ui_test_wait_for_draw (GTK_WIDGET (fixture.window));
  drop = find_button (GTK_WIDGET (page), "_Drop Concurrently…");
  g_assert_nonnull (drop);
  g_assert_false (gtk_widget_get_sensitive (drop));
  assert_label (GTK_WIDGET (page), "orders_pkey", FALSE);

  /* Copy DDL: the definition, to the clipboard. */
  g_assert_true (sluice_indexes_page_select_index (page, "public", duplicate_name));
  sluice_ui_test_wait_for_draw (GTK_WIDGET (fixture.window));
  g_assert_true (gtk_widget_get_sensitive (drop));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "indexes.copy-ddl", NULL));
  copied = read_clipboard ();
  g_assert_cmpstr (copied, ==, expected_sql);
  g_assert_nonnull (strstr (copied, "CREATE INDEX"));

  /* Drop on a relaxed profile: no question, and the index is gone. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "indexes.drop", NULL));
  sluice_ui_test_flush ();
  g_assert_null (find_guard_dialog ());
  wait_for_reload (page, health);
  health = sluice_indexes_page_get_health (page);
  g_assert_null (sluice_health_find_index (health, "public", duplicate_name));
  g_assert_nonnull (sluice_health_find_index (health, "public",
                                              duplicate == email_idx ? "customers_email_lookup" : "customers_email_idx"));

  /* Reindex on production: the database name is asked for first. */
  page = show_indexes_of (fixture.prod_id, SLUICE_INDEX_SAMPLER_DEFAULT_INTERVAL_MS);
  health = sluice_indexes_page_get_health (page);
  bloated = sluice_health_find_index (health, "public", "readings_sensor_value_idx");
  g_assert_true (sluice_index_info_has_flag (bloated, SLUICE_INDEX_FLAG_BLOATED));
  g_assert_true (sluice_indexes_page_select_index (page, "public", "readings_sensor_value_idx"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "indexes.reindex", NULL));
  sluice_ui_test_wait_until (guard_dialog_shown, NULL, 5000);
  dialog = find_guard_dialog ();
  g_assert_nonnull (strstr (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (dialog)),
                            "REINDEX INDEX CONCURRENTLY"));
  g_assert_false (sluice_guard_dialog_get_can_proceed (dialog));
  gtk_editable_set_text (sluice_guard_dialog_get_entry (dialog), fixture.database);
  g_assert_true (gtk_widget_activate (find_button (GTK_WIDGET (dialog), "_Proceed")));
  wait_for_reload (page, health);
  health = sluice_indexes_page_get_health (page);
  bloated = sluice_health_find_index (health, "public", "readings_sensor_value_idx");
  g_assert_nonnull (bloated);
  g_assert_false (sluice_index_info_has_flag (bloated, SLUICE_INDEX_FLAG_BLOATED));
  /* The page kept the index it rebuilt selected. */
  g_assert_true (sluice_indexes_page_get_selected_index (page) == bloated);
}

/* The Activity page ------------------------------------------------------- */

static SluiceConnection *
open_chain_connection (const char *application)
{
  g_autofree char *conninfo = g_strdup_printf ("%s application_name=%s", fixture.conninfo, application);

  return sluice_test_pg_connect (conninfo);
}

static void
query_now (SluiceConnection *connection,
           const char       *sql)
{
  g_object_unref (sluice_test_query (connection, sql));
}

static SluiceSessionInfo *
find_application (SluiceActivity *activity,
                  const char     *application)
{
  GListModel *sessions = activity != NULL ? sluice_activity_get_sessions (activity) : NULL;

  for (guint i = 0; sessions != NULL && i < g_list_model_get_n_items (sessions); i++)
    {
      g_autoptr(SluiceSessionInfo) info = g_list_model_get_item (sessions, i);

      if (g_strcmp0 (sluice_session_info_get_application (info), application) == 0)
        return info;
    }

  return NULL;
}

static gboolean
application_blocked (gpointer user_data)
{
  const char *application = user_data;
  SluiceActivityPage *page = sluice_window_get_activity_page (fixture.window);
  SluiceSessionInfo *info = find_application (sluice_activity_page_get_activity (page), application);

  return info != NULL && sluice_session_info_get_blocked (info);
}

static gboolean
application_unblocked (gpointer user_data)
{
  SluiceActivityPage *page = sluice_window_get_activity_page (fixture.window);
  SluiceActivity *activity = sluice_activity_page_get_activity (page);

  return activity != NULL && !sluice_activity_page_get_loading (page) && !application_blocked (user_data);
}

static gboolean
application_gone (gpointer user_data)
{
  const char *application = user_data;
  SluiceActivityPage *page = sluice_window_get_activity_page (fixture.window);
  SluiceActivity *activity = sluice_activity_page_get_activity (page);

  return activity != NULL && !sluice_activity_page_get_loading (page) &&
         find_application (activity, application) == NULL;
}

static gboolean
activity_settled (gpointer user_data)
{
  SluiceActivityPage *page = user_data;
  const char *view = sluice_activity_page_get_view (page);

  return !sluice_activity_page_get_loading (page) &&
         (g_strcmp0 (view, "activity") == 0 || g_strcmp0 (view, "failed") == 0);
}

/* The row of @pid in the shown tree, or NULL. */
static GtkTreeListRow *
find_tree_row (SluiceActivityPage *page,
               int                 pid,
               guint              *position)
{
  GListModel *rows = sluice_activity_page_get_session_rows (page);

  for (guint i = 0; i < g_list_model_get_n_items (rows); i++)
    {
      g_autoptr(GtkTreeListRow) row = g_list_model_get_item (rows, i);
      g_autoptr(SluiceSessionInfo) info = gtk_tree_list_row_get_item (row);

      if (sluice_session_info_get_pid (info) == pid)
        {
          if (position != NULL)
            *position = i;
          return row;  /* the model keeps it */
        }
    }

  return NULL;
}

static int
parent_pid (GtkTreeListRow *row)
{
  g_autoptr(GtkTreeListRow) parent = gtk_tree_list_row_get_parent (row);
  g_autoptr(SluiceSessionInfo) info = NULL;

  if (parent == NULL)
    return 0;
  info = gtk_tree_list_row_get_item (parent);
  return sluice_session_info_get_pid (info);
}

typedef struct
{
  SluiceActivityPage *page;
  int                 pids[3];
} ChainWait;

static gboolean
chain_shown (gpointer user_data)
{
  ChainWait *wait = user_data;
  GtkTreeListRow *rows[3];
  guint positions[3];

  if (!activity_settled (wait->page))
    return FALSE;

  for (guint i = 0; i < 3; i++)
    if ((rows[i] = find_tree_row (wait->page, wait->pids[i], &positions[i])) == NULL)
      return FALSE;

  return gtk_tree_list_row_get_depth (rows[0]) == 0 &&
         gtk_tree_list_row_get_depth (rows[1]) == 1 && parent_pid (rows[1]) == wait->pids[0] &&
         gtk_tree_list_row_get_depth (rows[2]) == 2 && parent_pid (rows[2]) == wait->pids[1] &&
         positions[1] == positions[0] + 1 && positions[2] == positions[1] + 1;
}

static GtkWidget *
session_row_widget (SluiceActivityPage *page,
                    int                 pid)
{
  g_autofree char *text = g_strdup_printf ("%d", pid);
  GtkWidget *view = find_widget (GTK_WIDGET (page), GTK_TYPE_COLUMN_VIEW);

  return find_row (view, text);
}

static void
test_activity (void)
{
  SluiceActivityPage *page;
  g_autoptr(SluiceConnection) a = NULL;
  g_autoptr(SluiceConnection) b = NULL;
  g_autoptr(SluiceConnection) c = NULL;
  g_autoptr(SluiceResult) b_result = NULL;
  g_autoptr(SluiceResult) c_result = NULL;
  g_autoptr(GError) error = NULL;
  SluiceTestAsyncWait b_wait = { 0 };
  SluiceTestAsyncWait c_wait = { 0 };
  ChainWait chain;
  SluiceGuardDialog *dialog;
  GtkTreeListRow *row;
  GtkWidget *widget;
  GtkWidget *entry;
  g_autofree char *b_pid_text = NULL;

  ensure_started ();
  page = sluice_window_get_activity_page (fixture.window);
  sluice_activity_page_set_refresh_interval (page, 400);
  select_profile (fixture.prod_id);
  show_page (GTK_WIDGET (page), "activity");
  sluice_ui_test_wait_until (activity_settled, page, LOAD_TIMEOUT_MS);
  if (sluice_activity_page_get_error (page) != NULL)
    g_error ("the Activity page failed: %s", sluice_activity_page_get_error (page)->message);

  /* A holds the row in an open transaction; B waits for A; C for B. */
  a = open_chain_connection ("chain-a");
  b = open_chain_connection ("chain-b");
  c = open_chain_connection ("chain-c");
  query_now (a, "BEGIN");
  query_now (a, "UPDATE accounts SET balance = balance - 10 WHERE id = 1");
  sluice_connection_query_async (b, "UPDATE accounts SET balance = balance + 20 WHERE id = 1", NULL, 0,
                                 NULL, sluice_test_store_result, &b_wait);
  sluice_ui_test_wait_until (application_blocked, (gpointer) "chain-b", LOAD_TIMEOUT_MS);
  sluice_connection_query_async (c, "UPDATE accounts SET balance = balance + 30 WHERE id = 1", NULL, 0,
                                 NULL, sluice_test_store_result, &c_wait);
  sluice_ui_test_wait_until (application_blocked, (gpointer) "chain-c", LOAD_TIMEOUT_MS);

  /* The tree: A at the root, B under it, C under B. */
  chain.page = page;
  chain.pids[0] = sluice_connection_get_backend_pid (a);
  chain.pids[1] = sluice_connection_get_backend_pid (b);
  chain.pids[2] = sluice_connection_get_backend_pid (c);
  sluice_ui_test_wait_until (chain_shown, &chain, LOAD_TIMEOUT_MS);
  sluice_activity_page_set_paused (page, TRUE);
  g_assert_true (chain_shown (&chain));
  row = find_tree_row (page, chain.pids[0], NULL);
  g_assert_true (gtk_tree_list_row_is_expandable (row));
  g_assert_true (gtk_tree_list_row_get_expanded (row));
  g_assert_false (gtk_tree_list_row_is_expandable (find_tree_row (page, chain.pids[2], NULL)));
  g_assert_true (sluice_session_info_get_blocking (sluice_activity_find_session (sluice_activity_page_get_activity (page),
                                                                                 chain.pids[0])));
  sluice_ui_test_wait_for_draw (GTK_WIDGET (fixture.window));

  /* On screen: A blocks one and is idle in its transaction; B and C are
   * blocked, B blocks C too. */
  widget = session_row_widget (page, chain.pids[0]);
  g_assert_nonnull (widget);
  g_assert_nonnull (sluice_ui_test_find_by_classes (widget, "state-pill", "idle-in-transaction", NULL));
  g_assert_nonnull (sluice_ui_test_find_by_classes (widget, "state-pill", "blocking", NULL));
  assert_label (widget, "Blocks 1", TRUE);
  widget = session_row_widget (page, chain.pids[1]);
  g_assert_nonnull (widget);
  g_assert_nonnull (sluice_ui_test_find_by_classes (widget, "state-pill", "blocked", NULL));
  assert_label (widget, "Blocks 1", TRUE);
  widget = session_row_widget (page, chain.pids[2]);
  g_assert_nonnull (widget);
  g_assert_nonnull (sluice_ui_test_find_by_classes (widget, "state-pill", "blocked", NULL));
  assert_label (widget, "UPDATE accounts SET balance = balance + 30 WHERE id = 1", TRUE);

  /* B in the detail: whom it waits for, whom it blocks, its whole query. */
  g_assert_true (sluice_activity_page_select_pid (page, chain.pids[1]));
  sluice_ui_test_wait_for_draw (GTK_WIDGET (fixture.window));
  b_pid_text = g_strdup_printf ("Session %d", chain.pids[1]);
  assert_label (GTK_WIDGET (page), b_pid_text, TRUE);
  {
    g_autofree char *a_pid = g_strdup_printf ("%d", chain.pids[0]);
    g_autofree char *c_pid = g_strdup_printf ("%d", chain.pids[2]);

    assert_label (GTK_WIDGET (page), "Blocked By", TRUE);
    assert_label (GTK_WIDGET (page), "Blocks", TRUE);
    g_assert_nonnull (sluice_ui_test_find_label (GTK_WIDGET (page), a_pid, TRUE));
    g_assert_nonnull (sluice_ui_test_find_label (GTK_WIDGET (page), c_pid, TRUE));
  }

  /* The locks not granted: B's and C's. */
  g_assert_cmpuint (g_list_model_get_n_items (sluice_activity_get_locks_waiting (sluice_activity_page_get_activity (page))),
                    >=, 2);
  g_assert_false (sluice_activity_get_has_statements (sluice_activity_page_get_activity (page)));

  sluice_ui_test_save_png (GTK_WIDGET (fixture.window), "activity.png");

  sluice_activity_page_set_section (page, "locks");
  sluice_ui_test_wait_for_draw (GTK_WIDGET (fixture.window));
  assert_label (GTK_WIDGET (page), "UPDATE accounts SET balance = balance + 20 WHERE id = 1", TRUE);
  sluice_ui_test_save_png (GTK_WIDGET (fixture.window), "activity-locks.png");
  sluice_activity_page_set_section (page, "statements");
  sluice_ui_test_wait_for_draw (GTK_WIDGET (fixture.window));
  assert_label (GTK_WIDGET (page), "pg_stat_statements is not installed in this database", TRUE);
  assert_label (GTK_WIDGET (page), "shared_preload_libraries", FALSE);
  sluice_activity_page_set_section (page, "sessions");

  /* Terminate A on production: Cancel first, and nothing happens. */
  g_assert_true (sluice_activity_page_select_pid (page, chain.pids[0]));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "activity.terminate", NULL));
  sluice_ui_test_wait_until (guard_dialog_shown, NULL, 5000);
  dialog = find_guard_dialog ();
  g_assert_nonnull (strstr (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (dialog)), "pg_terminate_backend"));
  g_assert_true (gtk_widget_activate (find_button (GTK_WIDGET (dialog), "_Cancel")));
  sluice_ui_test_wait_until (guard_dialog_gone, NULL, 5000);
  sluice_activity_page_reload (page);
  sluice_ui_test_wait_until (activity_settled, page, LOAD_TIMEOUT_MS);
  g_assert_nonnull (find_application (sluice_activity_page_get_activity (page), "chain-a"));
  g_assert_false (b_wait.done);

  /* Then for real: the name typed, wrong first. */
  g_assert_true (sluice_activity_page_select_pid (page, chain.pids[0]));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "activity.terminate", NULL));
  sluice_ui_test_wait_until (guard_dialog_shown, NULL, 5000);
  dialog = find_guard_dialog ();
  entry = GTK_WIDGET (sluice_guard_dialog_get_entry (dialog));
  gtk_editable_set_text (GTK_EDITABLE (entry), "inventory");
  g_assert_false (sluice_guard_dialog_get_can_proceed (dialog));
  g_assert_false (gtk_widget_get_sensitive (find_button (GTK_WIDGET (dialog), "_Proceed")));
  gtk_editable_set_text (GTK_EDITABLE (entry), fixture.database);
  g_assert_true (sluice_guard_dialog_get_can_proceed (dialog));
  sluice_ui_test_save_png (GTK_WIDGET (dialog), "guard-dialog.png");
  g_assert_true (gtk_widget_activate (find_button (GTK_WIDGET (dialog), "_Proceed")));
  sluice_ui_test_wait_until (guard_dialog_gone, NULL, 5000);

  /* A is gone, its transaction rolled back: B, then C, go through. */
  sluice_activity_page_set_paused (page, FALSE);
  sluice_ui_test_wait_until (application_gone, (gpointer) "chain-a", LOAD_TIMEOUT_MS);
  sluice_test_wait_for (&b_wait.done, 30000);
  b_result = sluice_connection_query_finish (b, b_wait.result, &error);
  g_assert_no_error (error);
  sluice_test_wait_for (&c_wait.done, 30000);
  c_result = sluice_connection_query_finish (c, c_wait.result, &error);
  g_assert_no_error (error);
  g_clear_object (&b_wait.result);
  g_clear_object (&c_wait.result);
  sluice_ui_test_wait_until (application_gone, (gpointer) "chain-a", LOAD_TIMEOUT_MS);
  g_assert_null (find_application (sluice_activity_page_get_activity (page), "chain-a"));
  /* A sample taken between A's end and B's commit still shows C waiting:
   * the next ones must not. */
  sluice_ui_test_wait_until (application_unblocked, (gpointer) "chain-c", LOAD_TIMEOUT_MS);
  g_assert_false (application_blocked ((gpointer) "chain-c"));

  sluice_connection_close (b);
  sluice_connection_close (c);
  sluice_connection_close (a);
}

/* Installed but not preloaded, pg_stat_statements says why it cannot be
 * read, where the top statements would be. */
static void
test_activity_statements_unavailable (void)
{
  SluiceActivityPage *page;
  g_autoptr(SluiceActivity) activity = NULL;

  ensure_started ();
  page = sluice_window_get_activity_page (fixture.window);
  select_profile (fixture.stats_id);
  show_page (GTK_WIDGET (page), "activity");
  sluice_activity_page_reload (page);
  sluice_ui_test_wait_until (activity_settled, page, LOAD_TIMEOUT_MS);
  /* Every refresh brings a new report: keep this one. */
  activity = g_object_ref (sluice_activity_page_get_activity (page));
  sluice_activity_page_set_paused (page, TRUE);
  g_assert_true (sluice_activity_get_has_statements (activity));
  g_assert_nonnull (sluice_activity_get_statements_error (activity));

  sluice_activity_page_set_section (page, "statements");
  sluice_ui_test_wait_for_draw (GTK_WIDGET (fixture.window));
  assert_label (GTK_WIDGET (page), "pg_stat_statements is installed, but could not be read", TRUE);
  assert_label (GTK_WIDGET (page), sluice_activity_get_statements_error (activity), TRUE);
  sluice_ui_test_save_png (GTK_WIDGET (fixture.window), "activity-statements.png");
  sluice_activity_page_set_section (page, "sessions");
  sluice_activity_page_set_paused (page, FALSE);
}

/* main */

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

  g_test_add_func ("/health-pages/guard-levels", test_guard_levels);
  g_test_add_func ("/health-pages/indexes", test_indexes);
  g_test_add_func ("/health-pages/tables", test_tables);
  /* Before the index actions, whose toasts would cover the renders. */
  g_test_add_func ("/health-pages/activity", test_activity);
  g_test_add_func ("/health-pages/activity-statements", test_activity_statements_unavailable);
  g_test_add_func ("/health-pages/indexes-actions", test_indexes_actions);

  status = g_test_run ();

  if (fixture.window != NULL)
    gtk_window_destroy (GTK_WINDOW (fixture.window));
  g_clear_object (&fixture.app);
  return status;
}
