/* sluice-guard-dialog.h: the one place where a write to a guarded profile
 * is confirmed
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "sluice.h"

G_BEGIN_DECLS

#define SLUICE_TYPE_GUARD_DIALOG (sluice_guard_dialog_get_type ())
G_DECLARE_FINAL_TYPE (SluiceGuardDialog, sluice_guard_dialog, SLUICE, GUARD_DIALOG, AdwMessageDialog)

/* Asks before a write, as the profile's guard level says:
 *
 *  - RELAXED completes with TRUE at once, showing nothing;
 *  - CONFIRM asks once: Cancel or Proceed;
 *  - STRICT asks for @database (the name of the database the write goes
 *    to) to be typed; Proceed stays off until the text equals it exactly.
 *
 * A prod profile is always STRICT, whatever its guard level says.
 *
 * @action_text says what will be done, in a sentence ("Drops the index
 * public.orders_status_idx with DROP INDEX CONCURRENTLY."); the dialog adds
 * on which profile (its environment and name) and database.  @database
 * may be NULL only when the guard is not STRICT (the profile's name is then
 * shown alone).
 *
 * sluice_guard_confirm_finish() returns TRUE when the write may go ahead.
 * When the person declines, closes the dialog, or @cancellable fires, it
 * returns FALSE with G_IO_ERROR_CANCELLED, which callers need not report:
 * nothing was done. */
void          sluice_guard_confirm_async  (GtkWindow            *parent,
                                           SluiceProfile        *profile,
                                           const char           *database,
                                           const char           *action_text,
                                           GCancellable         *cancellable,
                                           GAsyncReadyCallback   callback,
                                           gpointer              user_data);
gboolean      sluice_guard_confirm_finish (GAsyncResult         *result,
                                           GError              **error);

/* The dialog itself, for a CONFIRM or STRICT profile (the async call above
 * is what callers want; this is for tests and for callers that need the
 * dialog's "response" signal: "cancel" or "proceed"). */
GtkWidget    *sluice_guard_dialog_new                (GtkWindow         *parent,
                                                      SluiceProfile     *profile,
                                                      const char        *database,
                                                      const char        *action_text);
SluiceProfile *sluice_guard_dialog_get_profile       (SluiceGuardDialog *self);
/* What must be typed (STRICT), or NULL when nothing is. */
const char   *sluice_guard_dialog_get_required_text  (SluiceGuardDialog *self);
/* The entry the name is typed in (STRICT), or NULL. */
GtkEditable  *sluice_guard_dialog_get_entry          (SluiceGuardDialog *self);
/* Whether "proceed" is enabled now. */
gboolean      sluice_guard_dialog_get_can_proceed    (SluiceGuardDialog *self);

G_END_DECLS
