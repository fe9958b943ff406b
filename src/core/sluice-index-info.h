/* sluice-index-info.h: one index of the health report, with its statistics and flags
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "sluice-index-flags.h"

G_BEGIN_DECLS

#define SLUICE_TYPE_INDEX_INFO (sluice_index_info_get_type ())
G_DECLARE_FINAL_TYPE (SluiceIndexInfo, sluice_index_info, SLUICE, INDEX_INFO, GObject)

/* Read-only properties, one per getter below: "oid", "schema", "table",
 * "name", "definition", "method", "size-bytes", "scans", "tuples-read",
 * "tuples-fetched", "constraint-name", "is-unique", "is-primary",
 * "is-valid", "is-partial", "flags", "related-index", "bloat-available",
 * "bloat-bytes", "bloat-ratio", "bloat-note".  The health report builds
 * them; they do not change afterwards. */

guint32           sluice_index_info_get_oid             (SluiceIndexInfo *self); /* indexrelid, the key of SluiceIndexSampler */
guint32           sluice_index_info_get_table_oid       (SluiceIndexInfo *self);
const char       *sluice_index_info_get_schema          (SluiceIndexInfo *self);
const char       *sluice_index_info_get_table           (SluiceIndexInfo *self);
const char       *sluice_index_info_get_name            (SluiceIndexInfo *self);
/* pg_get_indexdef(): "CREATE INDEX name ON schema.table USING btree (col)". */
const char       *sluice_index_info_get_definition      (SluiceIndexInfo *self);
const char       *sluice_index_info_get_method          (SluiceIndexInfo *self); /* "btree", "gin", ... */
gint64            sluice_index_info_get_size_bytes      (SluiceIndexInfo *self);
/* pg_stat_user_indexes since the statistics reset. */
gint64            sluice_index_info_get_scans           (SluiceIndexInfo *self);
gint64            sluice_index_info_get_tuples_read     (SluiceIndexInfo *self);
gint64            sluice_index_info_get_tuples_fetched  (SluiceIndexInfo *self);
/* The PRIMARY KEY, UNIQUE or EXCLUDE constraint the index backs, or NULL. */
const char       *sluice_index_info_get_constraint_name (SluiceIndexInfo *self);
gboolean          sluice_index_info_get_is_unique       (SluiceIndexInfo *self);
gboolean          sluice_index_info_get_is_primary      (SluiceIndexInfo *self);
gboolean          sluice_index_info_get_is_valid        (SluiceIndexInfo *self);
gboolean          sluice_index_info_get_is_partial      (SluiceIndexInfo *self);

SluiceIndexFlags  sluice_index_info_get_flags           (SluiceIndexInfo *self);
gboolean          sluice_index_info_has_flag            (SluiceIndexInfo *self,
                                                         SluiceIndexFlags flag);
/* One translated sentence saying why @flag is set (naming the other
 * index, the reset time, the estimate's method ...), or NULL when it is not. */
const char       *sluice_index_info_get_explanation     (SluiceIndexInfo *self,
                                                         SluiceIndexFlags flag);
/* The explanations of every flag set, in the order of
 * sluice_index_flags_to_strv(): a NULL-terminated array owned by @self. */
const char * const *sluice_index_info_get_explanations  (SluiceIndexInfo *self);
/* For DUPLICATE or REDUNDANT: the index that makes this one unnecessary
 * ("schema.name" unquoted), else NULL. */
const char       *sluice_index_info_get_related_index   (SluiceIndexInfo *self);

/* The B-tree estimate from pg_stats: available only for B-tree indexes
 * whose columns all have statistics (ANALYZE has run).  bloat_bytes is the
 * estimated free space, bloat_ratio its share of the index (0..1). */
gboolean          sluice_index_info_get_bloat_available (SluiceIndexInfo *self);
gint64            sluice_index_info_get_bloat_bytes     (SluiceIndexInfo *self);
double            sluice_index_info_get_bloat_ratio     (SluiceIndexInfo *self);
/* Always set: one translated sentence with the estimate and its method, or
 * why there is none ("column statistics are missing: run ANALYZE"). */
const char       *sluice_index_info_get_bloat_note      (SluiceIndexInfo *self);

/* SQL text to copy or to run, identifiers quoted, ending in ";". */
char             *sluice_index_info_dup_create_sql      (SluiceIndexInfo *self); /* the definition */
char             *sluice_index_info_dup_drop_sql        (SluiceIndexInfo *self); /* DROP INDEX CONCURRENTLY s.n; */
char             *sluice_index_info_dup_reindex_sql     (SluiceIndexInfo *self); /* REINDEX INDEX CONCURRENTLY s.n; */

G_END_DECLS
