/* sluice-pg-tool.h: running PostgreSQL's client and server programs
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "sluice-server-user.h"

G_BEGIN_DECLS

/* The directory of PostgreSQL's server programs (initdb, pg_ctl, pg_dump):
 * $SLUICE_PG_BINDIR, else the directory of initdb in $PATH, else the newest
 * /usr/lib/postgresql/N/bin.  NULL with @error when none is found. */
char               *sluice_find_pg_bindir           (GError        **error);

/* Runs @argv (argv[0] is the program's path, e.g. in sluice_find_pg_bindir())
 * with its output captured, in @cwd (NULL: ours), as @user when not NULL
 * (@user is only read during this call).  Fails with SLUICE_ERROR_TOOL whose
 * message is the end of what the program wrote on stderr, or how it ended.
 *
 * Cancelling @cancellable sends the program SIGTERM; the run still completes
 * only once the program has exited, so nothing is left behind, and reports
 * how the program ended (it may have finished anyway): the caller checks its
 * cancellable to tell.  With no @cancellable the program always runs to its
 * end. */
void                sluice_pg_tool_run_async        (const char * const      *argv,
                                                     const char              *cwd,
                                                     const SluiceServerUser  *user,
                                                     GCancellable            *cancellable,
                                                     GAsyncReadyCallback      callback,
                                                     gpointer                 user_data);
gboolean            sluice_pg_tool_run_finish       (GAsyncResult            *result,
                                                     GError                 **error);

/* The last @max_lines non-empty lines of a program's output or of a server
 * log, joined on one line, so that an error message stays one readable line.
 * "" for NULL. */
char               *sluice_pg_tool_summarize_output (const char              *text,
                                                     guint                    max_lines);

G_END_DECLS
