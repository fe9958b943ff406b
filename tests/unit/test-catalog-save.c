/* test-catalog-save.c: a schema snapshot saved on a worker thread
 *
 * sluice_catalog_save_file_async() writes what sluice_catalog_save_file()
 * writes, byte for byte, and its failure says where and that nothing was
 * written.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>
#include <string.h>

#include <glib/gstdio.h>

#include "sluice.h"

/* A schema with @n_tables tables of three columns each. */
static SluiceCatalog *
build_catalog (guint n_tables)
{
  SluiceCatalog *catalog = sluice_catalog_new ();
  g_autoptr(SluiceCatalogObject) schema = sluice_catalog_object_new (SLUICE_CATALOG_SCHEMA, NULL, NULL, "app", NULL);
  guint32 oid = 16384;

  sluice_catalog_object_set_oid (schema, oid++, 0);
  g_assert_true (sluice_catalog_add (catalog, schema));

  for (guint i = 0; i < n_tables; i++)
    {
      g_autofree char *name = g_strdup_printf ("table_%05u", i);
      g_autoptr(SluiceCatalogObject) table = sluice_catalog_object_new (SLUICE_CATALOG_TABLE, "app", NULL, name, NULL);
      guint32 table_oid = oid++;

      sluice_catalog_object_set_oid (table, table_oid, 0);
      sluice_catalog_object_set_attribute (table, "relkind", "table");
      g_assert_true (sluice_catalog_add (catalog, table));

      for (int column = 1; column <= 3; column++)
        {
          g_autofree char *column_name = g_strdup_printf ("column_%d", column);
          g_autoptr(SluiceCatalogObject) object = sluice_catalog_object_new (SLUICE_CATALOG_COLUMN, "app", name,
                                                                             column_name, NULL);

          sluice_catalog_object_set_oid (object, table_oid, column);
          sluice_catalog_object_set_attribute (object, "type", column == 1 ? "bigint" : "text");
          g_assert_true (sluice_catalog_add (catalog, object));
        }
    }

  sluice_catalog_set_label (catalog, "before 0001");
  return catalog;
}

typedef struct
{
  gboolean  done;
  gboolean  saved;
  GError   *error;
} SaveWait;

static void
on_saved (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  SaveWait *wait = user_data;

  wait->saved = sluice_catalog_save_file_finish (SLUICE_CATALOG (object), result, &wait->error);
  wait->done = TRUE;
}

static void
save_and_wait (SluiceCatalog *catalog,
               GFile         *file,
               SaveWait      *wait)
{
  sluice_catalog_save_file_async (catalog, file, NULL, on_saved, wait);
  while (!wait->done)
    g_main_context_iteration (NULL, TRUE);
}

static void
test_save_async_round_trip (void)
{
  g_autoptr(SluiceCatalog) catalog = build_catalog (2000);
  g_autoptr(SluiceCatalog) loaded = NULL;
  g_autoptr(GFile) folder = sluice_catalog_folder_for_profile ("async");
  g_autoptr(GFile) file = g_file_get_child (folder, "20260101-000000-before-0001.json");
  g_autoptr(GError) error = NULL;
  g_autofree char *written = NULL;
  g_autofree char *read_back = NULL;
  SaveWait wait = { 0 };

  /* The folders do not exist yet: the worker makes them. */
  save_and_wait (catalog, file, &wait);
  g_assert_no_error (wait.error);
  g_assert_true (wait.saved);

  loaded = sluice_catalog_load_file (file, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sluice_catalog_get_n_objects (loaded), ==, 1 + 2000 * 4);
  written = sluice_catalog_to_data (catalog, NULL);
  read_back = sluice_catalog_to_data (loaded, NULL);
  g_assert_cmpstr (written, ==, read_back);
}

static void
test_save_async_failure (void)
{
  g_autoptr(SluiceCatalog) catalog = build_catalog (3);
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("sluice-save-XXXXXX", &error);
  g_autofree char *blocker = NULL;
  g_autoptr(GFile) file = NULL;
  SaveWait wait = { 0 };

  g_assert_no_error (error);
  /* A plain file where the folder should be: it cannot be made. */
  blocker = g_build_filename (dir, "snapshots", NULL);
  g_assert_true (g_file_set_contents (blocker, "", 0, &error));
  file = g_file_new_build_filename (dir, "snapshots", "prod", "after-0002.json", NULL);

  save_and_wait (catalog, file, &wait);
  g_assert_false (wait.saved);
  g_assert_error (wait.error, SLUICE_ERROR, SLUICE_ERROR_FAILED);
  g_assert_nonnull (strstr (wait.error->message, "after-0002.json"));
  g_assert_nonnull (strstr (wait.error->message, "Nothing was written"));
  g_clear_error (&wait.error);

  g_unlink (blocker);
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/catalog/save-async/round-trip", test_save_async_round_trip);
  g_test_add_func ("/catalog/save-async/failure", test_save_async_failure);

  return g_test_run ();
}
