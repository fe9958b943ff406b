/* sluice-stats-snapshot.h: index and table statistics saved to a file, to
 * see days after a migration whether its indexes are used
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "sluice-connection.h"

G_BEGIN_DECLS

/* The "format_version" this build writes and reads. */
#define SLUICE_STATS_SNAPSHOT_FORMAT_VERSION 1

typedef struct
{
  char   *schema;
  char   *table;
  char   *name;
  gint64  scans;
  gint64  tuples_read;
  gint64  tuples_fetched;
  gint64  size_bytes;
} SluiceIndexStat;

typedef struct
{
  char   *schema;
  char   *name;
  gint64  seq_scans;
  gint64  seq_tuples_read;
  gint64  index_scans;
  gint64  live_tuples;
  gint64  dead_tuples;
  gint64  inserts;
  gint64  updates;
  gint64  deletes;
  gint64  total_bytes;
} SluiceTableStat;

typedef enum
{
  SLUICE_INDEX_USAGE_KEPT,     /* in both snapshots */
  SLUICE_INDEX_USAGE_NEW,      /* only in the later one */
  SLUICE_INDEX_USAGE_DROPPED,  /* only in the earlier one */
} SluiceIndexUsageState;

/* How one index was used between two snapshots. */
typedef struct
{
  char                  *schema;
  char                  *table;
  char                  *name;
  SluiceIndexUsageState  state;
  gint64                 scans_then;   /* -1 for NEW */
  gint64                 scans_now;    /* -1 for DROPPED */
  /* Scans between the two; when the statistics were reset in between (or
   * the counter went down), the scans since the reset. */
  gint64                 scans_since;
  gboolean               reset_between;
} SluiceIndexUsageChange;

#define SLUICE_TYPE_STATS_SNAPSHOT (sluice_stats_snapshot_get_type ())
G_DECLARE_FINAL_TYPE (SluiceStatsSnapshot, sluice_stats_snapshot, SLUICE, STATS_SNAPSHOT, GObject)

/* Reads pg_stat_user_indexes and pg_stat_user_tables (one pipeline). */
void                 sluice_stats_snapshot_capture_async   (SluiceConnection    *connection,
                                                            GCancellable        *cancellable,
                                                            GAsyncReadyCallback  callback,
                                                            gpointer             user_data);
SluiceStatsSnapshot *sluice_stats_snapshot_capture_finish  (GAsyncResult        *result,
                                                            GError             **error);

/* Reading a file checks the format version and every member; errors are
 * SLUICE_ERROR_INVALID_INPUT naming the file (for load_file) and the line. */
SluiceStatsSnapshot *sluice_stats_snapshot_new_from_data   (const char   *data,
                                                            gsize         length,
                                                            const char   *file_name, /* for messages; nullable */
                                                            GError      **error);
SluiceStatsSnapshot *sluice_stats_snapshot_load_file       (GFile        *file,
                                                            GError      **error);
char                *sluice_stats_snapshot_to_data         (SluiceStatsSnapshot *self,
                                                            gsize               *length);
/* Writes atomically, creating the folders. */
gboolean             sluice_stats_snapshot_save_file       (SluiceStatsSnapshot *self,
                                                            GFile               *file,
                                                            GError             **error);

/* $XDG_DATA_HOME/sluice/stats/<profile-id>/<version>.json; characters
 * outside [A-Za-z0-9._-] of either part become '_'. */
GFile               *sluice_stats_snapshot_file_for        (const char   *profile_id,
                                                            const char   *version);
/* The snapshot saved after @version was applied to @profile_id, or NULL
 * with SLUICE_ERROR_NOT_FOUND when there is none. */
SluiceStatsSnapshot *sluice_stats_snapshot_load_for        (const char   *profile_id,
                                                            const char   *version,
                                                            GError      **error);

/* For the caller of sluice_applier_apply_async(): captures the statistics
 * right after @version was applied and saves them to
 * sluice_stats_snapshot_file_for (@profile_id, @version).  Completes with
 * the GFile written.  A failure here says nothing about the migration,
 * which is applied already. */
void                 sluice_stats_snapshot_save_after_migration_async  (SluiceConnection    *connection,
                                                                        const char          *profile_id,
                                                                        const char          *version,
                                                                        GCancellable        *cancellable,
                                                                        GAsyncReadyCallback  callback,
                                                                        gpointer             user_data);
GFile               *sluice_stats_snapshot_save_after_migration_finish (GAsyncResult        *result,
                                                                        GError             **error);

/* Set by the capture or by save_after_migration (NULL otherwise). */
const char          *sluice_stats_snapshot_get_profile_id  (SluiceStatsSnapshot *self);
const char          *sluice_stats_snapshot_get_migration_version (SluiceStatsSnapshot *self);
void                 sluice_stats_snapshot_set_origin      (SluiceStatsSnapshot *self,
                                                            const char          *profile_id,
                                                            const char          *migration_version);
GDateTime           *sluice_stats_snapshot_get_taken_at    (SluiceStatsSnapshot *self);
const char          *sluice_stats_snapshot_get_database    (SluiceStatsSnapshot *self);
const char          *sluice_stats_snapshot_get_server_version (SluiceStatsSnapshot *self);
/* pg_stat_database.stats_reset, or the server start when never reset. */
GDateTime           *sluice_stats_snapshot_get_stats_reset (SluiceStatsSnapshot *self);
/* SluiceIndexStat / SluiceTableStat, by schema and name. */
GPtrArray           *sluice_stats_snapshot_get_indexes     (SluiceStatsSnapshot *self);
GPtrArray           *sluice_stats_snapshot_get_tables      (SluiceStatsSnapshot *self);
const SluiceIndexStat *sluice_stats_snapshot_find_index    (SluiceStatsSnapshot *self,
                                                            const char          *schema,
                                                            const char          *name);

/* SluiceIndexUsageChange for every index of either snapshot, by schema and
 * name. */
GPtrArray           *sluice_stats_snapshot_compare         (SluiceStatsSnapshot *then,
                                                            SluiceStatsSnapshot *now);
/* Translated: "Since this snapshot: index public.orders_created_idx
 * scanned 1,234 times." (or "not scanned", "created since", "dropped since",
 * "scanned N times since the statistics reset of ..."). */
char                *sluice_index_usage_change_describe    (const SluiceIndexUsageChange *change);

G_END_DECLS
