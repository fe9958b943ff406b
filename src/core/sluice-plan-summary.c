/* sluice-plan-summary.c: what EXPLAIN prints after the tree: planning
 * and execution time, planning buffers, triggers, JIT, settings and
 * serialization
 *
 * The JSON parsers hand each top-level member but "Plan" to
 * _sluice_plan_apply_summary_member(); the text parser fills the same
 * fields through the setters here.  Apart from the plan's type because
 * it is reading, not the object, and apart from the nodes because none of
 * it belongs to one.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>

#include <glib/gi18n-lib.h>

#include "sluice-plan-private.h"

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

/* Building the summary (for the parsers) */

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
