/* sluice-profile-store-import.c: profiles from the services of
 * pg_service.conf
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <libpq-fe.h>
#include <string.h>

#include "sluice-conninfo.h"
#include "sluice-error.h"
#include "sluice-pg-service.h"
#include "sluice-profile-store.h"
#include "sluice-profile-store-private.h"

/* The service a connection string names: itself for a bare service name,
 * else its "service" keyword, as libpq reads it. */
static char *
dup_service_of_connection (const char *connection)
{
  PQconninfoOption *options;
  char *service = NULL;

  if (connection == NULL)
    return NULL;

  if (sluice_connection_kind_for_text (connection) == SLUICE_CONNECTION_KIND_SERVICE)
    return g_strdup (connection);

  options = PQconninfoParse (connection, NULL);
  if (options == NULL)
    return NULL;

  for (PQconninfoOption *option = options; option->keyword != NULL; option++)
    {
      if (strcmp (option->keyword, "service") == 0 && option->val != NULL)
        {
          service = g_strdup (option->val);
          break;
        }
    }

  PQconninfoFree (options);

  return service;
}

static gboolean
service_is_used (SluiceProfileStore *self,
                 const char         *service)
{
  for (guint i = 0; i < self->profiles->len; i++)
    {
      SluiceProfile *profile = g_ptr_array_index (self->profiles, i);
      g_autofree char *used = dup_service_of_connection (sluice_profile_get_connection (profile));

      if (g_strcmp0 (used, service) == 0)
        return TRUE;
    }

  return FALSE;
}

/* A service name as a connection string.  Most names read as a service
 * name on their own; one that would read as a conninfo or URI, or that
 * has spaces, is written as "service=..." with libpq's quoting. */
static char *
connection_for_service (const char *service)
{
  GString *connection;

  if (sluice_connection_kind_for_text (service) == SLUICE_CONNECTION_KIND_SERVICE &&
      strpbrk (service, " \t'\\") == NULL)
    return g_strdup (service);

  connection = g_string_new ("service=");
  sluice_conninfo_append_value (connection, service);

  return g_string_free (connection, FALSE);
}

/* Names tell environments apart well enough for a first guess; the guard
 * follows, so a "prod" service is strict until the user says otherwise. */
static SluiceEnvironment
guess_environment (const char *service)
{
  g_autofree char *lower = g_utf8_strdown (service, -1);

  if (strstr (lower, "prod") != NULL || strstr (lower, "prd") != NULL)
    return SLUICE_ENVIRONMENT_PROD;
  if (strstr (lower, "stag") != NULL || strstr (lower, "stg") != NULL)
    return SLUICE_ENVIRONMENT_STAGING;

  return SLUICE_ENVIRONMENT_DEV;
}

static gboolean
read_service_file (const char  *path,
                   GPtrArray   *services,
                   GHashTable  *seen,
                   GError     **error)
{
  g_autoptr(GError) read_error = NULL;
  g_autoptr(GPtrArray) parsed = NULL;
  g_autofree char *contents = NULL;
  gsize length = 0;

  if (!g_file_get_contents (path, &contents, &length, &read_error))
    {
      g_set_error (error, SLUICE_ERROR,
                   g_error_matches (read_error, G_FILE_ERROR, G_FILE_ERROR_NOENT)
                     ? SLUICE_ERROR_NOT_FOUND : SLUICE_ERROR_FAILED,
                   _("No services were imported: %s. No profile was added."),
                   read_error->message);
      return FALSE;
    }

  parsed = sluice_pg_service_parse (contents, length, path, error);
  if (parsed == NULL)
    {
      g_prefix_error (error, _("No services were imported, no profile was added: "));
      return FALSE;
    }

  /* libpq reads the first file that has the service: later ones lose. */
  for (guint i = 0; i < parsed->len; i++)
    {
      SluicePgService *service = g_ptr_array_index (parsed, i);

      if (g_hash_table_contains (seen, service->name))
        continue;

      g_hash_table_add (seen, g_strdup (service->name));
      g_ptr_array_add (services, g_strdup (service->name));
    }

  return TRUE;
}

int
sluice_profile_store_import_pg_service (SluiceProfileStore  *self,
                                        const char          *path,
                                        GError             **error)
{
  g_auto(GStrv) paths = NULL;
  g_autoptr(GPtrArray) services = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  int added = 0;

  g_return_val_if_fail (SLUICE_IS_PROFILE_STORE (self), -1);
  g_return_val_if_fail (error == NULL || *error == NULL, -1);

  if (path != NULL)
    {
      paths = g_new0 (char *, 2);
      paths[0] = g_strdup (path);
    }
  else
    paths = sluice_pg_service_default_paths ();

  /* Every file is read before anything is added: an error adds nothing. */
  for (guint i = 0; paths[i] != NULL; i++)
    {
      if (!read_service_file (paths[i], services, seen, error))
        return -1;
    }

  for (guint i = 0; i < services->len; i++)
    {
      const char *service = g_ptr_array_index (services, i);
      g_autoptr(SluiceProfile) profile = NULL;
      g_autofree char *name = NULL;
      g_autofree char *connection = NULL;
      SluiceEnvironment environment;

      if (service_is_used (self, service))
        continue;

      name = sluice_profile_store_dup_unique_name (self, service);
      connection = connection_for_service (service);
      environment = guess_environment (service);
      profile = sluice_profile_new (name, environment, connection);

      if (!sluice_profile_store_add (self, profile, error))
        return -1;

      added++;
    }

  return added;
}
