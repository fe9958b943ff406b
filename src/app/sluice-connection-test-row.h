/* sluice-connection-test-row.h: the row that tries a connection and says how it went
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "sluice.h"

G_BEGIN_DECLS

#define SLUICE_TYPE_CONNECTION_TEST_ROW (sluice_connection_test_row_get_type ())
G_DECLARE_FINAL_TYPE (SluiceConnectionTestRow, sluice_connection_test_row, SLUICE, CONNECTION_TEST_ROW, AdwActionRow)

/* "Test Connection": connects with "connection", runs SELECT 1 a few
 * times, and shows the server's version and the best round trip (or the
 * error, with what the server said) in its subtitle.  Nothing is changed
 * on the server.
 *
 * Properties:
 *  "connection" (string): the conninfo, URI or service name to test, as
 *    typed (surrounding blanks are ignored).  Changing it cancels a running
 *    test and forgets the last result, which would no longer apply.
 *  "profile" (SluiceProfile, nullable): whose keyring password to use when
 *    no password was typed, and only while "connection" is that profile's
 *    connection: never for another host.
 *  "password" (string, nullable, write-only): a typed password; it wins
 *    over the keyring.  Without either, libpq reads ~/.pgpass.
 *  "busy" (boolean, read-only): a test is running.
 *
 * The row's button activates "connection-test.toggle": it starts a test,
 * or cancels the one running.  Signal "connection-missing" is emitted when
 * a test was asked for with an empty "connection" (the row says so; the
 * owner can send the user to the field). */
GtkWidget     *sluice_connection_test_row_new                      (void);

const char    *sluice_connection_test_row_get_connection           (SluiceConnectionTestRow *self);
void           sluice_connection_test_row_set_connection           (SluiceConnectionTestRow *self,
                                                                    const char              *connection);
SluiceProfile *sluice_connection_test_row_get_profile              (SluiceConnectionTestRow *self);
void           sluice_connection_test_row_set_profile              (SluiceConnectionTestRow *self,
                                                                    SluiceProfile           *profile);
/* Whether a test started now would send the profile's keyring password:
 * no password typed, and "connection" is the profile's. */
gboolean       sluice_connection_test_row_get_uses_stored_password (SluiceConnectionTestRow *self);
void           sluice_connection_test_row_set_password             (SluiceConnectionTestRow *self,
                                                                    const char              *password);
gboolean       sluice_connection_test_row_get_busy                 (SluiceConnectionTestRow *self);

/* Starts a test (replacing a running one). */
void           sluice_connection_test_row_start                    (SluiceConnectionTestRow *self);
/* Stops a running test, and says it was cancelled; nothing if none runs. */
void           sluice_connection_test_row_cancel                   (SluiceConnectionTestRow *self);

G_END_DECLS
