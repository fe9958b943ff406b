/* sluice-index-sampler.h: polls index scans while a page is open, for sparklines
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "sluice-connection.h"

G_BEGIN_DECLS

#define SLUICE_TYPE_INDEX_SAMPLER (sluice_index_sampler_get_type ())
G_DECLARE_FINAL_TYPE (SluiceIndexSampler, sluice_index_sampler, SLUICE, INDEX_SAMPLER, GObject)

#define SLUICE_INDEX_SAMPLER_DEFAULT_INTERVAL_MS 10000
#define SLUICE_INDEX_SAMPLER_DEFAULT_CAPACITY    60

/* While started, reads idx_scan of every user index every "interval-ms"
 * (one small query on @connection, queued behind the page's own) and keeps,
 * per index (by indexrelid, sluice_index_info_get_oid()), a ring of the
 * last "capacity" rates in scans per minute between two samples.
 * A counter that goes down (the statistics were reset) restarts that
 * index's ring; an index that disappears (dropped) loses its ring.
 *
 * Properties: "connection" (construct-only), "interval-ms", "capacity",
 * "running" (read-only), "n-samples" (read-only: polls completed since
 * start), "last-error" (read-only, nullable: why the last poll failed; the
 * sampler keeps polling).
 * Signals: "sampled" () after each successful poll; "index-removed"
 * (guint oid) when an index is no longer there. */
SluiceIndexSampler *sluice_index_sampler_new             (SluiceConnection   *connection);
SluiceConnection   *sluice_index_sampler_get_connection  (SluiceIndexSampler *self);
guint               sluice_index_sampler_get_interval_ms (SluiceIndexSampler *self);
/* Takes effect at once when running; tests use a short interval. */
void                sluice_index_sampler_set_interval_ms (SluiceIndexSampler *self,
                                                          guint               interval_ms);
guint               sluice_index_sampler_get_capacity    (SluiceIndexSampler *self);
void                sluice_index_sampler_set_capacity    (SluiceIndexSampler *self,
                                                          guint               capacity);
/* The first poll is immediate (the baseline); rates follow from the second. */
void                sluice_index_sampler_start           (SluiceIndexSampler *self);
/* Cancels a poll in flight; the rings are kept. */
void                sluice_index_sampler_stop            (SluiceIndexSampler *self);
gboolean            sluice_index_sampler_get_running     (SluiceIndexSampler *self);
guint               sluice_index_sampler_get_n_samples   (SluiceIndexSampler *self);
const char         *sluice_index_sampler_get_last_error  (SluiceIndexSampler *self);

/* A GArray of double, scans per minute, oldest first, at most "capacity";
 * empty when fewer than two samples of the index were taken. */
GArray             *sluice_index_sampler_dup_rates       (SluiceIndexSampler *self,
                                                          guint32             index_oid);
/* The idx_scan of the last sample, or -1 when the index was not sampled. */
gint64              sluice_index_sampler_get_last_scans  (SluiceIndexSampler *self,
                                                          guint32             index_oid);
/* The largest rate of any index in its ring, for a common sparkline scale. */
double              sluice_index_sampler_get_max_rate    (SluiceIndexSampler *self);
/* Forgets every ring (the next poll is a new baseline). */
void                sluice_index_sampler_clear           (SluiceIndexSampler *self);

G_END_DECLS
