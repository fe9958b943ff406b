/* sluice-plan-build.c: putting a plan together, for the parsers: nodes
 * added in pre-order, the source kept for saving, how it was captured,
 * and the finish once every node is in
 *
 * The parsers call these as they go; the finish then works out what the
 * nodes say of the whole plan (actuals, timing, buffers, the options it
 * was likely captured with) and runs the model (sluice-plan-model.c).
 * Apart from the plan's type, which only holds and hands out the result.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sluice-plan-private.h"

/* Nodes */

void
_sluice_plan_add_node (SluicePlan     *self,
                       SluicePlanNode *node,
                       SluicePlanNode *parent)
{
  node->id = self->nodes->len;
  node->parent = parent;
  node->depth = parent != NULL ? parent->depth + 1 : 0;
  if (parent != NULL)
    g_ptr_array_add (parent->children, node);
  else
    node->relationship = SLUICE_PLAN_RELATIONSHIP_NONE;

  self->max_depth = MAX (self->max_depth, node->depth);
  g_ptr_array_add (self->nodes, node);
}

/* Sources, kept for saving */

void
_sluice_plan_set_json_source (SluicePlan *self,
                              JsonNode   *plan)
{
  g_clear_pointer (&self->json_plan, json_node_unref);
  self->json_plan = plan != NULL ? json_node_ref (plan) : NULL;
}

JsonNode *
_sluice_plan_get_json_source (SluicePlan *self)
{
  return self->json_plan;
}

void
_sluice_plan_set_text_source (SluicePlan *self,
                              const char *text,
                              gsize       length)
{
  g_free (self->plan_text);
  self->plan_text = g_strndup (text, length);
}

const char *
_sluice_plan_get_text_source (SluicePlan *self)
{
  return self->plan_text;
}

/* Capture */

void
_sluice_plan_set_capture (SluicePlan                 *self,
                          const SluiceExplainOptions *options,
                          int                         server_version,
                          GDateTime                  *captured_at,
                          gboolean                    rolled_back)
{
  if (options != NULL)
    self->options = *options;
  self->server_version = server_version;
  g_clear_pointer (&self->captured_at, g_date_time_unref);
  self->captured_at = captured_at != NULL ? g_date_time_ref (captured_at) : NULL;
  self->rolled_back = rolled_back;
}

/* Finishing */

/* What a plan read from outside says about how it was captured. */
static void
guess_options (SluicePlan *self)
{
  self->options.analyze = self->has_actuals;
  self->options.timing = self->has_timing || !self->has_actuals;
  self->options.buffers = self->has_buffers;
  self->options.settings = self->settings->len > 0;
  self->options.serialize = self->serialization_ms >= 0;

  for (guint i = 0; i < self->nodes->len; i++)
    {
      SluicePlanNode *node = g_ptr_array_index (self->nodes, i);

      if (node->output != NULL)
        self->options.verbose = TRUE;
      if (node->buffers.wal_records > 0 || node->buffers.wal_bytes > 0)
        self->options.wal = TRUE;
    }
}

void
_sluice_plan_finish (SluicePlan *self)
{
  self->has_actuals = FALSE;
  self->has_timing = FALSE;
  self->has_buffers = FALSE;

  for (guint i = 0; i < self->nodes->len; i++)
    {
      SluicePlanNode *node = g_ptr_array_index (self->nodes, i);

      self->has_actuals |= node->has_actuals;
      self->has_timing |= node->has_timing;
      self->has_buffers |= node->has_buffers;
    }

  /* The text format leaves out a "Buffers:" line that would be all
   * zeros: with BUFFERS on, every node has buffers, if only zeros. */
  for (guint i = 0; self->has_buffers && i < self->nodes->len; i++)
    ((SluicePlanNode *) g_ptr_array_index (self->nodes, i))->has_buffers = TRUE;

  guess_options (self);
  _sluice_plan_compute_model (self);

  /* The model's totals, kept for the getters. */
  self->exclusive_sum_ms = 0;
  for (guint i = 0; i < self->nodes->len; i++)
    self->exclusive_sum_ms += ((SluicePlanNode *) g_ptr_array_index (self->nodes, i))->exclusive_ms;
}

void
_sluice_plan_set_total_ms (SluicePlan *self,
                           double      total_ms)
{
  self->total_ms = total_ms;
}
