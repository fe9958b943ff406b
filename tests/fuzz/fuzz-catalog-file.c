/* fuzz-catalog-file.c: schema snapshot files through their reader
 *
 * Any text must either load, or fail with an invalid-input error that
 * names the file.  What loads must write text that loads again and writes
 * the very same text: a snapshot Sluice saved is never one it cannot read.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "sluice-catalog.h"
#include "sluice-error.h"

int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);

#define DISPLAY_NAME "fuzz/catalog/0001.json"

static void
check_lookups (SluiceCatalog *catalog)
{
  GListModel *objects = sluice_catalog_get_objects (catalog);
  guint n = g_list_model_get_n_items (objects);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SluiceCatalogObject) object = g_list_model_get_item (objects, i);
      const char *parent = sluice_catalog_object_get_parent_identity (object);

      if (sluice_catalog_lookup (catalog, sluice_catalog_object_get_identity (object)) != object)
        {
          g_printerr ("The object %s is not found by its identity\n", sluice_catalog_object_get_identity (object));
          abort ();
        }

      /* Every child's parent is in the catalog, under the identity it names. */
      if (parent != NULL && sluice_catalog_lookup (catalog, parent) == NULL)
        {
          g_printerr ("The parent %s of %s is not in the catalog\n", parent, sluice_catalog_object_get_identity (object));
          abort ();
        }
    }
}

static void
check_round_trip (SluiceCatalog *catalog)
{
  g_autoptr(SluiceCatalog) again = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  gsize first_length = 0;
  gsize second_length = 0;

  first = sluice_catalog_to_data (catalog, &first_length);
  again = sluice_catalog_new_from_data (first, first_length, DISPLAY_NAME, &error);
  if (again == NULL)
    {
      g_printerr ("Sluice cannot read back the snapshot it wrote: %s\n%s\n", error->message, first);
      abort ();
    }

  second = sluice_catalog_to_data (again, &second_length);
  if (first_length != second_length || memcmp (first, second, first_length) != 0)
    {
      g_printerr ("A save and a load changed the snapshot:\n%s\n---\n%s\n", first, second);
      abort ();
    }

  check_lookups (again);
}

static void
make_criticals_fatal (void)
{
  static gsize done = 0;

  if (g_once_init_enter (&done))
    {
      g_log_set_always_fatal (G_LOG_FATAL_MASK | G_LOG_LEVEL_CRITICAL);
      g_once_init_leave (&done, 1);
    }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(SluiceCatalog) catalog = NULL;
  g_autoptr(GError) error = NULL;

  make_criticals_fatal ();

  catalog = sluice_catalog_new_from_data ((const char *) data, size, DISPLAY_NAME, &error);
  if (catalog != NULL)
    {
      check_lookups (catalog);
      check_round_trip (catalog);
      return 0;
    }

  if (error == NULL || !g_error_matches (error, SLUICE_ERROR, SLUICE_ERROR_INVALID_INPUT) ||
      !g_str_has_prefix (error->message, DISPLAY_NAME))
    {
      g_printerr ("A refused snapshot must give an error naming it: %s\n",
                  error != NULL ? error->message : "(no error)");
      abort ();
    }

  return 0;
}
