/* sluice-pg-client.h: running pg_dump, pg_restore and psql against a server
 *
 * The client programs are run with GSubprocess, never through a shell.
 * The connection's parameters are passed as one conninfo string (-d); its
 * password, when it has one, through a private passfile (mode 0600 in the
 * user's runtime dir, PGPASSFILE) removed when the launcher is freed: never
 * on the command line, never in the environment of other programs.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "sluice-connection.h"

G_BEGIN_DECLS

typedef struct _SluicePgClient SluicePgClient;

/* The conninfo that reaches @connection's server and database. */
SluicePgClient      *sluice_pg_client_new            (SluiceConnection  *connection,
                                                      GError           **error);
/* As above, for a conninfo and password (nullable). */
SluicePgClient      *sluice_pg_client_new_for_conninfo (const char      *conninfo,
                                                        const char      *password,
                                                        GError         **error);
void                 sluice_pg_client_free           (SluicePgClient    *client);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SluicePgClient, sluice_pg_client_free)

const char          *sluice_pg_client_get_conninfo   (SluicePgClient    *client);

/* The path of @program ("pg_dump", "pg_restore", "psql"): the newest
 * installed PostgreSQL major's bin dir first (so that pg_dump is not older
 * than the server when a newer one is installed), then PATH. */
char                *sluice_pg_client_find_program   (const char        *program,
                                                      GError           **error);
/* "15.8" from `PROGRAM --version`; its major as 15 in @major. */
char                *sluice_pg_client_program_version (const char       *path,
                                                       int              *major,
                                                       GError          **error);

/* A launcher with the environment set (PGPASSFILE, PGAPPNAME, LC_MESSAGES
 * left as the user's); stdout and stderr piped. */
GSubprocessLauncher *sluice_pg_client_new_launcher   (SluicePgClient    *client);

G_END_DECLS
