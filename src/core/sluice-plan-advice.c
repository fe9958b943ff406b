/* sluice-plan-advice.c: warnings worked out from a plan's model
 *
 * Each rule reads the figures the model already has and, when they cross
 * its threshold, says which node, what the figures are and what to try.
 * The thresholds are the ones DBAs and the plan viewers they use agree on
 * (PEV2, depesz, pgAdmin flag misestimates from 10x; PEV2 flags filters
 * that remove 90% of rows and any Hash with more than one batch).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "sluice-plan-advice.h"
#include "sluice-plan-private.h"

#define MISESTIMATE_FACTOR      10.0
#define SEQ_SCAN_MIN_ROWS       10000.0
#define SEQ_SCAN_REMOVED_SHARE  0.90
#define NESTED_LOOP_MIN_LOOPS   1000.0
#define HEAP_FETCHES_SHARE      0.10
#define HEAP_FETCHES_MIN        1000.0
#define JIT_SHARE               0.30
#define TRIGGER_SHARE           0.30

G_DEFINE_BOXED_TYPE (SluicePlanWarning, sluice_plan_warning,
                     sluice_plan_warning_copy, sluice_plan_warning_free)

SluicePlanWarning *
sluice_plan_warning_copy (const SluicePlanWarning *warning)
{
  SluicePlanWarning *copy;

  g_return_val_if_fail (warning != NULL, NULL);

  copy = g_new0 (SluicePlanWarning, 1);
  copy->rule = g_strdup (warning->rule);
  copy->node = warning->node;
  copy->message = g_strdup (warning->message);

  return copy;
}

void
sluice_plan_warning_free (SluicePlanWarning *warning)
{
  if (warning == NULL)
    return;

  g_free (warning->rule);
  g_free (warning->message);
  g_free (warning);
}

static void
add_warning (GPtrArray      *warnings,
             const char     *rule,
             SluicePlanNode *node,
             char           *message)
{
  SluicePlanWarning *warning = g_new0 (SluicePlanWarning, 1);

  warning->rule = g_strdup (rule);
  warning->node = sluice_plan_node_get_id (node);
  warning->message = message;
  g_ptr_array_add (warnings, warning);
}

/* Whole percent, rounded down (without libm's floor). */
static double
percent_floor (double value)
{
  return (double) (gint64) value;
}

static double
rows_total (double per_loop,
            double loops)
{
  return per_loop > 0 && loops > 0 ? per_loop * loops : 0;
}

/* Rules about one node */

static void
check_misestimate (GPtrArray      *warnings,
                   SluicePlanNode *node,
                   const char     *label)
{
  g_autofree char *planned = NULL;
  g_autofree char *actual = NULL;
  double factor = sluice_plan_node_get_misestimate (node);

  if (factor <= MISESTIMATE_FACTOR)
    return;

  planned = _sluice_plan_format_count (sluice_plan_node_get_plan_rows (node));
  actual = _sluice_plan_format_count (sluice_plan_node_get_actual_rows (node));

  if (sluice_plan_node_get_estimate (node) == SLUICE_PLAN_ESTIMATE_UNDER)
    add_warning (warnings, "row-misestimate", node,
                 g_strdup_printf (_("%s: the planner expected %s rows per loop but got %s, %.0fx more. "
                                    "Its statistics may be stale: run ANALYZE on the table, or raise the "
                                    "column's statistics target."),
                                  label, planned, actual, factor));
  else
    add_warning (warnings, "row-misestimate", node,
                 g_strdup_printf (_("%s: the planner expected %s rows per loop but got %s, %.0fx fewer. "
                                    "Its statistics may be stale: run ANALYZE on the table, or raise the "
                                    "column's statistics target."),
                                  label, planned, actual, factor));
}

static void
check_seq_scan (GPtrArray      *warnings,
                SluicePlanNode *node,
                const char     *label)
{
  double loops = sluice_plan_node_get_actual_loops (node);
  double kept = rows_total (sluice_plan_node_get_actual_rows (node), loops);
  double removed = rows_total (sluice_plan_node_get_rows_removed_by_filter (node), loops);
  double read = kept + removed;
  g_autofree char *read_text = NULL;

  if (g_strcmp0 (sluice_plan_node_get_node_type (node), "Seq Scan") != 0 ||
      sluice_plan_node_get_filter (node) == NULL ||
      read < SEQ_SCAN_MIN_ROWS || removed / read < SEQ_SCAN_REMOVED_SHARE)
    return;

  read_text = _sluice_plan_format_count (read);
  add_warning (warnings, "seq-scan-filter", node,
               g_strdup_printf (_("%s read %s rows and its filter threw away %.0f%% of them. "
                                  "An index on the columns of “%s” would let it read only the rows it keeps."),
                                label, read_text, percent_floor (100 * removed / read),
                                sluice_plan_node_get_filter (node)));
}

static gboolean
worker_sort_spilled (SluicePlanNode *node)
{
  GPtrArray *workers = sluice_plan_node_get_workers (node);

  for (guint i = 0; i < workers->len; i++)
    {
      SluicePlanWorker *worker = g_ptr_array_index (workers, i);

      for (guint p = 0; p < worker->properties->len; p++)
        {
          SluicePlanProperty *property = g_ptr_array_index (worker->properties, p);

          if ((g_str_equal (property->key, "Sort Space Type") && g_str_equal (property->value, "Disk")) ||
              (g_str_equal (property->key, "Sort Method") && g_str_has_prefix (property->value, "external")))
            return TRUE;
        }
    }

  return FALSE;
}

static void
check_sort (GPtrArray      *warnings,
            SluicePlanNode *node,
            const char     *label)
{
  gint64 space = sluice_plan_node_get_sort_space_kb (node);

  if (sluice_plan_node_get_sort_spilled (node))
    {
      if (space >= 0)
        add_warning (warnings, "sort-on-disk", node,
                     g_strdup_printf (_("%s spilled to disk (%s, %lld kB). Raise work_mem for this "
                                        "query, or sort fewer or narrower rows."),
                                      label, sluice_plan_node_get_sort_method (node), (long long) space));
      else
        add_warning (warnings, "sort-on-disk", node,
                     g_strdup_printf (_("%s spilled to disk (%s). Raise work_mem for this query, or sort fewer "
                                        "or narrower rows."),
                                      label, sluice_plan_node_get_sort_method (node)));
    }
  else if (worker_sort_spilled (node))
    add_warning (warnings, "sort-on-disk", node,
                 g_strdup_printf (_("%s spilled to disk in a parallel worker. Raise work_mem for this query, "
                                    "or sort fewer or narrower rows."),
                                  label));
}

static void
check_hash (GPtrArray      *warnings,
            SluicePlanNode *node,
            const char     *label)
{
  gint64 batches = sluice_plan_node_get_hash_batches (node);
  gint64 original = sluice_plan_node_get_original_hash_batches (node);

  if (batches <= 1)
    return;

  if (original > 0 && original != batches)
    add_warning (warnings, "hash-batches", node,
                 g_strdup_printf (_("%s split its hash table into %lld batches (planned %lld) and wrote them "
                                    "to disk: the rows did not fit in work_mem. Raise work_mem "
                                    "or hash_mem_multiplier for this query."),
                                  label, (long long) batches, (long long) original));
  else
    add_warning (warnings, "hash-batches", node,
                 g_strdup_printf (_("%s split its hash table into %lld batches and wrote them to "
                                    "disk: the rows did not fit in work_mem. Raise work_mem or "
                                    "hash_mem_multiplier for this query."),
                                  label, (long long) batches));
}

static SluicePlanNode *
inner_child (SluicePlanNode *node)
{
  GPtrArray *children = sluice_plan_node_get_children (node);

  for (guint i = 0; i < children->len; i++)
    {
      SluicePlanNode *child = g_ptr_array_index (children, i);

      if (sluice_plan_node_get_relationship (child) == SLUICE_PLAN_RELATIONSHIP_INNER)
        return child;
    }

  return NULL;
}

static void
check_nested_loop (GPtrArray      *warnings,
                   SluicePlanNode *node,
                   const char     *label)
{
  SluicePlanNode *inner;
  double loops;
  g_autofree char *inner_label = NULL;
  g_autofree char *loops_text = NULL;

  if (g_strcmp0 (sluice_plan_node_get_node_type (node), "Nested Loop") != 0 ||
      (inner = inner_child (node)) == NULL)
    return;

  loops = sluice_plan_node_get_actual_loops (inner);
  if (loops < NESTED_LOOP_MIN_LOOPS)
    return;

  inner_label = sluice_plan_node_dup_label (inner);
  loops_text = _sluice_plan_format_count (loops);
  add_warning (warnings, "nested-loop-loops", node,
               g_strdup_printf (_("%s ran its inner side (%s) %s times, once per outer row. "
                                  "If the outer side has many more rows than estimated, a hash or merge join "
                                  "may be cheaper: check the estimates and the join's indexes."),
                                label, inner_label, loops_text));
}

static void
check_lossy_bitmap (GPtrArray      *warnings,
                    SluicePlanNode *node,
                    const char     *label)
{
  gint64 lossy = sluice_plan_node_get_lossy_heap_blocks (node);

  if (lossy <= 0)
    return;

  add_warning (warnings, "lossy-bitmap", node,
               g_strdup_printf (_("%s went lossy on %lld heap blocks: its bitmap did not fit in "
                                  "work_mem, so every row of those blocks was checked again. Raise work_mem "
                                  "for this query."),
                                label, (long long) lossy));
}

static void
check_heap_fetches (GPtrArray      *warnings,
                    SluicePlanNode *node,
                    const char     *label)
{
  double fetches = sluice_plan_node_get_heap_fetches (node);
  double rows = rows_total (sluice_plan_node_get_actual_rows (node), sluice_plan_node_get_actual_loops (node));
  g_autofree char *fetches_text = NULL;

  if (fetches <= 0 || (fetches < HEAP_FETCHES_MIN && (rows <= 0 || fetches / rows < HEAP_FETCHES_SHARE)))
    return;

  fetches_text = _sluice_plan_format_count (fetches);
  if (rows > 0)
    add_warning (warnings, "heap-fetches", node,
                 g_strdup_printf (_("%s went to the table %s times (%.0f%% of the rows it returned): the "
                                    "visibility map is out of date. VACUUM the table so the index alone "
                                    "can answer."),
                                  label, fetches_text, MIN (100.0, percent_floor (100 * fetches / rows))));
  else
    add_warning (warnings, "heap-fetches", node,
                 g_strdup_printf (_("%s went to the table %s times: the visibility map is out of date. "
                                    "VACUUM the table so the index alone can answer."),
                                  label, fetches_text));
}

static void
check_workers (GPtrArray      *warnings,
               SluicePlanNode *node,
               const char     *label)
{
  int planned = sluice_plan_node_get_workers_planned (node);
  int launched = sluice_plan_node_get_workers_launched (node);

  if (launched < 0 || planned <= 0 || launched >= planned)
    return;

  add_warning (warnings, "workers-not-launched", node,
               g_strdup_printf (_("%s launched %d of the %d parallel workers it planned: the server had no "
                                  "more free (max_parallel_workers, max_worker_processes), so the query ran "
                                  "with less parallelism than planned."),
                                label, launched, planned));
}

/* Rules about the whole plan */

static void
check_jit (GPtrArray  *warnings,
           SluicePlan *plan)
{
  const SluicePlanJit *jit = sluice_plan_get_jit (plan);
  double execution = sluice_plan_get_execution_ms (plan);

  if (jit == NULL || execution <= 0 || jit->total_ms < JIT_SHARE * execution)
    return;

  add_warning (warnings, "jit-time", sluice_plan_get_root (plan),
               g_strdup_printf (_("JIT compilation took %.1f ms, %.0f%% of the %.1f ms execution. For a query "
                                  "this short, turn JIT off (SET jit = off) or raise jit_above_cost."),
                                jit->total_ms, percent_floor (100 * jit->total_ms / execution), execution));
}

static SluicePlanNode *
node_for_trigger (SluicePlan        *plan,
                  SluicePlanTrigger *trigger)
{
  GPtrArray *nodes = sluice_plan_get_nodes (plan);
  SluicePlanNode *first_modify = NULL;

  for (guint i = 0; i < nodes->len; i++)
    {
      SluicePlanNode *node = g_ptr_array_index (nodes, i);

      if (g_strcmp0 (sluice_plan_node_get_node_type (node), "ModifyTable") != 0)
        continue;
      if (first_modify == NULL)
        first_modify = node;
      if (trigger->relation != NULL && g_strcmp0 (sluice_plan_node_get_relation_name (node), trigger->relation) == 0)
        return node;
    }

  return first_modify != NULL ? first_modify : sluice_plan_get_root (plan);
}

static void
check_triggers (GPtrArray  *warnings,
                SluicePlan *plan)
{
  GPtrArray *triggers = sluice_plan_get_triggers (plan);
  double execution = sluice_plan_get_execution_ms (plan);
  double total = sluice_plan_get_trigger_ms (plan);
  SluicePlanTrigger *slowest = NULL;
  g_autofree char *calls = NULL;

  if (triggers->len == 0 || execution <= 0 || total < TRIGGER_SHARE * execution)
    return;

  for (guint i = 0; i < triggers->len; i++)
    {
      SluicePlanTrigger *trigger = g_ptr_array_index (triggers, i);

      if (slowest == NULL || trigger->time_ms > slowest->time_ms)
        slowest = trigger;
    }

  calls = _sluice_plan_format_count (slowest->calls);
  add_warning (warnings, "trigger-time", node_for_trigger (plan, slowest),
               g_strdup_printf (_("Triggers took %.1f ms, %.0f%% of the %.1f ms execution; the slowest is "
                                  "%s (%.1f ms in %s calls). Row-by-row triggers and foreign keys without an "
                                  "index on the referencing columns are the usual cause."),
                                total, percent_floor (100 * MIN (total, execution) / execution), execution,
                                slowest->name != NULL ? slowest->name : "?", slowest->time_ms, calls));
}

GPtrArray *
sluice_plan_advise (SluicePlan *plan)
{
  GPtrArray *warnings = g_ptr_array_new_with_free_func ((GDestroyNotify) sluice_plan_warning_free);
  GPtrArray *nodes;

  g_return_val_if_fail (SLUICE_IS_PLAN (plan), warnings);

  nodes = sluice_plan_get_nodes (plan);
  for (guint i = 0; i < nodes->len; i++)
    {
      SluicePlanNode *node = g_ptr_array_index (nodes, i);
      g_autofree char *label = sluice_plan_node_dup_label (node);

      /* Sort, hash and bitmap figures come with ANALYZE only; estimates
       * need a node that ran. */
      if (!sluice_plan_node_has_actuals (node))
        continue;

      check_misestimate (warnings, node, label);
      check_seq_scan (warnings, node, label);
      check_sort (warnings, node, label);
      check_hash (warnings, node, label);
      check_nested_loop (warnings, node, label);
      check_lossy_bitmap (warnings, node, label);
      check_heap_fetches (warnings, node, label);
      check_workers (warnings, node, label);
    }

  if (sluice_plan_get_root (plan) != NULL)
    {
      check_jit (warnings, plan);
      check_triggers (warnings, plan);
    }

  return warnings;
}
