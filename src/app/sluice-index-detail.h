/* sluice-index-detail.h: the Indexes page's pane about one index: its
 * findings, how it is used, its definition and what can be done with it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "sluice-health.h"

G_BEGIN_DECLS

#define SLUICE_TYPE_INDEX_DETAIL (sluice_index_detail_get_type ())
G_DECLARE_FINAL_TYPE (SluiceIndexDetail, sluice_index_detail, SLUICE, INDEX_DETAIL, GtkWidget)

/* Property "index" (nullable SluiceIndexInfo).  The buttons activate the
 * page's actions indexes.copy-ddl, indexes.reindex and indexes.drop. */
GtkWidget       *sluice_index_detail_new       (void);
SluiceIndexInfo *sluice_index_detail_get_index (SluiceIndexDetail *self);
void             sluice_index_detail_set_index (SluiceIndexDetail *self,
                                                SluiceIndexInfo   *index);
/* The index's scans per minute, oldest first, from the sampler; @sampling
 * says whether the sampler runs (else the row says why there is nothing). */
void             sluice_index_detail_set_rates (SluiceIndexDetail *self,
                                                const double      *rates,
                                                guint              n_rates,
                                                gboolean           sampling);

G_END_DECLS
