/* sluice-health.h: the index and table health of one database, read in one
 * round trip, and the index actions
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "sluice-connection.h"
#include "sluice-index-flags.h"
#include "sluice-index-info.h"
#include "sluice-table-health.h"
#include "sluice-unindexed-foreign-key.h"

G_BEGIN_DECLS

#define SLUICE_TYPE_HEALTH (sluice_health_get_type ())
G_DECLARE_FINAL_TYPE (SluiceHealth, sluice_health, SLUICE, HEALTH, GObject)

/* Reads every user index (pg_stat_user_indexes, pg_index, pg_class,
 * pg_constraint, pg_stats, pg_stat_progress_create_index), every user table
 * (pg_stat_user_tables) and the foreign keys without an index, in one
 * pipeline, then sets each index's flags.  Only catalog reads: safe on any
 * server, for any role (what the role may not see is simply missing). */
void               sluice_health_load_async               (SluiceConnection    *connection,
                                                           GCancellable        *cancellable,
                                                           GAsyncReadyCallback  callback,
                                                           gpointer             user_data);
SluiceHealth      *sluice_health_load_finish              (GAsyncResult        *result,
                                                           GError             **error);

const char        *sluice_health_get_database             (SluiceHealth *self);
/* When the counters start: pg_stat_database.stats_reset of this database,
 * or the server start when they were never reset. */
GDateTime         *sluice_health_get_stats_reset          (SluiceHealth *self);
/* TRUE when get_stats_reset() is the server start (never reset). */
gboolean           sluice_health_get_stats_reset_is_server_start (SluiceHealth *self);
/* Translated: "Statistics since 2024-05-01 10:00 (the last reset)" or
 * "... (the server start; never reset)". */
char              *sluice_health_dup_stats_reset_text     (SluiceHealth *self);

/* SluiceIndexInfo by schema, table, name. */
GListModel        *sluice_health_get_indexes              (SluiceHealth *self);
/* SluiceTableHealth by schema, name. */
GListModel        *sluice_health_get_tables               (SluiceHealth *self);
/* SluiceUnindexedForeignKey by schema, table, constraint name. */
GListModel        *sluice_health_get_unindexed_foreign_keys (SluiceHealth *self);
/* NULL when there is no such index. */
SluiceIndexInfo   *sluice_health_find_index               (SluiceHealth *self,
                                                           const char   *schema,
                                                           const char   *name);
SluiceTableHealth *sluice_health_find_table               (SluiceHealth *self,
                                                           const char   *schema,
                                                           const char   *name);
guint              sluice_health_count_flagged            (SluiceHealth     *self,
                                                           SluiceIndexFlags  flag);
gint64             sluice_health_get_round_trip_us        (SluiceHealth *self);

/* DROP INDEX CONCURRENTLY, run alone (never inside a transaction; it
 * cannot be).  Nothing asks for confirmation here: the caller guards. */
void               sluice_health_drop_index_async         (SluiceConnection    *connection,
                                                           SluiceIndexInfo     *index,
                                                           GCancellable        *cancellable,
                                                           GAsyncReadyCallback  callback,
                                                           gpointer             user_data);
gboolean           sluice_health_drop_index_finish        (GAsyncResult        *result,
                                                           GError             **error);
/* REINDEX INDEX CONCURRENTLY, run alone. */
void               sluice_health_reindex_index_async      (SluiceConnection    *connection,
                                                           SluiceIndexInfo     *index,
                                                           GCancellable        *cancellable,
                                                           GAsyncReadyCallback  callback,
                                                           gpointer             user_data);
gboolean           sluice_health_reindex_index_finish     (GAsyncResult        *result,
                                                           GError             **error);

G_END_DECLS
