/* sluice-profile-store.c: the profiles of the user, as a GListModel
 *
 * Reading and writing profiles.json is in sluice-profile-store-file.c, the
 * pg_service.conf import in sluice-profile-store-import.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "sluice-error.h"
#include "sluice-profile-store.h"
#include "sluice-profile-store-private.h"

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (SluiceProfileStore, sluice_profile_store, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

enum {
  PROP_0,
  PROP_PATH,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* GListModel */

static GType
sluice_profile_store_get_item_type (GListModel *model)
{
  return SLUICE_TYPE_PROFILE;
}

static guint
sluice_profile_store_get_n_items (GListModel *model)
{
  return SLUICE_PROFILE_STORE (model)->profiles->len;
}

static gpointer
sluice_profile_store_get_item (GListModel *model,
                               guint       position)
{
  SluiceProfileStore *self = SLUICE_PROFILE_STORE (model);

  if (position >= self->profiles->len)
    return NULL;

  return g_object_ref (g_ptr_array_index (self->profiles, position));
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = sluice_profile_store_get_item_type;
  iface->get_n_items = sluice_profile_store_get_n_items;
  iface->get_item = sluice_profile_store_get_item;
}

/* GObject */

static void
sluice_profile_store_finalize (GObject *object)
{
  SluiceProfileStore *self = (SluiceProfileStore *)object;

  g_clear_pointer (&self->path, g_free);
  g_clear_pointer (&self->profiles, g_ptr_array_unref);
  g_clear_pointer (&self->root, json_object_unref);
  g_clear_pointer (&self->disk_checksum, g_free);
  g_clear_pointer (&self->load_error, g_free);

  G_OBJECT_CLASS (sluice_profile_store_parent_class)->finalize (object);
}

static void
sluice_profile_store_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  SluiceProfileStore *self = SLUICE_PROFILE_STORE (object);

  switch (prop_id)
    {
    case PROP_PATH:
      g_value_set_string (value, self->path);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sluice_profile_store_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  SluiceProfileStore *self = SLUICE_PROFILE_STORE (object);

  switch (prop_id)
    {
    case PROP_PATH:
      self->path = g_value_dup_string (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sluice_profile_store_class_init (SluiceProfileStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = sluice_profile_store_finalize;
  object_class->get_property = sluice_profile_store_get_property;
  object_class->set_property = sluice_profile_store_set_property;

  properties[PROP_PATH] =
    g_param_spec_string ("path", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
sluice_profile_store_init (SluiceProfileStore *self)
{
  self->profiles = g_ptr_array_new_with_free_func (g_object_unref);
}

SluiceProfileStore *
sluice_profile_store_new (const char *path)
{
  g_return_val_if_fail (path != NULL, NULL);

  return g_object_new (SLUICE_TYPE_PROFILE_STORE,
                       "path", path,
                       NULL);
}

SluiceProfileStore *
sluice_profile_store_new_default (void)
{
  const char *config_dir = g_getenv ("SLUICE_CONFIG_DIR");
  g_autofree char *path = NULL;

  if (config_dir != NULL && config_dir[0] != '\0')
    path = g_build_filename (config_dir, "profiles.json", NULL);
  else
    path = g_build_filename (g_get_user_config_dir (), "sluice", "profiles.json", NULL);

  return sluice_profile_store_new (path);
}

const char *
sluice_profile_store_get_path (SluiceProfileStore *self)
{
  g_return_val_if_fail (SLUICE_IS_PROFILE_STORE (self), NULL);

  return self->path;
}

/* Editing */

gboolean
sluice_profile_store_add (SluiceProfileStore  *self,
                          SluiceProfile       *profile,
                          GError             **error)
{
  g_return_val_if_fail (SLUICE_IS_PROFILE_STORE (self), FALSE);

  return sluice_profile_store_insert (self, self->profiles->len, profile, error);
}

gboolean
sluice_profile_store_insert (SluiceProfileStore  *self,
                             guint                position,
                             SluiceProfile       *profile,
                             GError             **error)
{
  const char *name;

  g_return_val_if_fail (SLUICE_IS_PROFILE_STORE (self), FALSE);
  g_return_val_if_fail (SLUICE_IS_PROFILE (profile), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  name = sluice_profile_get_name (profile);

  if (g_ptr_array_find (self->profiles, profile, NULL) ||
      sluice_profile_store_find_by_id (self, sluice_profile_get_id (profile)) != NULL)
    {
      g_set_error (error, SLUICE_ERROR, SLUICE_ERROR_BUSY,
                   _("The profile “%s” is already in the list."), name);
      return FALSE;
    }

  if (name == NULL || name[0] == '\0')
    {
      g_set_error_literal (error, SLUICE_ERROR, SLUICE_ERROR_INVALID_INPUT,
                           _("A profile needs a name. The profile was not added."));
      return FALSE;
    }

  if (sluice_profile_store_find_by_name (self, name) != NULL)
    {
      g_set_error (error, SLUICE_ERROR, SLUICE_ERROR_BUSY,
                   _("A profile named “%s” already exists. The profile was not "
                     "added; choose another name."),
                   name);
      return FALSE;
    }

  position = MIN (position, self->profiles->len);
  g_ptr_array_insert (self->profiles, (gint) position, g_object_ref (profile));
  g_list_model_items_changed (G_LIST_MODEL (self), position, 0, 1);

  return TRUE;
}

void
sluice_profile_store_remove (SluiceProfileStore *self,
                             SluiceProfile      *profile)
{
  guint position;

  g_return_if_fail (SLUICE_IS_PROFILE_STORE (self));
  g_return_if_fail (SLUICE_IS_PROFILE (profile));

  if (!g_ptr_array_find (self->profiles, profile, &position))
    return;

  g_ptr_array_remove_index (self->profiles, position);
  g_list_model_items_changed (G_LIST_MODEL (self), position, 1, 0);
}

SluiceProfile *
sluice_profile_store_find_by_name (SluiceProfileStore *self,
                                   const char         *name)
{
  g_return_val_if_fail (SLUICE_IS_PROFILE_STORE (self), NULL);

  if (name == NULL)
    return NULL;

  for (guint i = 0; i < self->profiles->len; i++)
    {
      SluiceProfile *profile = g_ptr_array_index (self->profiles, i);

      if (g_strcmp0 (sluice_profile_get_name (profile), name) == 0)
        return profile;
    }

  return NULL;
}

SluiceProfile *
sluice_profile_store_find_by_id (SluiceProfileStore *self,
                                 const char         *id)
{
  g_return_val_if_fail (SLUICE_IS_PROFILE_STORE (self), NULL);

  if (id == NULL)
    return NULL;

  for (guint i = 0; i < self->profiles->len; i++)
    {
      SluiceProfile *profile = g_ptr_array_index (self->profiles, i);

      if (g_strcmp0 (sluice_profile_get_id (profile), id) == 0)
        return profile;
    }

  return NULL;
}

char *
sluice_profile_store_dup_unique_name (SluiceProfileStore *self,
                                      const char         *base)
{
  g_return_val_if_fail (SLUICE_IS_PROFILE_STORE (self), NULL);
  g_return_val_if_fail (base != NULL, NULL);

  if (sluice_profile_store_find_by_name (self, base) == NULL)
    return g_strdup (base);

  for (guint n = 2; ; n++)
    {
      g_autofree char *candidate = g_strdup_printf ("%s %u", base, n);

      if (sluice_profile_store_find_by_name (self, candidate) == NULL)
        return g_steal_pointer (&candidate);
    }
}
