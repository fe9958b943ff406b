/* sluice-secrets.c: profile passwords in the user's keyring (libsecret)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <libsecret/secret.h>
#include <string.h>

#include "sluice-error.h"
#include "sluice-secrets.h"

/* Passwords never pass through a log call here: only the profile id and
 * libsecret's own error messages are ever printed. */

static const SecretSchema *
get_schema (void)
{
  static const SecretSchema schema = {
    "io.github.sluice.Sluice.Password", SECRET_SCHEMA_NONE,
    {
      { "profile-id", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { NULL, 0 },
    }
  };

  return &schema;
}

/* Without a session bus, or without a program owning the secret service
 * name, there is no keyring to talk to; the failures say so in these
 * domains. */
static gboolean
error_means_no_keyring (const GError *error)
{
  return error->domain == G_DBUS_ERROR ||
         error->domain == G_SPAWN_ERROR ||
         (error->domain == G_IO_ERROR && error->code != G_IO_ERROR_CANCELLED);
}

static gboolean
error_is_cancellation (const GError *error)
{
  return g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

/* Wiping */

void
sluice_secure_free (char *secret)
{
  if (secret == NULL)
    return;

  /* explicit_bzero(), unlike memset(), is not dropped by the compiler
   * because the memory is freed right after. */
  explicit_bzero (secret, strlen (secret));
  g_free (secret);
}

/* Lookup */

static void
lookup_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  char *password;

  password = secret_password_lookup_finish (result, &error);

  if (error != NULL)
    {
      if (error_is_cancellation (error))
        {
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }

      /* No keyring, a locked one the user did not open, or a broken one:
       * libpq falls back to ~/.pgpass, which is what the user expects. */
      g_debug ("No password from the keyring for profile %s: %s",
               (const char *)g_task_get_task_data (task), error->message);
      g_task_return_pointer (task, NULL, NULL);
      return;
    }

  g_task_return_pointer (task, password, (GDestroyNotify)secret_password_free);
}

void
sluice_secrets_lookup_async (const char          *profile_id,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (profile_id != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, sluice_secrets_lookup_async);
  g_task_set_task_data (task, g_strdup (profile_id), g_free);

  secret_password_lookup (get_schema (), cancellable, lookup_cb, g_steal_pointer (&task),
                          "profile-id", profile_id,
                          NULL);
}

/**
 * sluice_secrets_lookup_finish:
 *
 * Returns: (transfer full) (nullable): the password, or NULL when the
 *   keyring has none or cannot be reached.  Free it with
 *   secret_password_free() (or g_free()).
 */
char *
sluice_secrets_lookup_finish (GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == sluice_secrets_lookup_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Store */

static void
store_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  if (secret_password_store_finish (result, &error))
    {
      g_task_return_boolean (task, TRUE);
      return;
    }

  if (error_is_cancellation (error))
    g_task_return_error (task, g_steal_pointer (&error));
  else if (error_means_no_keyring (error))
    g_task_return_new_error (task, SLUICE_ERROR, SLUICE_ERROR_FAILED,
                             _("The password was not saved: no keyring (secret "
                               "service) answered (%s). Sluice never writes passwords "
                               "to a file; put the password in ~/.pgpass instead, "
                               "which PostgreSQL reads when connecting."),
                             error->message);
  else
    g_task_return_new_error (task, SLUICE_ERROR, SLUICE_ERROR_FAILED,
                             _("The password was not saved: the keyring refused it "
                               "(%s). Unlock the keyring and try again, or put the "
                               "password in ~/.pgpass, which PostgreSQL reads when "
                               "connecting."),
                             error->message);
}

void
sluice_secrets_store_async (const char          *profile_id,
                            const char          *profile_name,
                            const char          *password,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *label = NULL;

  g_return_if_fail (profile_id != NULL);
  g_return_if_fail (profile_name != NULL);
  g_return_if_fail (password != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, sluice_secrets_store_async);

  /* Translators: the label of a password in the keyring (Passwords and Keys). */
  label = g_strdup_printf (_("Sluice: %s"), profile_name);

  secret_password_store (get_schema (), SECRET_COLLECTION_DEFAULT, label, password,
                         cancellable, store_cb, g_steal_pointer (&task),
                         "profile-id", profile_id,
                         NULL);
}

gboolean
sluice_secrets_store_finish (GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == sluice_secrets_store_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Clear */

static void
clear_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  /* FALSE without an error means there was nothing to remove: done. */
  if (secret_password_clear_finish (result, &error) || error == NULL)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }

  if (error_is_cancellation (error))
    g_task_return_error (task, g_steal_pointer (&error));
  else if (error_means_no_keyring (error))
    {
      /* Without a keyring Sluice cannot have stored a password there. */
      g_debug ("No keyring to clear the password of profile %s from: %s",
               (const char *)g_task_get_task_data (task), error->message);
      g_task_return_boolean (task, TRUE);
    }
  else
    g_task_return_new_error (task, SLUICE_ERROR, SLUICE_ERROR_FAILED,
                             _("The password could not be removed from the keyring "
                               "(%s); it is still there. Unlock the keyring and try "
                               "again, or remove it with Passwords and Keys."),
                             error->message);
}

void
sluice_secrets_clear_async (const char          *profile_id,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (profile_id != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, sluice_secrets_clear_async);
  g_task_set_task_data (task, g_strdup (profile_id), g_free);

  secret_password_clear (get_schema (), cancellable, clear_cb, g_steal_pointer (&task),
                         "profile-id", profile_id,
                         NULL);
}

gboolean
sluice_secrets_clear_finish (GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == sluice_secrets_clear_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
