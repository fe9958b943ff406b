/* sluice-health-private.h: what the health report reads about each index,
 * and the rules that flag them (internal to libsluice; pure, so that unit
 * tests can check them without a server)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "sluice-index-info.h"
#include "sluice-table-health.h"
#include "sluice-unindexed-foreign-key.h"

G_BEGIN_DECLS

/* One column of an index, key or INCLUDE. */
typedef struct
{
  char     *definition;   /* pg_get_indexdef(index, n, true): the column or expression */
  guint32   opclass;      /* pg_index.indclass[n]; 0 for INCLUDE columns */
  guint32   collation;    /* pg_index.indcollation[n] */
  int       option;       /* pg_index.indoption[n]: DESC, NULLS FIRST */
  gboolean  has_stats;    /* pg_stats has a row for it */
  double    avg_width;
  double    null_frac;
  gboolean  is_name_type; /* "name" columns are stored shorter than pg_stats says */
} SluiceIndexColumn;

typedef struct
{
  guint32    oid;
  guint32    table_oid;
  char      *schema;
  char      *table;
  char      *name;
  char      *definition;
  char      *method;
  char      *predicate;        /* pg_get_expr(indpred), NULL when not partial */
  char      *constraint_name;  /* NULL when it backs no constraint */
  gint64     size_bytes;
  gint64     scans;
  gint64     tuples_read;
  gint64     tuples_fetched;
  gboolean   is_unique;
  gboolean   is_primary;
  gboolean   is_valid;
  gboolean   is_building;      /* a CREATE/REINDEX ... CONCURRENTLY of it is running */
  guint      n_key_columns;    /* indnkeyatts; the rest of columns are INCLUDE */
  GPtrArray *columns;          /* SluiceIndexColumn, all indnatts of them */
  /* Inputs of the B-tree estimate. */
  double     reltuples;        /* -1: unknown (never vacuumed or analyzed) */
  int        block_size;
  int        fillfactor;
} SluiceIndexFacts;

SluiceIndexColumn *sluice_index_column_new          (const char *definition);
void               sluice_index_column_free         (SluiceIndexColumn *column);
SluiceIndexFacts  *sluice_index_facts_new           (void);
void               sluice_index_facts_free          (SluiceIndexFacts  *facts);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SluiceIndexFacts, sluice_index_facts_free)

/* Takes @facts. */
SluiceIndexInfo   *sluice_index_info_new_take_facts (SluiceIndexFacts  *facts);
const SluiceIndexFacts *sluice_index_info_get_facts (SluiceIndexInfo   *self);
void               sluice_index_info_add_flag       (SluiceIndexInfo   *self,
                                                     SluiceIndexFlags   flag,
                                                     const char        *explanation,
                                                     const char        *related_index);
void               sluice_index_info_set_bloat      (SluiceIndexInfo   *self,
                                                     gboolean           available,
                                                     gint64             bloat_bytes,
                                                     double             bloat_ratio,
                                                     const char        *note);

/* The estimate: FALSE and a translated @why_not when it cannot be made. */
gboolean           sluice_index_estimate_bloat      (const SluiceIndexFacts *facts,
                                                     gint64                 *bloat_bytes,
                                                     double                 *bloat_ratio,
                                                     char                  **why_not);
/* Same columns/expressions, operator classes, collations, options,
 * predicate and method, and the same split of key and INCLUDE columns. */
gboolean           sluice_index_facts_same_definition (const SluiceIndexFacts *a,
                                                       const SluiceIndexFacts *b);
/* @a's key columns are a strict prefix of @b's, with the same method and
 * predicate, and @a's INCLUDE columns are among @b's columns. */
gboolean           sluice_index_facts_is_prefix_of  (const SluiceIndexFacts *a,
                                                     const SluiceIndexFacts *b);
/* Sets the flags, explanations and bloat estimate of every SluiceIndexInfo
 * of @indexes.  @stats_reset is when the counters start. */
void               sluice_index_flags_apply         (GPtrArray              *indexes,
                                                     GDateTime              *stats_reset,
                                                     gboolean                reset_is_server_start);
/* "at 2024-05-01 10:00 (the last statistics reset)", translated. */
char              *sluice_health_format_reset       (GDateTime              *stats_reset,
                                                     gboolean                reset_is_server_start);

typedef struct
{
  guint32    oid;
  char      *schema;
  char      *name;
  gint64     heap_bytes;
  gint64     index_bytes;
  gint64     toast_bytes;
  gint64     live_tuples;
  gint64     dead_tuples;
  GDateTime *last_vacuum;
  GDateTime *last_autovacuum;
  GDateTime *last_analyze;
  GDateTime *last_autoanalyze;
  gint64     seq_scans;
  gint64     seq_tuples_read;
  gint64     index_scans;
  gint64     index_tuples_fetched;
  gint64     inserts;
  gint64     updates;
  gint64     hot_updates;
  gint64     deletes;
  gint64     modified_since_analyze;
  gint64     vacuum_count;
  gint64     autovacuum_count;
  gint64     analyze_count;
  gint64     autoanalyze_count;
} SluiceTableFacts;

SluiceTableFacts  *sluice_table_facts_new           (void);
void               sluice_table_facts_free          (SluiceTableFacts *facts);
/* Takes @facts. */
SluiceTableHealth *sluice_table_health_new_take_facts (SluiceTableFacts *facts);
/* The rule of the mostly-sequential hint. */
gboolean           sluice_table_facts_mostly_sequential (const SluiceTableFacts *facts);

SluiceUnindexedForeignKey *sluice_unindexed_foreign_key_new (const char         *schema,
                                                             const char         *table,
                                                             const char         *constraint_name,
                                                             const char * const *columns,
                                                             const char         *referenced_schema,
                                                             const char         *referenced_table,
                                                             gint64              table_bytes,
                                                             gint64              estimated_rows);

/* Parses timestamps as the health and activity queries send them
 * (ISO 8601 in UTC); NULL for NULL or unreadable text. */
GDateTime         *sluice_health_parse_timestamp    (const char *text);

G_END_DECLS
