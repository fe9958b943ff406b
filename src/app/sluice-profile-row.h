/* sluice-profile-row.h: one profile in the sidebar, with its live state
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "sluice.h"

G_BEGIN_DECLS

#define SLUICE_TYPE_PROFILE_ROW (sluice_profile_row_get_type ())
G_DECLARE_FINAL_TYPE (SluiceProfileRow, sluice_profile_row, SLUICE, PROFILE_ROW, GtkListBoxRow)

/* Property "session" (construct-only).  The row shows the profile's colour,
 * name and where it points, and the session's connection state.  Its
 * context menu (right click, long press, Menu or Shift+F10) selects the
 * profile, then offers win.edit-profile, win.duplicate-profile and
 * win.remove-profile. */
GtkWidget     *sluice_profile_row_new         (SluiceSession    *session);
SluiceSession *sluice_profile_row_get_session (SluiceProfileRow *self);
SluiceProfile *sluice_profile_row_get_profile (SluiceProfileRow *self);

G_END_DECLS
