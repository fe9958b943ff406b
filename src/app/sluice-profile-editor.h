/* sluice-profile-editor.h: the dialog that adds, edits and duplicates a profile
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "sluice.h"

G_BEGIN_DECLS

#define SLUICE_TYPE_PROFILE_EDITOR (sluice_profile_editor_get_type ())
G_DECLARE_FINAL_TYPE (SluiceProfileEditor, sluice_profile_editor, SLUICE, PROFILE_EDITOR, AdwWindow)

/* A modal window, transient for @parent.
 *
 * @profile NULL: a new profile, added to @store on Save.
 * @duplicate TRUE: a new profile that starts as a copy of @profile, named
 * "NAME (copy)" (or the next free name).
 * Otherwise: @profile is edited in place.
 *
 * Save writes @store to disk (sluice_profile_store_save()) and, when a
 * password was typed, stores it in the keyring.  When either fails, the
 * window stays open with the error and the typed values.
 *
 * Properties: "store", "profile" (construct-only; for a new profile it
 * becomes the saved profile once Save succeeded), "duplicate"
 * (construct-only), "busy" (read-only: a connection test or a save is
 * running).  Signal "saved" (SluiceProfile *) is emitted once the profile
 * is on disk. */
GtkWindow     *sluice_profile_editor_new          (GtkWindow           *parent,
                                                   SluiceProfileStore  *store,
                                                   SluiceProfile       *profile,
                                                   gboolean             duplicate);

SluiceProfileStore *sluice_profile_editor_get_store   (SluiceProfileEditor *self);
/* The profile being edited, or NULL for a new one that was not saved yet. */
SluiceProfile *sluice_profile_editor_get_profile  (SluiceProfileEditor *self);
gboolean       sluice_profile_editor_get_busy     (SluiceProfileEditor *self);

G_END_DECLS
