/* sluice-plan.c: an EXPLAIN plan: the GObject type, its properties and
 * its getters, and SluiceExplainOptions
 *
 * What builds a plan lives beside it: sluice-plan-read.c takes the input
 * and picks a parser, sluice-plan-frame.c takes psql's frame off,
 * sluice-plan-build.c adds the nodes and finishes the plan, and
 * sluice-plan-summary.c reads what EXPLAIN prints after the tree.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "sluice-plan-private.h"

G_DEFINE_FINAL_TYPE (SluicePlan, sluice_plan, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_SOURCE_FORMAT,
  PROP_N_NODES,
  PROP_PLANNING_MS,
  PROP_EXECUTION_MS,
  PROP_TOTAL_MS,
  PROP_QUERY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Options */

G_DEFINE_BOXED_TYPE (SluiceExplainOptions, sluice_explain_options,
                     sluice_explain_options_copy, sluice_explain_options_free)

SluiceExplainOptions *
sluice_explain_options_new (void)
{
  SluiceExplainOptions *options = g_new0 (SluiceExplainOptions, 1);

  options->analyze = TRUE;
  options->buffers = TRUE;
  options->timing = TRUE;

  return options;
}

SluiceExplainOptions *
sluice_explain_options_copy (const SluiceExplainOptions *options)
{
  g_return_val_if_fail (options != NULL, NULL);

  return g_memdup2 (options, sizeof *options);
}

void
sluice_explain_options_free (SluiceExplainOptions *options)
{
  g_free (options);
}

/* GObject */

static void
sluice_plan_finalize (GObject *object)
{
  SluicePlan *self = (SluicePlan *) object;

  /* A node someone still holds must not point into freed nodes. */
  for (guint i = 0; i < self->nodes->len; i++)
    {
      SluicePlanNode *node = g_ptr_array_index (self->nodes, i);

      node->parent = NULL;
      g_ptr_array_set_size (node->children, 0);
    }

  g_clear_pointer (&self->nodes, g_ptr_array_unref);
  g_clear_pointer (&self->strings, _sluice_plan_strings_unref);
  if (self->source_borrowed)
    self->source = NULL;
  g_clear_pointer (&self->source, g_free);
  g_clear_pointer (&self->json_plan, json_node_unref);
  g_clear_pointer (&self->plan_text, g_free);
  g_clear_pointer (&self->planning_buffers, g_free);
  g_clear_pointer (&self->jit, g_free);
  g_clear_pointer (&self->triggers, g_ptr_array_unref);
  g_clear_pointer (&self->settings, g_ptr_array_unref);
  g_clear_pointer (&self->summary_properties, g_ptr_array_unref);
  g_clear_pointer (&self->serialization_format, g_free);
  g_clear_pointer (&self->query, g_free);
  g_clear_pointer (&self->captured_at, g_date_time_unref);

  G_OBJECT_CLASS (sluice_plan_parent_class)->finalize (object);
}

static void
sluice_plan_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  SluicePlan *self = SLUICE_PLAN (object);

  switch (prop_id)
    {
    case PROP_SOURCE_FORMAT:
      g_value_set_int (value, self->format);
      break;
    case PROP_N_NODES:
      g_value_set_uint (value, self->nodes->len);
      break;
    case PROP_PLANNING_MS:
      g_value_set_double (value, self->planning_ms);
      break;
    case PROP_EXECUTION_MS:
      g_value_set_double (value, self->execution_ms);
      break;
    case PROP_TOTAL_MS:
      g_value_set_double (value, self->total_ms);
      break;
    case PROP_QUERY:
      g_value_set_string (value, self->query);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sluice_plan_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  SluicePlan *self = SLUICE_PLAN (object);

  switch (prop_id)
    {
    case PROP_QUERY:
      sluice_plan_set_query (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sluice_plan_class_init (SluicePlanClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags readable = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;

  object_class->finalize = sluice_plan_finalize;
  object_class->get_property = sluice_plan_get_property;
  object_class->set_property = sluice_plan_set_property;

  properties[PROP_SOURCE_FORMAT] =
    g_param_spec_int ("source-format", NULL, NULL,
                      SLUICE_PLAN_FORMAT_JSON, SLUICE_PLAN_FORMAT_TEXT, SLUICE_PLAN_FORMAT_JSON,
                      readable);
  properties[PROP_N_NODES] = g_param_spec_uint ("n-nodes", NULL, NULL, 0, G_MAXUINT, 0, readable);
  properties[PROP_PLANNING_MS] = g_param_spec_double ("planning-ms", NULL, NULL, -1, G_MAXDOUBLE, -1, readable);
  properties[PROP_EXECUTION_MS] = g_param_spec_double ("execution-ms", NULL, NULL, -1, G_MAXDOUBLE, -1, readable);
  properties[PROP_TOTAL_MS] = g_param_spec_double ("total-ms", NULL, NULL, 0, G_MAXDOUBLE, 0, readable);
  properties[PROP_QUERY] =
    g_param_spec_string ("query", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
sluice_plan_init (SluicePlan *self)
{
  self->nodes = g_ptr_array_new_with_free_func (g_object_unref);
  self->triggers = g_ptr_array_new_with_free_func ((GDestroyNotify) _sluice_plan_trigger_free);
  self->settings = g_ptr_array_new_with_free_func ((GDestroyNotify) _sluice_plan_property_free);
  self->summary_properties = g_ptr_array_new_with_free_func ((GDestroyNotify) _sluice_plan_property_free);
  self->planning_ms = -1;
  self->execution_ms = -1;
  self->serialization_ms = -1;
  self->serialization_kb = -1;
  self->options.timing = TRUE;
}

/* Building (for the parsers; the rest is in sluice-plan-build.c) */

SluicePlan *
_sluice_plan_new (SluicePlanFormat  format,
                  const char       *source,
                  gsize             length)
{
  SluicePlan *self = g_object_new (SLUICE_TYPE_PLAN, NULL);

  self->format = format;
  self->strings = _sluice_plan_strings_new ();
  /* Not copied yet: a plan the careful path has to read again is thrown
   * away, and the one handed out may take the caller's own buffer. */
  self->source = (char *) source;
  self->source_length = length;
  self->source_borrowed = source != NULL;

  return self;
}

void
_sluice_plan_keep_source (SluicePlan *self,
                          char       *owned)
{
  const char *borrowed = self->source;

  if (!self->source_borrowed)
    return;

  self->source_borrowed = FALSE;
  if (owned != NULL && borrowed == owned)
    return;

  /* A plain copy: g_strndup () looks at every byte of what may be
   * megabytes for a NUL; as a string the copy reads the same either way. */
  self->source = g_malloc (self->source_length + 1);
  memcpy (self->source, borrowed, self->source_length);
  self->source[self->source_length] = '\0';
}

/* Getters */

SluicePlanFormat
sluice_plan_get_source_format (SluicePlan *self)
{
  g_return_val_if_fail (SLUICE_IS_PLAN (self), SLUICE_PLAN_FORMAT_JSON);

  return self->format;
}

const char *
sluice_plan_get_source (SluicePlan *self)
{
  g_return_val_if_fail (SLUICE_IS_PLAN (self), NULL);
  g_return_val_if_fail (!self->source_borrowed, NULL);

  return self->source;
}

SluicePlanNode *
sluice_plan_get_root (SluicePlan *self)
{
  g_return_val_if_fail (SLUICE_IS_PLAN (self), NULL);

  return self->nodes->len > 0 ? g_ptr_array_index (self->nodes, 0) : NULL;
}

guint
sluice_plan_get_n_nodes (SluicePlan *self)
{
  g_return_val_if_fail (SLUICE_IS_PLAN (self), 0);

  return self->nodes->len;
}

SluicePlanNode *
sluice_plan_get_node (SluicePlan *self,
                      guint       id)
{
  g_return_val_if_fail (SLUICE_IS_PLAN (self), NULL);

  return id < self->nodes->len ? g_ptr_array_index (self->nodes, id) : NULL;
}

GPtrArray *
sluice_plan_get_nodes (SluicePlan *self)
{
  g_return_val_if_fail (SLUICE_IS_PLAN (self), NULL);

  return self->nodes;
}

guint
sluice_plan_get_max_depth (SluicePlan *self)
{
  g_return_val_if_fail (SLUICE_IS_PLAN (self), 0);

  return self->max_depth;
}

gboolean
sluice_plan_has_actuals (SluicePlan *self)
{
  g_return_val_if_fail (SLUICE_IS_PLAN (self), FALSE);

  return self->has_actuals;
}

gboolean
sluice_plan_has_timing (SluicePlan *self)
{
  g_return_val_if_fail (SLUICE_IS_PLAN (self), FALSE);

  return self->has_timing;
}

gboolean
sluice_plan_has_buffers (SluicePlan *self)
{
  g_return_val_if_fail (SLUICE_IS_PLAN (self), FALSE);

  return self->has_buffers;
}

double
sluice_plan_get_planning_ms (SluicePlan *self)
{
  g_return_val_if_fail (SLUICE_IS_PLAN (self), -1);

  return self->planning_ms;
}

double
sluice_plan_get_execution_ms (SluicePlan *self)
{
  g_return_val_if_fail (SLUICE_IS_PLAN (self), -1);

  return self->execution_ms;
}

double
sluice_plan_get_total_ms (SluicePlan *self)
{
  g_return_val_if_fail (SLUICE_IS_PLAN (self), 0);

  return self->total_ms;
}

double
sluice_plan_get_exclusive_sum_ms (SluicePlan *self)
{
  g_return_val_if_fail (SLUICE_IS_PLAN (self), 0);

  return self->exclusive_sum_ms;
}

const SluicePlanBuffers *
sluice_plan_get_planning_buffers (SluicePlan *self)
{
  g_return_val_if_fail (SLUICE_IS_PLAN (self), NULL);

  return self->planning_buffers;
}

const SluicePlanJit *
sluice_plan_get_jit (SluicePlan *self)
{
  g_return_val_if_fail (SLUICE_IS_PLAN (self), NULL);

  return self->jit;
}

GPtrArray *
sluice_plan_get_triggers (SluicePlan *self)
{
  g_return_val_if_fail (SLUICE_IS_PLAN (self), NULL);

  return self->triggers;
}

double
sluice_plan_get_trigger_ms (SluicePlan *self)
{
  double sum = 0;

  g_return_val_if_fail (SLUICE_IS_PLAN (self), 0);

  for (guint i = 0; i < self->triggers->len; i++)
    sum += ((SluicePlanTrigger *) g_ptr_array_index (self->triggers, i))->time_ms;
  return sum;
}

GPtrArray *
sluice_plan_get_settings (SluicePlan *self)
{
  g_return_val_if_fail (SLUICE_IS_PLAN (self), NULL);

  return self->settings;
}

double
sluice_plan_get_serialization_ms (SluicePlan *self)
{
  g_return_val_if_fail (SLUICE_IS_PLAN (self), -1);

  return self->serialization_ms;
}

gint64
sluice_plan_get_serialization_kb (SluicePlan *self)
{
  g_return_val_if_fail (SLUICE_IS_PLAN (self), -1);

  return self->serialization_kb;
}

const char *
sluice_plan_get_serialization_format (SluicePlan *self)
{
  g_return_val_if_fail (SLUICE_IS_PLAN (self), NULL);

  return self->serialization_format;
}

GPtrArray *
sluice_plan_get_summary_properties (SluicePlan *self)
{
  g_return_val_if_fail (SLUICE_IS_PLAN (self), NULL);

  return self->summary_properties;
}

const char *
sluice_plan_get_query (SluicePlan *self)
{
  g_return_val_if_fail (SLUICE_IS_PLAN (self), NULL);

  return self->query;
}

void
sluice_plan_set_query (SluicePlan *self,
                       const char *query)
{
  g_return_if_fail (SLUICE_IS_PLAN (self));

  if (g_strcmp0 (self->query, query) == 0)
    return;

  g_free (self->query);
  self->query = g_strdup (query);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_QUERY]);
}

const SluiceExplainOptions *
sluice_plan_get_options (SluicePlan *self)
{
  g_return_val_if_fail (SLUICE_IS_PLAN (self), NULL);

  return &self->options;
}

int
sluice_plan_get_server_version (SluicePlan *self)
{
  g_return_val_if_fail (SLUICE_IS_PLAN (self), 0);

  return self->server_version;
}

GDateTime *
sluice_plan_get_captured_at (SluicePlan *self)
{
  g_return_val_if_fail (SLUICE_IS_PLAN (self), NULL);

  return self->captured_at;
}

gboolean
sluice_plan_get_rolled_back (SluicePlan *self)
{
  g_return_val_if_fail (SLUICE_IS_PLAN (self), FALSE);

  return self->rolled_back;
}

static int
compare_exclusive_descending (gconstpointer a,
                              gconstpointer b)
{
  const SluicePlanNode *node_a = *(SluicePlanNode * const *) a;
  const SluicePlanNode *node_b = *(SluicePlanNode * const *) b;

  if (node_a->exclusive_ms != node_b->exclusive_ms)
    return node_a->exclusive_ms < node_b->exclusive_ms ? 1 : -1;
  return node_a->id < node_b->id ? -1 : node_a->id > node_b->id;
}

GPtrArray *
sluice_plan_get_top_nodes (SluicePlan *self,
                           guint       limit)
{
  GPtrArray *top;

  g_return_val_if_fail (SLUICE_IS_PLAN (self), NULL);

  /* Borrowed nodes: not g_ptr_array_copy(), which would take the
   * array's free function along. */
  top = g_ptr_array_sized_new (self->nodes->len);
  for (guint i = 0; i < self->nodes->len; i++)
    g_ptr_array_add (top, g_ptr_array_index (self->nodes, i));
  g_ptr_array_sort (top, compare_exclusive_descending);
  if (limit > 0 && top->len > limit)
    g_ptr_array_set_size (top, limit);

  return top;
}

const char *
sluice_plan_format_to_string (SluicePlanFormat format)
{
  return format == SLUICE_PLAN_FORMAT_TEXT ? "text" : "json";
}

char *
_sluice_plan_format_count (double count)
{
  static const struct { double scale; const char *suffix; } units[] = {
    { 1e9, "G" },
    { 1e6, "M" },
    { 1e3, "k" },
  };

  if (count < 0)
    return g_strdup ("?");

  for (guint i = 0; i < G_N_ELEMENTS (units); i++)
    {
      double scaled = count / units[i].scale;

      if (count < units[i].scale * 0.9995)
        continue;
      if (scaled < 9.95)
        return g_strdup_printf ("%.1f%s", scaled, units[i].suffix);
      return g_strdup_printf ("%.0f%s", scaled, units[i].suffix);
    }

  return g_strdup_printf ("%.0f", count);
}
