/* sluice-indexes-page.h: every index of a profile's database with its use,
 * size and findings; its tables; the foreign keys no index covers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "sluice.h"
#include "sluice-health.h"
#include "sluice-index-sampler.h"

G_BEGIN_DECLS

#define SLUICE_TYPE_INDEXES_PAGE (sluice_indexes_page_get_type ())
G_DECLARE_FINAL_TYPE (SluiceIndexesPage, sluice_indexes_page, SLUICE, INDEXES_PAGE, GtkWidget)

/* Properties (notify): "session" (nullable), "loading" (read-only),
 * "health" (read-only, nullable) and "selected-index" (read-only,
 * nullable).
 *
 * The page reads when it is shown: it connects through the session, then
 * loads the health report (sluice_health_load_async()).  While the list of
 * indexes is on screen, a SluiceIndexSampler polls their scans every
 * 10 s for the sparklines; it stops when the page is hidden.
 *
 * Actions (group "indexes"): reload, copy-ddl, reindex and drop (on the
 * selected index; reindex and drop ask first, through the profile's guard,
 * and run CONCURRENTLY). */
GtkWidget          *sluice_indexes_page_new                 (void);

SluiceSession      *sluice_indexes_page_get_session         (SluiceIndexesPage *self);
void                sluice_indexes_page_set_session         (SluiceIndexesPage *self,
                                                             SluiceSession     *session);
gboolean            sluice_indexes_page_get_loading         (SluiceIndexesPage *self);
/* "empty" (no profile), "loading", "failed" (see get_error) or "health". */
const char         *sluice_indexes_page_get_view            (SluiceIndexesPage *self);
const GError       *sluice_indexes_page_get_error           (SluiceIndexesPage *self);
SluiceHealth       *sluice_indexes_page_get_health          (SluiceIndexesPage *self);

/* "indexes", "tables" or "foreign-keys". */
const char         *sluice_indexes_page_get_section         (SluiceIndexesPage *self);
void                sluice_indexes_page_set_section         (SluiceIndexesPage *self,
                                                             const char        *section);

/* The indexes as filtered and sorted now (SluiceIndexInfo). */
GListModel         *sluice_indexes_page_get_visible_indexes (SluiceIndexesPage *self);
/* The tables as filtered and sorted now (SluiceTableHealth). */
GListModel         *sluice_indexes_page_get_visible_tables  (SluiceIndexesPage *self);
SluiceIndexInfo    *sluice_indexes_page_get_selected_index  (SluiceIndexesPage *self);
/* Selects a table in the Tables tab; FALSE when it is not shown. */
gboolean            sluice_indexes_page_select_table        (SluiceIndexesPage *self,
                                                             const char        *schema,
                                                             const char        *name);
/* Selects the index (clearing a filter that hides it); FALSE when there
 * is no such index. */
gboolean            sluice_indexes_page_select_index        (SluiceIndexesPage *self,
                                                             const char        *schema,
                                                             const char        *name);

/* The sampler of the shown report (NULL before a report is shown). */
SluiceIndexSampler *sluice_indexes_page_get_sampler         (SluiceIndexesPage *self);
/* How often the sampler polls (SLUICE_INDEX_SAMPLER_DEFAULT_INTERVAL_MS
 * unless set; tests poll faster). */
void                sluice_indexes_page_set_sample_interval (SluiceIndexesPage *self,
                                                             guint              interval_ms);

/* Connects again if needed and reads anew (or, while the page is hidden,
 * when it is next shown). */
void                sluice_indexes_page_reload              (SluiceIndexesPage *self);

G_END_DECLS
