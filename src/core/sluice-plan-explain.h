/* sluice-plan-explain.h: running EXPLAIN on a connection
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "sluice-connection.h"
#include "sluice-plan.h"

G_BEGIN_DECLS

/* TRUE when running @sql would write: anything but a plain SELECT (or
 * VALUES), or a SELECT with a data-modifying WITH, FOR UPDATE/SHARE or
 * INTO; judged from libpg_query's parse tree.  Text that does not parse
 * counts as writing.  The UI and the CLI refuse EXPLAIN ANALYZE of such a
 * statement on a STRICT profile; sluice_plan_explain_async() itself only
 * rolls it back. */
gboolean    sluice_plan_statement_writes   (const char                 *sql);

/* The EXPLAIN statement for one statement @sql (a trailing ";" is fine)
 * with the options that @server_version (PQserverVersion) supports:
 * SETTINGS from 12, WAL from 13, SERIALIZE and MEMORY from 17; WAL, TIMING
 * and SERIALIZE only with ANALYZE; always FORMAT JSON.  @used, if not
 * NULL, receives the options kept.  Fails with SLUICE_ERROR_INVALID_INPUT
 * when @sql is not exactly one statement or is already an EXPLAIN. */
char       *sluice_plan_build_explain_sql  (const char                 *sql,
                                            const SluiceExplainOptions *options,
                                            int                         server_version,
                                            SluiceExplainOptions       *used,
                                            GError                    **error);

/* Runs EXPLAIN on @connection (READY) inside BEGIN … ROLLBACK, with
 * options->statement_timeout_ms as SET LOCAL statement_timeout when not 0.
 * With ANALYZE, a statement that writes (sluice_plan_statement_writes())
 * does its work and has it rolled back; the plan says so
 * (sluice_plan_get_rolled_back()).  Cancelling @cancellable cancels the
 * statement on the server (and still rolls back).  The plan gets the
 * query, the options used, the server version and the time. */
void        sluice_plan_explain_async      (SluiceConnection           *connection,
                                            const char                 *sql,
                                            const SluiceExplainOptions *options,
                                            GCancellable               *cancellable,
                                            GAsyncReadyCallback         callback,
                                            gpointer                    user_data);
SluicePlan *sluice_plan_explain_finish     (GAsyncResult               *result,
                                            GError                    **error);

G_END_DECLS
