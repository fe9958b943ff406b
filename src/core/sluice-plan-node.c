/* sluice-plan-node.c: one node of an EXPLAIN plan: the GObject type,
 * its properties and its getters
 *
 * What fills a node in lives beside it: sluice-plan-node-members.c reads
 * EXPLAIN's members into the fields (the parsers' hot path),
 * sluice-plan-node-workers.c the figures of each worker of a parallel
 * node, sluice-plan-node-title.c makes the title and label the views
 * show, and sluice-plan-properties.c keeps the members no field is for.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sluice-plan-private.h"

G_DEFINE_FINAL_TYPE (SluicePlanNode, sluice_plan_node, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_NODE_TYPE,
  PROP_TITLE,
  PROP_RELATION_NAME,
  PROP_INCLUSIVE_MS,
  PROP_EXCLUSIVE_MS,
  PROP_SHARE,
  PROP_ACTUAL_ROWS,
  PROP_PLAN_ROWS,
  PROP_LOOPS,
  PROP_MISESTIMATE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* What the getters give for a node without any: empty, shared, read-only. */
static GPtrArray *
empty_array (void)
{
  static GPtrArray *empty;

  if (g_once_init_enter (&empty))
    g_once_init_leave (&empty, g_ptr_array_new ());
  return empty;
}

/* GObject */

SluicePlanNode *
_sluice_plan_node_new (SluicePlan *plan)
{
  SluicePlanNode *self = g_object_new (SLUICE_TYPE_PLAN_NODE, NULL);

  self->strings = _sluice_plan_strings_ref (plan->strings);
  return self;
}

static void
sluice_plan_node_finalize (GObject *object)
{
  SluicePlanNode *self = (SluicePlanNode *) object;

  g_clear_pointer (&self->children, g_ptr_array_unref);
  g_clear_pointer (&self->workers, g_ptr_array_unref);
  g_clear_pointer (&self->properties, g_ptr_array_unref);

  g_free (self->title);
  /* The other texts are in the plan's chunk. */
  g_clear_pointer (&self->strings, _sluice_plan_strings_unref);

  G_OBJECT_CLASS (sluice_plan_node_parent_class)->finalize (object);
}

static void
sluice_plan_node_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  SluicePlanNode *self = SLUICE_PLAN_NODE (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_uint (value, self->id);
      break;
    case PROP_NODE_TYPE:
      g_value_set_string (value, self->node_type);
      break;
    case PROP_TITLE:
      g_value_set_string (value, sluice_plan_node_get_title (self));
      break;
    case PROP_RELATION_NAME:
      g_value_set_string (value, self->relation_name);
      break;
    case PROP_INCLUSIVE_MS:
      g_value_set_double (value, self->inclusive_ms);
      break;
    case PROP_EXCLUSIVE_MS:
      g_value_set_double (value, self->exclusive_ms);
      break;
    case PROP_SHARE:
      g_value_set_double (value, self->share);
      break;
    case PROP_ACTUAL_ROWS:
      g_value_set_double (value, self->actual_rows);
      break;
    case PROP_PLAN_ROWS:
      g_value_set_double (value, self->plan_rows);
      break;
    case PROP_LOOPS:
      g_value_set_double (value, self->actual_loops);
      break;
    case PROP_MISESTIMATE:
      g_value_set_double (value, self->misestimate);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sluice_plan_node_class_init (SluicePlanNodeClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;

  object_class->finalize = sluice_plan_node_finalize;
  object_class->get_property = sluice_plan_node_get_property;

  properties[PROP_ID] = g_param_spec_uint ("id", NULL, NULL, 0, G_MAXUINT, 0, flags);
  properties[PROP_NODE_TYPE] = g_param_spec_string ("node-type", NULL, NULL, NULL, flags);
  properties[PROP_TITLE] = g_param_spec_string ("title", NULL, NULL, NULL, flags);
  properties[PROP_RELATION_NAME] = g_param_spec_string ("relation-name", NULL, NULL, NULL, flags);
  properties[PROP_INCLUSIVE_MS] = g_param_spec_double ("inclusive-ms", NULL, NULL, 0, G_MAXDOUBLE, 0, flags);
  properties[PROP_EXCLUSIVE_MS] = g_param_spec_double ("exclusive-ms", NULL, NULL, 0, G_MAXDOUBLE, 0, flags);
  properties[PROP_SHARE] = g_param_spec_double ("share", NULL, NULL, 0, 1, 0, flags);
  properties[PROP_ACTUAL_ROWS] = g_param_spec_double ("actual-rows", NULL, NULL, -1, G_MAXDOUBLE, -1, flags);
  properties[PROP_PLAN_ROWS] = g_param_spec_double ("plan-rows", NULL, NULL, -G_MAXDOUBLE, G_MAXDOUBLE, 0, flags);
  properties[PROP_LOOPS] = g_param_spec_double ("loops", NULL, NULL, -1, G_MAXDOUBLE, -1, flags);
  properties[PROP_MISESTIMATE] = g_param_spec_double ("misestimate", NULL, NULL, 1, G_MAXDOUBLE, 1, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
sluice_plan_node_init (SluicePlanNode *self)
{
  self->children = g_ptr_array_new ();

  self->plan_width = 0;
  self->actual_startup_ms = -1;
  self->actual_total_ms = -1;
  self->actual_rows = -1;
  self->actual_loops = -1;
  self->workers_planned = -1;
  self->workers_launched = -1;
  self->rows_removed_by_filter = -1;
  self->rows_removed_by_join_filter = -1;
  self->rows_removed_by_index_recheck = -1;
  self->heap_fetches = -1;
  self->exact_heap_blocks = -1;
  self->lossy_heap_blocks = -1;
  self->sort_space_kb = -1;
  self->hash_buckets = -1;
  self->original_hash_buckets = -1;
  self->hash_batches = -1;
  self->original_hash_batches = -1;
  self->peak_memory_kb = -1;
  self->disk_usage_kb = -1;
  self->processes = 1;
  self->misestimate = 1;
  self->estimate = SLUICE_PLAN_ESTIMATE_UNKNOWN;
}

/* Getters */

guint
sluice_plan_node_get_id (SluicePlanNode *self)
{
  g_return_val_if_fail (SLUICE_IS_PLAN_NODE (self), 0);

  return self->id;
}

SluicePlanNode *
sluice_plan_node_get_parent (SluicePlanNode *self)
{
  g_return_val_if_fail (SLUICE_IS_PLAN_NODE (self), NULL);

  return self->parent;
}

GPtrArray *
sluice_plan_node_get_children (SluicePlanNode *self)
{
  g_return_val_if_fail (SLUICE_IS_PLAN_NODE (self), NULL);

  return self->children;
}

guint
sluice_plan_node_get_depth (SluicePlanNode *self)
{
  g_return_val_if_fail (SLUICE_IS_PLAN_NODE (self), 0);

  return self->depth;
}

guint
sluice_plan_node_get_line (SluicePlanNode *self)
{
  g_return_val_if_fail (SLUICE_IS_PLAN_NODE (self), 0);

  return self->line;
}

const char *
sluice_plan_node_get_node_type (SluicePlanNode *self)
{
  g_return_val_if_fail (SLUICE_IS_PLAN_NODE (self), NULL);

  return self->node_type;
}

const char *
sluice_plan_node_get_relation_name (SluicePlanNode *self)
{
  g_return_val_if_fail (SLUICE_IS_PLAN_NODE (self), NULL);

  return self->relation_name;
}

const char *
sluice_plan_node_get_schema (SluicePlanNode *self)
{
  g_return_val_if_fail (SLUICE_IS_PLAN_NODE (self), NULL);

  return self->schema;
}

const char *
sluice_plan_node_get_alias (SluicePlanNode *self)
{
  g_return_val_if_fail (SLUICE_IS_PLAN_NODE (self), NULL);

  return self->alias;
}

const char *
sluice_plan_node_get_index_name (SluicePlanNode *self)
{
  g_return_val_if_fail (SLUICE_IS_PLAN_NODE (self), NULL);

  return self->index_name;
}

const char *
sluice_plan_node_get_cte_name (SluicePlanNode *self)
{
  g_return_val_if_fail (SLUICE_IS_PLAN_NODE (self), NULL);

  return self->cte_name;
}

const char *
sluice_plan_node_get_function_name (SluicePlanNode *self)
{
  g_return_val_if_fail (SLUICE_IS_PLAN_NODE (self), NULL);

  return self->function_name;
}

const char *
sluice_plan_node_get_join_type (SluicePlanNode *self)
{
  g_return_val_if_fail (SLUICE_IS_PLAN_NODE (self), NULL);

  return self->join_type;
}

const char *
sluice_plan_node_get_strategy (SluicePlanNode *self)
{
  g_return_val_if_fail (SLUICE_IS_PLAN_NODE (self), NULL);

  return self->strategy;
}

const char *
sluice_plan_node_get_partial_mode (SluicePlanNode *self)
{
  g_return_val_if_fail (SLUICE_IS_PLAN_NODE (self), NULL);

  return self->partial_mode;
}

const char *
sluice_plan_node_get_operation (SluicePlanNode *self)
{
  g_return_val_if_fail (SLUICE_IS_PLAN_NODE (self), NULL);

  return self->operation;
}

const char *
sluice_plan_node_get_scan_direction (SluicePlanNode *self)
{
  g_return_val_if_fail (SLUICE_IS_PLAN_NODE (self), NULL);

  return self->scan_direction;
}

gboolean
sluice_plan_node_get_parallel_aware (SluicePlanNode *self)
{
  g_return_val_if_fail (SLUICE_IS_PLAN_NODE (self), FALSE);

  return self->parallel_aware;
}

gboolean
sluice_plan_node_get_async_capable (SluicePlanNode *self)
{
  g_return_val_if_fail (SLUICE_IS_PLAN_NODE (self), FALSE);

  return self->async_capable;
}

SluicePlanRelationship
sluice_plan_node_get_relationship (SluicePlanNode *self)
{
  g_return_val_if_fail (SLUICE_IS_PLAN_NODE (self), SLUICE_PLAN_RELATIONSHIP_NONE);

  return self->relationship;
}

const char *
sluice_plan_node_get_subplan_name (SluicePlanNode *self)
{
  g_return_val_if_fail (SLUICE_IS_PLAN_NODE (self), NULL);

  return self->subplan_name;
}

double
sluice_plan_node_get_startup_cost (SluicePlanNode *self)
{
  g_return_val_if_fail (SLUICE_IS_PLAN_NODE (self), 0);

  return self->startup_cost;
}

double
sluice_plan_node_get_total_cost (SluicePlanNode *self)
{
  g_return_val_if_fail (SLUICE_IS_PLAN_NODE (self), 0);

  return self->total_cost;
}

double
sluice_plan_node_get_plan_rows (SluicePlanNode *self)
{
  g_return_val_if_fail (SLUICE_IS_PLAN_NODE (self), 0);

  return self->plan_rows;
}

int
sluice_plan_node_get_plan_width (SluicePlanNode *self)
{
  g_return_val_if_fail (SLUICE_IS_PLAN_NODE (self), 0);

  return self->plan_width;
}

gboolean
sluice_plan_node_has_actuals (SluicePlanNode *self)
{
  g_return_val_if_fail (SLUICE_IS_PLAN_NODE (self), FALSE);

  return self->has_actuals;
}

gboolean
sluice_plan_node_has_timing (SluicePlanNode *self)
{
  g_return_val_if_fail (SLUICE_IS_PLAN_NODE (self), FALSE);

  return self->has_timing;
}

double
sluice_plan_node_get_actual_startup_ms (SluicePlanNode *self)
{
  g_return_val_if_fail (SLUICE_IS_PLAN_NODE (self), -1);

  return self->actual_startup_ms;
}

double
sluice_plan_node_get_actual_total_ms (SluicePlanNode *self)
{
  g_return_val_if_fail (SLUICE_IS_PLAN_NODE (self), -1);

  return self->actual_total_ms;
}

double
sluice_plan_node_get_actual_rows (SluicePlanNode *self)
{
  g_return_val_if_fail (SLUICE_IS_PLAN_NODE (self), -1);

  return self->actual_rows;
}

double
sluice_plan_node_get_actual_loops (SluicePlanNode *self)
{
  g_return_val_if_fail (SLUICE_IS_PLAN_NODE (self), -1);

  return self->actual_loops;
}

int
sluice_plan_node_get_workers_planned (SluicePlanNode *self)
{
  g_return_val_if_fail (SLUICE_IS_PLAN_NODE (self), -1);

  return self->workers_planned;
}

int
sluice_plan_node_get_workers_launched (SluicePlanNode *self)
{
  g_return_val_if_fail (SLUICE_IS_PLAN_NODE (self), -1);

  return self->workers_launched;
}

GPtrArray *
sluice_plan_node_get_workers (SluicePlanNode *self)
{
  g_return_val_if_fail (SLUICE_IS_PLAN_NODE (self), NULL);

  return self->workers != NULL ? self->workers : empty_array ();
}

const char *
sluice_plan_node_get_filter (SluicePlanNode *self)
{
  g_return_val_if_fail (SLUICE_IS_PLAN_NODE (self), NULL);

  return self->filter;
}

const char *
sluice_plan_node_get_index_cond (SluicePlanNode *self)
{
  g_return_val_if_fail (SLUICE_IS_PLAN_NODE (self), NULL);

  return self->index_cond;
}

const char *
sluice_plan_node_get_recheck_cond (SluicePlanNode *self)
{
  g_return_val_if_fail (SLUICE_IS_PLAN_NODE (self), NULL);

  return self->recheck_cond;
}

const char *
sluice_plan_node_get_join_filter (SluicePlanNode *self)
{
  g_return_val_if_fail (SLUICE_IS_PLAN_NODE (self), NULL);

  return self->join_filter;
}

const char *
sluice_plan_node_get_hash_cond (SluicePlanNode *self)
{
  g_return_val_if_fail (SLUICE_IS_PLAN_NODE (self), NULL);

  return self->hash_cond;
}

const char *
sluice_plan_node_get_merge_cond (SluicePlanNode *self)
{
  g_return_val_if_fail (SLUICE_IS_PLAN_NODE (self), NULL);

  return self->merge_cond;
}

const char *
sluice_plan_node_get_output (SluicePlanNode *self)
{
  g_return_val_if_fail (SLUICE_IS_PLAN_NODE (self), NULL);

  return self->output;
}

const char *
sluice_plan_node_get_sort_key (SluicePlanNode *self)
{
  g_return_val_if_fail (SLUICE_IS_PLAN_NODE (self), NULL);

  return self->sort_key;
}

const char *
sluice_plan_node_get_group_key (SluicePlanNode *self)
{
  g_return_val_if_fail (SLUICE_IS_PLAN_NODE (self), NULL);

  return self->group_key;
}

double
sluice_plan_node_get_rows_removed_by_filter (SluicePlanNode *self)
{
  g_return_val_if_fail (SLUICE_IS_PLAN_NODE (self), -1);

  return self->rows_removed_by_filter;
}

double
sluice_plan_node_get_rows_removed_by_join_filter (SluicePlanNode *self)
{
  g_return_val_if_fail (SLUICE_IS_PLAN_NODE (self), -1);

  return self->rows_removed_by_join_filter;
}

double
sluice_plan_node_get_rows_removed_by_index_recheck (SluicePlanNode *self)
{
  g_return_val_if_fail (SLUICE_IS_PLAN_NODE (self), -1);

  return self->rows_removed_by_index_recheck;
}

double
sluice_plan_node_get_heap_fetches (SluicePlanNode *self)
{
  g_return_val_if_fail (SLUICE_IS_PLAN_NODE (self), -1);

  return self->heap_fetches;
}

gint64
sluice_plan_node_get_exact_heap_blocks (SluicePlanNode *self)
{
  g_return_val_if_fail (SLUICE_IS_PLAN_NODE (self), -1);

  return self->exact_heap_blocks;
}

gint64
sluice_plan_node_get_lossy_heap_blocks (SluicePlanNode *self)
{
  g_return_val_if_fail (SLUICE_IS_PLAN_NODE (self), -1);

  return self->lossy_heap_blocks;
}

const char *
sluice_plan_node_get_sort_method (SluicePlanNode *self)
{
  g_return_val_if_fail (SLUICE_IS_PLAN_NODE (self), NULL);

  return self->sort_method;
}

gint64
sluice_plan_node_get_sort_space_kb (SluicePlanNode *self)
{
  g_return_val_if_fail (SLUICE_IS_PLAN_NODE (self), -1);

  return self->sort_space_kb;
}

const char *
sluice_plan_node_get_sort_space_type (SluicePlanNode *self)
{
  g_return_val_if_fail (SLUICE_IS_PLAN_NODE (self), NULL);

  return self->sort_space_type;
}

gint64
sluice_plan_node_get_hash_buckets (SluicePlanNode *self)
{
  g_return_val_if_fail (SLUICE_IS_PLAN_NODE (self), -1);

  return self->hash_buckets;
}

gint64
sluice_plan_node_get_original_hash_buckets (SluicePlanNode *self)
{
  g_return_val_if_fail (SLUICE_IS_PLAN_NODE (self), -1);

  return self->original_hash_buckets;
}

gint64
sluice_plan_node_get_hash_batches (SluicePlanNode *self)
{
  g_return_val_if_fail (SLUICE_IS_PLAN_NODE (self), -1);

  return self->hash_batches;
}

gint64
sluice_plan_node_get_original_hash_batches (SluicePlanNode *self)
{
  g_return_val_if_fail (SLUICE_IS_PLAN_NODE (self), -1);

  return self->original_hash_batches;
}

gint64
sluice_plan_node_get_peak_memory_kb (SluicePlanNode *self)
{
  g_return_val_if_fail (SLUICE_IS_PLAN_NODE (self), -1);

  return self->peak_memory_kb;
}

gint64
sluice_plan_node_get_disk_usage_kb (SluicePlanNode *self)
{
  g_return_val_if_fail (SLUICE_IS_PLAN_NODE (self), -1);

  return self->disk_usage_kb;
}

gboolean
sluice_plan_node_has_buffers (SluicePlanNode *self)
{
  g_return_val_if_fail (SLUICE_IS_PLAN_NODE (self), FALSE);

  return self->has_buffers;
}

GPtrArray *
sluice_plan_node_get_properties (SluicePlanNode *self)
{
  g_return_val_if_fail (SLUICE_IS_PLAN_NODE (self), NULL);

  return self->properties != NULL ? self->properties : empty_array ();
}

double
sluice_plan_node_get_inclusive_ms (SluicePlanNode *self)
{
  g_return_val_if_fail (SLUICE_IS_PLAN_NODE (self), 0);

  return self->inclusive_ms;
}

double
sluice_plan_node_get_exclusive_ms (SluicePlanNode *self)
{
  g_return_val_if_fail (SLUICE_IS_PLAN_NODE (self), 0);

  return self->exclusive_ms;
}

double
sluice_plan_node_get_share (SluicePlanNode *self)
{
  g_return_val_if_fail (SLUICE_IS_PLAN_NODE (self), 0);

  return self->share;
}

double
sluice_plan_node_get_processes (SluicePlanNode *self)
{
  g_return_val_if_fail (SLUICE_IS_PLAN_NODE (self), 1);

  return self->processes;
}

double
sluice_plan_node_get_misestimate (SluicePlanNode *self)
{
  g_return_val_if_fail (SLUICE_IS_PLAN_NODE (self), 1);

  return self->misestimate;
}

SluicePlanEstimate
sluice_plan_node_get_estimate (SluicePlanNode *self)
{
  g_return_val_if_fail (SLUICE_IS_PLAN_NODE (self), SLUICE_PLAN_ESTIMATE_UNKNOWN);

  return self->estimate;
}

const SluicePlanBuffers *
sluice_plan_node_get_buffers (SluicePlanNode *self)
{
  g_return_val_if_fail (SLUICE_IS_PLAN_NODE (self), NULL);

  return &self->buffers;
}

const SluicePlanBuffers *
sluice_plan_node_get_exclusive_buffers (SluicePlanNode *self)
{
  g_return_val_if_fail (SLUICE_IS_PLAN_NODE (self), NULL);

  return &self->exclusive_buffers;
}

gboolean
sluice_plan_node_get_sort_spilled (SluicePlanNode *self)
{
  g_return_val_if_fail (SLUICE_IS_PLAN_NODE (self), FALSE);

  return g_strcmp0 (self->sort_space_type, "Disk") == 0 ||
         (self->sort_method != NULL && g_str_has_prefix (self->sort_method, "external"));
}

double
sluice_plan_node_get_total_rows (SluicePlanNode *self)
{
  g_return_val_if_fail (SLUICE_IS_PLAN_NODE (self), -1);

  if (!self->has_actuals || self->actual_rows < 0 || self->actual_loops < 0)
    return -1;
  return self->actual_rows * self->actual_loops;
}

const char *
sluice_plan_node_get_title (SluicePlanNode *self)
{
  g_return_val_if_fail (SLUICE_IS_PLAN_NODE (self), NULL);

  /* Made on first use, from any thread that holds the node: the first
   * title stored is the one kept. */
  if (g_atomic_pointer_get (&self->title) == NULL)
    {
      char *title = _sluice_plan_node_make_title (self);

      if (!g_atomic_pointer_compare_and_exchange (&self->title, NULL, title))
        g_free (title);
    }
  return g_atomic_pointer_get (&self->title);
}
