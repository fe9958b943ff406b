/* sluice-application.h: the application, owner of the profiles, the sandbox
 * and one session per profile
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "sluice.h"

G_BEGIN_DECLS

#define SLUICE_TYPE_APPLICATION (sluice_application_get_type ())
G_DECLARE_FINAL_TYPE (SluiceApplication, sluice_application, SLUICE, APPLICATION, AdwApplication)

/* Properties (notify): "load-error" (GError, nullable: why profiles.json
 * could not be read; while set, the store refuses to save) and
 * "sandbox-busy" (a start or stop of the sandbox that Sluice began is
 * running). */
SluiceApplication  *sluice_application_new             (void);

GSettings          *sluice_application_get_settings    (SluiceApplication *self);
SluiceProfileStore *sluice_application_get_store       (SluiceApplication *self);
SluiceSandbox      *sluice_application_get_sandbox     (SluiceApplication *self);
const GError       *sluice_application_get_load_error  (SluiceApplication *self);
gboolean            sluice_application_get_sandbox_busy (SluiceApplication *self);

/* The session of @profile, created on first use; one per profile id. */
SluiceSession      *sluice_application_get_session     (SluiceApplication *self,
                                                        SluiceProfile     *profile);

/* Reads profiles.json again (after the user fixed it by hand). */
gboolean            sluice_application_reload_profiles (SluiceApplication *self);

G_END_DECLS
