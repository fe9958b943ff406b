/* sluice-plan-node.h: one node of an EXPLAIN plan, as read and as computed
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* How a node hangs below its parent (EXPLAIN's "Parent Relationship"). */
typedef enum
{
  SLUICE_PLAN_RELATIONSHIP_NONE,       /* the root */
  SLUICE_PLAN_RELATIONSHIP_OUTER,
  SLUICE_PLAN_RELATIONSHIP_INNER,
  SLUICE_PLAN_RELATIONSHIP_SUBQUERY,
  SLUICE_PLAN_RELATIONSHIP_MEMBER,     /* of an Append, Merge Append, BitmapAnd/Or */
  SLUICE_PLAN_RELATIONSHIP_INIT_PLAN,  /* an InitPlan, or a CTE ("CTE name") */
  SLUICE_PLAN_RELATIONSHIP_SUBPLAN,
  SLUICE_PLAN_RELATIONSHIP_OTHER,      /* anything else a server or extension says */
} SluicePlanRelationship;

/* Which way the planner's row estimate was wrong. */
typedef enum
{
  SLUICE_PLAN_ESTIMATE_UNKNOWN,        /* no ANALYZE, or the node never ran */
  SLUICE_PLAN_ESTIMATE_EXACT,
  SLUICE_PLAN_ESTIMATE_UNDER,          /* more rows came than estimated */
  SLUICE_PLAN_ESTIMATE_OVER,           /* fewer rows came than estimated */
} SluicePlanEstimate;

/* Block counts and I/O of a node, or of a plan's planning.  Counts are
 * blocks, times milliseconds, 0 when the plan does not say.  WAL is here
 * too so that it is summed and made exclusive the same way. */
typedef struct
{
  gint64 shared_hit;
  gint64 shared_read;
  gint64 shared_dirtied;
  gint64 shared_written;
  gint64 local_hit;
  gint64 local_read;
  gint64 local_dirtied;
  gint64 local_written;
  gint64 temp_read;
  gint64 temp_written;
  double io_read_ms;          /* shared and local (PostgreSQL 16+ splits them; summed) */
  double io_write_ms;
  double temp_io_read_ms;
  double temp_io_write_ms;
  gint64 wal_records;
  gint64 wal_fpi;
  gint64 wal_bytes;
} SluicePlanBuffers;

/* A name and a value as the detail pane shows them: every key of the plan
 * that has no typed getter, in the order the plan gives them.  Values that
 * are lists in JSON are joined with ", " as the text format prints them. */
typedef struct
{
  char *key;
  char *value;
} SluicePlanProperty;

/* What one parallel worker did (EXPLAIN VERBOSE shows it per worker).
 * Times are per loop, as EXPLAIN prints them; -1 when not shown. */
typedef struct
{
  int                number;
  double             actual_startup_ms;
  double             actual_total_ms;
  double             actual_rows;
  double             actual_loops;
  SluicePlanBuffers  buffers;
  GPtrArray         *properties;   /* of SluicePlanProperty: Sort Method, ... */
} SluicePlanWorker;

#define SLUICE_TYPE_PLAN_NODE (sluice_plan_node_get_type ())
G_DECLARE_FINAL_TYPE (SluicePlanNode, sluice_plan_node, SLUICE, PLAN_NODE, GObject)

/* Nodes are made by the parsers and owned by their SluicePlan; they do not
 * change once the plan is built, so they have no setters.  Read-only
 * properties, for GtkExpression and sorters: "id" (guint), "node-type",
 * "title", "relation-name" (strings), "inclusive-ms", "exclusive-ms",
 * "share", "actual-rows", "plan-rows", "loops", "misestimate" (doubles).
 *
 * Numbers the plan does not give read as -1 (counts and times), except
 * costs, rows and widths which read 0 when absent. */

/* Tree */
guint                  sluice_plan_node_get_id                 (SluicePlanNode *self); /* 0-based, pre-order */
SluicePlanNode        *sluice_plan_node_get_parent             (SluicePlanNode *self); /* NULL for the root */
GPtrArray             *sluice_plan_node_get_children           (SluicePlanNode *self); /* of SluicePlanNode, plan order */
guint                  sluice_plan_node_get_depth              (SluicePlanNode *self); /* root 0 */
/* The line of the input where the node starts (1-based; 0 unknown). */
guint                  sluice_plan_node_get_line               (SluicePlanNode *self);

/* What the node is */
const char            *sluice_plan_node_get_node_type          (SluicePlanNode *self); /* "Hash Join", "Aggregate", "ModifyTable" */
/* As psql's text shows it: "Parallel Seq Scan", "Hash Left Join",
 * "Partial HashAggregate", "Insert", "Index Scan Backward". */
const char            *sluice_plan_node_get_title              (SluicePlanNode *self);
const char            *sluice_plan_node_get_relation_name      (SluicePlanNode *self); /* NULL if none */
const char            *sluice_plan_node_get_schema             (SluicePlanNode *self); /* VERBOSE only */
const char            *sluice_plan_node_get_alias              (SluicePlanNode *self);
const char            *sluice_plan_node_get_index_name         (SluicePlanNode *self);
const char            *sluice_plan_node_get_cte_name           (SluicePlanNode *self); /* CTE Scan, WorkTable Scan */
const char            *sluice_plan_node_get_function_name      (SluicePlanNode *self); /* Function Scan */
const char            *sluice_plan_node_get_join_type          (SluicePlanNode *self); /* "Inner", "Left", "Semi", ... */
const char            *sluice_plan_node_get_strategy           (SluicePlanNode *self); /* "Hashed", "Sorted", "Plain", ... */
const char            *sluice_plan_node_get_partial_mode       (SluicePlanNode *self); /* "Partial", "Finalize", "Simple" */
const char            *sluice_plan_node_get_operation          (SluicePlanNode *self); /* "Insert", "Update", ... */
const char            *sluice_plan_node_get_scan_direction     (SluicePlanNode *self); /* "Forward", "Backward" */
gboolean               sluice_plan_node_get_parallel_aware     (SluicePlanNode *self);
gboolean               sluice_plan_node_get_async_capable      (SluicePlanNode *self);
SluicePlanRelationship sluice_plan_node_get_relationship       (SluicePlanNode *self);
/* "CTE orders_2024", "InitPlan 1 (returns $0)", "SubPlan 2"; NULL otherwise. */
const char            *sluice_plan_node_get_subplan_name       (SluicePlanNode *self);

/* Estimates */
double                 sluice_plan_node_get_startup_cost       (SluicePlanNode *self);
double                 sluice_plan_node_get_total_cost         (SluicePlanNode *self);
double                 sluice_plan_node_get_plan_rows          (SluicePlanNode *self);
int                    sluice_plan_node_get_plan_width         (SluicePlanNode *self);

/* What happened (EXPLAIN ANALYZE).  Times and rows are per loop, as
 * EXPLAIN prints them.  A node that never ran has loops 0. */
gboolean               sluice_plan_node_has_actuals            (SluicePlanNode *self);
gboolean               sluice_plan_node_has_timing             (SluicePlanNode *self); /* FALSE with TIMING OFF */
double                 sluice_plan_node_get_actual_startup_ms  (SluicePlanNode *self);
double                 sluice_plan_node_get_actual_total_ms    (SluicePlanNode *self);
double                 sluice_plan_node_get_actual_rows        (SluicePlanNode *self);
double                 sluice_plan_node_get_actual_loops       (SluicePlanNode *self);

/* Parallel query (-1 when not said) */
int                    sluice_plan_node_get_workers_planned    (SluicePlanNode *self);
int                    sluice_plan_node_get_workers_launched   (SluicePlanNode *self);
GPtrArray             *sluice_plan_node_get_workers            (SluicePlanNode *self); /* of SluicePlanWorker */

/* Conditions (NULL when absent) */
const char            *sluice_plan_node_get_filter             (SluicePlanNode *self);
const char            *sluice_plan_node_get_index_cond         (SluicePlanNode *self);
const char            *sluice_plan_node_get_recheck_cond       (SluicePlanNode *self);
const char            *sluice_plan_node_get_join_filter        (SluicePlanNode *self);
const char            *sluice_plan_node_get_hash_cond          (SluicePlanNode *self);
const char            *sluice_plan_node_get_merge_cond         (SluicePlanNode *self);
const char            *sluice_plan_node_get_output             (SluicePlanNode *self); /* VERBOSE, ", "-joined */
const char            *sluice_plan_node_get_sort_key           (SluicePlanNode *self);
const char            *sluice_plan_node_get_group_key          (SluicePlanNode *self);

/* Counts, per loop where EXPLAIN gives them per loop (rows removed); -1
 * when absent (the text format leaves out zero counts: read 0 there). */
double                 sluice_plan_node_get_rows_removed_by_filter       (SluicePlanNode *self);
double                 sluice_plan_node_get_rows_removed_by_join_filter  (SluicePlanNode *self);
double                 sluice_plan_node_get_rows_removed_by_index_recheck (SluicePlanNode *self);
double                 sluice_plan_node_get_heap_fetches       (SluicePlanNode *self); /* total */
gint64                 sluice_plan_node_get_exact_heap_blocks  (SluicePlanNode *self);
gint64                 sluice_plan_node_get_lossy_heap_blocks  (SluicePlanNode *self);

/* Sort: "quicksort", "top-N heapsort", "external merge", ...; space kB;
 * space type "Memory" or "Disk". */
const char            *sluice_plan_node_get_sort_method        (SluicePlanNode *self);
gint64                 sluice_plan_node_get_sort_space_kb      (SluicePlanNode *self);
const char            *sluice_plan_node_get_sort_space_type    (SluicePlanNode *self);
/* TRUE for an external sort or a sort whose space is on disk. */
gboolean               sluice_plan_node_get_sort_spilled       (SluicePlanNode *self);

/* Hash and HashAggregate.  For a HashAggregate "batches" is its "HashAgg
 * Batches" (PostgreSQL 13+) and disk usage its "Disk Usage". */
gint64                 sluice_plan_node_get_hash_buckets       (SluicePlanNode *self);
gint64                 sluice_plan_node_get_original_hash_buckets (SluicePlanNode *self);
gint64                 sluice_plan_node_get_hash_batches       (SluicePlanNode *self);
gint64                 sluice_plan_node_get_original_hash_batches (SluicePlanNode *self);
gint64                 sluice_plan_node_get_peak_memory_kb     (SluicePlanNode *self);
gint64                 sluice_plan_node_get_disk_usage_kb      (SluicePlanNode *self);

/* Buffers as the plan reports them (inclusive of the children) */
gboolean               sluice_plan_node_has_buffers            (SluicePlanNode *self);
const SluicePlanBuffers *sluice_plan_node_get_buffers          (SluicePlanNode *self);

/* Every other key, for the detail pane; of SluicePlanProperty. */
GPtrArray             *sluice_plan_node_get_properties         (SluicePlanNode *self);
/* A key from the typed getters or the properties, as text ("Filter",
 * "Rows Removed by Filter", "Cache Mode", ...); NULL if absent.  Free. */
char                  *sluice_plan_node_dup_value              (SluicePlanNode *self,
                                                                const char     *key);

/* Computed by the model (see sluice-plan.h) */

/* Wall-clock milliseconds spent in the node and below it: actual total
 * time × loops, divided by the processes that ran it when it runs in
 * parallel workers under a Gather (workers launched + 1).  0 without
 * timing. */
double                 sluice_plan_node_get_inclusive_ms       (SluicePlanNode *self);
/* Inclusive minus what its children (and the CTEs and InitPlans it reads)
 * account for, never below 0. */
double                 sluice_plan_node_get_exclusive_ms       (SluicePlanNode *self);
/* Exclusive time as a share of the plan's total, 0..1. */
double                 sluice_plan_node_get_share              (SluicePlanNode *self);
/* How many processes the node's time is divided by (1 outside parallel). */
double                 sluice_plan_node_get_processes          (SluicePlanNode *self);
/* max(actual/plan, plan/actual) of rows per loop, each taken as at least
 * 1; 1 when exact or unknown. */
double                 sluice_plan_node_get_misestimate        (SluicePlanNode *self);
SluicePlanEstimate     sluice_plan_node_get_estimate           (SluicePlanNode *self);
/* actual rows per loop × loops */
double                 sluice_plan_node_get_total_rows         (SluicePlanNode *self);
const SluicePlanBuffers *sluice_plan_node_get_exclusive_buffers (SluicePlanNode *self);

/* "Seq Scan on orders", "Index Scan using idx_x on orders o",
 * "Hash Left Join", "CTE Scan on w": the title with what it works on, for
 * messages and labels. */
char                  *sluice_plan_node_dup_label              (SluicePlanNode *self);

const char            *sluice_plan_relationship_to_string      (SluicePlanRelationship relationship);

G_END_DECLS
