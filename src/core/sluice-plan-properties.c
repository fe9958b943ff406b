/* sluice-plan-properties.c: the members Sluice has no field for, kept
 * as text ("Inner Unique", "Presorted Key", a setting, a summary line)
 *
 * Nodes, workers and the plan's summary keep such members as key and
 * text, the text as EXPLAIN's text format would print the JSON value.
 * Shared by all of them, so apart from any one.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sluice-plan-private.h"

/* Properties (SluicePlanProperty) */

void
_sluice_plan_property_free (SluicePlanProperty *property)
{
  if (property == NULL)
    return;

  g_free (property->key);
  g_free (property->value);
  g_free (property);
}

void
_sluice_plan_properties_add (GPtrArray  *list,
                             const char *key,
                             const char *value)
{
  SluicePlanProperty *property = g_new0 (SluicePlanProperty, 1);

  property->key = g_strdup (key);
  property->value = g_strdup (value);
  g_ptr_array_add (list, property);
}

const char *
_sluice_plan_properties_lookup (GPtrArray  *list,
                                const char *key)
{
  for (guint i = 0; list != NULL && i < list->len; i++)
    {
      const SluicePlanProperty *property = g_ptr_array_index (list, i);

      if (g_str_equal (property->key, key))
        return property->value;
    }

  return NULL;
}

/* JSON values as text */

char *
_sluice_plan_format_number (double number)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  if (number > -1e15 && number < 1e15 && number == (double) (gint64) number)
    return g_strdup_printf ("%.0f", number);

  /* 15 significant digits: what EXPLAIN printed, without binary noise. */
  return g_strdup (g_ascii_formatd (buffer, sizeof buffer, "%.15g", number));
}

char *
_sluice_plan_json_to_text (JsonNode *value)
{
  if (value == NULL || JSON_NODE_HOLDS_NULL (value))
    return g_strdup ("");

  if (JSON_NODE_HOLDS_VALUE (value))
    {
      GType type = json_node_get_value_type (value);

      if (type == G_TYPE_STRING)
        return g_strdup (json_node_get_string (value));
      if (type == G_TYPE_BOOLEAN)
        return g_strdup (json_node_get_boolean (value) ? "true" : "false");
      if (type == G_TYPE_INT64)
        return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (value));
      return _sluice_plan_format_number (json_node_get_double (value));
    }

  if (JSON_NODE_HOLDS_ARRAY (value))
    {
      JsonArray *array = json_node_get_array (value);
      GString *text = g_string_new (NULL);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          g_autofree char *element = _sluice_plan_json_to_text (json_array_get_element (array, i));

          if (i > 0)
            g_string_append (text, ", ");
          g_string_append (text, element);
        }

      return g_string_free (text, FALSE);
    }

  return json_to_string (value, FALSE);
}
