/* test-status.c: status from end to end, on a real server
 *
 * A copy of the demo folder, its first five migrations applied by the
 * applier; then one file is edited (drift) and one deleted (missing), and
 * the folder read again and joined with the history read back.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <locale.h>
#include <string.h>

#include "sluice.h"
#include "sluice-migration-folder.h"
#include "sluice-test-pg.h"

/* The demo's .sql files, copied into a new temporary folder. */
static char *
copy_demo_folder (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDir) dir = g_dir_open (sluice_demo_dir (), 0, &error);
  char *copy = g_dir_make_tmp ("sluice-status-XXXXXX", &error);
  const char *name;

  g_assert_no_error (error);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *from = g_build_filename (sluice_demo_dir (), name, NULL);
      g_autofree char *to = g_build_filename (copy, name, NULL);
      g_autofree char *contents = NULL;
      gsize length = 0;

      if (!g_str_has_suffix (name, ".sql"))
        continue;
      g_file_get_contents (from, &contents, &length, &error);
      g_assert_no_error (error);
      g_file_set_contents (to, contents, length, &error);
      g_assert_no_error (error);
    }

  return copy;
}

static void
remove_folder (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *file = g_build_filename (path, name, NULL);

      g_remove (file);
    }
  g_rmdir (path);
}

static SluiceMigrationFolder *
load_folder (const char *path)
{
  g_autoptr(GError) error = NULL;
  SluiceMigrationFolder *folder = sluice_migration_folder_load (path, SLUICE_MIGRATION_FORMAT_AUTO, &error);

  g_assert_no_error (error);
  g_assert_cmpint (sluice_migration_folder_get_format (folder), ==, SLUICE_MIGRATION_FORMAT_SLUICE);
  g_assert_cmpuint (sluice_migration_folder_get_problems (folder)->len, ==, 0);
  return folder;
}

static void
apply_first (SluiceConnection      *connection,
             SluiceMigrationFolder *folder,
             guint                  n)
{
  GListModel *migrations = sluice_migration_folder_get_migrations (folder);
  g_autoptr(GPtrArray) first = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;
  SluiceTestAsyncWait wait = { 0 };

  for (guint i = 0; i < n; i++)
    g_ptr_array_add (first, g_list_model_get_item (migrations, i));

  sluice_applier_apply_async (connection, first, NULL, sluice_test_store_result, &wait);
  sluice_test_wait_for (&wait.done, 60000);
  g_assert_true (sluice_applier_apply_finish (wait.result, NULL, &error));
  g_assert_no_error (error);
  g_object_unref (wait.result);
}

static SluiceHistory *
read_history (SluiceConnection *connection)
{
  g_autoptr(GError) error = NULL;
  SluiceHistory *history;
  SluiceTestAsyncWait wait = { 0 };

  sluice_history_read_async (connection, SLUICE_MIGRATION_FORMAT_SLUICE, NULL, sluice_test_store_result, &wait);
  sluice_test_wait_for (&wait.done, 30000);
  history = sluice_history_read_finish (wait.result, &error);
  g_object_unref (wait.result);
  g_assert_no_error (error);
  return history;
}

/* Inserts a line at the start of the up section of @file in @folder. */
static void
edit_up_section (const char *folder,
                 const char *file)
{
  g_autofree char *path = g_build_filename (folder, file, NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GString) edited = NULL;
  g_autoptr(GError) error = NULL;
  const char *marker;

  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);
  marker = strstr (contents, "-- sluice:up\n");
  g_assert_nonnull (marker);

  edited = g_string_new_len (contents, marker - contents + strlen ("-- sluice:up\n"));
  g_string_append (edited, "SET LOCAL lock_timeout = '2s';\n");
  g_string_append (edited, marker + strlen ("-- sluice:up\n"));
  g_file_set_contents (path, edited->str, edited->len, &error);
  g_assert_no_error (error);
}

static void
test_drift_missing_pending (void)
{
  g_autofree char *conninfo = sluice_test_pg_new_database ();
  g_autofree char *path = copy_demo_folder ();
  g_autoptr(SluiceConnection) connection = sluice_test_pg_connect (conninfo);
  g_autoptr(SluiceMigrationFolder) before = load_folder (path);
  g_autoptr(SluiceMigrationFolder) after = NULL;
  g_autoptr(SluiceHistory) history = NULL;
  g_autoptr(SluiceStatusReport) report = NULL;
  g_autofree char *missing_file = g_build_filename (path, "0004_create_tickets.sql", NULL);
  g_autoptr(GString) statuses = g_string_new (NULL);
  GListModel *items;
  SluiceHistoryEntry *last;

  apply_first (connection, before, 5);

  edit_up_section (path, "0003_create_ticket_enums.sql");
  g_assert_cmpint (g_remove (missing_file), ==, 0);

  after = load_folder (path);
  history = read_history (connection);
  report = sluice_status_report_new (after, history);

  items = sluice_status_report_get_items (report);
  for (guint i = 0; i < g_list_model_get_n_items (items); i++)
    {
      g_autoptr(SluiceStatusItem) item = g_list_model_get_item (items, i);

      g_string_append_printf (statuses, "%s:%s ", sluice_status_item_get_version (item),
                              sluice_migration_status_to_string (sluice_status_item_get_status (item)));
    }

  g_assert_cmpstr (statuses->str, ==,
                   "0001:applied 0002:applied 0003:drift 0004:missing 0005:applied "
                   "0006:pending 0007:pending 0008:pending 0009:pending 0010:pending "
                   "0011:pending 0012:pending 0013:pending 0014:pending 0015:pending "
                   "0016:pending ");
  g_assert_cmpstr (sluice_status_report_get_current_version (report), ==, "0005");
  g_assert_cmpuint (sluice_status_report_get_pending_count (report), ==, 11);
  g_assert_cmpuint (sluice_status_report_count (report, SLUICE_STATUS_DRIFT), ==, 1);
  g_assert_cmpuint (sluice_status_report_count (report, SLUICE_STATUS_MISSING), ==, 1);

  /* The missing one still says what it was. */
  {
    g_autoptr(SluiceStatusItem) missing = g_list_model_get_item (items, 3);

    g_assert_null (sluice_status_item_get_migration (missing));
    g_assert_cmpstr (sluice_status_item_get_name (missing), ==, "create_tickets");
  }

  last = sluice_status_report_get_last_change (report);
  g_assert_nonnull (last);
  g_assert_cmpstr (sluice_history_entry_get_key (last), ==, "0005");
  g_assert_nonnull (sluice_history_entry_get_applied_by (last));

  sluice_connection_close (connection);
  remove_folder (path);
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/status/drift-missing-pending", test_drift_missing_pending);

  return g_test_run ();
}
