/* sluice-plan-model.c: where a plan's time goes, worked out per node
 *
 * EXPLAIN ANALYZE gives, per node, the average time of one loop including
 * everything below it.  The model turns that into wall-clock milliseconds:
 *
 *   inclusive = actual total time × loops ÷ processes
 *
 * where processes is how many processes ran the node at once (the workers
 * launched by the Gather above it, plus the leader, as PEV2 counts them),
 * since EXPLAIN sums the time of all of them.  Exclusive time is
 * the inclusive time minus that of the children.  Three kinds of child need
 * care, because their time also shows up somewhere else:
 *
 *  - a CTE runs when a CTE Scan reads it, so its time is inside that CTE
 *    Scan (the longest of them when several read it), not only under the
 *    node it hangs from.  A CTE nothing reads (a data-modifying WITH) runs
 *    after the plan, outside every node;
 *  - an InitPlan runs when a node first needs its value ($0, or
 *    "(InitPlan 1)" from PostgreSQL 17), so its time is inside the first
 *    node that ran and whose conditions name it, else the node it hangs
 *    from;
 *  - either way, a node is never charged more than its own time left:
 *    the rest goes to its parents (runtime pruning evaluates a param in
 *    the Append above the scans that name it);
 *  - a SubPlan runs inside the expressions of the node it hangs from.
 *
 * Each child's time is thus taken off exactly one node, so the exclusive
 * times add up to the root's time (plus CTEs run after the plan), which
 * is the execution time but for executor start-up and AFTER triggers.
 * Buffers are made exclusive the same way.  Nothing here recurses: the
 * nodes are in pre-order, so walking the array backwards meets children
 * before parents.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "sluice-plan-private.h"

typedef struct
{
  GPtrArray          *nodes;
  double             *deduct;         /* time to take off each node */
  SluicePlanBuffers  *buffer_deduct;  /* buffers to take off each node */
  GHashTable         *cte_scans;      /* CTE name -> GArray of node ids */
  GHashTable         *param_users;    /* "$0" / "(InitPlan 1)" -> GArray of ids */
  gboolean            has_initplans;  /* CTEs or InitPlans to place */
} Model;

static gboolean is_initplan (SluicePlanNode *node);
static void     deduct_from (Model          *model,
                             guint           id,
                             SluicePlanNode *child,
                             double          share);

static SluicePlanNode *
node_at (Model *model,
         guint  id)
{
  return g_ptr_array_index (model->nodes, id);
}

static gboolean
is_gather (SluicePlanNode *node)
{
  return g_strcmp0 (node->node_type, "Gather") == 0 ||
         g_strcmp0 (node->node_type, "Gather Merge") == 0;
}

static void
compute_subtree_ends (Model *model)
{
  for (guint i = model->nodes->len; i-- > 0;)
    {
      SluicePlanNode *node = node_at (model, i);

      if (node->children->len > 0)
        node->subtree_end = ((SluicePlanNode *) g_ptr_array_index (node->children,
                                                                   node->children->len - 1))->subtree_end;
      else
        node->subtree_end = node->id + 1;
    }
}

static double
gather_processes (SluicePlanNode *gather)
{
  int workers = gather->workers_launched >= 0 ? gather->workers_launched : gather->workers_planned;

  if (gather->single_copy)
    return 1;
  return MAX (workers, 0) + 1;
}

static double
inclusive_of (SluicePlanNode *node)
{
  if (node->has_actuals && node->has_timing && node->actual_loops > 0 && node->actual_total_ms > 0)
    return node->actual_total_ms * node->actual_loops / node->processes;
  return 0;
}

/* The processes running each node, its inclusive time, and what its
 * parent's time holds of it: one walk over the nodes, a parent before its
 * children. */
static void
compute_processes (Model *model)
{
  for (guint i = 0; i < model->nodes->len; i++)
    {
      SluicePlanNode *node = node_at (model, i);
      double processes = 1;

      /* Every node below a Gather is divided by the same number, even one
       * that ran in fewer processes (a Parallel Append member): only so do
       * a parent's figures and its children's stay in one unit, and the
       * exclusive times add up. */
      if (node->parent != NULL)
        processes = node->parent->processes;
      /* The Gather's plan runs in the workers; its InitPlans run in the
       * leader before they start ("Params Evaluated"). */
      if (node->parent != NULL && is_gather (node->parent) &&
          node->relationship != SLUICE_PLAN_RELATIONSHIP_INIT_PLAN &&
          node->relationship != SLUICE_PLAN_RELATIONSHIP_SUBPLAN)
        processes = gather_processes (node->parent);

      node->processes = MAX (processes, 1);
      node->inclusive_ms = inclusive_of (node);

      /* A plain child's time is inside its parent's; CTEs and InitPlans
       * are placed once every node's own time is known. */
      if (node->parent == NULL)
        continue;
      if (is_initplan (node))
        model->has_initplans = TRUE;
      else
        deduct_from (model, node->parent->id, node, 1);
    }
}

/* Indexes */

static void
index_add (GHashTable *index,
           const char *key,
           guint       id)
{
  GArray *ids = g_hash_table_lookup (index, key);

  if (ids == NULL)
    {
      ids = g_array_new (FALSE, FALSE, sizeof (guint));
      g_hash_table_insert (index, g_strdup (key), ids);
    }

  /* Ids come in ascending order; a node naming a param twice counts once. */
  if (ids->len == 0 || g_array_index (ids, guint, ids->len - 1) != id)
    g_array_append_val (ids, id);
}

/* Adds every "$N" and "(InitPlan N)" that @text names to the index. */
static void
index_params (GHashTable *index,
              const char *text,
              guint       id)
{
  if (text == NULL)
    return;

  /* Most conditions name no param: jump from one '$' or '(' to the next
   * rather than looking at every byte. */
  for (const char *p = strpbrk (text, "$("); p != NULL && *p != '\0'; p = strpbrk (p + 1, "$("))
    {
      if (*p == '$' && g_ascii_isdigit (p[1]))
        {
          const char *end = p + 1;
          g_autofree char *token = NULL;

          while (g_ascii_isdigit (*end))
            end++;
          token = g_strndup (p, end - p);
          index_add (index, token, id);
          p = end - 1;
        }
      else if (*p == '(' && g_str_has_prefix (p, "(InitPlan ") && g_ascii_isdigit (p[10]))
        {
          const char *end = p + 10;
          g_autofree char *token = NULL;

          while (g_ascii_isdigit (*end))
            end++;
          if (*end != ')')
            continue;
          token = g_strndup (p, end + 1 - p);
          index_add (index, token, id);
          p = end;
        }
    }
}

static void
build_indexes (Model *model)
{
  for (guint i = 0; i < model->nodes->len; i++)
    {
      SluicePlanNode *node = node_at (model, i);
      const char *texts[] = {
        node->filter, node->index_cond, node->recheck_cond, node->join_filter,
        node->hash_cond, node->merge_cond, node->output, node->sort_key, node->group_key,
      };

      if (node->cte_name != NULL && g_strcmp0 (node->node_type, "CTE Scan") == 0)
        index_add (model->cte_scans, node->cte_name, node->id);

      for (guint t = 0; t < G_N_ELEMENTS (texts); t++)
        index_params (model->param_users, texts[t], node->id);
      for (guint p = 0; node->properties != NULL && p < node->properties->len; p++)
        index_params (model->param_users,
                      ((SluicePlanProperty *) g_ptr_array_index (node->properties, p))->value,
                      node->id);
    }
}

/* The first of @ids at or after @from. */
static guint
lower_bound (GArray *ids,
             guint   from)
{
  guint low = 0, high = ids->len;

  while (low < high)
    {
      guint middle = low + (high - low) / 2;

      if (g_array_index (ids, guint, middle) < from)
        low = middle + 1;
      else
        high = middle;
    }

  return low;
}

static gboolean
ran (SluicePlanNode *node)
{
  return !node->has_actuals || node->actual_loops > 0;
}

/* The first node of @ids inside @parent's subtree but outside @subplan's
 * that ran (runtime pruning leaves nodes that name a param unrun), or
 * G_MAXUINT. */
static guint
first_user (Model          *model,
            GArray         *ids,
            SluicePlanNode *parent,
            SluicePlanNode *subplan)
{
  for (guint i = lower_bound (ids, parent->id); i < ids->len; i++)
    {
      guint id = g_array_index (ids, guint, i);

      if (id >= parent->subtree_end)
        break;
      if (id >= subplan->id && id < subplan->subtree_end)
        {
          i = lower_bound (ids, subplan->subtree_end) - 1;
          continue;
        }
      if (ran (node_at (model, id)))
        return id;
    }

  return G_MAXUINT;
}

/* Deductions */

/* Rounds half away from zero, without libm. */
static gint64
round_count (double value)
{
  return (gint64) (value < 0 ? value - 0.5 : value + 0.5);
}

static void
buffers_add_scaled (SluicePlanBuffers       *sum,
                    const SluicePlanBuffers *other,
                    double                   scale)
{
  SluicePlanBuffers scaled = *other;

  if (scale != 1)
    {
      scaled.shared_hit = round_count (other->shared_hit * scale);
      scaled.shared_read = round_count (other->shared_read * scale);
      scaled.shared_dirtied = round_count (other->shared_dirtied * scale);
      scaled.shared_written = round_count (other->shared_written * scale);
      scaled.local_hit = round_count (other->local_hit * scale);
      scaled.local_read = round_count (other->local_read * scale);
      scaled.local_dirtied = round_count (other->local_dirtied * scale);
      scaled.local_written = round_count (other->local_written * scale);
      scaled.temp_read = round_count (other->temp_read * scale);
      scaled.temp_written = round_count (other->temp_written * scale);
      scaled.io_read_ms = other->io_read_ms * scale;
      scaled.io_write_ms = other->io_write_ms * scale;
      scaled.temp_io_read_ms = other->temp_io_read_ms * scale;
      scaled.temp_io_write_ms = other->temp_io_write_ms * scale;
      scaled.wal_records = round_count (other->wal_records * scale);
      scaled.wal_fpi = round_count (other->wal_fpi * scale);
      scaled.wal_bytes = round_count (other->wal_bytes * scale);
    }

  sluice_plan_buffers_add (sum, &scaled);
}

static void
deduct_from (Model          *model,
             guint           id,
             SluicePlanNode *child,
             double          share)
{
  model->deduct[id] += child->inclusive_ms * share;
  buffers_add_scaled (&model->buffer_deduct[id], &child->buffers, share);
}

/* Takes @amount of time off the node that spent it: @start, or, where
 * @start has less time of its own left than that, its parents up to
 * @owner (the node the subplan hangs from) for the rest.  The time was
 * spent inside some node's own work; taking it off a node that has not that
 * much left would only clamp at 0 and count it twice.  Returns the node
 * that took the most. */
static SluicePlanNode *
deduct_time_with_room (Model          *model,
                       SluicePlanNode *start,
                       SluicePlanNode *owner,
                       double          amount)
{
  double largest = -1;
  SluicePlanNode *largest_node = start;

  for (SluicePlanNode *node = start; node != NULL; node = node->parent)
    {
      double room = MAX (node->inclusive_ms - model->deduct[node->id], 0);
      double take = node == owner || node->parent == NULL ? amount : MIN (room, amount);

      model->deduct[node->id] += take;
      amount -= take;
      if (take > largest)
        {
          largest = take;
          largest_node = node;
        }
      if (amount <= 0 || node == owner)
        break;
    }

  return largest_node;
}

static void
deduct_with_room (Model          *model,
                  SluicePlanNode *start,
                  SluicePlanNode *owner,
                  SluicePlanNode *subplan)
{
  SluicePlanNode *taker = deduct_time_with_room (model, start, owner, subplan->inclusive_ms);

  /* Buffers go with the bulk of the time. */
  buffers_add_scaled (&model->buffer_deduct[taker->id], &subplan->buffers, 1);
}

static int
compare_inclusive_descending (gconstpointer a,
                              gconstpointer b,
                              gpointer      user_data)
{
  Model *model = user_data;
  double ia = node_at (model, *(const guint *) a)->inclusive_ms;
  double ib = node_at (model, *(const guint *) b)->inclusive_ms;

  if (ia != ib)
    return ia < ib ? 1 : -1;
  return *(const guint *) a < *(const guint *) b ? -1 : 1;
}

/* A CTE's time goes to the CTE Scans that read it: the first to read a
 * row runs the CTE for it, later ones read what is stored.  Which one
 * that was EXPLAIN does not say; the one that took longest most likely, so
 * the readers, longest first, each take what their own time has room for.
 * A CTE nothing read (a data-modifying WITH) ran after the plan, outside
 * every node: nothing is taken off. */
static void
deduct_cte (Model          *model,
            SluicePlanNode *cte,
            const char     *name)
{
  SluicePlanNode *parent = cte->parent;
  GArray *scans = g_hash_table_lookup (model->cte_scans, name);
  g_autoptr(GArray) readers = g_array_new (FALSE, FALSE, sizeof (guint));
  double remaining = cte->inclusive_ms;
  double largest = -1;
  guint largest_id = 0;

  if (scans == NULL)
    return;

  for (guint i = lower_bound (scans, parent->id); i < scans->len; i++)
    {
      guint id = g_array_index (scans, guint, i);

      if (id >= parent->subtree_end)
        break;
      if (id >= cte->id && id < cte->subtree_end)
        continue;
      g_array_append_val (readers, id);
    }

  if (readers->len == 0)
    return;

  g_array_sort_with_data (readers, compare_inclusive_descending, model);

  for (guint i = 0; i < readers->len && remaining > 0; i++)
    {
      guint id = g_array_index (readers, guint, i);
      SluicePlanNode *reader = node_at (model, id);
      double take = MIN (MAX (reader->inclusive_ms - model->deduct[id], 0), remaining);

      model->deduct[id] += take;
      remaining -= take;
      if (take > largest)
        {
          largest = take;
          largest_id = id;
        }
    }

  if (largest < 0)
    largest_id = g_array_index (readers, guint, 0);
  buffers_add_scaled (&model->buffer_deduct[largest_id], &cte->buffers, 1);

  /* More than the readers had: the rest from the nodes above them. */
  if (remaining > 0)
    {
      SluicePlanNode *first = node_at (model, g_array_index (readers, guint, 0));

      if (first != parent && first->parent != NULL)
        deduct_time_with_room (model, first->parent, parent, remaining);
      else
        model->deduct[parent->id] += remaining;
    }
}

/* The params an InitPlan sets: "$0", "$1" from "InitPlan 1 (returns
 * $0,$1)"; "(InitPlan 1)" from PostgreSQL 17's "InitPlan 1". */
static GPtrArray *
initplan_params (const char *name)
{
  GPtrArray *params = g_ptr_array_new_with_free_func (g_free);
  const char *returns = strstr (name, "(returns ");

  if (returns != NULL)
    {
      for (const char *p = returns; *p != '\0' && *p != ')'; p++)
        {
          if (*p == '$' && g_ascii_isdigit (p[1]))
            {
              const char *end = p + 1;

              while (g_ascii_isdigit (*end))
                end++;
              g_ptr_array_add (params, g_strndup (p, end - p));
              p = end - 1;
            }
        }
    }
  else if (g_str_has_prefix (name, "InitPlan ") && g_ascii_isdigit (name[9]))
    {
      const char *end = name + 9;

      while (g_ascii_isdigit (*end))
        end++;
      g_ptr_array_add (params, g_strdup_printf ("(%.*s)", (int) (end - name), name));
    }

  return params;
}

static void
deduct_initplan (Model          *model,
                 SluicePlanNode *initplan)
{
  SluicePlanNode *parent = initplan->parent;
  g_autoptr(GPtrArray) params = initplan_params (initplan->subplan_name);
  guint user = G_MAXUINT;
  SluicePlanNode *consumer;

  for (guint i = 0; i < params->len; i++)
    {
      GArray *ids = g_hash_table_lookup (model->param_users, g_ptr_array_index (params, i));

      if (ids != NULL)
        user = MIN (user, first_user (model, ids, parent, initplan));
    }

  consumer = user != G_MAXUINT ? node_at (model, user) : parent;

  /* The leader sets an InitPlan's value before the workers start: its time
   * is the Gather's, not a worker's. */
  while (consumer != parent && consumer->processes > 1 && consumer->parent != NULL && !is_gather (consumer))
    consumer = consumer->parent;

  deduct_with_room (model, consumer, parent, initplan);
}

static gboolean
is_initplan (SluicePlanNode *node)
{
  return node->parent != NULL && node->subplan_name != NULL &&
         (g_str_has_prefix (node->subplan_name, "CTE ") ||
          node->relationship == SLUICE_PLAN_RELATIONSHIP_INIT_PLAN);
}

/* Plain children are taken off first (compute_processes ()), so that
 * each node's own time left is known when the CTEs and InitPlans look for
 * a node with room for theirs; those go deepest first, as an inner one
 * runs inside an outer one. */
static void
compute_deductions (Model *model)
{
  if (!model->has_initplans)
    return;

  for (guint i = model->nodes->len; i-- > 1;)
    {
      SluicePlanNode *node = node_at (model, i);

      if (!is_initplan (node))
        continue;
      if (g_str_has_prefix (node->subplan_name, "CTE "))
        deduct_cte (model, node, node->subplan_name + strlen ("CTE "));
      else
        deduct_initplan (model, node);
    }
}

#define CLAMPED_DIFFERENCE(a, b) ((a) > (b) ? (a) - (b) : 0)

static void
subtract_buffers (SluicePlanBuffers       *result,
                  const SluicePlanBuffers *total,
                  const SluicePlanBuffers *deduct)
{
  result->shared_hit = CLAMPED_DIFFERENCE (total->shared_hit, deduct->shared_hit);
  result->shared_read = CLAMPED_DIFFERENCE (total->shared_read, deduct->shared_read);
  result->shared_dirtied = CLAMPED_DIFFERENCE (total->shared_dirtied, deduct->shared_dirtied);
  result->shared_written = CLAMPED_DIFFERENCE (total->shared_written, deduct->shared_written);
  result->local_hit = CLAMPED_DIFFERENCE (total->local_hit, deduct->local_hit);
  result->local_read = CLAMPED_DIFFERENCE (total->local_read, deduct->local_read);
  result->local_dirtied = CLAMPED_DIFFERENCE (total->local_dirtied, deduct->local_dirtied);
  result->local_written = CLAMPED_DIFFERENCE (total->local_written, deduct->local_written);
  result->temp_read = CLAMPED_DIFFERENCE (total->temp_read, deduct->temp_read);
  result->temp_written = CLAMPED_DIFFERENCE (total->temp_written, deduct->temp_written);
  result->io_read_ms = CLAMPED_DIFFERENCE (total->io_read_ms, deduct->io_read_ms);
  result->io_write_ms = CLAMPED_DIFFERENCE (total->io_write_ms, deduct->io_write_ms);
  result->temp_io_read_ms = CLAMPED_DIFFERENCE (total->temp_io_read_ms, deduct->temp_io_read_ms);
  result->temp_io_write_ms = CLAMPED_DIFFERENCE (total->temp_io_write_ms, deduct->temp_io_write_ms);
  result->wal_records = CLAMPED_DIFFERENCE (total->wal_records, deduct->wal_records);
  result->wal_fpi = CLAMPED_DIFFERENCE (total->wal_fpi, deduct->wal_fpi);
  result->wal_bytes = CLAMPED_DIFFERENCE (total->wal_bytes, deduct->wal_bytes);
}

static void
compute_estimate (SluicePlanNode *node)
{
  double actual, planned;

  node->misestimate = 1;
  node->estimate = SLUICE_PLAN_ESTIMATE_UNKNOWN;

  if (!node->has_actuals || !node->has_costs || node->actual_loops <= 0 || node->actual_rows < 0)
    return;

  /* Rows are per loop on both sides; below one row a ratio means nothing. */
  actual = MAX (node->actual_rows, 1);
  planned = MAX (node->plan_rows, 1);

  if (actual > planned)
    {
      node->misestimate = actual / planned;
      node->estimate = SLUICE_PLAN_ESTIMATE_UNDER;
    }
  else if (actual < planned)
    {
      node->misestimate = planned / actual;
      node->estimate = SLUICE_PLAN_ESTIMATE_OVER;
    }
  else
    node->estimate = SLUICE_PLAN_ESTIMATE_EXACT;
}

void
_sluice_plan_compute_model (SluicePlan *plan)
{
  Model model = { 0 };
  double sum = 0, total, execution_ms;
  guint n;

  model.nodes = sluice_plan_get_nodes (plan);
  n = model.nodes->len;
  model.deduct = g_new0 (double, MAX (n, 1));
  model.buffer_deduct = g_new0 (SluicePlanBuffers, MAX (n, 1));
  model.cte_scans = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_array_unref);
  model.param_users = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_array_unref);

  compute_subtree_ends (&model);
  compute_processes (&model);
  /* The indexes serve only to place the time of CTEs and InitPlans: most
   * plans have none, and a 10,000-node plan's conditions are not read
   * for nothing. */
  if (model.has_initplans)
    build_indexes (&model);
  compute_deductions (&model);

  /* With an execution time the total is known before the nodes are
   * summed, and each node's share is worked out as it goes. */
  execution_ms = sluice_plan_get_execution_ms (plan);
  total = execution_ms;

  for (guint i = 0; i < n; i++)
    {
      SluicePlanNode *node = node_at (&model, i);

      node->exclusive_ms = CLAMPED_DIFFERENCE (node->inclusive_ms, model.deduct[i]);
      subtract_buffers (&node->exclusive_buffers, &node->buffers, &model.buffer_deduct[i]);
      compute_estimate (node);
      sum += node->exclusive_ms;
      if (total > 0)
        node->share = MIN (node->exclusive_ms / total, 1.0);
    }

  if (!(execution_ms > 0))
    {
      total = sum;
      for (guint i = 0; i < n; i++)
        {
          SluicePlanNode *node = node_at (&model, i);

          node->share = total > 0 ? MIN (node->exclusive_ms / total, 1.0) : 0;
        }
    }
  _sluice_plan_set_total_ms (plan, total);

  g_free (model.deduct);
  g_free (model.buffer_deduct);
  g_hash_table_unref (model.cte_scans);
  g_hash_table_unref (model.param_users);
}
