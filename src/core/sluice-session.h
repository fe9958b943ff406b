/* sluice-session.h: a profile bound to its live connection
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "sluice-connection.h"
#include "sluice-profile.h"

G_BEGIN_DECLS

#define SLUICE_TYPE_SESSION (sluice_session_get_type ())
G_DECLARE_FINAL_TYPE (SluiceSession, sluice_session, SLUICE, SESSION, GObject)

/* Properties (notify): "profile" (construct-only), "connection" (nullable),
 * "state" (SluiceConnectionState, mirrors the connection; DISCONNECTED when
 * there is none) and "error-message" (nullable, why the last attempt failed).
 * Editing the profile's connection string closes the connection. */
SluiceSession         *sluice_session_new               (SluiceProfile  *profile);
SluiceProfile         *sluice_session_get_profile       (SluiceSession  *self);
SluiceConnection      *sluice_session_get_connection    (SluiceSession  *self);
SluiceConnectionState  sluice_session_get_state         (SluiceSession  *self);
const char            *sluice_session_get_error_message (SluiceSession  *self);

/* Looks the password up in the keyring (libsecret; none means ~/.pgpass),
 * then connects.  Completes at once when already READY.  Concurrent calls
 * share one attempt. */
void                   sluice_session_connect_async     (SluiceSession        *self,
                                                         GCancellable         *cancellable,
                                                         GAsyncReadyCallback   callback,
                                                         gpointer              user_data);
SluiceConnection      *sluice_session_connect_finish    (SluiceSession        *self,
                                                         GAsyncResult         *result,
                                                         GError              **error);
void                   sluice_session_disconnect        (SluiceSession        *self);

G_END_DECLS
