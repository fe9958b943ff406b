/* sluice-table-health.h: one table of the health report: sizes, tuples,
 * maintenance and how it is read
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define SLUICE_TYPE_TABLE_HEALTH (sluice_table_health_get_type ())
G_DECLARE_FINAL_TYPE (SluiceTableHealth, sluice_table_health, SLUICE, TABLE_HEALTH, GObject)

/* A table with at least this many live rows whose reads are mostly
 * sequential gets a hint (see sluice_table_health_get_hint()). */
#define SLUICE_TABLE_HINT_MIN_ROWS         10000
#define SLUICE_TABLE_HINT_MIN_INDEX_SHARE  0.95

/* Read-only properties, one per getter: "oid", "schema", "name",
 * "heap-bytes", "index-bytes", "toast-bytes", "total-bytes", "live-tuples",
 * "dead-tuples", "last-vacuum", "last-autovacuum", "last-analyze",
 * "last-autoanalyze", "seq-scans", "seq-tuples-read", "index-scans",
 * "index-tuples-fetched", "inserts", "updates", "hot-updates", "deletes",
 * "modified-since-analyze", "vacuum-count", "autovacuum-count",
 * "analyze-count", "autoanalyze-count", "index-share", "mostly-sequential",
 * "hint". */

guint32      sluice_table_health_get_oid                  (SluiceTableHealth *self);
const char  *sluice_table_health_get_schema               (SluiceTableHealth *self);
const char  *sluice_table_health_get_name                 (SluiceTableHealth *self);
/* Heap (main fork + free space map + visibility map), all its indexes, and
 * TOAST (the TOAST table and its index); they add up to total. */
gint64       sluice_table_health_get_heap_bytes           (SluiceTableHealth *self);
gint64       sluice_table_health_get_index_bytes          (SluiceTableHealth *self);
gint64       sluice_table_health_get_toast_bytes          (SluiceTableHealth *self);
gint64       sluice_table_health_get_total_bytes          (SluiceTableHealth *self);
gint64       sluice_table_health_get_live_tuples          (SluiceTableHealth *self);
gint64       sluice_table_health_get_dead_tuples          (SluiceTableHealth *self);
/* NULL when it never happened since the statistics reset. */
GDateTime   *sluice_table_health_get_last_vacuum          (SluiceTableHealth *self);
GDateTime   *sluice_table_health_get_last_autovacuum      (SluiceTableHealth *self);
GDateTime   *sluice_table_health_get_last_analyze         (SluiceTableHealth *self);
GDateTime   *sluice_table_health_get_last_autoanalyze     (SluiceTableHealth *self);
/* pg_stat_user_tables counters, since the statistics reset. */
gint64       sluice_table_health_get_seq_scans            (SluiceTableHealth *self);
gint64       sluice_table_health_get_seq_tuples_read      (SluiceTableHealth *self);
gint64       sluice_table_health_get_index_scans          (SluiceTableHealth *self);
gint64       sluice_table_health_get_index_tuples_fetched (SluiceTableHealth *self);
gint64       sluice_table_health_get_inserts              (SluiceTableHealth *self);
gint64       sluice_table_health_get_updates              (SluiceTableHealth *self);
gint64       sluice_table_health_get_hot_updates          (SluiceTableHealth *self);
gint64       sluice_table_health_get_deletes              (SluiceTableHealth *self);
gint64       sluice_table_health_get_modified_since_analyze (SluiceTableHealth *self);
gint64       sluice_table_health_get_vacuum_count         (SluiceTableHealth *self);
gint64       sluice_table_health_get_autovacuum_count     (SluiceTableHealth *self);
gint64       sluice_table_health_get_analyze_count        (SluiceTableHealth *self);
gint64       sluice_table_health_get_autoanalyze_count    (SluiceTableHealth *self);
/* index scans / (index scans + sequential scans), 0..1; -1 when the table
 * was not scanned at all. */
double       sluice_table_health_get_index_share          (SluiceTableHealth *self);
/* >= SLUICE_TABLE_HINT_MIN_ROWS live rows, index share below
 * SLUICE_TABLE_HINT_MIN_INDEX_SHARE, and at least the whole table's worth
 * of rows read by sequential scans. */
gboolean     sluice_table_health_get_mostly_sequential    (SluiceTableHealth *self);
/* A translated sentence when mostly sequential, else NULL. */
const char  *sluice_table_health_get_hint                 (SluiceTableHealth *self);

G_END_DECLS
