/* sluice-profile-store.h: the profiles of the user, as a GListModel
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "sluice-profile.h"

G_BEGIN_DECLS

#define SLUICE_TYPE_PROFILE_STORE (sluice_profile_store_get_type ())
G_DECLARE_FINAL_TYPE (SluiceProfileStore, sluice_profile_store, SLUICE, PROFILE_STORE, GObject)

/* The store is a GListModel of SluiceProfile, in the file's order.
 *
 * The file is $SLUICE_CONFIG_DIR/profiles.json when that variable is set,
 * else $XDG_CONFIG_HOME/sluice/profiles.json.  A missing file is an empty
 * store.  A file that does not parse gives SLUICE_ERROR_INVALID_INPUT with
 * the path and line in the message, and the store then refuses to save until
 * it is loaded again, so a corrupt file is never replaced with less than it
 * held.  Saving is atomic (write to a temporary file, then rename). */
SluiceProfileStore *sluice_profile_store_new              (const char          *path);
SluiceProfileStore *sluice_profile_store_new_default      (void);
const char         *sluice_profile_store_get_path         (SluiceProfileStore  *self);

gboolean            sluice_profile_store_load             (SluiceProfileStore  *self,
                                                           GError             **error);
gboolean            sluice_profile_store_save             (SluiceProfileStore  *self,
                                                           GError             **error);

/* Adding a profile whose name is taken fails with SLUICE_ERROR_BUSY. */
gboolean            sluice_profile_store_add              (SluiceProfileStore  *self,
                                                           SluiceProfile       *profile,
                                                           GError             **error);
/* Like add(), at @position (the end when past it): puts a profile back
 * where it was. */
gboolean            sluice_profile_store_insert           (SluiceProfileStore  *self,
                                                           guint                position,
                                                           SluiceProfile       *profile,
                                                           GError             **error);
void                sluice_profile_store_remove           (SluiceProfileStore  *self,
                                                           SluiceProfile       *profile);
SluiceProfile      *sluice_profile_store_find_by_name     (SluiceProfileStore  *self,
                                                           const char          *name);
SluiceProfile      *sluice_profile_store_find_by_id       (SluiceProfileStore  *self,
                                                           const char          *id);
/* A name not yet used, built from @base ("prod", "prod 2", ...). */
char               *sluice_profile_store_dup_unique_name  (SluiceProfileStore  *self,
                                                           const char          *base);

/* Adds one profile per service of @path (NULL: the file libpq would read,
 * i.e. $PGSERVICEFILE or ~/.pg_service.conf, then $PGSYSCONFDIR/pg_service.conf),
 * skipping services that a profile already names.  Returns how many were
 * added, or -1 with @error set. */
int                 sluice_profile_store_import_pg_service (SluiceProfileStore *self,
                                                            const char         *path,
                                                            GError            **error);

G_END_DECLS
