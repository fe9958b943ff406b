/* fuzz-profiles.c: profiles.json text through the store's parsing path
 *
 * Any text must either load, or fail with an error that names the file.
 * What loads must save to text that loads again to the same text: a file
 * Sluice wrote is never one it cannot read back.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "sluice-error.h"
#include "sluice-profile-store-private.h"

int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);

#define DISPLAY_NAME "fuzz/profiles.json"

static void
check_round_trip (SluiceProfileStore *store)
{
  g_autoptr(SluiceProfileStore) again = sluice_profile_store_new ("/nonexistent/profiles.json");
  g_autoptr(GError) error = NULL;
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  gsize first_length = 0, second_length = 0;

  first = _sluice_profile_store_to_data (store, &first_length);

  if (!_sluice_profile_store_load_from_data (again, first, first_length, DISPLAY_NAME, &error))
    {
      g_printerr ("Sluice cannot read back what it wrote: %s\n%s\n", error->message, first);
      abort ();
    }

  if (g_list_model_get_n_items (G_LIST_MODEL (again)) != g_list_model_get_n_items (G_LIST_MODEL (store)))
    {
      g_printerr ("The profiles changed in number through a save and a load\n");
      abort ();
    }

  second = _sluice_profile_store_to_data (again, &second_length);
  if (first_length != second_length || memcmp (first, second, first_length) != 0)
    {
      g_printerr ("A save and a load changed the text:\n%s\n---\n%s\n", first, second);
      abort ();
    }

  /* No profile carries a password member back into the file.  (Members
   * outside the profiles are the file's own data, kept as they were.) */
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (again)); i++)
    {
      g_autoptr(SluiceProfile) profile = g_list_model_get_item (G_LIST_MODEL (again), i);
      g_autoptr(JsonObject) object = sluice_profile_to_json (profile);

      if (json_object_has_member (object, "password"))
        {
          g_printerr ("A password member was written back:\n%s\n", first);
          abort ();
        }
    }
}

/* A critical is a bug even when nothing crashes: the libraries' checks
 * on their arguments must never fire, whatever the input. */
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
  g_autoptr(SluiceProfileStore) store = sluice_profile_store_new ("/nonexistent/profiles.json");
  g_autoptr(GError) error = NULL;

  make_criticals_fatal ();

  if (_sluice_profile_store_load_from_data (store, (const char *)data, size, DISPLAY_NAME, &error))
    {
      check_round_trip (store);
      return 0;
    }

  if (error == NULL || !g_error_matches (error, SLUICE_ERROR, SLUICE_ERROR_INVALID_INPUT) ||
      strstr (error->message, DISPLAY_NAME) == NULL)
    {
      g_printerr ("A refused file must give an error naming it: %s\n",
                  error != NULL ? error->message : "(no error)");
      abort ();
    }

  return 0;
}
