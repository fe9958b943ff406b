/* sluice-plan.c: an EXPLAIN plan, its nodes and its summary
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "sluice-error.h"
#include "sluice-plan-private.h"

struct _SluicePlan
{
  GObject               parent_instance;

  SluicePlanFormat      format;
  char                 *source;
  JsonNode             *json_plan;     /* EXPLAIN's JSON, for saving */
  char                 *plan_text;     /* EXPLAIN's text, for saving */

  GPtrArray            *nodes;         /* of SluicePlanNode, pre-order */
  guint                 max_depth;
  gboolean              has_actuals;
  gboolean              has_timing;
  gboolean              has_buffers;

  double                planning_ms;
  double                execution_ms;
  double                total_ms;
  double                exclusive_sum_ms;
  SluicePlanBuffers    *planning_buffers;
  SluicePlanJit        *jit;
  GPtrArray            *triggers;
  GPtrArray            *settings;
  GPtrArray            *summary_properties;
  double                serialization_ms;
  gint64                serialization_kb;
  char                 *serialization_format;

  char                 *query;
  SluiceExplainOptions  options;
  int                   server_version;
  GDateTime            *captured_at;
  gboolean              rolled_back;
};

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

/* Summary pieces */

void
_sluice_plan_trigger_free (SluicePlanTrigger *trigger)
{
  if (trigger == NULL)
    return;

  g_free (trigger->name);
  g_free (trigger->constraint_name);
  g_free (trigger->relation);
  g_free (trigger);
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

/* Building (for the parsers) */

SluicePlan *
_sluice_plan_new (SluicePlanFormat  format,
                  const char       *source,
                  gsize             length)
{
  SluicePlan *self = g_object_new (SLUICE_TYPE_PLAN, NULL);

  self->format = format;
  /* A plain copy: g_strndup () looks at every byte of what may be
   * megabytes for a NUL; as a string the copy reads the same either way. */
  if (source != NULL)
    {
      self->source = g_malloc (length + 1);
      memcpy (self->source, source, length);
      self->source[length] = '\0';
    }

  return self;
}

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

SluicePlanBuffers *
_sluice_plan_ensure_planning_buffers (SluicePlan *self)
{
  if (self->planning_buffers == NULL)
    self->planning_buffers = g_new0 (SluicePlanBuffers, 1);
  return self->planning_buffers;
}

SluicePlanJit *
_sluice_plan_ensure_jit (SluicePlan *self)
{
  if (self->jit == NULL)
    {
      self->jit = g_new0 (SluicePlanJit, 1);
      self->jit->deform_ms = -1;
    }
  return self->jit;
}

void
_sluice_plan_add_trigger (SluicePlan        *self,
                          SluicePlanTrigger *trigger)
{
  g_ptr_array_add (self->triggers, trigger);
}

void
_sluice_plan_add_setting (SluicePlan *self,
                          const char *name,
                          const char *value)
{
  _sluice_plan_properties_add (self->settings, name, value);
}

void
_sluice_plan_add_summary_property (SluicePlan *self,
                                   const char *key,
                                   const char *value)
{
  _sluice_plan_properties_add (self->summary_properties, key, value);
}

void
_sluice_plan_set_planning_ms (SluicePlan *self,
                              double      ms)
{
  self->planning_ms = ms;
}

void
_sluice_plan_set_execution_ms (SluicePlan *self,
                               double      ms)
{
  self->execution_ms = ms;
}

void
_sluice_plan_set_serialization (SluicePlan *self,
                                double      ms,
                                gint64      kb,
                                const char *format)
{
  self->serialization_ms = ms;
  self->serialization_kb = kb;
  g_free (self->serialization_format);
  self->serialization_format = g_strdup (format);
}

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

/* Summary members of EXPLAIN (FORMAT JSON) */

static gboolean
json_number (JsonNode *value,
             double   *number)
{
  GType type;

  if (value == NULL || !JSON_NODE_HOLDS_VALUE (value))
    return FALSE;
  type = json_node_get_value_type (value);
  if (type != G_TYPE_INT64 && type != G_TYPE_DOUBLE)
    return FALSE;

  *number = json_node_get_double (value);
  return isfinite (*number);
}

static const char *
object_string (JsonObject *object,
               const char *member)
{
  JsonNode *value = json_object_get_member (object, member);

  if (value == NULL || !JSON_NODE_HOLDS_VALUE (value) ||
      json_node_get_value_type (value) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (value);
}

static double
object_number (JsonObject *object,
               const char *member,
               double      fallback)
{
  double number;

  if (!json_number (json_object_get_member (object, member), &number))
    return fallback;
  return number;
}

static gboolean
object_boolean (JsonObject *object,
                const char *member)
{
  JsonNode *value = json_object_get_member (object, member);

  return value != NULL && JSON_NODE_HOLDS_VALUE (value) &&
         json_node_get_value_type (value) == G_TYPE_BOOLEAN &&
         json_node_get_boolean (value);
}

static gboolean
apply_planning (SluicePlan   *self,
                JsonNode     *value,
                const char  **problem)
{
  SluicePlanBuffers *buffers;
  JsonObjectIter iter;
  const char *member;
  JsonNode *member_value;

  if (!JSON_NODE_HOLDS_OBJECT (value))
    {
      *problem = N_("should be an object");
      return FALSE;
    }

  buffers = _sluice_plan_ensure_planning_buffers (self);
  json_object_iter_init (&iter, json_node_get_object (value));
  while (json_object_iter_next (&iter, &member, &member_value))
    {
      gboolean is_number;

      if (_sluice_plan_buffers_apply_member (buffers, member, member_value, &is_number))
        {
          if (!is_number)
            {
              *problem = N_("should hold numbers");
              return FALSE;
            }
          continue;
        }

      {
        g_autofree char *key = g_strdup_printf ("Planning %s", member);
        g_autofree char *text = _sluice_plan_json_to_text (member_value);

        _sluice_plan_add_summary_property (self, key, text);
      }
    }

  return TRUE;
}

static void
apply_jit_timing (SluicePlanJit *jit,
                  JsonObject    *timing)
{
  JsonNode *generation = json_object_get_member (timing, "Generation");

  /* PostgreSQL 17 made Generation an object with Deform and Total. */
  if (generation != NULL && JSON_NODE_HOLDS_OBJECT (generation))
    {
      JsonObject *object = json_node_get_object (generation);

      jit->generation_ms = object_number (object, "Total", 0);
      jit->deform_ms = object_number (object, "Deform", -1);
    }
  else
    jit->generation_ms = object_number (timing, "Generation", 0);

  jit->inlining_ms = object_number (timing, "Inlining", 0);
  jit->optimization_ms = object_number (timing, "Optimization", 0);
  jit->emission_ms = object_number (timing, "Emission", 0);
  jit->total_ms = object_number (timing, "Total", 0);
}

static gboolean
apply_jit (SluicePlan   *self,
           JsonNode     *value,
           const char  **problem)
{
  SluicePlanJit *jit;
  JsonObject *object;
  JsonNode *options, *timing;

  if (!JSON_NODE_HOLDS_OBJECT (value))
    {
      *problem = N_("should be an object");
      return FALSE;
    }

  object = json_node_get_object (value);
  jit = _sluice_plan_ensure_jit (self);
  jit->functions = (gint64) object_number (object, "Functions", 0);

  options = json_object_get_member (object, "Options");
  if (options != NULL && JSON_NODE_HOLDS_OBJECT (options))
    {
      JsonObject *o = json_node_get_object (options);

      jit->inlining = object_boolean (o, "Inlining");
      jit->optimization = object_boolean (o, "Optimization");
      jit->expressions = object_boolean (o, "Expressions");
      jit->deforming = object_boolean (o, "Deforming");
    }

  timing = json_object_get_member (object, "Timing");
  if (timing != NULL && JSON_NODE_HOLDS_OBJECT (timing))
    apply_jit_timing (jit, json_node_get_object (timing));

  return TRUE;
}

static gboolean
apply_triggers (SluicePlan   *self,
                JsonNode     *value,
                const char  **problem)
{
  JsonArray *array;

  if (!JSON_NODE_HOLDS_ARRAY (value))
    {
      *problem = N_("should be a list");
      return FALSE;
    }

  array = json_node_get_array (value);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      SluicePlanTrigger *trigger;
      JsonObject *object;

      if (!JSON_NODE_HOLDS_OBJECT (element))
        {
          *problem = N_("should be a list of objects");
          return FALSE;
        }

      object = json_node_get_object (element);
      trigger = g_new0 (SluicePlanTrigger, 1);
      trigger->name = g_strdup (object_string (object, "Trigger Name"));
      trigger->constraint_name = g_strdup (object_string (object, "Constraint Name"));
      trigger->relation = g_strdup (object_string (object, "Relation"));
      trigger->time_ms = object_number (object, "Time", 0);
      trigger->calls = object_number (object, "Calls", 0);
      _sluice_plan_add_trigger (self, trigger);
    }

  return TRUE;
}

static gboolean
apply_settings (SluicePlan   *self,
                JsonNode     *value,
                const char  **problem)
{
  JsonObjectIter iter;
  const char *member;
  JsonNode *member_value;

  if (!JSON_NODE_HOLDS_OBJECT (value))
    {
      *problem = N_("should be an object");
      return FALSE;
    }

  json_object_iter_init (&iter, json_node_get_object (value));
  while (json_object_iter_next (&iter, &member, &member_value))
    {
      g_autofree char *text = _sluice_plan_json_to_text (member_value);

      _sluice_plan_add_setting (self, member, text);
    }

  return TRUE;
}

static gboolean
apply_serialization (SluicePlan   *self,
                     JsonNode     *value,
                     const char  **problem)
{
  JsonObject *object;

  if (!JSON_NODE_HOLDS_OBJECT (value))
    {
      *problem = N_("should be an object");
      return FALSE;
    }

  object = json_node_get_object (value);
  _sluice_plan_set_serialization (self,
                                  object_number (object, "Time", -1),
                                  (gint64) object_number (object, "Output Volume", -1),
                                  object_string (object, "Format"));
  return TRUE;
}

gboolean
_sluice_plan_apply_summary_member (SluicePlan   *self,
                                   const char   *key,
                                   JsonNode     *value,
                                   const char  **problem)
{
  double number;

  *problem = NULL;

  if (g_str_equal (key, "Planning Time") || g_str_equal (key, "Execution Time") ||
      g_str_equal (key, "Total Runtime"))
    {
      if (!json_number (value, &number))
        {
          *problem = N_("should be a number");
          return FALSE;
        }
      if (g_str_equal (key, "Planning Time"))
        self->planning_ms = number;
      else
        self->execution_ms = number;
      return TRUE;
    }

  if (g_str_equal (key, "Planning"))
    return apply_planning (self, value, problem);
  if (g_str_equal (key, "JIT"))
    return apply_jit (self, value, problem);
  if (g_str_equal (key, "Triggers"))
    return apply_triggers (self, value, problem);
  if (g_str_equal (key, "Settings"))
    return apply_settings (self, value, problem);
  if (g_str_equal (key, "Serialization"))
    return apply_serialization (self, value, problem);

  if (g_str_equal (key, "Query Text"))
    {
      if (JSON_NODE_HOLDS_VALUE (value) && json_node_get_value_type (value) == G_TYPE_STRING)
        sluice_plan_set_query (self, json_node_get_string (value));
      return TRUE;
    }

  {
    g_autofree char *text = _sluice_plan_json_to_text (value);

    _sluice_plan_add_summary_property (self, key, text);
  }

  return TRUE;
}

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

      _sluice_plan_node_finish (node);
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

/* Size and frames */

gboolean
_sluice_plan_check_size (gsize    length,
                         GError **error)
{
  g_autofree char *size = NULL;
  g_autofree char *limit = NULL;

  if (length <= SLUICE_PLAN_MAX_INPUT_BYTES)
    return TRUE;

  size = g_format_size_full (length, G_FORMAT_SIZE_IEC_UNITS);
  limit = g_format_size_full (SLUICE_PLAN_MAX_INPUT_BYTES, G_FORMAT_SIZE_IEC_UNITS);
  g_set_error (error, SLUICE_ERROR, SLUICE_ERROR_INVALID_INPUT,
               _("The plan is %s, more than the %s Sluice reads, so nothing was read. "
                 "Check that only the plan was pasted, or run EXPLAIN on a smaller part of the query."),
               size, limit);
  return FALSE;
}

static gboolean
is_blank (const char *line,
          gsize       length)
{
  for (gsize i = 0; i < length; i++)
    if (!g_ascii_isspace (line[i]))
      return FALSE;
  return TRUE;
}

/* Trims blanks at both ends of [*start, *start + *length). */
static void
trim (const char **start,
      gsize       *length)
{
  while (*length > 0 && g_ascii_isspace ((*start)[0]))
    {
      (*start)++;
      (*length)--;
    }
  while (*length > 0 && g_ascii_isspace ((*start)[*length - 1]))
    (*length)--;
}

static gboolean
is_rule (const char *line,
         gsize       length)
{
  trim (&line, &length);
  if (length == 0)
    return FALSE;
  for (gsize i = 0; i < length; i++)
    if (line[i] != '-' && line[i] != '+' && line[i] != '|')
      return FALSE;
  return memchr (line, '-', length) != NULL;
}

static gboolean
is_header (const char *line,
           gsize       length)
{
  trim (&line, &length);
  if (length > 0 && line[0] == '|')
    {
      line++;
      length--;
    }
  if (length > 0 && line[length - 1] == '|')
    length--;
  trim (&line, &length);
  return length == strlen ("QUERY PLAN") && memcmp (line, "QUERY PLAN", length) == 0;
}

static gboolean
is_footer (const char *line,
           gsize       length)
{
  gsize i = 1;

  trim (&line, &length);
  if (length < 7 || line[0] != '(' || line[length - 1] != ')')
    return FALSE;
  while (i < length && g_ascii_isdigit (line[i]))
    i++;
  if (i == 1)
    return FALSE;
  return (length - i == strlen (" rows)") && memcmp (line + i, " rows)", length - i) == 0) ||
         (length - i == strlen (" row)") && memcmp (line + i, " row)", length - i) == 0);
}

typedef struct
{
  const char *start;
  gsize       length;
} Line;

static GArray *
split_lines (const char *data,
             gsize       length)
{
  GArray *lines = g_array_new (FALSE, FALSE, sizeof (Line));
  gsize start = 0;

  for (gsize i = 0; i <= length; i++)
    {
      if (i == length || data[i] == '\n')
        {
          Line line = { data + start, i - start };

          if (line.length > 0 && line.start[line.length - 1] == '\r')
            line.length--;
          if (i < length || line.length > 0)
            g_array_append_val (lines, line);
          start = i + 1;
        }
    }

  return lines;
}

static gboolean
ends_with_plus (const Line *line)
{
  gsize length = line->length;

  while (length > 0 && line->start[length - 1] == ' ')
    length--;
  return length > 0 && line->start[length - 1] == '+';
}

/* Whether there can be a frame or "+" marks to take off: a first line
 * that is a rule or the header, or a line ending with "+".  One pass and
 * no allocation, as most pastes have neither. */
static gboolean
may_have_frame (const char *data,
                gsize       length)
{
  gsize first = 0, first_end;

  while (first < length && g_ascii_isspace (data[first]))
    first++;
  first_end = first;
  while (first_end < length && data[first_end] != '\n')
    first_end++;
  if (first < length && (data[first] == '-' || data[first] == '+' ||
                         (first_end - first >= strlen ("QUERY PLAN") &&
                          memcmp (data + first, "QUERY PLAN", strlen ("QUERY PLAN")) == 0)))
    return TRUE;

  /* psql marks every line of a cell but its last: the first lines say. */
  for (gsize i = 0, lines = 0; i < length && lines < 64; i++)
    {
      gsize j = i;

      if (data[i] != '\n' && i + 1 != length)
        continue;
      lines++;
      if (data[i] != '\n')
        j = i + 1;
      while (j > 0 && (data[j - 1] == ' ' || data[j - 1] == '\r'))
        j--;
      if (j > 0 && data[j - 1] == '+')
        return TRUE;
    }

  return FALSE;
}

char *
_sluice_plan_unframe (const char *data,
                      gsize       length,
                      gsize      *out_length)
{
  g_autoptr(GArray) lines = NULL;
  g_autoptr(GString) text = NULL;
  gboolean framed = FALSE;
  gboolean bordered = FALSE;
  guint n_content = 0, n_plus = 0;
  guint first = 0;

  if (!may_have_frame (data, length))
    {
      *out_length = length;
      return NULL;
    }

  lines = split_lines (data, length);
  text = g_string_sized_new (length + 1);

  /* The header: "QUERY PLAN" over a rule, perhaps under a rule. */
  while (first < lines->len && is_blank (g_array_index (lines, Line, first).start,
                                         g_array_index (lines, Line, first).length))
    first++;
  if (first < lines->len && is_rule (g_array_index (lines, Line, first).start,
                                     g_array_index (lines, Line, first).length))
    {
      bordered = TRUE;
      first++;
    }
  if (first + 1 < lines->len &&
      is_header (g_array_index (lines, Line, first).start, g_array_index (lines, Line, first).length) &&
      is_rule (g_array_index (lines, Line, first + 1).start, g_array_index (lines, Line, first + 1).length))
    framed = TRUE;
  else
    bordered = FALSE;

  for (guint i = 0; i < lines->len; i++)
    {
      Line *line = &g_array_index (lines, Line, i);

      if (framed && (is_rule (line->start, line->length) || is_header (line->start, line->length) ||
                     is_footer (line->start, line->length)))
        {
          line->length = 0;
          continue;
        }

      if (framed && bordered && line->length > 0 && line->start[0] == '|')
        {
          line->start++;
          line->length--;
          while (line->length > 0 && line->start[line->length - 1] == ' ')
            line->length--;
          if (line->length > 0 && line->start[line->length - 1] == '|')
            line->length--;
        }

      /* psql's one-space margin. */
      if (framed && line->length > 0 && line->start[0] == ' ')
        {
          line->start++;
          line->length--;
        }

      if (!is_blank (line->start, line->length))
        {
          n_content++;
          if (ends_with_plus (line))
            n_plus++;
        }
    }

  /* A multi-line cell ends every line but its last with "+": strip the
   * marks when they are psql's, not when one line happens to end so. */
  if (n_plus > 0 && (framed || n_plus * 2 >= n_content - 1))
    {
      for (guint i = 0; i < lines->len; i++)
        {
          Line *line = &g_array_index (lines, Line, i);

          if (ends_with_plus (line))
            {
              while (line->length > 0 && line->start[line->length - 1] == ' ')
                line->length--;
              line->length--;
            }
        }
    }

  for (guint i = 0; i < lines->len; i++)
    {
      Line *line = &g_array_index (lines, Line, i);

      while (line->length > 0 && g_ascii_isspace (line->start[line->length - 1]))
        line->length--;
      g_string_append_len (text, line->start, line->length);
      g_string_append_c (text, '\n');
    }

  *out_length = text->len;
  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* Reading */

SluicePlan *
sluice_plan_new_from_json (const char  *data,
                           gsize        length,
                           GError     **error)
{
  g_autofree char *unframed = NULL;
  gsize unframed_length;

  g_return_val_if_fail (data != NULL || length == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!_sluice_plan_check_size (length, error))
    return NULL;

  unframed = _sluice_plan_unframe (data, length, &unframed_length);
  return _sluice_plan_parse_json (unframed != NULL ? unframed : data, unframed_length, data, length, error);
}

SluicePlan *
sluice_plan_new_from_text (const char  *data,
                           gsize        length,
                           GError     **error)
{
  g_autofree char *unframed = NULL;
  gsize unframed_length;

  g_return_val_if_fail (data != NULL || length == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!_sluice_plan_check_size (length, error))
    return NULL;

  unframed = _sluice_plan_unframe (data, length, &unframed_length);
  return _sluice_plan_parse_text (unframed != NULL ? unframed : data, unframed_length, data, length, error);
}

SluicePlan *
sluice_plan_new_from_data (const char  *data,
                           gsize        length,
                           GError     **error)
{
  g_autofree char *unframed = NULL;
  const char *text;
  gsize unframed_length;
  gsize i = 0;

  g_return_val_if_fail (data != NULL || length == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!_sluice_plan_check_size (length, error))
    return NULL;

  unframed = _sluice_plan_unframe (data, length, &unframed_length);
  text = unframed != NULL ? unframed : data;

  if (unframed_length >= 3 && memcmp (text, "\xef\xbb\xbf", 3) == 0)
    i = 3;
  while (i < unframed_length && g_ascii_isspace (text[i]))
    i++;

  if (i < unframed_length && (text[i] == '[' || text[i] == '{'))
    return _sluice_plan_parse_json (text, unframed_length, data, length, error);
  return _sluice_plan_parse_text (text, unframed_length, data, length, error);
}

SluicePlan *
sluice_plan_new_from_file (GFile         *file,
                           GCancellable  *cancellable,
                           GError       **error)
{
  g_autoptr(GFileInfo) info = NULL;
  g_autofree char *contents = NULL;
  g_autoptr(GError) local_error = NULL;
  gsize length;
  SluicePlan *plan;

  g_return_val_if_fail (G_IS_FILE (file), NULL);

  /* Refuse a huge file before reading it into memory. */
  info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_SIZE, G_FILE_QUERY_INFO_NONE,
                            cancellable, NULL);
  if (info != NULL && !_sluice_plan_check_size (g_file_info_get_size (info), error))
    return NULL;

  if (!g_file_load_contents (file, cancellable, &contents, &length, NULL, error))
    return NULL;

  plan = sluice_plan_new_from_data (contents, length, &local_error);
  if (plan == NULL)
    {
      g_autofree char *name = g_file_get_parse_name (file);

      g_set_error (error, local_error->domain, local_error->code,
                   "%s: %s", name, local_error->message);
      return NULL;
    }

  return plan;
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
