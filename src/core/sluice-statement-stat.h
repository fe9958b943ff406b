/* sluice-statement-stat.h: one row of pg_stat_statements
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define SLUICE_TYPE_STATEMENT_STAT (sluice_statement_stat_get_type ())
G_DECLARE_FINAL_TYPE (SluiceStatementStat, sluice_statement_stat, SLUICE, STATEMENT_STAT, GObject)

/* Read-only properties: "query-id" (string: queryid is a signed 64-bit
 * number), "query", "calls", "total-ms", "mean-ms", "rows". */

const char   *sluice_statement_stat_get_query_id (SluiceStatementStat *self);
const char   *sluice_statement_stat_get_query    (SluiceStatementStat *self);
gint64        sluice_statement_stat_get_calls    (SluiceStatementStat *self);
/* total_exec_time / mean_exec_time (total_time / mean_time before
 * pg_stat_statements 1.8), in milliseconds. */
double        sluice_statement_stat_get_total_ms (SluiceStatementStat *self);
double        sluice_statement_stat_get_mean_ms  (SluiceStatementStat *self);
gint64        sluice_statement_stat_get_rows     (SluiceStatementStat *self);

G_END_DECLS
