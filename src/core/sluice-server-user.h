/* sluice-server-user.h: the unprivileged user PostgreSQL's programs run as
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <sys/types.h>

#include <glib-object.h>

G_BEGIN_DECLS

/* PostgreSQL refuses to run as root, so when Sluice runs as root the server
 * programs run as a system user instead.  A SluiceServerUser holds that
 * user's credentials, resolved in the parent: only async-signal-safe calls
 * may run between fork and exec. */
typedef struct _SluiceServerUser SluiceServerUser;

#define SLUICE_TYPE_SERVER_USER (sluice_server_user_get_type ())

GType               sluice_server_user_get_type      (void) G_GNUC_CONST;

/* $SLUICE_SANDBOX_USER, else "postgres". */
const char         *sluice_server_user_default_name  (void);

/* Looks @name up.  NULL with SLUICE_ERROR_NOT_FOUND when there is no such
 * user, or when it is root. */
SluiceServerUser   *sluice_server_user_lookup        (const char              *name,
                                                      GError                 **error);
SluiceServerUser   *sluice_server_user_copy          (const SluiceServerUser  *self);
void                sluice_server_user_free          (SluiceServerUser        *self);

const char         *sluice_server_user_get_name      (const SluiceServerUser  *self);
uid_t               sluice_server_user_get_uid       (const SluiceServerUser  *self);
gid_t               sluice_server_user_get_gid       (const SluiceServerUser  *self);

/* Whether the user may search every folder above @path (by the kernel's
 * owner/group/other rule), so that it can reach @path.  Folders that do not
 * exist yet count as reachable: we create them with mode 0755. */
gboolean            sluice_server_user_can_reach     (const SluiceServerUser  *self,
                                                      const char              *path);

/* A GSpawnChildSetupFunc that switches the child to the user passed as
 * @user_data (a const SluiceServerUser *), or makes it exit with status 126
 * when it cannot. */
void                sluice_server_user_child_setup   (gpointer                 user_data);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SluiceServerUser, sluice_server_user_free)

G_END_DECLS
