/* sluice-demo.c: the demo project, and the sandbox profile bound to it
 *
 * Declared in sluice-sandbox.h: the sandbox is where the demo runs.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "sluice-profile.h"
#include "sluice-sandbox.h"

const char *
sluice_demo_dir (void)
{
  static gsize installed_or_source;
  const char *from_env = g_getenv ("SLUICE_DEMO_DIR");

  if (from_env != NULL && *from_env != '\0')
    return from_env;

  if (g_once_init_enter (&installed_or_source))
    {
      const char *dir = SLUICE_DEMO_DIR;

      if (!g_file_test (dir, G_FILE_TEST_IS_DIR))
        dir = SLUICE_SOURCE_DEMO_DIR;
      g_once_init_leave (&installed_or_source, (gsize) dir);
    }

  return (const char *) installed_or_source;
}

/* Profiles */

static SluiceProfile *
find_sandbox_profile (SluiceProfileStore *store)
{
  guint n_items = g_list_model_get_n_items (G_LIST_MODEL (store));

  for (guint i = 0; i < n_items; i++)
    {
      SluiceProfile *profile = g_list_model_get_item (G_LIST_MODEL (store), i);
      gboolean is_sandbox = sluice_profile_get_environment (profile) == SLUICE_ENVIRONMENT_SANDBOX;

      /* The store keeps its own reference. */
      g_object_unref (profile);
      if (is_sandbox)
        return profile;
    }

  return NULL;
}

/* The returned profile belongs to @store (transfer none), like
 * sluice_profile_store_find_by_name(). */
SluiceProfile *
sluice_sandbox_ensure_profile (SluiceSandbox       *self,
                               SluiceProfileStore  *store,
                               GError             **error)
{
  g_autoptr(SluiceProfile) profile = NULL;
  g_autofree char *name = NULL;
  g_autofree char *conninfo = NULL;
  SluiceProfile *existing;

  g_return_val_if_fail (SLUICE_IS_SANDBOX (self), NULL);
  g_return_val_if_fail (SLUICE_IS_PROFILE_STORE (store), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if ((existing = find_sandbox_profile (store)) != NULL)
    return existing;

  /* The name is the user's to change; "Sandbox" is only the first one. */
  name = sluice_profile_store_dup_unique_name (store, _("Sandbox"));
  conninfo = sluice_sandbox_dup_conninfo (self, SLUICE_SANDBOX_DEMO_DATABASE);

  profile = sluice_profile_new (name, SLUICE_ENVIRONMENT_SANDBOX, conninfo);
  sluice_profile_set_migration_folder (profile, sluice_demo_dir ());
  sluice_profile_set_guard (profile, sluice_environment_default_guard (SLUICE_ENVIRONMENT_SANDBOX));

  if (!sluice_profile_store_add (store, profile, error))
    return NULL;

  if (!sluice_profile_store_save (store, error))
    {
      /* Keep the store as the file is, so the next save does not surprise. */
      sluice_profile_store_remove (store, profile);
      return NULL;
    }

  return profile;
}
