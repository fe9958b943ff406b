/* sluice-plan-node-workers.c: the figures of each worker of a parallel
 * node ("Workers": [{ "Worker Number": 0, "Actual Rows": ... }])
 *
 * Apart from the member table because only nodes under a Gather have
 * them and they come as a list of objects, which always takes the general
 * path (_sluice_plan_node_apply_member()), never the parsers' shortcuts.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "sluice-plan-private.h"

/* Workers */

SluicePlanWorker *
_sluice_plan_worker_new (int number)
{
  SluicePlanWorker *worker = g_new0 (SluicePlanWorker, 1);

  worker->number = number;
  worker->actual_startup_ms = -1;
  worker->actual_total_ms = -1;
  worker->actual_rows = -1;
  worker->actual_loops = -1;
  worker->properties = g_ptr_array_new_with_free_func ((GDestroyNotify) _sluice_plan_property_free);

  return worker;
}

void
_sluice_plan_worker_free (SluicePlanWorker *worker)
{
  if (worker == NULL)
    return;

  g_clear_pointer (&worker->properties, g_ptr_array_unref);
  g_free (worker);
}

gboolean
_sluice_plan_worker_apply_member (SluicePlanWorker  *worker,
                                  const char        *key,
                                  JsonNode          *value,
                                  const char       **problem)
{
  static const struct { const char *key; gsize offset; } times[] = {
    { "Actual Startup Time", G_STRUCT_OFFSET (SluicePlanWorker, actual_startup_ms) },
    { "Actual Total Time",   G_STRUCT_OFFSET (SluicePlanWorker, actual_total_ms) },
    { "Actual Rows",         G_STRUCT_OFFSET (SluicePlanWorker, actual_rows) },
    { "Actual Loops",        G_STRUCT_OFFSET (SluicePlanWorker, actual_loops) },
  };
  gboolean is_number;

  if (g_str_equal (key, "Worker Number"))
    {
      if (!_sluice_plan_json_is_number (value))
        {
          *problem = N_("should be a number");
          return FALSE;
        }
      worker->number = (int) CLAMP (json_node_get_double (value), G_MININT, G_MAXINT);
      return TRUE;
    }

  for (guint i = 0; i < G_N_ELEMENTS (times); i++)
    {
      if (!g_str_equal (key, times[i].key))
        continue;
      if (!_sluice_plan_json_is_number (value))
        {
          *problem = N_("should be a number");
          return FALSE;
        }
      G_STRUCT_MEMBER (double, worker, times[i].offset) = json_node_get_double (value);
      return TRUE;
    }

  if (_sluice_plan_buffers_apply_member (&worker->buffers, key, value, &is_number))
    {
      if (!is_number)
        *problem = N_("should be a number");
      return is_number;
    }

  {
    g_autofree char *text = _sluice_plan_json_to_text (value);

    _sluice_plan_properties_add (worker->properties, key, text);
  }

  return TRUE;
}

/* Most nodes have no workers: the array comes when the first one does
 * (a 10,000-node plan is 10,000 allocations fewer). */
GPtrArray *
_sluice_plan_node_ensure_workers (SluicePlanNode *node)
{
  if (node->workers == NULL)
    node->workers = g_ptr_array_new_with_free_func ((GDestroyNotify) _sluice_plan_worker_free);
  return node->workers;
}

gboolean
_sluice_plan_node_apply_workers (SluicePlanNode  *node,
                                 JsonNode        *value,
                                 const char     **problem)
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
      SluicePlanWorker *worker;
      JsonObjectIter iter;
      const char *member;
      JsonNode *member_value;

      if (!JSON_NODE_HOLDS_OBJECT (element))
        {
          *problem = N_("should be a list of objects");
          return FALSE;
        }

      worker = _sluice_plan_worker_new ((int) i);
      g_ptr_array_add (_sluice_plan_node_ensure_workers (node), worker);

      json_object_iter_init (&iter, json_node_get_object (element));
      while (json_object_iter_next (&iter, &member, &member_value))
        {
          if (!_sluice_plan_worker_apply_member (worker, member, member_value, problem))
            return FALSE;
        }
    }

  return TRUE;
}
