/* test-catalog-self-consistency.c: snapshot -> file -> load -> diff against
 * live is empty
 *
 * On fresh databases of a real server holding the demo project (its 16
 * migrations applied by Sluice's applier, as the app applies them) and
 * tests/pg/catalog-every-kind.sql (at least one object of every kind a
 * snapshot holds): a snapshot saved to a file and loaded back, and the
 * same through sluice_catalog_to_data() and sluice_catalog_new_from_data(),
 * must show no difference from a new snapshot of the live database, with
 * no diff flag (owners, privileges and comments count); the file written
 * again from the loaded catalog must be the same bytes.  The big schema
 * of the benchmark gets the same check in bench/bench-snapshot.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>

#include "sluice.h"
#include "sluice-test-pg.h"

static SluiceCatalog *
capture (const char *conninfo)
{
  g_autoptr(SluiceConnection) connection = sluice_test_pg_connect (conninfo);
  g_autoptr(SluiceCatalog) catalog = NULL;
  g_autoptr(GError) error = NULL;
  SluiceTestAsyncWait wait = { 0 };

  sluice_catalog_capture_async (connection, NULL, NULL, sluice_test_store_result, &wait);
  sluice_test_wait_for (&wait.done, 60000);
  catalog = sluice_catalog_capture_finish (wait.result, &error);
  g_assert_no_error (error);
  g_assert_nonnull (catalog);
  g_clear_object (&wait.result);
  sluice_connection_close (connection);
  return g_steal_pointer (&catalog);
}

/* Fails the test listing what differs, unless @diff is empty. */
static void
assert_diff_empty (SluiceDiff *diff,
                   const char *what)
{
  GPtrArray *changes = sluice_diff_get_changes (diff);

  if (sluice_diff_is_empty (diff))
    {
      g_assert_cmpuint (changes->len, ==, 0);
      return;
    }

  for (guint i = 0; i < changes->len; i++)
    {
      const SluiceObjectChange *change = g_ptr_array_index (changes, i);
      SluiceCatalogObject *object = change->to_object != NULL ? change->to_object : change->from_object;

      g_test_message ("%s: %s %s", what, sluice_change_kind_to_string (change->kind),
                      sluice_catalog_object_get_identity (object));
      for (guint j = 0; change->attributes != NULL && j < change->attributes->len; j++)
        {
          const SluiceAttributeChange *attribute = g_ptr_array_index (change->attributes, j);

          g_test_message ("    %s: %s -> %s", attribute->name,
                          attribute->old_value != NULL ? attribute->old_value : "(absent)",
                          attribute->new_value != NULL ? attribute->new_value : "(absent)");
        }
    }
  g_test_fail_printf ("%s: %u objects differ (listed above)", what, changes->len);
}

/* The whole check on the database at @conninfo; returns the first
 * snapshot for the caller's own checks of what it holds. */
static SluiceCatalog *
check_self_consistency (const char *conninfo)
{
  g_autoptr(SluiceCatalog) catalog = capture (conninfo);
  g_autoptr(SluiceCatalog) loaded = NULL;
  g_autoptr(SluiceCatalog) from_data = NULL;
  g_autoptr(SluiceCatalog) live = NULL;
  g_autoptr(SluiceDiff) file_diff = NULL;
  g_autoptr(SluiceDiff) data_diff = NULL;
  g_autoptr(SluiceDiff) capture_diff = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFile) again = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("sluice-self-consistency-XXXXXX", &error);
  g_autofree char *path = NULL;
  g_autofree char *again_path = NULL;
  g_autofree char *data = NULL;
  g_autofree char *saved = NULL;
  g_autofree char *saved_again = NULL;
  g_autofree char *snapshots = NULL;
  gsize length = 0;

  g_assert_no_error (error);
  g_assert_cmpuint (sluice_catalog_get_n_objects (catalog), >, 0);
  sluice_catalog_set_profile (catalog, "self-consistency", "Self-consistency");
  sluice_catalog_set_migration_version (catalog, "0016");
  sluice_catalog_set_label (catalog, "by hand");

  /* Through a file (in a folder that does not exist yet: save creates it). */
  path = g_build_filename (dir, "snapshots", "catalog.json", NULL);
  file = g_file_new_for_path (path);
  g_assert_true (sluice_catalog_save_file (catalog, file, &error));
  g_assert_no_error (error);
  loaded = sluice_catalog_load_file (file, &error);
  g_assert_no_error (error);
  g_assert_nonnull (loaded);

  /* Through memory. */
  data = sluice_catalog_to_data (catalog, &length);
  g_assert_nonnull (data);
  g_assert_cmpuint (length, >, 0);
  from_data = sluice_catalog_new_from_data (data, length, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (from_data);

  /* What the file keeps besides the objects. */
  g_assert_cmpuint (sluice_catalog_get_n_objects (loaded), ==, sluice_catalog_get_n_objects (catalog));
  g_assert_cmpstr (sluice_catalog_get_profile_id (loaded), ==, "self-consistency");
  g_assert_cmpstr (sluice_catalog_get_profile_name (loaded), ==, "Self-consistency");
  g_assert_cmpstr (sluice_catalog_get_migration_version (loaded), ==, "0016");
  g_assert_cmpstr (sluice_catalog_get_label (loaded), ==, "by hand");
  g_assert_cmpstr (sluice_catalog_get_database (loaded), ==, sluice_catalog_get_database (catalog));
  g_assert_cmpstr (sluice_catalog_get_server_version (loaded), ==, sluice_catalog_get_server_version (catalog));
  g_assert_cmpint (sluice_catalog_get_server_version_num (loaded), ==, sluice_catalog_get_server_version_num (catalog));
  g_assert_nonnull (sluice_catalog_get_taken_at (loaded));
  g_assert_true (g_date_time_equal (sluice_catalog_get_taken_at (loaded), sluice_catalog_get_taken_at (catalog)));

  /* The loaded catalog, written again, is the same file. */
  again_path = g_build_filename (dir, "snapshots", "again.json", NULL);
  again = g_file_new_for_path (again_path);
  g_assert_true (sluice_catalog_save_file (loaded, again, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &saved, NULL, &error));
  g_assert_true (g_file_get_contents (again_path, &saved_again, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_str_equal (saved, saved_again));

  /* A new snapshot of the live database: nothing changed in between. */
  live = capture (conninfo);
  capture_diff = sluice_diff_new (catalog, live, 0);
  assert_diff_empty (capture_diff, "snapshot -> live");
  file_diff = sluice_diff_new (loaded, live, 0);
  assert_diff_empty (file_diff, "snapshot -> file -> load -> live");
  data_diff = sluice_diff_new (from_data, live, 0);
  assert_diff_empty (data_diff, "snapshot -> data -> load -> live");

  /* Same OIDs too: a loaded file still matches renames by OID. */
  {
    g_autoptr(SluiceDiff) oid_diff = sluice_diff_new (loaded, live, SLUICE_DIFF_MATCH_OIDS);

    assert_diff_empty (oid_diff, "snapshot -> file -> load -> live, matching OIDs");
  }

  /* And the diff does see a difference when there is one: one attribute
   * of one loaded object changed. */
  {
    SluiceCatalogObject *object = g_list_model_get_item (sluice_catalog_get_objects (from_data), 0);
    g_autoptr(SluiceDiff) changed_diff = NULL;
    const SluiceObjectChange *change;

    sluice_catalog_object_set_attribute (object, "comment", "changed by the test");
    changed_diff = sluice_diff_new (from_data, live, 0);
    g_assert_false (sluice_diff_is_empty (changed_diff));
    g_assert_cmpuint (sluice_diff_get_changes (changed_diff)->len, ==, 1);
    change = sluice_diff_lookup (changed_diff, sluice_catalog_object_get_identity (object));
    g_assert_nonnull (change);
    g_assert_cmpint (change->kind, ==, SLUICE_CHANGE_CHANGED);
    g_object_unref (object);
  }

  g_assert_cmpint (g_remove (path), ==, 0);
  g_assert_cmpint (g_remove (again_path), ==, 0);
  snapshots = g_build_filename (dir, "snapshots", NULL);
  g_assert_cmpint (g_rmdir (snapshots), ==, 0);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
  return g_steal_pointer (&catalog);
}

static void
assert_has (SluiceCatalog *catalog,
            const char    *identity)
{
  if (sluice_catalog_lookup (catalog, identity) == NULL)
    g_test_fail_printf ("the snapshot has no “%s”", identity);
}

/* The demo project, applied by Sluice's applier. */

static void
apply_demo (const char *conninfo)
{
  const char *dir = g_getenv ("SLUICE_DEMO_DIR");
  g_autoptr(SluiceMigrationFolder) folder = NULL;
  g_autoptr(SluiceConnection) connection = NULL;
  g_autoptr(GPtrArray) migrations = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) applied = NULL;
  SluiceTestAsyncWait wait = { 0 };

  folder = sluice_migration_folder_load (dir != NULL ? dir : SLUICE_SOURCE_DEMO_DIR,
                                         SLUICE_MIGRATION_FORMAT_AUTO, &error);
  g_assert_no_error (error);
  migrations = sluice_test_folder_migrations (folder);
  g_assert_cmpuint (migrations->len, ==, 16);

  connection = sluice_test_pg_connect (conninfo);
  sluice_applier_apply_async (connection, migrations, NULL, sluice_test_store_result, &wait);
  sluice_test_wait_for (&wait.done, 120000);
  g_assert_true (sluice_applier_apply_finish (wait.result, &applied, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (applied), ==, 16);
  g_clear_object (&wait.result);
  sluice_connection_close (connection);
}

static void
test_demo (void)
{
  g_autofree char *conninfo = sluice_test_pg_new_database ();
  g_autoptr(SluiceCatalog) catalog = NULL;

  apply_demo (conninfo);
  catalog = check_self_consistency (conninfo);

  /* The check was about the demo's objects, not an empty database. */
  assert_has (catalog, "table public.tickets");
  assert_has (catalog, "column public.tickets.first_response_at");
  assert_has (catalog, "constraint public.tickets.tickets_sla_policy_id_fkey");
  assert_has (catalog, "index public.tickets_open_queue_idx");
  assert_has (catalog, "type public.ticket_status");
  assert_has (catalog, "view public.ticket_queue");
  assert_has (catalog, "trigger public.tickets.tickets_audit");
  g_assert_cmpuint (sluice_catalog_count_kind (catalog, SLUICE_CATALOG_TABLE), >=, 8);
  g_assert_cmpuint (sluice_catalog_count_kind (catalog, SLUICE_CATALOG_FUNCTION), >=, 2);
}

/* One object of every kind (tests/pg/catalog-every-kind.sql). */

static void
load_fixture (const char *conninfo)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "pg", "catalog-every-kind.sql", NULL);
  g_autofree char *sql = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_get_contents (path, &sql, NULL, &error));
  g_assert_no_error (error);
  /* One multi-statement string: one transaction, which the fixture allows. */
  sluice_test_pg_exec (conninfo, sql);
}

static void
test_every_kind (void)
{
  g_autofree char *conninfo = sluice_test_pg_new_database ();
  g_autoptr(SluiceCatalog) catalog = NULL;

  load_fixture (conninfo);
  catalog = check_self_consistency (conninfo);

  /* The fixture reached every kind. */
  for (int kind = 0; kind < SLUICE_CATALOG_N_KINDS; kind++)
    if (sluice_catalog_count_kind (catalog, kind) == 0)
      g_test_fail_printf ("the snapshot holds no %s", sluice_catalog_kind_to_string (kind));

  assert_has (catalog, "schema \"Mixed Case\"");
  assert_has (catalog, "extension citext");
  assert_has (catalog, "function shop.net(numeric, numeric)");
  assert_has (catalog, "procedure shop.archive_orders(interval)");
  assert_has (catalog, "table shop.events_2026_clicks");
  assert_has (catalog, "constraint shop.order_lines.order_lines_no_overlap");
  assert_has (catalog, "constraint shop.positive_amount.positive_amount_check");
  assert_has (catalog, "trigger shop.order_lines.order_lines_check");
  assert_has (catalog, "policy shop.orders.orders_own");
  assert_has (catalog, "materialized view shop.daily_sales");
  assert_has (catalog, "event trigger every_kind_ddl");
  assert_has (catalog, "publication every_kind_orders");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/catalog/self-consistency/demo", test_demo);
  g_test_add_func ("/catalog/self-consistency/every-kind", test_every_kind);

  return g_test_run ();
}
