/* sluice-sandbox.h: the local throwaway cluster that Sluice manages
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "sluice-types.h"
#include "sluice-pg-tool.h"
#include "sluice-profile-store.h"

G_BEGIN_DECLS

#define SLUICE_SANDBOX_DEMO_DATABASE "sluice_demo"

#define SLUICE_TYPE_SANDBOX (sluice_sandbox_get_type ())
G_DECLARE_FINAL_TYPE (SluiceSandbox, sluice_sandbox, SLUICE, SANDBOX, GObject)

/* A cluster under @root_dir: data/ (PGDATA), run/ (the Unix socket; no TCP),
 * server.log.  sluice_sandbox_new_default() uses $XDG_DATA_HOME/sluice/sandbox.
 * When Sluice runs as root, initdb and the server run as an unprivileged
 * system user ("postgres", or $SLUICE_SANDBOX_USER); if that user cannot
 * reach @root_dir, the cluster lives in /var/lib/sluice/sandbox instead and
 * get_root_dir() says so.
 *
 * Properties (notify): "state" (SluiceSandboxState), "progress" (a translated
 * line saying what start/stop is doing now, or NULL). */
SluiceSandbox      *sluice_sandbox_new              (const char     *root_dir);
SluiceSandbox      *sluice_sandbox_new_default      (void);

const char         *sluice_sandbox_get_root_dir     (SluiceSandbox  *self);
const char         *sluice_sandbox_get_data_dir     (SluiceSandbox  *self);
const char         *sluice_sandbox_get_socket_dir   (SluiceSandbox  *self);
const char         *sluice_sandbox_get_log_path     (SluiceSandbox  *self);
guint               sluice_sandbox_get_port         (SluiceSandbox  *self);
/* The superuser role initdb created (the login name of the user of Sluice). */
const char         *sluice_sandbox_get_superuser    (SluiceSandbox  *self);
/* The OS user the server runs as. */
const char         *sluice_sandbox_get_os_user      (SluiceSandbox  *self);
/* "host=... port=... user=... dbname=..." for @dbname. */
char               *sluice_sandbox_dup_conninfo     (SluiceSandbox  *self,
                                                     const char     *dbname);

/* Re-reads the state from disk (PG_VERSION, postmaster.pid and whether that
 * process is alive): cheap, no subprocess. */
SluiceSandboxState  sluice_sandbox_get_state        (SluiceSandbox  *self);
const char         *sluice_sandbox_get_progress     (SluiceSandbox  *self);

/* Creates the cluster on first use (initdb), starts it (pg_ctl start -w),
 * and creates the demo database when missing.  Completes at once when it is
 * already running.  Cancelling stops a start half-way and leaves no server
 * running. */
void                sluice_sandbox_start_async      (SluiceSandbox        *self,
                                                     GCancellable         *cancellable,
                                                     GAsyncReadyCallback   callback,
                                                     gpointer              user_data);
gboolean            sluice_sandbox_start_finish     (SluiceSandbox        *self,
                                                     GAsyncResult         *result,
                                                     GError              **error);
/* pg_ctl stop -m fast -w. */
void                sluice_sandbox_stop_async       (SluiceSandbox        *self,
                                                     GCancellable         *cancellable,
                                                     GAsyncReadyCallback   callback,
                                                     gpointer              user_data);
gboolean            sluice_sandbox_stop_finish      (SluiceSandbox        *self,
                                                     GAsyncResult         *result,
                                                     GError              **error);

/* sluice_find_pg_bindir() is declared in sluice-pg-tool.h, included above. */

/* The folder of the demo project: $SLUICE_DEMO_DIR, else the installed copy,
 * else the source tree's data/demo (when running from a build directory). */
const char         *sluice_demo_dir                 (void);

/* Returns the store's sandbox profile, adding (and saving) one bound to this
 * sandbox's demo database and the demo folder when the store has none.
 * (transfer none: the profile belongs to @store.) */
SluiceProfile      *sluice_sandbox_ensure_profile   (SluiceSandbox       *self,
                                                     SluiceProfileStore  *store,
                                                     GError             **error);

G_END_DECLS
