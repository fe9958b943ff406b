/* sluice-secrets.h: profile passwords in the user's keyring (libsecret)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* When no secret service answers, lookup completes with a NULL password and
 * no error (libpq then reads ~/.pgpass), and store fails with a clear error
 * telling the user to use ~/.pgpass.  Passwords are never written to a plain
 * file or a log by Sluice. */
void      sluice_secrets_lookup_async  (const char          *profile_id,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data);
char     *sluice_secrets_lookup_finish (GAsyncResult        *result,
                                        GError             **error);
void      sluice_secrets_store_async   (const char          *profile_id,
                                        const char          *profile_name,
                                        const char          *password,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data);
gboolean  sluice_secrets_store_finish  (GAsyncResult        *result,
                                        GError             **error);
void      sluice_secrets_clear_async   (const char          *profile_id,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data);
gboolean  sluice_secrets_clear_finish  (GAsyncResult        *result,
                                        GError             **error);

/* Overwrites @secret (a password, nullable) with zeros, then frees it with
 * g_free(): what is freed may be reused without being cleared. */
void      sluice_secure_free           (char                *secret);

G_END_DECLS
